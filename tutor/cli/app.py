"""The Typer application every command module registers itself on."""

from __future__ import annotations

from typing import Any

import typer

__all__ = ["app", "MATH_ARGUMENTS", "Panel"]

app = typer.Typer(
    name="calctutor",
    no_args_is_help=True,
    add_completion=False,
    # No Rich traceback for a bug: tutor.cli.main.run reports it in one paragraph.
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Commands whose positional arguments are math: text such as "-sin(x)" or "-2x"
# must reach them as typed instead of being taken for unknown options. With
# ignore_unknown_options Click hands an unknown "-..." word to the arguments.
MATH_ARGUMENTS: dict[str, Any] = {"ignore_unknown_options": True, "help_option_names": ["-h", "--help"]}


class Panel:
    """Headings that group the commands in ``calctutor --help``."""

    PRACTICE = "Practice"
    CHECK = "Check and explain"
    TEACH = "Automatic differentiation, step by step"
    AUTHOR = "Write exercise packs"
    TEACH_CLASS = "Run a class"
