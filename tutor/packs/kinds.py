"""The kinds of exercise: one row each, saying how an exercise becomes a task with a known answer.

A row (``Kind``) holds the builder that turns an exercise (its math already
filled from the template) into a ``Task`` (the parsed function, the expected
answer in the answer's form, the texts a prompt can quote) and the standard
prompt. How an answer is read and compared follows from the task's ``form``
(see ``answers.py`` and ``instance.py``); derivative answers go through
``tutor.checking.check_derivative``, never through string comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional, Sequence

from tutor.packs.model import Exercise

__all__ = ["Task", "Kind", "KIND_TABLE", "FieldError", "DERIVATIVE_KINDS", "build_task"]

DERIVATIVE_KINDS = ("derivative", "partial", "chain-rule", "multivariable-chain-rule")


class FieldError(ValueError):
    """A field of an exercise that cannot be used (after filling the template)."""

    def __init__(self, field: str, message: str, hint: Optional[str] = None) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.hint = field, message, hint


@dataclass(frozen=True)
class Task:
    """One instantiated exercise as math: what to compare the answer with."""

    kind: str
    form: str  # how the answer is written: expression, number, dual, matrix, vector, word
    variables: tuple[str, ...]  # names the answer may use
    expected: Any  # in the form's value shape (Expr, (a, b), rows, elements, word)
    texts: Mapping[str, str]  # placeholder texts for the prompt and hints: of, wrt, ask, at, ...
    of: Any = None  # the function (Expr, or tuple of components)
    wrt: tuple[str, ...] = ()
    where: Optional[Mapping[str, Any]] = None
    at: Optional[Mapping[str, Any]] = None
    info: Mapping[str, Any] = field(default_factory=dict)  # kind-specific facts (nodes, h, n, m...)
    epsilon: bool = False


Parse = Callable[..., Any]  # (field, text, variables, epsilon=False) -> Expr


@dataclass(frozen=True)
class Kind:
    name: str
    build: Callable[[Exercise, "Fields"], Task]
    prompt: str  # the standard wording, with {placeholders}
    skills: tuple[str, ...]  # default skills when the exercise names none


@dataclass(frozen=True)
class Fields:
    """The exercise's math fields after template filling, and the parser to read them."""

    of: Any  # str or tuple[str, ...] or None
    where: Mapping[str, str]
    at: Mapping[str, str]
    nodes: Mapping[str, str]
    h: Optional[str]
    inputs: Optional[str]
    outputs: Optional[str]
    answer: Optional[str]
    parse: Parse


# -- helpers ---------------------------------------------------------------------------------------


def _sym(name: str) -> Any:
    from tutor.parsing import variable

    return variable(name)


def _text(expr: Any) -> str:
    from tutor.parsing import to_text

    return to_text(expr)


def _names(expr: Any) -> tuple[str, ...]:
    return tuple(sorted(s.name for s in expr.free_symbols))


def _tidy(expr: Any) -> Any:
    """A computed answer as SymPy leaves it: simplify() costs ~40 ms an instance, and
    ``validate`` draws every template 20 times; the checker never needs the tidy form."""
    return expr


def _require(value: Any, field_name: str, what: str) -> Any:
    if value in (None, "", {}, ()):
        raise FieldError(field_name, f"this kind needs {what}")
    return value


def _single_of(fields: Fields) -> str:
    of = _require(fields.of, "of", "a function in `of`")
    if not isinstance(of, str):
        raise FieldError("of", "expected one function, found a list", "lists are for jacobian and mode-choice")
    return of


