"""Named mistakes for the course's other questions: one row each, with the wrong answer it produces.

A row says which question kinds it belongs to and builds, from the question,
the wrong answers a student makes that way (in the kind's answer form: an
expression, the g of an equation g = 0, a vector, a matrix), each with a
message. ``diagnose_question`` compares the student's answer with every
candidate numerically (on the curve for implicit derivatives, as the same
line/plane for equations) and names the first row that fits; for a gradient
or Hessian entry that fits no row, the derivative diagnosis (``diagnose``)
names the slip inside that partial derivative, "as in partials".
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

import sympy

from tutor.autodiff.evaluator import evaluate, exact_value
from tutor.parsing import notation as M
from tutor.explain.wording import current_target, show
from tutor.parsing.printer import glyph, operator
from tutor.parsing.prose import say

PRIME = "f'"  # f'(a): the derivative at a point, as a named function applied to it

__all__ = ["QuestionMistake", "QUESTION_MISTAKES", "diagnose_question", "diagnose_question_json", "answers_agree"]

Expr = Any
Candidate = tuple[Any, Callable[[], str]]
TOLERANCE = 1e-7  # relative, as in the derivative diagnosis: candidates are double-precision values
POINTS = 5  # agreeing points for a match
TRIES = 60


@dataclass(frozen=True)
class QuestionMistake:
    """One catalogued mistake of a question kind, with an example (question options as in ``check``)."""

    id: str  # its row in the catalogue (tutor/explain/mistakes/questions.py) gives the title
    kinds: tuple[str, ...]
    example_of: str
    example_answer: str
    options: tuple[tuple[str, Any], ...]
    candidates: Callable[[Any], list[Candidate]]

    @property
    def title(self) -> str:
        """The catalogue's title, printed in the current target."""
        return _title(self.id)


def _sym(name: str) -> sympy.Symbol:
    from tutor.explain.steps import symbol

    return symbol(name)


def _subs(expr: Expr, point: Sequence[tuple[str, Expr]]) -> Expr:
    return exact_value(expr, dict(point), strict=False)  # the engine's reading: (-8)^(1/3) = -2, as the checker's


# -- implicit derivatives ------------------------------------------------------------------------------


def _implicit_parts(q: Any) -> tuple[Expr, Expr, list[Expr]]:
    x, y = _sym(q.variables[0]), _sym(q.dependent)
    h = sympy.expand(q.of)
    terms = list(sympy.Add.make_args(h))
    return sympy.diff(h, x), sympy.diff(h, y), terms


def _y_constant(q: Any) -> list[Candidate]:
    """A y-term differentiated as if y were a constant (its dy/dx part dropped), or without the factor dy/dx."""
    x, y = _sym(q.variables[0]), _sym(q.dependent)
    hx, hy, terms = _implicit_parts(q)
    out: list[Candidate] = []
    for t in terms:
        tx, ty = sympy.diff(t, x), sympy.diff(t, y)
        if ty == 0 or hy - ty == 0:
            continue
        rate = M.rate(str(y), str(x))
        if tx != 0:  # a mixed term (x·y): y held constant keeps only the x-part
            out.append((-hx / (hy - ty), lambda t=t, tx=tx, ty=ty, rate=rate: (  # type: ignore[misc]  # a lambda with default arguments (mypy#4226)
                f"you differentiated {show(t)} as if {y} were a constant ({show(tx)}); {y} depends on {x}: "
                + show(M.eq(M.deriv(str(x), t), M.add(tx, M.mul(ty, rate)))))))
        out.append((-(hx + ty) / (hy - ty), lambda t=t, ty=ty, rate=rate: (  # type: ignore[misc]  # a lambda with default arguments (mypy#4226)
            f"in {show(M.eq(M.deriv(str(x), t), M.add(M.mul(ty, rate), M.words('…'))))} the factor {show(rate)} "
            f"is missing: {y} is a function of {x}")))
    return out


