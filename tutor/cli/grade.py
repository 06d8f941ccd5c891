"""``calctutor grade ASSIGNMENT (SUBMISSION... | --responses FILE)``: regrade a class's answers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from tutor.cli.app import Panel, app

__all__ = ["grade"]


@app.command(rich_help_panel=Panel.TEACH_CLASS)
def grade(
    assignment: Annotated[Path, typer.Argument(metavar="ASSIGNMENT", help="The assignment file.")],
    submissions: Annotated[
        Optional[list[Path]],
        typer.Argument(metavar="[SUBMISSION]...", help="Submission files written by calctutor homework.",
                       show_default=False),
    ] = None,
    responses: Annotated[
        Optional[Path], typer.Option("--responses", help="A CSV or JSON Lines file of answers (student, exercise, "
                                     "answer, optional seed), e.g. exported from an LMS.", show_default=False)
    ] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write here instead of standard output.",
                                                show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv or jsonl: every record graded; canvas, moodle, "
                                     "gradescope or totals: one row per student.")] = "csv",
    column: Annotated[
        Optional[list[str]], typer.Option("--column", metavar="OURS=THEIRS",
                                          help="Read a column under another name, e.g. answer=Response "
                                               "(student, exercise, answer, seed).", show_default=False)
    ] = None,
    roster: Annotated[Optional[Path], typer.Option("--roster", help="A CSV of students (student, name, email, "
                                                   "section, canvas_id, sis_login) for the gradebook columns.",
                                                   show_default=False)] = None,
    graded: Annotated[Optional[Path], typer.Option("--graded", help="With a gradebook --format: also write every "
                                                   "graded record here (CSV, or JSON Lines for *.jsonl).",
                                                   show_default=False)] = None,
) -> None:
    """Regrade every answer against each student's own variant, name the mistakes, and score.

    Every input record gives one output record with all its columns, then record
    (its number, header excluded), exercise, attempt, counted, seed, verdict,
    mistake, credit, points, score, expected, message, params and value. The
    assignment's attempt limit and partial credit apply; a student's score on an
    exercise is their best counted attempt.

    Example: calctutor grade week-5.yaml --responses responses.csv --out graded.csv
    """
    from tutor.cli.grade_run import run_grade

    run_grade(assignment, list(submissions or ()), responses=responses, out=out, fmt=fmt,
              columns=list(column or ()), roster=roster, graded=graded)
