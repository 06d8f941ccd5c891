"""What the kinds of the course's other questions share: one builder and one set of hooks.

Implicit derivatives, tangent and normal lines, linear approximations, tangent planes,
gradients, Hessians and directional derivatives (one module each in this package) ask the
same ``Question`` that ``calctutor check`` asks (``tutor.checking.question_request.read_question``),
built here from the exercise's fields and kept in the task's ``info``. So one path judges them
(``check_question``; decimals by the one numeric policy, ``numeric_judge``), names their
mistakes (``diagnose_question``) and shows their steps (``question_steps``, verified by the AD
engine), on the command line and in packs alike.

| kind | fields | answer form |
|---|---|---|
| ``implicit`` | ``of``: an equation of x and y | ``slope``: dy/dx in x and y (``dy/dx = …`` too) |
| ``tangent-line``, ``normal-line`` | ``of`` (f(x), or an equation), ``at`` | ``equation``: any equation of the line |
| ``linear-approximation`` | ``of``, ``at`` | ``function``: L(x) = … or an expression |
| ``tangent-plane`` | ``of`` (f(x, y)), ``at`` | ``equation``: any equation of the plane |
| ``gradient`` / ``hessian`` | ``of`` (``at``: numbers) | ``vector`` / ``matrix`` |
| ``directional-derivative`` | ``of``, ``direction``, ``at`` | ``number`` (``expression`` without ``at``) |

(Modules whose name starts with "_" are not kind modules: ``load_kinds`` skips them.)
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any, Mapping, Optional

from tutor.packs.kind import DIAGNOSIS_BUDGET_S, Kind
from tutor.packs.proofs import close
from tutor.packs.tasks import GRADIENT, FieldError, Fields, Task, _single_of, listed, point_shown, spoken

if TYPE_CHECKING:
    from tutor.packs.answers import Answer
    from tutor.packs.model import Exercise

__all__ = ["question_row", "build_question", "judge", "diagnose", "steps", "prove", "QUESTION_OF"]

# pack kind -> (the Question's kind, the option of read_question that asks it; None: the equation in `of`)
QUESTION_OF: Mapping[str, tuple[str, Optional[str]]] = {
    "implicit": ("implicit", None),
    "tangent-line": ("tangent-line", "tangent_at"),
    "normal-line": ("normal-line", "normal_at"),
    "linear-approximation": ("linearization", "linearize_at"),
    "tangent-plane": ("tangent-plane", "tangent_plane_at"),
    "gradient": ("gradient", "gradient"),
    "hessian": ("hessian", "hessian"),
    "directional-derivative": ("directional", "direction"),
}

# The Question's answer shape -> the pack answer form (directional: number at a point, else expression).
FORM_OF = {"implicit": "slope", "tangent-line": "equation", "normal-line": "equation",
           "tangent-plane": "equation", "linearization": "function", "gradient": "vector", "hessian": "matrix"}
SHAPE_OF_FORM = {"equation": "equation", "vector": "vector", "matrix": "matrix"}  # else "expression"

AD_POINTS = 3  # points of the curve (or of the plane) where the AD engine re-derives the expected answer


def _point_option(at: Mapping[str, str]) -> str:
    return ", ".join(f"{name}={text}" for name, text in at.items())


def build_question(ex: "Exercise", fields: Fields) -> Task:
    """The exercise's question, as ``calctutor check`` would ask it with the same texts."""
    from tutor.checking.question_request import read_question
    from tutor.errors import UserError

    of = _single_of(fields)
    kind, option = QUESTION_OF[ex.kind]
    implicit = "=" in of
    options: dict[str, Any] = {"wrt": list(ex.wrt or (ex.variables[:1] if implicit else ex.variables))}
    at = _point_option(fields.at) if fields.at else ""
    if option in ("gradient", "hessian"):
        options[option] = True
        options["at"] = at or None
    elif option == "direction":
        if not fields.direction:
            raise FieldError("direction", "this kind needs a direction", 'e.g. direction: "(3, 4)"')
        options["direction"], options["at"] = fields.direction, at or None
    elif option is not None:
        if not at:
            raise FieldError("at", "this kind needs the point in `at`", "e.g. at: {x: '1'}")
        options[option] = at
    elif not implicit:
        raise FieldError("of", "an implicit curve is an equation in x and y", 'e.g. of: "x^2 + y^2 = 25"')
    if implicit and option not in (None, "tangent_at", "normal_at"):
        raise FieldError("of", f"{ex.kind} is asked of a function, not of an equation", 'e.g. of: "x^2 y"')
    try:
        asked = read_question(None, of, **options)
    except UserError as exc:
        raise FieldError(_field_of(exc.message), _as_pack_words(exc.message), _as_pack_words(exc.hint or "")) \
            from None
    assert asked is not None  # an option (or an equation) was given, so a question was read
    question = asked[0]
    if question.kind != kind:
        raise FieldError("kind", f"the fields ask a {question.kind} question, not {ex.kind}")
    form = FORM_OF.get(kind) or ("number" if question.at else "expression")
    info: dict[str, Any] = {"question": question}
    if kind == "hessian":  # the gradient typed instead is read, and named (hessian.gradient-instead)
        info["vector_lengths"] = (len(question.variables),)
    texts, trees = spoken(_texts(question))
    return Task(ex.kind, form, _answer_variables(question), question.expected, texts,
                of=question.of, wrt=question.variables, at=question.point or None, info=info, trees=trees)


