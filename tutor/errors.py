"""The base of every error calctutor reports to a person instead of a traceback.

A ``UserError`` says what was wrong, where (a column span of an expression, or
``file:line:col`` of a pack) and how to fix it. The CLI catches it, renders it
and exits with code 2; pure logic raises it and never prints.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Span", "UserError"]


@dataclass(frozen=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets in some source text."""

    start: int
    end: int

    @property
    def column(self) -> int:
        """1-based column of the first character, as editors count."""
        return self.start + 1


class UserError(Exception):
    """Unusable input: carries a message, an optional location and a hint."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        source: str | None = None,
        span: Span | None = None,
        location: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.source = source  # the text the span points into
        self.span = span
        self.location = location  # e.g. "pack.yaml:12:5" for errors in files

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        col = f" (column {self.span.column})" if self.span is not None and not self.location else ""
        text = f"{where}{self.message}{col}"
        return f"{text}\nhint: {self.hint}" if self.hint else text
