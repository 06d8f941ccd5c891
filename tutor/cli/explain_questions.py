"""``calctutor explain`` for questions that are not "the derivative of F", and ``--log``.

Thin: read the question (``tutor.checking.question_request``), build its
verified steps (``tutor.explain.question_steps``; ``tutor.explain.logarithmic``
for ``--log``), name the mistake of an ``--answer``, print JSON or draw.
"""

from __future__ import annotations

from typing import Any, NoReturn, Sequence

import typer

__all__ = ["explain_question", "explain_logarithmic", "fail_internal"]


def fail_internal(error: Exception) -> NoReturn:
    """A step failed verification (a bug in the rules): say so and exit 70, never 1 ("your answer is wrong")."""
    from tutor.cli.common import stderr_console
    from tutor.cli.exit_codes import ExitCode

    stderr_console().print(f"[bold red]internal error:[/] a step failed verification, so nothing is shown: {error}")
    raise typer.Exit(int(ExitCode.INTERNAL_ERROR))


def _print_steps(steps: dict[str, Any], plain: bool) -> None:
    from tutor.cli.common import stdout_console

    if plain:  # one line per step, never wrapped or drawn
        from tutor.render.verdicts import step_json_as_lines

        typer.echo("\n".join(step_json_as_lines(steps)))
        return
    from tutor.render.verdicts import render_step_json

    stdout_console().print(render_step_json(steps))


def explain_question(function: str, answer: str | None, *, as_json: bool, plain: bool = False,
                     **options: Any) -> bool:
    """Explain the question the options ask (False: none is asked, a plain derivative follows)."""
    from tutor.checking.question_request import read_question
    from tutor.cli.common import fail, print_json, stdout_console
    from tutor.errors import UserError
    from tutor.explain import StepVerificationError
    from tutor.explain.question_mistakes import diagnose_question_json
    from tutor.explain.question_steps import question_steps_json

    try:
        asked = read_question(answer, function, **options)
    except UserError as error:
        fail(error, as_json=as_json)
    if asked is None:
        return False
    question, read = asked
    try:
        steps = question_steps_json(question, target="plain" if plain and not as_json else "unicode")
    except StepVerificationError as error:  # a bug in the steps: never show a wrong one
        fail_internal(error)
    mistake = diagnose_question_json(question, read, budget_s=1.0) if read is not None else None
    if as_json:
        data: dict[str, Any] = {"question": question.kind, "of": str(question.of), "result": question.expected_text,
                                "steps": [steps]}
        if read is not None:
            data["answer"] = read.text
            data["mistake"] = mistake
        print_json(data)
        return True
    _print_steps(steps, plain)
    console = stdout_console()
    if read is not None:
        if mistake:
            console.print(f"likely mistake: {mistake['title']} — {mistake['message']}")
        else:
            console.print("no catalogued mistake explains this answer, or it is right (calctutor check decides which)")
    return True


def explain_logarithmic(function: str, wrt: Sequence[str] | None, *, as_json: bool, plain: bool = False) -> None:
    """``explain F --log``: ln of both sides, differentiate, multiply by y."""
    from tutor.checking.request import read_request
    from tutor.cli.common import fail, print_json, stdout_console
    from tutor.errors import UserError
    from tutor.explain import StepVerificationError
    from tutor.explain.logarithmic import logarithmic_steps_json

    try:
        request = read_request(function, function, wrt)
        if len(request.wrt) != 1:
            raise UserError("--log explains a first derivative: give --wrt once", hint="e.g. --wrt x")
        steps = logarithmic_steps_json(request.of.expr, request.wrt[0], "plain" if plain and not as_json else "unicode")
    except UserError as error:
        fail(error, as_json=as_json)
    except StepVerificationError as error:
        fail_internal(error)
    if as_json:
        print_json({"of": str(request.of.expr), "wrt": list(request.wrt), "result": steps["result"], "steps": [steps]})
        return
    _print_steps(steps, plain)
