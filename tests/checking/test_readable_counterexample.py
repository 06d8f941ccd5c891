"""A wrong answer is shown wrong at a point a person can check by hand, when one proves it."""

from __future__ import annotations

import pytest

from tutor.checking import check_derivative
from tutor.checking.verdict import shown_value
from tutor.parsing import parse


def _verdict(answer: str, of: str):  # type: ignore[no-untyped-def]
    return check_derivative(parse(answer, ["x", "y"]), parse(of, ["x", "y"]), ["x"])


@pytest.mark.parametrize(
    "answer, of, point, reason",
    [
        ("2x", "x^3", 1.0, "At x = 1 your answer is 2, but the derivative is 3."),
        # At x = 1 the two agree (1/x² = 1/x): the next simple point shows the difference.
        ("1/x^2", "ln(x)", 2.0, "At x = 2 your answer is 0.25, but the derivative is 0.5."),
        # x = 1, 2, -1, 3 are roots of sin(πx): only x = 0.5 tells them apart.
        ("2x + sin(pi x)", "x^2", 0.5, "At x = 0.5 your answer is 2, but the derivative is 1."),
    ],
)
def test_simple_points_come_first(answer: str, of: str, point: float, reason: str) -> None:
    verdict = _verdict(answer, of)
    assert verdict.status == "incorrect"
    assert verdict.numeric.counterexample is not None
    assert verdict.numeric.counterexample.point == {"x": point}
    assert verdict.reason == reason


def test_outside_the_domain_of_simple_points_a_random_point_still_convicts() -> None:
    # asin(x/10 + 5) lives on -60 < x < -40: no simple point is inside.
    verdict = _verdict("1/sqrt(1 - (x/10 + 5)^2)", "asin(x/10 + 5)")
    assert verdict.status == "incorrect"
    assert verdict.numeric.counterexample is not None
    assert -60 < verdict.numeric.counterexample.point["x"] < -40


def test_a_correct_answer_is_untouched() -> None:
    assert _verdict("3x^2", "x^3").status == "correct"


@pytest.mark.parametrize(
    "value, other, text",
    [
        (0.5403023058681398, 1.0806046117362795, "0.5403"),
        (2.000000001, 2.0, "2.000000001"),
        (2.0, 3.0, "2"),
        (None, 1.0, "undefined"),
    ],
)
def test_values_get_the_digits_that_tell_them_apart(value: float | None, other: float, text: str) -> None:
    assert shown_value(value, other) == text
