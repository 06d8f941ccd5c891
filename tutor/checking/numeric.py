"""The numeric oracle: answer against derivative at sample points, in floats, then in many digits.

``Comparison`` holds one check (the expressions, their values, the probe that
keeps points inside F's domain, the seed and the time budget); the passes
below return a ``Counterexample`` or None. Floats never condemn an answer: a
disagreement is re-evaluated at ``DIGITS`` and ``2·DIGITS`` digits, and counts
only when it is larger than the rounding error that gap reveals.
"""

from __future__ import annotations

import itertools
import random
import time
from dataclasses import dataclass, field
from typing import Any, Mapping

from tutor.checking.features import MAX_FEATURE_POINTS, feature_candidates
from tutor.checking.sampling import draw_points
from tutor.checking.values import ExpressionValues, Undefined, Values
from tutor.checking.verdict import Counterexample, NumericEvidence, PreciseValue, Verdict

__all__ = ["Comparison", "float_pass", "precise_pass", "adaptive_difference", "sample", "DIGITS", "HARDER_DIGITS"]

# Floats agree when they differ by less than this, relatively (or absolutely
# near zero). Evaluating a few dozen operations loses a few ulps (~1e-15); a
# typo changes a value by far more. Disagreement is never final in floats: it
# is rechecked with many digits.
FLOAT_RTOL = 1e-9
FLOAT_ATOL = 1e-12

# Digits of the recheck, and of "looking harder" when SymPy says the answer is
# different but the points agree (x^2 + 1e-30 needs 40+ digits to be seen).
DIGITS = 30
HARDER_DIGITS = 120
HARDER_POINTS_FACTOR = 3

# A high-precision difference counts only when it exceeds this multiple of the
# measured rounding error (gap between the values at d and 2d digits) ...
NOISE_FACTOR = 1000
# ... and this fraction of the values' size (relative), i.e. a few digits
# short of the working precision.
DIGITS_MARGIN = 5

# A high-precision difference must also be there after this many doublings of
# the digits (two precisions can share a rounding: see _precise_disagreement).
CONFIRM_DOUBLINGS = 1

# The difference itself is evaluated adaptively at this many points, with at
# most this many digits of working precision (SymPy's evalf maxn), and counts
# as nonzero only with this many significant bits (a true zero comes back with
# one bit: "0.e-426").
ADAPTIVE_POINTS = 3
ADAPTIVE_MAX_DIGITS = 150
ADAPTIVE_MIN_BITS = 20
# ... and gets at most this long (it runs in a limited child).
ADAPTIVE_MAX_S = 0.5

# Of the budget, the sampler may use this share (the rest is for comparing and
# the symbolic child), and finding the feature points (features.py) this share.
SAMPLING_SHARE = 0.4
FEATURE_SHARE = 0.2


@dataclass
class Comparison:
    """Everything the cascade needs; built by ``check_derivative`` or ``equivalent``."""

    answer: Any
    expected: Any
    variables: list[str]
    answer_values: Values
    expected_values: Values
    probe: Any
    seed: int
    budget_s: float
    notes: list[str] = field(default_factory=list)
    start: float = field(default_factory=time.monotonic)
    shapes: tuple[Any, ...] = ()  # F and the answer: where their form changes, points are placed (features.py)
    _features: list[dict[str, float]] | None = None

    @property
    def deadline(self) -> float:
        return self.start + self.budget_s

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def verdict(self, status: str, symbolic: str, numeric: NumericEvidence, reason: str) -> Verdict:
        return Verdict(
            status=status,
            symbolic=symbolic,
            numeric=numeric,
            reason=reason,
            notes=tuple(self.notes),
            answer=self.answer,
            expected=self.expected,
            elapsed_s=time.monotonic() - self.start,
        )



def _float_close(a: float, e: float) -> bool:
    return abs(a - e) <= max(FLOAT_RTOL * max(abs(a), abs(e)), FLOAT_ATOL)


