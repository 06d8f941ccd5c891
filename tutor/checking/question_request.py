"""Reading a question typed on the command line: which kind, F, its variables, the point, the answer.

``read_question`` turns the texts of ``calctutor check`` into a ``Question``
and the answer read in that kind's form, or returns None for a plain
derivative (``read_request`` reads those). The rules:

- ``--of`` with one top-level ``=`` is an implicit curve (``--wrt``: x by
  default, ``--dependent``: y by default) unless a line option asks for its
  tangent or normal line at a point of it;
- at most one of ``--tangent-at``, ``--normal-at``, ``--linearize-at``,
  ``--tangent-plane-at``, ``--gradient``, ``--hessian``, ``--direction``;
- a point is ``x=1, y=2`` (each value a constant) or, for F of one variable,
  just ``1``; a direction is a vector ``(3, 4)``;
- the answer is read with exactly the coordinates of its kind declared (x and
  y for a line, x, y and z for a plane, F's variables otherwise), so a
  stray name is an error with its column.
"""

from __future__ import annotations

from typing import Any, Sequence

from tutor.checking.questions import KINDS, Question, QuestionAnswer
from tutor.checking.request import CheckInputError, _relabel, parse_where
from tutor.parsing.printer import show

__all__ = ["read_question", "read_point", "POINT_OPTIONS"]

# Option name -> question kind, for the options that name a point.
POINT_OPTIONS = {
    "--tangent-at": "tangent-line",
    "--normal-at": "normal-line",
    "--linearize-at": "linearization",
    "--tangent-plane-at": "tangent-plane",
}


def _sym(name: str) -> Any:
    from tutor.parsing import variable

    return variable(name)


def read_point(text: str, variables: Sequence[str], option: str) -> tuple[tuple[str, Any], ...]:
    """``"x=1, y=2"`` (or ``"1"`` for one variable) → (("x", 1), ("y", 2)), every value a constant."""
    from tutor.parsing import ParseError, parse

    if "=" not in text:
        if len(variables) != 1:
            raise CheckInputError(f"{option} needs a value for each variable ({', '.join(variables)})",
                                  hint=f'e.g. {option} "{", ".join(f"{v}=1" for v in variables)}"')
        try:
            value = parse(text, [])
        except ParseError as exc:
            raise _relabel(exc, option) from None
        pairs = {variables[0]: value}
    else:
        try:
            pairs = parse_where(text)
        except CheckInputError as exc:
            exc.message = f"in {option}: {exc.message}"
            exc.args = (exc.message,)
            raise
    for name, value in pairs.items():
        if value.free_symbols:
            raise CheckInputError(f"in {option}: {name} = {value} is not a number",
                                  hint=f'give numbers, e.g. {option} "{name}=1"')
        if name not in variables:
            raise CheckInputError(f"in {option}: {name} is not a variable of the function ({', '.join(variables)})",
                                  hint=f"give a value for {', '.join(variables)}")
    missing = [v for v in variables if v not in pairs]
    if missing:
        raise CheckInputError(f"{option} gives no value for {', '.join(missing)}",
                              hint=f'e.g. {option} "{", ".join(f"{v}=1" for v in variables)}"')
    return tuple((v, pairs[v]) for v in variables)


def _read_direction(text: str) -> tuple[Any, ...]:
    from tutor.checking.forms import read_vector

    values = tuple(r.expr for r in read_vector(text, []))
    if all(v == 0 for v in values):
        raise CheckInputError("the direction is the zero vector, which has no direction",
                              hint='give a nonzero vector, e.g. --direction "(3, 4)"')
    return values


def _variables(f: Any, wrt: Sequence[str]) -> tuple[str, ...]:
    names = sorted(str(s) for s in f.free_symbols)
    if wrt:
        extra = [n for n in names if n not in wrt]
        if extra:
            raise CheckInputError(f"F has variables {', '.join(extra)} not named by --wrt",
                                  hint="name every variable with --wrt, in the order of the components")
        return tuple(wrt)
    return tuple(names)


