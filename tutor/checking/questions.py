"""The course's other derivative questions, each checked in any equivalent form the student writes.

One row per kind in ``KINDS`` (what the answer is, how it is read, how it is
compared); a ``Question`` holds F, its variables, the point and the
direction, and computes the expected answer itself (SymPy), which the
comparison checks against the AD engine's values:

| kind | answer | compared by |
|---|---|---|
| ``implicit`` | dy/dx in x and y | ``implicit.check_implicit``: at ≥ 8 points of the curve |
| ``tangent-line`` / ``normal-line`` | a line equation (or y's expression) | ``lines.check_equation`` |
| ``tangent-plane`` | a plane equation (or z's expression) | ``lines.check_equation`` |
| ``linearization`` | L(x) = … or an expression | ``equivalent`` |
| ``gradient`` | ``[…]``, ``(…)``, ``⟨…⟩`` | one ``check_derivative`` per component |
| ``hessian`` | ``[[…], […]]`` | one ``check_derivative`` per entry |
| ``directional`` | a number (at a point) or an expression | gradient · unit vector, ``equivalent`` |

The tangent line (or plane) of the curve H = 0 at p is ∇H(p)·(X − p) = 0, with
H = y − f(x) for a graph y = f(x) and H = z − f(x, y) for a surface; the
normal line is the perpendicular through p. The directional derivative uses
the *unit* vector in the given direction (stated in the prompt and docs/checking.md).
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from tutor.checking.request import CheckInputError
from tutor.checking.verdict import NumericEvidence, Verdict, shown_value
from tutor.parsing.printer import glyph, operator

__all__ = ["Question", "QuestionAnswer", "KINDS", "check_question", "unit_vector", "gradient_at"]

Expr = Any


@dataclass(frozen=True)
class QuestionAnswer:
    """An answer read in its kind's form: ``value`` to compare, ``text`` as read, notes on the reading."""

    value: Any  # Expr, the difference g of an equation g = 0, a tuple (vector), a tuple of tuples (matrix)
    text: str
    notes: tuple[str, ...] = ()
    shape: str = "expression"  # "expression" | "equation" | "vector" | "matrix"
    equation: Any = None  # (lhs, rhs) as read, for an equation
    domain: tuple[Any, ...] = ()  # what the components restrict as typed (parsing.Typed.domain), before folding

    @property
    def shown(self) -> str:
        """The answer as read, printed by the one printer (y − 1 = 2x − 2, [2x y, x²])."""
        if self.equation is not None:
            from tutor.parsing import notation as M

            return _shown(M.eq(*self.equation))
        return _bracket_text(self.value) if self.shape in ("vector", "matrix") else _shown(self.value)


