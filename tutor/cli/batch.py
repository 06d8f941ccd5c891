"""``calctutor check --batch FILE``: stream the records through the batch engine and write each result.

Output goes to stdout, or with ``--out FILE`` to a JSON Lines or CSV file
(by its suffix) that ``--resume`` continues after an interruption. Progress
goes to stderr: a Rich bar with the rate and ETA on a terminal, a plain line
every few seconds otherwise.
"""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

import typer

from tutor.cli.exit_codes import ExitCode

__all__ = ["run_batch", "parse_renames"]

# Seconds between plain progress lines when stderr is not a terminal (a log, CI).
PLAIN_EVERY_S = 10.0
# Seconds between flushes of the output: what is flushed survives a kill -9 and is kept by --resume.
FLUSH_EVERY_S = 0.5


def parse_renames(values: Optional[Sequence[str]]) -> dict[str, str]:
    """``["answer=Response"]`` → {"answer": "Response"}; a ``UserError`` for a malformed one."""
    from tutor.errors import UserError

    renames: dict[str, str] = {}
    for value in values or ():
        name, sep, column = value.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise UserError(f"--column {value!r} is not NAME=COLUMN",
                            hint="e.g. --column answer=Response reads the column Response as the answer")
        renames[name.strip()] = column.strip()
    return renames


class _PlainProgress:
    """One line on stderr every ``PLAIN_EVERY_S`` seconds and at the end (no terminal: no bar)."""

    def __init__(self) -> None:
        self.last = time.monotonic()

    def __call__(self, progress: Any) -> None:
        now = time.monotonic()
        if not progress.done and now - self.last < PLAIN_EVERY_S:
            return
        self.last = now
        sys.stderr.write(_progress_line(progress) + "\n")
        sys.stderr.flush()


def _progress_line(progress: Any) -> str:
    line = (f"{'graded' if progress.done else 'grading:'} {progress.records:,} records "
            f"({progress.graded:,} distinct answers graded, {progress.reused:,} reused) "
            f"in {progress.elapsed_s:.1f} s, {progress.rate:,.0f} records/s")
    if not progress.done and progress.fraction:
        left = progress.elapsed_s * (1 - progress.fraction) / progress.fraction
        line += f", {100 * progress.fraction:.0f}% read, about {left:.0f} s left"
    return line


def _rich_progress(console: Any) -> tuple[Any, Callable[[Any], None]]:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = (TextColumn("grading"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
               TextColumn("{task.fields[records]:,} records, {task.fields[rate]:,.0f}/s"),
               TextColumn("({task.fields[graded]:,} distinct)"), TimeElapsedColumn(), TimeRemainingColumn())
    # No refresh thread (auto_refresh=False): the worker pool forks this
    # process, and forking while another thread holds a lock is unsafe.
    bar = Progress(*columns, console=console, transient=True, auto_refresh=False)
    task = bar.add_task("grading", total=1.0, records=0, rate=0.0, graded=0)

    def update(progress: Any) -> None:
        bar.update(task, completed=progress.fraction or 0.0, records=progress.records, rate=progress.rate,
                   graded=progress.graded)
        bar.refresh()

    return bar, update


def _open_output(out: Optional[Path], resume: bool) -> tuple[Any, Any, int]:
    """(stream, writer, records already there); stdout when ``out`` is None."""
    from tutor.grading.records import RecordWriter, output_format, resume_point

    if out is None:
        return sys.stdout, RecordWriter(sys.stdout, "jsonl"), 0
    done, header = resume_point(out) if resume else (0, None)
    try:
        stream = open(out, "a" if resume else "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        from tutor.errors import UserError

        raise UserError(f"cannot write {out}: {exc.strerror or exc}", hint="check the folder and its permissions") from None
    writer = RecordWriter(stream, output_format(out), columns=header, header_written=header is not None)
    return stream, writer, done


def run_batch(
    path: Path, *, seed: int, budget_s: float, explain: bool, jobs: int, out: Optional[Path] = None,
    resume: bool = False, cluster: Optional[str] = None, columns: Optional[Sequence[str]] = None,
) -> None:
    """Grade every record of ``path`` (exit 2 if the file is unusable, 130 on Ctrl-C, 74 if the output fails)."""
    from tutor.cli.common import fail, stderr_console
    from tutor.errors import UserError
    from tutor.grading.derivatives import (derivative_key, failed_derivative, grade_derivative, prepare_derivatives,
                                           variant_of)
    from tutor.grading.engine import grade_records
    from tutor.grading.records import read_records

    if resume and out is None:
        fail(UserError("--resume continues an --out file", hint="give the same --out FILE as the interrupted run"))
    try:
        reader = read_records(path, parse_renames(columns), required=("answer", "of"), problems="record")
        stream, writer, done = _open_output(out, resume)
    except UserError as error:
        fail(error)
    records = (r for r in reader if r.number > done) if done else reader
    grade = functools.partial(grade_derivative, explain=explain, seed=seed, budget_s=budget_s)
    console = stderr_console()
    bar, on_progress = _rich_progress(console) if console.is_terminal else (None, _PlainProgress())
    written = done
    last_flush = time.monotonic()
    try:
        if bar is not None:
            bar.start()
        for record, result in grade_records(
            records, derivative_key, grade, jobs=jobs, cluster=cluster, prepare=prepare_derivatives,
            failed=failed_derivative, group_of=variant_of, on_progress=on_progress,
            fraction=lambda: reader.bytes_read / reader.size if reader.size else None,
        ):
            writer.write(record, result)
            written += 1
            if out is None or time.monotonic() - last_flush > FLUSH_EVERY_S:
                writer.flush()
                last_flush = time.monotonic()
        writer.flush()
    except UserError as error:
        _stop(bar)
        fail(error)
    except KeyboardInterrupt:
        _stop(bar)
        _flush_quietly(writer)
        again = " (--resume continues from there)" if out is not None else ""
        sys.stderr.write(f"interrupted after {written:,} records{again}\n")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except OSError as exc:  # a full disk, a closed pipe
        _stop(bar)
        again = "; free some space and run again with --resume" if out is not None else ""
        sys.stderr.write(f"cannot write the output after {written:,} records: {exc.strerror or exc}{again}\n")
        raise typer.Exit(int(ExitCode.OUTPUT_ERROR)) from None
    finally:
        _stop(bar)
        if out is not None:
            _close_quietly(stream)


def _stop(bar: Any) -> None:
    if bar is not None:
        bar.stop()


def _flush_quietly(writer: Any) -> None:
    try:
        writer.flush()
    except OSError:
        pass


def _close_quietly(stream: Any) -> None:
    try:
        stream.close()
    except OSError:
        pass