def _implicit_sign(q: Any) -> list[Candidate]:
    """The sign of one term lost moving it to the other side (or of the whole quotient)."""
    x, y = _sym(q.variables[0]), _sym(q.dependent)
    hx, hy, terms = _implicit_parts(q)
    out: list[Candidate] = [(hx / hy, lambda: say("the minus sign of `dy/dx = -(∂F/∂x)/(∂F/∂y)` is lost"))]
    for t in terms:
        tx, ty = sympy.diff(t, x), sympy.diff(t, y)
        if tx != 0 and hx - 2 * tx != 0:
            out.append((-(hx - 2 * tx) / hy, lambda t=t: f"the sign of {show(sympy.diff(t, x))} changed when it "  # type: ignore[misc]  # a lambda with default arguments (mypy#4226)
                        "moved to the other side, or did not change when it should"))
        if ty != 0 and hy - 2 * ty != 0:
            out.append((-hx / (hy - 2 * ty), lambda t=t: f"the sign of the dy/dx term of {show(t)} slipped when "  # type: ignore[misc]  # a lambda with default arguments (mypy#4226)
                        "the dy/dx terms were collected"))
    return out


def _implicit_unsolved(q: Any) -> list[Candidate]:
    hx, hy, _ = _implicit_parts(q)
    return [
        (-hx, lambda: "you stopped before dividing by the coefficient of dy/dx: solve for dy/dx"),
        (hx + hy, lambda: "you differentiated the equation but did not solve for dy/dx"),
        (-hy / hx, lambda: "you solved for dx/dy, the reciprocal; the question asks for dy/dx"),
    ]


# -- lines, linearizations, planes -----------------------------------------------------------------------


def _line_parts(q: Any) -> tuple[Expr, Expr, Expr, Expr, Expr]:
    """x, y, a, f(a), f'(a) and f'(x) of a line question about y = f(x)."""
    x, y = _sym(q.variables[0]), _sym(q.dependent)
    a = q.point[q.variables[0]]
    fa = sympy.simplify(_subs(q.of, q.at))
    d = sympy.diff(q.of, x)
    return x, y, a, fa, d


def _slope_not_evaluated(q: Any) -> list[Candidate]:
    if q.equation is not None or q.kind not in ("tangent-line", "linearization"):
        return []
    x, y, a, fa, d = _line_parts(q)
    line = fa + d * (x - a)
    value = line if q.kind == "linearization" else y - line
    return [(value, lambda: f"the slope is {show(M.eq(M.apply(PRIME, a), exact_value(d, {x: a}, strict=False)))}, a number: "
             f"you left it as {show(M.eq(M.apply(PRIME, x), d))}")]


def _slope_point_swapped(q: Any) -> list[Candidate]:
    if q.equation is not None or q.kind not in ("tangent-line", "linearization"):
        return []
    x, y, a, fa, d = _line_parts(q)
    m = exact_value(d, {x: a}, strict=False)
    out: list[Candidate] = []

    def pair(first: Expr, second: Expr) -> str:
        return f"({show(first)}, {show(second)})"

    for wrong, why in (
        (m + fa * (x - a), f"you used {show(M.eq(M.apply('f', M.var('a')), fa))} as the slope and "
                           f"{show(M.eq(M.apply(PRIME, M.var('a')), m))} as the height"),
        (fa + m * (x - fa), f"you swapped the point's coordinates: (a, f(a)) = {pair(a, fa)}"),
        (a + m * (x - a), f"the line passes through (a, f(a)) = {pair(a, fa)}, not {pair(a, a)}"),
        (a + m * (x - fa), f"you swapped the point's coordinates: it is (a, f(a)) = {pair(a, fa)}, "
                           f"not {pair(fa, a)}"),
    ):
        if sympy.expand(wrong - (fa + m * (x - a))) != 0:
            out.append((wrong if q.kind == "linearization" else y - wrong, lambda why=why: why))  # type: ignore[misc]  # a lambda with default arguments (mypy#4226)
    return out


