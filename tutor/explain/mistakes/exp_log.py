"""Exponentials aˣ and logarithms (natural and in a base)."""

from __future__ import annotations

from tutor.explain.mistake import Mistake

BUGGY = "tutor.explain.buggy"  # where the buggy rules (wrong local results) are written

# fmt: off
ROWS = (
    Mistake("exp.power-rule", "`a^x` differentiated with the power rule, `x a^(x - 1)`", "2^x", "x*2^(x-1)", applies_to=("exp-base", "exp"), produce=f"{BUGGY}:_exp_power_rule"),
    Mistake("exp.missing-log-factor", "`a^x`: the factor `ln(a)` missing", "2^x", "2^x", applies_to=("exp-base",), produce=f"{BUGGY}:_exp_missing_log"),
    Mistake("log.reciprocal-of-log", "logarithm: `1/ln(x)` instead of `1/x`", "ln(x)", "1/ln(x)", applies_to=("log", "log-base"), produce=f"{BUGGY}:_log_reciprocal"),
    Mistake("log.base-factor-missing", "logarithm in base b: the factor `1/ln(b)` missing", "log(x)/log(2)", "1/x", applies_to=("log-base",), produce=f"{BUGGY}:_log_base_missing"),
)
# fmt: on
