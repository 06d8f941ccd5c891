"""Ambiguous input is reported with both readings and how to write each, never guessed."""

from __future__ import annotations

import pytest
import sympy as sp

from tutor.parsing import AmbiguityError, parse, variable

x, y = variable("x"), variable("y")

# (input, declared variables, the two readings of the ambiguous fragment)
AMBIGUOUS = [
    ("1/2x", None, (x / 2, 1 / (2 * x))),
    ("1/2 x", None, (x / 2, 1 / (2 * x))),
    ("x/2y", None, (x * y / 2, x / (2 * y))),
    ("1/x sin x", None, (sp.sin(x) / x, 1 / (x * sp.sin(x)))),
    ("e^2x", None, (sp.exp(2) * x, sp.exp(2 * x))),
    ("e^-2x", None, (sp.exp(-2) * x, sp.exp(-2 * x))),
    ("x^2y", None, (x**2 * y, x ** (2 * y))),
    ("x^2(x+1)", None, None),  # textbook juxtaposition: the exponent ends before the bracket
    ("sin x 2", None, (sp.sin(2 * x), 2 * sp.sin(x))),
    ("1/x 2", None, (2 / x, 1 / (2 * x))),
    ("sin xy", None, (sp.sin(x * y), y * sp.sin(x))),
    ("sin x y", None, (sp.sin(x * y), y * sp.sin(x))),
    ("sin 2xy", None, (sp.sin(2 * x * y), y * sp.sin(2 * x))),
    ("√2x", None, (sp.sqrt(2) * x, sp.sqrt(2 * x))),
    ("√x y", None, None),  # a space: √x·y, not ambiguous
    ("x2", None, (2 * x, x**2)),
    ("x2", ["x"], (2 * x, x**2)),
    ("3x2 + 1", ["x"], (2 * x, x**2)),  # the readings of the ambiguous fragment x2
]


@pytest.mark.parametrize("text, variables, readings", AMBIGUOUS, ids=[a[0] for a in AMBIGUOUS])
def test_ambiguity(text: str, variables: list[str] | None, readings: tuple[sp.Expr, sp.Expr] | None) -> None:
    if readings is None:
        parse(text, variables)
        return
    with pytest.raises(AmbiguityError) as info:
        parse(text, variables)
    error = info.value
    found = [r.expr for r in error.readings]
    assert len(found) == 2
    assert set(found) == set(readings)
    # the message shows both readings; the hint says how to write each
    for r in error.readings:
        assert r.text in error.message
        assert r.write in error.hint
        # each way of writing it parses, to exactly that reading
        assert parse(r.write, variables) == r.expr
    assert error.span.column >= 1


def test_equal_readings_are_not_ambiguous() -> None:
    # (0/2)x and 0/(2x) agree in value: nothing to report
    assert parse("0/2x") == 0


def test_x2_is_a_variable_when_declared() -> None:
    assert parse("x2", ["x2"]) == variable("x2")


def test_two_bare_numbers_side_by_side_are_23_or_2_times_3() -> None:
    for text in ("2 3", "x + 2 3", "1/2 3", "sin 2 3"):
        with pytest.raises(AmbiguityError) as info:
            parse(text)
        assert "23 or 2·3?" in info.value.message
        assert {r.expr for r in info.value.readings} == {sp.Integer(23), sp.Integer(6)}
        assert info.value.hint == "write 23 or 2*3"


def test_a_number_after_an_expression_with_a_space_is_a_factor() -> None:
    assert parse("ln(2) 2^x") == sp.log(2) * 2**x
    assert parse("x 3^(x-1)") == x * 3 ** (x - 1)
    assert parse("sin(x) 2") == 2 * sp.sin(x)
    assert parse("x^2 3") == 3 * x**2
