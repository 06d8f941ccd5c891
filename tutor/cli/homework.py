"""``calctutor homework ASSIGNMENT --student ID``: do an assignment, one exercise after another.

Also ``preview_assignment`` (``calctutor preview ASSIGNMENT --student ID``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional, TextIO

import typer

from tutor.cli.app import Panel, app
from tutor.cli.options import NoColorOption, PlainOption
from tutor.cli.exit_codes import ExitCode

__all__ = ["homework", "preview_assignment", "run_homework"]


@app.command(rich_help_panel=Panel.PRACTICE)
def homework(
    assignment: Annotated[Path, typer.Argument(metavar="ASSIGNMENT", help="The assignment file your instructor gave you.")],
    student: Annotated[str, typer.Option("--student", help="Your student id, exactly as your instructor knows it.")],
    folder: Annotated[
        Path, typer.Option("--dir", help="Where your submission file is kept (default: the current folder).")
    ] = Path("."),
    no_color: NoColorOption = False,
    plain: PlainOption = False,
) -> None:
    """Do an assignment: every exercise once, in order, with your own numbers.

    Your work is saved after every answer in ID.ASSIGNMENT.calctutor.json
    (hand that file in); run the same command again to continue where you
    left off. Commands: :hint, :steps, :skip (when the assignment allows them),
    :help, :quit. When standard input is not a terminal, answers are read line
    by line. --plain: ASCII, no box drawing, every formula as you would type it.

    Example: calctutor homework week-5.yaml --student s1234567
    """
    raise typer.Exit(int(run_homework(assignment, student, folder=folder, no_color=no_color, plain=plain)))


def run_homework(assignment_path: Path, student: str, *, folder: Path = Path("."), no_color: bool = False,
                 stdin: Optional[TextIO] = None, interactive: Optional[bool] = None, plain: bool = False) -> ExitCode:
    """Everything ``calctutor homework`` does; returns the exit code. ``plain`` (``--plain``): ASCII, no box
    drawing, every formula in the printer's plain target."""
    from tutor.cli.common import open_terminal
    from tutor.parsing.printer import printing

    term = open_terminal(stdin, interactive, no_color, plain)
    with printing("plain" if plain else "unicode"):
        return _sitting(assignment_path, student, folder, term, no_color or plain)


def _sitting(assignment_path: Path, student: str, folder: Path, term: Any, no_color: bool) -> ExitCode:
    """The sitting on ``term``: the assignment's exercises, one after another, saved after every answer."""
    from rich.text import Text

    from tutor.cli.common import fail
    from tutor.cli.practice_run import drive
    from tutor.errors import UserError
    from tutor.grading.submission import write_submission
    from tutor.render.homework import render_homework_event
    from tutor.session.homework import HomeworkSession

    try:
        loaded, submission, path, notes = open_homework(assignment_path, student, folder)
    except UserError as error:
        fail(error)
    for note in notes:
        term.note(note)

    def save(sub: Any) -> None:
        write_submission(path, sub)

    session = HomeworkSession(loaded, submission, save=save)
    from tutor.render.assignments import rules_text

    rules = rules_text(loaded, ", " if term.plain else " · ")
    term.show(Text.assemble((loaded.title, "bold"), " ", (f"({loaded.id}; {rules})", "dim")))
    term.show(Text(f"Your work is saved in {path}", style="dim"))

    def show(event: Any) -> None:
        term.show(render_homework_event(event, term.plain))

    if term.interactive:
        from tutor.cli.practice_prompt import PromptFrontEnd

        # Tab offers the sitting's own commands (no :plot, no :again; no :steps when never allowed)
        read_line = PromptFrontEnd(session, no_color=no_color,  # type: ignore[arg-type]
                                   commands=session.commands(), plain=term.plain).read
    else:
        read_line = term.line_reader()
    code = drive(session, read_line, show)
    if not session.submission.exercises:
        save(session.submission)  # an empty sitting still leaves the file to hand in
    for ref, reason in session.broken.items():
        term.note(f"{ref} could not be made ({reason}); tell your instructor")
    done = len(loaded.exercises) - sum(1 for item in loaded.exercises if not _done(submission, item))
    term.show(Text(f"{done} of {len(loaded.exercises)} exercises finished. Hand in {path}"
                   + ("" if done == len(loaded.exercises) else " (or run the command again to continue)."),
                   style="bold"))
    return code


def _done(submission: Any, item: Any) -> bool:
    from tutor.session.homework import is_done

    return is_done(submission.find(item.ref), item)


def open_homework(assignment_path: Path, student: str, folder: Path) -> tuple[Any, Any, Path, list[str]]:
    """The assignment, the student's submission (resumed or new), its path, and notes to show."""
    from datetime import datetime, timezone

    from tutor import __version__
    from tutor.errors import UserError
    from tutor.grading.assignment import load_assignment, normalise_student
    from tutor.grading.submission import Submission, read_submission, submission_path

    if not student.strip():
        raise UserError("--student is empty", hint="give your student id, e.g. --student s1234567")
    loaded = load_assignment(assignment_path)
    path = submission_path(folder, student, loaded.id)
    notes: list[str] = []
    if path.exists():
        submission = read_submission(path)
        if normalise_student(submission.student) != normalise_student(student):
            raise UserError(f"{path} belongs to {submission.student!r}, not {student!r}",
                            hint="use --dir to keep each student's file in its own folder")
        if submission.assignment != loaded.id:
            raise UserError(f"{path} is for the assignment {submission.assignment!r}, not {loaded.id!r}")
        if submission.assignment_hash != loaded.content_hash:
            notes.append("the assignment file changed since you started; your earlier answers are kept")
            submission.assignment_hash = loaded.content_hash
        notes.append(f"continuing from {path}")
    else:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        submission = Submission(student.strip(), loaded.id, loaded.content_hash, __version__, now, now)
    return loaded, submission, path, notes


def preview_assignment(assignment: str, student: str, *, as_json: bool = False, no_color: bool = False,
                       plain: bool = False) -> None:
    """``calctutor preview ASSIGNMENT --student ID``: the student's variant of every exercise."""
    from tutor.cli.common import fail, print_json, stdout_console
    from tutor.errors import UserError
    from tutor.grading.assignment import load_assignment
    from tutor.grading.variants import variant_json, variants
    from tutor.packs import PackError

    try:
        loaded = load_assignment(Path(assignment))
    except PackError as error:
        if as_json:
            fail(error, as_json=True)
        from tutor.render.packs import render_problems

        stdout_console(no_color).print(render_problems([(assignment, 0, error.problems)]), soft_wrap=True)
        raise typer.Exit(int(ExitCode.INVALID_INPUT))
    except UserError as error:
        fail(error, as_json=as_json)
    if not student.strip():
        fail(UserError("--student is empty", hint="give a student id, e.g. --student s001"), as_json=as_json)
    found = variants(loaded, student)
    if as_json:
        print_json({"assignment": loaded.id, "title": loaded.title, "hash": loaded.content_hash,
                    "student": student, "exercises": [variant_json(v) for v in found]})
        return
    if plain:  # one block of lines per exercise, no box drawing, ASCII math
        from tutor.render.assignments import assignment_preview_lines

        typer.echo("\n".join(assignment_preview_lines(loaded, student, found)))
        return
    from tutor.render.assignments import render_assignment_preview

    stdout_console(no_color).print(render_assignment_preview(loaded, student, found))
