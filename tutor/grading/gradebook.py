"""From graded records to scores: attempts counted, partial credit, per-student totals, LMS files.

``score_records`` numbers each student's attempts at each exercise in input
order, marks those beyond the assignment's limit as not counted, and scores
the rest (``credit × points``). ``Gradebook`` keeps each student's best
counted score per exercise. The writers turn it into the files LMSs import,
one row per format in ``GRADEBOOK_FORMATS``:

- ``canvas``: ``Student, ID, SIS User ID, SIS Login ID, Section`` then the
  assignment column, with Canvas's ``Points Possible`` row first;
- ``moodle``: Moodle's grade import CSV, an ``ID number`` identifier column
  (and ``Email address`` when the roster has one) and the assignment column;
- ``gradescope``: ``Name, SID, Email, Total Score``;
- ``csv`` / ``jsonl`` of the totals (``student, name, email, section``, one
  column per exercise, ``total``, ``possible``) are what ``--totals`` writes.

A roster (``--roster``, a CSV with ``student`` and any of ``name``, ``email``,
``section``, ``canvas_id``, ``sis_login``) fills the identity columns; without
one the student id stands in.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, TextIO

from tutor.grading.assignment import Assignment, normalise_student
from tutor.grading.records import Record

__all__ = ["ScoredRecord", "score_records", "Gradebook", "Roster", "read_roster", "GRADEBOOK_FORMATS",
           "write_gradebook"]


@dataclass(frozen=True)
class ScoredRecord:
    record: Record
    result: Mapping[str, Any]
    student: str
    exercise: str  # PACK/EXERCISE ("" when it is not in the assignment)
    attempt: int
    counted: bool
    score: float


def score_records(pairs: Iterable[tuple[Record, Mapping[str, Any]]], assignment: Assignment,
                  student_of: Callable[[Record], str]) -> Iterator[ScoredRecord]:
    """Number attempts per (student, exercise) and score the counted ones, in input order."""
    seen: dict[tuple[str, str], int] = {}
    for record, result in pairs:
        student = student_of(record).strip()
        ref = str(result.get("exercise") or "")
        item = assignment.find(ref) if ref else None
        key = (normalise_student(student), ref)
        # An unreadable or blank answer is not an attempt (as in homework); it is still reported.
        attempt_like = result.get("verdict") in ("correct", "incorrect", "undecided")
        number = seen.get(key, 0) + (1 if attempt_like else 0)
        if attempt_like:
            seen[key] = number
        limit = item.attempts if item is not None else None
        counted = attempt_like and item is not None and (limit is None or number <= limit)
        points = float(result.get("points") or 0)
        score = float(result.get("credit") or 0) * points if counted else 0.0
        yield ScoredRecord(record, result, student, ref, number, counted, score)


@dataclass
class Gradebook:
    """Each student's best counted score per exercise."""

    assignment: Assignment
    best: dict[str, dict[str, float]] = field(default_factory=dict)  # student -> ref -> score
    names: dict[str, str] = field(default_factory=dict)  # normalised id -> id as first written

    def add(self, scored: ScoredRecord) -> None:
        if not scored.student:
            return
        key = normalise_student(scored.student)
        self.names.setdefault(key, scored.student)
        row = self.best.setdefault(key, {})
        if scored.exercise:
            row[scored.exercise] = max(row.get(scored.exercise, 0.0), scored.score)

    def include(self, roster: "Roster") -> None:
        """Every student of the roster gets a row, with 0 when they handed nothing in."""
        for key, row in roster.rows.items():
            self.names.setdefault(key, row.get("student") or key)
            self.best.setdefault(key, {})

    def students(self) -> list[str]:
        return sorted(self.best, key=lambda s: self.names[s])

    def total(self, student: str) -> float:
        return sum(self.best.get(normalise_student(student), {}).values())

    def exercise_score(self, student: str, ref: str) -> float:
        return self.best.get(normalise_student(student), {}).get(ref, 0.0)


@dataclass(frozen=True)
class Roster:
    """Identity columns per student id (normalised)."""

    rows: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def get(self, student: str, key: str, default: str = "") -> str:
        return str(self.rows.get(normalise_student(student), {}).get(key, "") or default)


