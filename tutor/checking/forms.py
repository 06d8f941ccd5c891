"""Reading answers that are not one expression: equations, vectors and matrices.

A thin layer over ``tutor.parsing`` (never ``sympify``): the text is cut at its
top-level ``=`` or its top-level commas and brackets, and every piece is read
by the parser on its own; a parse error in a piece points at its column in the
whole text.

- an equation: ``y = 2x - 1``, ``y - 1 = 2(x - 1)``, ``2x - y = 1``; a label
  such as ``L(x) =`` or ``z =`` on the left is read as what it names;
- a vector: ``[2x, 2y]``, ``(2x, 2y)``, ``⟨2x, 2y⟩`` or ``<2x, 2y>``;
- a matrix: ``[[2, 0], [0, 2]]`` (rows as vectors, any of those brackets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Sequence

from tutor.errors import Span

__all__ = ["Equation", "read_equation", "read_vector", "read_matrix", "split_equation", "MAX_ELEMENTS"]

MAX_ELEMENTS = 64  # an 8x8 Hessian; more is no longer an exercise

# Brackets a vector may be written with: opening -> closing.
BRACKETS = {"[": "]", "(": ")", "⟨": "⟩", "<": ">", "{": "}"}

# "L(x) =", "f(x, y) =", "T(x,y) =": a label naming the function being written, not a product.
_LABEL = re.compile(r"\s*([A-Za-z]\w*)\s*\(\s*([A-Za-z](?:\s*,\s*[A-Za-z])*)\s*\)\s*$")


@dataclass(frozen=True)
class Equation:
    """``lhs = rhs`` read piece by piece (``label``: the name of a labelled left side, e.g. L)."""

    lhs: Any  # parsing.Reading, or None for a label such as L(x)
    rhs: Any  # parsing.Reading
    text: str
    label: str = ""

    @property
    def difference(self) -> Any:
        """lhs − rhs (the equation is ``difference = 0``); a label stands for nothing (None)."""
        return None if self.lhs is None else self.lhs.expr - self.rhs.expr


def _error(message: str, text: str, start: int, end: int, hint: str) -> Exception:
    from tutor.parsing import ParseError

    return ParseError(message, Span(start, max(end, start + 1)), text, hint)


def _shifted(exc: Any, text: str, offset: int) -> Exception:
    from tutor.parsing import ParseError

    span = exc.span or Span(0, 1)
    error = ParseError(exc.message, Span(span.start + offset, span.end + offset), text, exc.hint)
    if getattr(exc, "readings", None):
        error.readings = exc.readings  # type: ignore[attr-defined]
    return error


def _read_piece(text: str, start: int, end: int, variables: Sequence[str] | None) -> Any:
    from tutor.parsing import ParseError, read

    piece = text[start:end]
    if not piece.strip():
        raise _error("one side of the equation is empty", text, start, end, "write it as y = 2x - 1")
    try:
        return read(piece, None if variables is None else list(variables))
    except ParseError as exc:
        raise _shifted(exc, text, start) from None


def _top_level(text: str, wanted: str) -> list[int]:
    """Offsets of ``wanted`` characters outside every bracket."""
    depth, found = 0, []
    for i, ch in enumerate(text):
        if ch in "([{⟨":
            depth += 1
        elif ch in ")]}⟩":
            depth -= 1
        elif ch in wanted and depth == 0:
            found.append(i)
    return found


def split_equation(text: str) -> tuple[int, int] | None:
    """(offset of the one top-level ``=``, its width) or None when there is none; two are an error."""
    found = _top_level(text, "=")
    if not found:
        return None
    if len(found) > 1:
        raise _error("an answer has one '=' at most", text, found[1], found[1] + 1,
                     "write one equation, e.g. y = 2x - 1")
    return found[0], 1


def read_equation(text: str, variables: Sequence[str] | None, *, labels: Sequence[str] = ()) -> Equation | None:
    """The equation in ``text`` (None when it has no ``=``: the caller reads an expression).

    ``labels``: function names the left side may be, e.g. ``("L",)`` for ``L(x) = …``;
    any ``name(variables) =`` label is accepted, so ``f(x) =`` and ``T(x, y) =`` read too.
    ``variables`` None: any single letter is a variable (how F is read).
    """
    where = split_equation(text)
    if where is None:
        return None
    at, width = where
    rhs = _read_piece(text, at + width, len(text), variables)
    left = text[:at]
    if left.strip() in labels and left.strip() not in (variables or ()):  # "L = …", "y = …"
        return Equation(None, rhs, text, left.strip())
    label = _LABEL.match(left)
    if label is not None and (label.group(1) in labels or label.group(1) not in (variables or ())) \
            and (variables is not None or label.group(1) in labels):
        return Equation(None, rhs, text, label.group(1))
    return Equation(_read_piece(text, 0, at, variables), rhs, text)


def _strip_brackets(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(inner start, inner end) when text[start:end] is one bracketed group, else None."""
    i, j = start, end
    while i < j and text[i].isspace():
        i += 1
    while j > i and text[j - 1].isspace():
        j -= 1
    if j - i < 2 or text[i] not in BRACKETS or BRACKETS[text[i]] != text[j - 1]:
        return None
    depth = 0
    for k in range(i, j):
        ch = text[k]
        if ch in "([{⟨" or (ch == "<" and k == i):
            depth += 1
        elif ch in ")]}⟩" or (ch == ">" and k == j - 1):
            depth -= 1
            if depth == 0 and k != j - 1:
                return None  # "(a)(b)" is two groups, not one
    return i + 1, j - 1


