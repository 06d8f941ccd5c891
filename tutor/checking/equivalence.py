"""The two-oracle cascade that turns an answer into a ``Verdict``.

1. Numeric: sample points inside F's real domain; the AD engine gives the
   derivative there and the answer is evaluated by the same engine. Floats
   first; a point where they differ is rechecked with many digits, and only a
   difference that survives (larger than the rounding error measured by
   evaluating at two precisions) counts. A real difference is a counterexample:
   the answer is incorrect, whatever SymPy says.
2. Symbolic: cheap canonical forms of ``answer - expected`` in-process; then,
   only if they cannot decide, the expensive forms and ``simplify`` in a forked
   child with CPU, memory and wall-clock limits.
3. Verdict: symbolic "equal" → correct. "unknown" → every point is rechecked
   with many digits → correct, "verified numerically at N points". "different"
   while the points agree → look harder (3× the points, 4× the digits): ``2x +
   1e-9`` differs from ``2x`` by 1e-9 everywhere, invisible to floats.

The constants below are the whole tuning of the checker; docs/checking.md
explains each.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from tutor.checking.sampling import draw_points, finite_and_moderate, not_on_edge
from tutor.checking.symbolic import SymbolicOutcome, cheap_forms, in_child
from tutor.checking.values import DerivativeValues, ExpressionValues, Undefined, Values
from tutor.checking.verdict import Counterexample, NumericEvidence, Verdict

__all__ = ["check_derivative", "equivalent", "N_POINTS", "MIN_POINTS"]

# Points per check. 8 is the floor the course asks for; 12 costs ~1 ms more
# and makes a wrong answer that happens to agree on a region (|x - 5| terms)
# much less likely to pass unnoticed.
N_POINTS = 12
MIN_POINTS = 8

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

# The difference itself is evaluated adaptively at this many points, with at
# most this many digits of working precision (SymPy's evalf maxn), and counts
# as nonzero only with this many significant bits (a true zero comes back with
# one bit: "0.e-426").
ADAPTIVE_POINTS = 3
ADAPTIVE_MAX_DIGITS = 150
ADAPTIVE_MIN_BITS = 20

# Of the budget: the sampler may use this share; the symbolic child gets what
# is left minus RESERVE_S (rendering and the verdict itself need a moment).
SAMPLING_SHARE = 0.4
RESERVE_S = 0.15
# The child never runs longer than this, even with a big budget: an identity
# SymPy has not proved in this time is left to the numeric verdict.
CHILD_MAX_S = 1.5
# No child is started with less than this left: forking costs ~10 ms, and
# simplify decides nothing useful in less time.
CHILD_MIN_S = 0.1


@dataclass
class _Problem:
    """Everything the cascade needs; built by ``check_derivative`` or ``equivalent``."""

    answer: Any
    expected: Any
    variables: list[str]
    answer_values: ExpressionValues
    expected_values: Values
    probe: Any
    seed: int
    budget_s: float
    notes: list[str] = field(default_factory=list)
    start: float = field(default_factory=time.monotonic)

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


# ------------------------------------------------------------------ numeric comparison


def _float_close(a: float, e: float) -> bool:
    return abs(a - e) <= max(FLOAT_RTOL * max(abs(a), abs(e)), FLOAT_ATOL)


def _precise_disagreement(problem: _Problem, point: Mapping[str, float], digits: int) -> Counterexample | None:
    """A counterexample if the values differ by more than their rounding error at ``digits``."""
    import mpmath

    try:
        expected = problem.expected_values.precise(point, digits)
    except Undefined:
        return None  # the derivative itself is not computable here: no evidence either way
    try:
        answer = problem.answer_values.precise(point, digits)
    except Undefined as exc:
        return Counterexample(dict(point), None, float(expected.value), why=f"the answer is undefined here: {exc}")
    with mpmath.workdps(2 * digits):
        gap = abs(answer.value - expected.value)
        size = max(abs(answer.value), abs(expected.value))
        noise = NOISE_FACTOR * (answer.error + expected.error)
        floor = size * mpmath.mpf(10) ** (DIGITS_MARGIN - digits) + mpmath.mpf(10) ** (-2 * digits)
        if gap > max(noise, floor):
            return Counterexample(dict(point), float(answer.value), float(expected.value))
    return None


def _float_pass(problem: _Problem, points: list[dict[str, float]]) -> tuple[Counterexample | None, bool]:
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


def _precise_pass(problem: _Problem, points: list[dict[str, float]], digits: int) -> Counterexample | None:
    for point in points:
        if problem.left() < 0:
            break
        found = _precise_disagreement(problem, point, digits)
        if found is not None:
            return found
    return None


def _sample(problem: _Problem, n: int, seed_offset: int = 0) -> list[dict[str, float]]:
    rng = random.Random(problem.seed * 1_000_003 + seed_offset)
    share = problem.start + SAMPLING_SHARE * problem.budget_s
    return draw_points(problem.variables, n, rng, problem.probe, deadline=max(share, time.monotonic() + 0.05))


# ------------------------------------------------------------------ verdict wording


def _show(value: float | None) -> str:  # None: undefined at that point
    return "undefined" if value is None else f"{value:.10g}"


def _point_text(point: Mapping[str, float]) -> str:
    return ", ".join(f"{name} = {value:.6g}" for name, value in point.items())


def _incorrect(problem: _Problem, symbolic: SymbolicOutcome | None, n: int, found: Counterexample, digits: int | None) -> Verdict:
    _note_rounding(problem)
    if symbolic is None:  # the numbers decided first; the cheap forms may still say "different"
        difference = problem.answer - problem.expected
        symbolic = cheap_forms(difference, sorted(difference.free_symbols, key=str))
    where = _point_text(found.point) or "every point"
    if found.why.startswith("they differ by"):
        reason = (
            f"At {where} your answer and the derivative differ by {found.why.removeprefix('they differ by ')}, "
            "far below what floating point can see."
        )
    elif found.expected is None:
        reason = f"At {where} your answer is {_show(found.answer)}, but the expected expression is undefined."
    elif found.answer is None:
        reason = f"At {where} your answer is undefined, but the derivative is {_show(found.expected)}."
    else:
        reason = f"At {where} your answer is {_show(found.answer)}, but the derivative is {_show(found.expected)}."
    evidence = NumericEvidence(points=n, agree=False, counterexample=found, precision=digits)
    return problem.verdict("incorrect", symbolic.result, evidence, reason)


def _note_rounding(problem: _Problem) -> None:
    """Say so when the answer contains a decimal that looks like a rounded simple fraction (0.333 ≈ 1/3)."""
    from fractions import Fraction

    import sympy

    for number in sorted(problem.answer.atoms(sympy.Rational), key=str):
        q = int(number.q)
        while q % 2 == 0:
            q //= 2
        while q % 5 == 0:
            q //= 5
        if q != 1 or number.q == 1:
            continue  # not a terminating decimal
        exact = Fraction(int(number.p), int(number.q))
        simple = exact.limit_denominator(100)
        if simple != exact and abs(simple - exact) <= abs(simple) / 100:
            decimal = format(float(exact), ".10g")
            problem.notes.append(
                f"Your answer contains the decimal {decimal}, which is close to {simple} but not equal: "
                "derivatives are exact, so write fractions (or enough digits to be exact)."
            )


# ------------------------------------------------------------------ the cascade


def _decide(problem: _Problem) -> Verdict:
    points = _sample(problem, N_POINTS)
    if len(points) < MIN_POINTS:
        reason = (
            f"Could not find {MIN_POINTS} points where the function and its derivative are defined "
            f"(found {len(points)}), so the answer could not be checked numerically."
        )
        return problem.verdict("undecided", "unknown", NumericEvidence(points=len(points)), reason)
    found, rechecked = _float_pass(problem, points)
    n = len(points)
    if found is not None:
        return _incorrect(problem, None, n, found, DIGITS)
    if problem.left() < 0:
        return _out_of_time(problem, n)

    difference = problem.answer - problem.expected
    symbols = sorted(difference.free_symbols, key=str)
    symbolic = cheap_forms(difference, symbols)
    if symbolic.result == "equal":
        evidence = NumericEvidence(points=n, agree=True, precision=DIGITS if rechecked else None)
        return problem.verdict("correct", "equal", evidence, f"Correct: {symbolic.how}.")

    # Look harder numerically: every point with many digits.
    found = _precise_pass(problem, points, DIGITS)
    if found is not None:
        return _incorrect(problem, symbolic, n, found, DIGITS)
    if symbolic.result == "unknown":
        found = _adaptive_difference(problem, difference, points[:ADAPTIVE_POINTS])
        if found is not None:
            return _incorrect(problem, symbolic, n, found, None)
        timeout = min(CHILD_MAX_S, problem.left() - RESERVE_S)
        if timeout >= CHILD_MIN_S:
            symbolic = in_child(difference, symbols, timeout)
    if symbolic.result == "equal":
        evidence = NumericEvidence(points=n, agree=True, precision=DIGITS)
        return problem.verdict("correct", "equal", evidence, f"Correct: {symbolic.how}.")
    if symbolic.result == "different":
        return _look_harder(problem, symbolic, points)
    if problem.left() < 0:
        return _out_of_time(problem, n)
    evidence = NumericEvidence(points=n, agree=True, precision=DIGITS)
    reason = f"Correct: verified numerically at {n} points to {DIGITS} digits (SymPy's simplification was inconclusive)."
    return problem.verdict("correct", "unknown", evidence, reason)


def _adaptive_difference(problem: _Problem, difference: Any, points: list[dict[str, float]]) -> Counterexample | None:
    """Evaluate answer − expected itself with SymPy's adaptive precision at a few points.

    A true identity evaluates to an exact-looking zero (no significant bits);
    2x + 10⁻³⁰·sin(x) against 2x gives 10⁻³⁰·sin(x) to full accuracy, however
    far below the values it is. Points where the difference is not real (SymPy's
    principal branch of x^(1/3) for x < 0, where the engine takes the real
    root) say nothing and are skipped.
    """
    import sympy

    from tutor.parsing import variable

    for point in points:
        if problem.left() < 0:
            return None
        subs = {variable(name): sympy.Float(value, 30) for name, value in point.items()}
        try:
            value = difference.evalf(15, subs=subs, maxn=ADAPTIVE_MAX_DIGITS)
        except Exception:  # noqa: BLE001 — evalf cannot evaluate it: no evidence
            continue
        if isinstance(value, sympy.Float) and value != 0 and value._prec >= ADAPTIVE_MIN_BITS:
            try:
                answer = problem.answer_values.float(point)
                expected = problem.expected_values.float(point)
            except Undefined:
                continue
            return Counterexample(dict(point), answer, expected, why=f"they differ by {float(value):.3g}")
    return None


def _look_harder(problem: _Problem, symbolic: SymbolicOutcome, points: list[dict[str, float]]) -> Verdict:
    """SymPy says different but the points agree: more points, more digits; SymPy's proof stands either way."""
    more = points + _sample(problem, len(points) * (HARDER_POINTS_FACTOR - 1), seed_offset=1)
    found = _precise_pass(problem, more, HARDER_DIGITS)
    if found is not None:
        return _incorrect(problem, symbolic, len(more), found, HARDER_DIGITS)
    _note_rounding(problem)
    evidence = NumericEvidence(points=len(more), agree=True, precision=HARDER_DIGITS)
    reason = (
        f"Incorrect: {symbolic.how}, although the values agree at {len(more)} points "
        f"to {HARDER_DIGITS} digits — the difference is smaller than that."
    )
    return problem.verdict("incorrect", "different", evidence, reason)


