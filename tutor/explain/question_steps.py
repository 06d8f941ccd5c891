"""Steps for the course's other questions: implicit derivatives, tangent lines and planes, gradients, Hessians.

Each question is explained as a short list of ``QuestionStep``s, frozen data
whose rule is the docstring of its builder: what is computed, the result,
and the derivations it rests on (ordinary ``explain`` trees, verified rule by
rule). Every step carries a *claim* the AD engine checks before anyone sees it
(``verify_claims``): a value of F at the point, a derivative at the point, or
an identity at random points. A failing claim is a ``StepVerificationError``.

| question | steps |
|---|---|
| implicit | differentiate both sides (y a function of x: each y-term gets dy/dx), collect dy/dx, solve |
| tangent / normal line | f(a), f'(a) (its derivation), point-slope form (the normal: slope −1/f'(a)) |
| linearization | f(a), f'(a), L(x) = f(a) + f'(a)(x − a) |
| tangent plane | f(a, b), f_x(a, b), f_y(a, b), z = f(a, b) + f_x·(x − a) + f_y·(y − b) |
| gradient / Hessian | one partial per entry, each its own derivation, then the vector or matrix |
| directional | the gradient, the unit vector u = v/|v|, D_u f = ∇f · u |
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import sympy

from tutor.explain.derivation import explain, step_to_json
from tutor.autodiff.evaluator import evaluate, exact_value
from tutor.explain.verify import StepVerificationError, ad_derivative
from tutor.parsing import notation as M
from tutor.parsing.printer import current_target, glyph, printing
from tutor.parsing.printer import show as _print

__all__ = ["QuestionStep", "Claim", "question_steps", "question_steps_json", "question_step_json", "verify_claims"]

Expr = Any
TOLERANCE = 1e-6  # relative, as for the derivation's steps: both sides are double-precision values
CLAIM_POINTS = 3  # random points per identity claim (as verify.POINTS)
CLAIM_TRIES = 40


def show(expr: Any) -> str:
    """A tree (or SymPy expression) printed by the one printer, in the target of the lines being built."""
    return _print(expr)


def _drawn(value: Expr) -> M.Node:
    """A computed value written into a formula (so ``M.tidy`` may write y − (−3) as y + 3)."""
    return M.drawn(M.as_tree(value))


@dataclass(frozen=True)
class Claim:
    """``expr`` (differentiated by ``order`` with the AD engine, at ``point`` if given) equals ``value``.

    Without a point, the identity is checked at random points of the variables.
    """

    expr: Expr
    value: Expr
    order: tuple[str, ...] = ()
    point: tuple[tuple[str, Expr], ...] = ()


@dataclass(frozen=True)
class QuestionStep:
    """One step of a question's explanation: the rule id, its sentence, its result, what it rests on."""

    rule: str
    text: str  # the words and the equation, as printed
    result: Expr
    claims: tuple[Claim, ...] = ()
    derivations: tuple[Any, ...] = ()  # tutor.explain.steps.Step trees (already verified)
    substeps: tuple["QuestionStep", ...] = ()
    shown: str = ""  # the step's equation alone (its last formula), as printed: what a reader re-reads


def _sym(name: str) -> sympy.Symbol:
    from tutor.explain.steps import symbol

    return symbol(name)


def _names(*exprs: Expr) -> list[str]:
    return sorted({s.name for e in exprs for s in e.free_symbols})


def _check(claim: Claim, rng: random.Random) -> None:
    names = sorted(set(_names(claim.expr, claim.value)) | set(claim.order) | {n for n, _ in claim.point})
    oracle = ad_derivative(claim.expr, names, list(claim.order))
    fixed = {n: float(v) for n, v in claim.point}
    agreed = 0
    for i in range(CLAIM_TRIES if not fixed or len(fixed) < len(names) else 1):
        point = {n: fixed.get(n, rng.uniform(-3, 3) if i % 2 else rng.uniform(0.2, 3)) for n in names}
        try:
            want, got = oracle(point), evaluate(claim.value, point)
        except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError):
            continue
        if not (math.isfinite(want) and math.isfinite(got)) or abs(want) > 1e8:
            continue
        if abs(want - got) > TOLERANCE * max(1.0, abs(want)):
            raise StepVerificationError(f"claim {claim} is wrong at {point}: expected {want}, got {got}")
        agreed += 1
        if agreed >= CLAIM_POINTS:
            break


