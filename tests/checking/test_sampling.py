"""Sample points: reproducible, inside the real domain, both signs, away from edges and poles."""

from __future__ import annotations

import random

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.checking import sample_points
from tutor.checking.sampling import EDGE
from tutor.parsing import variable

x, y = variable("x"), variable("y")


def test_reproducible_with_the_same_seed() -> None:
    first = sample_points(sympy.sin(x) * y, ["x", "y"], 10, random.Random(7))
    again = sample_points(sympy.sin(x) * y, ["x", "y"], 10, random.Random(7))
    other = sample_points(sympy.sin(x) * y, ["x", "y"], 10, random.Random(8))
    assert first == again
    assert first != other


def test_at_least_eight_points_of_both_signs_and_no_integers() -> None:
    points = sample_points(x**2 + y, ["x", "y"], 12, random.Random(0))
    assert len(points) == 12
    for name in ("x", "y"):
        values = [p[name] for p in points]
        assert any(v < 0 for v in values) and any(v > 0 for v in values)
        assert all(v != round(v) for v in values)


def test_log_keeps_to_positive_x_and_log_abs_uses_both_signs() -> None:
    assert all(p["x"] > 0 for p in sample_points(sympy.log(x), ["x"], 10, random.Random(0)))
    both = [p["x"] for p in sample_points(sympy.log(sympy.Abs(x)), ["x"], 10, random.Random(0))]
    assert min(both) < 0 < max(both)


def test_a_small_domain_far_from_the_origin_is_found() -> None:
    points = sample_points(sympy.asin(x + 100), ["x"], 8, random.Random(0))
    assert len(points) == 8
    assert all(-101 < p["x"] < -99 for p in points)


def test_an_empty_domain_gives_no_points() -> None:
    assert sample_points(sympy.sqrt(-1 - x**2), ["x"], 8, random.Random(0)) == []


def test_points_near_a_pole_are_rejected() -> None:
    for seed in range(5):
        for p in sample_points(1 / (x - 1) ** 3, ["x"], 12, random.Random(seed)):
            assert abs(p["x"] - 1) > EDGE * abs(p["x"])  # a nudge of EDGE would meet the spike


def test_functions_that_are_large_everywhere_are_sampled() -> None:
    """No absolute bound on size: 3e8 t and 5x^2 + 1e9 are ordinary functions."""
    assert len(sample_points(300_000_000 * x, ["x"], 12, random.Random(0))) == 12
    assert len(sample_points(5 * x**2 + 10**9, ["x"], 12, random.Random(0))) == 12
    assert len(sample_points(sympy.Rational(3986 * 10**11) / x, ["x"], 12, random.Random(0))) == 12


@settings(max_examples=25, deadline=None)
@given(shift=st.floats(min_value=-50, max_value=50, allow_nan=False), seed=st.integers(0, 10**6))
def test_points_lie_inside_the_domain_of_sqrt(shift: float, seed: int) -> None:
    """Law: every returned point satisfies the domain condition, strictly inside."""
    c = sympy.Rational(shift).limit_denominator(1000)
    for p in sample_points(sympy.sqrt(x - c), ["x"], 8, random.Random(seed)):
        assert p["x"] > float(c)
