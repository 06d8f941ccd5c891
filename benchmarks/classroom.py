"""A synthetic class: answers to an assignment as real students give them (for benchmarks and tests).

Per (student, exercise), one of these, in proportions seen in a first-year class:
right at once (written as the key, or another way), an anticipated wrong answer
then the right one, a slip no one anticipated (sometimes fixed), an answer that
does not parse, or nothing. Every answer is the student's own variant.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path
from typing import Any, Iterator

from tutor.grading.assignment import Assignment
from tutor.grading.variants import variants

# (what the student does, weight)
MIX = (("right", 50), ("right-other-form", 10), ("anticipated-then-right", 15), ("slip", 10),
       ("slip-then-right", 5), ("unreadable", 5), ("blank", 5))


def _other_form(inst: Any) -> str:
    text = inst.expected_text
    return f"({text})" if inst.answer_form in ("expression", "number") else text


def _slip(inst: Any, rng: random.Random) -> str:
    text = inst.expected_text
    form = inst.answer_form
    if form == "expression":
        return rng.choice([f"2 ({text})", f"{text} + 1", f"-({text})"])
    if form == "number":
        return rng.choice([f"({text}) + 1", f"2 ({text})"])
    if form == "dual":
        return rng.choice(["1 + 2ε", f"({text}) + ε"])
    if form == "word":
        return "forward" if "reverse" in text else "reverse"
    if form in ("matrix", "vector"):
        return text.replace("[", "[1 + ", 1)
    return text + " + 1"


def answers_for(assignment: Assignment, student: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    """(exercise ref, answer) in the order the student typed them."""
    kinds, weights = zip(*MIX)
    for variant in variants(assignment, student):
        inst = variant.instance
        if inst is None:
            continue
        ref = variant.item.ref
        what = rng.choices(kinds, weights)[0]
        anticipated = [a for a, _, _ in inst.anticipated()]
        if what == "anticipated-then-right" and not anticipated:
            what = "slip-then-right"
        if what == "right":
            yield ref, inst.expected_text
        elif what == "right-other-form":
            yield ref, _other_form(inst)
        elif what == "anticipated-then-right":
            yield ref, rng.choice(anticipated)
            yield ref, inst.expected_text
        elif what == "slip":
            yield ref, _slip(inst, rng)
        elif what == "slip-then-right":
            yield ref, _slip(inst, rng)
            yield ref, inst.expected_text
        elif what == "unreadable":
            yield ref, inst.expected_text + " + (("
        else:
            yield ref, ""


def class_rows(assignment: Assignment, students: int, seed: int = 0) -> list[dict[str, str]]:
    """Rows of an LMS-style export: Student, Question, Response (one per answer)."""
    rng = random.Random(seed)
    rows = []
    for n in range(1, students + 1):
        student = f"s{n:04d}"
        for ref, answer in answers_for(assignment, student, rng):
            rows.append({"Student": student, "Question": ref, "Response": answer})
    return rows


def write_csv(rows: list[dict[str, str]], path: Path, delimiter: str = ",", bom: bool = False) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(rows[0]), delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8", newline="")