def _normal_slope(q: Any) -> list[Candidate]:
    if q.kind != "normal-line" or q.equation is not None:
        return []
    x, y, a, fa, d = _line_parts(q)
    m = exact_value(d, {x: a}, strict=False)
    out: list[Candidate] = []
    for slope, why in ((m, say("you used the tangent's slope `f'(a)`; the normal's is `-1/f'(a)`")),
                       (1 / m if m != 0 else None, say("the normal's slope is `-1/f'(a)`: the minus sign is missing")),
                       (-m, say("the normal's slope is `-1/f'(a)`, the negative reciprocal, not `-f'(a)`"))):
        if slope is not None:
            out.append((y - fa - slope * (x - a), lambda why=why: why))  # type: ignore[misc]  # a lambda with default arguments (mypy#4226)
    return out


def _constant_missing(q: Any) -> list[Candidate]:
    if q.kind == "linearization":
        return [(sympy.expand(q.expected - sympy.simplify(_subs(q.of, q.at))),
                 lambda: say("`L(x) = f(a) + f'(a) (x - a)`: the constant term `f(a)` is missing"))]
    if q.kind == "tangent-plane":
        z = _sym(q.dependent)
        point = [(n, v) for n, v in q.at if n != q.dependent]
        value = sympy.simplify(_subs(q.of, point))
        grads = [sympy.simplify(_subs(sympy.diff(q.of, _sym(v)), point)) for v in q.variables]
        shifted = sum(g * (_sym(v) - dict(point)[v]) for g, v in zip(grads, q.variables))
        plain = sum(g * _sym(v) for g, v in zip(grads, q.variables))
        return [
            (z - shifted, lambda: f"the constant term is wrong: the plane passes through "
                                  f"{show(M.eq(M.apply('f', M.var('a'), M.var('b')), value))}"),
            (z - value - plain, lambda: say("the constant term is wrong: write `∂f/∂x (x - a) + ∂f/∂y (y - b)`, "
                                            "not `∂f/∂x x + ∂f/∂y y`")),
            (z + value - shifted, lambda: say("the constant term is wrong: `z - f(a, b)` is the rest, so ") +
                                          f"{show(M.eq(M.apply('f', M.var('a'), M.var('b')), value))} is added"),
            (z - plain, lambda: say("the constant term is missing: `z = f(a, b) + ∂f/∂x (x - a) + ∂f/∂y (y - b)`")),
        ]
    return []


def _plane_not_evaluated(q: Any) -> list[Candidate]:
    if q.kind != "tangent-plane":
        return []
    z = _sym(q.dependent)
    point = [(n, v) for n, v in q.at if n != q.dependent]
    value = sympy.simplify(_subs(q.of, point))
    partials = [sympy.diff(q.of, _sym(v)) for v in q.variables]
    g = z - value - sum(p * (_sym(v) - dict(point)[v]) for p, v in zip(partials, q.variables))
    return [(g, lambda: "the partial derivatives must be evaluated at the point (a, b): in the plane they are numbers")]


# -- gradients, Hessians, directions ------------------------------------------------------------------


def _components_swapped(q: Any) -> list[Candidate]:
    if q.kind != "gradient" or len(q.variables) < 2:
        return []
    expected = tuple(q.expected)
    return [(tuple(reversed(expected)), lambda: (
        f"the components are in the wrong order: {glyph('nabla')}f = "
        f"({', '.join(operator(v, True, current_target(), of='f') for v in q.variables)})"))]


def _gradient_instead(q: Any) -> list[Candidate]:
    if q.kind != "hessian":
        return []
    from tutor.checking.questions import gradient_at

    return [(tuple(gradient_at(q.of, q.variables, q.point or None)), lambda: (
        "you gave the gradient (first partial derivatives); the Hessian is the matrix of second partials"))]


def _not_normalised(q: Any) -> list[Candidate]:
    if q.kind != "directional":
        return []
    from tutor.checking.questions import gradient_at

    grad = gradient_at(q.of, q.variables, q.point or None)
    length = sympy.sqrt(sum(d**2 for d in q.direction))
    if length == 1:
        return []
    return [(sympy.simplify(sum(g * d for g, d in zip(grad, q.direction))), lambda: (
        f"the direction must be a unit vector: divide by its length {show(M.eq(M.call('abs', M.var('v')), length))} "
        "(the directional derivative is the gradient dotted with the unit vector " + say("`v/|v|`") + ")"))]


