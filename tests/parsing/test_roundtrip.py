"""parse(to_text(e)) == e for every expression the parser can produce (hypothesis).

Two generators: random SymPy trees built from the whitelist (catalogue
functions, e, pi, declared variables, small rationals), and random strings of
the input language, which are parsed, printed and parsed again.
"""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.functions import FUNCTIONS
from tutor.parsing import ParseError, parse, to_text, variable

VARIABLES = ["x", "y", "t", "θ", "x1"]
SYMBOLS = [variable(n) for n in VARIABLES]

small_leaves = st.one_of(
    st.sampled_from(SYMBOLS),
    st.integers(-12, 12).map(sp.Integer),
    st.builds(sp.Rational, st.integers(-9, 9), st.integers(1, 9)),
    st.sampled_from([sp.E, sp.pi]),
)
# Whole numbers past the 15-digit literal limit stand only where SymPy keeps them as they are
# (sums, products, bases of small powers), never under a function or in an exponent: SymPy
# decides the sign of sinh(10^39) or e^(10^39) by evalf, which needs memory in proportion to
# the number (a MemoryError under load).
HUGE = st.integers(10**15, 10**40).map(sp.Integer)
leaves = st.one_of(small_leaves, HUGE)


def _combine(children: st.SearchStrategy, arguments: st.SearchStrategy) -> st.SearchStrategy:
    """Trees of ``children``; arguments of functions and symbolic exponents come from ``arguments``."""
    functions = [f.sympy() for f in FUNCTIONS]
    small_exponents = st.one_of(
        st.integers(-4, 5).map(sp.Integer), st.sampled_from([sp.Rational(1, 2), sp.Rational(-3, 2), sp.Rational(2, 3)])
    )
    return st.one_of(
        st.builds(lambda a, b: a + b, children, children),
        st.builds(lambda a, b: a - b, children, children),
        st.builds(lambda a, b: a * b, children, children),
        st.builds(lambda a, b: a / b, children, children.filter(lambda e: e != 0)),
        st.builds(lambda a, n: a**n, children, small_exponents),
        # a symbolic exponent over a symbol, e or 2 (never 2^(10^40): SymPy would compute it)
        st.builds(lambda a, b: a**b, st.sampled_from(SYMBOLS + [sp.E, sp.Integer(2)]),
                  arguments.filter(lambda b: not b.is_Number)),
        st.builds(lambda f, a: f(a), st.sampled_from(functions), arguments),
        st.builds(lambda a: -a, children),
    )


# small leaves all the way down under a function: sin(cosh(x + 2)), never sinh(10^39 + x)
arguments = st.recursive(small_leaves, lambda inner: _combine(inner, inner), max_leaves=6)
expressions = st.recursive(leaves, lambda children: _combine(children, arguments), max_leaves=8)

_BAD = (sp.zoo, sp.oo, -sp.oo, sp.nan, sp.I)


def _parseable(e: sp.Expr) -> bool:
    """Expressions the parser could have produced: real, finite, exponents within the caps."""
    if e.has(*_BAD) or e.has(sp.Float):
        return False
    for sub in sp.preorder_traversal(e):
        if sub.is_Rational and max(abs(sub.p), sub.q).bit_length() > 9000:
            return False
        if sub.is_Pow and sub.exp.is_Rational and (abs(sub.exp) > 1000 or sub.exp.q > 1000):
            return False
        if sub.is_Pow and sub.base.is_Number and sub.base < 0 and not sub.exp.is_Integer:
            return False  # (-1)^(2/3): a complex principal root, refused by the reader
        if isinstance(sub, sp.exp) and sub.args[0].is_Rational and abs(sub.args[0]) > 1000:
            return False
        if sub.is_Function and not sub.func.__name__.lower() in {f.sympy_attr.lower() for f in FUNCTIONS}:
            return False
    return True


@pytest.mark.slow
@settings(max_examples=int(__import__("os").environ.get("ROUNDTRIP_EXAMPLES", "250")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(expressions)
def test_parse_of_print_is_identity(e: sp.Expr) -> None:
    if not _parseable(e):
        return
    text = to_text(e)
    # A constant SymPy folds to hundreds of digits ((10^150/10^149)^5) prints as that many 15-digit
    # chunks, beyond what the reader takes (2000 characters, 250 parts): a known limit of the law,
    # in the closing note, not a reading error.
    if len(text) > 600:
        return
    once = parse(text, VARIABLES, max_length=2000)
    # SymPy may evaluate the printed form a little further than the tree it came from
    # ((x^-3)^(3/2) ...): the value must be the same, and from then on the text is a fixpoint.
    assert once == e or _same_value(once, e), text
    assert parse(to_text(once), VARIABLES, max_length=2000) == once, to_text(once)


def _same_value(a: sp.Expr, b: sp.Expr) -> bool:
    """Equal at a few points where both are finite reals (an oracle independent of printing)."""
    for point in ({"x": 0.7, "y": 1.3, "t": 2.1, "θ": 0.4, "x1": 1.7}, {"x": 2.3, "y": 0.6, "t": 0.9, "θ": 1.1, "x1": 0.3}):
        values = {variable(n): sp.Float(v, 30) for n, v in point.items()}
        va, vb = complex(a.xreplace(values).evalf(30)), complex(b.xreplace(values).evalf(30))
        if abs(va - vb) > 1e-8 * (1 + abs(va)):
            return False
    return True


# Random strings of the language: whatever parses must survive print -> parse unchanged.
_atoms = st.sampled_from(["x", "y", "2", "3", "0.5", "e", "pi", "π", "x²", "(x+1)", "|x|", "√x", "θ"])
_functions = st.sampled_from([f.name for f in FUNCTIONS] + ["ln", "arcsin", "sin^2", "cos^-1"])


@st.composite
def _inputs(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.integers(0, 5 if depth < 3 else 0))
    if kind == 0:
        return draw(_atoms)
    if kind == 1:
        return f"{draw(_functions)}({draw(_inputs(depth + 1))})"
    if kind == 2:
        return f"{draw(_functions)} {draw(_atoms)}"
    op = draw(st.sampled_from([" + ", " - ", "*", "/", "^", " ", "·"]))
    left, right = draw(_inputs(depth + 1)), draw(_inputs(depth + 1))
    if op == "^":
        right = f"({right})"
    return f"({left}){op}({right})" if kind == 5 else f"{left}{op}{right}"


@settings(max_examples=int(__import__("os").environ.get("ROUNDTRIP_EXAMPLES", "250")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_inputs())
def test_reading_of_random_input_is_stable(text: str) -> None:
    try:
        e = parse(text, ["x", "y", "θ"])
    except ParseError:
        return  # ambiguous or out of the caps: refusing is a valid outcome
    assert parse(to_text(e), ["x", "y", "θ"], max_length=2000) == e, (text, to_text(e))
