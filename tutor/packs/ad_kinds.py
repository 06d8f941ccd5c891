"""Builders of the automatic-differentiation kinds: graphs (forward and backward passes),
Jacobians (matrix, column, row), the choice of mode, and difference quotients."""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional, Sequence

from tutor.packs.model import Exercise
from tutor.packs.tasks import (
    FieldError,
    Fields,
    Task,
    _names,
    _point,
    _point_text,
    _require,
    _single_of,
    _sym,
    _text,
    _tidy,
    number_text,
)

__all__ = ["build_graph_forward", "build_graph_backward", "build_jacobian", "build_mode_choice",
           "build_numeric_difference", "adjoints", "SCHEMES"]


# -- computational graphs --------------------------------------------------------------------------


def _graph(ex: Exercise, fields: Fields) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
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


def _graph_texts(inputs: Mapping[str, Any], exprs: Mapping[str, Any]) -> dict[str, str]:
    return {
        "nodes": ", ".join(f"{k} = {_text(v)}" for k, v in exprs.items()),
        "at": _point_text(inputs),
        "out": list(exprs)[-1],
    }


def _one_or_many(names: Sequence[str], values: Sequence[Any]) -> tuple[str, Any, str]:
    if len(values) == 1:
        return "number", values[0], number_text(values[0])
    return "vector", tuple(values), "[" + ", ".join(_text(v) for v in values) + "]"


def build_graph_forward(ex: Exercise, fields: Fields) -> Task:
    inputs, exprs, values = _graph(ex, fields)
    ask = ex.ask or (list(exprs)[-1],)
    for name in ask:
        if name not in exprs:
            raise FieldError("ask", f"{name} is not a node of the graph", f"nodes: {', '.join(exprs)}")
    form, expected, shown = _one_or_many(ask, [values[n] for n in ask])
    texts = {**_graph_texts(inputs, exprs), "ask": ", ".join(ask), "expected": shown}
    return Task(ex.kind, form, (), expected, texts, at=inputs, info={"nodes": exprs, "values": values, "ask": ask})


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


def build_graph_backward(ex: Exercise, fields: Fields) -> Task:
    inputs, exprs, values = _graph(ex, fields)
    adj = adjoints(inputs, exprs, values)
    ask = ex.ask or tuple(inputs)
    for name in ask:
        if name not in adj:
            raise FieldError("ask", f"{name} is not an input or node of the graph")
    form, expected, shown = _one_or_many(ask, [adj[n] for n in ask])
    out = list(exprs)[-1]
    texts = {**_graph_texts(inputs, exprs), "ask": ", ".join(f"∂{out}/∂{n}" for n in ask), "expected": shown}
    return Task(ex.kind, form, (), expected, texts, at=inputs,
                info={"nodes": exprs, "values": values, "ask": ask, "adjoints": adj})


# -- Jacobians and modes ---------------------------------------------------------------------------


def _components(ex: Exercise, fields: Fields) -> tuple[tuple[Any, ...], tuple[str, ...]]:
    of = _require(fields.of, "of", "the components of F in `of`, e.g. ['x y', 'x + y']")
    texts = (of,) if isinstance(of, str) else of
    comps = tuple(fields.parse(f"of[{i}]", t, ex.variables or None) for i, t in enumerate(texts))
    names = ex.variables or tuple(sorted({n for c in comps for n in _names(c)}))
    return comps, tuple(names)


def build_jacobian(ex: Exercise, fields: Fields) -> Task:
    import sympy

    comps, names = _components(ex, fields)
    point = _point(fields, names) if fields.at else None
    subs = {_sym(k): v for k, v in (point or {}).items()}

    def entry(f: Any, v: str) -> Any:
        d = sympy.diff(f, _sym(v))
        return _tidy(d.subs(subs) if subs else d)

    texts = {"of": "(" + ", ".join(_text(c) for c in comps) + ")", "variables": ", ".join(names),
             "at": _point_text(point) if point else "", "m": str(len(comps)), "n": str(len(names))}
    variables = () if point else names
    if ex.part == "matrix":
        rows = tuple(tuple(entry(f, v) for v in names) for f in comps)
        shown = "[" + ", ".join("[" + ", ".join(_text(e) for e in r) + "]" for r in rows) + "]"
        return Task(ex.kind, "matrix", variables, rows, {**texts, "expected": shown, "index": ""},
                    of=comps, wrt=names, at=point)
    index = _require(ex.index, "index", "`index`: the input variable (column) or output number (row)")
    if ex.part == "column":
        if index not in names:
            raise FieldError("index", f"{index} is not an input variable", f"inputs: {', '.join(names)}")
        values = tuple(entry(f, index) for f in comps)
    else:
        if not index.isdigit() or not 1 <= int(index) <= len(comps):
            raise FieldError("index", f"row {index} does not exist", f"rows are 1 to {len(comps)}")
        values = tuple(entry(comps[int(index) - 1], v) for v in names)
    shown = "[" + ", ".join(_text(e) for e in values) + "]"
    return Task(ex.kind, "vector", variables, values, {**texts, "expected": shown, "index": index},
                of=comps, wrt=names, at=point, info={"part": ex.part, "index": index})


