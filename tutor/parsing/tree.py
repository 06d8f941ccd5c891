"""The intermediate tree between tokens and SymPy.

The parser builds this tree first, so every limit (exponents, sizes of
constants, factorials) is checked on plain data before any SymPy object
exists; ``build.py`` then turns a checked tree into SymPy.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Union

from tutor.errors import Span

__all__ = ["Node", "OPS"]

# op -> what ``value`` and ``args`` hold
OPS = {
    "num": "value: Fraction; literal text in ``text``",
    "var": "value: the variable's name",
    "const": "value: 'e' or 'pi'",
    "neg": "args: (operand,)",
    "add": "args: (left, right)",
    "sub": "args: (left, right)",
    "mul": "args: (left, right)",
    "div": "args: (numerator, denominator)",
    "pow": "args: (base, exponent)",
    "call": "value: canonical function name; args: (argument,)",
    "fact": "args: (whole-number literal,)",
}


@dataclass(frozen=True)
class Node:
    op: str
    span: Span
    value: Union[Fraction, str, tuple[Any, ...], None] = None  # tuple: deriv and rate (see notation.py)
    args: tuple["Node", ...] = ()
    text: str = ""  # the literal as typed (numbers), for notes