def _answer_expression(text: str, variables: Sequence[str], labels: Sequence[str] = (),
                       wrt: Sequence[str] = ()) -> QuestionAnswer:
    """An expression, or ``L(x) = …`` / ``y = …`` where the left side only names it.

    ``wrt``: the answer is that derivative (dy/dx of a curve): ``dy/dx = …``, ``y' = …`` name it.
    """
    from tutor.checking.forms import read_equation
    from tutor.parsing import ParseError, read
    from tutor.parsing.prefixes import named_prefix

    try:
        if wrt and named_prefix(text) is not None:  # dropped with a note, or refused naming both
            reading = read(text, list(variables), wrt=tuple(wrt))
            return QuestionAnswer(reading.expr, reading.text, tuple(reading.notes))
        equation = read_equation(text, variables, labels=labels)
        if equation is not None:
            if equation.lhs is not None and not (equation.lhs.expr.is_Symbol and str(equation.lhs.expr) in labels):
                raise CheckInputError("write the answer as an expression (or as L(x) = the expression)",
                                      source=text, hint="e.g. L(x) = 2x - 1")
            return QuestionAnswer(equation.rhs.expr, equation.rhs.text, tuple(equation.rhs.notes))
        reading = read(text, list(variables))
    except ParseError as exc:
        solved = _solved_for_a_label(text, variables, labels)
        if solved is not None:
            return solved
        raise _relabel(exc, "the answer") from None
    return QuestionAnswer(reading.expr, reading.text, tuple(reading.notes))


def _solved_for_a_label(text: str, variables: Sequence[str], labels: Sequence[str]) -> QuestionAnswer | None:
    """``y - 2 = (x - 4)/4``: an equation in the variables and one label letter (y, z), solved for it."""
    from tutor.checking.forms import read_equation
    from tutor.checking.lines import solved_for
    from tutor.parsing import ParseError

    for name in labels:
        if len(name) != 1 or name in variables:
            continue
        try:
            equation = read_equation(text, (*variables, name))
        except ParseError:
            continue
        if equation is None or equation.lhs is None:
            continue
        value = solved_for(equation.difference, name)
        if value is not None and _sym(name) not in value.free_symbols:
            notes = (*equation.lhs.notes, *equation.rhs.notes)
            return QuestionAnswer(value, f"{equation.lhs.text} = {equation.rhs.text}", tuple(notes))
    return None


def _answer_equation(text: str, coords: Sequence[str], dependent: str) -> QuestionAnswer:
    """A line or plane: an equation in the coordinates, or the dependent variable's expression."""
    from tutor.checking.forms import read_equation
    from tutor.parsing import ParseError, read

    try:
        equation = read_equation(text, coords)
        if equation is None:
            reading = read(text, [c for c in coords if c != dependent])
            g = _sym(dependent) - reading.expr
            return QuestionAnswer(g, f"{dependent} = {reading.text}", tuple(reading.notes), "equation",
                                  (_sym(dependent), reading.expr))
    except ParseError as exc:
        raise _relabel(exc, "the answer") from None
    if equation.lhs is None:  # "L(x) = …": the dependent variable's expression
        return QuestionAnswer(_sym(dependent) - equation.rhs.expr, f"{dependent} = {equation.rhs.text}",
                              tuple(equation.rhs.notes), "equation", (_sym(dependent), equation.rhs.expr))
    notes = tuple(equation.lhs.notes) + tuple(equation.rhs.notes)
    shown = f"{equation.lhs.text} = {equation.rhs.text}"
    return QuestionAnswer(equation.difference, shown, notes, "equation", (equation.lhs.expr, equation.rhs.expr))


def _answer_brackets(text: str, variables: Sequence[str], kind: str) -> QuestionAnswer:
    from tutor.checking.forms import read_matrix, read_vector
    from tutor.parsing import ParseError

    try:
        if kind == "hessian":
            try:
                rows = read_matrix(text, variables)
            except ParseError:
                vector = read_vector(text, variables)  # the gradient given instead: a wrong answer, not bad input
                return QuestionAnswer(tuple(r.expr for r in vector), "[" + ", ".join(r.text for r in vector) + "]",
                                      shape="vector", domain=_typed_domain(vector))
            value = tuple(tuple(r.expr for r in row) for row in rows)
            shown = "[" + ", ".join("[" + ", ".join(r.text for r in row) + "]" for row in rows) + "]"
            return QuestionAnswer(value, shown, shape="matrix", domain=_typed_domain(r for row in rows for r in row))
        vector = read_vector(text, variables)
    except ParseError as exc:
        raise _relabel(exc, "the answer") from None
    return QuestionAnswer(tuple(r.expr for r in vector), "[" + ", ".join(r.text for r in vector) + "]",
                          shape="vector", domain=_typed_domain(vector))


def _typed_domain(readings: Any) -> tuple[Any, ...]:
    """The components' typed domains together: the answer as typed is defined where every component is."""
    return tuple(d for reading in readings for d in reading.typed.domain)


def _maybe(answer: str | None, reader: Any, *args: Any) -> Any:
    return None if answer is None else reader(answer, *args)


