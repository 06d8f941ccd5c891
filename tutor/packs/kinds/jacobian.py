"""The jacobian kind: the whole Jacobian matrix, one column or one row (``part``, ``index``),
as formulas or at a point ``at``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutor.packs.kind import Kind
from tutor.packs.proofs import ad_value, close, finite
from tutor.packs.tasks import FieldError, Fields, Task, _names, _point, _point_text, _require, _sym, _text, _tidy

if TYPE_CHECKING:
    from tutor.packs.model import Exercise

__all__ = ["ROWS", "components"]


def components(ex: "Exercise", fields: Fields) -> tuple[tuple[Any, ...], tuple[str, ...]]:
    of = _require(fields.of, "of", "the components of F in `of`, e.g. ['x y', 'x + y']")
    texts = (of,) if isinstance(of, str) else of
    comps = tuple(fields.parse(f"of[{i}]", t, ex.variables or None) for i, t in enumerate(texts))
    names = ex.variables or tuple(sorted({n for c in comps for n in _names(c)}))
    return comps, tuple(names)


def build_jacobian(ex: "Exercise", fields: Fields) -> Task:
    import sympy

    comps, names = components(ex, fields)
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


def prove(task: Task, seed: int) -> None:
    """Every entry's derivative by SymPy equals the AD engine's, at the point or at a sample point."""
    import random

    from sympy import diff

    from tutor.checking import sample_points

    names = list(task.wrt)
    point = task.at
    if point is None:
        points = sample_points(sum(task.of), names, 1, random.Random(seed))
        if not points:
            raise FieldError("of", "no point of the real domain found")
        point = points[0]
    subs = {_sym(k): v for k, v in point.items()}
    for i, comp in enumerate(task.of):
        for name in names:
            ad = ad_value(comp, point, [name])
            sym = complex(diff(comp, _sym(name)).evalf(subs=subs))
            if not close(ad, sym.real):
                raise FieldError(f"of[{i}]", f"SymPy and the AD engine disagree on d/d{name}")
    flat = task.expected if task.form == "vector" else [e for row in task.expected for e in row]
    for e in flat:
        finite(e)


ROWS = (
    Kind("jacobian", build_jacobian, "Find the Jacobian matrix of F({variables}) = {of}.", ("jacobian",),
         ("of", "part", "index", "at"), prove=prove),
)
