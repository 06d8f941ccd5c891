"""The class report: what a graded file says about each exercise and each student.

``build_report(rows)`` reads graded records (``calctutor grade``'s output) and
computes, per exercise: how many answers and students, the first-try and
final correct rates, the discrimination (point-biserial correlation between
getting the exercise right and the student's total), the most common named
mistakes with counts and two example answers, the wrong answers no mistake
explains grouped by value (one wrong function written two ways is one group),
and the correct rate per value of each template parameter (which variants are
harder); per student: the total. Pure data: ``tutor/render/class_report.py``
draws it as tables, ``report_html.py`` as one offline HTML file.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Mapping, Optional

from tutor.grading.assignment import normalise_student
from tutor.grading.graded import column

__all__ = ["ClassReport", "ExerciseReport", "MistakeCount", "ParameterRate", "StudentTotal", "build_report",
           "point_biserial", "EXAMPLES", "TOP_MISTAKES"]

EXAMPLES = 2  # example answers shown per mistake or group: enough to recognise it, short enough to scan
TOP_MISTAKES = 5  # per exercise; the JSON has them all
ATTEMPT_VERDICTS = ("correct", "incorrect", "undecided")


@dataclass(frozen=True)
class MistakeCount:
    key: str  # the mistake id, or the value fingerprint of an unnamed group
    count: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class ParameterRate:
    parameter: str
    value: str
    students: int
    correct_rate: float


@dataclass(frozen=True)
class ExerciseReport:
    exercise: str
    answers: int
    students: int
    first_try_rate: float  # of the students who answered
    final_rate: float  # of the students who answered: right by their last counted attempt
    mean_score: float  # mean fraction of the points
    discrimination: Optional[float]  # point-biserial against the total; None when undefined
    mistakes: tuple[MistakeCount, ...]
    unnamed: tuple[MistakeCount, ...]
    parameters: tuple[ParameterRate, ...]
    unreadable: int = 0
    blank: int = 0


@dataclass(frozen=True)
class StudentTotal:
    student: str
    score: float
    solved: int
    attempted: int


@dataclass(frozen=True)
class ClassReport:
    records: int
    exercises: tuple[ExerciseReport, ...]
    students: tuple[StudentTotal, ...]
    invalid: int = 0
    possible: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def mean_total(self) -> float:
        return sum(s.score for s in self.students) / len(self.students) if self.students else 0.0


def point_biserial(flags: list[bool], totals: list[float]) -> Optional[float]:
    """The correlation between a right/wrong item and the total (undefined when either is constant)."""
    n = len(flags)
    if n < 2 or len(totals) != n:
        return None
    right = [t for f, t in zip(flags, totals) if f]
    wrong = [t for f, t in zip(flags, totals) if not f]
    if not right or not wrong:
        return None
    mean = sum(totals) / n
    sd = math.sqrt(sum((t - mean) ** 2 for t in totals) / n)
    if sd == 0:
        return None
    p = len(right) / n
    return (sum(right) / len(right) - sum(wrong) / len(wrong)) / sd * math.sqrt(p * (1 - p))


@dataclass
class _Work:
    """One student's work on one exercise, from their records in order."""

    attempts: list[tuple[str, str, str, str]] = field(default_factory=list)  # verdict, mistake, answer, value
    best: float = 0.0
    points: float = 0.0
    final_right: bool = False
    params: str = ""


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def build_report(rows: Iterable[Mapping[str, Any]], student_column: str = "student") -> ClassReport:
    """The report of graded rows (as ``read_graded`` yields their fields)."""
    work: dict[str, dict[str, _Work]] = defaultdict(dict)  # exercise -> student -> work
    names: dict[str, str] = {}
    order: list[str] = []
    records = invalid = 0
    unreadable: Counter[str] = Counter()
    blank: Counter[str] = Counter()
    answers: Counter[str] = Counter()
    for row in rows:
        records += 1
        verdict = column(row, "verdict")
        exercise = column(row, "exercise")
        student_text = column(row, student_column).strip()
        if verdict == "invalid" or not exercise or not student_text:
            invalid += 1
            continue
        student = normalise_student(student_text)
        names.setdefault(student, student_text)
        if exercise not in work:
            order.append(exercise)
        w = work[exercise].setdefault(student, _Work())
        answers[exercise] += 1
        w.params = w.params or column(row, "params")
        w.points = max(w.points, _float(column(row, "points")))
        if verdict == "unreadable":
            unreadable[exercise] += 1
            continue
        if verdict == "blank":
            blank[exercise] += 1
            continue
        if verdict not in ATTEMPT_VERDICTS:
            continue
        w.attempts.append((verdict, column(row, "mistake"), str(row.get("answer", "") or _answer(row)),
                           column(row, "value")))
        w.best = max(w.best, _float(column(row, "score")))
        if column(row, "counted") != "no":
            w.final_right = w.final_right or verdict == "correct"
    totals: dict[str, float] = defaultdict(float)
    solved: Counter[str] = Counter()
    attempted: Counter[str] = Counter()
    for per_student in work.values():
        for student, w in per_student.items():
            totals[student] += w.best
            attempted[student] += bool(w.attempts)
            solved[student] += w.final_right
    for student in names:
        totals.setdefault(student, 0.0)
    exercises = tuple(_exercise(ex, work[ex], totals, answers[ex], unreadable[ex], blank[ex]) for ex in order)
    students = tuple(StudentTotal(names[s], round(totals[s], 6), solved[s], attempted[s])
                     for s in sorted(names, key=lambda s: names[s]))
    possible = sum(max((w.points for w in work[ex].values()), default=0.0) for ex in order)
    return ClassReport(records, exercises, students, invalid, possible)


