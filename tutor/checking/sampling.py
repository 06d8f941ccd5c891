"""Random sample points inside an expression's real domain, reproducibly.

The numeric oracle compares the answer with the derivative at these points, so
they must be points where F and its derivative exist and floats are accurate:

- both signs of every variable (``x/|x|`` and ``1`` differ only for x < 0),
  several scales (an answer that is wrong only for x > 5 must meet such an x),
  never integers or simple fractions (``2x + sin(pi x)`` agrees with ``2x`` at
  every integer);
- not where the AD engine raises ``DomainError`` (log of a negative number),
  not next to a pole (where a tiny nudge changes the value many times over:
  the digits we compare are noise), and not next to the edge of the domain (a point whose tiny nudge leaves the
  domain sits where the derivative need not exist).

A point is drawn by cycling through the sign patterns of the variables and a
magnitude from a table of scales; when the domain is small (``asin(x + 100)``)
and that finds too few points, a wide search finds one point and the rest are
drawn around the points found, with a shrinking radius.
"""

from __future__ import annotations

import math
import random
import time
from typing import Any, Callable, Mapping, Sequence

__all__ = ["sample_points", "draw_points", "usable", "not_on_edge", "Probe", "MAX_MAGNITUDE", "SCALES"]

Point = dict[str, float]
Probe = Callable[[Mapping[str, float]], bool]
"""Says whether a candidate point is usable (inside the domain, values moderate)."""

# Values above this are not compared: within a factor 10^58 of the float
# range, so F and its derivative themselves stay finite (1e200 x^3 is checked);
# an answer that overflows a float on the way (a square of such a value) is
# rechecked with many digits like any float disagreement. There is no
# other absolute bound on size: 3e8 t, 6.022e23 x and 5x^2 + 1e9 are ordinary
# functions whose values are all large ("near a singularity" is judged
# relatively, by SPIKE below).
MAX_MAGNITUDE = 1e250

# A point whose neighbours at this relative distance leave the domain is on its
# edge (sqrt(x) at x = 1e-12); derivatives are only claimed on the open domain.
# The distance is relative to |x| (not below EDGE_FLOOR·EDGE), and small, so
# that a domain as narrow as asin(1000x)'s (|x| < 0.001) or as far out and
# narrow as asin(x − 3e5)'s (width 2 at 300000) still has inner points. Being
# close to an edge costs no accuracy: every disagreement is rechecked with
# many digits at the same exact point.
EDGE = 1e-6
EDGE_FLOOR = 1e-3

# Near a singularity: a nudge of size EDGE changes the value by more than this
# many times the value itself (tan x within 1e-4 of pi/2, 1/(x - 1)^3 next to
# 1). Close to a pole the value changes by orders of magnitude under a tiny
# change of the point, so its digits say little; the rule is relative, so a
# function that is large everywhere (3e8 t) is not "near a singularity".
SPIKE = 10.0

# (weight, low, high): the magnitude of each coordinate. Most points sit where
# students' functions live (0.3 .. 3); some are larger, to expose answers that
# go wrong only far out (|x - 5| terms, wrong exponents of exponentials), and
# some are small, to expose wrong behaviour near 0 (x^3 versus x^2 terms). No
# interval starts at 0: x = 0 is a singular point of many answers.
SCALES: tuple[tuple[float, float, float], ...] = (
    (0.55, 0.3, 3.0),
    (0.20, 3.0, 20.0),
    (0.10, 0.02, 0.3),
    (0.15, 20.0, 200.0),
)

# Attempts with the scale table before switching to the wide search; 25 per
# wanted point lets a domain as small as a quarter of the plane still fill up.
ATTEMPTS_PER_POINT = 25
# ... or this many when points of the domain are already known (features.py):
# the draws around them are cheaper than a long search.
KNOWN_ATTEMPTS_PER_POINT = 5

# Half-widths of the wide search for domains far from the origin
# (asin(x + 100)), and the cells each is cut into: 100 cells of [-100, 100]
# are 2 wide, so a domain 2 wide at that distance is met for sure.
SEARCH_RADII = (1.0, 10.0, 100.0, 1000.0, 10000.0)
SEARCH_TRIES = 100

# Around a point already found: this many tries, the radius halving after each
# failure down to MIN_RADIUS (a domain narrower than that is reported as undecided).
LOCAL_TRIES = 400
MIN_RADIUS = 1e-3


def _candidate(index: int, variables: Sequence[str], rng: random.Random) -> Point:
    """Cycle the sign pattern with ``index`` so every variable meets both signs."""
    point: Point = {}
    for j, name in enumerate(variables):
        sign = -1.0 if (index >> j) & 1 else 1.0
        roll = rng.random()
        for weight, low, high in SCALES:
            roll -= weight
            if roll <= 0:
                break
        point[name] = sign * rng.uniform(low, high)
    return point


def _far_from_others(point: Mapping[str, float], points: Sequence[Mapping[str, float]]) -> bool:
    # Two equal points would be one point of evidence counted twice.
    return all(any(point[k] != p[k] for k in point) for p in points)


