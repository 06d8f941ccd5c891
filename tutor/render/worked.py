"""Drawing a worked solution (``tutor.explain.WorkedStep``): a Rich tree, one line per step.

The first line is the task, each child a rule with the exercise's numbers filled in; the rule's
name is bold, as in the derivation trees of ``render/steps.py``.
"""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.text import Text
from rich.tree import Tree

from tutor.render.expressions import shown

__all__ = ["render_worked"]

# Rules whose name says nothing the line does not: the line is shown alone.
PLAIN_RULES = frozenset({"entry", "value", "result", "seed"})


def _label(step: Any) -> Text:
    line = shown(str(step.shown))
    if step.rule in PLAIN_RULES or step.rule.startswith(("node ", "∂")):
        return Text(line)
    return Text.assemble((f"{step.rule}: ", "bold cyan"), line)


def render_worked(root: Any) -> RenderableType:
    """The worked solution as a tree; ``root.shown`` is its title."""
    tree = Tree(Text(shown(str(root.shown)), style="bold"), guide_style="dim")
    stack = [(tree, sub) for sub in reversed(root.substeps)]
    while stack:  # iterative: a long graph never recurses deeply
        parent, step = stack.pop()
        node = parent.add(_label(step))
        stack.extend((node, sub) for sub in reversed(step.substeps))
    return tree