# check's words -> a pack author's (the messages are check's; the fields are the pack's), in order.
_PACK_WORDS = (
    ("use --tangent-plane-at x=1,y=2", "use kind: tangent-plane"),
    ("use --tangent-at x=1", "use kind: tangent-line"),
    ("name the dependent variable with --dependent", "write the curve in x and y (y depends on x)"),
    ("name them with --wrt (the independent) and --dependent", "use x and y only (`wrt: [x]` names x)"),
    ("--tangent-plane-at is for", "this kind is for"),
    ("--tangent-at is for", "this kind is for"),
    ("--normal-at is for", "this kind is for"),
    ("--tangent-plane-at", "at"), ("--tangent-at", "at"), ("--normal-at", "at"), ("--linearize-at", "at"),
    ("--direction", "direction:"), ("--at", "at"), ("--wrt", "wrt"),
)


def _field_of(message: str) -> str:
    if "direction" in message:
        return "direction"
    if "is for a function of" in message:
        return "kind"
    if "-at" in message or "not on the curve" in message or "not defined at" in message:
        return "at"
    return "of"


def _as_pack_words(text: str) -> str:
    for check_words, pack_words in _PACK_WORDS:
        text = text.replace(check_words, pack_words)
    return text


def _answer_variables(question: Any) -> tuple[str, ...]:
    if question.kind in ("implicit", "tangent-line", "normal-line", "tangent-plane"):
        return question.coordinates
    return question.variables


def _texts(question: Any) -> dict[str, Any]:
    """What prompts and hints quote, as trees or pieces (``tasks.printed``; ``of`` stays input language for
    backticks)."""
    from tutor.parsing import notation as M
    from tutor.parsing import to_text

    names = question.variables
    args = ", ".join(names)
    point = question.point
    at_values = [point[n] for n in (question.coordinates if question.equation is not None else names) if n in point]
    at: Any
    if question.equation is not None:
        lhs, rhs = question.equation
        curve: Any = ("the curve ", M.eq(M.as_tree(lhs), M.as_tree(rhs)))
        at = listed(at_values)
        of_text = f"{to_text(lhs)} - ({to_text(rhs)})"
    else:
        dep = question.dependent or ("z" if len(names) == 2 else "y")
        curve = M.eq(dep, M.as_tree(question.of))
        at = point_shown({n: point[n] for n in names if n in point})
        of_text = to_text(question.of)
    return {
        "of": of_text,
        "f": M.eq(M.apply("f", *names), M.as_tree(question.of)) if question.equation is None else curve,
        "curve": curve,
        "at": at if at_values else "",
        "at_clause": (" at ", *at) if at_values else "",
        "point": listed(at_values) if at_values else "",
        "L": f"L({args})",
        "x": names[0],
        "y": question.dependent or "",
        "variables": args,
        "direction": listed(question.direction) if question.direction else "",
        "components": _components(question),
        "grad": GRADIENT,
        "expected": _expected_shown(question),
    }


