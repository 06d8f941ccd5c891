"""Decimal exponents are ordinary powers: only a *number's* root of huge degree is refused."""

from __future__ import annotations

import pytest
import sympy

from tutor.parsing import ParseError, parse, variable

x = variable("x")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("x^0.4999", x ** sympy.Rational(4999, 10000)),
        ("0.5x^(-0.4999)", sympy.Rational(1, 2) * x ** sympy.Rational(-4999, 10000)),
        ("x^0.001", x ** sympy.Rational(1, 1000)),
        ("e^0.12345", sympy.exp(sympy.Rational(12345, 100000))),
    ],
)
def test_decimal_exponent_of_a_variable_is_read(text: str, expected: sympy.Expr) -> None:
    assert parse(text, ["x"]) == expected


@pytest.mark.parametrize("text", ["2^0.0001", "7^(1/1001)", "x^1000 x^1000", "x^1000.5"])
def test_roots_of_numbers_and_huge_powers_stay_refused(text: str) -> None:
    with pytest.raises(ParseError) as error:
        parse(text, ["x"])
    assert "1000" in error.value.message