def verify_claims(steps: Sequence[QuestionStep], seed: int = 0) -> int:
    """Check every claim of every step (and substep) with the AD engine; returns how many were checked."""
    rng = random.Random(seed)
    count, stack = 0, list(steps)
    while stack:
        step = stack.pop()
        for claim in step.claims:
            _check(claim, rng)
            count += 1
        stack.extend(step.substeps)
    return count


# -- building blocks --------------------------------------------------------------------------------


def _at_text(point: Sequence[tuple[str, Expr]]) -> str:
    return ", ".join(show(M.eq(M.var(n), v)) for n, v in point)


def _point_text(values: Sequence[Expr]) -> str:
    """A point's coordinates, each printed: (1, e)."""
    return "(" + ", ".join(show(v) for v in values) + ")"


def _subs(expr: Expr, point: Sequence[tuple[str, Expr]]) -> Expr:
    return exact_value(expr, dict(point), strict=False)  # the engine's reading: (-8)^(1/3) = -2, as the checker's


def _partial_step(of: Expr, order: Sequence[str], point: Sequence[tuple[str, Expr]] = (), label: str = "") -> QuestionStep:
    """∂ⁿf/∂… as its own verified derivation, evaluated at the point when one is given."""
    tree = explain(of, list(order))
    result = tree.result
    several = len(_names(of)) > 1
    shown = show(M.eq(M.deriv(list(order), of, several or len(set(order)) > 1), result))
    text = label + shown
    claims = [Claim(of, result, tuple(order))]
    if point:
        value = _subs(result, point)
        shown = show(value)
        text += f"; at {_at_text(point)}: {shown}"
        claims.append(Claim(of, value, tuple(order), tuple(point)))
        result = value
    return QuestionStep("partial" if several else "derivative", text, result, tuple(claims), (tree,), shown=shown)


def _value_step(of: Expr, point: Sequence[tuple[str, Expr]]) -> QuestionStep:
    value = _subs(of, point)
    shown = show(M.eq(M.apply("f", *(v for _, v in point)), value))
    return QuestionStep("value", f"the point: {shown} ({show(M.eq(M.var('f'), of))} at {_at_text(point)})",
                        value, (Claim(of, value, (), tuple(point)),), shown=shown)


# -- one builder per question kind ----------------------------------------------------------------


def _implicit(q: Any) -> list[QuestionStep]:
    """Differentiate both sides by x with y = y(x) (each y-term gets a factor dy/dx), collect dy/dx, solve."""
    x, y = q.variables[0], q.dependent
    lhs, rhs = q.equation
    sides = []
    for side in (lhs, rhs):
        dx, dy = sympy.diff(side, _sym(x)), sympy.diff(side, _sym(y))
        trees = tuple(explain(side, [v]) for v in (x, y) if side.has(_sym(v)))
        sides.append((dx, dy, trees))
    (lx, ly, lt), (rx, ry, rt) = sides
    h = lhs - rhs
    rate = M.rate(y, x)
    differentiated = show(M.eq(_with_slope(lx, ly, rate), _with_slope(rx, ry, rate)))
    first = QuestionStep(
        "implicit-differentiate",
        f"differentiate both sides with respect to {x}, {y} a function of {x} (chain rule: each {y}-term gets a "
        f"factor {show(rate)}): {show(M.eq(M.deriv(x, lhs), M.deriv(x, rhs)))}, so {differentiated}",
        h,
        (Claim(h, lx - rx, (x,)), Claim(h, ly - ry, (y,))),
        lt + rt,
        shown=differentiated,
    )
    coefficient, rest = sympy.expand(ly - ry), sympy.expand(rx - lx)
    collected = show(M.eq(M.mul(coefficient, rate), rest))
    second = QuestionStep(
        "implicit-collect",
        f"collect the {show(rate)} terms on one side: {collected}",
        coefficient,
        (Claim(h, coefficient, (y,)), Claim(h, -rest, (x,))),
        shown=collected,
    )
    from tutor.checking.implicit import implicit_derivative

    solved = implicit_derivative(h, x, y)
    solution = show(M.eq(rate, M.div(rest, coefficient), solved))
    third = QuestionStep(
        "implicit-solve",
        f"solve for {show(rate)}: {solution}",
        solved,
        (Claim(sympy.Integer(0), sympy.simplify(solved - rest / coefficient)),),
        shown=solution,
    )
    return [first, second, third]