def _key_form(expr: Any) -> Any:
    """A formula of the key: a quotient with variables over one denominator (2(y² − x²)/(x² + y²)²)."""
    import sympy

    together = sympy.together(expr)
    if sympy.fraction(together)[1].free_symbols and sympy.count_ops(expr) < 80:
        return sympy.factor_terms(together)
    return expr


def _expected_shown(question: Any) -> Any:
    """The answer key as a student types it (``y = 2x - 1``, ``[2x y, x^2]``: products side by side)."""
    from tutor.checking.lines import solved_for
    from tutor.parsing import notation as M

    expected = question.expected
    if question.kind in ("tangent-line", "normal-line", "tangent-plane"):
        for name in (question.dependent, *question.coordinates):
            solved = solved_for(expected, name)
            if solved is not None:
                return M.eq(name, M.as_tree(_key_form(solved)))
        return question.expected_text
    if isinstance(expected, tuple):
        return listed((listed(map(_key_form, row), "[", "]") if isinstance(row, tuple) else _key_form(row)
                       for row in expected), "[", "]")
    return _key_form(expected)


def _components(question: Any) -> Any:
    """How a gradient or Hessian is written: [∂f/∂x, ∂f/∂y], [[∂²f/∂x², ∂²f/∂y∂x], …] (pieces)."""
    from tutor.parsing import notation as M

    names = question.variables
    if question.kind == "gradient":
        return listed((M.rate("f", v, True) for v in names), "[", "]")
    if question.kind == "hessian":
        return listed((listed((M.rate("f", (a, b), True) for b in names), "[", "]") for a in names), "[", "]")
    return ""


def question_answer(task: Task, answer: "Answer") -> Any:
    """The answer as ``check_question`` reads it (``QuestionAnswer``)."""
    from tutor.checking.questions import QuestionAnswer

    reading = answer.reading
    shape = SHAPE_OF_FORM.get(task.form, "expression")
    if shape == "matrix" and not all(isinstance(row, tuple) for row in answer.value):
        shape = "vector"  # a flat list for a Hessian: the gradient given instead
    return QuestionAnswer(answer.value, reading.text, tuple(reading.notes), shape)