@dataclass(frozen=True)
class Question:
    """One question: its kind, F (for an implicit curve H = lhs − rhs), variables, point, direction."""

    kind: str
    of: Expr
    of_text: str
    variables: tuple[str, ...]  # F's variables, in the order of the components
    dependent: str = ""  # y of a curve or line, z of a plane
    at: tuple[tuple[str, Expr], ...] = ()
    direction: tuple[Expr, ...] = ()
    equation: tuple[Expr, Expr] | None = None  # (lhs, rhs) of an implicit curve
    domain: tuple[Any, ...] = ()  # F's typed domain (parsing.Typed.domain): e^(ln x) lives on x > 0
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def point(self) -> dict[str, Expr]:
        return dict(self.at)

    @property
    def row(self) -> "Kind":
        return KINDS[self.kind]

    @property
    def coordinates(self) -> tuple[str, ...]:
        """The coordinates a line or plane equation is written in."""
        return (*self.variables, self.dependent) if self.dependent else self.variables

    @property
    def curve(self) -> Expr:
        """H with H = 0 the graph or curve (y − f(x), z − f(x, y), or the implicit lhs − rhs)."""
        from tutor.parsing import variable

        return self.of if self.equation is not None else variable(self.dependent) - self.of

    @property
    def expected(self) -> Any:
        if "expected" not in self._cache:
            self._cache["expected"] = self.row.expected(self)
        return self._cache["expected"]

    @property
    def point_text(self) -> str:
        return self.point_shown()

    def point_shown(self, target: str = "") -> str:
        """x = 1, y = 2 (the dependent coordinate left out), printed by the one printer."""
        from tutor.parsing import notation as M
        from tutor.parsing.printer import show

        return ", ".join(show(M.eq(M.var(name), value), target) for name, value in self.at if name != self.dependent)

    @property
    def heading(self) -> str:
        return self.heading_shown()

    def heading_shown(self, target: str = "") -> str:
        """What is asked, its math printed for ``target``: "tangent line to y = x² eˣ at x = 1"."""
        from tutor.parsing import notation as M
        from tutor.parsing.printer import operator, show

        template = self.row.heading
        of = show(self.of, target)
        if self.equation is not None:
            template = template.replace("{y} = {of}", "the curve {of}")
            of = show(M.eq(*self.equation), target)
        if self.kind == "implicit":
            template = template.replace("dy/dx", operator(self.variables[0], target=target, of=self.dependent or "y"))
        return template.format(of=of, at=self.point_shown(target), y=self.dependent or "y",
                               x=", ".join(self.variables), direction=_vector_text(self.direction, target))

    @property
    def expected_text(self) -> str:
        return self.expected_shown()

    def expected_shown(self, target: str = "") -> str:
        """The expected answer as printed for ``target`` (the current target, unicode unless inside ``printing``; it reads back with the parser)."""
        return self.row.shown(self, self.expected, target)


@dataclass(frozen=True)
class Kind:
    """One question type: how its expected answer is found, shown, and compared with an answer."""

    name: str
    shape: str  # the answer's form: expression, equation, vector, matrix
    heading: str  # with {of}, {at}, {x}, {y}, {direction}
    expected: Callable[[Question], Any]
    compare: Callable[[Question, QuestionAnswer, int, float], Verdict]
    shown: Callable[[Question, Any, str], str]  # (question, value, printer target)


# -- expected answers --------------------------------------------------------------------------------


def _sym(name: str) -> Expr:
    from tutor.parsing import variable

    return variable(name)


def _at(question: Question, expr: Expr) -> Expr:
    from tutor.autodiff.evaluator import exact_value

    return exact_value(expr, dict(question.at), strict=False) if question.at else expr


def gradient_at(h: Expr, names: Sequence[str], point: Mapping[str, Expr] | None) -> list[Expr]:
    """[∂h/∂v for v in names], evaluated at ``point`` when one is given."""
    import sympy

    from tutor.autodiff.evaluator import exact_value

    grad = [sympy.diff(h, _sym(v)) for v in names]
    if point:  # the engine's reading of powers, as everywhere: (-8)^(1/3) = -2
        grad = [exact_value(g, point, strict=False) for g in grad]
    return grad


def unit_vector(direction: Sequence[Expr]) -> list[Expr]:
    import sympy

    length = sympy.sqrt(sum(d**2 for d in direction))
    return [sympy.radsimp(d / length) for d in direction]


def _tangent(question: Question) -> Expr:
    """∇H(p)·(X − p) for the tangent line or plane; the perpendicular for the normal line."""
    import sympy

    coords = question.coordinates
    point = question.point
    grad = gradient_at(question.curve, coords, point)
    if question.kind == "normal-line":
        (a, b), (ga, gb) = coords, grad
        return sympy.expand(gb * (_sym(a) - point[a]) - ga * (_sym(b) - point[b]))
    return sympy.expand(sum(g * (_sym(c) - point[c]) for g, c in zip(grad, coords)))


def _linearization(question: Question) -> Expr:
    import sympy

    from tutor.autodiff.evaluator import exact_value

    point = question.point
    value = exact_value(question.of, point, strict=False)
    grad = gradient_at(question.of, question.variables, point)
    return sympy.expand(value + sum(g * (_sym(v) - point[v]) for g, v in zip(grad, question.variables)))


