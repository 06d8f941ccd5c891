"""Drawing a diagnosis (the mistake, where it happened, what else fits) and the catalogue."""

from __future__ import annotations

from typing import Iterable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tutor.explain import Diagnosis, MistakeInfo
from tutor.explain.wording import show as _show_expr
from tutor.render.expressions import shown


def show(expr: object) -> str:
    return shown(_show_expr(expr))

__all__ = ["render_diagnosis", "render_catalogue"]


def render_diagnosis(diagnosis: Diagnosis) -> RenderableType:
    best = diagnosis.best
    parts: list[RenderableType] = []
    head = Text()
    head.append("likely mistake: ", style="bold yellow")
    head.append(shown(best.title))
    head.append(f"  [{' + '.join(best.ids)}]", style="dim")
    parts.append(head)
    parts.append(Text("  " + shown(best.message)))
    if best.location is not None:
        parts.append(Text.assemble(("  where: ", "bold"), show(best.location)))
    others = [m for m in diagnosis.matches[1:] if m.id != best.id]
    if others:
        also = Text("  the same answer also fits: ", style="dim")
        also.append(", ".join(dict.fromkeys(m.id for m in others)))
        parts.append(also)
    return Group(*parts)


def render_catalogue(mistakes: Iterable[MistakeInfo]) -> RenderableType:
    table = Table(title="Mistake catalogue", show_lines=False, expand=False)
    table.add_column("id", style="bold cyan", no_wrap=True)
    table.add_column("mistake")
    table.add_column("example")
    for m in mistakes:
        wrt = f" (d/d{m.wrt}{', ' + m.where if m.where else ''})" if not (m.dual or m.practice) else ""
        example = f"{m.example_of}{wrt} → {m.example_answer}"
        table.add_row(m.id, m.title, example)
    return table