def _count_field(fields: Fields, key: str) -> Optional[int]:
    text = getattr(fields, key)
    if text is None:
        return None
    value = fields.parse(key, text, ())
    if not (value.is_Integer and value >= 1):
        raise FieldError(key, f"{key} must be a whole number ≥ 1, found {_text(value)}")
    return int(value)


def build_mode_choice(ex: Exercise, fields: Fields) -> Task:
    import sympy

    n, m = _count_field(fields, "inputs"), _count_field(fields, "outputs")
    texts = {}
    if n is None or m is None:
        comps, names = _components(ex, fields)
        n, m = n or len(names), m or len(comps)
        texts = {"of": "(" + ", ".join(_text(c) for c in comps) + ")", "variables": ", ".join(names)}
    ask = ex.ask[0] if ex.ask else "mode"
    texts.update({"n": str(n), "m": str(m)})
    info = {"n": n, "m": m, "ask": ask}
    if ask == "forward-passes":
        return Task(ex.kind, "number", (), sympy.Integer(n), {**texts, "expected": str(n)}, info=info)
    if ask == "reverse-passes":
        return Task(ex.kind, "number", (), sympy.Integer(m), {**texts, "expected": str(m)}, info=info)
    if ask != "mode":
        raise FieldError("ask", f"unknown question `{ask}`", "mode, forward-passes or reverse-passes")
    expected = "forward" if n < m else "reverse" if m < n else "either"
    shown = {"either": "either (as many inputs as outputs)"}.get(expected, expected)
    return Task(ex.kind, "word", (), expected, {**texts, "expected": shown}, info=info)


# -- numerical differentiation ---------------------------------------------------------------------

# Each scheme: the quotient as a function of (f, a, h), and its name in a prompt.
SCHEMES: Mapping[str, tuple[Callable[[Callable[[Any], Any], Any, Any], Any], str]] = {
    "forward": (lambda f, a, h: (f(a + h) - f(a)) / h, "forward difference quotient (f(a+h) − f(a))/h"),
    "backward": (lambda f, a, h: (f(a) - f(a - h)) / h, "backward difference quotient (f(a) − f(a−h))/h"),
    "symmetric": (lambda f, a, h: (f(a + h) - f(a - h)) / (2 * h),
                  "symmetric difference quotient (f(a+h) − f(a−h))/(2h)"),
}


def build_numeric_difference(ex: Exercise, fields: Fields) -> Task:
    import sympy

    of = fields.parse("of", _single_of(fields), ex.variables or None)
    names = ex.variables or _names(of)
    if len(names) != 1:
        raise FieldError("of", "a difference quotient needs a function of one variable")
    x = _sym(names[0])
    point = _point(fields, names)
    a = point[names[0]]
    h = fields.parse("h", _require(fields.h, "h", "a step `h`, e.g. '0.1'"), ())
    if not (h.is_number and h > 0):
        raise FieldError("h", "h must be a positive number")
    rule, name = SCHEMES[ex.scheme]
    quotient = rule(lambda t: of.subs(x, t), a, h)
    exact = sympy.diff(of, x).subs(x, a)
    ask = ex.ask[0] if ex.ask else "quotient"
    if ask not in ("quotient", "error"):
        raise FieldError("ask", f"unknown question `{ask}`", "quotient or error")
    expected = quotient if ask == "quotient" else quotient - exact
    tolerance = ex.tolerance
    gap = abs(float(quotient - exact))
    if ask == "quotient" and gap > 0:
        # Never so loose that the exact derivative passes for the quotient: a third of the gap at most.
        tolerance = min(tolerance, gap / (3 * max(abs(float(quotient)), 1e-300)))
    # h as the author wrote it (0.1), not as the exact rational it is read as (1/10)
    texts = {"of": _text(of), "at": _text(a), "x": names[0], "h": (fields.h or "").strip("() "), "scheme": name,
             "expected": number_text(expected), "exact": _text(exact)}
    return Task(ex.kind, "number", (), expected, texts, of=of, wrt=(names[0],), at=point,
                info={"h": h, "scheme": ex.scheme, "ask": ask, "quotient": quotient, "exact": exact,
                      "tolerance": tolerance})