def _gradient(question: Question) -> tuple[Expr, ...]:
    return tuple(gradient_at(question.of, question.variables, question.point))


def _hessian(question: Question) -> tuple[tuple[Expr, ...], ...]:
    import sympy

    rows = []
    for a in question.variables:
        rows.append(tuple(_at(question, sympy.diff(question.of, _sym(a), _sym(b))) for b in question.variables))
    return tuple(rows)


def _directional(question: Question) -> Expr:
    import sympy

    grad = gradient_at(question.of, question.variables, question.point)
    return sympy.simplify(sum(g * u for g, u in zip(grad, unit_vector(question.direction))))


def _implicit(question: Question) -> Expr:
    from tutor.checking.implicit import implicit_derivative

    return implicit_derivative(question.of, question.variables[0], question.dependent)


# -- showing ------------------------------------------------------------------------------------------


def _shown(value: Expr, target: str = "") -> str:
    from tutor.parsing.printer import show

    return show(value, target)


def _vector_text(values: Sequence[Expr], target: str = "") -> str:
    return "(" + ", ".join(_shown(v, target) for v in values) + ")"


def _bracket_text(value: Any, target: str = "") -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_bracket_text(v, target) for v in value) + "]"
    return _shown(value, target)


def equation_text(g: Expr, coords: Sequence[str], dependent: str, target: str = "") -> str:
    """g = 0 written as ``y = 2x − 1`` (solved for the dependent variable when it can be), else ``x = 1``."""
    from tutor.checking.lines import solved_for
    from tutor.parsing import notation as M

    for name in (dependent, *coords):
        solved = solved_for(g, name) if name else None
        if solved is not None:
            return _shown(M.eq(M.var(name), solved), target)
    return _shown(M.eq(g, 0), target)


def _show_equation(question: Question, g: Expr, target: str = "") -> str:
    return equation_text(g, question.coordinates, question.dependent, target)


def _show_expression(question: Question, e: Expr, target: str = "") -> str:
    return _shown(e, target)


def _show_brackets(question: Question, value: Any, target: str = "") -> str:
    return _bracket_text(value, target)


# -- comparing -----------------------------------------------------------------------------------------


def _verdict(status: str, symbolic: str, reason: str, answer: Any, expected: Any, start: float,
             numeric: NumericEvidence | None = None, notes: tuple[str, ...] = ()) -> Verdict:
    return Verdict(status, symbolic, numeric or NumericEvidence(), reason, notes, answer, expected,
                   time.monotonic() - start)


def _compare_implicit(question: Question, answer: QuestionAnswer, seed: int, budget_s: float) -> Verdict:
    from tutor.checking.implicit import check_implicit

    return check_implicit(answer.value, question.of, question.variables[0], question.dependent,
                          seed=seed, budget_s=budget_s)


def _line_description(question: Question, what: str) -> Callable[[Expr], str]:
    """Words for a wrong line: its slope and its value at the point, against the expected ones."""
    from tutor.checking.lines import solved_for


    def describe(g: Expr) -> str:
        import sympy

        expected = question.expected
        dep = question.dependent
        mine, right = solved_for(g, dep), solved_for(expected, dep)
        shown = equation_text(g, question.coordinates, dep)
        if mine is None or right is None:
            return f"Your {what.split()[-1]} {shown} is not the {what} {equation_text(expected, question.coordinates, dep)}."
        point = question.point
        for v in question.variables:
            slope, right_slope = sympy.diff(mine, _sym(v)), sympy.diff(right, _sym(v))
            if sympy.simplify(slope - right_slope) != 0:
                from tutor.parsing.printer import operator

                by = f"{operator(v, True, of=dep)} =" if len(question.variables) > 1 else "slope"
                return (f"Your {what.split()[-1]} {shown} has {by} {_shown(slope)}, but the {what} has "
                        f"{by} {_shown(right_slope)}.")
        subs = {_sym(v): point[v] for v in question.variables}
        value, right_value = sympy.simplify(mine.xreplace(subs)), sympy.simplify(right.xreplace(subs))
        at = ", ".join(_shown(point[v]) for v in question.variables)
        where = ", ".join(f"{v} = {_shown(point[v])}" for v in question.variables)  # "at x = 1", never "at (1)"
        slopes = "slope" if len(question.variables) == 1 else "slopes"
        return (f"Your {what.split()[-1]} {shown} has the right {slopes} but at {where} it gives {dep} = "
                f"{_shown(value)}; the {what} passes through ({at}, {_shown(right_value)}).")

    return describe


