"""Points of an implicit curve H(x, y) = 0, found numerically, and values on it at any precision.

An implicit derivative dy/dx = −H_x/H_y is only claimed *on the curve*: the
answer −x/y for x² + y² = 25 equals −2x/(2y) everywhere, but y/(x − 25/y)…
is just as right where x² + y² = 25 and nowhere else. So answers are compared
at points of the curve:

- for a coordinate x₀ drawn like the sampler's (both signs, several scales),
  H(x₀, y) is scanned over a grid of y (both signs, 0.01 … 200 on a log
  scale) for sign changes, and each bracket is bisected to a root; the same
  with the roles of x and y swapped (a curve like x = y³ − y has several
  y for one x, and y = e^x none for x < 0 with |y| small);
- a point is kept where H_y ≠ 0 (dy/dx exists), the derivative and the
  answer's values are moderate, and it is not next to a point already kept;
- for a precise recheck the point is moved onto the curve at that precision
  (Newton steps along ∇H with mpmath through the AD engine), so a difference
  that is only the float point's distance from the curve is never taken for
  a wrong answer.

The derivative's values come from the AD engine (∂H/∂x and ∂H/∂y of the
compiled H), the answer's from the engine's interpreter; SymPy is the other
oracle (``tutor.checking.implicit``).
"""

from __future__ import annotations

import builtins  # the Values interface has a method named float: annotations below it need the type
import math
import random
import time
from typing import Any, Callable, Mapping, Sequence

from tutor.checking.sampling import SCALES
from tutor.checking.values import ExpressionValues, Precise, Undefined, Values

__all__ = ["Curve", "OnCurve", "SlopeValues", "curve_points", "N_CURVE_POINTS"]

Point = dict[str, float]

# |dy/dx| above this is next to a vertical tangent: the compared digits there are rounding noise.
HUGE = 1e8
# Points of the curve per check; the course asks for at least 8 (MIN_POINTS).
N_CURVE_POINTS = 12
# The grid scanned for sign changes: 0 and ± these magnitudes (0.01 … 200, log spaced):
# the sampler's scales, fine enough that two roots closer than the grid step are rare.
GRID_STEPS = 48
GRID_LOW, GRID_HIGH = 0.01, 200.0
# Bisection steps per bracket: the bracket shrinks 2^-60 ≈ 1e-18, below float resolution.
BISECTIONS = 60
# A root where |H_y| is below this share of |∇H| has a (nearly) vertical tangent: dy/dx is not claimed.
VERTICAL = 1e-6
# Two kept points closer than this (relative) would test the same thing twice.
MIN_SEPARATION = 1e-3
# At most this many roots per scanned line, so the points spread over the curve.
ROOTS_PER_LINE = 2
# Newton steps of the precise projection (each doubles the correct digits: 15 → 120 in 3).
NEWTON_STEPS = 6


class Curve:
    """H(x, y) compiled once: float and precise values and partial derivatives."""

    def __init__(self, h: Any, x: str, y: str) -> None:
        from tutor.autodiff import compile_expression

        self.h, self.x, self.y = h, x, y
        self.tape = compile_expression(h, [x, y])

    def value(self, point: Mapping[str, float]) -> float:
        try:
            value = float(self.tape.value(point))
        except (ArithmeticError, ValueError, OverflowError) as exc:
            raise Undefined(str(exc)) from exc
        if not math.isfinite(value):
            raise Undefined("not finite")
        return value

    def gradient(self, point: Mapping[str, float]) -> tuple[float, float]:
        try:
            grad = self.tape.gradient(point)
        except (ArithmeticError, ValueError, OverflowError) as exc:
            raise Undefined(str(exc)) from exc
        gx, gy = float(grad.get(self.x, 0.0)), float(grad.get(self.y, 0.0))
        if not (math.isfinite(gx) and math.isfinite(gy)):
            raise Undefined("the gradient of H is not finite here")
        return gx, gy

    def precise_partial(self, point: Mapping[str, Any], wrt: Sequence[str], digits: int) -> Any:
        try:
            return self.tape.derivative(point, list(wrt), precision=digits)
        except (ArithmeticError, ValueError, OverflowError, KeyError) as exc:
            raise Undefined(str(exc)) from exc

    def project(self, point: Mapping[str, float], digits: int) -> dict[str, Any]:
        """The point moved onto the curve at ``digits`` (Newton along ∇H, mpmath)."""
        import mpmath

        with mpmath.workdps(digits + 10):
            p = {self.x: mpmath.mpf(point[self.x]), self.y: mpmath.mpf(point[self.y])}
            for _ in range(NEWTON_STEPS):
                h = self.precise_partial(p, [], digits)
                gx = self.precise_partial(p, [self.x], digits) if self.x in self.tape.variables else 0
                gy = self.precise_partial(p, [self.y], digits)
                norm = gx * gx + gy * gy
                if norm == 0:
                    raise Undefined("the gradient of H is 0 here")
                p = {self.x: p[self.x] - h * gx / norm, self.y: p[self.y] - h * gy / norm}
            return p


