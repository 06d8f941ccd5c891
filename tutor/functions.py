"""The catalogue of elementary functions: one row each.

Every layer reads this table instead of keeping its own list: the parser's
whitelist of names, the printer's spelling, the AD engine's primitives, the
explanation's rule for d/du f(u), and the sampler's real domain. Adding a
function (say ``sech``) means adding one row here, then a row in each table
that has to know more about it; a missing row is an error that names it.

The derivative of each row is written once, generically, as a function of the
argument ``u`` and a *namespace* ``m`` that supplies the elementary functions
by their canonical names (``m.cos``, ``m.sqrt``, ``m.sign``...). Passing
``sympy_namespace()`` gives the symbolic derivative; passing ``FLOAT`` gives a
float; the AD engine passes its own namespace of dual numbers, which is how
nested (higher-order) derivatives come for free.

This module imports nothing heavy: SymPy is only touched inside
``sympy_namespace()`` and ``Function.sympy``, so ``calctutor --help`` stays fast.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Callable

__all__ = [
    "Function",
    "FUNCTIONS",
    "FLOAT",
    "by_name",
    "by_sympy_class",
    "names_and_aliases",
    "sympy_namespace",
]

Derivative = Callable[[Any, Any], Any]


@dataclass(frozen=True)
class Function:
    """One elementary function of one real argument."""

    name: str  # canonical spelling in the input language, e.g. "asin"
    aliases: tuple[str, ...]  # other spellings students type, e.g. ("arcsin",)
    sympy_attr: str  # attribute of the sympy module that builds it, e.g. "asin", "Abs"
    float_value: Callable[[float], float]
    derivative: Derivative  # d/du f(u) as a function of (u, namespace)
    domain: Callable[[float], bool]  # where value *and* derivative exist (an open set)
    domain_text: str  # the same condition for people, in terms of u
    family: str  # rule family in the course notes: trig, inverse-trig, hyperbolic, exp, log, root, abs
    title: str  # how an explanation names it: "sine", "natural logarithm"...

    def sympy(self) -> Any:
        """The SymPy callable that builds ``f(u)`` (imported lazily)."""
        import sympy

        return getattr(sympy, self.sympy_attr)


def _acot(u: float) -> float:
    # The textbook convention (Stewart): range (0, pi), continuous, acot(u) = pi/2 - atan(u).
    # SymPy's own acot is atan(1/u) with range (-pi/2, pi/2]; the checker rewrites it
    # (tutor.checking.symbolic.textbook) and the AD engine computes this one.
    return math.pi / 2 - math.atan(u)


def _cbrt(u: float) -> float:
    # SymPy's cbrt(u) is u^(1/3), the principal root: real only for u ≥ 0 (the domain below),
    # so a negative u raises like math.sqrt(-1) instead of giving the real root -2 of -8.
    if u < 0:
        raise ValueError("math domain error: cbrt(u) = u^(1/3) is real here only for u >= 0")
    return u ** (1.0 / 3.0)


def _sign(u: float) -> float:
    return float((u > 0) - (u < 0))


def _away_from_zero(value: float) -> bool:
    # Where a tangent or secant blows up the sampler must stay clear, not just avoid 0.
    return abs(value) > 1e-9


# fmt: off
FUNCTIONS: tuple[Function, ...] = (
    Function("sin", (), "sin", math.sin, lambda u, m: m.cos(u),
             lambda u: True, "every real u", "trig", "sine"),
    Function("cos", (), "cos", math.cos, lambda u, m: -m.sin(u),
             lambda u: True, "every real u", "trig", "cosine"),
    Function("tan", (), "tan", math.tan, lambda u, m: m.sec(u) ** 2,
             lambda u: _away_from_zero(math.cos(u)), "cos(u) ≠ 0", "trig", "tangent"),
    Function("sec", (), "sec", lambda u: 1.0 / math.cos(u), lambda u, m: m.sec(u) * m.tan(u),
             lambda u: _away_from_zero(math.cos(u)), "cos(u) ≠ 0", "trig", "secant"),
    Function("csc", ("cosec",), "csc", lambda u: 1.0 / math.sin(u), lambda u, m: -m.csc(u) * m.cot(u),
             lambda u: _away_from_zero(math.sin(u)), "sin(u) ≠ 0", "trig", "cosecant"),
    Function("cot", (), "cot", lambda u: math.cos(u) / math.sin(u), lambda u, m: -m.csc(u) ** 2,
             lambda u: _away_from_zero(math.sin(u)), "sin(u) ≠ 0", "trig", "cotangent"),
    Function("asin", ("arcsin",), "asin", math.asin, lambda u, m: 1 / m.sqrt(1 - u**2),
             lambda u: -1 < u < 1, "-1 < u < 1", "inverse-trig", "inverse sine"),
    Function("acos", ("arccos",), "acos", math.acos, lambda u, m: -1 / m.sqrt(1 - u**2),
             lambda u: -1 < u < 1, "-1 < u < 1", "inverse-trig", "inverse cosine"),
    Function("atan", ("arctan",), "atan", math.atan, lambda u, m: 1 / (1 + u**2),
             lambda u: True, "every real u", "inverse-trig", "inverse tangent"),
    Function("asec", ("arcsec",), "asec", lambda u: math.acos(1.0 / u),
             lambda u, m: 1 / (m.abs(u) * m.sqrt(u**2 - 1)),
             lambda u: abs(u) > 1, "|u| > 1", "inverse-trig", "inverse secant"),
    Function("acsc", ("arccsc",), "acsc", lambda u: math.asin(1.0 / u),
             lambda u, m: -1 / (m.abs(u) * m.sqrt(u**2 - 1)),
             lambda u: abs(u) > 1, "|u| > 1", "inverse-trig", "inverse cosecant"),
    Function("acot", ("arccot",), "acot", _acot, lambda u, m: -1 / (1 + u**2),
             lambda u: True, "every real u", "inverse-trig", "inverse cotangent"),
    Function("sinh", (), "sinh", math.sinh, lambda u, m: m.cosh(u),
             lambda u: True, "every real u", "hyperbolic", "hyperbolic sine"),
    Function("cosh", (), "cosh", math.cosh, lambda u, m: m.sinh(u),
             lambda u: True, "every real u", "hyperbolic", "hyperbolic cosine"),
    Function("tanh", (), "tanh", math.tanh, lambda u, m: 1 - m.tanh(u) ** 2,
             lambda u: True, "every real u", "hyperbolic", "hyperbolic tangent"),
    Function("sech", (), "sech", lambda u: 1.0 / math.cosh(u), lambda u, m: -m.sech(u) * m.tanh(u),
             lambda u: True, "every real u", "hyperbolic", "hyperbolic secant"),
    Function("csch", ("cosech",), "csch", lambda u: 1.0 / math.sinh(u), lambda u, m: -m.csch(u) * m.coth(u),
             lambda u: _away_from_zero(u), "u ≠ 0", "hyperbolic", "hyperbolic cosecant"),
    Function("coth", (), "coth", lambda u: math.cosh(u) / math.sinh(u), lambda u, m: -m.csch(u) ** 2,
             lambda u: _away_from_zero(u), "u ≠ 0", "hyperbolic", "hyperbolic cotangent"),
    Function("asinh", ("arsinh", "arcsinh"), "asinh", math.asinh, lambda u, m: 1 / m.sqrt(u**2 + 1),
             lambda u: True, "every real u", "hyperbolic", "inverse hyperbolic sine"),
    Function("acosh", ("arcosh", "arccosh"), "acosh", math.acosh, lambda u, m: 1 / m.sqrt(u**2 - 1),
             lambda u: u > 1, "u > 1", "hyperbolic", "inverse hyperbolic cosine"),
    Function("atanh", ("artanh", "arctanh"), "atanh", math.atanh, lambda u, m: 1 / (1 - u**2),
             lambda u: -1 < u < 1, "-1 < u < 1", "hyperbolic", "inverse hyperbolic tangent"),
    Function("asech", ("arsech", "arcsech"), "asech", lambda u: math.acosh(1.0 / u),
             lambda u, m: -1 / (u * m.sqrt(1 - u**2)),
             lambda u: 0 < u < 1, "0 < u < 1", "hyperbolic", "inverse hyperbolic secant"),
    Function("acsch", ("arcsch", "arccsch"), "acsch", lambda u: math.asinh(1.0 / u),
             lambda u, m: -1 / (m.abs(u) * m.sqrt(1 + u**2)),
             lambda u: u != 0, "u ≠ 0", "hyperbolic", "inverse hyperbolic cosecant"),
    Function("acoth", ("arcoth", "arccoth"), "acoth", lambda u: math.atanh(1.0 / u), lambda u, m: 1 / (1 - u**2),
             lambda u: abs(u) > 1, "|u| > 1", "hyperbolic", "inverse hyperbolic cotangent"),
    Function("exp", (), "exp", math.exp, lambda u, m: m.exp(u),
             lambda u: True, "every real u", "exp", "exponential"),
    Function("log", ("ln",), "log", math.log, lambda u, m: 1 / u,
             lambda u: u > 0, "u > 0", "log", "natural logarithm"),
    Function("sqrt", (), "sqrt", math.sqrt, lambda u, m: 1 / (2 * m.sqrt(u)),
             lambda u: u > 0, "u > 0", "root", "square root"),
    Function("cbrt", (), "cbrt", _cbrt, lambda u, m: 1 / (3 * m.cbrt(u) ** 2),
             lambda u: u > 0, "u > 0", "root", "cube root"),
    Function("abs", (), "Abs", abs, lambda u, m: m.sign(u),
             lambda u: u != 0, "u ≠ 0", "abs", "absolute value"),
)
# fmt: on

_BY_NAME: dict[str, Function] = {}
for _f in FUNCTIONS:
    for _spelling in (_f.name, *_f.aliases):
        _BY_NAME[_spelling] = _f


def by_name(name: str) -> Function:
    """The row for a canonical name or alias; KeyError names the unknown function."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no elementary function named {name!r} in tutor.functions") from None