def _out_of_time(problem: _Problem, n: int) -> Verdict:
    reason = f"Undecided: the check ran out of its {problem.budget_s:g} s budget."
    return problem.verdict("undecided", "unknown", NumericEvidence(points=n, agree=True), reason)


# ------------------------------------------------------------------ public entry points


def _names(exprs: Sequence[Any], extra: Sequence[str] = ()) -> list[str]:
    names = {str(s) for e in exprs for s in e.free_symbols} | set(extra)
    return sorted(names)


def _substitute(expr: Any, where: Mapping[Any, Any] | None) -> Any:
    if not where:
        return expr
    from tutor.parsing import variable

    replacements = {variable(str(name)): inner for name, inner in where.items()}
    return expr.xreplace(replacements)


def check_derivative(
    answer: Any,
    of: Any,
    wrt: Sequence[str],
    where: Mapping[str, Any] | None = None,
    *,
    seed: int = 0,
    budget_s: float = 2.5,
) -> Verdict:
    """Is ``answer`` the derivative of ``of`` with respect to ``wrt`` (successive partials, in order)?

    ``where`` maps variables of ``of`` to inner functions (the multivariable
    chain rule): both ``of`` and ``answer`` get them substituted, so the answer
    may be written in the outer variables, the inner ones, or a mix.
    Equivalence is on F's real domain: points are sampled where F and the
    derivative are defined. Never raises for a wrong answer; the verdict says
    why, and is "undecided" when the budget or the domain does not allow a decision.
    """
    import sympy

    from tutor.parsing import variable

    start = time.monotonic()
    wrt = [str(w) for w in wrt]
    if not wrt:
        raise ValueError("check_derivative needs at least one variable to differentiate by (wrt)")
    f = _substitute(of, where)
    given = _substitute(answer, where)
    expected = sympy.diff(f, *[variable(w) for w in wrt])
    variables = _names([f, given], wrt)
    derivative = DerivativeValues(f, wrt, variables, expected)

    def probe(point: Mapping[str, float]) -> bool:
        try:
            value, slope = derivative.value_and_float(point)
            if not finite_and_moderate(value) or not finite_and_moderate(slope):
                return False
        except (Undefined, ArithmeticError, ValueError):
            return False
        return not_on_edge(derivative.value_of_f, point)

    problem = _Problem(
        answer=given,
        expected=expected,
        variables=variables,
        answer_values=ExpressionValues(given, variables),
        expected_values=derivative,
        probe=probe,
        seed=seed,
        budget_s=budget_s,
        start=start,
    )
    if where:
        shown = ", ".join(f"{name} = {inner}" for name, inner in where.items())
        problem.notes.append(f"Compared after substituting the inner functions {shown}.")
    return _decide(problem)


def equivalent(
    answer: Any,
    expected: Any,
    variables: Sequence[str],
    *,
    domain_of: Any | None = None,
    seed: int = 0,
    budget_s: float = 2.5,
) -> Verdict:
    """Is ``answer`` equal to ``expected`` on the real domain of ``domain_of`` (default: of ``expected``)?"""
    start = time.monotonic()
    names = _names([answer, expected] + ([domain_of] if domain_of is not None else []), [str(v) for v in variables])
    target = ExpressionValues(expected, names)
    domain = ExpressionValues(domain_of, names) if domain_of is not None else target

    def probe(point: Mapping[str, float]) -> bool:
        try:
            if not finite_and_moderate(domain.float(point)):
                return False
        except (Undefined, ArithmeticError, ValueError):
            return False
        return not_on_edge(domain.float, point)

    problem = _Problem(
        answer=answer,
        expected=expected,
        variables=names,
        answer_values=ExpressionValues(answer, names),
        expected_values=target,
        probe=probe,
        seed=seed,
        budget_s=budget_s,
        start=start,
    )
    return _decide(problem)
