"""Every row of the primitive table: its local derivatives against SymPy, over three number systems."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from tutor.autodiff.numbers import EXACT_KIND, FLOATS, GENERIC, MP_KIND
from tutor.autodiff.rules import CODE, PRIMITIVES, Code
from tutor.functions import FUNCTIONS

U, V = sp.Symbol("u", real=True), sp.Symbol("v", real=True)
SYMBOLIC = {  # the same operation written in SymPy, the independent oracle
    "add": U + V, "sub": U - V, "neg": -U, "mul": U * V, "div": U / V, "pow": U**V,
    "powc": U ** sp.Rational(5, 2), "abs": sp.Abs(U),
}
POINT = {"u": 0.6, "v": 1.7}  # inside every row's domain (|u| < 1 for asin, ...)
K = Fraction(5, 2)  # the exponent used for powc
CATALOGUE = {f.name: f for f in FUNCTIONS}


def _symbolic(name: str) -> sp.Expr:
    return SYMBOLIC.get(name) or getattr(sp, name)(U)


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_row_partials_match_sympy(name: str) -> None:
    row = PRIMITIVES[name]
    # a point inside the catalogue row's domain: 0.6, or 1.6 where |u| > 1 is needed (asec, acosh...)
    u = next(c for c in (POINT["u"], 1.6) if name not in CATALOGUE or CATALOGUE[name].domain(c))
    a, b = u, (POINT["v"] if row.arity == 2 else None)
    expr = _symbolic(name)
    subs = {U: u, V: POINT["v"]}
    assert math.isclose(row.value(GENERIC, a, b, K), float(expr.subs(subs)), rel_tol=1e-12)
    for local, wrt in zip(row.partials(GENERIC, a, b, K), (U, V)):
        assert math.isclose(float(local), float(sp.diff(expr, wrt).subs(subs)), rel_tol=1e-12), (name, wrt)


@pytest.mark.parametrize("name", ["sin", "log", "atan", "tanh", "sqrt"])
def test_rows_work_over_mpmath_and_exact_numbers(name: str) -> None:
    row = PRIMITIVES[name]
    with mpmath.workdps(40):
        hp = row.partials(GENERIC, MP_KIND.number(Fraction(3, 5)), None, None)[0]
        assert isinstance(hp, mpmath.mpf)
    exact = row.partials(GENERIC, EXACT_KIND.number(Fraction(3, 5)), None, None)[0]
    expected = sp.diff(getattr(sp, name)(U), U).subs(U, sp.Rational(3, 5))
    assert sp.simplify(exact - expected) == 0
    assert abs(sp.Float(mpmath.nstr(hp, 40), 40) - expected.evalf(40)) < sp.Float("1e-35")


def test_rows_print_as_code_and_as_math() -> None:
    mul = PRIMITIVES["mul"]
    assert [p.text for p in mul.partials(CODE, Code("u"), Code("v"), None)] == ["v", "u"]
    assert PRIMITIVES["tanh"].partials(CODE, Code("u"), None, None)[0].text == "(1 - (tanh(u) ** 2))"
    assert FLOATS.powc(-8.0, Fraction(1, 3)) == pytest.approx(-2.0)
