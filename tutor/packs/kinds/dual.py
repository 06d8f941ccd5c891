"""Dual-number kinds: dual-arithmetic (compute with ε² = 0) and dual-evaluate (f(a + ε)).

The answer is written a + bε, or as the 2×2 matrix [[a, b], [0, a]] with ``form: matrix``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutor.packs.kind import Kind
from tutor.packs.numeric_judge import judge_numbers
from tutor.packs.proofs import ad_value, close, dual_parts_of, finite
from tutor.packs.tasks import (FieldError, Fields, Task, _names, _single_of, _sym, _text, dual_text,
                               one_variable_function, spoken)

if TYPE_CHECKING:
    from tutor.packs.answers import Answer
    from tutor.packs.model import Exercise
    from tutor.parsing.tree import Node

__all__ = ["ROWS"]


def _dual_expected(ex: "Exercise", a: Any, b: Any) -> tuple[str, Any, str]:
    import sympy

    from tutor.packs.numeric_judge import approximately

    if ex.form == "matrix":
        rows = ((a, b), (sympy.Integer(0), a))
        return "matrix", rows, f"[[{_text(a)}, {_text(b)}], [0, {_text(a)}]]" + approximately(rows, "matrix")
    return "dual", (a, b), dual_text(a, b) + approximately((a, b), "dual")


def build_dual_arithmetic(ex: "Exercise", fields: Fields) -> Task:
    from tutor.packs.answers import dual_parts

    of = fields.parse("of", _single_of(fields), (), epsilon=True)
    extra = [n for n in _names(of) if n != "ε"]
    if extra:
        raise FieldError("of", f"dual arithmetic uses numbers and ε only, found {', '.join(extra)}")
    a, b = dual_parts(of)
    form, expected, shown = _dual_expected(ex, a, b)
    from tutor.parsing.printer import show

    written = _as_written(fields.of)
    texts = {"of": show(written), "expected": shown}
    return Task(ex.kind, form, (), expected, texts, of=of, epsilon=form == "dual", trees={"of": written})


def _as_written(text: str) -> "Node":
    """The expression as the author wrote it, as a tree: SymPy would print 7(1 + 2ε) as 14ε + 7, and
    the question is the multiplication. The author's brackets around a sum stay ((4 + 9ε) + (3 + 6ε)
    is two dual numbers); a coefficient 1 (a drawn b = 1 in "{a} + {b}eps") is written away, 1ε -> ε;
    every other number stays as written (an author's own 0 + ε is the exercise)."""
    from tutor.parsing import notation as M

    def mark(node: "Node", top: bool = False) -> "Node":
        args = tuple(mark(a) for a in node.args)
        if node.op == "mul":
            args = tuple(M.drawn(a) if a.op == "num" and a.value == 1 else a for a in args)
        out = type(node)(node.op, node.span, node.value, args, node.text)
        bracketed = text[node.span.start:node.span.start + 1] == "(" and text[node.span.end - 1:node.span.end] == ")"
        return M.group(out) if node.op in ("add", "sub") and bracketed and not top else out

    return M.tidy(mark(M.read_tree(text, epsilon=True), top=True))


def build_dual_evaluate(ex: "Exercise", fields: Fields) -> Task:
    import sympy

    from tutor.autodiff.evaluator import exact_value

    of, name, point = one_variable_function(ex, fields, "f(a + ε)")
    names = [name]
    x = _sym(name)
    # the one evaluator (real roots: (-8)^(1/3) = -2); SymPy's value where it is undefined, which `prove` reports
    a = _as_substituted(exact_value(of, point, strict=False), of, x, point[name])
    b = _as_substituted(exact_value(sympy.diff(of, x), point, strict=False), sympy.diff(of, x), x, point[name])
    form, expected, shown = _dual_expected(ex, a, b)
    texts, trees = spoken({"of": of, "at": point[names[0]], "x": names[0], "expected": shown,
                           "f_at": of.subs(x, point[names[0]] + _sym("ε"))})
    return Task(ex.kind, form, (), expected, texts, of=of, wrt=(names[0],), at=point, epsilon=form == "dual",
                trees=trees)


def _as_substituted(value: Any, expr: Any, x: Any, at: Any) -> Any:
    """``expr`` at x = ``at`` as substituting writes it (4 sin(2) + 4 cos(2)), when that is the evaluator's
    ``value``; simplifying may rewrite it into a form no step shows (4√2 sin(π/4 + 2))."""
    direct = expr.xreplace({x: at})
    try:
        same = direct.is_real and abs(complex(direct.evalf(30)) - complex(value.evalf(30))) <= 1e-20 * (1 + abs(
            complex(value.evalf(30))))
    except (TypeError, ValueError):
        same = False
    return direct if same else value


def prove_arithmetic(task: Task, seed: int) -> None:
    a, b = dual_parts_of(task)
    eps = {"ε": 0.0}
    finite(a)
    finite(b)
    if not (close(ad_value(task.of, eps), float(a)) and close(ad_value(task.of, eps, ["ε"]), float(b))):
        raise FieldError("of", "the AD engine disagrees with the dual-number answer")


def prove_evaluate(task: Task, seed: int) -> None:
    a, b = dual_parts_of(task)
    finite(a, "at")
    finite(b, "at")
    x = task.wrt[0]
    at = task.at or {}
    if not (close(ad_value(task.of, at), float(a)) and close(ad_value(task.of, at, [x]), float(b))):
        raise FieldError("of", "the AD engine disagrees with f(a + ε)")


def _question(task: Task) -> Any:
    """The dual expression worked on: ``of`` itself, or f(a + ε) written out for dual-evaluate."""
    if task.kind == "dual-arithmetic":
        return task.of
    x = task.wrt[0]
    return task.of.xreplace({_sym(x): (task.at or {})[x] + _sym("ε")})


def wrong_answers(task: Task) -> list[Any]:
    """The value each dual-number slip gives here (explain/wrong_answers.py), in the answer's form."""
    from tutor.explain.wrong_answers import Candidate, dual_candidates

    found = dual_candidates(_question(task))
    if task.kind == "dual-evaluate":  # f(a + ε): a missing factor b is likelier than a product slip
        found.sort(key=lambda c: c.id != "dual.b-factor-missing")
    if task.form != "matrix":
        return found
    import sympy

    return [Candidate(c.id, ((c.value[0], c.value[1]), (sympy.Integer(0), c.value[0])), c.message)
            for c in found if len(c.value) == 2]


def diagnose(task: Task, answer: "Answer") -> Any:
    from tutor.packs.numeric_judge import diagnose_by_candidates

    return diagnose_by_candidates(task, answer, wrong_answers(task))


def steps(task: Task) -> Any:
    """``calctutor dual``'s derivation with the exercise's numbers, every line proved by the AD engine."""
    from tutor.explain.worked_dual import dual_arithmetic_worked, dual_evaluate_worked

    matrix = task.form == "matrix"
    if task.kind == "dual-arithmetic":
        return dual_arithmetic_worked(task.of, matrix=matrix, written=task.trees.get("of"))
    x = task.wrt[0]
    return dual_evaluate_worked(task.of, x, (task.at or {})[x], matrix=matrix)


ROWS = (
    Kind("dual-arithmetic", build_dual_arithmetic, "Compute {of} with `ε^2 = 0`. Answer as `a + b ε` (type `ε` as eps: 3 + 2eps).",
         ("dual-numbers",), ("of", "form", "sigfigs"), judge=judge_numbers, prove=prove_arithmetic,
         diagnose=diagnose, steps=steps, wrong_answers=wrong_answers, show_notes=True),
    Kind("dual-evaluate", build_dual_evaluate, "Let f({x}) = {of}. Evaluate f({at} + `ε`). Answer as `a + b ε` (type `ε` as eps: 3 + 2eps).",
         ("dual-numbers",), ("of", "at", "form", "sigfigs"), judge=judge_numbers, prove=prove_evaluate,
         diagnose=diagnose, steps=steps, wrong_answers=wrong_answers, show_notes=True),
)
