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

The constants here and in numeric.py, sampling.py and symbolic.py are the
whole tuning of the checker; docs/checking.md explains each.
"""

from __future__ import annotations

import math
import time
from typing import Any, Callable, Mapping, Sequence

from tutor.checking.numeric import (
    ADAPTIVE_MAX_S,
    ADAPTIVE_POINTS,
    DIGITS,
    HARDER_DIGITS,
    HARDER_POINTS_FACTOR,
    Comparison,
    adaptive_difference,
    float_pass,
    precise_pass,
    readable_counterexample,
    sample,
)
from tutor.checking.derivative import real_derivative
from tutor.checking.sampling import not_on_edge, usable
from tutor.checking.symbolic import SymbolicOutcome, cheap_forms, in_child, textbook
from tutor.checking.values import DerivativeValues, ExpressionValues, Guards, Undefined
from tutor.checking.verdict import Counterexample, NumericEvidence, Verdict, shown_value

__all__ = ["check_derivative", "check_request", "equivalent", "N_POINTS", "MIN_POINTS"]

# Points per check. 8 is the floor the course asks for; 12 costs ~1 ms more
# and makes a wrong answer that happens to agree on a region (|x - 5| terms)
# much less likely to pass unnoticed.
N_POINTS = 12
MIN_POINTS = 8
# Feature points (features.py) that also get the many-digit recheck of step 3.
PRECISE_FEATURE_POINTS = 4

# The symbolic child gets what is left of the budget minus this (rendering and
# the verdict itself need a moment).
RESERVE_S = 0.15
# The child never runs longer than this, even with a big budget: an identity
# SymPy has not proved in this time is left to the numeric verdict.
CHILD_MAX_S = 1.5
# No child is started with less than this left: forking costs ~10 ms, and
# simplify decides nothing useful in less time.
CHILD_MIN_S = 0.1
# With no wall-clock budget (budget_s = inf: tests, the corpus) a child stage
# is limited by its own CPU time only; the wall clock is this many times that
# limit, a safety net that a loaded machine never reaches.
UNHURRIED_WALL_FACTOR = 20


def _child_limits(problem: Comparison, cap_s: float) -> tuple[float, float]:
    """(wall-clock, CPU) seconds for a child stage of at most ``cap_s``.

    With a finite budget, what is left of it (minus RESERVE_S) bounds both.
    With ``budget_s = math.inf`` only the CPU time counts, so the same check
    does the same work, and reaches the same verdict, on a loaded machine.
    """
    if math.isinf(problem.budget_s):
        return cap_s * UNHURRIED_WALL_FACTOR, cap_s
    limit = min(cap_s, problem.left() - RESERVE_S)
    return limit, limit


# ------------------------------------------------------------------ verdict wording




def _point_text(point: Mapping[str, float]) -> str:
    return ", ".join(f"{name} = {value:.6g}" for name, value in point.items())


def _incorrect(problem: Comparison, symbolic: SymbolicOutcome | None, n: int, found: Counterexample, digits: int | None) -> Verdict:
    _note_rounding(problem)
    if symbolic is None:  # the numbers decided first; the cheap forms may still say "different"
        difference = textbook(problem.answer - problem.expected)
        symbolic = cheap_forms(difference, sorted(difference.free_symbols, key=str))
    found = readable_counterexample(problem, found)
    where = _point_text(found.point) or "every point"
    if found.why.startswith("they differ by"):
        reason = (
            f"At {where} your answer and the derivative differ by {found.why.removeprefix('they differ by ')}, "
            "far below what floating point can see."
        )
    elif found.expected is None:
        reason = f"At {where} your answer is {shown_value(found.answer)}, but the expected expression is undefined."
    elif found.answer is None:
        reason = f"At {where} your answer is undefined, but the derivative is {shown_value(found.expected)}."
    else:
        reason = (
            f"At {where} your answer is {shown_value(found.answer, found.expected)}, "
            f"but the derivative is {shown_value(found.expected, found.answer)}."
        )
    evidence = NumericEvidence(points=n, agree=False, counterexample=found, precision=digits)
    return problem.verdict("incorrect", symbolic.result, evidence, reason)


def _note_rounding(problem: Comparison) -> None:
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


def _decide(problem: Comparison) -> Verdict:
    points = sample(problem, N_POINTS)
    if len(points) < MIN_POINTS:
        reason = (
            f"Could not find {MIN_POINTS} points where the function and its derivative are defined "
            f"(found {len(points)}), so the answer could not be checked numerically."
        )
        return problem.verdict("undecided", "unknown", NumericEvidence(points=len(points)), reason)
    found, rechecked = float_pass(problem, points)
    n = len(points)
    if found is not None:
        return _incorrect(problem, None, n, found, DIGITS)
    if problem.left() < 0:
        return _out_of_time(problem, n)

    difference = textbook(problem.answer - problem.expected)
    symbols = sorted(difference.free_symbols, key=str)
    symbolic = cheap_forms(difference, symbols)
    if symbolic.result == "equal":
        evidence = NumericEvidence(points=n, agree=True, precision=DIGITS if rechecked else None)
        return problem.verdict("correct", "equal", evidence, f"Correct: {symbolic.how}.")

    # Look harder numerically: every random point (and the first feature points) with many digits;
    # the feature points are for sign patterns, which floats see.
    found = precise_pass(problem, points[: N_POINTS + PRECISE_FEATURE_POINTS], DIGITS)
    if found is not None:
        return _incorrect(problem, symbolic, n, found, DIGITS)
    if symbolic.result == "unknown":
        wall, cpu = _child_limits(problem, ADAPTIVE_MAX_S)
        found = adaptive_difference(problem, difference, points[:ADAPTIVE_POINTS], wall, cpu)
        if found is not None:
            return _incorrect(problem, symbolic, n, found, None)
        wall, cpu = _child_limits(problem, CHILD_MAX_S)
        if cpu >= CHILD_MIN_S and not symbolic.constants_vanish:
            symbolic = in_child(difference, symbols, wall, cpu)
    if symbolic.result == "equal":
        evidence = NumericEvidence(points=n, agree=True, precision=DIGITS)
        return problem.verdict("correct", "equal", evidence, f"Correct: {symbolic.how}.")
    if symbolic.result == "different":
        return _look_harder(problem, symbolic, points)
    if problem.left() < 0:
        return _out_of_time(problem, n)
    evidence = NumericEvidence(points=n, agree=True, precision=DIGITS)
    why = symbolic.how if symbolic.constants_vanish else "SymPy's simplification was inconclusive"
    reason = f"Correct: verified numerically at {n} points to {DIGITS} digits ({why})."
    return problem.verdict("correct", "unknown", evidence, reason)



def _look_harder(problem: Comparison, symbolic: SymbolicOutcome, points: list[dict[str, float]]) -> Verdict:
    """SymPy says different but the points agree: more points, more digits; SymPy's proof stands either way."""
    more = points + sample(problem, len(points) * (HARDER_POINTS_FACTOR - 1), seed_offset=1)
    found = precise_pass(problem, more, HARDER_DIGITS)
    if found is not None:
        return _incorrect(problem, symbolic, len(more), found, HARDER_DIGITS)
    _note_rounding(problem)
    evidence = NumericEvidence(points=len(more), agree=True, precision=HARDER_DIGITS)
    reason = (
        f"Incorrect: {symbolic.how}, although the values agree at {len(more)} points "
        f"to {HARDER_DIGITS} digits — the difference is smaller than that."
    )
    return problem.verdict("incorrect", "different", evidence, reason)


