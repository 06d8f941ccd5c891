"""Drawing a check's verdict: the decision, how the answer was read, the derivative, and why.

Pure drawing: the verdict, the reading, the diagnosis and the steps are data
computed elsewhere (``tutor.checking``, ``tutor.explain``); steps arrive as the
JSON dictionaries of ``step_to_json`` so this module needs no step types.
Every formula is printed by the one printer (``tutor.parsing.printer.show``) in
``target``: unicode for the terminal, plain (``check --plain``: ASCII, no box
drawing, steps as indented lines) for screen readers and pasting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from rich.console import Group, RenderableType
from rich.text import Text
from rich.tree import Tree

from tutor.checking.verdict import shown_value
from tutor.parsing import notation as M
from tutor.parsing.printer import operator, show
from tutor.render.expressions import operand, shown

__all__ = ["render_verdict", "render_step_json", "step_json_as_lines", "derivative_label", "HEADLINES",
           "Shown"]

# status -> (mark, words, style): one row per verdict status.
HEADLINES: dict[str, tuple[str, str, str]] = {
    "correct": ("✓", "correct", "bold green"),
    "incorrect": ("✗", "incorrect", "bold red"),
    "undecided": ("?", "undecided", "bold yellow"),
}


def derivative_label(wrt: Sequence[str], *, partial: bool, target: str = "unicode") -> str:
    """d/dx, d²/dx², ∂/∂x, ∂²/∂y∂x (``wrt`` in the order of differentiation, first innermost)."""
    return operator(tuple(wrt), partial or len(set(wrt)) > 1, target)


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


@dataclass(frozen=True)
class Shown:
    """What a verdict is about, as the check found it: expressions (printed by the printer) or texts.

    ``answer``, ``of``, ``expected`` (the derivative in textbook form) and ``where`` as expressions are
    preferred over the ``*_text`` forms (texts in the input language, for questions that carry them).
    ``heading``: what the expected answer is, for questions that are not "the derivative of F"
    (e.g. "tangent line to y = x^2 at x = 1"); by default the derivative's label and F.
    """

    wrt: Sequence[str]
    partial: bool
    answer: Any = None
    of: Any = None
    expected: Any = None
    where: Mapping[str, Any] | None = None
    answer_text: str = ""
    of_text: str = ""
    expected_text: str = ""
    where_text: str = ""
    heading: str | None = None
    reading_notes: Sequence[str] = field(default_factory=tuple)


def render_verdict(verdict: Any, *, mistake: Mapping[str, Any] | None = None,
                   steps: Mapping[str, Any] | None = None, target: str = "unicode", **about: Any) -> RenderableType:
    """A ``tutor.checking.Verdict`` for people (``mistake``/``steps`` in their JSON form, or None).

    ``about``: the fields of ``Shown`` (what was checked). ``target="plain"``: ASCII math, no marks or
    box drawing; the steps as indented lines.
    """
    seen = Shown(**about)
    parts: list[RenderableType] = [_headline(verdict.status, target), *_reading(seen, target),
                                   _expected_line(seen, target), *_reasons(verdict)]
    if mistake:
        parts.append(_mistake_line(mistake, target))
    if steps:
        parts.append(Text("how to get it:", style="bold"))
        if target == "plain":
            parts.extend(Text(line) for line in step_json_as_lines(steps))
        else:
            parts.append(_step_tree(steps))
    return Group(*parts)


def _headline(status: str, target: str) -> Text:
    mark, words, style = HEADLINES[status]
    return Text(words if target == "plain" else f"{mark} {words}", style=style)


def _reading(seen: Shown, target: str) -> list[Text]:
    """How the answer was read, and the reader's notes."""
    read = show(seen.answer, target) if seen.answer is not None else _text(seen.answer_text, target)
    return [_labelled("your answer, read as", read),
            *(Text(f"  note: {note}", style="dim") for note in seen.reading_notes)]


def _text(text: str, target: str) -> str:
    """A text in the input language as the target shows it (plain: as typed; unicode: ln for log)."""
    return text if target == "plain" else shown(text)


def _expected_line(seen: Shown, target: str) -> Text:
    """``d/dx F = F'`` (or the question's heading and its answer)."""
    heading, separator, after = seen.heading, " = ", ""
    if heading is not None:
        heading, separator = _text(heading, target), ": "
    elif seen.of is not None:  # the derivative of F, every formula from the printer
        partial = seen.partial or len(set(seen.wrt)) > 1
        heading = show(M.deriv(tuple(seen.wrt), M.as_tree(seen.of), partial), target)
        if seen.where:
            after = " where " + ", ".join(show(M.eq(M.var(k), M.as_tree(v)), target) for k, v in seen.where.items())
    else:  # a derivative given as texts (questions name themselves through ``heading``)
        label = derivative_label(list(seen.wrt), partial=seen.partial, target=target)
        heading = f"{label} {operand(_text(seen.of_text, target))}"
        heading += f" with {_text(seen.where_text, target)}" if seen.where_text else ""
    if seen.expected is not None:
        expected = show(seen.expected, target)
    elif seen.of is not None:
        expected = "(not found in time)"
    else:
        expected = _text(seen.expected_text, target)
    line = Text()
    line.append(f"{heading}{separator}", style="bold")
    line.append(expected, style="cyan")
    line.append(after)
    return line


def _reasons(verdict: Any) -> list[Text]:
    """Why: the counterexample (both values, said once) or the verdict's reason, then its notes."""
    found = verdict.numeric.counterexample
    if verdict.status == "incorrect" and found is not None:
        line = Text()
        line.append("counterexample: ", style="bold red")
        line.append(f"at {_point(found.point) or 'any point'} your answer is "
                    f"{shown_value(found.answer, found.expected)}, ")
        line.append(f"but the derivative is {shown_value(found.expected, found.answer)}")
        lines = [line]
    else:
        lines = [Text(verdict.reason)]
    for note in verdict.notes:
        line = Text()
        line.append("note: ", style="bold yellow")
        line.append(note)
        lines.append(line)
    return lines


def _mistake_line(mistake: Mapping[str, Any], target: str) -> Text:
    line = Text()
    line.append("likely mistake: ", style="bold magenta")
    line.append(shown(str(mistake.get("title") or mistake.get("id"))))
    if mistake.get("message"):
        line.append(f"{' - ' if target == 'plain' else ' — '}{shown(str(mistake['message']))}")
    return line