class OnCurve(Values):
    """An expression's values at points of the curve (moved onto it at the precision asked)."""

    def __init__(self, expr: Any, curve: Curve) -> None:
        self.inner = ExpressionValues(expr, [curve.x, curve.y])
        self.curve = curve

    def float(self, point: Mapping[str, float]) -> float:
        return self.inner.float(point)

    def at_digits(self, point: Mapping[str, builtins.float], digits: int) -> Any:
        return self.inner.at_digits(self.curve.project(point, digits), digits)


class SlopeValues(Values):
    """dy/dx = −H_x/H_y on the curve, from the AD engine's partial derivatives of H."""

    def __init__(self, curve: Curve) -> None:
        self.curve = curve

    def float(self, point: Mapping[str, float]) -> float:
        gx, gy = self.curve.gradient(point)
        if gy == 0:
            raise Undefined("H_y = 0: the tangent is vertical")
        return -gx / gy

    def at_digits(self, point: Mapping[str, builtins.float], digits: int) -> Any:
        import mpmath

        c = self.curve
        p = c.project(point, digits)
        with mpmath.workdps(digits + 10):
            gx = c.precise_partial(p, [c.x], digits) if c.x in c.tape.variables else mpmath.mpf(0)
            gy = c.precise_partial(p, [c.y], digits)
            if gy == 0:
                raise Undefined("H_y = 0: the tangent is vertical")
            return -gx / gy

    def precise(self, point: Mapping[str, builtins.float], digits: int) -> Precise:
        return super().precise(point, digits)


def _grid() -> list[float]:
    ratio = (GRID_HIGH / GRID_LOW) ** (1 / (GRID_STEPS - 1))
    magnitudes = [GRID_LOW * ratio**k for k in range(GRID_STEPS)]
    return [-m for m in reversed(magnitudes)] + [0.0] + magnitudes


def _line_roots(f: Callable[[float], float], grid: Sequence[float]) -> list[float]:
    """Roots of f along the grid: every sign change between defined neighbours, bisected."""
    roots = []
    previous: tuple[float, float] | None = None
    for t in grid:
        try:
            value = f(t)
        except Undefined:
            previous = None
            continue
        if value == 0:
            roots.append(t)
        elif previous is not None and (previous[1] < 0) != (value < 0):
            lo, hi, f_lo = previous[0], t, previous[1]
            for _ in range(BISECTIONS):
                mid = (lo + hi) / 2
                try:
                    f_mid = f(mid)
                except Undefined:
                    break
                if f_mid == 0:
                    lo = hi = mid
                    break
                if (f_mid < 0) == (f_lo < 0):
                    lo, f_lo = mid, f_mid
                else:
                    hi = mid
            roots.append((lo + hi) / 2)
        previous = (t, value)
    return roots


def _coordinate(rng: random.Random, index: int) -> float:
    """A coordinate like the sampler's: the sign alternating, the magnitude from its scale table."""
    roll = rng.random()
    for weight, low, high in SCALES:
        roll -= weight
        if roll <= 0:
            break
    magnitude = rng.uniform(low, high)
    return -magnitude if index % 2 else magnitude


def curve_points(
    curve: Curve,
    usable: Callable[[Mapping[str, float]], bool],
    n: int,
    rng: random.Random,
    deadline: float,
) -> list[Point]:
    """Up to ``n`` points of the curve where dy/dx exists and ``usable(point)`` holds."""
    grid = _grid()
    found: list[Point] = []

    def keep(point: Point) -> bool:
        try:
            gx, gy = curve.gradient(point)
        except Undefined:
            return False
        if abs(gy) <= VERTICAL * math.hypot(gx, gy) or not usable(point):
            return False
        for other in found:
            size = max(1.0, abs(point[curve.x]), abs(point[curve.y]))
            if math.dist(point.values(), other.values()) < MIN_SEPARATION * size:
                return False
        found.append(point)
        return True

    index = 0
    while len(found) < n and time.monotonic() < deadline and index < 40 * n:
        fixed = _coordinate(rng, index)
        solve_y = index % 4 < 2  # half the lines fix x and solve for y, half the reverse
        if solve_y:
            roots = _line_roots(lambda t: curve.value({curve.x: fixed, curve.y: t}), grid)
            candidates = [{curve.x: fixed, curve.y: r} for r in roots]
        else:
            roots = _line_roots(lambda t: curve.value({curve.x: t, curve.y: fixed}), grid)
            candidates = [{curve.x: r, curve.y: fixed} for r in roots]
        rng.shuffle(candidates)
        kept = 0
        for point in candidates:
            if kept >= ROOTS_PER_LINE or len(found) >= n:
                break
            kept += keep(point)
        index += 1
    return found


def moderate(values: Sequence[Values], point: Mapping[str, float]) -> bool:
    """Every value defined, finite and below ``HUGE`` at the point."""
    for v in values:
        try:
            number = v.float(point)
        except (Undefined, ArithmeticError, ValueError):
            return False
        if not math.isfinite(number) or abs(number) >= HUGE:
            return False
    return True
