"""Reading a point such as ``x1=2,x2=5`` or ``x=pi/2`` (the ``--at`` option of the teaching commands).

Values go through the math input language (never eval), so they are exact:
``0.1`` is 1/10 and ``pi/2`` stays π/2 until a float is asked for.
"""

from __future__ import annotations

import re
from typing import Any

from tutor.errors import Span, UserError

__all__ = ["parse_point"]

_NAME = re.compile(r"^[^\W\d]\w*$")  # a variable name: a letter, then letters, digits or _


def parse_point(text: str) -> dict[str, Any]:
    """``"x1=2, x2=5"`` → ``{"x1": 2, "x2": 5}`` (exact SymPy numbers); errors carry a span."""
    from tutor.parsing import ParseError, parse

    point: dict[str, Any] = {}
    offset = 0
    for part in text.split(","):
        start = offset + len(part) - len(part.lstrip())
        offset += len(part) + 1
        if not part.strip():
            raise UserError("empty entry in the point", source=text, span=Span(start, start + 1),
                            hint="write the point as name=value, e.g. x1=2,x2=5")
        if "=" not in part:
            raise UserError(f"{part.strip()!r} has no value", source=text, span=Span(start, start + len(part.strip())),
                            hint="write the point as name=value, e.g. x=1")
        name, value = part.split("=", 1)
        name = name.strip()
        if not _NAME.match(name):
            raise UserError(f"{name!r} is not a variable name", source=text, span=Span(start, start + max(1, len(name))),
                            hint="a name starts with a letter: x, x1, theta")
        if name in point:
            raise UserError(f"{name} is given twice", source=text, span=Span(start, start + len(name)))
        value_start = start + part.strip().index("=") + 1
        try:
            number = parse(value.strip(), variables=[])
        except ParseError as error:
            span = error.span
            lead = len(value) - len(value.lstrip())
            shifted = Span(value_start + lead + span.start, value_start + lead + span.end) if span else None
            raise UserError(f"the value of {name}: {error.message}", source=text, span=shifted, hint=error.hint) from None
        if not (number.is_number and number.is_extended_real and number.is_finite):
            raise UserError(f"the value of {name} must be a real number, not {number}", source=text,
                            span=Span(value_start, value_start + len(value)))
        point[name] = number
    return point