def _compare_equation(question: Question, answer: QuestionAnswer, seed: int, budget_s: float) -> Verdict:
    from tutor.checking.lines import check_equation

    what = question.kind.replace("-", " ")
    describe = _line_description(question, what)
    return check_equation(answer.value, question.expected, question.coordinates, what=what,
                          describe=describe, seed=seed)


def _compare_expression(question: Question, answer: QuestionAnswer, seed: int, budget_s: float) -> Verdict:
    from tutor.checking.equivalence import equivalent

    start = time.monotonic()
    expected = question.expected
    if not expected.free_symbols and answer.value.free_symbols:
        names = ", ".join(sorted(str(s) for s in answer.value.free_symbols))
        return _verdict("incorrect", "different",
                        f"The answer is a number: evaluate at {question.point_text} (your answer still has {names}).",
                        answer.value, expected, start)
    if not expected.free_symbols:
        return _compare_numbers(answer.value, expected, start, what=question.row.heading.split(" of ")[0])
    domain = question.of if question.kind == "directional" else None
    verdict = equivalent(answer.value, expected, list(question.variables), domain_of=domain, seed=seed,
                         budget_s=budget_s)
    what = "linearization" if question.kind == "linearization" else "directional derivative"
    return dataclasses.replace(verdict, reason=verdict.reason.replace("the derivative", f"the {what}"))


def _compare_numbers(answer: Expr, expected: Expr, start: float, *, what: str) -> Verdict:
    from tutor.checking.symbolic import cheap_forms

    outcome = cheap_forms(answer - expected, [])
    a, e = float(answer.evalf(20)), float(expected.evalf(20))
    exact = _shown(expected)
    shown = exact if exact == shown_value(e) else f"{exact} {glyph('approximately')} {shown_value(e, a)}"
    if outcome.result == "equal":
        return _verdict("correct", "equal", f"Correct: {outcome.how}.", answer, expected, start)
    reason = f"Your answer is {shown_value(a, e)}, but the {what} is {shown}."
    return _verdict("incorrect", outcome.result if outcome.result != "unknown" else "different", reason,
                    answer, expected, start)


def _component_label(question: Question, index: tuple[int, ...]) -> str:
    names = [question.variables[i] for i in index]
    if len(names) == 1:
        return f"component {index[0] + 1} ({operator(names, True, of='f')})"
    return f"entry ({index[0] + 1}, {index[1] + 1}) ({operator(names, True, of='f')})"