def _elements(text: str, start: int, end: int) -> list[tuple[int, int]]:
    commas = [start + k for k in _top_level(text[start:end], ",;")]
    bounds = [start - 1, *commas, end]
    return [(bounds[k] + 1, bounds[k + 1]) for k in range(len(bounds) - 1)]


def _vector_parts(text: str, start: int, end: int, what: str) -> list[tuple[int, int]]:
    inner = _strip_brackets(text, start, end)
    if inner is None:
        raise _error(f"write the {what} in brackets", text, start, end, "e.g. [2x, 2y], (2x, 2y) or ⟨2x, 2y⟩")
    parts = _elements(text, *inner)
    for a, b in parts:
        if not text[a:b].strip():
            raise _error("an element is missing", text, a, b, "separate the elements with single commas")
    if len(parts) > MAX_ELEMENTS:
        raise _error(f"more than {MAX_ELEMENTS} elements", text, start, end, "check the brackets")
    return parts


def read_vector(text: str, variables: Sequence[str]) -> tuple[Any, ...]:
    """``[2x, 2y]`` / ``(2x, 2y)`` / ``⟨2x, 2y⟩`` → (Reading, Reading); a column [[a], [b]] reads too."""
    parts = _vector_parts(text, 0, len(text), "vector")
    if all(_strip_brackets(text, a, b) is not None for a, b in parts) and len(parts) > 1:
        columns = [_vector_parts(text, a, b, "vector") for a, b in parts]
        if all(len(c) == 1 for c in columns):
            parts = [c[0] for c in columns]
    return tuple(_read_piece(text, a, b, variables) for a, b in parts)


def read_matrix(text: str, variables: Sequence[str]) -> tuple[tuple[Any, ...], ...]:
    """``[[2, 0], [0, 2]]`` → rows of Readings; every row must have the same length."""
    rows = _vector_parts(text, 0, len(text), "matrix")
    out = []
    for a, b in rows:
        if _strip_brackets(text, a, b) is None:
            raise _error("a matrix is a list of rows", text, a, b, "e.g. [[2, 0], [0, 2]]")
        out.append(tuple(_read_piece(text, c, d, variables) for c, d in _vector_parts(text, a, b, "row")))
    if len({len(r) for r in out}) != 1:
        raise _error("every row needs the same number of elements", text, 0, len(text), "e.g. [[2, 0], [0, 2]]")
    return tuple(out)
