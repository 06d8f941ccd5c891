"""Graded records out (and back in, for ``calctutor report``): every input column, then the grade.

One output record per input record, in input order: the input's own columns,
unchanged and in their order, then ``RESULT_COLUMNS`` (``record`` = the input
record's number, never a physical line). A result column whose name the input
already uses is written as ``graded_<name>`` so nothing of the input is lost.
"""

from __future__ import annotations

import csv
import json
from typing import Any, Iterable, Iterator, Mapping, Optional, TextIO

from tutor.grading.gradebook import ScoredRecord
from tutor.grading.records import Record, read_records

__all__ = ["RESULT_COLUMNS", "graded_fields", "write_graded", "read_graded", "GRADED_FORMATS", "column"]

RESULT_COLUMNS = ("record", "student", "exercise", "attempt", "counted", "seed", "verdict", "mistake", "credit", "points",
                  "score", "expected", "message", "params", "value")
GRADED_FORMATS = ("csv", "jsonl")


def _number(value: Any) -> Any:
    if isinstance(value, float):
        return int(value) if value == int(value) else round(value, 6)
    return value


def graded_fields(scored: ScoredRecord) -> dict[str, Any]:
    """The output record: input fields first, then the grade."""
    out: dict[str, Any] = dict(scored.record.fields)
    result = scored.result
    grade = {
        "record": scored.record.number,
        "student": scored.student,
        "exercise": scored.exercise or result.get("exercise", ""),
        "attempt": scored.attempt if scored.attempt else "",
        "counted": "yes" if scored.counted else "no",
        "seed": result.get("seed", ""),
        "verdict": result.get("verdict", ""),
        "mistake": result.get("mistake", "") or "",
        "credit": _number(float(result.get("credit") or 0)),
        "points": _number(float(result.get("points") or 0)),
        "score": _number(scored.score),
        "expected": result.get("expected", ""),
        "message": result.get("message", ""),
        "params": result.get("params", ""),
        "value": result.get("value", ""),
    }
    input_names = {name.casefold() for name in out}  # readers match column names ignoring case
    for name, value in grade.items():
        out[f"graded_{name}" if name.casefold() in input_names else name] = value
    return out


def column(row: Mapping[str, Any], name: str) -> str:
    """A result column of a graded row, wherever it was written (``graded_<name>`` or ``<name>``)."""
    value = row.get(f"graded_{name}")
    return str(row.get(name, "") if value is None else value)


def write_graded(rows: Iterable[Mapping[str, Any]], fmt: str, out: TextIO, header: Optional[list[str]] = None) -> int:
    """Write graded records as CSV (header from the first record, or ``header``) or JSON Lines."""
    count = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer: Any = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(out, header or list(row), lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
        writer.writerow(row)
        count += 1
    return count


def read_graded(path: Any) -> Iterator[Record]:
    """A graded file written by ``calctutor grade`` (CSV or JSON Lines)."""
    from tutor.errors import UserError

    try:
        yield from read_records(path, columns=("record", "verdict"))
    except UserError as error:
        if error.message.startswith("no column"):
            raise UserError(f"{error.message}: this is not a file written by calctutor grade",
                            hint="grade first: calctutor grade ASSIGNMENT --responses FILE --out graded.csv",
                            location=error.location) from None
        raise
