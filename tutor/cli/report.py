"""``calctutor report GRADED``: per exercise and per student, from a file ``calctutor grade`` wrote."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from tutor.cli.app import Panel, app
from tutor.cli.options import PlainOption, NoColorOption, json_option

__all__ = ["report"]


@app.command(rich_help_panel=Panel.TEACH_CLASS)
def report(
    graded: Annotated[Path, typer.Argument(metavar="GRADED", help="A file written by calctutor grade (CSV or JSON Lines).")],
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write the report as one self-contained "
                                                 "HTML file with charts (opens offline).", show_default=False)] = None,
    as_json: Annotated[bool, json_option()] = False,
    title: Annotated[str, typer.Option("--title", help="The report's title.")] = "Class report",
    no_students: Annotated[bool, typer.Option("--no-students", help="Leave the per-student table out of the terminal output.")] = False,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
) -> None:
    """What a graded class says: per exercise, answers, first-try and final correct rate,
    discrimination, the most common mistakes (with examples), wrong answers no mistake
    explains (grouped by value) and the correct rate per template parameter value; per
    student, the total.

    Example: calctutor report graded.csv --html week-5.html
    """
    from tutor.cli.common import fail, print_json, print_rendered
    from tutor.errors import UserError
    from tutor.grading.graded import read_graded
    from tutor.grading.report import build_report

    try:
        built = build_report(r.fields for r in read_graded(graded))
    except UserError as error:
        fail(error, as_json=as_json)
    if html is not None:
        from tutor.render.report_html import report_html

        try:
            html.write_text(report_html(built, title), encoding="utf-8")
        except OSError as exc:
            fail(UserError(f"cannot write {html}: {exc.strerror or exc}", hint="check the folder"), as_json=as_json)
    if as_json:
        print_json(built.to_json())
        return
    from rich.text import Text

    from tutor.render.class_report import render_class_report

    print_rendered(render_class_report(built, students=not no_students), plain=plain, no_color=no_color)
    if html is not None:
        print_rendered(Text(f"wrote {html}"), plain=plain, no_color=no_color, soft_wrap=True)