# Accepted spellings of the roster's columns (lower-case), one row per column.
ROSTER_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "student": ("student", "student id", "sid", "id", "id number", "sis user id", "username"),
    "name": ("name", "student name", "full name"),
    "email": ("email", "email address", "e-mail"),
    "section": ("section",),
    "canvas_id": ("canvas_id", "canvas id"),
    "sis_login": ("sis_login", "sis login id", "login"),
}


def read_roster(path: Any) -> Roster:
    """A roster CSV (or JSON Lines); columns found by the spellings in ``ROSTER_COLUMNS``."""
    from tutor.errors import UserError
    from tutor.grading.records import read_records

    rows: dict[str, dict[str, str]] = {}
    for record in read_records(path):
        lower = {k.strip().lower(): v for k, v in record.fields.items()}
        found = {ours: next((lower[s] for s in spellings if s in lower), "") for ours, spellings in ROSTER_COLUMNS.items()}
        if not any(s in lower for s in ROSTER_COLUMNS["student"]):
            raise UserError(f"{path}: no student id column", location=f"{path}:1:1",
                            hint="name it `student` (or SID, ID number, SIS User ID)")
        if found["student"].strip():
            rows[normalise_student(found["student"])] = {k: v.strip() for k, v in found.items()}
    return Roster(rows)


def _number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _canvas(book: Gradebook, roster: Roster, out: TextIO) -> None:
    a = book.assignment
    writer = csv.writer(out, lineterminator="\n")
    column = a.title
    writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column])
    # Canvas's own export has this row; its importer reads the maximum from it.
    writer.writerow(["    Points Possible", "", "", "", "", _number(a.total_points)])
    for s in book.students():
        sid = book.names[s]
        writer.writerow([roster.get(sid, "name", sid), roster.get(sid, "canvas_id"), roster.get(sid, "student", sid),
                         roster.get(sid, "sis_login"), roster.get(sid, "section"), _number(book.total(sid))])


def _moodle(book: Gradebook, roster: Roster, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    with_email = any(r.get("email") for r in roster.rows.values())
    writer.writerow(["ID number", *(["Email address"] if with_email else []), book.assignment.title])
    for s in book.students():
        sid = book.names[s]
        writer.writerow([roster.get(sid, "student", sid), *([roster.get(sid, "email")] if with_email else []),
                         _number(book.total(sid))])


def _gradescope(book: Gradebook, roster: Roster, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Name", "SID", "Email", "Total Score"])
    for s in book.students():
        sid = book.names[s]
        writer.writerow([roster.get(sid, "name", sid), roster.get(sid, "student", sid), roster.get(sid, "email"),
                         _number(book.total(sid))])


def totals_rows(book: Gradebook, roster: Roster) -> Iterator[dict[str, Any]]:
    """One row per student: identity, each exercise's score, total and possible points."""
    refs = [e.ref for e in book.assignment.exercises]
    for s in book.students():
        sid = book.names[s]
        row: dict[str, Any] = {"student": sid, "name": roster.get(sid, "name"), "email": roster.get(sid, "email"),
                               "section": roster.get(sid, "section")}
        for ref in refs:
            row[ref] = book.exercise_score(sid, ref)
        row["total"] = book.total(sid)
        row["possible"] = book.assignment.total_points
        yield row


def _totals_csv(book: Gradebook, roster: Roster, out: TextIO) -> None:
    rows = list(totals_rows(book, roster))
    header = ["student", "name", "email", "section", *[e.ref for e in book.assignment.exercises], "total", "possible"]
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _number(v) if isinstance(v, float) else v for k, v in row.items()})


GRADEBOOK_FORMATS: Mapping[str, Callable[[Gradebook, Roster, TextIO], None]] = {
    "canvas": _canvas,
    "moodle": _moodle,
    "gradescope": _gradescope,
    "totals": _totals_csv,
}


def write_gradebook(book: Gradebook, fmt: str, out: TextIO, roster: Optional[Roster] = None) -> None:
    roster = roster or Roster()
    book.include(roster)
    GRADEBOOK_FORMATS[fmt](book, roster, out)


def gradebook_text(book: Gradebook, fmt: str, roster: Optional[Roster] = None) -> str:
    buffer = io.StringIO()
    write_gradebook(book, fmt, buffer, roster)
    return buffer.getvalue()
