"""Drawing a derivation: a Rich Tree of steps, simplification foldable, multivariable paths as a tree.

Pure drawing: the words come from ``tutor.explain.text_of`` (the wording
table); this module only decides layout and style.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from rich.tree import Tree

from tutor.explain import steps as S
from tutor.explain.wording import show as _show_expr, text_of as _text_of
from tutor.render.expressions import shown


def show(expr: object) -> str:
    """An expression as text, natural logs written ln (see ``tutor.render.expressions.shown``)."""
    return shown(_show_expr(expr))


def text_of(step: S.Step) -> str:
    return shown(_text_of(step))

__all__ = ["render_steps", "step_label"]

# Short names of the rules as the course notes' rule table calls them.
RULE_NAMES: dict[str, str] = {
    "constant": "constant", "variable": "variable", "power": "power rule", "sum": "sum rule",
    "difference": "difference rule", "constant-multiple": "constant multiple", "product": "product rule",
    "quotient": "quotient rule", "reciprocal": "reciprocal rule", "chain": "chain rule", "exp": "eˣ",
    "exp-base": "aˣ", "log": "ln", "log-base": "log base b", "trig": "trig", "inverse-trig": "inverse trig",
    "hyperbolic": "hyperbolic", "abs": "abs", "logarithmic-differentiation": "f^g (logarithmic differentiation)",
    "partial": "partial derivative", "multivariable-chain": "multivariable chain rule",
    "simplify": "simplify", "derivation": "derivative",
}


def step_label(step: S.Step) -> Text:
    """The step's sentence; the part before the first colon (the rule's name) in bold."""
    text = text_of(step)
    head, sep, rest = text.partition(": ")
    if sep and len(head) < 60:  # a rule name, not a formula that happens to contain ": "
        return Text.assemble((head + ": ", "bold cyan"), rest)
    return Text(text)


def _add(tree: Tree, step: S.Step, fold_simplify: bool) -> None:
    if isinstance(step, S.SimplifyStep):
        if fold_simplify:
            return
        tree.add(Text.assemble(("simplify: ", "bold magenta"), text_of(step).removeprefix("simplify: ")))
        return
    node = tree.add(step_label(step))
    if isinstance(step, S.MultivariableChainRule):
        _add_paths(node, step, fold_simplify)
        return
    for sub in step.substeps:
        _add(node, sub, fold_simplify)


def _add_paths(node: Tree, step: S.MultivariableChainRule, fold_simplify: bool) -> None:
    """One branch per path f → v → t: ∂f/∂v, then dv/dt under it."""
    for i, v in enumerate(step.paths):
        partial, inner = step.substeps[2 * i], step.substeps[2 * i + 1]
        term = Text.assemble((f"path f → {v} → {step.wrt}: ", "bold yellow"), f"∂f/∂{v}·d{v}/d{step.wrt} = ",
                             f"({show(partial.result.xreplace(step.substitution()))})·({show(inner.result)})")
        branch = node.add(term)
        _add(branch, partial, fold_simplify)
        _add(branch, inner, fold_simplify)


def _operator(order: tuple[str, ...]) -> str:
    """d/dx, d^3/dx^3, or ∂^2/∂y∂x (the last variable written first, as in ∂²f/∂y∂x)."""
    n = len(order)
    if n == 1:
        return f"d/d{order[0]}"
    if len(set(order)) == 1:
        return f"d^{n}/d{order[0]}^{n}"
    return f"∂^{n}/" + "".join(f"∂{v}" for v in reversed(order))


def render_steps(root: S.Step, *, fold_simplify: bool = False) -> RenderableType:
    """The derivation as a tree; ``fold_simplify`` hides the simplification steps."""
    order = root.order if isinstance(root, S.Derivation) else (root.wrt,)
    title = Text()
    title.append(_operator(order) + " ", style="bold")
    title.append(show(root.expr))
    title.append(" = ")
    title.append(show(root.result), style="bold green")
    tree = Tree(title, guide_style="dim")
    stages = root.substeps if isinstance(root, S.Derivation) else (root,)
    for stage in stages:
        if isinstance(stage, S.Derivation) and len(order) > 1:
            branch = tree.add(Text.assemble((f"by {stage.wrt}: ", "bold"), text_of(stage)))
            for sub in stage.substeps:
                _add(branch, sub, fold_simplify)
        else:
            _add(tree, stage, fold_simplify)
    return Group(tree)

