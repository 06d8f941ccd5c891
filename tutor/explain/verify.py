"""Every step is checked against the AD engine before anyone sees it.

For each step, ``d(expr)/d(wrt)`` computed by ``tutor.autodiff`` (an
independent oracle: it never looks at our rules) must equal ``result``
evaluated at a few random points inside the real domain. A step that fails
is an internal error (``StepVerificationError``), never a wrong explanation.
"""

from __future__ import annotations

import math
import random
from typing import Any, Callable, Sequence

from tutor.explain import steps as S
from tutor.autodiff.evaluator import evaluate

__all__ = ["StepVerificationError", "verify_tree", "verify_step", "ad_derivative"]

POINTS = 3  # agreeing points per step: one point can agree by accident, three practically cannot
TRIES = 40  # random draws before giving up on finding points in the domain (asin(x²+2) has none)
TOLERANCE = 1e-6  # relative: both sides are double precision evaluations of the same function


class StepVerificationError(AssertionError):
    """A step whose result is not the derivative of its expression (a bug in the rules)."""


def _draw(rng: random.Random, i: int) -> float:
    # Cycle through ranges so domains like (-1, 1) and x > 1 both get points.
    kind = i % 3
    if kind == 0:
        return rng.uniform(-3.0, 3.0)
    if kind == 1:
        return rng.uniform(-0.95, 0.95)
    return rng.uniform(1.05, 4.0)


def ad_derivative(expr: Any, variables: Sequence[str], order: Sequence[str]) -> Callable[[dict], float]:
    """d^k expr / d order… as a function of a point, by the AD engine."""
    from tutor.autodiff import compile_expression

    tape = compile_expression(expr, list(variables))
    return lambda point: float(tape.derivative(point, list(order)))


def _sympy_derivative(expr: Any, order: Sequence[str]) -> Callable[[dict], float]:
    import sympy

    d = sympy.diff(expr, *[S.symbol(v) for v in order])
    return lambda point: evaluate(d, point)


def _order(step: S.Step) -> tuple[str, ...]:
    return step.order if isinstance(step, S.Derivation) else (step.wrt,)


def verify_step(step: S.Step, rng: random.Random) -> int:
    """Check one step; returns how many points agreed (0 when its domain is empty)."""
    order = _order(step)
    names = sorted({s.name for s in step.expr.free_symbols | step.result.free_symbols} | set(order))
    try:
        oracle = ad_derivative(step.expr, names, order)
    except Exception:  # an expression the AD engine does not take (e.g. sign): SymPy's diff
        oracle = _sympy_derivative(step.expr, order)
    agreed = 0
    for i in range(TRIES):
        point = {n: _draw(rng, i) for n in names}
        try:
            want = oracle(point)
            got = evaluate(step.result, point)
        except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError):
            continue
        if not (math.isfinite(want) and math.isfinite(got)) or abs(want) > 1e8:
            continue  # near a pole both sides lose all their digits
        if abs(want - got) > TOLERANCE * max(1.0, abs(want)):
            raise StepVerificationError(
                f"{step.rule} step: d/d{','.join(order)} {step.expr} = {step.result} is wrong at {point}: "
                f"expected {want}, got {got}"
            )
        agreed += 1
        if agreed >= POINTS:
            break
    return agreed


def verify_tree(root: S.Step, seed: int = 0) -> int:
    """Check every step of the tree; returns the number of steps checked."""
    rng = random.Random(seed)
    count = 0
    for step in S.walk(root):
        verify_step(step, rng)
        count += 1
    return count
