"""Drawing ``calctutor dual``: each operation with its rule, then f(a + ε) = f(a) + f'(a)ε."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

__all__ = ["render_dual"]


def render_dual(evaluation: Any) -> RenderableType:
    """A table of steps (rule used, rule filled in, result) and the final dual number."""
    from tutor.autodiff.dual_steps import show_dual, show_exact

    parts: list[RenderableType] = []
    if evaluation.seeds:
        seeds = ", ".join(f"{name} = {value}" for name, value in evaluation.seeds.items())
        parts.append(Text(f"Seed: {seeds}   (ε² = 0)", style="dim"))
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
    table.add_column("#", justify="right", style="dim")
    table.add_column("rule")
    table.add_column("operands")
    table.add_column("= (rule filled in)")
    table.add_column("result", style="bold")
    for k, step in enumerate(evaluation.steps, 1):
        table.add_row(str(k), Text(f"{step.title}\n{step.rule}"), Text(", ".join(step.operands)), Text(step.working),
                      Text(show_dual(step.result)))
    if evaluation.steps:
        parts.append(table)
    result = Text()
    if evaluation.perturbed:
        name = evaluation.perturbed
        seed = evaluation.seeds[name]
        result.append(f"f({seed}) = {show_dual(evaluation.result)}\n", style="bold")
        result.append(f"so f = {show_exact(evaluation.real)} and f'({name}) = {show_exact(evaluation.dual)}"
                      f"  (the ε part is the derivative)")
    else:
        result.append(f"= {show_dual(evaluation.result)}", style="bold")
        result.append(f"   real part {show_exact(evaluation.real)}, dual part {show_exact(evaluation.dual)}")
    parts.append(result)
    return Group(*parts)
