"""``calctutor check`` for the questions that are not "the derivative of F": draw or print one verdict.

Called by ``tutor.cli.check`` once ``read_question`` has found a question
(an implicit curve, a tangent or normal line, a linearization, a tangent
plane, a gradient, a Hessian, a directional derivative). Thin: check, explain
a wrong answer (``tutor.explain.question_mistakes``, ``question_steps``), render, exit with the verdict's code.
"""

from __future__ import annotations

from typing import Any

import typer

from tutor.cli.exit_codes import ExitCode

__all__ = ["run_question", "question_json"]

EXIT_CODES = {"correct": ExitCode.OK, "incorrect": ExitCode.INCORRECT, "undecided": ExitCode.UNDECIDED}

# The mistake diagnosis may use this long on a wrong answer (as for derivatives).
DIAGNOSE_BUDGET_S = 0.4


def _explanation(question: Any, answer: Any, verdict: Any, explain: bool, target: str = "unicode") -> dict[str, Any]:
    fields: dict[str, Any] = {"mistake": None, "steps": None}
    if not explain or verdict.status != "incorrect":
        return fields
    from tutor.explain.question_mistakes import diagnose_question_json
    from tutor.explain.question_steps import question_steps_json

    from tutor.parsing.printer import printing

    try:
        with printing(target):  # the message's math in the target (plain for --plain)
            fields["mistake"] = diagnose_question_json(question, answer, budget_s=DIAGNOSE_BUDGET_S)
    except Exception:  # noqa: BLE001 — a diagnosis is a bonus; the verdict stands without it
        fields["mistake"] = None
    try:
        fields["steps"] = question_steps_json(question, target)
    except Exception:  # noqa: BLE001 — no steps for this question; the verdict stands
        fields["steps"] = None
    return fields


def question_json(question: Any, answer: Any, verdict: Any) -> dict[str, Any]:
    """The single-check JSON shape with ``question`` (kind, heading) and ``expected`` as the shown form."""
    from tutor.checking import verdict_to_json

    data = verdict_to_json(verdict)
    data["question"] = {"kind": question.kind, "heading": question.heading}
    data["answer"] = answer.text
    data["expected"] = question.expected_shown("plain")  # the ASCII input language, as "answer" is
    return data


def run_question(question: Any, answer: Any, *, seed: int, budget: float, as_json: bool, explain: bool,
                 plain: bool = False) -> None:
    from tutor.checking.questions import check_question

    verdict = check_question(question, answer, seed=seed, budget_s=budget)  # its reason in the current target
    target = "plain" if plain else "unicode"
    extra = _explanation(question, answer, verdict, explain, target)
    if as_json:
        from tutor.cli.common import print_json

        print_json({**question_json(question, answer, verdict), **extra})
    else:
        from tutor.cli.common import print_rendered
        from tutor.render.verdicts import render_verdict

        print_rendered(render_verdict(
            verdict, target=target, answer_text=answer.text if plain else answer.shown, of_text=question.of_text,
            expected_text=question.expected_shown(target), wrt=question.variables, partial=False,
            reading_notes=answer.notes, mistake=extra["mistake"], steps=extra["steps"],
            heading=question.heading_shown(target),
        ), plain=plain)
    raise typer.Exit(int(EXIT_CODES[verdict.status]))
