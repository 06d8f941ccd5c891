"""The kinds of exercise: one row each, saying how an exercise becomes a task with a known answer.

A row (``Kind``) holds the builder that turns an exercise (its math already
filled from the template) into a ``Task`` (``tasks.py``: the parsed function,
the expected answer in the answer's form, the texts a prompt can quote) and
the standard prompt. The derivative and dual-number builders live here; the
graph, Jacobian, mode and difference-quotient ones in ``ad_kinds.py``. How an
answer is read and compared follows from the task's ``form`` (``answers.py``,
``instance.py``); derivative answers go through ``check_derivative``, never
through string comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from tutor.packs.ad_kinds import (
    build_graph_backward,
    build_graph_forward,
    build_jacobian,
    build_mode_choice,
    build_numeric_difference,
)
from tutor.packs.model import Exercise
from tutor.packs.tasks import (
    FieldError,
    Fields,
    Task,
    _names,
    _point,
    _single_of,
    _sym,
    _text,
    _tidy,
)
from tutor.packs.tasks import DERIVATIVE_KINDS, _operator, dual_text

__all__ = ["Task", "Kind", "KIND_TABLE", "FieldError", "Fields", "DERIVATIVE_KINDS", "build_task", "dual_text"]


@dataclass(frozen=True)
class Kind:
    name: str
    build: Callable[[Exercise, "Fields"], Task]
    prompt: str  # the standard wording, with {placeholders}
    skills: tuple[str, ...]  # default skills when the exercise names none



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
    # (with "1ε" written ε, as a drawn coefficient of 1 would otherwise show)
    texts = {"of": re.sub(r"(?<![\d.])1ε", "ε", fields.of.replace("eps", "ε")), "expected": shown}
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
         "needs fewer passes: forward or reverse? (Add the reason after a comma.)", ("ad-modes",)),
    Kind("numeric-difference", build_numeric_difference,
         "Estimate f'({at}) for f({x}) = {of} with the {scheme}, h = {h} (give 4 significant figures).",
         ("numerical-differentiation",)),
)}
# fmt: on


def build_task(ex: Exercise, fields: Fields) -> Task:
    """The task of ``ex`` with its template already filled into ``fields``."""
    return KIND_TABLE[ex.kind].build(ex, fields)
