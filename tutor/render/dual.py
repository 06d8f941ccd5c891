"""Drawing ``calctutor dual``: each operation with its rule, then f(a + ε) = f(a) + f'(a)ε.

Every formula comes from the steps' trees through the one printer in ``target``: unicode on the
terminal, plain (``dual --plain``: ASCII lines, ``<u, u'>`` for a pair, ``epsilon`` for ε) for
screen readers and pasting.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tutor.parsing import notation as M
from tutor.parsing.printer import operator, show

__all__ = ["render_dual", "dual_lines"]

OPERAND_NAMES = ("u", "v")  # the names the rules' formulas use for their operands


def _seed_line(evaluation: Any, target: str) -> Text | None:
    from tutor.autodiff.dual_steps import show_dual

    if not evaluation.seed_duals:
        return None
    seeds = ", ".join(show(M.eq(M.var(name), M.words(show_dual(value, target))), target)
                      for name, value in evaluation.seed_duals.items())
    return Text(f"Seed: {seeds}   ({_nilpotent(target)})", style="dim")


def _nilpotent(target: str) -> str:
    return show(M.eq(M.power(M.var("ε"), 2), 0), target)  # ε² = 0


def _step_lines(step: Any, target: str) -> tuple[Text, Text]:
    """The rule used (title and formula), then the rule filled in with this step's operands."""
    head = Text()
    head.append(step.title, style="bold")
    head.append("   ")
    head.append(step.rule_in(target), style="dim")
    operands = step.operands_in(target)
    names = OPERAND_NAMES if len(operands) <= len(OPERAND_NAMES) else ()
    named = (", ".join(show(M.eq(M.var(n), M.words(o)), target) for n, o in zip(names, operands)) if names
             else ", ".join(operands))
    body = Text(f"{named}:  {step.working_in(target)} = ")
    body.append(step.result_in(target), style="bold")
    return head, body


def _result_lines(evaluation: Any, target: str) -> list[Text]:
    """f(a + ε) = f(a) + f'(a)ε and what it says; or the dual number and its parts."""
    from tutor.autodiff.dual_steps import show_dual, show_exact

    value = show_dual(evaluation.result, target)
    eps = show(M.var("ε"), target)
    if not evaluation.perturbed:
        line = Text(f"= {value}", style="bold")
        line.append(f"   real part {show_exact(evaluation.real, target)}, dual part {show_exact(evaluation.dual, target)}")
        return [line]
    name, names = evaluation.perturbed, list(evaluation.seed_duals)
    seeded = [M.words(show_dual(evaluation.seed_duals[n], target)) for n in names]
    at = [M.as_tree(evaluation.point[n]) if evaluation.point and n in evaluation.point else M.var(n) for n in names]
    slope = "f'" if len(names) == 1 else show(M.words(operator(name, True, target, of="f")), target)
    first = Text(show(M.eq(M.apply("f", *seeded), M.words(value)), target), style="bold")
    second = Text(f"so {show(M.eq(M.apply('f', *at), evaluation.real), target)} and "
                  f"{show(M.eq(M.apply(slope, *at), evaluation.dual), target)}  (the {eps} part is the derivative)")
    return [first, second]


def render_dual(evaluation: Any, target: str = "unicode") -> RenderableType:
    """A table of steps (rule used, rule filled in, result) and the final dual number."""
    parts: list[RenderableType] = []
    seed = _seed_line(evaluation, target)
    if seed is not None:
        parts.append(seed)
    # One step in two lines (the rule, then the rule filled in) rather than five table columns:
    # the columns did not fit 80 characters and the rule formulas wrapped mid-formula.
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="dim")
    table.add_column()
    for k, step in enumerate(evaluation.steps, 1):
        head, body = _step_lines(step, target)
        table.add_row(f"{k}.", Text.assemble(head, "\n", body))
    if evaluation.steps:
        parts.append(table)
    parts.extend(_result_lines(evaluation, target))
    return Group(*parts)


def dual_lines(evaluation: Any) -> list[str]:
    """``dual --plain``: the same as lines of ASCII (no table), every formula in the plain target."""
    seed = _seed_line(evaluation, "plain")
    lines = [seed.plain] if seed is not None else []
    for k, step in enumerate(evaluation.steps, 1):
        head, body = _step_lines(step, "plain")
        lines += [f"{k}. {head.plain}", f"   {body.plain}"]
    return lines + [t.plain for t in _result_lines(evaluation, "plain")]
