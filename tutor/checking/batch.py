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
        if not isinstance(data, dict):
            rows.append({"row": number, "error": f"{name}:{number}:1: each line must be a JSON object"})
            continue
        rows.append({"row": number, **{k: data.get(k) for k in COLUMNS}})
    return rows


def _csv(text: str, name: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text))
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
    for record in reader:
        values = {k: (record.get(k) or "").strip() or None for k in COLUMNS}
        rows.append({"row": reader.line_num, **values})
    return rows


def read_rows(path: Path | str) -> list[Row]:
    """The rows of a CSV (header line) or JSON Lines file; a ``UserError`` if the file is unusable."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"no such file: {path}", hint="give the path of a CSV or JSON Lines file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {path}: {exc}", hint="batch files are UTF-8 text") from None
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
