"""Drawing how an expression was read: the reading, SymPy's 2D form, and the notes."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

__all__ = ["render_reading", "pretty_expression"]


def pretty_expression(expr: Any, *, unicode: bool = True) -> str:
    """SymPy's two-dimensional form (fractions stacked, exponents raised)."""
    from sympy import pretty

    return pretty(expr, use_unicode=unicode)


def render_reading(reading: Any, *, unicode: bool = True) -> RenderableType:
    """A ``tutor.parsing.Reading`` as text, 2D form and notes."""
    head = Text()
    head.append("read as: ", style="bold")
    head.append(reading.text, style="cyan")
    parts: list[RenderableType] = [head, Text(""), Text(pretty_expression(reading.expr, unicode=unicode)), Text("")]
    if reading.variables:
        parts.append(Text("variables: " + ", ".join(reading.variables), style="dim"))
    for note in reading.notes:
        line = Text()
        line.append("note: ", style="bold yellow")
        line.append(note)
        parts.append(line)
    return Group(*parts)
