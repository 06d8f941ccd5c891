"""``calctutor explain F [--wrt VAR]... [--where ...] [--answer A] [--json]``: the derivation, step by step."""

from __future__ import annotations

from typing import Any, List, Optional

import typer
from typing_extensions import Annotated

from tutor.cli.app import MATH_ARGUMENTS, Panel, app
from tutor.cli.explain_questions import fail_internal
from tutor.cli.options import (PlainOption, OrderOption, QuestionFlags, QuestionPointOption, WhereOption, dependent_option,
                                json_option, question_option)

__all__ = ["explain_command"]


@app.command("explain", context_settings=MATH_ARGUMENTS, rich_help_panel=Panel.CHECK)
def explain_command(
    function: Annotated[str, typer.Argument(metavar="F", help='The function to differentiate, e.g. "sin(x^2)" (quote it).')],
    wrt: Annotated[
        Optional[List[str]],
        typer.Option("--wrt", help="Differentiate by this variable (repeat for successive partials)."),
    ] = None,
    where: WhereOption = None,
    answer: Annotated[
        Optional[str], typer.Option("--answer", help="A student's answer: name the mistake if it is wrong.")
    ] = None,
    fold: Annotated[bool, typer.Option("--fold", help="Fold the simplification steps away.")] = False,
    as_json: Annotated[bool, json_option('{"of", "wrt", "result", "steps", "mistake"}')] = False,
    order: OrderOption = 1,
    log: Annotated[bool, typer.Option("--log", help="Explain by logarithmic differentiation (ln of both sides): "
                   "for x^x, x^(sin x) and products or quotients of powers.")] = False,
    dependent: Annotated[Optional[str], dependent_option()] = None,
    tangent_at: Annotated[Optional[str], question_option("--tangent-at", "Explain")] = None,
    normal_at: Annotated[Optional[str], question_option("--normal-at", "Explain")] = None,
    linearize_at: Annotated[Optional[str], question_option("--linearize-at", "Explain")] = None,
    tangent_plane_at: Annotated[Optional[str], question_option("--tangent-plane-at", "Explain")] = None,
    gradient: Annotated[bool, question_option("--gradient", "Explain")] = False,
    hessian: Annotated[bool, question_option("--hessian", "Explain")] = False,
    direction: Annotated[Optional[str], question_option("--direction", "Explain")] = None,
    at: QuestionPointOption = None,
    output_format: Annotated[
        str, typer.Option("--format", help="text (a tree of steps) or latex (an align* block of the equations).")
    ] = "text",
    plain: PlainOption = False,
) -> None:
    """Explain d/dVAR of F rule by rule: chain rule as substitution, partials, multivariable paths.

    Every step is verified against the automatic-differentiation engine before it is shown.

    Examples: calctutor explain "sin(x^2)";  calctutor explain "x^2 y^3" --wrt x --wrt y;
    calctutor explain "x^2 + y^2" --where "x=cos(t), y=sin(t)";  calctutor explain "ln(5x)" --answer "5/x";
    calctutor explain "x^2 + y^2 = 25" (implicit);  calctutor explain "x^2" --tangent-at x=1;
    calctutor explain "x^2 y" --hessian;  calctutor explain "x^x" --log
    """
    from tutor.cli.explain_questions import explain_logarithmic, explain_question

    if log:
        explain_logarithmic(function, wrt, as_json=as_json, plain=plain)
        return
    flags = QuestionFlags(dependent, tangent_at, normal_at, linearize_at, tangent_plane_at, gradient, hessian,
                          direction, at)
    if not where and explain_question(function, answer, as_json=as_json, plain=plain, wrt=list(wrt or ()),
                                      **flags.as_options()):
        return
    request, root = _derivation(function, answer, wrt, where, order, as_json)
    diagnosis = None
    if answer is not None:
        from tutor.explain.help import mistake_for

        diagnosis = mistake_for(request.of.expr, request.answer.expr, request.wrt, request.where, budget_s=1.0)
    _show(request, root, diagnosis, answer is not None, as_json=as_json, output_format=output_format, plain=plain,
          fold=fold)


def _derivation(function: str, answer: Optional[str], wrt: Optional[List[str]], where: Optional[List[str]],
                order: int, as_json: bool) -> tuple[Any, Any]:
    """The request read from the command line and its verified derivation (exits on bad input or a bad step)."""
    from tutor.checking.request import read_request
    from tutor.cli.common import fail
    from tutor.errors import UserError
    from tutor.explain import StepVerificationError, explain

    try:
        request = read_request(answer if answer is not None else function, function, wrt,
                               ", ".join(where) if where else None, order=order)
        return request, explain(request.of.expr, list(request.wrt), request.where or None)
    except UserError as error:
        fail(error, as_json=as_json)
    except StepVerificationError as error:  # a bug in the rules: never show a wrong step
        fail_internal(error)


def _show(request: Any, root: Any, diagnosis: Any, answered: bool, *, as_json: bool, output_format: str, plain: bool,
          fold: bool) -> None:
    """The derivation (and the diagnosis of an answer) as JSON, LaTeX, plain lines or a tree."""
    from tutor.cli.common import fail, print_json, stdout_console
    from tutor.errors import UserError

    if as_json:
        from tutor.explain import explanation_to_json
        from tutor.explain.diagnosis import diagnosis_to_json

        data = explanation_to_json(root, request.of.expr)
        if answered:
            data["answer"] = str(request.answer.expr)
            data["mistake"] = diagnosis_to_json(diagnosis)
        print_json(data)
        return
    from tutor.render.mistakes import render_diagnosis
    from tutor.render.steps import render_steps, steps_as_latex, steps_as_lines

    if output_format == "latex":
        typer.echo(steps_as_latex(root, fold_simplify=fold), nl=False)
        return
    if output_format != "text":
        fail(UserError(f"--format {output_format!r} is not a format", hint="use --format text or --format latex"))
    console = stdout_console()
    if plain:  # one line per step, never wrapped or drawn: what a screen reader or a paste needs
        typer.echo("\n".join(steps_as_lines(root, fold_simplify=fold)))
    else:
        console.print(render_steps(root, fold_simplify=fold))
    if diagnosis is not None:
        console.print(render_diagnosis(diagnosis))
    elif answered:
        console.print("no catalogued mistake explains this answer, or it is right (calctutor check decides which)")
