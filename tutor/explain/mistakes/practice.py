"""Mistakes of the AD practice kinds, found by the wrong answer each produces (explain/wrong_answers.py)."""

from __future__ import annotations

from tutor.explain.mistake import Mistake

# fmt: off
ROWS = (
    Mistake("dual.real-part-wrong", "dual number: the `ε` part right, the real part not (`a + c` for a product, the point `a` for `f(a)`)", "`(2 + 3ε)(4 + 5ε)`", "6 + 22ε", practice="dual-arithmetic"),
    Mistake("jacobian.transposed", "Jacobian transposed: rows must be outputs, columns inputs", "J of F(x, y) = (x y, x + 3y)", "[[y, 1], [x, 3]]", practice="jacobian"),
    Mistake("jacobian.row-for-column", "a Jacobian row where forward mode gives a column (or a column where reverse mode gives a row)", "forward mode seeded at x, F(x, y) = (x^2 y, x + sin(y))", "[2x y, x^2]", practice="jacobian"),
    Mistake("mode.passes-swapped", "passes of the modes swapped: forward needs one per input, reverse one per output", "forward passes for F from `R^3` to `R^5`", "5", practice="mode-choice"),
    Mistake("mode.reason-reversed", "the mode with more passes chosen (forward and reverse costs turned round)", "fewer passes for F from `R^100` to `R^1`", "forward", practice="mode-choice"),
    Mistake("graph.path-missing", "backward pass: one path of the sum over paths left out", "`∂f/∂y` for `a = x + y`, `b = y + z`, `f = a b` at `x = 1`, `y = 2`, `z = 3`", "5", practice="graph-backward"),
    Mistake("graph.adjoint-not-summed", "backward pass: the paths' terms multiplied instead of added", "`∂f/∂y` for `a = x + y`, `b = y + z`, `f = a b` at `x = 1`, `y = 2`, `z = 3`", "15", practice="graph-backward"),
    Mistake("graph.local-derivative-wrong", "backward pass: one local derivative wrong", "`∂L/∂y` for `d = x - y`, `L = d^2` at `x = 3`, `y = 1`", "4", practice="graph-backward"),
    Mistake("numdiff.wrong-scheme", "difference quotient: another scheme (forward, backward, symmetric) computed", "backward quotient of x^2 at 6, h = 0.1", "12.1", practice="numeric-difference"),
    Mistake("numdiff.not-divided-by-h", "difference quotient: the difference of values not divided by h", "backward quotient of x^2 at 6, h = 0.1", "1.19", practice="numeric-difference"),
    Mistake("numdiff.divided-by-h-not-2h", "symmetric quotient divided by h instead of 2h", "symmetric quotient of x^3 at 2, h = 0.1", "24.02", practice="numeric-difference"),
    Mistake("numdiff.exact-derivative-given", "the exact derivative `f'(a)` given for the difference quotient", "backward quotient of x^2 at 6, h = 0.1", "12", practice="numeric-difference"),
    Mistake("numdiff.error-sign", "error with the wrong sign: `f'(a)` minus the quotient instead of the quotient minus `f'(a)`", "error of the forward quotient of x^2 at 3, h = 0.1", "-0.1", practice="numeric-difference"),
)
# fmt: on
