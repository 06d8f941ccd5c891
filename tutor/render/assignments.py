"""Drawing an assignment as one student gets it (``calctutor preview ASSIGNMENT --student ID``)."""

from __future__ import annotations

from typing import Any, Sequence

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from tutor.render.packs import instance_body

__all__ = ["render_assignment_preview", "assignment_preview_lines", "rules_text"]


def rules_text(assignment: Any, separator: str = " · ") -> str:
    """The rules in one line: attempts, hints, steps, due date (``separator`` between them)."""
    attempts = f"{assignment.attempts} attempts per exercise" if assignment.attempts else "unlimited attempts"
    parts = [attempts, f"hints {assignment.hints}", f"steps {assignment.steps}"]
    if assignment.due:
        parts.append(f"due {assignment.due.isoformat()}")
    return separator.join(parts)


def assignment_preview_lines(assignment: Any, student: str, variants: Sequence[Any]) -> list[str]:
    """``preview ASSIGNMENT --student ID --plain``: the student's variants as plain lines (no box drawing)."""
    from tutor.render.packs import instance_lines

    lines = [f"{assignment.title} ({assignment.id}, {len(assignment.exercises)} exercises, student {student})",
             rules_text(assignment, "; ")]
    for number, variant in enumerate(variants, 1):
        item = variant.item
        points = f"{item.points:g} point" + ("" if item.points == 1 else "s")
        lines += ["", f"{number}. {item.ref} ({item.exercise.kind}, seed {variant.seed}, {points})",
                  *instance_lines(variant.instance, variant.error)]
    return lines


def render_assignment_preview(assignment: Any, student: str, variants: Sequence[Any]) -> RenderableType:
    head = Text()
    head.append(assignment.title, style="bold")
    head.append(f"  ({assignment.id}, {len(assignment.exercises)} exercises, student {student})", style="dim")
    parts: list[RenderableType] = [head, Text(rules_text(assignment), style="dim")]
    for number, variant in enumerate(variants, 1):
        item = variant.item
        points = f"{item.points:g} point" + ("" if item.points == 1 else "s")
        title = f"{number}. {item.ref} · {item.exercise.kind} · seed {variant.seed} · {points}"
        parts.append(Panel(Group(*instance_body(variant.instance, variant.error)), title=title, title_align="left"))
    return Group(*parts)