def _operator(wrt: Sequence[str], partial: bool) -> str:
    """d/dx, d²/dx², ∂/∂x, ∂²/∂y∂x, ∂²/∂x² — the operator a prompt names (last variable first)."""
    d = "∂" if partial else "d"
    sup = {1: "", 2: "²", 3: "³", 4: "⁴"}
    groups: list[list[Any]] = []
    for w in reversed(wrt):  # ∂²f/∂y∂x means: by x first, then by y
        if groups and groups[-1][0] == w:
            groups[-1][1] += 1
        else:
            groups.append([w, 1])
    denominator = "".join(f"{d}{w}{sup.get(k, f'^{k}')}" for w, k in groups)
    return f"{d}{sup.get(len(wrt), f'^{len(wrt)}')}/{denominator}"


def _point(fields: Fields, names: Sequence[str], field_name: str = "at") -> dict[str, Any]:
    at = _require(fields.at, field_name, "a point in `at`, e.g. {x: '2'}")
    out = {}
    for name, text in at.items():
        value = fields.parse(f"at.{name}", text, ())
        out[name] = value
    missing = [n for n in names if n not in out]
    if missing:
        raise FieldError(field_name, f"no value for {', '.join(missing)}")
    return out


def _point_text(point: Mapping[str, Any]) -> str:
    return ", ".join(f"{k} = {_text(v)}" for k, v in point.items())


def number_text(value: Any) -> str:
    """An exact number as text, with a decimal approximation when it is not rational."""
    if value.is_Rational:
        return _text(value)
    return f"{_text(value)} ≈ {float(value):.6g}"


# -- derivative kinds ------------------------------------------------------------------------------


def build_derivative(ex: Exercise, fields: Fields) -> Task:
    import sympy

    of_text = _single_of(fields)
    declared = ex.variables or None
    of = fields.parse("of", of_text, declared)
    where = {name: fields.parse(f"where.{name}", text, None) for name, text in fields.where.items()}
    for name in where:
        if _sym(name) not in of.free_symbols:
            raise FieldError(f"where.{name}", f"{name} does not occur in the function")
    outer = [n for n in (ex.variables or _names(of)) if n not in where]
    inner = sorted({n for w in where.values() for n in _names(w)})
    variables = tuple(dict.fromkeys([*outer, *inner, *where]))
    wrt = ex.wrt or tuple(inner[:1] if where else (outer or list(_names(of)))[:1])
    if not wrt:
        raise FieldError("wrt", "the function has no variable to differentiate by", "name one in `wrt`")
    for w in wrt:
        if w not in variables and not where:
            raise FieldError("wrt", f"{w} is not a variable of the function", f"variables: {', '.join(variables)}")
    substituted = of.subs({_sym(k): v for k, v in where.items()}) if where else of
    expected = _tidy(sympy.diff(substituted, *[_sym(w) for w in wrt]))
    partial = ex.kind == "partial" or (len(_names(substituted)) > 1 and not where)
    texts = {
        "of": _text(of),
        "wrt": ", ".join(wrt),
        "ask": _operator(wrt, partial),
        "where": ", ".join(f"{k} = {_text(v)}" for k, v in where.items()),
        "variables": ", ".join(variables),
        "expected": _text(expected),
    }
    return Task(ex.kind, "expression", variables, expected, texts, of=of, wrt=tuple(wrt),
                where=where or None)


# -- dual numbers ----------------------------------------------------------------------------------


def dual_text(a: Any, b: Any) -> str:
    """a + bε written the way the notes write it, real part first: 1/5 - (9/25)ε."""
    if b == 0:
        return _text(a)
    sign = "+"
    if b.could_extract_minus_sign():
        sign, b = "-", -b
    plain = b.is_Integer or b.is_Symbol or b.is_Function or (b.is_Pow and b.exp.is_Integer and b.exp > 0)
    factor = "" if b == 1 else _text(b) if plain else f"({_text(b)})"
    if a == 0:
        return f"{'-' if sign == '-' else ''}{factor}ε"
    return f"{_text(a)} {sign} {factor}ε"


