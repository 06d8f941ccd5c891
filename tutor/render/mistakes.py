"""Drawing a diagnosis (the mistake, where it happened, what else fits) and the catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tutor.render.expressions import shown

if TYPE_CHECKING:  # the catalogue alone must not load SymPy: `calctutor mistakes` stays cheap
    from tutor.explain import Diagnosis, MistakeInfo


def show(expr: object) -> str:
    from tutor.explain.wording import show as show_expression

    return shown(show_expression(expr))

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
    table.add_column("where it applies")
    for m in mistakes:
        table.add_row(m.id, Text(m.title), Text(m.example), m.where_it_applies)  # Text: "[x^2, 2x y]" is math, not Rich markup
    return table
