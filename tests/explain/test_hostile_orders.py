"""A derivation that would grow beyond reading is refused quickly, not computed for minutes."""

from __future__ import annotations

import time

import pytest

from tutor.explain import explain
from tutor.explain.rules import ExplainError
from tutor.parsing import parse


def test_an_exploding_higher_derivative_is_refused_with_its_size() -> None:
    start = time.monotonic()
    with pytest.raises(ExplainError) as info:
        explain(parse("x^x^x"), ["x"] * 6)  # 28,000 operations at order 6: factor_terms alone took minutes
    assert "too large to explain" in info.value.message and "order 6" in info.value.message
    assert time.monotonic() - start < 30  # generous for a loaded machine; it used to never finish


def test_a_long_but_small_chain_of_partials_is_still_explained() -> None:
    root = explain(parse("x^2 y^2"), ["x", "y", "x"])
    assert root.result == parse("4y")
