"""Drawing a derivation: a Rich Tree of steps, simplification foldable, multivariable paths as a tree.

Pure drawing: the words and every equation line come from ``tutor.explain.wording``
(``text_of``: the rule's words, then the ``shown`` line printed by the one math
printer), so the human output and ``explain --json``'s "shown" are the same strings.
This module only decides layout and style; ``plain`` draws no box characters.
"""

from __future__ import annotations

from typing import Iterator, Optional

from rich.console import Group, RenderableType
from rich.text import Text
from rich.tree import Tree

from tutor.explain import steps as S
from tutor.explain.wording import equation, several_variables, show, shown, signed, text_of, within
from tutor.parsing import notation as M
from tutor.parsing.printer import operator

__all__ = ["render_steps", "step_label", "steps_as_lines", "steps_as_latex", "RULE_NAMES"]

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


def step_label(step: S.Step, partial: tuple[str, ...] = ()) -> Text:
    """The step's sentence; the part before the first colon (the rule's name) in bold."""
    text = text_of(step, partial)
    head, sep, rest = text.partition(": ")
    if sep and len(head) < 60 and "=" not in head:  # a rule name, not a formula
        style = "bold magenta" if isinstance(step, S.SimplifyStep) else "bold cyan"
        return Text.assemble((head + ": ", style), rest)
    return Text(text)


def _path_label(step: S.MultivariableChainRule, i: int) -> Text:
    v = step.paths[i]
    partial, inner = step.substeps[2 * i], step.substeps[2 * i + 1]
    term = signed(partial.result.xreplace(step.substitution()), M.as_tree(inner.result))
    return Text.assemble((f"path f → {v} → {step.wrt}: ", "bold yellow"),
                         f"{operator(v, True, of='f')}·{operator(step.wrt, of=v)} = {show(term)}")


def _children(step: S.Step, partial: tuple[str, ...], fold_simplify: bool
              ) -> Iterator[tuple[Text, Optional[S.Step], tuple[str, ...], tuple[S.Step, ...]]]:
    """(label, step or None, partial) for each child line of ``step``, in order."""
    inner = within(step, partial)
    if isinstance(step, S.MultivariableChainRule):
        for i in range(len(step.paths)):
            yield _path_label(step, i), None, inner, (step.substeps[2 * i], step.substeps[2 * i + 1])
        return
    for sub in step.substeps:
        if fold_simplify and isinstance(sub, S.SimplifyStep):
            continue
        yield step_label(sub, inner), sub, inner, ()


def _add(tree: Tree, step: S.Step, partial: tuple[str, ...], fold_simplify: bool) -> None:
    for label, sub, inner, grouped in _children(step, partial, fold_simplify):
        node = tree.add(label)
        if sub is not None:
            _add(node, sub, inner, fold_simplify)
        for g in grouped:
            leaf = node.add(step_label(g, inner))
            _add(leaf, g, inner, fold_simplify)


def _stages(root: S.Step) -> tuple[S.Step, ...]:
    return root.substeps if isinstance(root, S.Derivation) else (root,)


def _title(root: S.Step, partial: tuple[str, ...]) -> Text:
    line = shown(root, partial)
    lhs, _, rhs = line.rpartition(" = ")
    return Text.assemble((lhs + " = ", "bold"), (rhs, "bold green"))


def render_steps(root: S.Step, *, fold_simplify: bool = False, plain: bool = False) -> RenderableType:
    """The derivation as a tree; ``fold_simplify`` hides the simplification steps; ``plain``: indented lines."""
    if plain:
        return Text("\n".join(steps_as_lines(root, fold_simplify=fold_simplify)))  # no box drawing, plain math
    partial = several_variables(root)
    tree = Tree(_title(root, partial), guide_style="dim")
    order = root.order if isinstance(root, S.Derivation) else (root.wrt,)
    for stage in _stages(root):
        if isinstance(stage, S.Derivation) and len(order) > 1:
            branch = tree.add(Text.assemble((f"by {stage.wrt}: ", "bold"), text_of(stage, partial)))
            _add(branch, stage, partial, fold_simplify)
        else:
            label = step_label(stage, partial)
            if isinstance(stage, S.SimplifyStep) and fold_simplify:
                continue
            _add(tree.add(label), stage, partial, fold_simplify)
    return Group(tree)


def steps_as_lines(root: S.Step, *, fold_simplify: bool = False, target: str = "plain") -> list[str]:
    """The same derivation as indented text lines, equations linear in ``target`` (no box drawing)."""
    partial = several_variables(root)
    lines = [shown(root, partial, target)]

    def walk(step: S.Step, part: tuple[str, ...], depth: int) -> None:
        inner = within(step, part)
        subs = [s for s in step.substeps if not (fold_simplify and isinstance(s, S.SimplifyStep))]
        for sub in subs:
            lines.append("  " * depth + text_of(sub, inner, target))
            walk(sub, inner, depth + 1)

    order = root.order if isinstance(root, S.Derivation) else (root.wrt,)
    for stage in _stages(root):
        if isinstance(stage, S.SimplifyStep) and fold_simplify:
            continue
        prefix = f"by {stage.wrt}: " if isinstance(stage, S.Derivation) and len(order) > 1 else ""
        lines.append("  " + prefix + text_of(stage, partial, target))
        walk(stage, partial, 2)
    return lines


def steps_as_latex(root: S.Step, *, fold_simplify: bool = False) -> str:
    """The derivation as a LaTeX ``align*`` block: one equation per step, the rule's name as text."""
    partial = several_variables(root)
    rows = [_latex_row("", equation(root, partial))]

    def walk(step: S.Step, part: tuple[str, ...]) -> None:
        inner = within(step, part)
        for sub in step.substeps:
            if fold_simplify and isinstance(sub, S.SimplifyStep):
                continue
            rows.append(_latex_row(RULE_NAMES.get(sub.rule, sub.rule), equation(sub, inner)))
            walk(sub, inner)

    for stage in _stages(root):
        if not (fold_simplify and isinstance(stage, S.SimplifyStep)):
            rows.append(_latex_row(RULE_NAMES.get(stage.rule, stage.rule), equation(stage, partial)))
            walk(stage, partial)
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}\n"


def _latex_row(label: str, eq: M.Node) -> str:
    """``lhs &= rhs`` with the rule's name as a tag: \\text{quotient rule}."""
    left, right = eq.args[0], M.eq(*eq.args[1:]) if len(eq.args) > 2 else eq.args[-1]
    tag = f" && \\text{{{_latex_text(label)}}}" if label else ""
    return f"{show(left, 'latex')} &= {show(right, 'latex')}{tag}"


def _latex_text(words: str) -> str:
    return "".join({"^": "\\^{}", "_": "\\_", "&": "\\&", "%": "\\%", "#": "\\#"}.get(c, c) for c in words)
