"""Computational-graph kinds: graph-forward (a node's value) and graph-backward (adjoints).

``nodes`` lists the graph in evaluation order; ``at`` gives the inputs; ``ask`` names the nodes
(forward) or the inputs and nodes (backward) whose values are asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Sequence

from tutor.packs.kind import Kind
from tutor.packs.numeric_judge import judge_numbers
from tutor.packs.proofs import AD_DRAWS, ad_gradient, ad_value, close, finite
from tutor.packs.tasks import (FieldError, Fields, Task, _listed, _point, _require, _sym, _text, number_shown,
                               point_shown, spoken)

if TYPE_CHECKING:
    from tutor.packs.answers import Answer
    from tutor.packs.model import Exercise

__all__ = ["ROWS", "adjoints"]


def _graph(ex: "Exercise", fields: Fields) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(inputs' values, nodes' expressions, nodes' values) in evaluation order."""
    import sympy

    nodes_text = _require(fields.nodes, "nodes", "a graph in `nodes`, e.g. {p: 'x + y', g: 'p z'}")
    inputs = _point(fields, ())
    exprs: dict[str, Any] = {}
    values: dict[str, Any] = dict(inputs)
    for name, text in nodes_text.items():
        if name in inputs:
            raise FieldError(f"nodes.{name}", f"{name} is both an input and a node", "rename the node")
        known = [*inputs, *exprs]
        expr = fields.parse(f"nodes.{name}", text, known)
        exprs[name] = expr
        values[name] = expr.subs({_sym(k): v for k, v in values.items()})  # exact numbers: no simplify needed
    return inputs, exprs, values


def _graph_texts(inputs: Mapping[str, Any], exprs: Mapping[str, Any]) -> dict[str, Any]:
    return {"nodes": point_shown(exprs), "at": point_shown(inputs), "out": list(exprs)[-1]}


def _one_or_many(names: Sequence[str], values: Sequence[Any]) -> tuple[str, Any, Any]:
    if len(values) == 1:
        return "number", values[0], number_shown(values[0])
    from tutor.packs.numeric_judge import approximately

    return "vector", tuple(values), "[" + ", ".join(_text(v) for v in values) + "]" + approximately(values, "vector")


def build_graph_forward(ex: "Exercise", fields: Fields) -> Task:
    inputs, exprs, values = _graph(ex, fields)
    ask = ex.ask or (list(exprs)[-1],)
    for name in ask:
        if name not in exprs:
            raise FieldError("ask", f"{name} is not a node of the graph", f"nodes: {', '.join(exprs)}")
    form, expected, shown = _one_or_many(ask, [values[n] for n in ask])
    texts, trees = spoken({**_graph_texts(inputs, exprs), "ask": ", ".join(ask), "expected": shown})
    return Task(ex.kind, form, (), expected, texts, at=inputs, info={"nodes": exprs, "values": values, "ask": ask},
                trees=trees)


def adjoints(inputs: Mapping[str, Any], exprs: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """The backward pass: each node's adjoint is the sum over its children of child adjoint × local derivative."""
    import sympy

    names = list(exprs)
    adj: dict[str, Any] = {name: sympy.Integer(0) for name in [*inputs, *names]}
    adj[names[-1]] = sympy.Integer(1)
    point = {_sym(k): v for k, v in values.items()}
    for name in reversed(names):
        for s in exprs[name].free_symbols:
            local = sympy.diff(exprs[name], s).subs(point)
            adj[s.name] = adj[s.name] + adj[name] * local
    return adj


def build_graph_backward(ex: "Exercise", fields: Fields) -> Task:
    from tutor.parsing import notation as M

    inputs, exprs, values = _graph(ex, fields)
    adj = adjoints(inputs, exprs, values)
    ask = ex.ask or tuple(inputs)
    for name in ask:
        if name not in adj:
            raise FieldError("ask", f"{name} is not an input or node of the graph")
    form, expected, shown = _one_or_many(ask, [adj[n] for n in ask])
    out = list(exprs)[-1]
    asked = _listed(M.rate(out, n, True) for n in ask)
    texts, trees = spoken({**_graph_texts(inputs, exprs), "ask": asked, "expected": shown})
    return Task(ex.kind, form, (), expected, texts, at=inputs,
                info={"nodes": exprs, "values": values, "ask": ask, "adjoints": adj}, trees=trees)


def prove(task: Task, seed: int) -> None:
    """The asked values (forward) or adjoints (backward), proved by the AD engine on the expanded graph."""
    nodes, values = task.info["nodes"], task.info["values"]
    inputs = task.at or {}
    expanded: dict[str, Any] = {}
    for name, expr in nodes.items():
        expanded[name] = expr.subs({_sym(k): v for k, v in expanded.items()})
        finite(values[name], f"nodes.{name}")
    if seed >= AD_DRAWS:
        for name in task.info["ask"]:
            finite(task.info.get("adjoints", values)[name], "ask")
        return
    if task.kind == "graph-forward":
        for name in task.info["ask"]:
            if not close(ad_value(expanded[name], inputs), float(values[name])):
                raise FieldError(f"nodes.{name}", "the AD engine disagrees with the node's value")
        return
    out = expanded[list(nodes)[-1]]
    gradient = ad_gradient(out, inputs)
    for name in inputs:
        if not close(gradient[name], float(task.info["adjoints"][name])):
            raise FieldError("nodes", f"the adjoint of {name} disagrees with the AD engine ({gradient[name]:.6g})")
    for name in task.info["ask"]:
        finite(task.info["adjoints"][name], "ask")


def steps(task: Task) -> Any:
    """The forward pass (and the backward pass edge by edge), every number proved by the AD engine."""
    from tutor.explain.worked_graph import graph_backward_worked, graph_forward_worked

    worked = graph_forward_worked if task.kind == "graph-forward" else graph_backward_worked
    return worked(task.at or {}, task.info["nodes"], list(task.info["ask"]))


def wrong_answers(task: Task) -> list[Any]:
    """The value each backward-pass slip gives here: a path left out, paths multiplied, a local
    derivative wrong (explain/wrong_answers.py). A forward pass has no catalogued slip."""
    if task.kind != "graph-backward":
        return []
    from tutor.explain.wrong_answers import graph_candidates

    return graph_candidates(task.at or {}, task.info["nodes"], task.info["values"], list(task.info["ask"]))


def diagnose(task: Task, answer: "Answer") -> Any:
    from tutor.packs.numeric_judge import diagnose_by_candidates

    return diagnose_by_candidates(task, answer, wrong_answers(task))


ROWS = (
    Kind("graph-forward", build_graph_forward,
         "A computational graph computes {nodes}. Forward pass with {at}: what is {ask}?", ("forward-pass",),
         ("nodes", "at", "ask", "sigfigs"), judge=judge_numbers, prove=prove, steps=steps, show_notes=True),
    Kind("graph-backward", build_graph_backward,
         "A computational graph computes {nodes}. With {at}, run the backward pass: what is {ask}?",
         ("backward-pass",), ("nodes", "at", "ask", "sigfigs"), judge=judge_numbers, prove=prove,
         diagnose=diagnose, steps=steps, wrong_answers=wrong_answers, show_notes=True),
)
