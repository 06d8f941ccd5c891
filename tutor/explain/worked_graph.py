"""Worked forward and backward passes through a small computational graph.

The forward pass evaluates the nodes in order, each line ``p = x + y = 2 + 3 = 5``. The
backward pass seeds the output's adjoint with 1 and walks the nodes newest first: for each
edge n → s one line ``s̄ += n̄·∂n/∂s = 1·z = 3``, so a node with two children gets two lines
and its adjoint is their sum (the sum over paths). Every number is recomputed by the AD
engine: a node's value from the graph expanded into the inputs, a local derivative by
forward mode on the node's own formula, and every adjoint ∂out/∂s by differentiating the
graph downstream of s.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from tutor.explain.worked import WorkedStep, ad_partial, ad_value, number, verify
from tutor.parsing import notation as M
from tutor.parsing.printer import current_target, glyph, show

__all__ = ["graph_forward_worked", "graph_backward_worked", "filled", "bar"]

_BAR = "\u0304"


def bar(name: str) -> str:
    """x̄: the adjoint's name (a combining macron over the node's name); ``xbar`` in the plain target
    (as ``trace --plain`` writes vbar5)."""
    if current_target() == "plain":
        return f"{name}bar"
    return name + _BAR if len(name) == 1 else f"{name}̄"


def filled(expr: Any, values: Mapping[str, Any]) -> str:
    """``expr`` with each name replaced by its value, as a tree printed: x + y → 2 + 3, p z → (−1)·3."""
    tree = M.from_sympy(expr)
    return show(M.substitute(tree, {s.name: M.from_sympy(values[s.name]) for s in expr.free_symbols}))


def _adjoint(name: str) -> M.Node:
    return M.var(bar(name))


def _times(left: M.Node, right: M.Node) -> M.Node:
    """left·right, kept a product of two factors even when SymPy would fold it (1·z, (−5)·1)."""
    return M.mul(left, right)


def _expanded(inputs: Mapping[str, Any], nodes: Mapping[str, Any], keep: str = "") -> dict[str, Any]:
    """Each node as a formula of the inputs (and of the node ``keep``, left as a symbol)."""
    from tutor.explain.steps import symbol

    out: dict[str, Any] = {}
    for name, expr in nodes.items():
        out[name] = symbol(name) if name == keep else expr.xreplace({symbol(k): v for k, v in out.items()})
    return out


def _forward_lines(inputs: Mapping[str, Any], nodes: Mapping[str, Any], values: Mapping[str, Any],
                   upto: Sequence[str]) -> list[WorkedStep]:
    last = max(list(nodes).index(n) for n in upto) if upto else len(nodes) - 1
    expanded = _expanded(inputs, nodes)
    lines = []
    for name in list(nodes)[: last + 1]:
        expr = nodes[name]
        parts = [show(M.eq(M.var(name), expr)), filled(expr, values), number(values[name])]
        if parts[1] == show(values[name]) or parts[1] == parts[2].split(f" {glyph('approximately')} ")[0]:
            del parts[1]  # sin(2) filled in is already the value: say it once
        shown = " = ".join(parts)
        lines.append(WorkedStep(f"node {name}", shown, values[name],
                                oracle=lambda e=expanded[name]: ad_value(e, inputs)))  # type: ignore[misc]  # a lambda with default arguments (mypy#4226)
    return lines


def _values(inputs: Mapping[str, Any], nodes: Mapping[str, Any]) -> dict[str, Any]:
    from tutor.explain.steps import symbol

    values: dict[str, Any] = dict(inputs)
    for name, expr in nodes.items():
        values[name] = expr.xreplace({symbol(k): v for k, v in values.items()})
    return values


def graph_forward_worked(inputs: Mapping[str, Any], nodes: Mapping[str, Any], ask: Sequence[str]) -> WorkedStep:
    """The forward pass up to the asked nodes, one line per node, verified by the AD engine."""
    values = _values(inputs, nodes)
    point = ", ".join(f"{k} = {number(v)}" for k, v in inputs.items())
    lines = _forward_lines(inputs, nodes, values, ask)
    result = tuple(values[n] for n in ask) if len(ask) > 1 else values[ask[0]]
    root = WorkedStep("forward pass", f"Evaluate the nodes in order from {point}", result, tuple(lines))
    verify(root)
    return root


def _adjoint_oracle(inputs: Mapping[str, Any], nodes: Mapping[str, Any], values: Mapping[str, Any],
                    name: str) -> Any:
    """∂out/∂name by the AD engine: the graph downstream of ``name`` expanded, ``name`` kept free."""
    out = list(nodes)[-1]
    if name == out:
        return lambda: 1.0
    expanded = _expanded(inputs, nodes, keep=name)
    point = {**{k: v for k, v in inputs.items()}, name: values[name]}
    return lambda: ad_partial(expanded[out], point, name)


def graph_backward_worked(inputs: Mapping[str, Any], nodes: Mapping[str, Any], ask: Sequence[str]) -> WorkedStep:
    """The forward pass, then the backward pass edge by edge, then the asked adjoints; verified."""
    import sympy

    from tutor.explain.steps import symbol

    values = _values(inputs, nodes)
    names = list(nodes)
    out = names[-1]
    forward = WorkedStep("forward pass", "First the values, input to output", None,
                         tuple(_forward_lines(inputs, nodes, values, names)))
    adjoint: dict[str, Any] = {n: sympy.Integer(0) for n in [*inputs, *names]}
    adjoint[out] = sympy.Integer(1)
    seen: set[str] = set()
    lines = [WorkedStep("seed", show(M.eq(_adjoint(out), M.rate(out, out, True), 1)), sympy.Integer(1))]
    point = {symbol(k): v for k, v in values.items()}
    for name in reversed(names):
        expr = nodes[name]
        for s in sorted(expr.free_symbols, key=lambda v: v.name):
            local_expr = sympy.diff(expr, s)
            local = local_expr.xreplace(point)
            contribution = adjoint[name] * local
            adjoint[s.name] = adjoint[s.name] + contribution
            first = s.name not in seen
            seen.add(s.name)
            chain = [_times(_adjoint(name), M.rate(name, s.name, True))]
            if local_expr.free_symbols:
                chain.append(_times(M.from_sympy(adjoint[name]), M.from_sympy(local_expr)))
            chain.append(_times(M.from_sympy(adjoint[name]), M.from_sympy(local)))
            shown = f"{bar(s.name)} {'=' if first else '+='} {show(M.eq(*chain))} = {number(contribution)}"
            if not first:
                shown += f", so {bar(s.name)} = {number(adjoint[s.name])}"
            downstream = _adjoint_oracle(inputs, nodes, values, name)
            local_oracle = _local_oracle(expr, values, s.name)
            lines.append(WorkedStep(f"edge {name} {glyph('to')} {s.name}", shown, contribution,
                                    oracle=lambda d=downstream, lo=local_oracle: d() * lo()))  # type: ignore[misc]  # a lambda with default arguments (mypy#4226)
    backward = WorkedStep("backward pass", f"Adjoints from {bar(out)} = 1, newest node first; a node with "
                          "several children adds one term per child", None, tuple(lines))
    answers = tuple(
        WorkedStep(show(M.rate(out, n, True)), f"{show(M.eq(M.rate(out, n, True), _adjoint(n)))} = {number(adjoint[n])}", adjoint[n],
                   oracle=_adjoint_oracle(inputs, nodes, values, n))
        for n in ask
    )
    result = tuple(adjoint[n] for n in ask) if len(ask) > 1 else adjoint[ask[0]]
    formulas = ", ".join(show(M.eq(M.var(k), v)) for k, v in nodes.items())
    root = WorkedStep("backward pass", f"Reverse mode on {formulas}", result, (forward, backward, *answers))
    verify(root)
    return root


def _local_oracle(expr: Any, values: Mapping[str, Any], wrt: str) -> Any:
    names = {s.name for s in expr.free_symbols}
    point = {k: v for k, v in values.items() if k in names}
    return lambda: ad_partial(expr, point, wrt)