def _out_of_time(problem: Comparison, n: int) -> Verdict:
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


def _typed_domain(domain: Sequence[Any], where: Mapping[str, Any] | None, folded: Any) -> list[Any]:
    """The recorded sub-expressions that still matter: substituted, variable, and folded away from ``folded``."""
    kept: list[Any] = []
    for condition in domain:
        condition = _substitute(condition, where)
        if not condition.free_symbols or condition in kept:
            continue
        evaluated = condition.func(*condition.args)  # as SymPy would have folded it: 1/cosh(x)^2 → cosh(x)^-2
        if not folded.has(condition) and not folded.has(evaluated):
            kept.append(condition)
    return kept


def _probe(values: Callable[[Mapping[str, float]], Sequence[float]],
           edge: Callable[[Mapping[str, float]], Any]) -> Callable[[Mapping[str, float]], bool]:
    """Is a sample point usable: every one of ``values`` a finite number there, and the point off an edge
    of the domain (where ``edge``, F's value, changes its kind: a pole, a branch)?"""
    def probe(point: Mapping[str, float]) -> bool:
        try:
            if not all(usable(v) for v in values(point)):
                return False
        except (Undefined, ArithmeticError, ValueError):
            return False
        return not_on_edge(edge, point)

    return probe


def check_request(request: Any, *, seed: int = 0, budget_s: float = 2.5) -> Verdict:
    """``check_derivative`` for a ``request.CheckRequest``: F and the answer keep the domains they were typed with."""
    return check_derivative(
        request.answer.expr, request.of.expr, request.wrt, request.where, seed=seed, budget_s=budget_s,
        answer_domain=request.answer.typed.domain,
        of_domain=(*request.of.typed.domain, *request.where_domain),
    )


