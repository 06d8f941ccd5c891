"""Mistakes seen in the whole answer (diagnosis._global_matches), not in one step."""

from __future__ import annotations

from tutor.explain.mistake import Mistake, WHOLE_ANSWER

# fmt: off
ROWS = (
    Mistake("partial.wrong-variable", "partial derivative with respect to the wrong variable", "x^2*y^3", "3x^2*y^2", priority=2, applies_to=(WHOLE_ANSWER,)),
    Mistake("order.wrong", "derivative of the wrong order (one derivative too few or too many)", "x^3", "6x", priority=2, applies_to=(WHOLE_ANSWER,)),
    Mistake("sign.flipped", "the whole answer has the wrong sign", "x^2*e^x", "-(2x*e^x + x^2*e^x)", priority=1, applies_to=(WHOLE_ANSWER,)),
    Mistake("numeric.rounded", "a number rounded (the answer is close, not equal)", "x^3/3 + sin(x)", "0.33*3x^2 + cos(x)", priority=1, applies_to=(WHOLE_ANSWER,)),
    Mistake("integrated-instead", "integrated instead of differentiated", "2x", "x^2", priority=2, applies_to=(WHOLE_ANSWER,)),
)
# fmt: on