def _numbers(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(_numbers(v) for v in value)
    return not getattr(value, "free_symbols", True)


def judge(task: Task, answer: "Answer", seed: int) -> Any:
    """``check_question``'s verdict; numbers against numbers by the one numeric policy (decimals, sigfigs)."""
    from tutor.checking.questions import check_question

    if task.form in ("number", "vector", "matrix") and _numbers(task.expected) and _numbers(answer.value) \
            and question_answer(task, answer).shape == SHAPE_OF_FORM.get(task.form, "expression"):
        from tutor.packs.numeric_judge import judge_numbers

        return judge_numbers(task, answer, seed)
    return check_question(task.info["question"], question_answer(task, answer), seed=seed)


def diagnose(task: Task, answer: "Answer") -> Any:
    from tutor.explain.question_mistakes import diagnose_question

    return diagnose_question(task.info["question"], question_answer(task, answer), budget_s=DIAGNOSIS_BUDGET_S)


def steps(task: Task) -> Any:
    """The worked solution (each claim checked by the AD engine); None if a step cannot be built."""
    from tutor.explain.question_worked import question_worked

    try:
        return question_worked(task.info["question"])
    except Exception:  # a function explain lacks a rule for: the steps are a bonus, the verdict is not
        return None


# -- what validate proves -------------------------------------------------------------------------


def _finite(value: Any, field: str, what: str) -> None:
    import sympy

    values = value if isinstance(value, tuple) else (value,)
    for v in values:
        if isinstance(v, tuple):
            _finite(v, field, what)
            continue
        if v.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or (not v.free_symbols and not v.is_real):
            raise FieldError(field, f"{what} is not a finite real number there", "choose another point or function")


def _float_point(point: Mapping[str, Any]) -> dict[str, float]:
    return {k: float(v) for k, v in point.items()}


def _ad(expr: Any, point: Mapping[str, float], wrt: tuple[str, ...] = ()) -> float:
    from tutor.autodiff import compile_expression

    names = sorted({s.name for s in expr.free_symbols} | set(point))
    tape = compile_expression(expr, names)
    floats = {k: float(point.get(k, 0.0)) for k in names}
    return float(tape.derivative(floats, list(wrt)) if wrt else tape.value(floats))


def _agree(mine: Any, ad: float, what: str, field: str = "of") -> None:
    value = complex(mine.evalf(30)) if hasattr(mine, "evalf") else complex(mine)
    if abs(value.imag) > 1e-9 or not close(value.real, ad):
        raise FieldError(field, f"SymPy ({value.real:.6g}) and the AD engine ({ad:.6g}) disagree on {what}")


def _sample(question: Any, seed: int, n: int = AD_POINTS) -> list[dict[str, float]]:
    """Points where F is defined (random), for the questions without a point."""
    from tutor.checking import sample_points

    return sample_points(question.of, list(question.variables), n, random.Random(seed))


def prove(task: Task, seed: int) -> None:
    """The question is well posed (a point of the curve, a tangent exists, a nonzero gradient where a
    direction is asked …) and SymPy's expected answer agrees with the AD engine's."""
    question = task.info["question"]
    PROOFS[question.kind](question, seed)


def _prove_implicit(q: Any, seed: int) -> None:
    import time

    import sympy

    from tutor.checking.curves import N_CURVE_POINTS, Curve, curve_points
    from tutor.checking.implicit import POINTS_SHARE

    x, y = q.variables[0], q.dependent
    needed = max(8, int(N_CURVE_POINTS * POINTS_SHARE))
    points = curve_points(Curve(q.of, x, y), lambda p: True, N_CURVE_POINTS, random.Random(seed),
                          time.monotonic() + 2.0)
    if len(points) < needed:
        raise FieldError("of", f"only {len(points)} points of the curve were found where dy/dx exists "
                               f"(a check needs {needed})", "choose a curve with more real points near the origin")
    for point in points[:AD_POINTS]:
        p = {x: float(point[x]), y: float(point[y])}
        slope = -_ad(q.of, p, (x,)) / _ad(q.of, p, (y,))
        value = q.expected.xreplace({sympy.Symbol(k, real=True): sympy.Float(v, 30) for k, v in p.items()})
        _agree(value, slope, f"dy/dx at ({p[x]:.4g}, {p[y]:.4g})")


def _prove_line(q: Any, seed: int) -> None:
    import sympy

    from tutor.parsing.printer import operator

    point = q.point
    coords = q.coordinates
    floats = _float_point(point)
    grad = [_ad(q.curve, floats, (c,)) for c in coords]
    if all(abs(g) < 1e-12 for g in grad):
        where = ", ".join(f"{c} = {point[c]}" for c in coords)
        raise FieldError("at", f"the curve has no tangent at {where}: both partial derivatives of its equation are 0 "
                               "there (a singular point)", "choose another point of the curve")
    _finite(q.expected, "at", f"the {q.kind.replace('-', ' ')}")
    if q.equation is None and q.kind in ("tangent-line", "normal-line"):
        x = q.variables[0]
        slope = sympy.diff(q.of, sympy.Symbol(x, real=True)).xreplace({sympy.Symbol(x, real=True): point[x]})
        _finite(slope, "at", f"f'({point[x]})")
        _agree(slope, _ad(q.of, {x: floats[x]}, (x,)), f"f'({point[x]})")
    if q.kind == "tangent-plane":
        for v in q.variables:
            value = sympy.diff(q.of, sympy.Symbol(v, real=True)).xreplace(
                {sympy.Symbol(k, real=True): point[k] for k in q.variables})
            _finite(value, "at", operator(v, True, of="f"))
            _agree(value, _ad(q.of, {k: floats[k] for k in q.variables}, (v,)), f"{operator(v, True, of='f')} at the point")


def _prove_linearization(q: Any, seed: int) -> None:
    import sympy

    from tutor.parsing.printer import operator

    point = q.point
    floats = _float_point(point)
    _finite(q.of.xreplace({sympy.Symbol(k, real=True): v for k, v in point.items()}), "at", "f at the point")
    _finite(q.expected, "at", "the linear approximation")
    value = q.expected.xreplace({sympy.Symbol(k, real=True): v for k, v in point.items()})
    _agree(value, _ad(q.of, floats), "f at the point")
    for v in q.variables:
        slope = sympy.diff(q.expected, sympy.Symbol(v, real=True))
        _agree(slope, _ad(q.of, floats, (v,)), f"{operator(v, True, of='f')} at the point")


def _entries(q: Any) -> list[tuple[tuple[str, ...], Any]]:
    n = q.variables
    if q.kind == "gradient":
        return [((v,), e) for v, e in zip(n, q.expected)]
    return [((a, b), q.expected[i][j]) for i, a in enumerate(n) for j, b in enumerate(n)]


def _prove_components(q: Any, seed: int) -> None:
    import sympy

    what = "gradient" if q.kind == "gradient" else "Hessian"
    _finite(q.expected, "at" if q.at else "of", f"the {what}")
    entries = _entries(q)
    if all(sympy.simplify(e) == 0 for _, e in entries):
        raise FieldError("of", f"the {what} is zero everywhere" if not q.at else f"the {what} is zero at the point",
                         "choose a function with more to differentiate")
    points = [_float_point(q.point)] if q.at else _sample(q, seed)
    if not points:
        raise FieldError("of", "no point of the real domain found: the function is undefined everywhere?")
    for p in points:
        subs = {sympy.Symbol(k, real=True): sympy.Float(v, 30) for k, v in p.items()}
        for order, entry in entries:
            _agree(entry.xreplace(subs), _ad(q.of, p, order), "∂" * len(order) + "f/" + "".join(f"∂{v}" for v in order))


def _prove_directional(q: Any, seed: int) -> None:
    import sympy

    from tutor.checking.questions import gradient_at, unit_vector

    if not q.at:
        if sympy.simplify(q.expected) == 0:
            raise FieldError("direction", "the directional derivative is zero everywhere in this direction")
        return
    point = q.point
    grad = gradient_at(q.of, q.variables, point)
    _finite(tuple(grad), "at", "the gradient")
    where = ", ".join(f"{k} = {v}" for k, v in point.items())
    if all(g == 0 for g in grad):
        raise FieldError("at", f"the gradient is 0 at {where}, so every directional derivative there is 0",
                         "choose a point where the gradient is not zero")
    if sympy.simplify(sum(g * d for g, d in zip(grad, q.direction))) == 0:
        raise FieldError("direction", "the direction is perpendicular to the gradient, so the answer is 0 "
                                      "with or without the unit vector", "choose another direction")
    floats = _float_point(point)
    u = unit_vector(q.direction)
    ad = sum(_ad(q.of, floats, (v,)) * float(c) for v, c in zip(q.variables, u))
    _agree(q.expected, ad, "the directional derivative")


PROOFS = {
    "implicit": _prove_implicit,
    "tangent-line": _prove_line,
    "normal-line": _prove_line,
    "tangent-plane": _prove_line,
    "linearization": _prove_linearization,
    "gradient": _prove_components,
    "hessian": _prove_components,
    "directional": _prove_directional,
}


def question_row(name: str, prompt: str, skills: tuple[str, ...], fields: tuple[str, ...]) -> Kind:
    """The kind ``name`` (a key of ``QUESTION_OF``), judged, diagnosed, explained and proved as above."""
    if name not in QUESTION_OF:
        raise ValueError(f"{name} is not a question kind ({', '.join(QUESTION_OF)})")
    return Kind(name, build_question, prompt, skills, fields, judge=judge, prove=prove, diagnose=diagnose,
                steps=steps)
