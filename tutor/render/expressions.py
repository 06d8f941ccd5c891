"""Drawing how an expression was read: the reading, SymPy's 2D form, and the notes."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from tutor.parsing.printer import show

__all__ = ["render_reading", "pretty_expression", "shown", "operand"]

# `log(` as a whole name: the input language reads log as the natural logarithm, and people
# read ln(5x) at a glance where log(5x) makes them wonder about the base.
_LOG_CALL = re.compile(r"(?<![\w.])log\(")
_NAME_OR_NUMBER = re.compile(r"[\w.]+")
_CALL = re.compile(r"[^\W\d]\w*\(")


def shown(text: str) -> str:
    """An input-language text as shown to people: ``log(…)`` written ``ln(…)`` (it still parses)."""
    return _LOG_CALL.sub("ln(", text)


def operand(text: str) -> str:
    """``text`` ready to follow ``d/dx``: bare when it is one name, number or call, else in parentheses."""
    if _NAME_OR_NUMBER.fullmatch(text):
        return text
    head = _CALL.match(text)
    if head is not None:
        depth = 0
        for i, ch in enumerate(text[head.end() - 1:], start=head.end() - 1):
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if depth == 0:
                if i == len(text) - 1:
                    return text  # the call's own parenthesis closes the text: sin(x^2), ln(5x)
                break
    return f"({text})"


def pretty_expression(expr: Any, *, unicode: bool = True) -> str:
    """SymPy's two-dimensional form (fractions stacked, exponents raised)."""
    from sympy import Function, log, pretty, sign

    # ln and u/|u| as everywhere else: SymPy's drawing would say log and sign.
    drawn = expr.replace(log, Function("ln")) if expr.has(log) else expr
    drawn = drawn.replace(sign, lambda u: u / abs(u)) if drawn.has(sign) else drawn
    return pretty(drawn, use_unicode=unicode)


def render_reading(reading: Any, *, unicode: bool = True, drawing: bool = True) -> RenderableType:
    """A ``tutor.parsing.Reading`` as text, 2D form (unless ``drawing`` is False: ``parse --plain``) and notes."""
    head = Text()
    head.append("read as: ", style="bold")
    head.append(show(reading.expr, "unicode" if unicode else "plain"), style="cyan")
    parts: list[RenderableType] = [head]
    if drawing:
        parts += [Text(""), Text(pretty_expression(reading.expr, unicode=unicode)), Text("")]
    if reading.variables:
        parts.append(Text("variables: " + ", ".join(reading.variables), style="dim"))
    for note in reading.notes:
        line = Text()
        line.append("note: ", style="bold yellow")
        line.append(note)
        parts.append(line)
    return Group(*parts)
