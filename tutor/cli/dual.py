"""``calctutor dual EXPR [--at x=2]``: dual-number arithmetic with the rule used at each step."""

from __future__ import annotations

from typing import Optional

import typer
from typing_extensions import Annotated

from tutor.cli.app import MATH_ARGUMENTS, Panel, app
from tutor.cli.options import PlainOption, PointOption, json_option

__all__ = ["dual_command"]


@app.command("dual", context_settings=MATH_ARGUMENTS, rich_help_panel=Panel.TEACH)
def dual_command(
    expression: Annotated[str, typer.Argument(metavar="EXPR", help='Dual-number arithmetic such as "(3+2ε)(1-ε)", or f(x) with --at.')],
    at: PointOption = None,
    wrt: Annotated[Optional[str], typer.Option("--wrt", help="Which variable becomes x + ε (default: the only one).")] = None,
    as_json: Annotated[bool, json_option('{"real", "dual", "value", "steps"}')] = False,
    plain: PlainOption = False,
) -> None:
    """Compute with dual numbers a + bε (ε² = 0), showing the rule used at each step.

    Examples: calctutor dual "(3+2ε)(1-ε)"  ·  calctutor dual "sin(x^2)" --at x=2
    """
    from tutor.cli.common import fail, print_json, stdout_console
    from tutor.errors import UserError

    try:
        from tutor.autodiff.dual_steps import dual_steps
        from tutor.autodiff.points import parse_point
        from tutor.cli.points import parse_at
        from tutor.parsing import parse

        point = parse_point(",".join(at)) if at else {}  # repeated --at adds variables
        variables = (list(point) + ([wrt] if wrt and wrt not in point else [])) if point else None
        if point:
            expr = parse_at(expression, point, variables=variables, epsilon=True)
        else:
            expr = parse(expression, None, epsilon=True)
        evaluation = dual_steps(expr, point, wrt=wrt)
    except UserError as error:
        fail(error, as_json=as_json)
    if as_json:
        print_json(evaluation.to_json())
        return
    if plain:
        from tutor.render.dual import dual_lines

        typer.echo("\n".join(dual_lines(evaluation)))
        return
    from tutor.render.dual import render_dual

    stdout_console().print(render_dual(evaluation))
