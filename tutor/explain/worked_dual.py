"""Worked solutions of the dual-number exercises: arithmetic with ε² = 0, and f(a + ε).

The lines are ``calctutor dual``'s derivation (``tutor.autodiff.dual_steps``): one per
operation, the rule filled in with the operands and the result. Each line's result is
recomputed by the AD engine from the sub-expression it works on: for arithmetic, the value
and the ε-derivative at ε = 0; for f(a + ε), the sub-expression's value and derivative at a.
Steps that only write a number down (``2ε``, ``3 + 2ε``) are left out: they are the question.
"""

from __future__ import annotations

from typing import Any, Optional

from tutor.explain.worked import WorkedStep, ad_partial, ad_value, verify
from tutor.parsing import notation as M
from tutor.parsing import variable
from tutor.parsing.printer import current_target, glyph, show
from tutor.parsing.prose import say

__all__ = ["dual_arithmetic_worked", "dual_evaluate_worked", "dual_text"]

EPSILON = "ε"
PRIME = "f'"  # f'(a): the derivative at a point, as a named function applied to it


def _is_written_number(expr: Any) -> bool:
    """a, bε or a + bε with plain numbers: a number as the question writes it, not an operation on one."""
    import sympy

    eps = variable(EPSILON)
    if not expr.free_symbols <= {eps}:
        return False
    if not expr.has(eps):
        return bool(expr.is_Number)
    if not expr.is_polynomial(eps):
        return False
    poly = sympy.Poly(expr, eps)
    if poly.degree() > 1 or not all(c.is_Number for c in poly.all_coeffs()):
        return False
    return expr.is_Add or expr.is_Mul or expr == eps


def _pair(result: Any) -> tuple[Any, Any]:
    return (result.a, result.b)


def dual_text(a: Any, b: Any) -> str:
    """a + bε as the worked lines write it, in the printer's current target: sin(4) + 4·cos(4)ε, 1/7 − (6/49)ε."""
    from tutor.autodiff.dual import Dual
    from tutor.autodiff.dual_steps import show_dual

    return show_dual(Dual(a, b), current_target())


# ε² = 0, the rule every line uses, said after the lines that rely on it.
NILPOTENT = "`ε^2 = 0`"


def _line(step: Any, oracle: Any) -> WorkedStep:
    target = current_target()
    names = step.operands_in(target)
    operands = ", ".join(f"{n} = {o}" for n, o in zip("uv", names)) if len(names) <= 2 else ", ".join(names)
    expression = step.expression_in(target)
    where = f"{expression}: " if expression else ""
    shown = f"{where}{step.rule_in(target)} with {operands}: {step.working_in(target)} = " \
        + dual_text(step.result.a, step.result.b)
    return WorkedStep(step.title, shown, _pair(step.result), oracle=oracle)


def _matrix_line(a: Any, b: Any) -> WorkedStep:
    import sympy

    rows = ((a, b), (sympy.Integer(0), a))
    shown = f"{say('`a + b ε`')} {glyph('maps to')} [[a, b], [0, a]]: [[{show(a)}, {show(b)}], [0, {show(a)}]]"
    return WorkedStep("matrix form", shown, rows)


def _verified(rule: str, heading: str, lines: list[WorkedStep], result: WorkedStep, matrix: bool) -> WorkedStep:
    """The solution: its lines, the result line and (with ``matrix``) the matrix form, each verified."""
    a, b = result.result
    root = WorkedStep(rule, heading, (a, b), (*lines, result, *([_matrix_line(a, b)] if matrix else [])))
    verify(root)
    return root


def dual_arithmetic_worked(of: Any, *, matrix: bool = False, written: Any = None) -> WorkedStep:
    """The worked computation of a dual-number expression ``of`` (in ε), verified line by line.

    ``written``: the expression's tree as the exercise wrote it (7(1 + 2ε), which SymPy keeps as
    14ε + 7), shown in the heading and the result line; the lines and the proof use ``of``."""
    from tutor.autodiff.dual_steps import dual_steps

    evaluation = dual_steps(of, {})
    lines: list[WorkedStep] = []
    for step, source in zip(evaluation.steps, _sources(of, evaluation, [EPSILON])):
        if source is not None and _is_written_number(source):
            continue
        oracle = None if source is None else _eps_oracle(source)
        lines.append(_line(step, oracle))
    a, b = evaluation.real, evaluation.dual
    asked = show(written if written is not None else of)
    result = WorkedStep("result", f"{asked} = {dual_text(a, b)}   ({say(NILPOTENT)})", (a, b),
                        oracle=_eps_oracle(of))
    return _verified("dual arithmetic", f"Compute {asked} with {say(NILPOTENT)}", lines, result, matrix)


def _eps_oracle(source: Any) -> Any:
    return lambda: (ad_value(source, {EPSILON: 0}), ad_partial(source, {EPSILON: 0}, EPSILON))


def _sources(of: Any, evaluation: Any, names: list[str]) -> list[Optional[Any]]:
    """The sub-expression each step works on, as SymPy (None where the tape kept no source).

    The tape is built as ``dual_steps`` builds it (same expression, same variable order), so
    its operations are the steps, one for one."""
    from tutor.autodiff import to_tape

    tape = to_tape(of, names)
    sources = [tape.sources[i] if tape.sources else None
               for i, ins in enumerate(tape.instrs) if ins.op not in ("input", "const")]
    return sources[: len(evaluation.steps)]


def dual_evaluate_worked(of: Any, x: str, at: Any, *, matrix: bool = False) -> WorkedStep:
    """The worked evaluation of f(a + ε) for f = ``of`` in ``x`` at ``at``, verified line by line."""
    from tutor.autodiff.dual_steps import dual_steps

    evaluation = dual_steps(of, {x: at}, wrt=x)
    seed = evaluation.seeds[x]
    lines = [WorkedStep("seed", f"{x} = {seed}: the input's tangent is 1   ({say(NILPOTENT)})", (at, 1))]
    for step, source in zip(evaluation.steps, _sources(of, evaluation, [x])):
        oracle = None if source is None else _point_oracle(source, x, at)
        lines.append(_line(step, oracle))
    a, b = evaluation.real, evaluation.dual
    result = WorkedStep(
        "result", f"f({seed}) = {dual_text(a, b)}: {show(M.eq(M.apply('f', at), a))}, and the {show(M.var(EPSILON))} part "
        f"is {show(M.eq(M.apply(PRIME, at), b))}", (a, b), oracle=_point_oracle(of, x, at))
    return _verified("f(a + ε)", f"Evaluate {show(M.eq(M.apply('f', M.var(x)), of))} at {seed}", lines, result,
                     matrix)


def _point_oracle(source: Any, x: str, at: Any) -> Any:
    return lambda: (ad_value(source, {x: at}), ad_partial(source, {x: at}, x))
