"""Property tests: every mode of the engine agrees with every other and with SymPy's diff.

Random expression trees over x and y are built in code (never from text). At a
random point inside the domain (points where the engine raises DomainError,
or where values get huge, are rejected) forward mode (the tape over dual
numbers and nested tagged duals), reverse mode (the tape's interpreter), the
recorded graph (``Graph``: backward sweep and forward tangents), the
first-order Taylor pass and the compiled adjoint program must equal SymPy's
symbolic derivative evaluated with ``evalf`` to 1e-9 relative.
"""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tutor.autodiff import DomainError, Graph, compile_expression
from tutor.autodiff.numbers import FLOAT_KIND, new_tag
from tutor.autodiff.tape import evaluate, forward, reverse
from tutor.autodiff.taylor import Taylor
from tutor.functions import FUNCTIONS

X, Y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)
VARS = ["x", "y"]
TOL = 1e-9  # the agreement bound; everything here is double precision vs 30-digit SymPy
HUGE = 1e6  # beyond this, float rounding in intermediate values dominates the comparison

UNARY = [f.sympy() for f in FUNCTIONS]  # every row of the catalogue, so a new row is tested at once

leaves = st.one_of(
    st.sampled_from([X, Y]),
    st.integers(1, 4).map(sp.Integer),
    st.sampled_from([sp.Rational(1, 2), sp.Rational(-3, 2), sp.pi, sp.E]),
)


def _extend(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.tuples(children, children).map(lambda t: t[0] + t[1]),
        st.tuples(children, children).map(lambda t: t[0] - t[1]),
        st.tuples(children, children).map(lambda t: t[0] * t[1]),
        st.tuples(children, children).map(lambda t: t[0] / t[1]),
        st.tuples(children, st.sampled_from([2, 3, -1, -2, sp.Rational(3, 2)])).map(lambda t: t[0] ** t[1]),
        st.tuples(children, children).map(lambda t: sp.exp(t[1] * sp.log(2 + t[0] ** 2))),
        st.tuples(st.sampled_from(UNARY), children).map(lambda t: t[0](t[1])),
    )


expressions = st.recursive(leaves, _extend, max_leaves=6).filter(lambda e: (e.has(X) or e.has(Y)) and not e.has(sp.I, sp.zoo, sp.nan, sp.oo))
points = st.tuples(st.floats(-2.5, 2.5), st.floats(-2.5, 2.5)).map(lambda p: {"x": round(p[0], 3), "y": round(p[1], 3)})


def _oracle(expr: sp.Expr, point: dict[str, float], *wrt: sp.Symbol) -> float:
    # acot has the textbook range (0, pi) in calctutor; SymPy's is (-pi/2, pi/2].
    expr = expr.replace(sp.acot, lambda u: sp.pi / 2 - sp.atan(u))
    subs = {X: sp.Rational(str(point["x"])), Y: sp.Rational(str(point["y"]))}
    value = sp.diff(expr, *wrt).evalf(30, subs=subs) if wrt else expr.evalf(30, subs=subs)
    assume(value.is_real and value.is_finite)
    return float(value)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=TOL, abs_tol=TOL)


def _compiled_or_reject(expr: sp.Expr, point: dict[str, float]):
    tape = compile_expression(expr, VARS)
    try:
        value, grad = tape.value_and_gradient(point)
    except DomainError:
        assume(False)
    assume(all(math.isfinite(v) and abs(v) < HUGE for v in (value, *grad.values())))
    return tape, value, grad


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(expressions, points)
def test_all_modes_agree_with_sympy(expr: sp.Expr, point: dict[str, float]) -> None:
    tape, value, grad = _compiled_or_reject(expr, point)
    xs = [point["x"], point["y"]]
    _, adjoints = reverse(tape.tape, xs, FLOAT_KIND)
    graph = Graph()
    nodes = graph.variables(xs)
    out = evaluate(tape.tape, nodes, FLOAT_KIND)[tape.tape.output]  # the same program, recorded as a graph
    assert _close(out.value, value)
    swept = graph.backward(out)
    for i, name in enumerate(VARS):
        seed = [1.0 if j == i else 0.0 for j in range(2)]
        primals, tangents = forward(tape.tape, xs, seed, FLOAT_KIND)
        nested = tape.derivative(point, [name])  # tagged duals
        tag = new_tag()
        lifted = [Taylor.variable(x, 1, tag) if j == i else x for j, x in enumerate(xs)]
        taylor = Taylor.coefficient(evaluate(tape.tape, lifted, FLOAT_KIND)[tape.tape.output], 1, tag)
        expected = _oracle(expr, point, X if name == "x" else Y)
        graph_tangent = graph.tangents({nodes[i]: 1.0})[out.index]
        for got in (grad[name], adjoints[i], tangents[tape.tape.output], taylor, nested, swept[nodes[i]], graph_tangent):
            assert _close(float(got), expected), (expr, point, name, got, expected)
    assert _close(value, _oracle(expr, point))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(expressions, points)
