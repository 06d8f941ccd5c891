"""Errors are values: a message, the column and span of the offending text, and a hint."""

from __future__ import annotations

import pytest

from tutor.errors import UserError
from tutor.parsing import AmbiguityError, ParseError, parse

# (input, declared variables, 1-based column, words the message contains, words the hint contains)
ERRORS = [
    ("", None, 1, "empty", "2x"),
    ("x +", None, 4, "ends too early", "missing"),
    ("x + * y", None, 5, "found '*'", "operator"),
    (")", None, 1, "unmatched ')'", "opening"),
    ("(x + 1", None, 1, "never closed", "')'"),
    ("sin^(2^2) x", None, 4, "only a whole number and ')'", "(sin(x))^n"),
    ("(x + 1]", None, 7, "closed by ']'", "')'"),
    ("()", None, 1, "empty parentheses", "inside"),
    ("|x", None, 1, "never closed", "abs"),
    ("x^", None, 3, "exponent is missing", "x^2"),
    ("sin", None, 1, "needs an argument", "sin(x)"),
    ("sin^x x", None, 4, "whole number", "sin(x)"),
    ("sqrt^-1 x", None, 1, "no inverse", "1/sqrt(x)"),
    ("2x + y", ["x"], 6, "unknown name 'y'", "variables here are x"),
    ("sen(x)", ["x"], 1, "unknown name 'sen'", "did you mean s"),
    ("2 + z", ["x", "t"], 5, "unknown name 'z'", "x, t"),
    ("x ^ 2 $", None, 7, "unexpected character '$'", None),
    ("x_1", None, 2, "unexpected character '_'", None),
    ("x\x00", None, 2, "control character", "invisible"),
    ("x\u202e+1", None, 2, "bidirectional", "invisible"),
    ("x = 2", None, 3, "not an equation", "right-hand side"),
    ("f'(x)", None, 2, "derivative notation", "result"),
    ("d/dx x^2", None, 1, "derivative notation", "result"),
    ("diff(x^2, x)", None, 1, "not a request", "expression"),
    ("integrate(x)", None, 1, "not a request", "expression"),
    ("Derivative(x, x)", None, 1, "not a request", "expression"),
    ("open(x)", None, 1, "program code", None),
    ("floor(x)", None, 1, "not a function of this course", "sqrt"),
    ("log(x, 2)", None, 6, "one argument", "log_2(x)"),
    ("1/0", None, 3, "division by zero", "denominator"),
    ("√-1", None, 1, "not a real number", None),
    ("ln(-1)", None, 1, "not a real number", None),
    ("(-8)^(1/3)", None, 1, "not a real number", "-(8^(1/3))"),
    ("1234567890123456", None, 1, "more than 15 digits", None),
    ("1e9999", None, 1, "beyond", None),
    ("x^1001", None, 3, "beyond ±1000", None),
    ("(x+1)^100000", None, 7, "beyond ±1000", None),
    ("9^9^9^9", None, 5, "beyond ±1000", None),
    ("25!", None, 1, "factorial only", None),
    ("x!", None, 1, "factorial only", None),
    ("3!2", None, 3, "number right after", "x*2"),
    ("x" * 301, None, 301, "at most 300", None),
    ("х + 1", None, 1, "CYRILLIC", None),  # a Cyrillic look-alike of x
]


@pytest.mark.parametrize("text, variables, column, message, hint", ERRORS, ids=[e[0][:20] for e in ERRORS])
def test_error(text: str, variables: list[str] | None, column: int, message: str, hint: str | None) -> None:
    with pytest.raises(ParseError) as info:
        parse(text, variables)
    error = info.value
    assert isinstance(error, UserError)
    assert error.span is not None and error.span.column == column, (error.message, error.span)
    assert message.lower() in error.message.lower()
    assert error.source is not None and error.span.start <= len(error.source)
    if hint is not None:
        assert error.hint is not None and hint.lower() in error.hint.lower(), error.hint


def test_error_spans_cover_the_offending_text() -> None:
    with pytest.raises(ParseError) as info:
        parse("2x + foo", ["x"])
    error = info.value
    assert error.source[error.span.start : error.span.end] == "foo"


def test_invalid_declared_name_is_a_user_error() -> None:
    with pytest.raises(ParseError):
        parse("x", ["1x"])


def test_not_text_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        parse(42)  # type: ignore[arg-type]


def test_ambiguity_is_a_parse_error() -> None:
    assert issubclass(AmbiguityError, ParseError)


@pytest.mark.parametrize("text", ["ε", "epsilon", "1 + 2epsilon"])
def test_epsilon_outside_dual_numbers_is_named(text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    assert "dual-number" in info.value.message
