"""Errors of the input language: what went wrong, where (a span), how to write it instead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tutor.errors import Span, UserError

__all__ = ["ParseError", "AmbiguityError", "Alternative", "Span"]


class ParseError(UserError):
    """Input that is not an expression of the language (or exceeds a limit).

    ``span`` points into ``source`` (the text as typed); ``hint`` says how to fix it.
    """

    def __init__(self, message: str, span: Span, source: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint, source=source, span=span)


@dataclass(frozen=True)
class Alternative:
    """One way to read an ambiguous input: its value, in canonical text, and how to type it."""

    expr: Any  # sympy.Expr of the ambiguous fragment under this reading
    text: str  # canonical text of that fragment (to_text)
    write: str  # what to type to mean this reading unambiguously


def _same(written: str, reading: str) -> bool:
    """Whether "how to write it" already spells the reading (x^2 for x^2): say it once."""
    strip = str.maketrans("", "", " *")
    return written.translate(strip) == reading.translate(strip)


class AmbiguityError(ParseError):
    """Input with two readings of different value: reported, never guessed."""

    def __init__(self, message: str, span: Span, source: str, readings: tuple[Alternative, ...]) -> None:
        hint = "write " + " or ".join(r.write if _same(r.write, r.text) else f"{r.write} for {r.text}" for r in readings)
        super().__init__(message, span, source, hint)
        self.readings = readings
