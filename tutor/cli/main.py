"""Entry point of the ``calctutor`` console script."""

from __future__ import annotations

import importlib
import typer

from tutor import __version__
from tutor.cli.app import app

__all__ = ["app", "run"]

# One module per command; each registers itself on `app` when imported.
# Importing them must stay cheap: no SymPy, Rich consoles or YAML at import time.
COMMAND_MODULES = (
    "practice",
    "progress",
    "topics",
    "check",
    "explain",
    "mistakes",
    "parse",
    "dual",
    "trace",
    "numdiff",
    "validate",
    "preview",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"calctutor {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """A calculus tutor and derivative checker for the terminal.

    Exit codes: 0 success or correct, 1 incorrect answer or pack problems,
    2 unusable input, 3 undecided.
    """


def _register_commands() -> None:
    for name in COMMAND_MODULES:
        try:
            importlib.import_module(f"tutor.cli.{name}")
        except ModuleNotFoundError as exc:  # a command still being built
            if exc.name != f"tutor.cli.{name}":
                raise


_register_commands()


def run() -> None:
    """Run the CLI (the console script's target)."""
    app(prog_name="calctutor")
