"""``calctutor parse EXPR``: show how an expression is read (text, 2D form, notes)."""

from __future__ import annotations

from typing import Annotated, Any, List, Optional

import typer

from tutor.cli.app import MATH_ARGUMENTS, Panel, app
from tutor.cli.options import PlainOption, json_option

__all__ = ["parse_command"]


@app.command("parse", context_settings=MATH_ARGUMENTS, rich_help_panel=Panel.CHECK)
def parse_command(
    expression: Annotated[
        str, typer.Argument(metavar="EXPR", help="The expression, e.g. \"-x^2 sin x\" (quote it).")
    ],
    var: Annotated[
        Optional[List[str]],
        typer.Option("--var", metavar="NAME", help="A declared variable (repeat for several). Default: any single letter."),
    ] = None,
    as_json: Annotated[bool, json_option("input, reading, sympy, variables, notes")] = False,
    epsilon: Annotated[bool, typer.Option("--epsilon", help="Allow ε (dual numbers).")] = False,
    wrt: Annotated[
        Optional[List[str]],
        typer.Option("--wrt", metavar="VAR", help="Read EXPR as a derivative by VAR (repeat for higher ones): "
                     "a prefix such as dy/dx = is then dropped if it names it."),
    ] = None,
    plain: PlainOption = False,
) -> None:
    """Show how EXPR is read: as text in the input language and as a 2D formula.

    Example: calctutor parse "sin^2 x + 1/(2x)" --var x
    """
    from tutor.cli.common import fail, print_json, print_rendered, stdout_console
    from tutor.parsing import PACK_FIELD_LENGTH, ParseError, read

    try:
        reading = read(expression, var or None, max_length=PACK_FIELD_LENGTH, epsilon=epsilon, wrt=wrt or None)
    except ParseError as error:
        if as_json and getattr(error, "readings", None):
            _ambiguity_json(expression, error)
        fail(error, as_json=as_json)
    if as_json:
        print_json(
            {
                "input": expression,
                "reading": reading.text,
                "sympy": str(reading.expr),
                "variables": list(reading.variables),
                "notes": list(reading.notes),
            }
        )
        return
    from tutor.render.expressions import render_reading

    if plain:  # the reading in the input language, no 2D drawing
        print_rendered(render_reading(reading, unicode=False, drawing=False), plain=True)
        return
    stdout_console().print(render_reading(reading))


def _ambiguity_json(expression: str, error: Any) -> None:
    """An ambiguity in JSON also lists both readings, each with how to type it; exits 2."""
    from tutor.cli.common import print_json, readings_json
    from tutor.cli.exit_codes import ExitCode

    print_json(
        {
            "verdict": "invalid",
            "input": expression,
            "message": error.message,
            "hint": error.hint,
            "column": error.span.column if error.span else None,
            "span": [error.span.start, error.span.end] if error.span else None,
            "readings": readings_json(error),
        }
    )
    raise typer.Exit(int(ExitCode.INVALID_INPUT))