def _answer(row: Mapping[str, Any]) -> str:
    for key in ("answer", "Answer", "Response", "response"):
        if row.get(key):
            return str(row[key])
    return ""


def _exercise(name: str, per_student: Mapping[str, _Work], totals: Mapping[str, float], answers: int,
              unreadable: int, blank: int) -> ExerciseReport:
    answered = {s: w for s, w in per_student.items() if w.attempts}
    n = len(answered)
    first = sum(1 for w in answered.values() if w.attempts[0][0] == "correct")
    final = sum(1 for w in answered.values() if w.final_right)
    mean_score = (sum(w.best / w.points for w in answered.values() if w.points) / n) if n else 0.0
    students = list(per_student)
    discrimination = point_biserial([per_student[s].final_right for s in students], [totals[s] for s in students])
    mistakes: Counter[str] = Counter()
    unnamed: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for w in answered.values():
        for verdict, mistake, answer, value in w.attempts:
            if verdict != "incorrect":
                continue
            key = mistake if mistake else "value:" + (value or answer)
            (mistakes if mistake else unnamed)[key] += 1
            shown = " ".join(answer.split())
            if shown not in examples[key] and len(examples[key]) < EXAMPLES:
                examples[key].append(shown)
    return ExerciseReport(
        exercise=name, answers=answers, students=len(per_student),
        first_try_rate=first / n if n else 0.0, final_rate=final / n if n else 0.0, mean_score=mean_score,
        discrimination=None if discrimination is None else round(discrimination, 4),
        mistakes=tuple(MistakeCount(k, c, tuple(examples[k])) for k, c in mistakes.most_common()),
        unnamed=tuple(MistakeCount(k.removeprefix("value:"), c, tuple(examples[k])) for k, c in unnamed.most_common()),
        parameters=_parameter_rates(answered), unreadable=unreadable, blank=blank,
    )


def _parameter_rates(answered: Mapping[str, _Work]) -> tuple[ParameterRate, ...]:
    """Final correct rate per value of each template parameter (a fixed exercise has none)."""
    by_value: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for w in answered.values():
        try:
            params = json.loads(w.params) if w.params else {}
        except json.JSONDecodeError:
            continue
        if not isinstance(params, dict):
            continue
        for name, value in params.items():
            by_value[(str(name), str(value))].append(w.final_right)
    out = [ParameterRate(p, v, len(flags), sum(flags) / len(flags)) for (p, v), flags in by_value.items()]
    return tuple(sorted(out, key=lambda r: (r.parameter, _sortable(r.value))))


def _sortable(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), value)
    except ValueError:
        return (1, 0.0, value)