def _precise_disagreement(problem: Comparison, point: Mapping[str, float], digits: int) -> Counterexample | None:
    """A counterexample if the values differ by more than their rounding error at ``digits`` and at twice that.

    The rounding error is the gap between the values at d and 2d digits, which
    misses a cancellation both precisions are too short for: −sinh(x)·tanh(cosh x)²
    + sinh(x) + 2 at x = 197 (sinh x ≈ 10⁸⁵) is 0 at 30 and at 60 digits, 2 at
    120. A difference counts only when it survives one more doubling
    (``CONFIRM_DOUBLINGS``); a true one is the same at every precision.
    """
    found = None
    for k in range(CONFIRM_DOUBLINGS + 1):
        found = _disagreement_at(problem, point, digits * 2**k)
        if found is None or found.answer is None:
            return found
    return found


def _disagreement_at(problem: Comparison, point: Mapping[str, float], digits: int) -> Counterexample | None:
    import mpmath

    try:
        expected = problem.expected_values.precise(point, digits)
    except Undefined:
        return None  # the derivative itself is not computable here: no evidence either way
    try:
        answer = problem.answer_values.precise(point, digits)
    except Undefined as exc:
        return Counterexample(dict(point), None, PreciseValue(expected.value), why=f"the answer is undefined here: {exc}")
    with mpmath.workdps(2 * digits):
        gap = abs(answer.value - expected.value)
        size = max(abs(answer.value), abs(expected.value))
        noise = NOISE_FACTOR * (answer.error + expected.error)
        floor = size * mpmath.mpf(10) ** (DIGITS_MARGIN - digits) + mpmath.mpf(10) ** (-2 * digits)
        if gap > max(noise, floor):
            return Counterexample(dict(point), PreciseValue(answer.value), PreciseValue(expected.value))
    return None


def float_pass(problem: Comparison, points: list[dict[str, float]]) -> tuple[Counterexample | None, bool]:
    """Compare in floats, rechecking each disagreeing point precisely; (counterexample, used precision)."""
    rechecked = False
    for point in points:
        try:
            expected = problem.expected_values.float(point)
        except Undefined:
            expected = None  # only with equivalent(domain_of=...): the sampler ensures F' exists
        try:
            answer = problem.answer_values.float(point)
        except Undefined:
            answer = None
        if answer is None and expected is None:
            continue  # both undefined: no evidence either way
        if answer is not None and expected is not None and _float_close(answer, expected):
            continue
        if expected is None:
            return Counterexample(dict(point), answer, None, why="the expected expression is undefined here"), rechecked
        rechecked = True
        found = _precise_disagreement(problem, point, DIGITS)
        if found is not None:
            return found, rechecked
    return None, rechecked


def precise_pass(problem: Comparison, points: list[dict[str, float]], digits: int) -> Counterexample | None:
    for point in points:
        if problem.left() < 0:
            break
        found = _precise_disagreement(problem, point, digits)
        if found is not None:
            return found
    return None


# Values a person can check by hand, in the order a teacher would try them. A
# random counterexample (x = 9.96126, derivative 34285.26) proves the answer
# wrong; x = 1 shows it. Tried only once an answer is known to be wrong.
READABLE_VALUES = (1.0, 2.0, -1.0, 3.0, 0.5, -2.0, 0.25, -0.5)
# With several variables, combinations of the first few values: 3^3 = 27 points at most.
READABLE_PER_VARIABLE = 3
# Above three variables a readable point buys little and costs many evaluations.
READABLE_MAX_VARIABLES = 3
# Keep this much of the budget for the rest of the check (symbolic forms, wording).
READABLE_RESERVE_S = 0.3


def readable_counterexample(problem: Comparison, found: Counterexample) -> Counterexample:
    """The same verdict shown at a simple point (x = 1, 2, −1 …) where one proves it, else ``found``.

    Every candidate passes the sampler's probe (inside F's real domain, away
    from its edges) and the same precise recheck as any counterexample, so the
    verdict never rests on a point it would not have trusted anyway.
    """
    names = list(found.point)
    if not names or len(names) > READABLE_MAX_VARIABLES or found.why.startswith("they differ by"):
        return found  # no variables, too many, or a difference only high precision sees
    values = READABLE_VALUES if len(names) == 1 else READABLE_VALUES[:READABLE_PER_VARIABLE]
    for combo in itertools.product(values, repeat=len(names)):
        if problem.left() < READABLE_RESERVE_S:
            break
        point = dict(zip(names, combo))
        if not problem.probe(point):
            continue
        better = _precise_disagreement(problem, point, DIGITS)
        if better is not None and better.answer is not None and better.expected is not None:
            return better
    return found