def _line(q: Any) -> list[QuestionStep]:
    """f(a), f'(a) from its derivation, then the point-slope form y − f(a) = m·(x − a)."""
    from tutor.checking.questions import equation_text

    if q.equation is not None:
        return _implicit_line(q)
    x, y = q.variables[0], q.dependent
    point = tuple((n, v) for n, v in q.at if n != y)
    a = point[0][1]
    value = _value_step(q.of, point)
    slope = _partial_step(q.of, [x], point, "the slope: ")
    m = slope.result
    steps = [value, slope]
    if q.kind == "normal-line":
        if m == 0:
            vertical = show(M.eq(M.var(x), a))
            steps.append(QuestionStep("normal-slope", f"the tangent is horizontal (slope 0), so the normal is the "
                                      f"vertical line {vertical}", sympy.zoo, shown=vertical))
        else:
            slope_at = M.apply("f'", a)
            m = sympy.simplify(-1 / m)
            perpendicular = show(M.eq(M.neg(M.div(1, slope_at)), m))
            steps.append(QuestionStep("normal-slope", f"the normal is perpendicular: its slope is {perpendicular}",
                                      m, (Claim(q.of, -1 / m, (x,), point),), shown=perpendicular))
    g = q.expected
    if m != sympy.zoo:
        form = M.tidy(M.eq(M.sub(M.var(y), _drawn(value.result)), M.mul(_drawn(m), M.sub(M.var(x), _drawn(a)))))
    else:
        form = M.eq(M.var(x), a)
    what = "normal" if q.kind == "normal-line" else "tangent"
    line = equation_text(g, q.coordinates, y, target=current_target())
    steps.append(QuestionStep("point-slope", f"point-slope form: {show(form)}, so the {what} line is {line}", g,
                              shown=line))
    return steps


def _with_slope(dx: Expr, dy: Expr, rate: M.Node) -> M.Node:
    """dx + dy·dy/dx as a tree, leaving out what is 0."""
    terms = []
    if dx != 0:
        terms.append((False, dx))
    if dy != 0:
        negative = dy.could_extract_minus_sign()
        terms.append((negative, M.mul(-dy if negative else dy, rate)))
    return M.total(terms)


def _paren(e: Expr) -> str:
    """``e`` printed, in parentheses when it is a sum or starts with a minus (to stand as a factor)."""
    text = show(e)
    return f"({text})" if e.is_Add or text.startswith(("-", "−")) else text


def _implicit_line(q: Any) -> list[QuestionStep]:
    from tutor.checking.implicit import implicit_derivative
    from tutor.checking.questions import equation_text

    x, y = q.variables[0], q.dependent
    slope_expr = implicit_derivative(q.of, x, y)
    slope = _subs(slope_expr, q.at)
    hy = _subs(sympy.diff(q.of, _sym(y)), q.at)
    # the AD engine's ∂H/∂x at the point must be −slope·∂H/∂y there
    rate = M.rate(y, x)
    steps = [QuestionStep("implicit-slope", f"{show(rate)} on the curve is {show(slope_expr)}; at {_at_text(q.at)} "
                          f"it is {show(slope)}", slope, (Claim(q.of, -slope * hy, (x,), tuple(q.at)),),
                          shown=show(slope))]
    steps[0:0] = _implicit(q)
    line = equation_text(q.expected, q.coordinates, y, target=current_target())
    steps.append(QuestionStep("point-slope", f"through {_point_text([v for _, v in q.at])}: the "
                              f"{q.kind.replace('-', ' ')} is {line}", q.expected, shown=line))
    return steps


def _linearization(q: Any) -> list[QuestionStep]:
    """f(a) and the partials at a, then L = f(a) + Σ f_v(a)·(v − a_v)."""
    value = _value_step(q.of, q.at)
    partials = [_partial_step(q.of, [v], q.at, "") for v in q.variables]
    result = q.expected
    formula = _drawn(value.result)
    for p, v in zip(partials, q.variables):
        formula = M.add(formula, M.mul(_drawn(p.result), M.sub(M.var(v), _drawn(dict(q.at)[v]))))
    formula = M.tidy(formula)
    shown = show(M.eq(M.apply("L", *(M.var(v) for v in q.variables)), formula, result))
    text = shown
    if q.kind == "tangent-plane":
        from tutor.checking.questions import equation_text

        shown = equation_text(q.expected, q.coordinates, q.dependent, target=current_target())
        text = f"the tangent plane: {show(M.eq(M.var(q.dependent), formula))}, i.e. {shown}"
    return [value, *partials, QuestionStep(q.kind, text, result, shown=shown)]


