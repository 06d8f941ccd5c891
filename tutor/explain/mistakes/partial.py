"""Partial derivatives and the multivariable chain rule."""

from __future__ import annotations

from tutor.explain.mistake import Mistake

BUGGY = "tutor.explain.buggy"  # where the buggy rules (wrong local results) are written

# fmt: off
ROWS = (
    Mistake("partial.other-variable-differentiated", "partial derivative: a variable held constant was differentiated too", "x^2*y^3", "2x*3y^2", rarity=1, applies_to=("constant", "constant-multiple"), produce=f"{BUGGY}:_other_variable"),
    Mistake("partial.factor-dropped", "partial derivative: a factor held constant dropped", "x^2*y^3", "2x", applies_to=("constant-multiple",), produce=f"{BUGGY}:_partial_factor_dropped"),
    Mistake("multichain.missing-term", "multivariable chain rule: one path's term missing", "x*y", "sin(t)*(-sin(t))", "t", "x=cos(t), y=sin(t)", applies_to=("multivariable-chain",), produce=f"{BUGGY}:_multichain_missing_term"),
    Mistake("multichain.missing-inner", "multivariable chain rule: partials without `dx/dt`, `dy/dt`", "x*y", "sin(t) + cos(t)", "t", "x=cos(t), y=sin(t)", applies_to=("multivariable-chain",), produce=f"{BUGGY}:_multichain_missing_inner"),
    Mistake("multichain.terms-multiplied", "multivariable chain rule: the path terms multiplied instead of added", "x*y", "-sin(t)^2*cos(t)^2", "t", "x=cos(t), y=sin(t)", applies_to=("multivariable-chain",), produce=f"{BUGGY}:_multichain_terms_multiplied"),
)
# fmt: on
