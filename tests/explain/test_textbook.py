"""Textbook final forms: the derivative as a calculus text prints it, one table row per function.

``textbook_form`` is the one function behind check's header, explain's last line,
practice :skip/:steps, preview and answer keys (docs/notation.md, "Textbook final forms").
"""

from __future__ import annotations

import pytest

from tutor.explain import explain
from tutor.explain.textbook import textbook_form
from tutor.parsing import parse, show
from tutor.parsing.notation import read_tree, same
from tutor.parsing.printer import show as show_tree

# (function, its derivative in textbook form, as printed)
TEXTBOOK = [
    ('x^2', '2x'),
    ('x^3 - 3x^2 + 2x - 1', '3x² − 6x + 2'),
    ('5', '0'),
    ('3x', '3'),
    ('sqrt(x)', '1/(2√x)'),
    ('1/x', '−1/x²'),
    ('1/x^2', '−2/x³'),
    ('x^(1/3)', '1/(3x^(2/3))'),
    ('(3x + 1)^5', '15(3x + 1)⁴'),
    ('(3x + 9)^3', '81(x + 3)²'),  # a squared sum stays factored (was 81x² + 486x + 729)
    ('(x^2 + 1)^3', '6x(x² + 1)²'),
    ('x - (3x + 1)^2', '−18x − 5'),
    ('sin(x)', 'cos(x)'),
    ('cos(x)', '−sin(x)'),
    ('tan(x)', 'sec²(x)'),
    ('sec(x)', 'sec(x) tan(x)'),
    ('csc(x)', '−csc(x) cot(x)'),
    ('cot(x)', '−csc²(x)'),
    ('sin(x)^2', '2 sin(x) cos(x)'),
    ('cos(x)^3', '−3 sin(x) cos²(x)'),
    ('tan(x)^2', '2 sec²(x) tan(x)'),
    ('sin(2x)', '2 cos(2x)'),
    ('sin(x) cos(x)', 'cos²(x) − sin²(x)'),
    ('sin(x^2)', '2x cos(x²)'),
    ('cos(3x + 1)', '−3 sin(3x + 1)'),
    ('sin(cos(x))', '−sin(x) cos(cos(x))'),
    ('e^x', 'eˣ'),
    ('e^(2x)', '2e^(2x)'),
    ('e^(x^2)', '2x e^(x²)'),
    ('x e^x', 'eˣ(x + 1)'),
    ('e^x sin(x)', 'eˣ(sin(x) + cos(x))'),
    ('x^2 e^(-x)', 'e^(−x) (2x − x²)'),
    ('2^x', '2ˣ ln(2)'),
    ('10^x', '10ˣ ln(10)'),
    ('x^x', 'xˣ(ln(x) + 1)'),
    ('ln(x)', '1/x'),
    ('ln|x|', '1/x'),
    ('ln(5x)', '1/x'),
    ('ln(x^2 + 1)', '2x/(x² + 1)'),
    ('ln(sin(x))', 'cos(x)/sin(x)'),
    ('x ln(x)', 'ln(x) + 1'),
    ('x^2 ln(x)', '2x ln(x) + x'),
    ('ln(x)/x', '(1 − ln(x))/x²'),
    ('|x|', 'x/|x|'),
    ('|x - 1|', '(x − 1)/|x − 1|'),
    ('x |x|', '2|x|'),
    ('asin(x)', '1/√(1 − x²)'),
    ('acos(x)', '−1/√(1 − x²)'),
    ('atan(x)', '1/(x² + 1)'),
    ('atan(x^2)', '2x/(x⁴ + 1)'),
    ('asin(2x)', '2/√(1 − 4x²)'),
    ('sinh(x)', 'cosh(x)'),
    ('cosh(x)', 'sinh(x)'),
    ('tanh(x)', '1 − tanh²(x)'),
    ('(x + 5)/(x - 9)', '−14/(x − 9)²'),
    ('(x + 1)/(x - 1)', '−2/(x − 1)²'),
    ('x/(x^2 + 1)', '(1 − x²)/(x² + 1)²'),
    ('1/(x^2 + 1)', '−2x/(x² + 1)²'),
    ('x^2/(x + 1)', '(x² + 2x)/(x + 1)²'),
    ('sin(x)/x', '(x cos(x) − sin(x))/x²'),
    ('sin(x)/x^3', '(x cos(x) − 3 sin(x))/x⁴'),
    ('sqrt(x)/(x + 1)', '(1 − x)/(2√x (x + 1)²)'),
    ('(2x + 3)/(x^2 - 4)', '(−2x² − 6x − 8)/(x² − 4)²'),
    ('sqrt(x^2 + 1)', 'x/√(x² + 1)'),
    ('sqrt(1 - x^2)', '−x/√(1 − x²)'),
    ('1/sqrt(x)', '−1/(2x^(3/2))'),
    ('(x^2 + 1)^(3/2)', '3x √(x² + 1)'),
    ('x sqrt(x)', '3√x/2'),
    ('e^x/(1 - x)', 'eˣ(2 − x)/(1 − x)²'),
]


def test_the_table_is_large_enough() -> None:
    assert len(TEXTBOOK) >= 60


@pytest.mark.parametrize("function, derivative", TEXTBOOK, ids=[f for f, _ in TEXTBOOK])
def test_textbook_form(function: str, derivative: str) -> None:
    form = textbook_form(parse(function), "x", limited=False)
    assert show(form) == derivative
    assert same(read_tree(derivative), read_tree(show_tree(form)))


@pytest.mark.parametrize("function", ["(x + 5)/(x - 9)", "tan(x)", "sin(x)^2", "ln|x|", "x e^x"])
def test_explain_ends_on_the_textbook_form(function: str) -> None:
    root = explain(parse(function), "x")
    assert show(root.result) == show(textbook_form(parse(function), "x"))


def test_no_identity_the_function_did_not_have() -> None:
    assert "sin(2x)" not in show(textbook_form(parse("sin(x)^2"), "x"))
    assert show(textbook_form(parse("x^2 y"), "x")) == "2x y"
