"""Constants, constant multiples and sums or differences."""

from __future__ import annotations

from tutor.explain.mistake import Mistake, WHOLE_ANSWER

BUGGY = "tutor.explain.buggy"  # where the buggy rules (wrong local results) are written

# fmt: off
ROWS = (
    Mistake("constant.kept", "a constant term kept instead of differentiated to 0, `(f + c)' = f' + c`", "x^2 + 5", "2x + 5", applies_to=("constant",), produce=f"{BUGGY}:_constant_kept"),
    Mistake("constant.treated-as-variable", "a constant differentiated as if it were a variable", "x^2 + pi^2", "2x + 2pi", applies_to=("constant",), produce=f"{BUGGY}:_constant_as_variable"),
    Mistake("constant-multiple.dropped", "the constant factor dropped, `(c f)' = f'`", "5x^3", "3x^2", rarity=1, applies_to=("constant-multiple", WHOLE_ANSWER), produce=f"{BUGGY}:_constant_multiple_dropped"),
    Mistake("sum.sign-lost", "difference rule: the minus sign lost, `(f - g)' = f' + g'`", "x^3 - x^2", "3x^2 + 2x", applies_to=("difference",), produce=f"{BUGGY}:_sign_lost"),
)
# fmt: on
