"""A question's verified steps (``question_steps``) as a worked solution (``WorkedStep``), for practice.

Practice, preview and grading draw worked solutions (``render/worked.py``); the steps of the
course's other questions (implicit derivatives, lines, planes, gradients, Hessians) are built
and verified by ``question_steps`` and only re-shaped here, one ``WorkedStep`` per line.
"""

from __future__ import annotations

from typing import Any, Mapping

from tutor.explain.question_steps import question_steps_json
from tutor.explain.worked import WorkedStep

__all__ = ["question_worked"]


def _worked(step: Mapping[str, Any]) -> WorkedStep:
    # A derivation's line (it has an "expr": "shown" is its equation) keeps its rule's name;
    # a question's step is its whole sentence ("text").
    derivation = bool(step.get("expr"))
    shown = (step.get("shown") if derivation else step.get("text")) or step.get("shown") or ""
    rule = step.get("rule", "") if derivation else "result"
    return WorkedStep(rule, str(shown), None, tuple(_worked(s) for s in step.get("substeps") or ()))


def question_worked(question: Any, target: str = "") -> WorkedStep:
    """The steps of ``question`` (a ``tutor.checking.questions.Question``), each claim checked by the AD engine;
    their math in ``target`` (the printer's current one when none is named: plain under practice --plain)."""
    from tutor.parsing.printer import current_target

    tree = question_steps_json(question, target or current_target())
    return WorkedStep("result", str(tree["text"]), None, tuple(_worked(s) for s in tree["substeps"]))
