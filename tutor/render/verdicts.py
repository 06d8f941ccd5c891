"""Drawing a check's verdict: the decision, how the answer was read, the derivative, and why.

Pure drawing: the verdict, the reading, the diagnosis and the steps are data
computed elsewhere (``tutor.checking``, ``tutor.explain``); steps arrive as the
JSON dictionaries of ``step_to_json`` so this module needs no step types.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from rich.console import Group, RenderableType
from rich.text import Text
from rich.tree import Tree

from tutor.checking.verdict import shown_value
from tutor.parsing import notation as M
from tutor.parsing.printer import operator, show
from tutor.render.expressions import operand, pretty_expression, shown

__all__ = ["render_verdict", "render_step_json", "step_json_as_lines", "derivative_label", "HEADLINES"]

# status -> (mark, words, style): one row per verdict status.
HEADLINES: dict[str, tuple[str, str, str]] = {
    "correct": ("✓", "correct", "bold green"),
    "incorrect": ("✗", "incorrect", "bold red"),
    "undecided": ("?", "undecided", "bold yellow"),
}

def derivative_label(wrt: Sequence[str], *, partial: bool) -> str:
    """d/dx, d²/dx², ∂/∂x, ∂²/∂y∂x (``wrt`` in the order of differentiation, first innermost)."""
    return operator(tuple(wrt), partial or len(set(wrt)) > 1)


def _labelled(label: str, value: str, style: str = "cyan") -> Text:
    line = Text()
    line.append(f"{label}: ", style="bold")
    line.append(value, style=style)
    return line


def _point(point: Mapping[str, float]) -> str:
    return ", ".join(f"{name} = {value:.6g}" for name, value in point.items())


def _step_tree(step: Mapping[str, Any], tree: Tree | None = None) -> Tree:
    text = step.get("text") or step.get("shown") or step.get("rule", "")  # printed by the one printer
    node = Tree(Text(text)) if tree is None else tree.add(Text(text))
    for sub in step.get("substeps") or ():
        _step_tree(sub, node)
    return node


def render_step_json(step: Mapping[str, Any]) -> Tree:
    """A step tree in its JSON form (``step_to_json``, or a question's steps) as a Rich tree."""
    return _step_tree(step)


def step_json_as_lines(step: Mapping[str, Any], depth: int = 0) -> list[str]:
    """The same tree as indented lines, no box drawing (``--plain``: screen readers, pasting)."""
    text = step.get("text") or step.get("shown") or step.get("rule", "")
    lines = ["  " * depth + text]
    for sub in step.get("substeps") or ():
        lines.extend(step_json_as_lines(sub, depth + 1))
    return lines


def render_verdict(
    verdict: Any,
    *,
    answer_text: str = "",
    of_text: str = "",
    expected_text: str = "",
    wrt: Sequence[str],
    partial: bool,
    reading_notes: Sequence[str] = (),
    where_text: str = "",
    mistake: Mapping[str, Any] | None = None,
    steps: Mapping[str, Any] | None = None,
    heading: str | None = None,
    answer: Any = None,
    of: Any = None,
    expected: Any = None,
    where: Mapping[str, Any] | None = None,
) -> RenderableType:
    """A ``tutor.checking.Verdict`` for people (``mistake``/``steps`` in their JSON form, or None).

    ``heading``: what the expected answer is, for questions that are not "the derivative of F"
    (e.g. "tangent line to y = x^2 at x = 1"); by default the derivative's label and F.
    ``answer``, ``of``, ``expected`` (the derivative in textbook form) and ``where`` as expressions
    are printed by the one math printer (preferred over the ``*_text`` forms).
    """
    mark, words, style = HEADLINES[verdict.status]
    parts: list[RenderableType] = []
    head = Text()
    head.append(f"{mark} {words}", style=style)
    parts.append(head)
    parts.append(_labelled("your answer, read as", show(answer) if answer is not None else shown(answer_text)))
    for note in reading_notes:
        parts.append(Text(f"  note: {note}", style="dim"))
    separator = ": " if heading is not None else " = "
    after = ""
    if heading is None and of is not None:  # the derivative of F, every formula from the printer
        heading = show(M.deriv(tuple(wrt), M.as_tree(of), partial or len(set(wrt)) > 1))
        if where:
            after = " where " + ", ".join(show(M.eq(M.var(k), M.as_tree(v))) for k, v in where.items())
    elif heading is None:  # a derivative; other questions (tangent line, gradient …) name themselves
        label = derivative_label(list(wrt), partial=partial)
        heading = f"{label} {operand(shown(of_text))}" + (f" with {shown(where_text)}" if where_text else "")
    else:
        heading = shown(heading)
    if expected is not None or of is not None:
        expected_text = show(expected) if expected is not None else "(not found in time)"
    line = Text()
    line.append(f"{heading}{separator}", style="bold")
    line.append(expected_text if of is not None else shown(expected_text), style="cyan")
    if after:
        line.append(after)
    parts.append(line)
    # (a vector or matrix answer, a gradient or Hessian, is already shown entry by entry above)
    if verdict.status != "correct" and verdict.expected is not None and not getattr(verdict.expected, "is_Matrix", False):
        # The 2D form helps read a derivative you got wrong; for a right answer
        # the one-line form suffices (and SymPy's pretty printer costs ~0.1 s
        # of imports on the fast path).
        drawn = pretty_expression(verdict.expected)
        # Worth a second look only where powers, roots or a compound denominator stack up:
        # 1/x drawn as three lines says nothing the one-line form does not.
        if "\n" in drawn and any(mark in show(verdict.expected, "plain") for mark in ("^", "/(", "sqrt")):
            parts.append(Text(drawn))
    found = verdict.numeric.counterexample
    if verdict.status == "incorrect" and found is not None:
        # The counterexample is the reason: say it once, with both values.
        line = Text()
        line.append("counterexample: ", style="bold red")
        line.append(f"at {_point(found.point) or 'any point'} your answer is {shown_value(found.answer, found.expected)}, ")
        line.append(f"but the derivative is {shown_value(found.expected, found.answer)}")
        parts.append(line)
    else:
        parts.append(Text(verdict.reason))
    for note in verdict.notes:
        line = Text()
        line.append("note: ", style="bold yellow")
        line.append(note)
        parts.append(line)
    if mistake:
        line = Text()
        line.append("likely mistake: ", style="bold magenta")
        line.append(shown(str(mistake.get("title") or mistake.get("id"))))
        if mistake.get("message"):
            line.append(f" — {shown(str(mistake['message']))}")
        parts.append(line)
    if steps:
        parts.append(Text("how to get it:", style="bold"))
        parts.append(_step_tree(steps))
    return Group(*parts)
