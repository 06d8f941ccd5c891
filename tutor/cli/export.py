"""``calctutor export ASSIGNMENT --format latex|moodle-xml --students ROSTER``: each student's variant."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from tutor.cli.app import Panel, app

__all__ = ["export"]


@app.command(rich_help_panel=Panel.TEACH_CLASS)
def export(
    assignment: Annotated[Path, typer.Argument(metavar="ASSIGNMENT", help="The assignment file.")],
    fmt: Annotated[str, typer.Option("--format", help="latex (worksheets and a key) or moodle-xml (questions).")],
    students: Annotated[Path, typer.Option("--students", help="A roster CSV with a student id column "
                                           "(student, SID, ID number…) and optionally name.")],
    out: Annotated[Optional[Path], typer.Option("--out", help="Folder to write into (default: the current one).",
                                                show_default=False)] = None,
) -> None:
    """Write each student's own variant of the assignment: LaTeX worksheets plus an answer key,
    or Moodle XML questions whose responses calctutor grade --responses regrades.

    Example: calctutor export week-5.yaml --format latex --students roster.csv --out handouts
    """
    from tutor.cli.common import fail
    from tutor.errors import UserError
    from tutor.grading.assignment import load_assignment
    from tutor.grading.export import Student, latex_files, moodle_xml
    from tutor.grading.gradebook import read_roster

    folder = out or Path(".")
    try:
        if fmt not in ("latex", "moodle-xml"):
            raise UserError(f"--format {fmt!r} is not one of: latex, moodle-xml", hint="e.g. --format latex")
        loaded = load_assignment(assignment)
        roster = read_roster(students)
        people = [Student(row.get("student", key), row.get("name", "")) for key, row in roster.rows.items()]
        if not people:
            raise UserError(f"{students} lists no students", hint="one row per student, with a student id column")
        folder.mkdir(parents=True, exist_ok=True)
        if fmt == "latex":
            sheets, key = latex_files(loaded, people)
            written = [folder / f"{loaded.id}-worksheets.tex", folder / f"{loaded.id}-key.tex"]
            written[0].write_text(sheets, encoding="utf-8")
            written[1].write_text(key, encoding="utf-8")
        else:
            written = [folder / f"{loaded.id}-moodle.xml"]
            written[0].write_text(moodle_xml(loaded, people), encoding="utf-8")
    except UserError as error:
        fail(error)
    except OSError as exc:
        fail(UserError(f"cannot write into {folder}: {exc.strerror or exc}", hint="check the folder"))
    for path in written:
        typer.echo(f"wrote {path} ({len(people)} students)")
