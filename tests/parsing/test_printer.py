"""The one math printer: read_tree(show(t)) is t again, with the fewest parentheses; one notation."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.functions import FUNCTIONS
from tutor.parsing.notation import (
    Node, add, apply, call, const, deriv, div, eq, from_sympy, mul, neg, num, power, rate, read_tree, same, sub, var,
)
from tutor.parsing.printer import operator, show
from tutor.parsing.tree import Node as ParserNode

x, y = var("x"), var("y")
NOWHERE = from_sympy(sympy.Integer(0)).span
# every catalogue row (sech, acoth, cbrt ... print as the parser spells them), plus the special-cased ones
FUNCTION_NAMES = sorted({f.name for f in FUNCTIONS} | {"exp", "log", "sqrt", "abs"})


def _node(op: str, *args: Node, value: object = None) -> Node:
    return ParserNode(op, NOWHERE, value, tuple(args))  # type: ignore[arg-type]


leaves = st.one_of(
    st.integers(0, 30).map(num),
    st.sampled_from(["x", "y", "t", "θ"]).map(var),
    st.sampled_from(["e", "pi"]).map(const),
)


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    """Any shape the parser can build, including right-nested sums and products (written in parentheses)."""
    return st.one_of(
        st.tuples(st.sampled_from(["add", "sub", "mul", "div", "pow"]), children, children).map(
            lambda t: _node(t[0], t[1], t[2])),
        children.map(lambda c: _node("neg", c)),
        st.tuples(st.sampled_from(FUNCTION_NAMES), children).map(lambda t: _node("call", t[1], value=t[0])),
    )


trees = st.recursive(leaves, _extend, max_leaves=12)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees, st.sampled_from(["plain", "unicode", "latex"]))
def test_printed_trees_read_back_as_the_same_tree(tree: Node, target: str) -> None:
    text = show(tree, target)
    assert same(read_tree(text), tree), text


@settings(max_examples=200, deadline=None)
@given(trees)
def test_plain_is_ascii_and_human_targets_have_no_sympy_names(tree: Node) -> None:
    plain, pretty = show(tree, "plain"), show(tree, "unicode")
    assert plain.isascii()
    for name in ("Abs", "sign(", "log(", "E", "exp(", "**"):
        if name != "exp(":
            assert name not in pretty and name not in plain
    assert "*" not in pretty


# One row per pitfall: the tree, the unicode line, the plain line.
PITFALLS = [
    (sub(sub(x, 9), add(x, 5)), "x − 9 − (x + 5)", "x - 9 - (x + 5)"),
    (power(power(x, 3), 2), "(x³)²", "(x^3)^2"),
    (deriv("x", add(x, 5)), "d/dx (x + 5)", "d/dx (x + 5)"),
    (neg(add(x, 1)), "−(x + 1)", "-(x + 1)"),
    (power(2, power(x, 2)), "2^(x²)", "2^(x^2)"),
    (power(const("e"), mul(2, x)), "e^(2x)", "e^(2x)"),
    (div(sub(mul(sub(x, 9), 1), mul(add(x, 5), 1)), power(sub(x, 9), 2)),
     "((x − 9)·1 − (x + 5)·1)/(x − 9)²", "((x - 9)(1) - (x + 5)(1))/(x - 9)^2"),
    (div(call("sin", x), power(x, 3)), "sin(x)/x³", "sin(x)/x^3"),
    (mul(mul(2, call("sin", x)), call("cos", x)), "2 sin(x) cos(x)", "2 sin(x) cos(x)"),
    (power(call("sin", x), 2), "sin²(x)", "sin(x)^2"),
    (power(call("sin", x), neg(1)), "sin(x)⁻¹", "sin(x)^(-1)"),
    (mul(x, power(const("e"), x)), "x eˣ", "x e^x"),
    (call("abs", sub(call("abs", x), 1)), "|(|x| − 1)|", "|(|x| - 1)|"),
    (call("log", call("abs", x)), "ln|x|", "ln|x|"),
    (mul(call("log", call("abs", x)), x), "ln(|x|) x", "ln(|x|) x"),  # bare bars only last: ln|x| x reads ln(|x| x)
    (call("sqrt", add(x, 1)), "√(x + 1)", "sqrt(x + 1)"),
    (mul(div(1, 2), x), "(1/2) x", "(1/2) x"),
    (mul(2, 3), "2·3", "2*3"),
    (mul(mul(2, const("pi")), x), "2πx", "2 pi x"),
    (neg(div(14, power(sub(x, 9), 2))), "−14/(x − 9)²", "-14/(x - 9)^2"),
]


@pytest.mark.parametrize("tree, pretty, plain", PITFALLS, ids=[p[2] for p in PITFALLS])
def test_pitfalls_print_with_the_fewest_parentheses(tree: Node, pretty: str, plain: str) -> None:
    assert show(tree) == pretty
    assert show(tree, "plain") == plain
    if tree.op != "deriv":
        assert same(read_tree(pretty), tree) and same(read_tree(plain), tree)


@pytest.mark.parametrize("names, partial, pretty, latex", [
    ("x", False, "d/dx", r"\frac{d}{d x}"),
    (("x", "x"), False, "d²/dx²", r"\frac{d^{2}}{d x^{2}}"),
    ("x", True, "∂/∂x", r"\frac{\partial}{\partial x}"),
    (("x", "y"), True, "∂²/∂y∂x", r"\frac{\partial^{2}}{\partial y\,\partial x}"),
])
def test_the_derivative_operator_has_one_label(names: object, partial: bool, pretty: str, latex: str) -> None:
    assert operator(names, partial) == pretty  # type: ignore[arg-type]
    assert operator(names, partial, "latex") == latex  # type: ignore[arg-type]


def test_values_at_points_are_written_f_of_the_point() -> None:
    assert show(eq(apply("f'", 2), 7)) == "f'(2) = 7"
    assert show(apply("f", num(1), num(2)), "plain") == "f(1, 2)"


@pytest.mark.parametrize("text, pretty", [
    ("2*sin(x)*cos(x)", "2 sin(x) cos(x)"),
    ("tan(x)**2 + 1", "tan²(x) + 1"),
    ("sign(x)", "x/|x|"),
    ("x*exp(x)", "x eˣ"),
    ("log(x)", "ln(x)"),
    ("2*E*eps + E", "2e ε + e"),
    ("sin(pi*x/2)", "sin(πx/2)"),
    ("x**Rational(1, 3)", "x^(1/3)"),
    ("1/sqrt(x)", "1/√x"),
    ("-x + 1", "1 − x"),
    ("pi*x/2", "πx/2"),
])
def test_sympy_expressions_print_in_student_notation(text: str, pretty: str) -> None:
    expr = sympy.sympify(text, locals={"eps": sympy.Symbol("ε"), "E": sympy.E})
    assert show(expr) == pretty
    assert from_sympy(expr) == from_sympy(expr)


def test_latex_target() -> None:
    tree = eq(deriv("x", div(add(x, 5), sub(x, 9))), neg(div(14, power(sub(x, 9), 2))))
    assert show(tree, "latex") == r"\frac{d}{d x} \left(\frac{x + 5}{x - 9}\right) = -\frac{14}{\left(x - 9\right)^{2}}"
    assert show(call("abs", x), "latex") == r"\left|x\right|"
    assert show(power(call("sin", x), 2), "latex") == r"\sin^{2}\left(x\right)"


def test_unknown_target_and_unknown_function_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="unknown target"):
        show(x, "html")
    with pytest.raises(ValueError, match="no notation"):
        from_sympy(sympy.Function("f")(sympy.Symbol("x"), sympy.Symbol("y")))


def test_numbers_keep_their_decimal_spelling_and_fractions_are_divisions() -> None:
    assert show(num(Fraction(1, 2), "0.5")) == "0.5"
    assert show(num(Fraction(-3, 4))) == "−3/4"
    assert same(read_tree("0.5 x"), mul(num(Fraction(1, 2), "0.5"), x))


@pytest.mark.parametrize("target", ["unicode", "plain"])
def test_whole_numbers_past_the_literal_limit_print_as_chunks_that_read_back(target: str) -> None:
    from tutor.parsing import parse

    big = 3 ** 160  # 77 digits: the parser reads at most 15 digits in one literal
    text = show(sympy.Integer(big) * sympy.Symbol("x"), target)
    read = parse(text)
    assert [s.name for s in read.free_symbols] == ["x"] and read == big * next(iter(read.free_symbols))
    assert show(sympy.Integer(10**15 - 1), target) == "999999999999999"  # at the limit: one literal


@pytest.mark.parametrize("tree, pretty, plain", [
    (div(num(1), rate("y", "x")), "1/(dy/dx)", "1/(dy/dx)"),  # was 1/dy/dx: (1/dy)/dx to a reader
    (power(rate("y", "x"), num(2)), "(dy/dx)²", "(dy/dx)^2"),  # was dy/dx²
    (mul(rate("y", "x"), var("x")), "dy/dx·x", "dy/dx * x"),
    (mul(deriv("x", call("sin", var("x"))), var("x")), "(d/dx sin(x)) x", "(d/dx sin(x)) x"),  # the operator
    (mul(var("x"), deriv("x", call("sin", var("x")))), "x d/dx sin(x)", "x d/dx sin(x)"),  # takes what follows
    (div(deriv("x", call("sin", var("x"))), var("x")), "(d/dx sin(x))/x", "(d/dx sin(x))/x"),
])
def test_derivative_notation_inside_products_and_powers_keeps_its_extent(tree: Node, pretty: str, plain: str) -> None:
    assert (show(tree), show(tree, "plain")) == (pretty, plain)
