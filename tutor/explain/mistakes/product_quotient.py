"""The product, quotient and reciprocal rules."""

from __future__ import annotations

from tutor.explain.mistake import Mistake

BUGGY = "tutor.explain.buggy"  # where the buggy rules (wrong local results) are written

# fmt: off
ROWS = (
    Mistake("product.derivatives-multiplied", "product rule: the derivatives multiplied, `f' g'`", "x^2*sin(x)", "2x*cos(x)", rarity=1, applies_to=("product",), produce=f"{BUGGY}:_product_multiplied"),
    Mistake("product.missing-term", "product rule: one of the terms `f' g`, `f g'` missing", "x^2*sin(x)", "2x*sin(x)", applies_to=("product",), produce=f"{BUGGY}:_product_missing_term"),
    Mistake("quotient.reversed-numerator", "quotient rule: numerator reversed, `(f g' - f' g)/g^2`", "sin(x)/x", "(sin(x) - x*cos(x))/x^2", applies_to=("quotient",), produce=f"{BUGGY}:_quotient_reversed_numerator"),
    Mistake("quotient.denominator-not-squared", "quotient rule: denominator not squared, `(f' g - f g')/g`", "sin(x)/x", "(x*cos(x) - sin(x))/x", applies_to=("quotient",), produce=f"{BUGGY}:_quotient_denominator_not_squared"),
    Mistake("quotient.derivatives-divided", "quotient rule: the derivatives divided, `f'/g'`", "sin(x)/x", "cos(x)", applies_to=("quotient",), produce=f"{BUGGY}:_quotient_derivatives_divided"),
    Mistake("quotient.plus-sign", "quotient rule: plus instead of minus, `(f' g + f g')/g^2`", "sin(x)/x", "(x*cos(x) + sin(x))/x^2", applies_to=("quotient",), produce=f"{BUGGY}:_quotient_plus_sign"),
    Mistake("reciprocal.derivative-inverted", "reciprocal rule: `1/g'` instead of `-g'/g^2`", "1/(x^2+1)", "1/(2x)", applies_to=("reciprocal",), produce=f"{BUGGY}:_reciprocal_inverted"),
)
# fmt: on
