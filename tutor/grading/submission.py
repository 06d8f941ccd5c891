"""Submission files: what one student typed for one assignment, attempt by attempt.

``calctutor homework`` rewrites ``ID.ASSIGNMENT.calctutor.json`` after every
attempt (atomically: a crash never leaves half a file); ``calctutor grade``
reads any number of them and regrades every answer. The verdicts stored in
the file are informative only: a student can edit the file, so the grade
comes from the answers, never from the stored verdicts.

The file::

    {"format": 1, "student": "s001", "assignment": "week-5", "assignment_hash": "8f19…",
     "calctutor": "1.0.0", "started": "2026-12-03T09:00:00+00:00", "updated": "…",
     "exercises": [{"id": "chain-rule/sine-of-linear", "seed": 1619082030, "hints": 1,
                    "gave_up": false,
                    "attempts": [{"answer": "cos(3x)", "at": "…", "verdict": "incorrect",
                                  "mistake": "chain.missing-inner"}, …]}, …]}
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Optional

if TYPE_CHECKING:
    from tutor.grading.records import Record

from tutor.errors import UserError

__all__ = ["FORMAT", "SUFFIX", "AttemptRecord", "ExerciseWork", "Submission", "submission_path",
           "read_submission", "write_submission", "submission_records"]

FORMAT = 1
SUFFIX = ".calctutor.json"
MAX_SUBMISSION_BYTES = 5_000_000  # 200 exercises × 100 attempts of 200 characters, with room to spare


@dataclass
class AttemptRecord:
    """One answer as typed, when, and what the tutor said then (informative only)."""

    answer: str
    at: str  # ISO 8601, UTC
    verdict: str = ""  # correct | incorrect | undecided
    mistake: Optional[str] = None


@dataclass
class ExerciseWork:
    """A student's work on one exercise of the assignment."""

    id: str  # PACK/EXERCISE
    seed: int
    attempts: list[AttemptRecord] = field(default_factory=list)
    hints: int = 0  # hints asked for
    gave_up: bool = False  # asked for the worked steps

    @property
    def solved(self) -> bool:
        return bool(self.attempts) and self.attempts[-1].verdict == "correct"


@dataclass
class Submission:
    """Everything one student did on one assignment (mutable: the session appends to it)."""

    student: str
    assignment: str
    assignment_hash: str
    calctutor: str
    started: str
    updated: str = ""
    exercises: list[ExerciseWork] = field(default_factory=list)

    def work(self, ref: str, seed: int) -> ExerciseWork:
        """The work on ``ref`` (created, in assignment order of first use, when new)."""
        for item in self.exercises:
            if item.id == ref:
                return item
        item = ExerciseWork(ref, seed)
        self.exercises.append(item)
        return item

    def find(self, ref: str) -> Optional[ExerciseWork]:
        return next((w for w in self.exercises if w.id == ref), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "student": self.student,
            "assignment": self.assignment,
            "assignment_hash": self.assignment_hash,
            "calctutor": self.calctutor,
            "started": self.started,
            "updated": self.updated,
            "exercises": [
                {"id": w.id, "seed": w.seed, "hints": w.hints, "gave_up": w.gave_up,
                 "attempts": [{"answer": a.answer, "at": a.at, "verdict": a.verdict, "mistake": a.mistake}
                              for a in w.attempts]}
                for w in self.exercises
            ],
        }


def submission_path(folder: Path, student: str, assignment_id: str) -> Path:
    """``folder/ID.ASSIGNMENT.calctutor.json``, with characters a file name cannot hold replaced."""
    safe = re.sub(r"[^A-Za-z0-9@._+-]", "_", student.strip()) or "student"
    return folder / f"{safe}.{assignment_id}{SUFFIX}"


def write_submission(path: Path, submission: Submission) -> None:
    """Write atomically: a temporary file in the same folder, then a rename over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(submission.to_json(), ensure_ascii=False, indent=1) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=str(path.parent))
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _bad(path: Path, message: str, hint: str = "is it a file written by calctutor homework?") -> UserError:
    return UserError(message, hint=hint, location=f"{path}:1:1")


def read_submission(path: Path) -> Submission:
    """Read a submission file; anything malformed is a ``UserError`` naming the file and the entry."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_SUBMISSION_BYTES:
            raise _bad(path, f"the file is {size} bytes; a submission is far smaller")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"cannot read the submission {path}: {exc.strerror or exc}",
                        hint="check the path") from None
    except UnicodeDecodeError:
        raise _bad(path, "the file is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"not JSON: {exc.msg}", hint="is it a file written by calctutor homework?",
                        location=f"{path}:{exc.lineno}:{exc.colno}") from None
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), list):
        raise _bad(path, "not a calctutor submission (no `exercises` list)")
    for key in ("student", "assignment"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise _bad(path, f"the submission has no `{key}`")
    work = []
    for i, entry in enumerate(data["exercises"]):
        where = f"exercises[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise _bad(path, f"{where}: expected an object with an `id`")
        seed = entry.get("seed")
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise _bad(path, f"{where}: `seed` must be a whole number")
        attempts = []
        for j, attempt in enumerate(entry.get("attempts") or []):
            if not isinstance(attempt, dict) or not isinstance(attempt.get("answer"), str):
                raise _bad(path, f"{where}.attempts[{j}]: expected an object with an `answer`")
            attempts.append(AttemptRecord(attempt["answer"], str(attempt.get("at") or ""),
                                          str(attempt.get("verdict") or ""),
                                          attempt.get("mistake") if isinstance(attempt.get("mistake"), str) else None))
        hints = entry.get("hints", 0)
        work.append(ExerciseWork(entry["id"], seed, attempts, hints if isinstance(hints, int) else 0,
                                 bool(entry.get("gave_up", False))))
    return Submission(
        student=data["student"], assignment=data["assignment"],
        assignment_hash=str(data.get("assignment_hash") or ""), calctutor=str(data.get("calctutor") or ""),
        started=str(data.get("started") or ""), updated=str(data.get("updated") or ""), exercises=work,
    )


def submission_records(paths: list[Path]) -> Iterator[Record]:
    """Every attempt of every submission file as a record (``student, exercise, attempt, answer,
    time, file``), numbered across the files in order. Hints and give-ups are not answers."""
    from tutor.grading.records import Record

    number = 0
    for path in paths:
        submission = read_submission(Path(path))
        for work in submission.exercises:
            for i, attempt in enumerate(work.attempts, 1):
                number += 1
                yield Record(number, {"student": submission.student, "exercise": work.id, "attempt": str(i),
                                      "answer": attempt.answer, "time": attempt.at, "file": str(path)})
