"""The number systems the engine computes over, and the one error it raises.

The primitive table (``rules.py``) and the elementary-function catalogue
(``tutor/functions.py``) are written once over a *namespace* ``m`` that
supplies ``m.sin``, ``m.sqrt``, ``m.sign``, ``m.powc``... This module builds
the namespaces:

* ``FLOATS`` – Python floats and ``math`` (fast; the checker's default);
* ``MPMATH`` – ``mpmath.mpf`` at any working precision (cancellation-safe);
* ``EXACT`` – SymPy numbers, so ``(3+2ε)(1-ε)`` is exactly ``3 - ε``;
* ``GENERIC`` – dispatches on the argument: a dual number or Taylor
  polynomial lifts the function (this is what makes nesting work), a scalar is
  checked against the function's real domain and handed to one of the above.

A ``Kind`` turns the tape's exact constants (``Fraction``, ``"E"``, ``"pi"``)
into numbers of one system. SymPy and mpmath are imported lazily: the CLI's
``--help`` must not pay for them.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from types import SimpleNamespace
from typing import Any, Callable

from tutor.errors import UserError
from tutor.functions import FLOAT, FUNCTIONS, Function
from tutor.parsing.printer import glyph, relations

__all__ = [
    "DomainError",
    "UnsupportedExpression",
    "Kind",
    "FLOAT_KIND",
    "MP_KIND",
    "EXACT_KIND",
    "GENERIC",
    "FLOATS",
    "LIFTED",
    "new_tag",
    "primal_of",
    "real_powc",
    "show_number",
    "kind_of",
    "FAST_FLOAT",
]


class DomainError(UserError, ValueError):
    """An operation met a value outside its real domain (log of -2, 1/0, |u|' at 0 ...)."""

    def __init__(self, operation: str, value: Any, requirement: str) -> None:
        shown = show_number(value)
        function = _function_text(operation)
        # A function's row gives the domain of the function *and* its derivative (√u at 0 has a value but
        # no derivative), so say that, not "undefined"; other operations are undefined where they fail.
        super().__init__(
            f"{function} and its derivative need {relations(requirement)}; here u = {shown}" if function
            else f"{operation} is undefined at {shown}: it needs {relations(requirement)}",
            hint="choose a point inside the domain of every part of the expression",
        )
        self.operation = operation
        self.value = value
        self.requirement = requirement


def _function_text(operation: str) -> str:
    """A function the engine names (log, sqrt) as students read it, ln(u), √u; "" for other operations."""
    if operation not in {f.name for f in FUNCTIONS}:
        return ""
    from tutor.parsing import notation as M
    from tutor.parsing.printer import show

    return show(M.call(operation, M.var("u")))


class UnsupportedExpression(UserError, ValueError):
    """The expression uses something the AD engine has no primitive for."""


_TAGS = itertools.count(1)  # tag 0 is the plain, untagged ε of the dual command


def new_tag() -> int:
    """A fresh perturbation tag; later tags nest *inside* earlier ones (higher = inner)."""
    return next(_TAGS)


LIFTED: dict[type, Any] = {}
"""Engine value types (Dual, Taylor, graph GraphNode) -> a factory ``row -> (value -> f(value))``.

``GENERIC.sin`` asks the factory once per type and keeps the specialised
function: the hot path of forward and reverse mode is then one dict lookup
and one call."""


def primal_of(x: Any) -> Any:
    """The innermost real part of a (possibly nested) dual/Taylor/graph value."""
    while type(x) in LIFTED:
        x = x.primal
    return x


def show_number(x: Any) -> str:
    """A short human spelling: 0.5, -2, 1/3, sin(4) ..."""
    x = primal_of(x)
    if isinstance(x, (int, float)):  # the sign as the printer writes it: −2 (plain: -2)
        return f"{glyph('minus')}{-x:.12g}" if x < 0 else f"{x:.12g}"
    from tutor.parsing.printer import show

    try:
        return show(x)  # a SymPy number in student notation: √2, π (not sqrt(2), pi)
    except Exception:  # noqa: BLE001 - a value the printer does not know (a nested dual): its own spelling
        return str(x)


def _as_float(x: Any) -> float | None:
    try:
        return float(primal_of(x))
    except (TypeError, ValueError, OverflowError):
        return None  # symbolic (a SymPy symbol): no domain to check


def check_domain(row: Function, u: Any) -> None:
    value = _as_float(u)
    if value is not None and not row.domain(value):
        raise DomainError(row.name, u, row.domain_text)


# ---------------------------------------------------------------- constant exponents


def powc_domain(a: float, k: Fraction) -> bool:
    """Where u^k (k a constant) is a real number; the derivative k·u^(k−1) checks itself."""
    if k.denominator % 2 == 0 and a < 0:
        return False  # even roots of negatives are not real
    return k >= 0 or a != 0


def real_powc(a: Any, k: Fraction, power: Callable[[Any, Any], Any], exponent: Any) -> Any:
    """u^k with SymPy's *real* reading of odd roots: (-8)^(1/3) = -2, (-8)^(2/3) = 4.

    SymPy's principal branch makes (-8)^(1/3) complex; a student who writes
    x^(1/3) means the real cube root, so for an odd denominator we take
    sign(u)^p · |u|^(p/q). Even denominators of negatives are a DomainError
    upstream. ``power(base, exponent)`` does the actual raising.
    """
    if k.denominator == 1:
        return a ** int(k)
    if a < 0:
        magnitude = power(-a, exponent)
        return -magnitude if k.numerator % 2 else magnitude
    return power(a, exponent)


def _float_powc(a: float, k: Fraction) -> float:
    if k.denominator == 1:
        return a ** int(k)
    if a < 0 and k.denominator % 2 == 0:
        raise ValueError("even root of a negative number")
    return real_powc(a, k, math.pow, k.numerator / k.denominator)


def _float_powpq(a: float, p: int, q: int) -> float:
    """u^(p/q) for the generated code (which may not hold Fraction objects)."""
    return _float_powc(a, Fraction(p, q))


def _strict_sign(u: float) -> float:
    # |u|' = sign(u) only for u != 0 (course notes); raising sends the compiled
    # code to the checked interpreter, which names the operation.
    if u == 0:
        raise ValueError("sign(0): |u| has no derivative at 0")
    return 1.0 if u > 0 else -1.0


def _float_pow(a: float, b: float) -> float:
    return math.pow(a, b)


FLOATS = SimpleNamespace(**vars(FLOAT))
FLOATS.powc = _float_powc
FLOATS.pow = _float_pow
FLOATS.div = lambda a, b: a / b
"""Float namespace: ``tutor.functions.FLOAT`` plus the engine's power functions."""


def _mp_namespace() -> SimpleNamespace:
    import mpmath

    ns = SimpleNamespace(**{f.name: getattr(mpmath, f.name) for f in FUNCTIONS if f.name != "abs"})
    ns.abs = mpmath.fabs
    ns.sign = mpmath.sign
    ns.acot = lambda u: mpmath.pi / 2 - mpmath.atan(u)  # range (0, pi) as in tutor.functions

    def powc(a: Any, k: Fraction) -> Any:
        return real_powc(a, k, mpmath.power, mpmath.mpf(k.numerator) / k.denominator)

    ns.powc = powc
    ns.pow = mpmath.power
    ns.div = lambda a, b: a / b
    return ns


def _exact_namespace() -> SimpleNamespace:
    import sympy

    from tutor.functions import sympy_namespace

    ns = sympy_namespace()

    def powc(a: Any, k: Fraction) -> Any:
        exponent = sympy.Rational(k.numerator, k.denominator)
        if getattr(a, "is_number", False) and a.is_extended_real:
            return real_powc(a, k, lambda base, e: base**e, exponent)
        return a**exponent  # a symbol: keep u^(p/q) as written

    ns.powc = powc
    ns.pow = lambda a, b: a**b
    ns.div = lambda a, b: a / b
    return ns


@dataclass(frozen=True)
class Kind:
    """One number system: its namespace and how tape constants become its numbers."""

    name: str
    _namespace: Callable[[], SimpleNamespace]
    _constant: Callable[[Any], Any]
    _input: Callable[[Any], Any]

    @property
    def ns(self) -> SimpleNamespace:
        cached = _NAMESPACES.get(self.name)
        if cached is None:
            cached = _NAMESPACES[self.name] = self._namespace()
        return cached

    def constant(self, c: Any) -> Any:
        """A tape constant (Fraction, float, "E" or "pi") as a number of this kind."""
        return self._constant(c)

    def number(self, x: Any) -> Any:
        """An input value (float, int, SymPy or mpmath number) as a number of this kind."""
        return self._input(x)


_NAMESPACES: dict[str, SimpleNamespace] = {"float": FLOATS}


def _float_constant(c: Any) -> float:
    if c == "E":
        return math.e
    if c == "pi":
        return math.pi
    return float(c)


def _mp_constant(c: Any) -> Any:
    import mpmath

    if c == "E":
        return mpmath.e + 0  # "+ 0" evaluates the lazy constant at the current precision
    if c == "pi":
        return mpmath.pi + 0
    if isinstance(c, Fraction):
        return mpmath.mpf(c.numerator) / c.denominator
    return mpmath.mpf(c)


def _mp_input(x: Any) -> Any:
    import mpmath

    if isinstance(x, Fraction):
        return mpmath.mpf(x.numerator) / x.denominator
    if type(x).__module__.startswith("sympy"):
        return mpmath.mpf(x.evalf(mpmath.mp.dps + 5))
    return mpmath.mpf(x)


def _exact_constant(c: Any) -> Any:
    import sympy

    if c == "E":
        return sympy.E
    if c == "pi":
        return sympy.pi
    if isinstance(c, Fraction):
        return sympy.Rational(c.numerator, c.denominator)
    return sympy.Float(c)


def _exact_input(x: Any) -> Any:
    import sympy

    if isinstance(x, Fraction):
        return sympy.Rational(x.numerator, x.denominator)
    if isinstance(x, (int, float)):
        return sympy.nsimplify(x) if isinstance(x, float) else sympy.Integer(x)
    return x


FLOAT_KIND = Kind("float", lambda: FLOATS, _float_constant, float)
MP_KIND = Kind("mpmath", _mp_namespace, _mp_constant, _mp_input)
EXACT_KIND = Kind("exact", _exact_namespace, _exact_constant, _exact_input)


def kind_of(x: Any) -> Kind:
    """The number system of a scalar: floats, mpmath or SymPy."""
    t = type(x)
    if t is float or t is int or t is bool:
        return FLOAT_KIND
    module = t.__module__
    if module.startswith("mpmath"):
        return MP_KIND
    if module.startswith("sympy"):
        return EXACT_KIND
    return FLOAT_KIND


# ---------------------------------------------------------------- the generic namespace


def _generic_function(row: Function) -> Callable[[Any], Any]:
    name = row.name

    specialised: dict[type, Callable[[Any], Any]] = {}

    def call(u: Any) -> Any:
        f = specialised.get(type(u))
        if f is not None:
            return f(u)
        factory = LIFTED.get(type(u))
        if factory is not None:
            f = specialised[type(u)] = factory(row)
            return f(u)
        check_domain(row, u)
        return getattr(kind_of(u).ns, name)(u)

    call.__name__ = name
    return call


def _generic_sign(u: Any) -> Any:
    u = primal_of(u)  # the sign of a perturbed number is the sign of its real part
    if u == 0:
        raise DomainError("sign (the derivative of |u|)", u, "u ≠ 0")
    return 1 if u > 0 else -1


def _generic_powc(u: Any, k: Fraction) -> Any:
    if type(u) in LIFTED:
        return u ** k
    value = _as_float(u)
    if value is not None and not powc_domain(value, k):
        raise DomainError(f"power ^({k})", u, _powc_text(k))
    return kind_of(u).ns.powc(u, k)


def _powc_text(k: Fraction) -> str:
    if k.denominator % 2 == 0:
        return "u ≥ 0 (an even root), and u ≠ 0 for a negative power"
    return "u ≠ 0 (a negative power of 0 is a division by 0)"


def _generic_pow(u: Any, v: Any) -> Any:
    if type(u) in LIFTED or type(v) in LIFTED:
        return u**v
    value = _as_float(u)
    if value is not None and not value > 0:
        raise DomainError("power u^v with a variable exponent", u, "u > 0")
    return kind_of(u).ns.pow(u, v)


def _generic_div(u: Any, v: Any) -> Any:
    if primal_of(v) == 0:
        raise DomainError("division", v, "a divisor v ≠ 0")
    return u / v


FAST_FLOAT: dict[str, tuple[Callable[[float], float], Callable[[Any, Any], Any], Callable[[float], bool] | None]] = {
    f.name: (getattr(FLOATS, f.name), f.derivative, None if f.domain_text == "every real u" else f.domain)
    for f in FUNCTIONS
}
"""name -> (float value, derivative(u, m), domain check or None when defined everywhere): the hot path."""


GENERIC = SimpleNamespace(**{f.name: _generic_function(f) for f in FUNCTIONS})
GENERIC.sign = _generic_sign
GENERIC.powc = _generic_powc
GENERIC.pow = _generic_pow
GENERIC.div = _generic_div
"""Functions that accept any engine value: scalars (checked), duals, Taylor polynomials, graph nodes."""
