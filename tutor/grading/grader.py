"""Grading answers to an assignment against the pack: each student's own variant, every kind.

``calctutor grade`` turns every input record (a row exported from an LMS, or
one attempt of a submission file) into a *key*: the assignment, the exercise,
the student's seed and the answer with its spacing normalised. Each distinct
key is graded once (``grade_key``): the exercise is instantiated at the seed
(cached per process) and the answer checked with ``Instance.check``, which
names mistakes by the author's anticipated answers and by diagnosis. The
result carries what a gradebook and a report need: verdict, mistake, credit
(the assignment's partial credit), the drawn parameters and a fingerprint of
the answer's value (so one wrong function written two ways is one group).

``key_of`` and ``grade_key`` are module-level functions taking the assignment's
path first, so ``functools.partial(key_of, path)`` pickles for a process pool
or a Dask cluster; each process loads the assignment once.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Hashable, Iterable, Iterator, Mapping, Optional

from tutor.grading.assignment import Assignment, load_assignment, variant_seed
from tutor.grading.records import Record

__all__ = ["COLUMNS", "Columns", "key_of", "seed_of", "grade_key", "grade_records", "value_key", "drawn_values", "variant_of"]

# The input columns calctutor reads (other names are mapped with --column answer=Response).
COLUMNS = ("student", "exercise", "answer", "seed")

# Fixed sample points for the value fingerprint: irrational-looking so that different
# functions rarely agree at all of them, inside the domain of the usual functions.
_FINGERPRINT_POINTS = (0.6180339887, 1.4142135623)


@dataclass(frozen=True)
class Columns:
    """Which input column holds each thing calctutor reads (``--column answer=Response``)."""

    names: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, ours: str) -> str:
        return self.names.get(ours, ours)

    def get(self, record: Record, ours: str) -> str:
        """The field, by its exact name, else ignoring case (``Student`` is ``student``)."""
        name = self[ours]
        fields = record.fields
        if name not in fields:
            folded = name.casefold()
            name = next((k for k in fields if k.casefold() == folded), name)
        value = fields.get(name, "")
        return "" if value is None else str(value)


@functools.lru_cache(maxsize=8)
def _assignment(source: str) -> Assignment:
    return load_assignment(Path(source))


@functools.lru_cache(maxsize=8192)  # one instance per (exercise, drawn numbers): a class of 300 × 12 fits
def _instance(source: str, ref: str, values: str, seed: int) -> Any:
    item = _assignment(source).find(ref)
    assert item is not None
    return item.instantiate(seed)


# The tag an exported question carries (``export --format moodle-xml``): an LMS that exports the
# question text with each response gives back the exercise and the seed of the variant answered.
VARIANT_TAG = re.compile(r"\[calctutor (?P<assignment>[a-z0-9-]+) (?P<exercise>[a-z0-9-]+/[a-z0-9-]+) "
                         r"variant (?P<seed>[0-9]+)\]")


# (source, ref, drawn numbers) -> the first seed seen that draws them. Students whose seeds draw the
# same numbers get the same question: one instance and one verdict per distinct answer serve them all.
_REPRESENTATIVE: dict[tuple[str, str, str], int] = {}


def drawn_values(item: Any, seed: int) -> str:
    """The numbers ``seed`` draws for the exercise, as canonical JSON (``{}`` for a fixed exercise)."""
    from tutor.packs.templates import TemplateError, draw

    try:
        values = draw(item.exercise.params, item.exercise.constraints, seed)
    except TemplateError:
        return f"seed {seed}"  # the template cannot be drawn: grade_key reports it for this seed
    return json.dumps({k: v if isinstance(v, (int, str)) else str(v) for k, v in values.items()},
                      ensure_ascii=False, sort_keys=True)


def key_of(source: str, columns: Columns, record: Record) -> Hashable:
    """(ref, drawn numbers, representative seed, answer) for a gradable record, else ("invalid", why)."""
    assignment = _assignment(source)
    student = columns.get(record, "student").strip()
    exercise = columns.get(record, "exercise").strip()
    answer = " ".join(columns.get(record, "answer").split())
    if not exercise:
        return ("invalid", f"no exercise in the column {columns['exercise']!r}")
    tag = VARIANT_TAG.search(exercise) or VARIANT_TAG.search(columns.get(record, "seed"))
    item = assignment.find(tag.group("exercise") if tag else exercise)
    if item is None:
        return ("invalid", f"{exercise[:80]!r} is not an exercise of the assignment {assignment.id}")
    seed_text = tag.group("seed") if tag else columns.get(record, "seed").strip()
    if seed_text:
        if not seed_text.lstrip("-").isdigit():
            return ("invalid", f"the seed {seed_text!r} is not a whole number")
        seed = int(seed_text)
    elif student:
        seed = variant_seed(assignment.id, student, item.ref)
    else:
        return ("invalid", f"no student in the column {columns['student']!r} (and no seed)")
    values = drawn_values(item, seed)
    representative = _REPRESENTATIVE.setdefault((source, item.ref, values), seed)
    return (item.ref, values, representative, answer)


def seed_of(source: str, columns: Columns, record: Record) -> Optional[int]:
    """The seed of the record's own variant (what the output's ``seed`` column says)."""
    assignment = _assignment(source)
    exercise = columns.get(record, "exercise").strip()
    tag = VARIANT_TAG.search(exercise) or VARIANT_TAG.search(columns.get(record, "seed"))
    if tag:
        return int(tag.group("seed"))
    item = assignment.find(exercise)
    seed_text = columns.get(record, "seed").strip()
    if seed_text.lstrip("-").isdigit():
        return int(seed_text)
    student = columns.get(record, "student").strip()
    return variant_seed(assignment.id, student, item.ref) if item is not None and student else None


def grade_key(source: str, key: Hashable) -> dict[str, Any]:
    """The verdict of one distinct key: JSON-ready, the same for every record that has it."""
    assert isinstance(key, tuple)
    if key[0] == "invalid":
        return {"verdict": "invalid", "message": key[1], "credit": 0.0}
    ref, values, seed, answer = key
    assignment = _assignment(source)
    item = assignment.find(ref)
    assert item is not None
    from tutor.errors import UserError

    base: dict[str, Any] = {"exercise": ref, "points": item.points}
    try:
        inst = _instance(source, ref, values, seed)
    except UserError as error:
        return {**base, "verdict": "invalid", "message": f"the exercise cannot be made for this seed: {error}",
                "credit": 0.0}
    base["expected"] = inst.expected_text
    base["params"] = values if values.startswith("{") else ""
    if not answer:
        return {**base, "verdict": "blank", "message": "no answer", "credit": 0.0}
    try:
        feedback = inst.check(answer)
    except UserError as error:
        span = getattr(error, "span", None)
        where = f" (column {span.column})" if span is not None else ""
        return {**base, "verdict": "unreadable", "message": f"{error.message}{where}", "credit": 0.0}
    except Exception as exc:  # noqa: BLE001 - one odd answer must not stop a class's grading
        return {**base, "verdict": "undecided", "message": f"could not be checked ({type(exc).__name__})",
                "credit": 0.0}
    mistake = getattr(feedback, "mistake", None)
    mistake_id = getattr(mistake, "id", None)
    status = feedback.status
    credit = assignment.credit_for(status == "correct", mistake_id) if status != "undecided" else 0.0
    out = {**base, "verdict": status, "mistake": mistake_id or "", "credit": credit,
           "message": str(feedback.message or "")}
    if status == "incorrect":
        out["value"] = value_key(inst, feedback)
    return out


def value_key(inst: Any, feedback: Any) -> str:
    """A fingerprint of the answer's value: equal for ``cos(2x)`` and ``cos(x + x)``."""
    reading = getattr(feedback, "reading", None)
    expr = getattr(reading, "expr", None)
    text = str(getattr(reading, "text", "") or "")
    if inst.answer_form != "expression" or expr is None or not getattr(expr, "free_symbols", None):
        return text
    try:
        symbols = sorted(expr.free_symbols, key=lambda s: s.name)
        values = []
        for i, point in enumerate(_FINGERPRINT_POINTS):
            subs = {s: point + 0.1 * j + 0.01 * i for j, s in enumerate(symbols)}
            values.append(complex(expr.evalf(12, subs=subs)))
        return "≈" + ",".join(f"{v.real:.6g}" + (f"{v.imag:+.6g}i" if abs(v.imag) > 1e-9 else "") for v in values)
    except Exception:  # noqa: BLE001 - an odd value groups by its text instead
        return text


def variant_of(key: Hashable) -> Hashable:
    """The student's variant of a key (exercise, drawn numbers): every key of it goes to one
    worker, whose cached instance then serves them all (the engine's lanes)."""
    assert isinstance(key, tuple)
    return "invalid" if key[0] == "invalid" else key[:3]


def grade_records(source: str, records: Iterable[Record], columns: Columns = Columns()) -> Iterator[tuple[Record, dict]]:
    """(record, result) in input order, each distinct key graded once by the batch engine
    (``tutor.grading.engine``), the keys of one variant on one worker."""
    from tutor.grading.engine import grade_records as engine

    keyer = functools.partial(key_of, source, columns)
    grader = functools.partial(grade_key, source)
    for record, result in engine(records, keyer, grader, group_of=variant_of, prepare=_prepare):
        yield record, {**result, "seed": seed_of(source, columns, record)}


def _prepare() -> None:
    """Imported once before the workers fork, so each starts with the checker loaded."""
    import tutor.packs.instance  # noqa: F401
    import tutor.checking  # noqa: F401
