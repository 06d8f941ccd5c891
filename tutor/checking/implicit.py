"""Checking dy/dx of an implicit curve: the answer must equal −H_x/H_y at the points of H(x, y) = 0.

The cascade (the same shape as ``equivalence``):

1. Numeric: ``N_CURVE_POINTS`` points of the curve (``curves.curve_points``);
   floats first, a disagreement rechecked with many digits after moving the
   point onto the curve at that precision. A confirmed difference is a
   counterexample (a point of the curve and both values).
2. Symbolic: SymPy's cheap forms of answer − (−H_x/H_y) (equal everywhere is
   equal on the curve); otherwise, when both are rational functions and H is
   a polynomial, the numerator of the difference reduced modulo H (a zero
   remainder is a proof on the curve).
3. Otherwise every point is rechecked at ``DIGITS`` digits: correct,
   "verified numerically at N points of the curve".
"""

from __future__ import annotations

import random
import time
from typing import Any, Mapping

from tutor.checking.curves import Curve, N_CURVE_POINTS, OnCurve, SlopeValues, curve_points, moderate
from tutor.checking.equivalence import MIN_POINTS
from tutor.checking.numeric import DIGITS, Comparison, float_pass, precise_pass
from tutor.checking.symbolic import cheap_forms
from tutor.checking.verdict import NumericEvidence, Verdict, shown_value

__all__ = ["check_implicit", "implicit_derivative", "on_curve_reduction"]

# Of the budget, finding the curve's points may use this share.
POINTS_SHARE = 0.5
# The polynomial reduction runs on small expressions only (Gröbner-style division grows fast).
MAX_REDUCTION_OPS = 200


def implicit_derivative(h: Any, x: str, y: str) -> Any:
    """dy/dx = −H_x/H_y for the curve H(x, y) = 0 (SymPy)."""
    import sympy

    from tutor.parsing import variable

    return sympy.cancel(-sympy.diff(h, variable(x)) / sympy.diff(h, variable(y)))


def on_curve_reduction(difference: Any, h: Any, x: str, y: str) -> bool:
    """True when ``difference`` is provably 0 on H = 0: its numerator is a multiple of H (polynomials only)."""
    import sympy

    from tutor.parsing import variable

    gens = (variable(x), variable(y))
    if sympy.count_ops(difference) > MAX_REDUCTION_OPS:
        return False
    try:
        numerator, _ = sympy.fraction(sympy.cancel(sympy.together(difference)))
        curve_numerator, _ = sympy.fraction(sympy.cancel(sympy.together(h)))
        if not (numerator.is_polynomial(*gens) and curve_numerator.is_polynomial(*gens)):
            return False
        _, remainder = sympy.reduced(sympy.expand(numerator), [sympy.expand(curve_numerator)], *gens)
        return sympy.expand(remainder) == 0
    except (sympy.PolynomialError, sympy.CoercionFailed, ValueError, TypeError, ZeroDivisionError):
        return False


def _point_text(point: Mapping[str, float], x: str, y: str) -> str:
    return f"({point[x]:.6g}, {point[y]:.6g})"


def check_implicit(
    answer: Any, h: Any, x: str = "x", y: str = "y", *, seed: int = 0, budget_s: float = 2.5
) -> Verdict:
    """Is ``answer`` dy/dx on the curve H(x, y) = 0? A ``Verdict`` whose ``expected`` is −H_x/H_y."""
    start = time.monotonic()
    expected = implicit_derivative(h, x, y)
    curve = Curve(h, x, y)
    slope = SlopeValues(curve)
    given = OnCurve(answer, curve)
    problem = Comparison(
        answer=answer, expected=expected, variables=[x, y], answer_values=given, expected_values=slope,
        probe=lambda point: False, seed=seed, budget_s=budget_s, start=start,
    )
    rng = random.Random(seed * 1_000_003 + 17)
    points = curve_points(curve, lambda p: moderate([slope], p), N_CURVE_POINTS, rng,
                          start + POINTS_SHARE * budget_s)
    n = len(points)
    if n < MIN_POINTS:
        reason = (f"Could not find {MIN_POINTS} points of the curve where dy/dx exists (found {n}), "
                  "so the answer could not be checked there.")
        return problem.verdict("undecided", "unknown", NumericEvidence(points=n), reason)
    found, rechecked = float_pass(problem, points)
    if found is None:
        difference = answer - expected
        symbolic = cheap_forms(difference, sorted(difference.free_symbols, key=str))
        if symbolic.result == "equal":
            evidence = NumericEvidence(points=n, agree=True, precision=DIGITS if rechecked else None)
            return problem.verdict("correct", "equal", evidence, f"Correct: {symbolic.how}.")
        if on_curve_reduction(difference, h, x, y):
            evidence = NumericEvidence(points=n, agree=True, precision=DIGITS if rechecked else None)
            return problem.verdict("correct", "equal", evidence,
                                   "Correct: equal on the curve (the difference is a multiple of the equation).")
        found = precise_pass(problem, points, DIGITS)
        if found is None:
            if problem.left() < 0:
                return problem.verdict("undecided", "unknown", NumericEvidence(points=n, agree=True),
                                       f"Undecided: the check ran out of its {budget_s:g} s budget.")
            evidence = NumericEvidence(points=n, agree=True, precision=DIGITS)
            return problem.verdict("correct", "unknown", evidence,
                                   f"Correct: equal at {n} points of the curve, verified to {DIGITS} digits.")
    where = _point_text(found.point, x, y)
    if found.answer is None:
        reason = f"At the point {where} of the curve your answer is undefined, but dy/dx = {shown_value(found.expected)}."
    else:
        reason = (f"At the point {where} of the curve your answer is {shown_value(found.answer, found.expected)}, "
                  f"but dy/dx = {shown_value(found.expected, found.answer)}.")
    evidence = NumericEvidence(points=n, agree=False, counterexample=found, precision=DIGITS)
    return problem.verdict("incorrect", "unknown", evidence, reason)
