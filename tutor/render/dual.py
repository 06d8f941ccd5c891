"""Drawing ``calctutor dual``: each operation with its rule, then f(a + ε) = f(a) + f'(a)ε."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tutor.parsing import notation as M
from tutor.parsing.printer import operator, show

__all__ = ["render_dual"]

OPERAND_NAMES = ("u", "v")  # the names the rules' formulas use for their operands


def render_dual(evaluation: Any) -> RenderableType:
    """A table of steps (rule used, rule filled in, result) and the final dual number."""
    from tutor.autodiff.dual_steps import show_dual, show_exact

    parts: list[RenderableType] = []
    if evaluation.seeds:
        seeds = ", ".join(show(M.eq(M.var(name), M.words(value))) for name, value in evaluation.seeds.items())
        parts.append(Text(f"Seed: {seeds}   (ε² = 0)", style="dim"))
    # One step in two lines (the rule, then the rule filled in) rather than five table columns:
    # the columns did not fit 80 characters and the rule formulas wrapped mid-formula.
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="dim")
    table.add_column()
    for k, step in enumerate(evaluation.steps, 1):
        cell = Text()
        cell.append(step.title, style="bold")
        cell.append("   ")
        cell.append(step.rule, style="dim")
        cell.append("\n")
        names = OPERAND_NAMES if len(step.operands) <= len(OPERAND_NAMES) else ()
        operands = (", ".join(show(M.eq(M.var(n), M.words(o))) for n, o in zip(names, step.operands)) if names
                    else ", ".join(step.operands))
        cell.append(f"{operands}:  {step.working} = ")
        cell.append(show_dual(step.result), style="bold")
        table.add_row(f"{k}.", cell)
    if evaluation.steps:
        parts.append(table)
    result = Text()
    if evaluation.perturbed:
        name = evaluation.perturbed
        seed_names = list(evaluation.seeds)
        seeded = [M.words(evaluation.seeds[n]) for n in seed_names]
        at = [M.as_tree(evaluation.point[n]) if evaluation.point and n in evaluation.point else M.var(n)
              for n in seed_names]
        slope = "f'" if len(seed_names) == 1 else show(M.words(operator(name, True, of="f")))
        result.append(show(M.eq(M.apply("f", *seeded), M.words(show_dual(evaluation.result)))) + "\n", style="bold")
        result.append(f"so {show(M.eq(M.apply('f', *at), evaluation.real))} and "
                      f"{show(M.eq(M.apply(slope, *at), evaluation.dual))}  (the ε part is the derivative)")
    else:
        result.append(f"= {show_dual(evaluation.result)}", style="bold")
        result.append(f"   real part {show_exact(evaluation.real)}, dual part {show_exact(evaluation.dual)}")
    parts.append(result)
    return Group(*parts)