def _plane(q: Any) -> list[QuestionStep]:
    point = tuple((n, v) for n, v in q.at if n != q.dependent)
    shim = type("Q", (), {"of": q.of, "at": point, "variables": q.variables, "kind": "tangent-plane",
                          "expected": q.expected, "coordinates": q.coordinates, "dependent": q.dependent})
    return _linearization(shim)


def _gradient(q: Any) -> list[QuestionStep]:
    """One partial derivative per component, each its own derivation."""
    parts = [_partial_step(q.of, [v], q.at, f"component {i + 1}: ") for i, v in enumerate(q.variables)]
    vector = "[" + ", ".join(show(p.result) for p in parts) + "]"
    at = f" at {_at_text(q.at)}" if q.at else ""
    nabla = glyph("nabla") + "f"
    return [*parts, QuestionStep("gradient", f"the gradient{at}: {nabla} = {vector}", sympy.Integer(0))]


def _hessian(q: Any) -> list[QuestionStep]:
    """One second partial per entry (row i, column j: ∂²f/∂x_i∂x_j), each its own derivation."""
    parts, rows = [], []
    for i, a in enumerate(q.variables):
        row = []
        for j, b in enumerate(q.variables):
            part = _partial_step(q.of, [a, b], q.at, f"entry ({i + 1}, {j + 1}): ")
            parts.append(part)
            row.append(show(part.result))
        rows.append("[" + ", ".join(row) + "]")
    return [*parts, QuestionStep("hessian", f"the Hessian: [{', '.join(rows)}]", sympy.Integer(0))]


def _directional(q: Any) -> list[QuestionStep]:
    """The gradient, the unit vector u = v/|v|, and D_u f = ∇f·u."""
    from tutor.checking.questions import unit_vector

    steps = _gradient(q)
    u = unit_vector(q.direction)
    length = sympy.sqrt(sum(d**2 for d in q.direction))
    v, size = M.var("v"), M.call("abs", M.var("v"))
    steps.append(QuestionStep("unit-vector", f"the unit vector in the direction {_point_text(q.direction)}: "
                              f"{show(M.eq(size, length))}, {show(M.eq(M.var('u'), M.div(v, size)))} = "
                              f"{_point_text(u)}", length))
    grads = [s.result for s in steps[: len(q.variables)]]
    dot = M.total((False, M.mul(_drawn(g), _drawn(c))) for g, c in zip(grads, u))
    shown = show(M.eq(M.tidy(dot), q.expected))
    nabla = f"{glyph('nabla')}f{glyph('dot')}u"
    steps.append(QuestionStep("directional", f"D_u f = {nabla} = {shown}", q.expected, shown=shown))
    return steps


BUILDERS: dict[str, Callable[[Any], list[QuestionStep]]] = {
    "implicit": _implicit,
    "tangent-line": _line,
    "normal-line": _line,
    "linearization": _linearization,
    "tangent-plane": _plane,
    "gradient": _gradient,
    "hessian": _hessian,
    "directional": _directional,
}


def question_steps(question: Any, *, verify: bool = True, target: str = "unicode") -> list[QuestionStep]:
    """The verified steps of a question (``tutor.checking.questions.Question``), printed for ``target``."""
    with printing(target):
        steps = BUILDERS[question.kind](question)
    if verify:
        verify_claims(steps)
    return steps


def question_step_json(step: QuestionStep, target: str = "unicode") -> dict[str, Any]:
    return {
        "rule": step.rule,
        "expr": "",
        "wrt": "",
        "result": str(step.result),
        "text": step.text,
        "shown": step.shown,
        "substeps": [step_to_json(t, target=target) for t in step.derivations]
        + [question_step_json(s, target) for s in step.substeps],
    }


def question_steps_json(question: Any, target: str = "unicode") -> dict[str, Any]:
    """The steps as one JSON tree (the shape of ``step_to_json``): the question, then each step."""
    steps = question_steps(question, target=target)
    expected = question.expected_shown(target)
    return {
        "rule": question.kind,
        "expr": str(question.of),
        "wrt": ",".join(question.variables),
        "result": expected,
        "text": f"{question.heading_shown(target)}: {expected}",
        "shown": expected,
        "substeps": [question_step_json(s, target) for s in steps],
    }
