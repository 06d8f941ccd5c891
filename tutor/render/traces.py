"""Drawing evaluation traces (Baydin et al. 2018 style), computational graphs and generated code."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from tutor.parsing import notation as M
from tutor.parsing.printer import operator, show
from tutor.parsing.prose import say
from tutor.explain.worked_numdiff import SCHEME_QUOTIENTS

_ADJOINT = "`v̄ = ∂f/∂v`"  # what the adjoint column holds

__all__ = ["numdiff_lines", "trace_lines", "render_trace", "render_graph", "render_code", "render_numdiff"]


def _num(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".") if abs(x) < 1e6 and (x == 0 or abs(x) >= 1e-4) else f"{x:.4g}"


def render_trace(trace: Any) -> RenderableType:
    """The primal trace beside the tangent trace (forward) or followed by the adjoint trace (reverse)."""
    from tutor.autodiff.trace import node_name

    forward = trace.mode == "forward"
    title = (f"Forward mode, seeded with ẋ = 1 for {trace.wrt}" if forward
             else "Reverse mode: the primal trace, then adjoints backwards")
    # The title is its own line, not the table's: a table title wraps to the table's width,
    # and the reverse-mode primal table is narrow (the title broke into three lines).
    table = Table(show_header=True, header_style="bold")
    table.add_column("Forward primal trace")
    table.add_column("", justify="right")
    if forward:
        table.add_column("Forward tangent trace")
        table.add_column("", justify="right")
        for p, t in zip(trace.primal, trace.tangent):
            table.add_row(p.formula, _num(p.value), t.formula, _num(t.value))
    else:
        for p in trace.primal:
            table.add_row(p.formula, _num(p.value))
    parts: list[RenderableType] = [Text(title, style="italic"), table]
    if not forward:
        adj = Table(show_header=True, header_style="bold")
        adj.add_column(f"Reverse adjoint trace ({say(_ADJOINT)})")
        adj.add_column("term", justify="right")
        adj.add_column(f"{say('`v̄`')} so far", justify="right")
        adj.add_row(f"{node_name(trace.output, chr(0x304))} = 1", "", "1")
        for a in trace.adjoint:
            adj.add_row(a.formula, _num(a.contribution), _num(a.total))
        parts.append(adj)
    summary = Text()
    summary.append(f"f = {_num(trace.value)}", style="bold")
    for name, g in trace.gradient.items():
        if forward and name != trace.wrt:
            continue
        summary.append(f"   {operator(name, len(trace.gradient) > 1, of='f')} = {_num(g)}", style="bold")
    if forward and len(trace.gradient) > 1:
        summary.append("   (one forward pass gives one column; the others need their own passes)", style="dim")
    elif not forward:
        summary.append("   (one backward sweep gives the whole gradient)", style="dim")
    parts.append(summary)
    return Group(*parts)


def render_graph(trace: Any) -> RenderableType:
    """The computational graph as a tree from the output back to the inputs (shared nodes marked)."""
    from tutor.autodiff.trace import node_name

    lines = {line.label: line for line in trace.primal}

    def label(n: int) -> Text:
        line = lines[n]
        text = Text(line.formula, style="bold" if line.op == "input" else "")
        text.append(f"   = {_num(line.value)}", style="dim")
        return text

    root = Tree(Text("Computational graph (output at the top, inputs at the leaves)", style="bold"))
    seen: set[int] = set()
    stack = [(trace.output, root)]
    while stack:  # iterative: no recursion on deep graphs
        n, parent = stack.pop()
        if n in seen and lines[n].op != "input":
            parent.add(Text(f"{node_name(n)}  (shared: drawn above)", style="dim italic"))
            continue
        seen.add(n)
        branch = parent.add(label(n))
        for child in reversed(lines[n].args):
            stack.append((child, branch))
    return root


def render_code(source: str, title: str) -> RenderableType:
    """Generated Python, shown plainly (it is the teaching text)."""
    return Group(Text(title, style="bold"), Text(source.rstrip("\n")))


def numdiff_lines(table: Any) -> list[str]:
    """The error table as plain lines (``--plain``): ASCII, no box drawing, no plot."""
    at = ", ".join(f"{k} = {v:g}" for k, v in table.point.items())
    lines = [f"{operator(table.wrt, target='plain')} at {at}: AD gives {table.exact:.15g}",
             "h, forward (f(x+h) - f(x))/h, error, symmetric (f(x+h) - f(x-h))/(2h), error"]
    text = lambda v, fmt: "undefined" if v is None else format(v, fmt)  # noqa: E731
    for r in table.rows:
        lines.append(", ".join((f"{r.h:.0e}", text(r.forward, ".15g"), text(r.forward_error, ".1e"),
                                text(r.symmetric, ".15g"), text(r.symmetric_error, ".1e"))))
    for which in ("forward", "symmetric"):
        best = table.best(which)
        if best is not None:
            lines.append(f"best {which} step: h = {best.h:.0e} (error {getattr(best, which + '_error'):.1e})")
    return lines


def trace_lines(trace: Any) -> list[str]:
    """The traces as plain lines (``--plain``): one line per row, no box drawing, ASCII.

    Node names are spelled vm1, v0, v5 (primal), vdot3 (tangent), vbar5 (adjoint): letters and digits,
    so each line reads back with the parser given those names (docs/notation.md)."""
    from tutor.autodiff.trace import BAR, adjoint_formula, node_name, plain_names

    names = plain_names(p.label for p in trace.primal)
    plain = lambda tree: show(M.substitute(tree, names), "plain")  # noqa: E731
    forward = trace.mode == "forward"
    lines = [f"Forward mode, seeded with tangent 1 for {trace.wrt}" if forward
             else "Reverse mode: the primal trace, then adjoints backwards", "Forward primal trace:"]
    lines += [f"  {plain(p.tree)}   ({_num(p.value)})" for p in trace.primal]
    if forward:
        lines.append("Forward tangent trace:")
        lines += [f"  {plain(t.tree)}   ({_num(t.value)})" for t in trace.tangent]
    else:
        lines.append(f"Reverse adjoint trace ({node_name(0, BAR, 'plain')[:-1]} = "
                     f"{operator('v', True, 'plain', of='f')}):")
        lines.append(f"  {node_name(trace.output, BAR, 'plain')} = 1")
        seen: set[int] = set()
        for a in trace.adjoint:
            formula = adjoint_formula(M.substitute(a.tree, names), a.target not in seen, "plain")
            seen.add(a.target)
            lines.append(f"  {formula}   (term {_num(a.contribution)}, so far {_num(a.total)})")
    summary = [f"f = {_num(trace.value)}"]
    for name, g in trace.gradient.items():
        if not (forward and name != trace.wrt):
            summary.append(f"{operator(name, len(trace.gradient) > 1, target='plain', of='f')} = {_num(g)}")
    lines.append(", ".join(summary))
    return lines


def render_numdiff(table: Any) -> RenderableType:
    """The error table of difference quotients against AD, and the log-log plot."""
    from tutor.render.plots import plot_series

    grid = Table(title=f"{operator(table.wrt)} at {', '.join(f'{k} = {v:g}' for k, v in table.point.items())}:  "
                       f"AD gives {table.exact:.15g}", title_justify="left", header_style="bold")
    for column in ("h", f"forward {say(SCHEME_QUOTIENTS['forward'])}", "error",
                   f"symmetric {say(SCHEME_QUOTIENTS['symmetric'])}", "error"):
        grid.add_column(column, justify="right")
    show = lambda v, fmt: "undefined" if v is None else format(v, fmt)  # noqa: E731
    for r in table.rows:
        grid.add_row(f"{r.h:.0e}", show(r.forward, ".15g"), show(r.forward_error, ".1e"),
                     show(r.symmetric, ".15g"), show(r.symmetric_error, ".1e"))
    plot = plot_series(
        {
            "forward error": [(r.h, r.forward_error) for r in table.rows],
            "symmetric error": [(r.h, r.symmetric_error) for r in table.rows],
        },
        log_x=True, log_y=True, title="log-log: error against h", x_label="h", y_label="|error|",
    )
    notes = Text()
    for which in ("forward", "symmetric"):
        best = table.best(which)
        if best is not None:
            notes.append(f"best {which} step: h = {best.h:.0e} (error {getattr(best, which + '_error'):.1e})\n")
    # One paragraph, wrapped by the console: a hard line break here broke mid-sentence at 80 columns.
    notes.append(say("Right of the best step truncation error dominates (falls like `h` for forward, `h^2` for "
                     "symmetric); left of it round-off dominates: `f(x + h) - f(x)` cancels digits and the error "
                     "grows like `1/h`."), style="dim")
    return Group(grid, plot, notes)
