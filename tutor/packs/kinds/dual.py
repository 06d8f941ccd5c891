"""Dual-number kinds: dual-arithmetic (compute with ε² = 0) and dual-evaluate (f(a + ε)).

The answer is written a + bε, or as the 2×2 matrix [[a, b], [0, a]] with ``form: matrix``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tutor.packs.kind import Kind, optional_steps
from tutor.packs.proofs import ad_value, close, dual_parts_of, finite
from tutor.packs.tasks import FieldError, Fields, Task, _names, _point, _single_of, _sym, _text, _tidy, dual_text

if TYPE_CHECKING:
    from tutor.packs.answers import Answer
    from tutor.packs.model import Exercise

__all__ = ["ROWS"]


def _dual_expected(ex: "Exercise", a: Any, b: Any) -> tuple[str, Any, str]:
    import sympy

    if ex.form == "matrix":
        rows = ((a, b), (sympy.Integer(0), a))
        return "matrix", rows, f"[[{_text(a)}, {_text(b)}], [0, {_text(a)}]]"
    return "dual", (a, b), dual_text(a, b)


def build_dual_arithmetic(ex: "Exercise", fields: Fields) -> Task:
    from tutor.packs.answers import dual_parts

    of = fields.parse("of", _single_of(fields), (), epsilon=True)
    extra = [n for n in _names(of) if n != "ε"]
    if extra:
        raise FieldError("of", f"dual arithmetic uses numbers and ε only, found {', '.join(extra)}")
    a, b = dual_parts(of)
    form, expected, shown = _dual_expected(ex, a, b)
    # The author's spelling reads better than the canonical print for a dual expression.
    # (with "1ε" written ε, as a drawn coefficient of 1 would otherwise show)
    texts = {"of": re.sub(r"(?<![\d.])1ε", "ε", fields.of.replace("eps", "ε")), "expected": shown}
    return Task(ex.kind, form, (), expected, texts, of=of, epsilon=form == "dual")


def build_dual_evaluate(ex: "Exercise", fields: Fields) -> Task:
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


def prove_arithmetic(task: Task, seed: int) -> None:
    a, b = dual_parts_of(task)
    eps = {"ε": 0.0}
    finite(a), finite(b)
    if not (close(ad_value(task.of, eps), float(a)) and close(ad_value(task.of, eps, ["ε"]), float(b))):
        raise FieldError("of", "the AD engine disagrees with the dual-number answer")


def prove_evaluate(task: Task, seed: int) -> None:
    a, b = dual_parts_of(task)
    finite(a, "at"), finite(b, "at")
    x = task.wrt[0]
    at = task.at or {}
    if not (close(ad_value(task.of, at), float(a)) and close(ad_value(task.of, at, [x]), float(b))):
        raise FieldError("of", "the AD engine disagrees with f(a + ε)")


def diagnose_arithmetic(task: Task, answer: "Answer") -> Any:
    if task.form != "dual":
        return None
    from tutor.explain import diagnose_dual

    found = diagnose_dual(task.of, answer.reading.expr)
    return found.matches[0] if found is not None and found.matches else None


ROWS = (
    Kind("dual-arithmetic", build_dual_arithmetic, "Compute {of} with ε² = 0. Answer as a + bε.",
         ("dual-numbers",), ("of", "form"), prove=prove_arithmetic, diagnose=diagnose_arithmetic),
    Kind("dual-evaluate", build_dual_evaluate, "Let f({x}) = {of}. Evaluate f({at} + ε). Answer as a + bε.",
         ("dual-numbers",), ("of", "at", "form"), prove=prove_evaluate, steps=optional_steps),
)
