"""``calctutor trace EXPR --at x1=2,x2=5``: the evaluation trace of forward or reverse mode AD."""

from __future__ import annotations

from typing import Optional

import typer
from typing_extensions import Annotated

from tutor.cli.app import MATH_ARGUMENTS, Panel, app
from tutor.cli.options import PlainOption, PointOption, json_option

__all__ = ["trace_command"]


@app.command("trace", context_settings=MATH_ARGUMENTS, rich_help_panel=Panel.TEACH)
def trace_command(
    expression: Annotated[str, typer.Argument(metavar="F", help='The function, e.g. "ln(x1) + x1*x2 - sin(x2)".')],
    at: PointOption = None,
    mode: Annotated[str, typer.Option("--mode", help="forward (one tangent pass) or reverse (one adjoint sweep).")] = "forward",
    wrt: Annotated[Optional[str], typer.Option("--wrt", help="The input seeded with 1 in forward mode.")] = None,
    code: Annotated[bool, typer.Option("--code", help="Also print the generated derivative program.")] = False,
    as_json: Annotated[bool, json_option('{"value", "gradient", "trace", ...}')] = False,
    plain: PlainOption = False,
) -> None:
    """Show the evaluation trace (primal, tangent or adjoint) and the computational graph.

    Example: calctutor trace "ln(x1) + x1*x2 - sin(x2)" --at x1=2,x2=5 --mode reverse
    """
    from tutor.cli.common import fail, print_json, stdout_console
    from tutor.errors import UserError

    try:
        from tutor.autodiff import codegen, to_tape
        from tutor.autodiff.points import parse_point
        from tutor.autodiff.trace import build_trace
        from tutor.cli.points import parse_at
        from tutor.parsing import parse

        if mode not in ("forward", "reverse"):
            raise UserError(f"unknown mode {mode!r}", hint="use --mode forward or --mode reverse")
        if not at:
            raise UserError("trace needs a point", hint='give every variable a value, e.g. --at x1=2,x2=5')
        point = parse_point(",".join(at))  # repeated --at adds variables
        expr = parse_at(expression, point)
        if wrt is not None and wrt not in point:
            raise UserError(f"--wrt {wrt}: not one of the variables {', '.join(point)}")
        tape = to_tape(expr, list(point))
        trace = build_trace(tape, point, mode, wrt)
        source = (codegen.tangent_source(tape) if mode == "forward" else codegen.adjoint_source(tape)) if code else None
    except UserError as error:
        fail(error, as_json=as_json)
    if as_json:
        data = trace.to_json()
        if source is not None:
            data["code"] = source
        print_json(data)
        return
    if plain:
        from tutor.render.traces import trace_lines

        typer.echo("\n".join(trace_lines(trace)) + (f"\n{source}" if source is not None else ""))
        return
    from tutor.render.traces import render_code, render_graph, render_trace

    console = stdout_console()
    console.print(render_graph(trace))
    console.print(render_trace(trace))
    if source is not None:
        n = len(point)
        names = ", ".join(f"{'vm' if i < n - 1 else 'v'}{abs(i - n + 1)} = {v}" for i, v in enumerate(point))
        title = f"Generated {'tangent' if mode == 'forward' else 'adjoint'} program (x = [{names}]):"
        console.print(render_code(source, title))