# fmt: off
QUESTION_MISTAKES: tuple[QuestionMistake, ...] = (
    QuestionMistake("implicit.y-treated-as-constant",
                    ("implicit",), "x^3 + y^3 = 6x y", "(6y - 3x^2)/(3y^2)", (), _y_constant),
    QuestionMistake("implicit.sign-slip",
                    ("implicit",), "x^2 + y^2 = 25", "x/y", (), _implicit_sign),
    QuestionMistake("implicit.not-solved",
                    ("implicit",), "x^2 + y^2 = 25", "-2x", (), _implicit_unsolved),
    QuestionMistake("tangent.slope-not-evaluated",
                    ("tangent-line", "linearization"), "x^2", "y - 1 = 2x(x - 1)", (("tangent_at", "x=1"),), _slope_not_evaluated),
    QuestionMistake("linearization.constant-missing",
                    ("linearization", "tangent-plane"), "x^2", "2(x - 1)", (("linearize_at", "x=1"),), _constant_missing),
    QuestionMistake("tangent.slope-point-swapped",
                    ("tangent-line", "linearization"), "x^3", "y = 3 + (x - 1)", (("tangent_at", "x=1"),), _slope_point_swapped),
    QuestionMistake("normal.slope-not-negative-reciprocal",
                    ("normal-line",), "x^2", "y - 1 = 2(x - 1)", (("normal_at", "x=1"),), _normal_slope),
    QuestionMistake("plane.partials-not-evaluated",
                    ("tangent-plane",), "x^2 + y^2", "z = 5 + 2x(x - 1) + 2y(y - 2)", (("tangent_plane_at", "x=1,y=2"),), _plane_not_evaluated),
    QuestionMistake("gradient.components-swapped",
                    ("gradient",), "x^2 y", "[x^2, 2x y]", (("gradient", True),), _components_swapped),
    QuestionMistake("hessian.gradient-instead",
                    ("hessian",), "x^2 + y^2", "[2x, 2y]", (("hessian", True),), _gradient_instead),
    QuestionMistake("directional.not-normalised",
                    ("directional",), "x^2 + y^2", "22", (("direction", "(3, 4)"), ("at", "x=1,y=2")), _not_normalised),
)
# fmt: on

# Ids named for a gradient or Hessian entry when no row above fits (the slip is inside a partial derivative).
MIXED_PARTIAL_ID = "hessian.mixed-partial-wrong"


@dataclass(frozen=True)
class QuestionMatch:
    id: str
    title: str
    message: str
    location: Optional[str] = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "message": self.message, "location": self.location,
                "also": [], "alternatives": []}


# -- comparing a candidate with the answer ----------------------------------------------------------


def _points(q: Any, exprs: Sequence[Expr], seed: int) -> list[dict[str, float]]:
    """Points where every expression is defined: of the curve for an implicit question, else random."""
    names = sorted({s.name for e in exprs for s in e.free_symbols} | set(q.coordinates))
    if q.kind == "implicit":
        from tutor.checking.curves import Curve, curve_points

        curve = Curve(q.of, q.variables[0], q.dependent)
        raw = curve_points(curve, lambda p: True, POINTS + 3, random.Random(seed), time.monotonic() + 0.3)
    else:
        rng = random.Random(seed)
        raw = [{n: rng.uniform(-3, 3) if i % 2 else rng.uniform(0.2, 3) for n in names} for i in range(TRIES)]
    out = []
    for point in raw:
        point = {n: point.get(n, 0.7) for n in names}
        try:
            values = [evaluate(e, point) for e in exprs]
        except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError, TypeError):
            continue
        if all(math.isfinite(v) and abs(v) < 1e8 for v in values):
            out.append(point)
            if len(out) >= POINTS:
                break
    return out


def _same_values(a: Sequence[float], b: Sequence[float]) -> bool:
    return all(abs(x - y) <= TOLERANCE * max(1.0, abs(y)) for x, y in zip(a, b))


