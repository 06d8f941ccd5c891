"""Dual-number arithmetic a + bε, ε² = 0 (found by the algebras of explain/dual.py)."""

from __future__ import annotations

from tutor.explain.mistake import Mistake

# fmt: off
ROWS = (
    Mistake("dual.cross-term-missing", "dual product without the cross terms `a d + b c`", "(2 + 3ε)(4 + 5ε)", "8 + 15ε", dual=True),
    Mistake("dual.epsilon-squared-kept", "`ε^2` kept instead of set to 0", "(2 + 3ε)(4 + 5ε)", "8 + 22ε + 15ε^2", dual=True),
    Mistake("dual.b-factor-missing", "`f(a + b ε) = f(a) + f'(a) ε`: the factor `b` missing", "sin(0 + 2ε)", "ε", dual=True),
    Mistake("dual.componentwise-division", "dual division done component by component", "(6 + 4ε)/(3 + 2ε)", "2 + 2ε", dual=True),
)
# fmt: on
