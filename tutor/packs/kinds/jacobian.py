"""The jacobian kind: the whole Jacobian matrix, one column or one row (``part``, ``index``),
as formulas or at a point ``at``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutor.packs.kind import Kind
from tutor.packs.numeric_judge import judge_numbers
from tutor.packs.proofs import ad_value, close, finite
from tutor.packs.tasks import (FieldError, Fields, Task, _names, _point, _require, _sym, _text, _tidy, listed,
                               point_shown, spoken)

if TYPE_CHECKING:
    from tutor.packs.answers import Answer
    from tutor.packs.model import Exercise

__all__ = ["ROWS", "components"]


def components(ex: "Exercise", fields: Fields) -> tuple[tuple[Any, ...], tuple[str, ...]]:
    of = _require(fields.of, "of", "the components of F in `of`, e.g. ['x y', 'x + y']")
    texts = (of,) if isinstance(of, str) else of
    comps = tuple(fields.parse(f"of[{i}]", t, ex.variables or None) for i, t in enumerate(texts))
    names = ex.variables or tuple(sorted({n for c in comps for n in _names(c)}))
    return comps, tuple(names)


def _asked(part: str, index: Any) -> str:
    """What the standard prompt asks for: the whole matrix, or which column or row of it."""
    if part == "column" and index:
        return f"the column of the Jacobian matrix for {index} (the partial derivatives by {index})"
    if part == "row" and index:
        return f"row {index} of the Jacobian matrix (the partial derivatives of output {index})"
    return "the Jacobian matrix"


def build_jacobian(ex: "Exercise", fields: Fields) -> Task:
    import sympy

    comps, names = components(ex, fields)
    point = _point(fields, names) if fields.at else None
    subs = {_sym(k): v for k, v in (point or {}).items()}

    def entry(f: Any, v: str) -> Any:
        d = sympy.diff(f, _sym(v))
        return _tidy(d.subs(subs) if subs else d)

    texts, trees = spoken({"of": listed(comps), "variables": ", ".join(names),
                           "at": point_shown(point) if point else "", "m": str(len(comps)), "n": str(len(names)),
                           "asked": _asked(ex.part, ex.index),
                           "at_point": (" at ", *point_shown(point)) if point else ""})
    variables = () if point else names
    if ex.part == "matrix":
        rows = tuple(tuple(entry(f, v) for v in names) for f in comps)
        shown = "[" + ", ".join("[" + ", ".join(_text(e) for e in r) + "]" for r in rows) + "]"
        return Task(ex.kind, "matrix", variables, rows, {**texts, "expected": shown, "index": ""},
                    of=comps, wrt=names, at=point, trees=trees)
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
    # A row read where a column is asked (and the reverse) is the mix-up to name: its length is allowed.
    other = len(names) if ex.part == "column" else len(comps)
    return Task(ex.kind, "vector", variables, values, {**texts, "expected": shown, "index": index},
                of=comps, wrt=names, at=point, info={"part": ex.part, "index": index, "other_lengths": (other,)},
                trees=trees)


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


def steps(task: Task) -> Any:
    """The entries one by one (a column from one forward pass, a row from one backward pass), each
    proved by the AD engine."""
    from tutor.explain.worked_jacobian import jacobian_worked

    part = task.info.get("part", "matrix")
    return jacobian_worked(task.of, list(task.wrt), at=task.at, part=part, index=task.info.get("index"))


def _mixed_up(task: Task) -> tuple[Any, str] | tuple[None, str]:
    """The other vector a student gives: the row with the column's number, or the column with the row's."""
    import sympy

    from tutor.parsing.printer import operator

    names, comps = list(task.wrt), list(task.of)
    subs = {_sym(k): v for k, v in (task.at or {}).items()}

    def entry(f: Any, v: str) -> Any:
        d = sympy.diff(f, _sym(v))
        return d.xreplace(subs) if subs else d

    index = task.info["index"]  # the row's number or the column's variable: the kind always draws one
    if task.info.get("part") == "column":
        k = names.index(index)
        if k >= len(comps):
            return None, ""
        return (tuple(entry(comps[k], v) for v in names),
                f"that is row {k + 1}, the gradient of F{k + 1} (what one reverse pass gives); seeding {index} "
                f"in forward mode gives the column {operator(index, True, of='F')}")
    k = int(index) - 1
    if k >= len(names):
        return None, ""
    return (tuple(entry(f, names[k]) for f in comps),
            f"that is the column for {names[k]} (what one forward pass gives); a reverse pass from output "
            f"{index} gives row {index}, the gradient of F{index}")


def wrong_answers(task: Task) -> list[Any]:
    """The transposed matrix; a row given for a column or a column for a row (explain/wrong_answers.py)."""
    from tutor.explain.wrong_answers import jacobian_candidates

    part = task.info.get("part", "matrix")
    if part == "matrix":
        return jacobian_candidates(task.expected, "matrix")
    other, what = _mixed_up(task)
    return jacobian_candidates(task.expected, part, other, what)


def diagnose(task: Task, answer: "Answer") -> Any:
    from tutor.packs.numeric_judge import diagnose_by_candidates

    return diagnose_by_candidates(task, answer, wrong_answers(task))


ROWS = (
    Kind("jacobian", build_jacobian, "Find {asked} of F({variables}) = {of}{at_point}.", ("jacobian",),
         ("of", "part", "index", "at", "sigfigs"), judge=judge_numbers, prove=prove, diagnose=diagnose,
         steps=steps, wrong_answers=wrong_answers, show_notes=True),
)