def _fits(q: Any, candidate: Any, answer: Any, shape: str, seed: int = 0) -> bool:
    if shape in ("vector", "matrix"):
        flat_c, flat_a = _flatten(candidate), _flatten(answer)
        if len(flat_c) != len(flat_a):
            return False
        return all(_fits(q, c, a, "expression", seed) for c, a in zip(flat_c, flat_a))
    points = _points(q, [candidate, answer], seed)
    if len(points) < 3:
        return False
    try:
        c = [evaluate(candidate, p) for p in points]
        a = [evaluate(answer, p) for p in points]
    except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError, TypeError):
        return False
    if shape == "equation":  # the same line: a constant nonzero ratio
        ratios = [x / y for x, y in zip(a, c) if abs(y) > 1e-9]
        return len(ratios) >= 3 and abs(ratios[0]) > 1e-12 and _same_values(ratios, [ratios[0]] * len(ratios))
    return _same_values(a, c)


def answers_agree(q: Any, a: Any, b: Any, shape: str, *, seed: int = 0) -> bool:
    """Two answers to ``q`` say the same (on the curve for dy/dx; the same line or plane for equations)."""
    return _fits(q, b, a, shape, seed)


def _flatten(value: Any) -> list[Expr]:
    if isinstance(value, tuple):
        return [e for v in value for e in _flatten(v)]
    return [value]


def _entry_diagnosis(q: Any, answer: Any, budget_s: float) -> Optional[QuestionMatch]:
    """The first wrong gradient/Hessian entry, its slip named by the derivative diagnosis."""
    from tutor.explain.diagnosis import diagnose

    if q.at:
        return None
    n = len(q.variables)
    cells = [((i,), (q.variables[i],)) for i in range(n)] if q.kind == "gradient" else \
        [((i, j), (q.variables[i], q.variables[j])) for i in range(n) for j in range(n)]
    flat = _flatten(answer)
    if len(flat) != len(cells):
        return None
    expected = _flatten(q.expected)
    for (index, order), value, right in zip(cells, flat, expected):
        if _fits(q, right, value, "expression"):
            continue
        found = diagnose(q.of, value, list(order), budget_s=budget_s)
        where = "component " + str(index[0] + 1) if len(index) == 1 else f"entry ({index[0] + 1}, {index[1] + 1})"
        label = operator(order, True, current_target(), of="f")  # ∂f/∂x, ∂²f/∂y∂x
        mixed = len(order) == 2 and order[0] != order[1]
        if found is not None:
            best = found.best
            mistake_id = MIXED_PARTIAL_ID if mixed else best.id
            title = _title(MIXED_PARTIAL_ID) if mixed else best.title
            return QuestionMatch(mistake_id, title, f"in {where} ({label}): {best.message}", label)
        if mixed:
            return QuestionMatch(MIXED_PARTIAL_ID, _title(MIXED_PARTIAL_ID), f"{where} ({label}) is wrong", label)
        return None
    return None


def _title(mistake_id: str) -> str:
    from tutor.explain.mistakes import CATALOGUE

    return CATALOGUE[mistake_id].title


def diagnose_question(q: Any, answer: Any, *, budget_s: float = 0.4, seed: int = 0) -> Optional[QuestionMatch]:
    """The catalogued mistake that produces ``answer`` (a ``QuestionAnswer``) for question ``q`` (None: none fits)."""
    deadline = time.monotonic() + budget_s
    value, shape = answer.value, answer.shape
    for row in QUESTION_MISTAKES:
        if q.kind not in row.kinds:
            continue
        for candidate, message in row.candidates(q):
            if time.monotonic() > deadline:
                return None
            candidate_shape = "vector" if isinstance(candidate, tuple) and not isinstance(candidate[0], tuple) \
                else ("matrix" if isinstance(candidate, tuple) else shape)
            if candidate_shape != shape and shape in ("vector", "matrix"):
                continue
            if _fits(q, candidate, value, shape, seed):
                return QuestionMatch(row.id, row.title, message())
    if q.kind in ("gradient", "hessian") and shape in ("vector", "matrix"):
        return _entry_diagnosis(q, value, max(0.1, deadline - time.monotonic()))
    return None


def diagnose_question_json(q: Any, answer: Any, *, budget_s: float = 0.4) -> Optional[dict[str, Any]]:
    found = diagnose_question(q, answer, budget_s=budget_s)
    return None if found is None else found.to_json()
