"""``calctutor validate [PACK...]``: prove packs correct before students see them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from tutor.cli.app import Panel, app

__all__ = ["validate"]


@app.command(rich_help_panel=Panel.AUTHOR)
def validate(
    packs: Annotated[
        Optional[list[Path]],
        typer.Argument(help="Pack files or folders (default: the built-in packs).", show_default=False, metavar="[PACK]..."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document with every problem.")] = False,
    draws: Annotated[int, typer.Option("--draws", min=1, max=1000, help="Instances drawn per template.")] = 20,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain output (NO_COLOR is honoured too).")] = False,
) -> None:
    """Check packs: schema, math fields, answer keys, templates and anticipated answers.

    Every math field must parse; every answer key is verified by SymPy and the
    AD engine; every template is drawn --draws times; anticipated wrong answers
    must really be wrong and differ from each other.

    Problems are printed as file:line:col: field: message. Exit 0 when clean,
    1 when there are problems, 2 when a file cannot be read.

    Example: calctutor validate my-pack.yaml
    """
    from tutor.cli.common import print_json, stdout_console
    from tutor.cli.exit_codes import ExitCode
    from tutor.packs.batch import validate_paths

    report = validate_paths(packs or (), draws=draws)
    if as_json:
        print_json(report.to_json())
    else:
        from tutor.render.packs import render_problems

        rows = [(r.name, r.exercises, r.problems) for r in report.results]
        stdout_console(no_color).print(render_problems(rows), soft_wrap=True)  # one greppable line each
    if report.unreadable:
        raise typer.Exit(int(ExitCode.INVALID_INPUT))
    raise typer.Exit(int(ExitCode.INCORRECT if report.problem_count else ExitCode.OK))