def _compare_components(question: Question, answer: QuestionAnswer, seed: int, budget_s: float) -> Verdict:
    import sympy

    from tutor.checking.equivalence import check_derivative

    start = time.monotonic()
    expected = question.expected
    n = len(question.variables)
    shown_expected = sympy.ImmutableMatrix([list(r) if isinstance(r, tuple) else [r] for r in expected])
    if question.kind == "hessian" and answer.shape == "vector":
        reason = (f"You gave a vector of {len(answer.value)} entries; the Hessian is the {n}{glyph('times')}{n} matrix of "
                  "second partial derivatives (a vector of first partials is the gradient).")
        return _verdict("incorrect", "different", reason, None, shown_expected, start)
    if question.kind == "hessian":
        if len(answer.value) != n or any(len(r) != n for r in answer.value):
            size = f"{len(answer.value)}{glyph('times')}{len(answer.value[0]) if answer.value else 0}"
            return _verdict("incorrect", "different",
                            f"Your matrix is {size}; f has {n} variables ({', '.join(question.variables)}), "
                            f"so its Hessian is {n}{glyph('times')}{n}.", None, shown_expected, start)
        cells: list[tuple[tuple[int, ...], Any, tuple[str, ...]]] = [
            ((i, j), answer.value[i][j], (question.variables[i], question.variables[j]))
            for i in range(n) for j in range(n)]
    else:
        if len(answer.value) != n:
            return _verdict("incorrect", "different",
                            f"f has {n} variables ({', '.join(question.variables)}), so the gradient has {n} "
                            f"components; yours has {len(answer.value)}.", None, shown_expected, start)
        cells = [((i,), answer.value[i], (question.variables[i],)) for i in range(n)]
    given = sympy.ImmutableMatrix([list(r) for r in answer.value]) if question.kind == "hessian" \
        else sympy.ImmutableMatrix([[v] for v in answer.value])
    per = max(0.2, budget_s / len(cells))
    verdicts = []
    for index, value, order in cells:
        if question.at:
            right = expected[index[0]][index[1]] if len(index) == 2 else expected[index[0]]
            if value.free_symbols:
                names = ", ".join(sorted(str(s) for s in value.free_symbols))
                verdict = _verdict("incorrect", "different",
                                   f"evaluate at {question.point_text} (your entry still has {names})", value, right, start)
            else:
                verdict = _compare_numbers(value, right, start, what="value")
        else:
            verdict = check_derivative(value, question.of, list(order), seed=seed, budget_s=per,
                                       answer_domain=answer.domain, of_domain=question.domain)
        verdicts.append((index, verdict))
        if verdict.status == "incorrect":
            reason = f"Incorrect {_component_label(question, index)}: {verdict.reason}"
            return _verdict("incorrect", verdict.symbolic, reason, given, shown_expected, start, verdict.numeric)
    if any(v.status == "undecided" for _, v in verdicts):
        first = next(v for _, v in verdicts if v.status == "undecided")
        return _verdict("undecided", "unknown", first.reason, given, shown_expected, start, first.numeric)
    points = sum(v.numeric.points for _, v in verdicts)
    what = "entry" if question.kind == "hessian" else "component"
    return _verdict("correct", "equal" if all(v.symbolic == "equal" for _, v in verdicts) else "unknown",
                    f"Correct: every {what} is right ({len(verdicts)} checked).", given, shown_expected, start,
                    NumericEvidence(points=points, agree=True))


# fmt: off
KINDS: Mapping[str, Kind] = {k.name: k for k in (
    Kind("implicit", "expression", "dy/dx on the curve {of}", _implicit, _compare_implicit, _show_expression),
    Kind("tangent-line", "equation", "tangent line to {y} = {of} at {at}", _tangent, _compare_equation, _show_equation),
    Kind("normal-line", "equation", "normal line to {y} = {of} at {at}", _tangent, _compare_equation, _show_equation),
    Kind("tangent-plane", "equation", "tangent plane to {y} = {of} at {at}", _tangent, _compare_equation, _show_equation),
    Kind("linearization", "expression", "linearization of {of} at {at}", _linearization, _compare_expression,
         _show_expression),
    Kind("gradient", "vector", "gradient of {of}", _gradient, _compare_components, _show_brackets),
    Kind("hessian", "matrix", "Hessian of {of}", _hessian, _compare_components, _show_brackets),
    Kind("directional", "expression", "directional derivative of {of} in the direction {direction}",
         _directional, _compare_expression, _show_expression),
)}
# fmt: on


def check_question(question: Question, answer: QuestionAnswer, *, seed: int = 0, budget_s: float = 2.5) -> Verdict:
    """The verdict on ``answer`` (read in the kind's form) for ``question``."""
    if question.kind not in KINDS:
        raise CheckInputError(f"unknown question kind {question.kind!r}")
    return question.row.compare(question, answer, seed, budget_s)
