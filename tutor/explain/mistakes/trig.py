"""Trigonometric, inverse trigonometric and hyperbolic derivatives."""

from __future__ import annotations

from tutor.explain.mistake import Mistake

BUGGY = "tutor.explain.buggy"  # where the buggy rules (wrong local results) are written

# fmt: off
ROWS = (
    Mistake("trig.sign", "trig derivative with the wrong sign (e.g. `(cos(x))' = sin(x)`)", "cos(x)", "sin(x)", applies_to=("trig", "inverse-trig", "hyperbolic"), produce=f"{BUGGY}:_trig_sign"),
    Mistake("trig.tan-sec-swapped", "tan and sec derivatives swapped", "tan(x)", "sec(x)*tan(x)", applies_to=("trig",), produce=f"{BUGGY}:_tan_sec"),
)
# fmt: on