def test_second_derivatives_agree_with_sympy(expr: sp.Expr, point: dict[str, float]) -> None:
    tape, _, _ = _compiled_or_reject(expr, point)
    for wrt, symbols in ((["x", "x"], (X, X)), (["x", "y"], (X, Y)), (["y", "y"], (Y, Y))):
        try:
            got = float(tape.derivative(point, wrt))
        except DomainError:
            assume(False)
        expected = _oracle(expr, point, *symbols)
        assume(abs(expected) < HUGE)
        assert math.isclose(got, expected, rel_tol=1e-7, abs_tol=1e-7), (expr, point, wrt, got, expected)


@settings(max_examples=30, deadline=None)
@given(expressions, points)
def test_high_precision_matches_sympy_to_many_digits(expr: sp.Expr, point: dict[str, float]) -> None:
    _compiled_or_reject(expr, point)
    tape = compile_expression(expr, VARS)
    got = tape.derivative(point, ["x"], precision=30)
    # the point itself is a double: mpmath sees its exact binary value, so feed SymPy the same
    subs = {X: sp.Rational(point["x"]), Y: sp.Rational(point["y"])}
    expected = sp.diff(expr, X).evalf(40, subs=subs)
    assume(expected.is_real and expected.is_finite)
    assert abs(sp.Float(mpmath.nstr(got, 40), 40) - expected) <= sp.Float("1e-25") * max(1, abs(expected))


def test_jacobian_columns_equal_rows() -> None:
    from tutor.autodiff import ops
    from tutor.autodiff.graph import jacobian_forward, jacobian_reverse

    def f(v):
        x, y, z = v
        return [x * y * z, ops.sin(x) + y**2 / z, ops.exp(x - z) * ops.log(y), x]

    cols = jacobian_forward(f, [0.3, 1.7, 2.2])
    rows = jacobian_reverse(f, [0.3, 1.7, 2.2])
    assert len(rows) == 4 and len(rows[0]) == 3
    for r_fwd, r_rev in zip(cols, rows):
        for a, b in zip(r_fwd, r_rev):
            assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


@pytest.mark.parametrize(
    ("expr", "point", "expected_value", "expected_slope"),
    [
        (X ** sp.Rational(1, 3), -8.0, -2.0, 1 / 12),  # the real cube root, not SymPy's complex branch
        (X ** sp.Rational(2, 3), -8.0, 4.0, -1 / 3),
        (X**3, -2.0, -8.0, 12.0),
        (1 / X**2, -2.0, 0.25, 0.25),
    ],
)
def test_real_roots_and_negative_bases(expr, point, expected_value, expected_slope) -> None:
    tape = compile_expression(expr, ["x"])
    assert math.isclose(tape.value({"x": point}), expected_value, rel_tol=1e-12)
    assert math.isclose(tape.gradient({"x": point})["x"], expected_slope, rel_tol=1e-12)
    assert math.isclose(tape.derivative({"x": point}, ["x"]), expected_slope, rel_tol=1e-12)


def test_even_root_of_negative_is_a_domain_error() -> None:
    tape = compile_expression(X ** sp.Rational(3, 4), ["x"])
    with pytest.raises(DomainError, match="power"):
        tape.gradient({"x": -1.0})


@pytest.mark.parametrize("row", FUNCTIONS, ids=[f.name for f in FUNCTIONS])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.floats(-3, 3), st.sampled_from([X, 2 * X - Y, X * Y, X**2 + Y / 2, 1 / (1 + X**2)]))
def test_each_catalogue_row_agrees_forward_reverse_and_sympy(row, u: float, inner: sp.Expr) -> None:
    """Every row of tutor/functions.py, alone and through the chain rule, inside its domain."""
    point = {"x": round(u, 3), "y": 0.7}
    inner_value = float(inner.subs({X: sp.Rational(str(point["x"])), Y: sp.Rational(str(point["y"]))}))
    assume(row.domain(inner_value) and abs(inner_value) < 50)
    expr = row.sympy()(inner)
    tape, _, grad = _compiled_or_reject(expr, point)
    _, adjoints = reverse(tape.tape, [point["x"], point["y"]], FLOAT_KIND)
    _, tangents = forward(tape.tape, [point["x"], point["y"]], [1.0, 0.0], FLOAT_KIND)
    expected = _oracle(expr, point, X)
    for got in (grad["x"], adjoints[0], tangents[tape.tape.output]):
        assert _close(float(got), expected), (row.name, expr, point, got, expected)