def _chosen(options: dict[str, Any]) -> tuple[str, Any] | None:
    given = [(name, value) for name, value in options.items() if value not in (None, False, "")]
    if len(given) > 1:
        raise CheckInputError(f"{' and '.join(n for n, _ in given)} ask different questions: give one",
                              hint="one question per check, e.g. --tangent-at x=1")
    return given[0] if given else None


def read_question(
    answer: str | None,
    of: str,
    *,
    wrt: Sequence[str] = (),
    dependent: str | None = None,
    tangent_at: str | None = None,
    normal_at: str | None = None,
    linearize_at: str | None = None,
    tangent_plane_at: str | None = None,
    gradient: bool = False,
    hessian: bool = False,
    direction: str | None = None,
    at: str | None = None,
) -> tuple[Question, QuestionAnswer] | None:
    """The question these options ask and the answer read in its form (None: a plain derivative).

    ``answer`` None (``explain`` without ``--answer``): the question only, with None for the answer.
    """
    from tutor.checking.forms import read_equation
    from tutor.parsing import ParseError, read

    options = {"--tangent-at": tangent_at, "--normal-at": normal_at, "--linearize-at": linearize_at,
               "--tangent-plane-at": tangent_plane_at, "--gradient": gradient, "--hessian": hessian,
               "--direction": direction}
    chosen = _chosen(options)
    try:
        equation = read_equation(of, None)
    except ParseError as exc:
        raise _relabel(exc, "the function") from None
    if at and (chosen is None or chosen[0] not in ("--direction", "--gradient", "--hessian")):
        raise CheckInputError("--at goes with --direction, --gradient or --hessian",
                              hint="for a tangent line use --tangent-at x=1")
    if equation is not None:
        return _implicit_question(answer, of, equation, wrt, dependent, chosen)
    if chosen is None:
        return None
    name, value = chosen
    try:
        f = read(of)
    except ParseError as exc:
        raise _relabel(exc, "the function") from None
    variables = _variables(f.expr, wrt)
    if not variables:
        raise CheckInputError(f"{show(f.expr)} has no variable", hint="give a function of x (and y)")
    if name in POINT_OPTIONS:
        return _question_at_a_point(answer, f, variables, POINT_OPTIONS[name], read_point(value, variables, name),
                                    dependent)
    point = read_point(at, variables, "--at") if at else ()
    if name == "--direction":
        return _directional_question(answer, f, variables, _read_direction(value), point)
    kind = "gradient" if name == "--gradient" else "hessian"
    question = Question(kind, f.expr, f.text, variables, at=point, domain=f.typed.domain)
    return question, _maybe(answer, _answer_brackets, variables, kind)


def _question_at_a_point(answer: str | None, f: Any, variables: tuple[str, ...], kind: str,
                         point: tuple[tuple[str, Any], ...], dependent: str | None) -> tuple[Question, Any]:
    """A tangent or normal line, a tangent plane or a linearization of ``f`` (a reading) at ``point``."""
    option = next(name for name, k in POINT_OPTIONS.items() if k == kind)
    if kind in ("tangent-line", "normal-line") and len(variables) != 1:
        raise CheckInputError(f"{option} is for a function of one variable; {show(f.expr)} has {', '.join(variables)}",
                              hint="for a function of two variables use --tangent-plane-at x=1,y=2")
    if kind == "tangent-plane" and len(variables) != 2:
        raise CheckInputError(f"--tangent-plane-at is for a function of two variables; {show(f.expr)} has "
                              f"{len(variables)}", hint="for one variable use --tangent-at x=1")
    _require_derivatives_at(f.expr, variables, point, kind)
    if kind == "linearization":
        question = Question(kind, f.expr, f.text, variables, at=point)
        return question, _maybe(answer, _answer_expression, variables, ("L", "y", "f", "z"))
    dep = dependent or ("z" if kind == "tangent-plane" else "y")
    if dep in variables:
        raise CheckInputError(f"{dep} is a variable of the function, so it cannot name the {kind.split('-')[-1]}'s "
                              "other coordinate", hint="name it with --dependent, e.g. --dependent w")
    point = point + ((dep, _value_at(f.expr, point)),)
    question = Question(kind, f.expr, f.text, variables, dependent=dep, at=point)
    return question, _maybe(answer, _answer_equation, question.coordinates, dep)


