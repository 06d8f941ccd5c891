"""``diagnose_dual``: mistakes in dual-number arithmetic, a + bε with ε² = 0.

The question (a SymPy expression in ε) is evaluated once with the correct
dual arithmetic and once per buggy arithmetic — each a row of ``ALGEBRAS``
that changes one operation (product without cross terms, ε² kept, f(a + bε)
lifted without the factor b, division component by component). The answer's
coefficients of 1, ε, ε² are compared with each.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Callable, Optional

import sympy

from tutor.explain.catalogue import mistake_info
from tutor.explain.diagnosis import Diagnosis, MistakeMatch
from tutor.explain.wording import show
from tutor.functions import by_sympy_class, sympy_namespace
from tutor.parsing import variable

__all__ = ["diagnose_dual", "ALGEBRAS", "dual_value"]

Expr = Any
Coeffs = tuple[Expr, Expr, Expr]  # coefficients of 1, ε, ε²
EPSILON = variable("ε")


@dataclass(frozen=True)
class Algebra:
    """Dual arithmetic with (maybe) one operation done wrong."""

    id: str  # the mistake id ("" for the correct arithmetic)
    mul: Callable[[Coeffs, Coeffs], Coeffs]
    div: Callable[[Coeffs, Coeffs], Coeffs]
    lift_factor: bool  # f(a + bε) = f(a) + b·f'(a)ε (True) or f(a) + f'(a)ε (False)
    message: str = ""  # its math in backticks (printed per target by ``said``)

    @property
    def said(self) -> str:
        """The message as the current printer target writes it."""
        from tutor.parsing.prose import say

        return say(self.message)


def _mul(p: Coeffs, q: Coeffs) -> Coeffs:
    a, b, _ = p
    c, d, _ = q
    return (a * c, a * d + b * c, sympy.Integer(0))


def _mul_keep_eps2(p: Coeffs, q: Coeffs) -> Coeffs:
    (a, b, e), (c, d, f) = p, q
    return (a * c, a * d + b * c, b * d + a * f + e * c)


def _mul_componentwise(p: Coeffs, q: Coeffs) -> Coeffs:
    return (p[0] * q[0], p[1] * q[1], sympy.Integer(0))


def _div(p: Coeffs, q: Coeffs) -> Coeffs:
    a, b, _ = p
    c, d, _ = q
    return (a / c, (b * c - a * d) / c**2, sympy.Integer(0))


def _div_componentwise(p: Coeffs, q: Coeffs) -> Coeffs:
    return (p[0] / q[0], p[1] / q[1] if q[1] != 0 else sympy.nan, sympy.Integer(0))


# fmt: off
ALGEBRAS: tuple[Algebra, ...] = (
    Algebra("", _mul, _div, True),
    Algebra("dual.cross-term-missing", _mul_componentwise, _div, True,
            "you multiplied the parts separately, `(a + b ε)(c + d ε) = a c + b d ε`; the `ε` part is `a d + b c`"),
    Algebra("dual.cross-term-missing", lambda p, q: (p[0] * q[0], sympy.Integer(0), sympy.Integer(0)), _div, True,
            "you dropped the cross terms `a d + b c` of `(a + b ε)(c + d ε)`; they are the `ε` part"),
    Algebra("dual.epsilon-squared-kept", _mul_keep_eps2, _div, True,
            "you kept the `b d ε^2` term; `ε^2 = 0`, so it vanishes"),
    Algebra("dual.b-factor-missing", _mul, _div, False,
            "`f(a + b ε) = f(a) + b f'(a) ε`: you left out the factor `b`"),
    Algebra("dual.componentwise-division", _mul, _div_componentwise, True,
            "you divided the parts separately; `(a + b ε)/(c + d ε) = a/c + ((b c - a d)/c^2) ε`"),
)
# fmt: on


ONE: Coeffs = (sympy.Integer(1), sympy.Integer(0), sympy.Integer(0))


def _is_divisor(f: Expr) -> bool:
    return bool(f.is_Pow and f.exp.is_Integer and f.exp < 0)


def _product(parts: list[Coeffs], algebra: "Algebra") -> Coeffs:
    if not parts:
        return ONE
    out = parts[0]
    for p in parts[1:]:
        if p[1] == 0 and p[2] == 0 or out[1] == 0 and out[2] == 0:  # a scalar times a dual: exact in every algebra
            out = _mul_keep_eps2(out, p)
        else:
            out = algebra.mul(out, p)
    return out


def dual_value(expr: Expr, algebra: Algebra = ALGEBRAS[0]) -> Coeffs:
    """The coefficients (1, ε, ε²) of a dual-number expression under an arithmetic."""
    if expr == EPSILON:
        return (sympy.Integer(0), sympy.Integer(1), sympy.Integer(0))
    if EPSILON not in expr.free_symbols:
        return (expr, sympy.Integer(0), sympy.Integer(0))
    if expr.is_Add:
        parts = [dual_value(a, algebra) for a in expr.args]
        return tuple(sympy.Add(*(p[i] for p in parts)) for i in range(3))
    if expr.is_Mul:
        # Fold from the first factor (not from 1): a componentwise product must see the real operands.
        nums = [dual_value(f, algebra) for f in expr.args if not _is_divisor(f)]
        dens = [dual_value(f.base ** (-f.exp), algebra) for f in expr.args if _is_divisor(f)]
        num = _product(nums, algebra)
        return num if not dens else algebra.div(num, _product(dens, algebra))
    if expr.is_Pow and expr.exp.is_Integer:
        base = dual_value(expr.base, algebra)
        out = _product([base] * abs(int(expr.exp)), algebra)
        return out if expr.exp > 0 else algebra.div(ONE, out)
    a, b, _ = dual_value(expr.args[0] if not expr.is_Pow else expr.base, algebra)
    if expr.is_Pow:  # x^k for a non-integer constant k
        k = expr.exp
        value, slope = a**k, k * a ** (k - 1)
    else:
        fn = by_sympy_class(expr)
        value, slope = fn.sympy()(a), fn.derivative(a, sympy_namespace())
    return (value, (b if algebra.lift_factor else 1) * slope, sympy.Integer(0))


def _coefficients(answer: Expr) -> Optional[Coeffs]:
    poly = sympy.expand(answer).as_poly(EPSILON)
    if poly is None or poly.degree() > 2:
        return None
    c = poly.all_coeffs()[::-1] + [sympy.Integer(0)] * 3
    return (c[0], c[1], c[2])


def _basic(e: Any) -> Expr:
    return e if isinstance(e, sympy.Basic) else sympy.Integer(e)


def _same(p: Coeffs, q: Coeffs, rng: random.Random) -> bool:
    symbols = sorted({s for e in (*p, *q) for s in _basic(e).free_symbols}, key=str)
    for _ in range(3):  # three random points for any letters left in the coefficients
        point = {s: rng.uniform(0.5, 2.0) for s in symbols}
        for x, y in zip(p, q):
            try:
                diff = complex(sympy.N(sympy.Add(x, -y).subs(point)))
            except (TypeError, ValueError):
                return False
            if abs(diff) > 1e-9 * max(1.0, abs(complex(sympy.N(sympy.Add(y).subs(point))))):
                return False
    return True


def diagnose_dual(question: Expr, answer: Expr) -> Optional[Diagnosis]:
    """The dual-arithmetic mistake that turns ``question`` into ``answer`` (None: correct or unexplained)."""
    got = _coefficients(answer)
    if got is None:
        return None
    rng = random.Random(0)
    correct = dual_value(question, ALGEBRAS[0])
    if _same(correct, got, rng):
        return None
    matches: list[MistakeMatch] = []
    for algebra in ALGEBRAS[1:]:
        try:
            wrong = dual_value(question, algebra)
        except (ZeroDivisionError, TypeError, KeyError):
            continue
        if wrong != correct and _same(wrong, got, rng) and algebra.id not in {m.id for m in matches}:
            info = mistake_info(algebra.id)
            candidate = wrong[0] + wrong[1] * EPSILON + wrong[2] * EPSILON**2
            matches.append(MistakeMatch(algebra.id, info.title, f"in {show(question)}: {algebra.said}", question, candidate))
    if not matches:
        return None
    expected = correct[0] + correct[1] * EPSILON
    return Diagnosis(tuple(matches), expected, answer)
