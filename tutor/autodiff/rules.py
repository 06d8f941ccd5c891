"""THE table of primitives: each operation's value and local derivatives side by side.

Every mode of the engine reads this one table: the dual numbers (forward
mode), the interpreter of a tape (forward and reverse), the code generator
(which *prints* the same lambdas by running them over ``Code`` objects) and
the teaching text of ``calctutor dual`` / ``calctutor trace``.

A row's ``value(m, a, b, k)`` and ``partials(m, a, b, k)`` are written over a
namespace ``m`` (see ``numbers.py``): ``a``/``b`` are the operands, ``k`` is a
constant parameter (the exponent of ``powc``). ``partials`` returns the local
derivatives ∂out/∂a, ∂out/∂b. The elementary functions are not restated: their
rows are built from ``tutor.functions.FUNCTIONS`` (its ``derivative(u, m)``
and ``domain``), so adding ``sech`` there adds it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from types import SimpleNamespace
from typing import Any, Callable

from tutor.autodiff.numbers import UnsupportedExpression
from tutor.functions import FUNCTIONS, Function

__all__ = ["Primitive", "PRIMITIVES", "primitive", "Code", "CODE", "code_literal", "times_code"]


@dataclass(frozen=True)
class Primitive:
    """One operation of the engine."""

    name: str  # key used by tapes and generated code
    arity: int  # 1 or 2 operands (a constant exponent is a parameter, not an operand)
    symbol: str  # how a trace table shows it: "+", "×", "sin" ...
    value: Callable[..., Any]  # (m, a, b, k) -> value
    partials: Callable[..., tuple[Any, ...]]  # (m, a, b, k) -> (∂/∂a, ∂/∂b)
    title: str  # "product rule", "sine" ...
    function: Function | None = None  # the catalogue row for elementary functions


# ------------------------------------------------------------------ symbolic code values


def code_literal(x: Any) -> str:
    """A numeric constant as Python source text (only numbers ever become code)."""
    if isinstance(x, Code):
        return x.text
    if isinstance(x, bool) or not isinstance(x, (int, float, Fraction)):
        raise TypeError(f"only numbers can become code, not {type(x).__name__}")
    if isinstance(x, Fraction):
        if x.denominator == 1:
            x = x.numerator
        else:
            return f"({x.numerator}/{x.denominator})"
    if isinstance(x, float):
        if x != x or x in (float("inf"), float("-inf")):
            raise ValueError("a non-finite constant cannot become code")
        text = repr(x)
    else:
        text = str(x)
    return f"({text})" if text.startswith("-") else text


def times_code(factor: str, partial: str) -> str:
    """``factor · partial`` as source text, leaving out a 1 and writing −1 as a minus (the chain rule's terms)."""
    if partial == "1":
        return factor
    if partial == "(-1)":
        return f"-{factor}"
    return f"{factor} * {partial}"


class Code:
    """Source text of an expression; arithmetic on it builds bigger source text.

    Running a row's lambdas over ``Code`` operands *prints* the row: that is how
    the code generator and the rule texts reuse the table instead of restating it.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def _bin(self, op: str, other: Any, reflected: bool = False) -> "Code":
        left, right = (code_literal(other), self.text) if reflected else (self.text, code_literal(other))
        return Code(f"({left} {op} {right})")

    def __add__(self, o: Any) -> "Code":
        return self._bin("+", o)

    def __radd__(self, o: Any) -> "Code":
        return self._bin("+", o, True)

    def __sub__(self, o: Any) -> "Code":
        return self._bin("-", o)

    def __rsub__(self, o: Any) -> "Code":
        return self._bin("-", o, True)

    def __mul__(self, o: Any) -> "Code":
        return self._bin("*", o)

    def __rmul__(self, o: Any) -> "Code":
        return self._bin("*", o, True)

    def __truediv__(self, o: Any) -> "Code":
        return self._bin("/", o)

    def __rtruediv__(self, o: Any) -> "Code":
        return self._bin("/", o, True)

    def __pow__(self, o: Any) -> "Code":
        if isinstance(o, (int, Fraction)) and not isinstance(o, bool):
            return CODE.powc(self, Fraction(o))
        return CODE.pow(self, o)

    def __neg__(self) -> "Code":
        return Code(f"(-{self.text})")


def _code_powc(a: Any, k: Any) -> Code:
    if isinstance(k, Code):  # an exponent known only when the code runs (fastarith's integer powers)
        return Code(f"({code_literal(a)} ** {k.text})")
    if k == 1:
        return a if isinstance(a, Code) else Code(code_literal(a))
    if k.denominator == 1:
        return Code(f"({code_literal(a)} ** {code_literal(k.numerator)})")
    return Code(f"powpq({code_literal(a)}, {k.numerator}, {k.denominator})")


CODE = SimpleNamespace(**{f.name: (lambda name: lambda u: Code(f"{name}({code_literal(u)})"))(f.name) for f in FUNCTIONS})
CODE.sign = lambda u: Code(f"sign({code_literal(u)})")
CODE.powc = _code_powc
CODE.pow = lambda a, b: Code(f"pow({code_literal(a)}, {code_literal(b)})")
CODE.div = lambda a, b: Code(f"({code_literal(a)} / {code_literal(b)})")
"""Namespace whose functions print source text instead of computing."""


# ------------------------------------------------------------------ the table

_ONE, _MINUS_ONE = 1, -1  # exact, so exact dual arithmetic stays exact

# fmt: off
_ARITHMETIC: tuple[Primitive, ...] = (
    Primitive("add", 2, "+", lambda m, a, b, k: a + b, lambda m, a, b, k: (_ONE, _ONE),
              "sum rule"),
    Primitive("sub", 2, "−", lambda m, a, b, k: a - b, lambda m, a, b, k: (_ONE, _MINUS_ONE),
              "difference rule"),
    Primitive("neg", 1, "−", lambda m, a, b, k: -a, lambda m, a, b, k: (_MINUS_ONE,),
              "negation"),
    Primitive("mul", 2, "×", lambda m, a, b, k: a * b, lambda m, a, b, k: (b, a),
              "product rule"),
    Primitive("div", 2, "÷", lambda m, a, b, k: m.div(a, b),
              lambda m, a, b, k: (m.div(1, b), -m.div(m.div(a, b), b)),  # −(u/v)/v reuses u/v
              "quotient rule"),
    Primitive("powc", 1, "^k", lambda m, a, b, k: m.powc(a, k),
              lambda m, a, b, k: (k * m.powc(a, k - 1),),
              "power rule"),
    Primitive("pow", 2, "^", lambda m, a, b, k: m.pow(a, b),
              lambda m, a, b, k: (b * m.pow(a, b - 1), m.pow(a, b) * m.log(a)),
              "general power rule"),
)
# fmt: on
# The dual-number rule of each row, as people read it, is printed from the row itself by
# tutor.autodiff.dual_steps.rule_of (a tree, so every printer target spells it).


def _function_row(f: Function) -> Primitive:
    name = f.name
    derivative = f.derivative

    def value(m: Any, a: Any, b: Any, k: Any) -> Any:
        return getattr(m, name)(a)

    def partials(m: Any, a: Any, b: Any, k: Any) -> tuple[Any, ...]:
        return (derivative(a, m),)

    return Primitive(name, 1, name, value, partials, f.title, f)


PRIMITIVES: dict[str, Primitive] = {p.name: p for p in _ARITHMETIC}
PRIMITIVES.update({f.name: _function_row(f) for f in FUNCTIONS})


def primitive(name: str) -> Primitive:
    """The row for ``name``; a missing row is an error that names the function."""
    try:
        return PRIMITIVES[name]
    except KeyError:
        raise UnsupportedExpression(
            f"the AD engine has no primitive for {name!r}",
            hint="add a row to tutor/functions.py (elementary functions) or tutor/autodiff/rules.py",
        ) from None