# With several variables and no random point in F's domain, the feature lines
# run through this point (an ordinary value, not 0 or 1).
FALLBACK_BASE = 0.7071


def sample(problem: Comparison, n: int, seed_offset: int = 0) -> list[dict[str, float]]:
    """``n`` random points of F's domain, plus (the first time) the feature points of F and the answer.

    The feature points (kinks, domain edges, far tails: ``features.py``) do not
    depend on the seed. With one variable they are found first and help the
    random draws find a narrow or far domain; with several they lie on lines
    through the first random point.
    """
    rng = random.Random(problem.seed * 1_000_003 + seed_offset)
    share = problem.start + SAMPLING_SHARE * problem.budget_s
    deadline = max(share, time.monotonic() + 0.05)
    if seed_offset or not problem.shapes:
        return draw_points(problem.variables, n, rng, problem.probe, deadline=deadline)
    known = feature_points(problem, None) if len(problem.variables) == 1 else []
    points = draw_points(problem.variables, n, rng, problem.probe, deadline=deadline, known=known)
    if len(problem.variables) > 1:
        known = feature_points(problem, points[0] if points else {name: FALLBACK_BASE for name in problem.variables})
        if not points and known:  # the domain is a sliver the scale table missed (asin(1000x) + y)
            points = draw_points(problem.variables, n, rng, problem.probe, deadline=deadline, known=known)
    return points + [p for p in known if p not in points]


def feature_points(problem: Comparison, base: Mapping[str, float] | None) -> list[dict[str, float]]:
    """The feature candidates inside F's domain (at most ``MAX_FEATURE_POINTS``), found once per problem."""
    if problem._features is None:
        accepted: list[dict[str, float]] = []
        deadline = problem.start + FEATURE_SHARE * problem.budget_s
        for candidate in feature_candidates(problem.shapes, problem.variables, base, deadline):
            if len(accepted) >= MAX_FEATURE_POINTS or time.monotonic() > deadline:
                break
            if problem.probe(candidate) and candidate not in accepted:
                accepted.append(candidate)
        problem._features = accepted
    return problem._features



def adaptive_difference(
    problem: Comparison, difference: Any, points: list[dict[str, float]], timeout_s: float, cpu_s: float | None = None
) -> Counterexample | None:
    """Evaluate answer − expected itself with SymPy's adaptive precision at a few points.

    A true identity evaluates to an exact-looking zero (no significant bits);
    2x + 10⁻³⁰·sin(x) against 2x gives 10⁻³⁰·sin(x) to full accuracy, however
    far below the values it is. The points are exact rationals (the floats'
    binary values). Points where the difference is not real (SymPy's principal
    branch of x^(1/3) for x < 0, where the engine takes the real root) say
    nothing and are skipped. ``evalf`` cannot be interrupted, so this runs in
    a limited child (``symbolic.run_limited``) and gives up after ``timeout_s`` (``cpu_s`` of its CPU).
    """
    import mpmath
    import sympy

    from tutor.checking.symbolic import run_limited
    from tutor.parsing import variable

    def task() -> bytes:
        for index, point in enumerate(points):
            subs = {variable(name): sympy.Rational(value) for name, value in point.items()}
            try:
                value = difference.evalf(15, subs=subs, maxn=ADAPTIVE_MAX_DIGITS)
            except Exception:  # noqa: BLE001 — evalf cannot evaluate it: no evidence
                continue
            if isinstance(value, sympy.Float) and value != 0 and value._prec >= ADAPTIVE_MIN_BITS:
                # Three digits from the binary value itself: float() would underflow 1e-400 to 0.
                shown = mpmath.nstr(mpmath.mpf(value._mpf_), 3)
                return f"{index} {shown}".encode()
        return b"-"

    reply = run_limited(task, timeout_s, cpu_s).decode("ascii", "replace").split()
    if len(reply) != 2:
        return None
    point = points[int(reply[0])]
    try:
        answer = problem.answer_values.float(point)
        expected = problem.expected_values.float(point)
    except Undefined:  # a float overflowed on the way (a constant such as 10^400): the precise values
        try:
            answer = PreciseValue(problem.answer_values.precise(point, DIGITS).value)
            expected = PreciseValue(problem.expected_values.precise(point, DIGITS).value)
        except Undefined:
            return None
    return Counterexample(dict(point), answer, expected, why=f"they differ by {reply[1]}")
