"""The power rule: (xⁿ)′ = n·xⁿ⁻¹."""

from __future__ import annotations

from tutor.explain.mistake import Mistake

BUGGY = "tutor.explain.buggy"  # where the buggy rules (wrong local results) are written

# fmt: off
ROWS = (
    Mistake("power.exponent-not-reduced", "power rule: exponent not reduced, `n x^n`", "x^3", "3x^3", applies_to=("power",), produce=f"{BUGGY}:_power_exponent_not_reduced"),
    Mistake("power.exponent-increased", "power rule: exponent increased, `n x^(n + 1)`", "x^3", "3x^4", applies_to=("power",), produce=f"{BUGGY}:_power_exponent_increased"),
    Mistake("power.negative-exponent-sign", "power rule with a negative exponent: sign slip in `n - 1` or in the coefficient", "x^(-2)", "-2x^(-1)", applies_to=("power",), produce=f"{BUGGY}:_power_negative_exponent_sign"),
    Mistake("power.coefficient-missing", "power rule: the coefficient `n` missing, `x^(n - 1)`", "x^3", "x^2", applies_to=("power",), produce=f"{BUGGY}:_power_coefficient_missing"),
    Mistake("power.antiderivative", "power rule run backwards: `x^(n + 1)/(n + 1)`, the antiderivative", "x^3", "x^4/4", applies_to=("power",), produce=f"{BUGGY}:_power_antiderivative"),
)
# fmt: on
