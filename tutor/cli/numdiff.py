"""``calctutor numdiff F --at x=1``: difference quotients against automatic differentiation."""

from __future__ import annotations

from typing import Optional

import typer
from typing_extensions import Annotated

from tutor.cli.app import MATH_ARGUMENTS, Panel, app
from tutor.cli.options import PlainOption, PointOption, json_option

__all__ = ["numdiff_command"]


@app.command("numdiff", context_settings=MATH_ARGUMENTS, rich_help_panel=Panel.TEACH)
def numdiff_command(
    expression: Annotated[str, typer.Argument(metavar="F", help='The function, e.g. "sin(x)".')],
    at: PointOption = None,
    wrt: Annotated[Optional[str], typer.Option("--wrt", help="Differentiate with respect to this variable.")] = None,
    as_json: Annotated[bool, json_option("the AD value and one row per h")] = False,
    plain: PlainOption = False,
) -> None:
    """Compare forward and symmetric difference quotients (h = 1e-1 … 1e-12) with the AD derivative.

    Example: calctutor numdiff "sin(x)" --at x=1
    """
    from tutor.cli.common import fail, print_json, stdout_console
    from tutor.errors import UserError

    try:
        from tutor.autodiff import compile_expression
        from tutor.autodiff.numdiff import difference_table
        from tutor.autodiff.points import parse_point
        from tutor.cli.points import parse_at
        from tutor.parsing import parse

        if not at:
            raise UserError("numdiff needs a point", hint="give every variable a value, e.g. --at x=1")
        point = parse_point(",".join(at))  # repeated --at adds variables
        name = wrt if wrt is not None else next(iter(point))
        if name not in point:
            raise UserError(f"--wrt {name}: not one of the variables {', '.join(point)}")
        expr = parse_at(expression, point)
        table = difference_table(compile_expression(expr, list(point)), point, name)
    except UserError as error:
        fail(error, as_json=as_json)
    if as_json:
        print_json(table.to_json())
        return
    if plain:
        from tutor.render.traces import numdiff_lines

        typer.echo("\n".join(numdiff_lines(table)))
        return
    from tutor.render.traces import render_numdiff

    stdout_console().print(render_numdiff(table))
