"""The chain rule: f(g(x))′ = f′(g(x))·g′(x)."""

from __future__ import annotations

from tutor.explain.mistake import Mistake

BUGGY = "tutor.explain.buggy"  # where the buggy rules (wrong local results) are written

# fmt: off
ROWS = (
    Mistake("chain.missing-inner", "chain rule: inner derivative missing, `f'(g)` instead of `f'(g) g'`", "sin(x^2)", "cos(x^2)", applies_to=("chain",), produce=f"{BUGGY}:_chain_missing_inner"),
    Mistake("chain.inner-function-not-derivative", "chain rule: multiplied by the inner function instead of its derivative, `f'(g) g`", "sin(x^2)", "cos(x^2)*x^2", rarity=1, applies_to=("chain",), produce=f"{BUGGY}:_chain_inner_function"),
    Mistake("chain.inner-substituted", "chain rule: the inner derivative put inside the outer derivative, `f'(g')`", "sin(x^2)", "cos(2x)", rarity=1, applies_to=("chain",), produce=f"{BUGGY}:_chain_inner_substituted"),
    Mistake("chain.outer-not-kept", "chain rule: outer derivative taken at x instead of at the inner function, `f'(x) g'`", "ln(5x)", "5/x", applies_to=("chain",), produce=f"{BUGGY}:_chain_outer_not_kept"),
)
# fmt: on