def names_and_aliases() -> tuple[str, ...]:
    """Every spelling the input language accepts for a function, longest first."""
    return tuple(sorted(_BY_NAME, key=lambda s: (-len(s), s)))


def by_sympy_class(expr_or_class: Any) -> Function:
    """The row for a SymPy function application or class (``sin(x)`` or ``sympy.sin``).

    ``sqrt`` has no SymPy class (SymPy writes it as ``Pow(u, 1/2)``); callers
    that meet a square root ask ``by_name("sqrt")``.
    """
    cls = expr_or_class if isinstance(expr_or_class, type) else type(expr_or_class)
    for f in FUNCTIONS:
        if f.sympy_attr == cls.__name__:
            return f
    raise KeyError(f"no elementary function for SymPy class {cls.__name__!r} in tutor.functions")


def _float_namespace() -> SimpleNamespace:
    ns = SimpleNamespace(**{f.name: f.float_value for f in FUNCTIONS})
    ns.sign = _sign
    return ns


FLOAT = _float_namespace()
"""Canonical names -> float implementations (plus ``sign``)."""


def sympy_namespace() -> SimpleNamespace:
    """Canonical names -> SymPy constructors (plus ``sign``), imported lazily."""
    import sympy

    ns = SimpleNamespace(**{f.name: f.sympy() for f in FUNCTIONS})
    ns.sign = sympy.sign
    return ns
