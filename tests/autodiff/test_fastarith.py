"""Dual numbers and graph nodes take + − × ÷ and powers from the one table (rules.py).

``fastarith.py`` prints each row into the operators of ``Dual`` and ``GraphNode``; the general
paths call the rows. Here every operator, on every path (same-tag duals, a float on either
side, exact SymPy numbers, nested tags, graph nodes and constants), is compared with the
row's own ``value`` and ``partials``.
"""

from __future__ import annotations

import operator
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.autodiff import DomainError, Dual
from tutor.autodiff.fastarith import OPERATORS, printed
from tutor.autodiff.graph import Graph
from tutor.autodiff.numbers import FLOATS, GENERIC, new_tag
from tutor.autodiff.rules import PRIMITIVES

BINARY = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv}
numbers = st.floats(-50, 50, allow_nan=False).filter(lambda v: abs(v) > 1e-3)


def _row(name: str, a: float, c: float) -> tuple[float, float, float]:
    row = PRIMITIVES[name]
    da, dc = row.partials(FLOATS, a, c, None)
    return row.value(FLOATS, a, c, None), float(da), float(dc)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(BINARY)), numbers, numbers, numbers, numbers)
def test_dual_operators_are_the_rows(name: str, a: float, b: float, c: float, d: float) -> None:
    op, tag = BINARY[name], new_tag()
    value, da, dc = _row(name, a, c)
    both = op(Dual(a, b, tag), Dual(c, d, tag))
    assert both.a == pytest.approx(value) and both.b == pytest.approx(da * b + dc * d)
    right = op(Dual(a, b, tag), c)  # a float on the right: its tangent is 0
    assert right.a == pytest.approx(value) and right.b == pytest.approx(da * b)
    left = op(a, Dual(c, d, tag))  # a float on the left (the reflected operator)
    assert left.a == pytest.approx(value) and left.b == pytest.approx(dc * d)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_exact_numbers_take_the_general_path_and_stay_exact(name: str) -> None:
    a, b, c, d = sympy.Integer(3), sympy.Integer(2), sympy.Integer(5), sympy.Rational(-1, 2)
    row = PRIMITIVES[name]
    da, dc = row.partials(GENERIC, a, c, None)
    got = BINARY[name](Dual(a, b), Dual(c, d))
    assert (got.a, got.b) == (row.value(GENERIC, a, c, None), da * b + dc * d)
    assert isinstance(got.b, sympy.Rational)  # no float crept in


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(BINARY)), numbers, numbers)
def test_graph_nodes_store_the_rows_partials(name: str, a: float, c: float) -> None:
    op = BINARY[name]
    value, da, dc = _row(name, a, c)
    graph = Graph()
    u, v = graph.variables([a, c])
    for out, want in ((op(u, v), (da, dc)), (op(u, c), (da, None)), (op(a, v), (None, dc))):
        assert out.op == name and out.value == pytest.approx(value)
        assert (out.da is None) == (want[0] is None) and (out.db is None) == (want[1] is None)
        for got, expected in zip((out.da, out.db), want):
            if expected is not None:
                assert float(got) == pytest.approx(expected)


@pytest.mark.parametrize("k", [2, 3, 7])
def test_integer_powers_inline_match_the_powc_row(k: int) -> None:
    row = PRIMITIVES["powc"]
    from fractions import Fraction

    value = row.value(FLOATS, 1.7, None, Fraction(k))
    (slope,) = row.partials(FLOATS, 1.7, None, Fraction(k))
    dual = Dual(1.7, 2.0, new_tag()) ** k
    assert dual.a == pytest.approx(value) and dual.b == pytest.approx(2.0 * slope)
    graph = Graph()
    node = graph.variable(1.7) ** k
    assert node.op == "powc" and node.da == pytest.approx(slope)


def test_division_by_zero_is_a_domain_error_on_every_path() -> None:
    tag = new_tag()
    graph = Graph()
    u = graph.variable(0.0)
    attempts = [lambda: Dual(1.0, 1.0, tag) / Dual(0.0, 1.0, tag), lambda: Dual(1.0, 1.0, tag) / 0.0,
                lambda: 1.0 / Dual(0.0, 1.0, tag), lambda: Dual(sympy.Integer(1), 1) / Dual(sympy.Integer(0), 1),
                lambda: graph.variable(1.0) / u, lambda: 1.0 / u, lambda: u / 0.0]
    for attempt in attempts:
        with pytest.raises(DomainError, match="division"):
            attempt()


def test_nested_tags_keep_perturbations_apart() -> None:
    from tutor.autodiff import derivative

    assert derivative(lambda x: x * derivative(lambda y: x + y, 1.0), 1.0) == 1.0  # not 2
    assert derivative(lambda x: derivative(lambda y: x * y / (x - y), 1.0), 3.0) == pytest.approx(-3 / 4)


def test_the_operators_are_printed_from_the_rows() -> None:
    """What the operators compute is what the table says: the printed product rule is the row's."""
    assert printed("mul") == ("(a * c)", ["c", "a"])
    assert printed("div")[1] == ["(1 / c)", "(-(v / c))"]  # −(u/v)/v, reusing the value
    assert set(OPERATORS) >= {"__mul__", "__rtruediv__"}
    root = Path(__file__).resolve().parents[2] / "tutor" / "autodiff"
    for module in ("dual.py", "graph.py"):  # no product or quotient rule restated by hand
        text = (root / module).read_text(encoding="utf-8")
        for restated in ("b * c + a * d", "self.b * c + a * o.b", "-out / v", "(b * c - a * d)"):
            assert restated not in text, (module, restated)
