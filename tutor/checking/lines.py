"""Checking an equation of a line or plane: the same set of points, however it is written.

``y = 2x - 1``, ``y - 1 = 2(x - 1)`` and ``2x - y = 1`` are one line: written
as g(x, y) = 0, their left sides differ by a constant factor (1, 1, −1). So an
answer g_a = 0 is right for the expected g_e = 0 exactly when g_a/g_e is a
nonzero constant. Both oracles:

1. Numeric: g_a/g_e at ``N_POINTS`` random points of the plane (off the
   expected line, by the AD engine's interpreter) must be one constant;
   a point where it is not (rechecked at ``DIGITS`` digits) is the evidence.
2. Symbolic: ``cancel(g_a/g_e)`` free of the coordinates is a proof.

An answer that is not linear at all (``y - 1 = 2x(x - 1)``: the slope left as
f'(x)) is wrong with that said; for a wrong line the reason compares the slope
and the point with the expected ones.
"""

from __future__ import annotations

import math
import random
import time
from typing import Any, Sequence

from tutor.checking.numeric import DIGITS
from tutor.checking.values import ExpressionValues, Undefined
from tutor.checking.verdict import NumericEvidence, Verdict

__all__ = ["check_equation", "linear_coefficients", "solved_for", "N_POINTS"]

# Random points of the plane at which the ratio g_a/g_e is compared.
N_POINTS = 12
# Ratios agree when they differ by less than this, relatively (floats of two short formulas).
RTOL = 1e-9
# Coordinates of the points: away from the expected line by construction (g_e ≠ 0 there).
COORDINATE_RANGE = 5.0


def linear_coefficients(g: Any, coords: Sequence[str]) -> tuple[Any, ...] | None:
    """(a₁, …, aₙ, c) with g = a₁x₁ + … + aₙxₙ + c, or None when g is not linear in the coordinates."""
    import sympy

    from tutor.parsing import variable

    gens = [variable(c) for c in coords]
    expanded = sympy.expand(g)
    if not expanded.is_polynomial(*gens):
        return None
    try:
        poly = sympy.Poly(expanded, *gens)
    except sympy.PolynomialError:
        return None
    if poly.total_degree() > 1:
        return None
    coefficients = tuple(poly.coeff_monomial(v) for v in gens)
    return (*coefficients, poly.coeff_monomial(1))


def solved_for(g: Any, name: str) -> Any | None:
    """The expression e with (g = 0) ⇔ (name = e), when g is linear in ``name`` with a nonzero constant coefficient."""
    import sympy

    from tutor.parsing import variable

    v = variable(name)
    expanded = sympy.expand(g)
    coefficient = expanded.coeff(v, 1)
    rest = sympy.expand(expanded - coefficient * v)
    if coefficient == 0 or coefficient.has(v) or rest.has(v) or coefficient.free_symbols:
        return None
    return sympy.expand(-rest / coefficient)


def _ratio_values(g_a: Any, g_e: Any, coords: Sequence[str], rng: random.Random) -> list[tuple[dict, float]]:
    answer = ExpressionValues(g_a, coords)
    expected = ExpressionValues(g_e, coords)
    out = []
    for _ in range(N_POINTS * 5):
        point = {c: rng.uniform(-COORDINATE_RANGE, COORDINATE_RANGE) for c in coords}
        try:
            e = expected.float(point)
            a = answer.float(point)
        except (Undefined, ArithmeticError, ValueError):
            continue
        if abs(e) < 1e-6:
            continue  # on (or next to) the expected line: the ratio says nothing there
        out.append((point, a / e))
        if len(out) >= N_POINTS:
            break
    return out


def _precise_ratio(g_a: Any, g_e: Any, coords: Sequence[str], point: dict) -> Any:
    a = ExpressionValues(g_a, coords).at_digits(point, DIGITS)
    e = ExpressionValues(g_e, coords).at_digits(point, DIGITS)
    return a / e


def check_equation(
    answer: Any,
    expected: Any,
    coords: Sequence[str],
    *,
    what: str = "line",
    describe: Any = None,
    seed: int = 0,
) -> Verdict:
    """Is the equation ``answer = 0`` the same as ``expected = 0`` (both g(coords))?

    ``what`` names the object in the reasons ("tangent line", "tangent plane");
    ``describe(g) -> str`` words how a linear equation differs (slope, point).
    """
    import mpmath
    import sympy

    start = time.monotonic()

    def verdict(status: str, symbolic: str, evidence: NumericEvidence, reason: str) -> Verdict:
        return Verdict(status, symbolic, evidence, reason, (), answer, expected, time.monotonic() - start)

    coefficients = linear_coefficients(answer, coords)
    names = " and ".join(coords) if len(coords) == 2 else ", ".join(coords)
    if coefficients is None:
        reason = f"Your answer is not the equation of a {what.split()[-1]}: it is not linear in {names}."
        return verdict("incorrect", "different", NumericEvidence(), reason)
    if all(c == 0 for c in coefficients[:-1]):
        reason = f"Your answer has no {names} left in it, so it is not the equation of a {what.split()[-1]}."
        return verdict("incorrect", "different", NumericEvidence(), reason)
    rng = random.Random(seed * 1_000_003 + 29)
    ratios = _ratio_values(answer, expected, coords, rng)
    first = ratios[0][1] if ratios else None
    for point, ratio in ratios:
        if first is not None and abs(ratio - first) > RTOL * max(abs(ratio), abs(first), 1e-300):
            with mpmath.workdps(DIGITS):
                r0, r1 = (_precise_ratio(answer, expected, coords, p) for p in (ratios[0][0], point))
                if abs(r0 - r1) > mpmath.mpf(10) ** (5 - DIGITS) * max(abs(r0), abs(r1)):
                    reason = describe(answer) if describe else f"Your equation is not the {what}."
                    return verdict("incorrect", "different", NumericEvidence(points=len(ratios)), reason)
    from tutor.parsing import variable

    ratio = sympy.cancel(answer / expected)
    if not (ratio.free_symbols & {variable(c) for c in coords}) and ratio != 0:
        evidence = NumericEvidence(points=len(ratios), agree=True)
        return verdict("correct", "equal", evidence, f"Correct: your equation describes the same {what.split()[-1]}.")
    if first is not None and math.isfinite(first) and first != 0 and len(ratios) >= 8:
        evidence = NumericEvidence(points=len(ratios), agree=True, precision=DIGITS)
        return verdict("correct", "unknown", evidence,
                       f"Correct: your equation describes the same {what.split()[-1]} (verified at {len(ratios)} points).")
    reason = describe(answer) if describe else f"Your equation is not the {what}."
    return verdict("incorrect", "different", NumericEvidence(points=len(ratios)), reason)
