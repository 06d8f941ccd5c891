"""Points where an answer can go wrong that random points miss: kinks, domain edges, far tails.

Random points at the scales of ``sampling.SCALES`` never meet x > 200, and
meet a sliver such as |x| < 0.1 only by luck, so ``-1`` for d/dx |x − 1000|,
``1`` for d/dx √(x² + 1000x + 250000) (which is |x + 500|) or ``2x`` for
d/dx |x² − 0.01| would pass. The answer and F change their form only where an
argument of |·| or sign, the base of a root or of a negative power, or the
argument of ln, asin, acos, asec or acsc crosses a *critical level* (0, or ±1
for the inverse trig functions). This module finds those crossings for each
variable (exactly for polynomials and rational functions, by a sign scan of
the compiled argument otherwise) and puts deterministic points on both sides
of each one, inside every gap between them, and far out on both tails.

The points do not depend on the seed: a wrong answer caught here is caught
every time, and the counterexample shows a point with the sign pattern that
makes the difference.
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Mapping, Sequence

__all__ = ["critical_values", "feature_candidates", "MAX_FEATURE_POINTS"]

Point = dict[str, float]

# Critical levels of the argument of each function (by SymPy class name): where
# its value or its derivative changes form. Powers are handled apart (the base
# of a root, of a negative power or of a variable exponent: 0).
SWITCH_LEVELS: dict[str, tuple[int, ...]] = {
    "Abs": (0,),
    "sign": (0,),
    "log": (0,),
    "asin": (-1, 1),
    "acos": (-1, 1),
    "asec": (-1, 0, 1),
    "acsc": (-1, 0, 1),
}

# Inside each gap between consecutive critical values, points at these
# fractions of the gap (golden-section spacing: never the midpoint, which for
# symmetric crossings such as ±0.1 would be the often-singular 0). Eight, so a
# domain that is nothing but one narrow gap (asin(1000x)) gives enough points.
INSIDE_FRACTIONS = (0.382, 0.618, 0.1459, 0.8541, 0.0618, 0.9382, 0.2361, 0.7639)

# Beyond the outermost critical values, points at these multiples of
# max(|z|, 1) from them: just past the crossing, then farther out.
OUTSIDE_STEPS = (0.0137, 0.382, 3.82, 38.2)

# The far tail, on both sides of 0 for every variable: answers wrong only far
# out (a kink at 10^4 that no table of scales reaches, a wrong exponent).
TAIL = (1371.3, 137130.0)

# Accepted feature points per check (on top of the random ones): one per
# region for a few dozen crossings; each costs a float evaluation or two.
MAX_FEATURE_POINTS = 48

# Critical values kept per variable (a periodic argument such as |sin x| has
# infinitely many; those nearest the origin first). 40 covers a sum of a few
# dozen kinks (|x − 1000k| for k = 1 … 30).
MAX_CRITICAL = 40

# With several variables, each variable's regions (found on its line through
# the base point) are also combined: one point per combination of regions, at
# most this many. An answer can be wrong only where x > 1000 and y > 1000 at
# once, which no line through one point meets.
MAX_GRID_POINTS = 64

# Polynomials up to this degree get exact real roots (isolation over QQ); higher
# degrees, or irrational coefficients, get mpmath's numeric roots.
EXACT_DEGREE = 8
# Above this degree mpmath's roots are not tried (they cost ~0.3 s at 16 and grow with
# the cube: at 1000, from (x^1000 + 1)^(1/7), minutes); the sign scan finds the zeros instead.
NUMERIC_DEGREE = 16

# Arguments bigger than this (nodes) are scanned numerically instead of solved.
MAX_SOLVE_NODES = 150

# The sign scan: |x| from 10^-3 to 10^7, this many points per decade, each side.
SCAN_DECADES = (-3, 7)
SCAN_PER_DECADE = 4
BISECTIONS = 40  # the grid's neighbours are 1.8x apart: 40 halvings leave ~1e-12 relative


def _switches(expr: Any) -> Iterable[tuple[Any, tuple[int, ...]]]:
    """(argument, critical levels) for every sub-expression whose form changes at a level."""
    import sympy

    for node in sympy.preorder_traversal(expr):
        if node.is_Pow:
            exponent = node.exp
            if not exponent.is_Integer or exponent.is_negative:
                yield node.base, (0,)
        elif node.is_Function:
            levels = SWITCH_LEVELS.get(type(node).__name__)
            if levels is not None:
                yield node.args[0], levels
            elif isinstance(node, (sympy.tan, sympy.sec)):  # poles where cos u = 0: each branch is a region
                yield sympy.cos(node.args[0]), (0,)
            elif isinstance(node, (sympy.csc, sympy.cot)):  # poles where sin u = 0
                yield sympy.sin(node.args[0]), (0,)


def critical_values(
    exprs: Sequence[Any], name: str, fixed: Mapping[str, float], deadline: float | None = None
) -> list[float]:
    """Real values of variable ``name`` where some switch argument of ``exprs`` crosses its level.

    The other variables are held at ``fixed``. Sorted, de-duplicated, at most
    ``MAX_CRITICAL`` (the ones nearest the origin). Past ``deadline``
    (``time.monotonic()``) no further argument is solved.
    """
    import time

    import sympy

    from tutor.parsing import variable

    x = variable(name)
    held = {variable(k): sympy.Rational(v) for k, v in fixed.items() if k != name}
    seen: set[Any] = set()
    found: list[float] = []
    for expr in exprs:
        for argument, levels in _switches(expr):
            if x not in argument.free_symbols:
                continue
            for level in levels:
                key = (argument, level)
                if key in seen or (deadline is not None and time.monotonic() > deadline):
                    continue
                seen.add(key)
                equation = (argument - level).xreplace(held) if held else argument - level
                if equation.free_symbols - {x}:
                    continue
                found += _solve(equation, x, name)
    values = sorted({_tidy(v) for v in found if math.isfinite(v)}, key=abs)[:MAX_CRITICAL]
    return sorted(values)


def _tidy(value: float) -> float:
    return 0.0 if value == 0 else float(f"{value:.15g}")


def _solve(equation: Any, x: Any, name: str) -> list[float]:
    """Real zeros and poles of ``equation`` in ``x``: exact for rational functions, else a sign scan."""
    import sympy

    if sum(1 for _ in sympy.preorder_traversal(equation)) <= MAX_SOLVE_NODES:
        try:
            numerator, denominator = sympy.together(equation).as_numer_denom()
            if numerator.is_polynomial(x) and denominator.is_polynomial(x):
                return _polynomial_roots(numerator, x) + _polynomial_roots(denominator, x)
        except (sympy.PolynomialError, ValueError, TypeError, ArithmeticError):
            pass
    return _scan(equation, name)


def _polynomial_roots(p: Any, x: Any) -> list[float]:
    import mpmath
    import sympy

    try:
        poly = sympy.Poly(p, x)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded):
        return []
    degree = poly.degree()
    if degree <= 0:
        return []
    if degree == 1:
        a, b = poly.all_coeffs()
        return [float(-b / a)]
    if degree > NUMERIC_DEGREE:
        raise ValueError(f"degree {degree}: too high to find the roots in time")  # _solve scans instead
    if poly.domain.is_QQ or poly.domain.is_ZZ:
        if degree <= EXACT_DEGREE:
            try:
                return [float(r.evalf(20)) for r in poly.real_roots()]
            except (sympy.PolynomialError, NotImplementedError, ValueError):
                pass
    try:
        coefficients = [complex(c.evalf(30)) for c in poly.all_coeffs()]
        with mpmath.workdps(30):
            roots = mpmath.polyroots(coefficients, maxsteps=200, extraprec=80)
    except (mpmath.libmp.NoConvergence, ValueError, TypeError, ZeroDivisionError):
        return []
    return [float(r.real) for r in roots if abs(complex(r).imag) <= 1e-6 * max(1.0, abs(complex(r).real))]


def _scan_grid() -> list[float]:
    low, high = SCAN_DECADES
    steps = (high - low) * SCAN_PER_DECADE
    magnitudes = [10 ** (low + k / SCAN_PER_DECADE) for k in range(steps + 1)]
    return sorted([-m for m in magnitudes] + [0.0] + magnitudes)


def _scan(equation: Any, name: str) -> list[float]:
    """Sign changes (and defined/undefined changes) of ``equation`` on a log grid, bisected."""
    from tutor.autodiff import UnsupportedExpression, to_tape
    from tutor.autodiff.numbers import FLOAT_KIND
    from tutor.autodiff.tape import evaluate

    try:
        tape = to_tape(equation, [name])
    except UnsupportedExpression:
        return []

    def value(t: float) -> float | None:
        try:
            v = float(evaluate(tape, tape.point_values({name: t}, FLOAT_KIND), FLOAT_KIND)[tape.output])
        except (ArithmeticError, ValueError, TypeError):
            return None
        return v if math.isfinite(v) else None

    def state(v: float | None) -> int:
        return 2 if v is None else (v > 0) - (v < 0)

    grid = _scan_grid()
    states = [state(value(t)) for t in grid]
    changes = [(a, sa, b) for (a, sa), (b, sb) in zip(zip(grid, states), zip(grid[1:], states[1:])) if sa != sb]
    changes.sort(key=lambda change: min(abs(change[0]), abs(change[2])))  # near the origin first
    found = []
    for a, sa, b in changes[:MAX_CRITICAL]:
        if sa == 0:
            found.append(a)
            continue
        for _ in range(BISECTIONS):
            middle = (a + b) / 2
            if middle in (a, b):
                break
            sm = state(value(middle))
            if sm == sa:
                a = middle
            else:
                b = middle
        found.append((a + b) / 2)
    return found


def _along(critical: list[float]) -> list[list[float]]:
    """Values of one variable, one list per region (gap or outside), near the crossings first."""
    regions: list[list[float]] = []
    if critical:
        low, high = critical[0], critical[-1]
        regions.append([low - step * max(abs(low), 1.0) for step in OUTSIDE_STEPS])
        for a, b in zip(critical, critical[1:]):
            regions.append([a + (b - a) * f for f in INSIDE_FRACTIONS])
        regions.append([high + step * max(abs(high), 1.0) for step in OUTSIDE_STEPS])
    regions.append([sign * t for t in TAIL for sign in (1.0, -1.0)])
    return regions


def feature_candidates(
    exprs: Sequence[Any], variables: Sequence[str], base: Mapping[str, float] | None, deadline: float | None = None
) -> list[Point]:
    """Deterministic candidate points (not yet checked against F's domain), regions interleaved.

    One variable: along its line. Several: along each variable's line
    through ``base`` (a point already inside the domain); none without it.
    """
    variables = list(variables)
    if not variables or (len(variables) > 1 and base is None):
        return []
    centre = dict(base) if base is not None else {variables[0]: 0.0}
    per_region: list[list[Point]] = []
    representatives: dict[str, list[float]] = {}
    for name in variables:
        critical = critical_values(exprs, name, centre, deadline)
        regions = _along(critical)
        representatives[name] = [region[0] for region in (regions[:-1] if critical else regions[-1:])]
        for region in regions:
            per_region.append([{**centre, name: value} for value in region])
    # Round-robin over the regions: the first points cover every region once,
    # then (several variables) every combination of regions, then the rest.
    ordered: list[Point] = []
    for k in range(max((len(r) for r in per_region), default=0)):
        ordered += [region[k] for region in per_region if k < len(region)]
        if k == 0 and len(variables) > 1:
            ordered += _combinations(centre, representatives)
    return ordered


def _combinations(centre: Mapping[str, float], representatives: Mapping[str, list[float]]) -> list[Point]:
    """One point per combination of the variables' regions (at most MAX_GRID_POINTS), when two have crossings."""
    import itertools

    crossed = [name for name, values in representatives.items() if len(values) > 1]
    if len(crossed) < 2:
        return []  # one variable with crossings: its line through the centre already meets every region
    per_variable = max(2, int(MAX_GRID_POINTS ** (1 / len(crossed))))
    axes = [representatives[name][:per_variable] for name in crossed]
    points = [{**centre, **dict(zip(crossed, values))} for values in itertools.product(*axes)]
    return points[:MAX_GRID_POINTS]
