"""``calctutor explain F [--wrt VAR]... [--where ...] [--answer A] [--json]``: the derivation, step by step."""

from __future__ import annotations

from typing import List, Optional

import typer
from typing_extensions import Annotated

from tutor.cli.app import MATH_ARGUMENTS, Panel, app

__all__ = ["explain_command"]


@app.command("explain", context_settings=MATH_ARGUMENTS, rich_help_panel=Panel.CHECK)
def explain_command(
    function: Annotated[str, typer.Argument(metavar="F", help='The function to differentiate, e.g. "sin(x^2)" (quote it).')],
    wrt: Annotated[
        Optional[List[str]],
        typer.Option("--wrt", help="Differentiate by this variable (repeat for successive partials)."),
    ] = None,
    where: Annotated[
        Optional[List[str]],  # a list: a second --where adds to the first instead of silently replacing it
        typer.Option("--where", help='Inner functions for the multivariable chain rule, e.g. "x=cos(t), y=sin(t)".'),
    ] = None,
    answer: Annotated[
        Optional[str], typer.Option("--answer", help="A student's answer: name the mistake if it is wrong.")
    ] = None,
    fold: Annotated[bool, typer.Option("--fold", help="Fold the simplification steps away.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help='Print JSON: {"of", "wrt", "result", "steps", "mistake"}.')] = False,
) -> None:
    """Explain d/dVAR of F rule by rule: chain rule as substitution, partials, multivariable paths.

    Every step is verified against the automatic-differentiation engine before it is shown.

    Examples: calctutor explain "sin(x^2)";  calctutor explain "x^2 y^3" --wrt x --wrt y;
    calctutor explain "x^2 + y^2" --where "x=cos(t), y=sin(t)";  calctutor explain "ln(5x)" --answer "5/x"
    """
    from tutor.checking.request import read_request
    from tutor.cli.common import fail, print_json, stderr_console, stdout_console
    from tutor.cli.exit_codes import ExitCode
    from tutor.errors import UserError
    from tutor.explain import StepVerificationError, diagnose, explain, explanation_to_json
    from tutor.explain.diagnosis import diagnosis_to_json

    try:
        request = read_request(answer if answer is not None else function, function, wrt,
                               ", ".join(where) if where else None)
        root = explain(request.of.expr, list(request.wrt), request.where or None)
    except UserError as error:
        fail(error, as_json=as_json)
    except StepVerificationError as error:  # a bug in the rules: never show a wrong step
        stderr_console().print(f"[bold red]internal error:[/] a step failed verification, so nothing is shown: {error}")
        raise typer.Exit(int(ExitCode.INCORRECT))
    diagnosis = None
    if answer is not None:
        diagnosis = diagnose(request.of.expr, request.answer.expr, list(request.wrt), request.where or None)
    if as_json:
        data = explanation_to_json(root, request.of.expr)
        if answer is not None:
            data["answer"] = str(request.answer.expr)
            data["mistake"] = diagnosis_to_json(diagnosis)
        print_json(data)
        return
    from tutor.render.mistakes import render_diagnosis
    from tutor.render.steps import render_steps

    console = stdout_console()
    console.print(render_steps(root, fold_simplify=fold))
    if diagnosis is not None:
        console.print(render_diagnosis(diagnosis))
    elif answer is not None:
        console.print("no catalogued mistake explains this answer, or it is right (calctutor check decides which)")
