"""No step's result is anything but the derivative of its expression (≥ 1000 random expressions).

The oracle is independent of the rules: ``sympy.diff`` of the step's own
expression, compared numerically at random points where both are defined.
"""

from __future__ import annotations

import math
import random

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.functions import FUNCTIONS
from tutor.explain import explain
from tutor.explain.derivation import rule_step
from tutor.autodiff.evaluator import Evaluator
from tutor.explain.rules import ExplainError
from tutor.explain.steps import symbol, walk

EXPRESSIONS = 1000  # the floor for the property test


X = sympy.Symbol("x", real=True)
Y = sympy.Symbol("y", real=True)
EXPONENTS = (2, 3, -1, -2, sympy.Rational(1, 2), sympy.Rational(1, 3), sympy.Rational(3, 2))


def leaf(rng: random.Random, two_variables: bool) -> sympy.Expr:
    choices = [X, X, X, sympy.Integer(rng.randint(1, 5)), sympy.Rational(1, 2), sympy.pi]
    if two_variables:
        choices += [Y, Y]
    return rng.choice(choices)


def expression(rng: random.Random, depth: int = 3, two_variables: bool = False) -> sympy.Expr:
    """A random expression tree of at most ``depth`` levels (x, maybe y, numbers, π)."""
    if depth == 0 or rng.random() < 0.25:
        return leaf(rng, two_variables)
    sub = lambda: expression(rng, depth - 1, two_variables)  # noqa: E731
    kind = rng.choice(["add", "sub", "mul", "div", "pow", "fn", "fn", "fn", "exp-base", "log-base", "self-power"])
    if kind == "add":
        return sub() + sub()
    if kind == "sub":
        return sub() - sub()
    if kind == "mul":
        return sub() * sub()
    if kind == "div":
        return sub() / sub()
    if kind == "pow":
        return sub() ** rng.choice(EXPONENTS)
    if kind == "exp-base":
        return rng.choice([2, 3, sympy.Rational(1, 2), 10]) ** sub()
    if kind == "log-base":
        return sympy.log(sub(), rng.choice([2, 10]))
    if kind == "self-power":
        return sub() ** sub()
    return rng.choice(FUNCTIONS).sympy()(sub())


def _draw(rng: random.Random, i: int) -> float:
    # three ranges so that asin-like (|u| < 1) and log-like (u > 1) domains both get points
    return (rng.uniform(-3, 3), rng.uniform(-0.95, 0.95), rng.uniform(1.05, 4))[i % 3]


def _wrong_steps(expr: sympy.Expr, wrt: str, rng: random.Random) -> tuple[list[str], int]:
    """Steps whose result disagrees with sympy.diff of their expression; and how many agreed somewhere."""
    try:
        root = rule_step(expr, wrt)
    except ExplainError:
        return [], 0
    wrong, checked = [], 0
    for step in walk(root):
        oracle = sympy.diff(step.expr, symbol(step.wrt))
        names = sorted({s.name for s in step.expr.free_symbols | step.result.free_symbols} | {step.wrt})
        agreed = 0
        for i in range(12):
            ev = Evaluator({n: _draw(rng, i) for n in names})
            try:
                want, got = ev(oracle), ev(step.result)
            except ValueError:
                continue
            if not (math.isfinite(want) and math.isfinite(got)) or abs(want) > 1e8:
                continue
            if abs(want - got) > 1e-6 * max(1.0, abs(want)):
                wrong.append(f"{step.rule}: d/d{step.wrt} {step.expr} = {step.result}, expected {oracle}")
                break
            agreed += 1
            if agreed >= 2:
                break
        checked += agreed > 0
    return wrong, checked


@pytest.mark.slow
def test_every_step_of_1000_random_expressions_is_a_derivative() -> None:
    rng = random.Random(20241126)
    wrong: list[str] = []
    checked = 0
    for n in range(EXPRESSIONS):
        expr = expression(rng, depth=3, two_variables=n % 4 == 0)
        while expr.has(sympy.zoo, sympy.oo, sympy.nan):  # coth(0), acoth(1): never a typed answer
            expr = expression(rng, depth=3, two_variables=n % 4 == 0)
        bad, count = _wrong_steps(expr, "x", rng)
        wrong += bad
        checked += count
    print(f"property: {EXPRESSIONS} expressions, {checked} steps checked numerically, {len(wrong)} wrong")
    assert not wrong, wrong[:5]
    assert checked > 2 * EXPRESSIONS  # most steps have points in their domain: the check is not vacuous


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_explain_verifies_random_expressions_against_the_ad_engine(seed: int) -> None:
    """The full pipeline (rules, simplification, AD verification) never raises on a valid expression."""
    expr = expression(random.Random(seed), depth=2)
    if symbol("x") not in expr.free_symbols:
        return
    try:
        root = explain(expr, ["x"])
    except ExplainError:
        return
    assert root.rule == "derivation"


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_a_correct_derivative_is_never_diagnosed(seed: int) -> None:
    """Whatever form SymPy's own diff gives it in, a right answer gets no mistake."""
    from tutor.explain import diagnose

    rng = random.Random(seed)
    expr = expression(rng, depth=3, two_variables=seed % 3 == 0)
    if X not in expr.free_symbols:
        return
    try:
        found = diagnose(expr, sympy.diff(expr, X), ["x"])
    except ExplainError:
        return
    assert found is None, (expr, [m.id for m in found.matches])