def draw_points(
    variables: Sequence[str],
    n: int,
    rng: random.Random,
    probe: Probe,
    *,
    deadline: float | None = None,
    known: Sequence[Point] = (),
) -> list[Point]:
    """Up to ``n`` points accepted by ``probe``; fewer only when the domain is empty, tiny, or time ran out.

    ``known``: points of the domain found another way (``features.py``); when
    the scale table misses the domain they replace the wide search as the
    centres of the local draws (ln(x − 50000), asin(1000x)).
    """
    variables = list(variables)
    points: list[Point] = []

    def out_of_time() -> bool:
        return deadline is not None and time.monotonic() > deadline

    if not variables:
        return [{} for _ in range(n)] if probe({}) else []
    attempts = KNOWN_ATTEMPTS_PER_POINT if known else ATTEMPTS_PER_POINT
    for index in range(n * attempts):
        if len(points) >= n or out_of_time():
            return points
        candidate = _candidate(index, variables, rng)
        if probe(candidate) and _far_from_others(candidate, points):
            points.append(candidate)
    if not points and not known:
        points += _search(variables, rng, probe, out_of_time)
    centres = points + [dict(p) for p in known]
    if centres and len(points) < n:
        points += _around(centres, variables, n - len(points), rng, probe, out_of_time)
    return points


def _search(
    variables: Sequence[str], rng: random.Random, probe: Probe, out_of_time: Callable[[], bool]
) -> list[Point]:
    """One point of a domain far from the origin or narrow: stratified (Latin hypercube) tries.

    Each coordinate visits every one of SEARCH_TRIES equal cells of [-radius,
    radius] once, at a random spot in the cell, so a domain one cell wide is
    met for sure along each axis (asin(x + 100) at radius 100).
    """
    for radius in SEARCH_RADII:
        width = 2 * radius / SEARCH_TRIES
        cells = {name: rng.sample(range(SEARCH_TRIES), SEARCH_TRIES) for name in variables}
        for k in range(SEARCH_TRIES):
            if out_of_time():
                return []
            candidate = {name: -radius + (cells[name][k] + rng.random()) * width for name in variables}
            if probe(candidate):
                return [candidate]
    return []


def _around(
    found: list[Point],
    variables: Sequence[str],
    wanted: int,
    rng: random.Random,
    probe: Probe,
    out_of_time: Callable[[], bool],
) -> list[Point]:
    extra: list[Point] = []
    radius = max(1.0, max(abs(v) for p in found for v in p.values()) / 2)
    if len(found) > 1:  # known points span the domain's width: start at that scale (asin(1000x))
        spread = max(max(p[name] for p in found) - min(p[name] for p in found) for name in variables)
        radius = min(radius, max(spread, MIN_RADIUS))
    for attempt in range(LOCAL_TRIES):
        if len(extra) >= wanted or out_of_time():
            break
        centre = found[attempt % len(found)]
        candidate = {name: centre[name] + rng.uniform(-radius, radius) for name in variables}
        if probe(candidate) and _far_from_others(candidate, found + extra):
            extra.append(candidate)
        else:
            radius = max(MIN_RADIUS, radius / 2)
    return extra


def usable(value: Any) -> bool:
    """A finite real value below ``MAX_MAGNITUDE``."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return False
    return math.isfinite(number) and abs(number) < MAX_MAGNITUDE


def not_on_edge(value_at: Callable[[Mapping[str, float]], Any], point: Mapping[str, float]) -> bool:
    """True when nudging each coordinate both ways keeps the function defined and without a spike.

    A spike (the nudged value differs from the value by more than ``SPIKE``
    times the value) marks a point next to a pole; next to a zero of the
    function it also rejects a point, which costs nothing but that point.
    """
    try:
        centre = float(value_at(point))
    except (ArithmeticError, ValueError, TypeError):
        return False
    for name, v in point.items():
        step = EDGE * max(abs(v), EDGE_FLOOR)
        for moved in (v - step, v + step):
            try:
                value = value_at({**point, name: moved})
            except (ArithmeticError, ValueError):  # DomainError is a ValueError
                return False
            if not usable(value) or abs(float(value) - centre) > SPIKE * abs(centre):
                return False
    return True


def sample_points(expr: Any, variables: Sequence[str], n: int, rng: random.Random) -> list[dict[str, float]]:
    """``n`` reproducible points (fewer if the domain is empty or tiny) where ``expr`` is defined and moderate.

    ``expr`` is compiled with the AD engine; a point is rejected where it
    raises ``DomainError``, where |value| ≥ ``MAX_MAGNITUDE``, or where a nudge of
    relative size ``EDGE`` leaves the domain or meets a spike (a pole).
    """
    from tutor.autodiff import compile_expression

    tape = compile_expression(expr, list(variables))

    def probe(point: Mapping[str, float]) -> bool:
        try:
            if not usable(tape.value(point)):
                return False
        except (ArithmeticError, ValueError):
            return False
        return not_on_edge(tape.value, point)

    return draw_points(variables, n, rng, probe)