def _dual_expected(ex: Exercise, a: Any, b: Any) -> tuple[str, Any, str]:
    import sympy

    if ex.form == "matrix":
        rows = ((a, b), (sympy.Integer(0), a))
        return "matrix", rows, f"[[{_text(a)}, {_text(b)}], [0, {_text(a)}]]"
    return "dual", (a, b), dual_text(a, b)


def build_dual_arithmetic(ex: Exercise, fields: Fields) -> Task:
    from tutor.packs.answers import dual_parts

    of = fields.parse("of", _single_of(fields), (), epsilon=True)
    extra = [n for n in _names(of) if n != "ε"]
    if extra:
        raise FieldError("of", f"dual arithmetic uses numbers and ε only, found {', '.join(extra)}")
    a, b = dual_parts(of)
    form, expected, shown = _dual_expected(ex, a, b)
    # The author's spelling reads better than the canonical print for a dual expression.
    texts = {"of": fields.of.replace("eps", "ε"), "expected": shown}
    return Task(ex.kind, form, (), expected, texts, of=of, epsilon=form == "dual")


def build_dual_evaluate(ex: Exercise, fields: Fields) -> Task:
    import sympy

    of = fields.parse("of", _single_of(fields), ex.variables or None)
    names = ex.variables or _names(of)
    if len(names) != 1:
        raise FieldError("of", "f(a + ε) needs a function of one variable")
    x = _sym(names[0])
    point = _point(fields, names)
    a = _tidy(of.subs(x, point[names[0]]))
    b = _tidy(sympy.diff(of, x).subs(x, point[names[0]]))
    form, expected, shown = _dual_expected(ex, a, b)
    texts = {"of": _text(of), "at": _text(point[names[0]]), "x": names[0], "expected": shown,
             "f_at": _text(of.subs(x, point[names[0]] + _sym("ε")))}
    return Task(ex.kind, form, (), expected, texts, of=of, wrt=(names[0],), at=point, epsilon=form == "dual")


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


# -- the table ------------------------------------------------------------------------------------

# fmt: off
KIND_TABLE: Mapping[str, Kind] = {k.name: k for k in (
    Kind("derivative", build_derivative, "Find {ask} of {of}.", ("derivative",)),
    Kind("partial", build_derivative, "Find {ask} of f = {of}.", ("partial-derivative",)),
    Kind("chain-rule", build_derivative, "Find {ask} of {of}.", ("chain-rule",)),
    Kind("multivariable-chain-rule", build_derivative,
         "Let f = {of} with {where}. Find {ask} f (in terms of {wrt}).", ("multivariable-chain-rule",)),
    Kind("dual-arithmetic", build_dual_arithmetic,
         "Compute {of} with ε² = 0. Answer as a + bε.", ("dual-numbers",)),
    Kind("dual-evaluate", build_dual_evaluate,
         "Let f({x}) = {of}. Evaluate f({at} + ε). Answer as a + bε.", ("dual-numbers",)),
    Kind("graph-forward", build_graph_forward,
         "A computational graph computes {nodes}. Forward pass with {at}: what is {ask}?", ("forward-pass",)),
    Kind("graph-backward", build_graph_backward,
         "A computational graph computes {nodes}. With {at}, run the backward pass: what is {ask}?",
         ("backward-pass",)),
    Kind("jacobian", build_jacobian, "Find the Jacobian matrix of F({variables}) = {of}.", ("jacobian",)),
    Kind("mode-choice", build_mode_choice,
         "A function maps R^{n} to R^{m}. To get its whole Jacobian, which mode of automatic differentiation "
         "needs fewer passes: forward or reverse?", ("ad-modes",)),
    Kind("numeric-difference", build_numeric_difference,
         "Estimate f'({at}) for f({x}) = {of} with the {scheme}, h = {h} (give 4 significant figures).",
         ("numerical-differentiation",)),
)}
# fmt: on


def build_task(ex: Exercise, fields: Fields) -> Task:
    """The task of ``ex`` with its template already filled into ``fields``."""
    return KIND_TABLE[ex.kind].build(ex, fields)
