"""Grading many answers: read a CSV or JSON Lines file, grade each row on every core, in input order.

A row has ``answer``, ``of``, and optionally ``wrt`` (one name, or several
separated by spaces/commas, or a JSON list) and ``where`` (``"x = cos(t),
y = sin(t)"`` or a JSON object). Each row becomes one JSON-ready dict of the
``verdict_to_json`` shape plus ``row`` (its line number); a row that cannot be
read becomes verdict "invalid" with the reason, and grading goes on.

Workers are a ``multiprocessing`` pool in the *fork* context: SymPy is
already imported in the parent, so a worker starts in milliseconds instead of
re-importing it, and the row function is inherited, not pickled by value.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from tutor.errors import UserError

__all__ = ["Row", "read_rows", "grade_row", "grade_rows", "invalid_result", "COLUMNS"]

COLUMNS = ("answer", "of", "wrt", "where")

Row = dict[str, Any]  # the fields of COLUMNS plus "row" (1-based line number)

# Rows handed to a worker at a time: big enough that inter-process traffic is
# negligible next to a ~5 ms check, small enough that the progress bar moves
# and the order-preserving iterator does not hold back many finished results.
CHUNK_ROWS = 8

# Below this many rows a pool costs more than it saves (fork + IPC ≈ 20 ms).
POOL_MIN_ROWS = 16

# File extensions read as JSON Lines; anything else is read as CSV unless its
# first non-blank character is "{".
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")

# 100,000 rows of generous 200-byte answers; a bigger file is a mistake (or an attack) and would
# take hours to grade anyway.
MAX_BATCH_BYTES = 20_000_000


def _jsonl(text: str, name: str) -> list[Row]:
    rows: list[Row] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append({"row": number, "error": f"{name}:{number}:{exc.colno}: not JSON: {exc.msg}"})
            continue
        except RecursionError:  # [[[[… nested deeper than the JSON decoder's stack
            rows.append({"row": number, "error": f"{name}:{number}:1: not JSON: nested too deeply"})
            continue
        if not isinstance(data, dict):
            rows.append({"row": number, "error": f"{name}:{number}:1: each line must be a JSON object"})
            continue
        rows.append({"row": number, **{k: data.get(k) for k in COLUMNS}})
    return rows


def _csv(text: str, name: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        reader.fieldnames
    except csv.Error as exc:
        raise UserError(f"not CSV: {exc}", location=f"{name}:1",
                        hint="the first line names the columns: answer,of,wrt,where") from None
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("answer", "of") if c not in header]
    if missing:
        raise UserError(
            f"{name} has no column {' or '.join(missing)}",
            location=f"{name}:1:1",
            hint="the first line names the columns: answer,of,wrt,where",
        )
    reader.fieldnames = header
    rows: list[Row] = []
    try:
        for record in reader:
            values = {k: (record.get(k) or "").strip() or None for k in COLUMNS}
            rows.append({"row": reader.line_num, **values})
    except csv.Error as exc:  # a field over csv's size limit, a broken quote
        line = reader.line_num + 1  # line_num counts the lines read before the broken record
        raise UserError(f"not CSV: {exc}", location=f"{name}:{line}",
                        hint="an answer is a short formula; quote fields that contain commas") from None
    return rows


def read_rows(path: Path | str) -> list[Row]:
    """The rows of a CSV (header line) or JSON Lines file; a ``UserError`` if the file is unusable."""
    path = Path(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a folder, FIFO or device (/dev/zero) would fail or never end
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise UserError(f"cannot read {path}: it is {what}",
                            hint="give the path of a CSV or JSON Lines file")
        if info.st_size > MAX_BATCH_BYTES:
            raise UserError(f"{path} is {info.st_size} bytes; a batch file is at most {MAX_BATCH_BYTES}",
                            hint="split it into several files")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"no such file: {path}", hint="give the path of a CSV or JSON Lines file") from None
    except UnicodeDecodeError as exc:
        raise UserError(f"cannot read {path}: it is not UTF-8 text (byte {exc.start + 1})",
                        hint="batch files are UTF-8 text") from None
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}", hint="check the path and its permissions") from None
    if "\0" in text:  # binary data, or a file saved as UTF-16
        line = text.count("\n", 0, text.index("\0")) + 1
        raise UserError("the file contains NUL bytes, so it is not a text file",
                        location=f"{path.name}:{line}", hint="save it as UTF-8 CSV or JSON Lines")
    if path.suffix.lower() in JSONL_SUFFIXES or text.lstrip().startswith("{"):
        return _jsonl(text, path.name)
    return _csv(text, path.name)


def invalid_result(row: Mapping[str, Any], message: str, hint: str | None = None) -> dict[str, Any]:
    """The result of a row that could not be graded (same keys as a verdict)."""
    return {
        "row": row.get("row"),
        "verdict": "invalid",
        "answer": row.get("answer"),
        "expected": None,
        "symbolic": "unknown",
        "numeric": {"points": 0, "agree": False, "counterexample": None},
        "mistake": None,
        "steps": None,
        "message": message if hint is None else f"{message} (hint: {hint})",
    }


def grade_row(row: Mapping[str, Any], *, seed: int = 0, budget_s: float = 2.5, extra: Callable[..., dict] | None = None) -> dict[str, Any]:
    """Read and check one row; ``extra(request, verdict)`` may add fields (the CLI adds explanations)."""
    from tutor.checking.equivalence import check_derivative
    from tutor.checking.request import read_request
    from tutor.checking.verdict import verdict_to_json

    if row.get("error"):
        return invalid_result(row, str(row["error"]))
    if not row.get("answer") or not row.get("of"):
        return invalid_result(row, "the row needs an answer and an of", "fill both columns")
    try:
        request = read_request(str(row["answer"]), str(row["of"]), row.get("wrt"), row.get("where"))
    except UserError as error:
        return invalid_result(row, error.message, error.hint)
    verdict = check_derivative(request.answer.expr, request.of.expr, request.wrt, request.where, seed=seed, budget_s=budget_s)
    result = {"row": row.get("row"), **verdict_to_json(verdict)}
    if extra is not None:
        result.update(extra(request, verdict))
    return result


def _grade(job: tuple[Callable[[Mapping[str, Any]], dict], Mapping[str, Any]]) -> dict[str, Any]:
    grade, row = job
    try:
        return grade(row)
    except Exception as exc:  # noqa: BLE001 — one bad row must not lose the others' results
        return invalid_result(row, f"internal error while grading this row: {type(exc).__name__}: {exc}")


def grade_rows(
    rows: Iterable[Mapping[str, Any]],
    grade: Callable[[Mapping[str, Any]], dict] = grade_row,
    *,
    processes: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Results in input order, computed by ``processes`` workers (default: every core)."""
    rows = list(rows)
    processes = processes or os.cpu_count() or 1
    jobs = [(grade, row) for row in rows]
    if processes <= 1 or len(rows) < POOL_MIN_ROWS:
        yield from map(_grade, jobs)
        return
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(processes) as pool:
        yield from pool.imap(_grade, jobs, chunksize=CHUNK_ROWS)
