"""What templates and the math in a pack's prose share: ``{name}`` placeholders, drawn values, the error.

``tutor.packs.templates`` draws values and fills fields; ``tutor.packs.prose_math``
reads the math in backticks. Both build on this module, so neither imports the other
at module level.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Optional, Union

__all__ = ["PLACEHOLDER", "MATH_SPAN", "Value", "TemplateError"]

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# Math in prose is marked with backticks: `e^({a} + ε) = e^{a} + e^{a} ε`. It is read as a tree
# (tutor.parsing.prose, tutor.packs.prose_math), the drawn values go in as trees, and the one printer writes it.
from tutor.parsing.prose import MATH_SPAN  # noqa: E402

Value = Union[int, Fraction, str]


class TemplateError(ValueError):
    """A template that cannot be drawn or filled; ``field`` names where."""

    def __init__(self, message: str, *, field: str = "params", hint: Optional[str] = None) -> None:
        super().__init__(message)
        self.message, self.field, self.hint = message, field, hint
