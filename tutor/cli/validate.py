"""``calctutor validate [PACK...]``: prove packs correct before students see them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from tutor.cli.app import Panel, app
from tutor.cli.options import NoColorOption, json_option

if TYPE_CHECKING:  # the pack layer is imported when the command runs
    from tutor.packs.batch import PackResult

__all__ = ["validate"]


@app.command(rich_help_panel=Panel.AUTHOR)
def validate(
    packs: Annotated[
        Optional[list[Path]],
        typer.Argument(help="Pack files or folders (default: the built-in packs).", show_default=False, metavar="[PACK]..."),
    ] = None,
    as_json: Annotated[bool, json_option("every problem")] = False,
    draws: Annotated[int, typer.Option("--draws", min=1, max=1000, help="Instances drawn per template.")] = 20,
    no_color: NoColorOption = False,
) -> None:
    """Check packs: schema, math fields, answer keys, templates and anticipated answers.

    Every math field must parse; every answer key is verified by SymPy and the
    AD engine; every template is drawn --draws times; anticipated wrong answers
    must really be wrong and differ from each other.

    Problems are printed as file:line:col: field: message. Exit 0 when clean,
    1 when there are problems, 2 when a file cannot be read.

    An assignment file (one with `packs:`) is checked as an assignment: its
    packs and exercises exist, credit names real mistakes, and every exercise
    can be made for every student.

    Example: calctutor validate my-pack.yaml
    """
    from tutor.cli.common import print_json, stdout_console
    from tutor.cli.exit_codes import ExitCode
    from tutor.packs.batch import validate_paths

    from tutor.grading.assignment import looks_like_assignment

    # Assignment files (a top-level `packs:` key) are checked as assignments, the rest as packs.
    assignments = [p for p in packs or () if p.is_file() and looks_like_assignment(p)]
    report = validate_paths([p for p in packs or () if p not in assignments] if packs else (), draws=draws) \
        if not packs or len(assignments) < len(packs) else None
    results = list(report.results) if report else []
    assignment_results = [_assignment_result(p) for p in assignments]
    results += assignment_results
    problem_count = sum(len(r.problems) for r in results)
    unreadable = any(r.unreadable for r in results)
    if as_json:
        print_json({"ok": problem_count == 0 and not unreadable, "problems": problem_count,
                    "packs": [r.to_json() for r in results if r not in assignment_results],
                    "assignments": [r.to_json() for r in assignment_results]})
    else:
        from tutor.render.packs import render_problems

        rows = [(r.name, r.exercises, r.problems) for r in results]
        stdout_console(no_color).print(render_problems(rows), soft_wrap=True)  # one greppable line each
    if unreadable:
        raise typer.Exit(int(ExitCode.INVALID_INPUT))
    raise typer.Exit(int(ExitCode.INCORRECT if problem_count else ExitCode.OK))


def _assignment_result(path: Path) -> PackResult:
    from tutor.grading.checks import validate_assignment
    from tutor.packs.batch import PackResult

    assignment, problems = validate_assignment(path)
    unreadable = assignment is None and any("cannot read" in p.message for p in problems)
    return PackResult(str(path), assignment.id if assignment else "", len(assignment.exercises) if assignment else 0,
                      tuple(problems), unreadable)
