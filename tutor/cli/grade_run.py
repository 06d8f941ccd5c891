"""Running ``calctutor grade``: read, grade, score, write; a summary on standard error."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence

from tutor.errors import UserError

FORMATS = ("csv", "jsonl", "canvas", "moodle", "gradescope", "totals")  # what --format accepts

__all__ = ["run_grade", "parse_columns"]


def parse_columns(items: Sequence[str]) -> dict[str, str]:
    """``["answer=Response"]`` → ``{"answer": "Response"}``; an unknown name or a missing ``=`` is refused."""
    from tutor.grading.grader import COLUMNS

    out: dict[str, str] = {}
    for item in items:
        ours, sep, theirs = item.partition("=")
        ours = ours.strip()
        if not sep or not theirs.strip():
            raise UserError(f"--column {item!r}: expected OURS=THEIRS", hint="e.g. --column answer=Response")
        if ours not in COLUMNS:
            raise UserError(f"--column {item!r}: calctutor reads no column named {ours!r}",
                            hint=f"the names are: {', '.join(COLUMNS)}")
        out[ours] = theirs.strip()
    return out


def run_grade(assignment_path: Path, submissions: list[Path], *, responses: Optional[Path], out: Optional[Path],
              fmt: str, columns: list[str], roster: Optional[Path], graded: Optional[Path]) -> None:
    from tutor.cli.common import fail, stderr_console
    from tutor.grading.assignment import load_assignment
    from tutor.grading.gradebook import Gradebook, read_roster, score_records
    from tutor.grading.graded import graded_fields
    from tutor.grading.grader import grade_records
    from tutor.packs import PackError

    err = stderr_console()
    try:
        _refuse_options_that_do_not_go_together(fmt, submissions, responses, graded)
        names = parse_columns(columns)
        loaded = load_assignment(assignment_path)
        roster_data = read_roster(roster) if roster else None
        records, cols = _records(submissions, responses, names, err)
        started = time.perf_counter()
        book, tally = Gradebook(loaded), _Tally()

        def rows() -> Iterator[dict[str, Any]]:
            pairs = grade_records(str(Path(assignment_path).resolve()), records, cols)
            for scored in score_records(pairs, loaded, lambda r: cols.get(r, "student")):
                book.add(scored)
                tally.add(scored.result)
                yield graded_fields(scored)

        _write(rows(), book, fmt=fmt, out=out, graded=graded, roster=roster_data)
    except PackError as error:
        from tutor.cli.exit_codes import ExitCode
        from tutor.render.packs import render_problems

        err.print(render_problems([(str(assignment_path), 0, error.problems)]), soft_wrap=True)
        import typer

        raise typer.Exit(int(ExitCode.INVALID_INPUT))
    except UserError as error:
        fail(error)
    err.print(tally.summary(len(book.best), time.perf_counter() - started) + (f"; wrote {out}" if out else ""),
              soft_wrap=True)


def _refuse_options_that_do_not_go_together(fmt: str, submissions: list[Path], responses: Optional[Path],
                                            graded: Optional[Path]) -> None:
    from tutor.grading.gradebook import GRADEBOOK_FORMATS

    if fmt not in FORMATS:
        raise UserError(f"--format {fmt!r} is not one of: {', '.join(FORMATS)}", hint="e.g. --format canvas")
    if bool(submissions) == bool(responses):
        raise UserError("give either submission files or --responses FILE (not both, not neither)",
                        hint="calctutor grade week-5.yaml *.calctutor.json, or --responses answers.csv")
    if graded is not None and fmt not in GRADEBOOK_FORMATS:
        raise UserError("--graded goes with a gradebook --format (canvas, moodle, gradescope, totals)",
                        hint="with --format csv or jsonl the graded records are the output itself")


def _records(submissions: list[Path], responses: Optional[Path], names: dict[str, str],
             err: Any) -> tuple[Iterable[Any], Any]:
    """The records to grade (read lazily) and how their columns are named: the --responses file (checked
    whole first) or the submission files."""
    from tutor.grading.grader import Columns
    from tutor.grading.records import read_records
    from tutor.grading.submission import submission_records

    if responses is None:
        return submission_records(submissions), Columns()
    _every_record_readable(responses, names, err)
    return read_records(responses, columns=[names.get(c, c) for c in ("exercise", "answer")]), Columns(names)


def _write(rows: Iterator[dict[str, Any]], book: Any, *, fmt: str, out: Optional[Path], graded: Optional[Path],
           roster: Any) -> None:
    """The graded records (--format csv/jsonl), or the gradebook (and the graded records to --graded)."""
    from tutor.grading.gradebook import GRADEBOOK_FORMATS, write_gradebook
    from tutor.grading.graded import write_graded

    if fmt not in GRADEBOOK_FORMATS:
        with _opened(out) as handle:
            write_graded(rows, fmt, handle)
        return
    if graded is not None:
        with _opened(graded) as handle:
            write_graded(rows, "jsonl" if graded.suffix.lower() in (".jsonl", ".ndjson") else "csv", handle)
    else:
        for _ in rows:  # the book fills as the rows are graded
            pass
    with _opened(out) as handle:
        write_gradebook(book, fmt, handle, roster)


@dataclass
class _Tally:
    """Answers graded per verdict, and how many had their mistake named: the summary line."""

    counts: dict[str, int] = field(default_factory=dict)
    named: int = 0

    def add(self, result: Mapping[str, Any]) -> None:
        verdict = str(result.get("verdict", ""))
        self.counts[verdict] = self.counts.get(verdict, 0) + 1
        self.named += bool(result.get("mistake"))

    def summary(self, students: int, elapsed: float) -> str:
        parts = ", ".join(f"{n} {v}" for v, n in sorted(self.counts.items(), key=lambda kv: -kv[1]))
        return (f"Graded {sum(self.counts.values())} answers of {students} students in {elapsed:.1f} s: {parts}; "
                f"{self.named} mistakes named")


# Record problems listed before giving up: enough to see the pattern, not a screenful per bad line.
PROBLEMS_SHOWN = 20


def _every_record_readable(path: Path, names: dict[str, str], err: Any) -> None:
    """The columns grade reads are there, and every record of the file can be read; or every record
    that cannot is listed (file:line:col, record) and nothing is graded: fixing a file one error per
    run is slow, grading half a file is worse."""
    from tutor.grading.records import read_records

    reader = read_records(path, problems="record")
    try:
        if reader.columns is not None:  # CSV: the header says it all (JSON Lines: each record)
            _columns_present(path, reader.columns, names)
        bad = [r.problem for r in reader if r.problem]
    finally:
        reader.close()
    if not bad:
        return
    for problem in bad[:PROBLEMS_SHOWN]:
        err.print(f"[bold red]error:[/] {problem}", soft_wrap=True, markup=True, highlight=False)
    more = f" ({len(bad) - PROBLEMS_SHOWN} more not shown)" if len(bad) > PROBLEMS_SHOWN else ""
    raise UserError(f"{len(bad)} record{'s' if len(bad) > 1 else ''} of {path} cannot be read{more}; nothing was graded",
                    hint="fix them and run again (each line above says where)")


def _columns_present(path: Path, header: list[str], names: dict[str, str]) -> None:
    import difflib

    folded = {c.casefold(): c for c in header}
    shown = ", ".join(header)

    def missing(ours: str) -> UserError:
        theirs = names.get(ours, ours)
        close = difflib.get_close_matches(theirs.casefold(), list(folded), n=1, cutoff=0.6)
        hint = (f"did you mean --column {ours}={folded[close[0]]}?" if close
                else f"say which column holds the {ours}s: --column {ours}=COLUMN")
        return UserError(f"no column {theirs!r} for the {ours}s (the columns are: {shown})",
                         location=f"{path}:1:1", hint=hint)

    for ours in ("exercise", "answer"):
        if names.get(ours, ours).casefold() not in folded:
            raise missing(ours)
    if not any(names.get(c, c).casefold() in folded for c in ("student", "seed")):
        raise missing("student")


class _opened:
    """A file to write (atomically replaced at the end) or standard output."""

    def __init__(self, path: Optional[Path]) -> None:
        self.path = path
        self.handle: Any = None
        self.temporary: Optional[Path] = None

    def __enter__(self) -> Any:
        if self.path is None:
            return sys.stdout
        self.temporary = self.path.with_name(self.path.name + ".part")
        try:
            self.handle = open(self.temporary, "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise UserError(f"cannot write {self.path}: {exc.strerror or exc}", hint="check the folder") from None
        return self.handle

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if self.handle is None:
            sys.stdout.flush()
            return
        self.handle.close()
        assert self.path is not None and self.temporary is not None  # a file was opened: both were set
        if kind is None:
            self.temporary.replace(self.path)
        else:
            self.temporary.unlink(missing_ok=True)
