"""Logarithmic differentiation: ln y = g·ln f, then y′ = y·(ln y)′."""

from __future__ import annotations

from tutor.explain.mistake import Mistake

BUGGY = "tutor.explain.buggy"  # where the buggy rules (wrong local results) are written

# fmt: off
ROWS = (
    Mistake("logdiff.product-rule", "logarithmic differentiation: the product rule on `g ln(f)` half done", "x^x", "x^x*ln(x)", applies_to=("logarithmic-differentiation",), produce=f"{BUGGY}:_logdiff_product_rule"),
    Mistake("logdiff.not-multiplied-by-y", "logarithmic differentiation: `y'/y` not multiplied by `y`", "x^x", "ln(x) + 1", applies_to=("logarithmic-differentiation",), produce=f"{BUGGY}:_logdiff_not_multiplied_by_y"),
)
# fmt: on
