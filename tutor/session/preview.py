"""The live preview: how the text typed so far will be read, before Enter.

Pure logic for the prompt's bottom toolbar: ``preview(instance, text)`` asks the
exercise how it reads the answer (``Instance.read_answer``) and returns what to
show: the reading, the notes on it (``log`` is read as ln…), an ambiguity, or
the parse error with its column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tutor.errors import UserError

__all__ = ["Preview", "preview", "pretty_text"]

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
# Integer exponents, bare or in parentheses: x^2, x^(-1), x^12 (not x^(1/2) or x^x).
_POWER = re.compile(r"\^(?:\((-?\d+)\)|(-?\d+)(?![\d/.]))")
# (canonical spelling, display spelling): one row per symbol the toolbar shows nicer.
_DISPLAY: tuple[tuple[str, str], ...] = (("*", "·"), ("sqrt(", "√("), ("pi", "π"))


def pretty_text(text: str) -> str:
    """A one-line display form of a canonical reading: ``4x*cos(2x^2)`` → ``4x·cos(2x²)``."""

    shown = _POWER.sub(lambda m: (m.group(1) or m.group(2)).translate(_SUPERSCRIPT), text)
    for plain, nice in _DISPLAY:
        shown = shown.replace(plain, nice)
    return shown


@dataclass(frozen=True)
class Preview:
    """``kind``: empty | command | reading | ambiguous | error."""

    kind: str
    text: str  # the reading, or the error message
    notes: tuple[str, ...] = ()
    column: int | None = None  # 1-based, for errors
    hint: str | None = None


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
    return Preview("reading", str(getattr(reading, "text", reading)), notes)