def _directional_question(answer: str | None, f: Any, variables: tuple[str, ...], vector: tuple[Any, ...],
                          point: tuple[tuple[str, Any], ...]) -> tuple[Question, Any]:
    """The derivative of ``f`` (a reading) in the direction ``vector`` (at ``point``, or everywhere)."""
    if len(vector) != len(variables):
        raise CheckInputError(f"the direction has {len(vector)} components but f has {len(variables)} variables "
                              f"({', '.join(variables)})", hint="one component per variable")
    question = Question("directional", f.expr, f.text, variables, at=point, direction=vector)
    return question, _maybe(answer, _answer_expression, variables)


def _require_derivatives_at(f: Any, variables: Sequence[str], point: Sequence[tuple[str, Any]], kind: str) -> None:
    """A tangent, normal, plane or linearization needs f's derivatives to be numbers at the point; at
    x^(1/3) or |x| at 0 the line was printed as "y = x·undefined"."""
    import sympy

    from tutor.autodiff.evaluator import exact_value
    from tutor.parsing.printer import operator, show

    shown = ", ".join(f"{k} = {v}" for k, v in point)
    for name in variables:
        derivative = sympy.diff(f, _sym(name))
        try:
            value = exact_value(derivative, dict(point))
        except (ValueError, ZeroDivisionError):
            value = sympy.nan
        if not (getattr(value, "is_finite", False) and getattr(value, "is_real", False)):
            label = ("the partial derivative " if len(variables) > 1 else "the derivative ") + \
                operator((name,), partial=len(variables) > 1) + " f"
            raise CheckInputError(
                f"{label} does not exist at {shown}: {show(derivative)} has no finite value there "
                "(a corner, a cusp or a vertical tangent)",
                hint=f"a {kind.replace('-', ' ')} needs a point where the function is differentiable")


def _value_at(f: Any, point: Sequence[tuple[str, Any]]) -> Any:
    from tutor.autodiff.evaluator import exact_value

    try:  # the engine's reading of powers, as everywhere: (-8)^(1/3) = -2
        return exact_value(f, dict(point))
    except ValueError as exc:
        shown = ", ".join(f"{k} = {v}" for k, v in point)
        raise CheckInputError(f"the function is not defined at {shown} ({exc.args[0]})",
                              hint="choose a point of its domain") from None


def _implicit_question(answer: str | None, of: str, equation: Any, wrt: Sequence[str], dependent: str | None,
                       chosen: tuple[str, Any] | None) -> tuple[Question, QuestionAnswer]:
    x = wrt[0] if wrt else "x"
    if len(wrt) > 1:
        raise CheckInputError("an implicit derivative is dy/dx: give --wrt once", hint="e.g. --wrt x --dependent y")
    y = dependent or "y"
    h = equation.difference
    if equation.lhs is None:
        raise CheckInputError(f"the equation of the curve has no left side: {of}", hint='e.g. --of "x^2 + y^2 = 25"')
    names = sorted(str(s) for s in h.free_symbols)
    extra = [n for n in names if n not in (x, y)]
    if extra:
        raise CheckInputError(f"the curve's equation has variables {', '.join(extra)} besides {x} and {y}",
                              hint="name them with --wrt (the independent) and --dependent")
    if _sym(y) not in h.free_symbols:
        raise CheckInputError(f"the equation does not involve {y}, so there is no {y} to differentiate implicitly",
                              hint="name the dependent variable with --dependent")
    text = f"{equation.lhs.text} = {equation.rhs.text}"
    if chosen is None:
        question = Question("implicit", h, text, (x,), dependent=y, equation=(equation.lhs.expr, equation.rhs.expr))
        return question, _maybe(answer, _answer_expression, (x, y), (), (x,))
    name, value = chosen
    if name not in ("--tangent-at", "--normal-at"):
        raise CheckInputError(f"{name} is not asked of a curve given by an equation",
                              hint="ask for dy/dx, or --tangent-at / --normal-at a point of the curve")
    point = read_point(value, (x, y), name)
    from tutor.autodiff.evaluator import exact_value

    try:  # the engine's reading of powers: (-8)^(1/3) = -2
        residual = exact_value(h, dict(point))
    except ValueError:
        residual = None  # undefined there: not a point of the curve
    if residual != 0:
        raise CheckInputError(f"the point ({point[0][1]}, {point[1][1]}) is not on the curve {text}",
                              hint="give a point whose coordinates satisfy the equation")
    kind = POINT_OPTIONS[name]
    question = Question(kind, h, text, (x,), dependent=y, at=point, equation=(equation.lhs.expr, equation.rhs.expr))
    return question, _maybe(answer, _answer_equation, (x, y), y)


assert set(POINT_OPTIONS.values()) <= set(KINDS)
