"""A derivation that would grow beyond reading is refused quickly, not computed for minutes."""

from __future__ import annotations

import pytest
import sympy

from tutor.explain import explain
from tutor.explain.rules import ExplainError
from tutor.parsing import parse


@pytest.mark.slow
def test_an_exploding_higher_derivative_is_refused_with_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """No stage is ever given an expression above the size limit (what made it take minutes), counted, not timed."""
    from tutor.explain import derivation

    sizes: list[int] = []
    real_stage = derivation._stage

    def spy(current, *args, **kwargs):
        sizes.append(int(sympy.count_ops(current)))
        return real_stage(current, *args, **kwargs)

    monkeypatch.setattr(derivation, "_stage", spy)
    with pytest.raises(ExplainError) as info:
        explain(parse("x^x^x"), ["x"] * 6)  # 28,000 operations at order 6: factor_terms alone took minutes
    assert "too large to explain" in info.value.message and "order 6" in info.value.message
    assert len(sizes) < 6 and max(sizes) <= derivation.MAX_STAGE_OPS


def test_a_long_but_small_chain_of_partials_is_still_explained() -> None:
    root = explain(parse("x^2 y^2"), ["x", "y", "x"])
    assert root.result == parse("4y")
