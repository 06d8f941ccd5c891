"""Derivative kinds: derivative, partial, chain-rule, multivariable-chain-rule.

The answer is a formula, judged by ``tutor.checking.check_derivative`` (never by spelling),
diagnosed by ``tutor.explain.diagnose`` and explained step by step by ``tutor.explain.explain``.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from tutor.packs.kind import DIAGNOSIS_BUDGET_S, Kind, optional_steps
from tutor.packs.proofs import AD_DRAWS, AD_POINTS, close, finite
from tutor.packs.tasks import (FieldError, Fields, Task, _names, _operator, _single_of, _sym, _tidy, point_shown,
                               spoken)

if TYPE_CHECKING:
    from tutor.packs.answers import Answer
    from tutor.packs.model import Exercise

__all__ = ["ROWS", "build_derivative"]


def build_derivative(ex: "Exercise", fields: Fields) -> Task:
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
    # several variables left after substituting (x = s t, y = s + t): the derivative is partial, ∂z/∂s
    partial = ex.kind == "partial" or len(_names(substituted)) > 1
    texts, trees = spoken({
        "of": of,
        "wrt": ", ".join(wrt),
        "ask": _operator(wrt, partial),
        "where": point_shown(where),
        "variables": ", ".join(variables),
        "expected": expected,
    })
    domain = _typed_domain(of_text, declared) + tuple(d for text in fields.where.values() for d in _typed_domain(text, None))
    return Task(ex.kind, "expression", variables, expected, texts, of=of, wrt=tuple(wrt),
                where=where or None, info={"domain": domain}, trees=trees)


def _typed_domain(text: str, variables: Any) -> tuple[Any, ...]:
    """F's domain as written (e^(ln x) lives on x > 0 although SymPy folds it to x): parsing.Typed."""
    from tutor.parsing import PACK_FIELD_LENGTH, ParseError, read

    try:
        return read(text, None if variables is None else list(variables), max_length=PACK_FIELD_LENGTH).typed.domain
    except ParseError:  # fields.parse has reported it already
        return ()


def judge(task: Task, answer: "Answer", seed: int) -> Any:
    from tutor.checking import check_derivative

    typed = getattr(answer.reading, "typed", None)
    return check_derivative(answer.value, task.of, list(task.wrt), task.where, seed=seed,
                            answer_domain=typed.domain if typed is not None else (),
                            of_domain=task.info.get("domain", ()))


def diagnose(task: Task, answer: "Answer") -> Any:
    from tutor.explain.help import mistake_for

    found = mistake_for(task.of, answer.value, task.wrt, task.where, budget_s=DIAGNOSIS_BUDGET_S)
    return found.matches[0] if found is not None else None


def prove(task: Task, seed: int) -> None:
    """Well defined somewhere, not trivially zero, and (first draws) SymPy's derivative = the AD engine's."""
    import sympy

    from tutor.checking import sample_points

    of = task.of.subs({_sym(k): v for k, v in task.where.items()}) if task.where else task.of
    names = sorted(s.name for s in of.free_symbols) or list(task.wrt)
    expected = task.expected
    finite(expected)
    if expected == 0 or sympy.expand(expected) == 0:
        raise FieldError("of", "the derivative is identically zero", "change the function or the parameters")
    points = sample_points(of, names, AD_POINTS, random.Random(seed))
    if not points:
        raise FieldError("of", "no point of the real domain found: the function is undefined everywhere?")
    if seed >= AD_DRAWS:
        return
    from tutor.autodiff import compile_expression

    tape = compile_expression(of, names)
    key = compile_expression(expected, names)  # SymPy's derivative, read by the one evaluator (real roots)
    for point in points:
        ad = float(tape.derivative(point, list(task.wrt)))
        sym = key.value(point)
        if not close(ad, sym):
            raise FieldError("of", f"SymPy ({sym:.6g}) and the AD engine ({ad:.6g}) disagree at {point}")


def _row(name: str, prompt: str, skills: tuple[str, ...], fields: tuple[str, ...] = ("of", "wrt")) -> Kind:
    return Kind(name, build_derivative, prompt, skills, fields, judge=judge, prove=prove, diagnose=diagnose,
                steps=optional_steps)


ROWS = (
    _row("derivative", "Find {ask} of {of}.", ("derivative",)),
    _row("partial", "Find {ask} of f = {of}.", ("partial-derivative",)),
    _row("chain-rule", "Find {ask} of {of}.", ("chain-rule",)),
    _row("multivariable-chain-rule", "Let f = {of} with {where}. Find {ask} f (in terms of {wrt}).",
         ("multivariable-chain-rule",), ("of", "wrt", "where")),
)
