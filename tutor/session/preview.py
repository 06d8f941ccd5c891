"""The live preview: how the text typed so far will be read, before Enter.

Pure logic for the prompt's bottom toolbar: ``preview(instance, text)`` asks the
exercise how it reads the answer (``Instance.read_answer``) and returns what to
show: the reading, the notes on it (``log`` is read as ln…), an ambiguity, or
the parse error with its column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tutor.errors import UserError

__all__ = ["Preview", "preview", "reading_text"]


@dataclass(frozen=True)
class Preview:
    """``kind``: empty | command | reading | ambiguous | error."""

    kind: str
    text: str  # the reading, or the error message
    notes: tuple[str, ...] = ()
    column: int | None = None  # 1-based, for errors
    hint: str | None = None
    expr: Any = None  # the reading's expression (None: no expression, e.g. a word), printed by ``shown``

    def shown(self, target: str = "unicode") -> str:
        """The reading as the one printer writes it in ``target`` (``reading_text``)."""
        return reading_text(self.text, self.expr, target)


def reading_text(text: str, expr: Any, target: str) -> str:
    """How an answer was read, by the one printer in ``target``: ``12x e^(6x²)`` (``12x e^(6x^2)`` plain),
    not the canonical ``12x*e^(6x^2)``. An equation's ``text`` is kept: its sides are printed
    already (``tutor.packs.answers``), as are a vector's and a matrix's entries."""
    if " = " in text:
        return text
    from tutor.packs.tasks import display_math

    if _dual(expr):  # a + bε as the notes write it, real part first (the printer alone writes 3ε + 4)
        from tutor.autodiff.formulas import dual_number
        from tutor.packs.answers import dual_parts
        from tutor.parsing.printer import show

        return show(dual_number(*dual_parts(expr)), target)
    return display_math(text, expr, target)


def _dual(expr: Any) -> bool:
    """``expr`` is a + bε: ε its only name, at most to the first power (a dual-number answer as read)."""
    names = {s.name for s in getattr(expr, "free_symbols", ())}
    if names != {"ε"} or not expr.is_Add:
        return False
    from tutor.packs.answers import sympy_degree
    from tutor.parsing import variable

    return bool(expr.is_polynomial(variable("ε"))) and sympy_degree(expr, variable("ε")) == 1


def preview(instance: Any, text: str) -> Preview:
    """What the toolbar shows for ``text`` typed as an answer to ``instance``."""
    stripped = text.strip()
    if not stripped:
        return Preview("empty", "")
    if stripped.startswith(":"):
        return Preview("command", stripped)
    if instance is None:
        return Preview("empty", "")
    try:
        reading = instance.read_answer(text)
    except UserError as error:
        column = error.span.column if error.span is not None else None
        readings = getattr(error, "readings", None)
        if readings:
            shown = tuple(str(getattr(r, "text", r)) for r in readings)
            return Preview("ambiguous", error.message, shown, column, error.hint)
        return Preview("error", error.message, (), column, error.hint)
    notes = tuple(str(n) for n in (getattr(reading, "notes", ()) or ()))
    return Preview("reading", str(getattr(reading, "text", reading)), notes, expr=getattr(reading, "expr", None))
