"""One student's variants of an assignment's exercises, and how an instructor sees them.

``variants(assignment, student)`` instantiates every assigned exercise at the
student's seed (``Assignment.seed``); ``variant_json`` is what ``calctutor
preview ASSIGNMENT --student ID --json`` prints for each: the drawn
parameters, the prompt, the filled math fields, the answer, the hints and the
anticipated wrong answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from tutor.grading.assignment import AssignedExercise, Assignment

__all__ = ["Variant", "variants", "variant_json", "MATH_FIELDS"]

# The exercise fields that hold math, in the order a reader expects them.
MATH_FIELDS = ("of", "where", "at", "nodes", "h", "inputs", "outputs")


@dataclass(frozen=True)
class Variant:
    """One student's variant of one assigned exercise (``instance`` None when the template failed)."""

    item: AssignedExercise
    seed: int
    instance: Any
    error: Any = None


def variants(assignment: Assignment, student: str,
             instantiate: Optional[Callable[[AssignedExercise, int], Any]] = None) -> list[Variant]:
    """Every exercise of the assignment as this student gets it, in order."""
    from tutor.errors import UserError

    make = instantiate or (lambda item, seed: item.instantiate(seed))
    out = []
    for item in assignment.exercises:
        seed = assignment.seed(student, item)
        try:
            out.append(Variant(item, seed, make(item, seed)))
        except UserError as error:
            out.append(Variant(item, seed, None, error))
    return out


def _value_text(value: Any) -> Any:
    if isinstance(value, (int, str)):
        return value
    return str(value)


def variant_json(variant: Variant) -> dict[str, Any]:
    """The variant as JSON-ready data (what the instructor reproduces a student's question from)."""
    item = variant.item
    head: dict[str, Any] = {"id": item.ref, "seed": variant.seed, "points": item.points,
                            "attempts": item.attempts}
    inst = variant.instance
    if inst is None:
        return {**head, "kind": item.exercise.kind, "error": str(variant.error)}
    from tutor.packs.instance import fill_fields

    filled = fill_fields(inst.exercise, inst.values)
    math: dict[str, Any] = {}
    for name in MATH_FIELDS:
        value = getattr(filled, name, None)
        if value:
            math[name] = list(value) if isinstance(value, tuple) else (dict(value) if hasattr(value, "items") else value)
    task = inst.task
    if getattr(task, "wrt", None):
        math["wrt"] = list(task.wrt)
    return {
        **head,
        "kind": inst.kind,
        "params": {k: _value_text(v) for k, v in inst.values.items()},
        "prompt": inst.prompt,
        **math,
        "answer": inst.expected_text,
        "answer_form": inst.answer_form,
        "hints": list(inst.hints),
        "feedback": [{"answer": a, "mistake": m, "message": msg} for a, m, msg in inst.anticipated()],
    }