def check_derivative(
    answer: Any,
    of: Any,
    wrt: Sequence[str],
    where: Mapping[str, Any] | None = None,
    *,
    seed: int = 0,
    budget_s: float = 2.5,
    answer_domain: Sequence[Any] = (),
    of_domain: Sequence[Any] = (),
) -> Verdict:
    """Is ``answer`` the derivative of ``of`` with respect to ``wrt`` (successive partials, in order)?

    ``where`` maps variables of ``of`` to inner functions (the multivariable
    chain rule): both ``of`` and ``answer`` get them substituted, so the answer
    may be written in the outer variables, the inner ones, or a mix.
    Equivalence is on F's real domain: points are sampled where F and the
    derivative are defined. Never raises for a wrong answer; the verdict says
    why, and is "undecided" when the budget or the domain does not allow a decision.
    ``budget_s=math.inf`` has no wall clock: each stage runs to its own CPU
    limit, so the verdict does not depend on the machine's load (tests).
    """
    import sympy

    from tutor.parsing import variable

    start = time.monotonic()
    wrt = [str(w) for w in wrt]
    if not wrt:
        raise ValueError("check_derivative needs at least one variable to differentiate by (wrt)")
    f = _substitute(of, where)
    given = _substitute(answer, where)
    expected = real_derivative(f, [variable(w) for w in wrt])
    of_conditions = _typed_domain(of_domain, where, f)
    answer_conditions = _typed_domain(answer_domain, where, given)
    variables = _names([f, given, *of_conditions, *answer_conditions], wrt)
    derivative = DerivativeValues(f, wrt, variables, expected, Guards(of_conditions, variables))

    problem = Comparison(
        answer=given,
        expected=expected,
        variables=variables,
        answer_values=ExpressionValues(given, variables, Guards(answer_conditions, variables)),
        expected_values=derivative,
        probe=_probe(derivative.value_and_float, derivative.value_of_f),
        seed=seed,
        budget_s=budget_s,
        start=start,
        shapes=(f, given, *of_conditions, *answer_conditions),
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

    problem = Comparison(
        answer=answer,
        expected=expected,
        variables=names,
        answer_values=ExpressionValues(answer, names),
        expected_values=target,
        probe=_probe(lambda point: (domain.float(point),), domain.float),
        seed=seed,
        budget_s=budget_s,
        start=start,
        shapes=tuple(e for e in (expected, answer, domain_of) if e is not None),
    )
    return _decide(problem)
