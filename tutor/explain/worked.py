"""Worked solutions of the automatic-differentiation exercises, as data: a tree of ``WorkedStep``.

A derivative is explained rule by rule (``steps.py``); a dual number, a graph, a Jacobian,
a choice of mode or a difference quotient is *worked*: each line is a rule with the
exercise's own numbers filled in and its result (``p = x + y = 2 + 3 = 5``). The
builders live in ``worked_dual.py``, ``worked_graph.py``, ``worked_jacobian.py`` and
``worked_numdiff.py``; each line with a number in it carries an ``oracle``, the same number
recomputed by the AD engine (``tutor.autodiff``), and ``verify`` proves every line before a
solution is returned. ``worked_to_json`` gives the explain-style JSON (``rule``, ``shown``,
``result``, ``substeps``).

The lines are printed in the printer's current target (``printer.printing``): unicode by default,
ASCII under ``practice --plain``. Formulas go through the printer (or ``prose.say`` for backtick
math in a sentence); the few signs written between formulas are spelled by ``sign``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional, Sequence

from tutor.explain.walk import walk
from tutor.parsing.printer import glyph

__all__ = ["WorkedStep", "WorkedStepError", "verify", "worked_to_json", "walk_worked", "ad_value",
           "ad_partial", "number"]

REL_TOL = 1e-9  # exact SymPy against the AD engine's floats: both exact up to a few roundings


class WorkedStepError(ValueError):
    """A worked line whose number the AD engine does not reproduce (a bug, never the student's)."""


@dataclass(frozen=True)
class WorkedStep:
    """One line of a worked solution: which rule, the line as shown, and what it gives."""

    rule: str  # "product rule", "forward pass", "node p", "adjoint of y", "quotient"…
    shown: str  # the line with the numbers in: "p = x + y = 2 + 3 = 5"
    result: Any = None  # the exact value (SymPy number, (a, b) for a dual, rows, a word) or None
    substeps: tuple["WorkedStep", ...] = ()
    oracle: Optional[Callable[[], Any]] = field(default=None, repr=False, compare=False)
    # -> the result recomputed by the AD engine (a float, or a tuple of floats), None: nothing to check
    sample: Optional[Mapping[str, float]] = field(default=None, repr=False, compare=False)
    # where a symbolic result (a formula) is compared with its oracle

    @property
    def text(self) -> str:
        """The line as a front end prints it."""
        return self.shown


walk_worked = walk  # every line, parents before children


def _floats(value: Any) -> list[float]:
    if isinstance(value, (tuple, list)):
        return [x for v in value for x in _floats(v)]
    return [float(value)]


def verify(root: WorkedStep) -> int:
    """Check every line that has an oracle against it; the number of lines checked.

    Raises ``WorkedStepError`` naming the line that disagrees.
    """
    checked = 0
    for step in walk_worked(root):
        if step.oracle is None:
            continue
        result = step.result
        if step.sample is not None:
            import sympy

            from tutor.parsing import variable

            result = result.xreplace({variable(k): sympy.Float(v, 30) for k, v in step.sample.items()})
        want, got = _floats(result), _floats(step.oracle())
        if len(want) != len(got) or any(abs(w - g) > REL_TOL * max(1.0, abs(w), abs(g)) for w, g in zip(want, got)):
            raise WorkedStepError(f"the AD engine gives {got} for the line {step.shown!r}")
        checked += 1
    return checked


def _result_text(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (tuple, list)):
        return [_result_text(v) for v in value]
    return str(value)


def worked_to_json(step: WorkedStep) -> dict[str, Any]:
    """``{"rule", "shown", "result", "substeps"}``: explain's step structure, results in SymPy's syntax."""
    return {
        "rule": step.rule,
        "shown": step.shown,
        "result": _result_text(step.result),
        "verified": step.oracle is not None,
        "substeps": [worked_to_json(s) for s in step.substeps],
    }


# -- the AD engine as the oracle ---------------------------------------------------------------


def ad_value(expr: Any, point: Mapping[str, Any]) -> float:
    """``expr`` at ``point`` through the AD tape."""
    from tutor.autodiff import compile_expression

    names = sorted({s.name for s in expr.free_symbols} | set(point))
    return float(compile_expression(expr, names).value({k: float(point.get(k, 0)) for k in names}))


def ad_partial(expr: Any, point: Mapping[str, Any], wrt: str) -> float:
    """∂expr/∂wrt at ``point`` through the AD tape (forward mode, seeded at ``wrt``)."""
    from tutor.autodiff import compile_expression

    names = sorted({s.name for s in expr.free_symbols} | set(point) | {wrt})
    compiled = compile_expression(expr, names)
    return float(compiled.derivative({k: float(point.get(k, 0)) for k in names}, [wrt]))


def number(value: Any, figures: int = 4) -> str:
    """An exact number as a worked line shows it: exact when short (3/4, cos(4)), with ≈ digits otherwise."""
    from tutor.parsing.printer import show

    text = show(value)
    if getattr(value, "is_Rational", False):
        return text
    from tutor.checking.numeric_answers import approximation

    return f"{text} {glyph('approximately')} {signed_decimal(approximation(value, figures))}"


def signed_decimal(digits: str) -> str:
    """A decimal literal (−0.2879, 5.18471e21) with the printer's minus sign."""
    return f"{glyph('minus')}{digits[1:]}" if digits.startswith("-") else digits
