"""The course's other questions as pack kinds: validate refuses degenerate variants, a wrong answer's
mistake is named, the steps are the verified ones of `calctutor explain`, the prompt states the point."""

from __future__ import annotations

import pytest

from tutor.packs.instance import instantiate
from tutor.packs.validate import validate_exercise

# (exercise body, the field validate names, words of its message): each a question nobody can answer well.
DEGENERATE = [
    ("kind: tangent-line\nof: 'x^2 + y^2 = 25'\nat: {x: '3', y: '5'}", "at", "is not on the curve"),
    ("kind: normal-line\nof: 'y^2 = x^2'\nat: {x: '0', y: '0'}", "at", "a singular point"),
    ("kind: linear-approximation\nof: 'ln(x)'\nat: {x: '-1'}", "at", "not a finite real number"),
    ("kind: directional-derivative\nof: 'x^2 + y^2'\ndirection: '(3, 4)'\nat: {x: '0', y: '0'}", "at",
     "the gradient is 0"),
    ("kind: directional-derivative\nof: 'x^2 + y^2'\ndirection: '(4, -3)'\nat: {x: '3', y: '4'}", "direction",
     "perpendicular to the gradient"),
    ("kind: directional-derivative\nof: 'x^2 + y^2'\ndirection: '(0, 0)'\nat: {x: '3', y: '4'}", "direction",
     "the zero vector"),
    ("kind: directional-derivative\nof: 'x^2 + y^2'\ndirection: '(1, 2, 3)'\nat: {x: '3', y: '4'}", "direction",
     "3 components"),
    ("kind: directional-derivative\nof: 'x^2 + y^2'\nat: {x: '3', y: '4'}", "direction", "needs a direction"),
    ("kind: implicit\nof: 'x^2 + y^2 = -1'", "of", "points of the curve"),
    ("kind: implicit\nof: 'x^2 = 4'", "of", "does not involve y"),
    ("kind: implicit\nof: 'x^2 + y^2'", "of", "is an equation"),
    ("kind: hessian\nof: '3x + 2y'", "of", "the Hessian is zero everywhere"),
    ("kind: gradient\nof: 'x^2 + y^2'\nat: {x: '0', y: '0'}", "of", "the gradient is zero at the point"),
    ("kind: gradient\nof: 'x^2 = y'", "of", "not of an equation"),
    ("kind: tangent-plane\nof: 'x^2'\nat: {x: '1'}", "kind", "two variables"),
    ("kind: tangent-line\nof: 'x^2 y'\nat: {x: '1', y: '2'}", "kind", "one variable"),
    ("kind: tangent-line\nof: 'x^2'", "at", "needs the point"),
    ("kind: tangent-plane\nof: 'x^2 + y^2'\nat: {x: '1'}", "at", "no value for y"),
    ("kind: tangent-line\nof: 'x^2'\nat: {x: '7'}\nprompt: 'Find the tangent line to y = x^2.'", "prompt",
     "does not say x = 7"),
]


@pytest.mark.parametrize(("body", "field", "words"), DEGENERATE, ids=[f"{d[0].split(chr(10))[0][6:]}-{i}"
                                                                        for i, d in enumerate(DEGENERATE)])
def test_validate_refuses_degenerate_questions(make_exercise, body, field, words) -> None:  # type: ignore[no-untyped-def]
    problems = validate_exercise(make_exercise("id: e\n" + body + "\nhints: [h]"), draws=2)
    assert problems, body
    assert problems[0].field == f"e.{field}" and words in problems[0].message, problems[0]


# (exercise body, a wrong answer, the mistake id named in practice)
MISTAKES = [
    ("kind: implicit\nof: 'x^3 + y^3 = 6x y'", "(6y - 3x^2)/(3y^2)", "implicit.y-treated-as-constant"),
    ("kind: implicit\nof: 'x^2 + y^2 = 25'", "x/y", "implicit.sign-slip"),
    ("kind: implicit\nof: 'x^2 + y^2 = 25'", "-2x", "implicit.not-solved"),
    ("kind: tangent-line\nof: 'x^2'\nat: {x: '1'}", "y - 1 = 2x(x - 1)", "tangent.slope-not-evaluated"),
    ("kind: tangent-line\nof: 'x^3'\nat: {x: '1'}", "y = 3 + (x - 1)", "tangent.slope-point-swapped"),
    ("kind: normal-line\nof: 'x^2'\nat: {x: '1'}", "y - 1 = 2(x - 1)", "normal.slope-not-negative-reciprocal"),
    ("kind: linear-approximation\nof: 'x^2'\nat: {x: '1'}", "2(x - 1)", "linearization.constant-missing"),
    ("kind: tangent-plane\nof: 'x^2 + y^2'\nat: {x: '1', y: '2'}", "z = 5 + 2x(x - 1) + 2y(y - 2)",
     "plane.partials-not-evaluated"),
    ("kind: gradient\nof: 'x^2 y'", "[x^2, 2x y]", "gradient.components-swapped"),
    ("kind: hessian\nof: 'x^2 y + y^3'", "[[2y, 2y], [2x, 6y]]", "hessian.mixed-partial-wrong"),
    ("kind: hessian\nof: 'x^2 + y^2'", "[2x, 2y]", "hessian.gradient-instead"),
    ("kind: hessian\nof: 'x^3 y'\nat: {x: '1', y: '2'}", "[6, 1]", "hessian.gradient-instead"),
    ("kind: hessian\nof: 'x^2 y'", "(2x y, x^2)", "hessian.gradient-instead"),
    ("kind: directional-derivative\nof: 'x^2 + y^2'\ndirection: '(3, 4)'\nat: {x: '1', y: '2'}", "22",
     "directional.not-normalised"),
]


@pytest.mark.parametrize(("body", "answer", "mistake"), MISTAKES, ids=[m[2] for m in MISTAKES])
def test_a_wrong_answer_names_its_mistake(make_exercise, body, answer, mistake) -> None:  # type: ignore[no-untyped-def]
    feedback = instantiate(make_exercise("id: e\n" + body + "\nhints: [h]"), 0).check(answer)
    assert feedback.status == "incorrect"
    assert feedback.mistake is not None and feedback.mistake.id == mistake, feedback.message
    assert feedback.message == feedback.mistake.message


def test_the_steps_are_the_verified_ones_of_explain(make_exercise) -> None:  # type: ignore[no-untyped-def]
    from tutor.explain import WorkedStep

    inst = instantiate(make_exercise("id: e\nkind: tangent-line\nof: 'x^3'\nat: {x: '2'}\nhints: [h]"), 0)
    steps = inst.steps()
    assert isinstance(steps, WorkedStep)
    assert steps.shown.replace("−", "-").endswith("y = 12x - 16")
    lines = [s.shown.replace("−", "-") for s in steps.substeps]
    assert lines[0].startswith("the point: f(2) = 8") and "at x = 2: 12" in lines[1]
    assert lines[2].startswith("point-slope form: y - 8 = 12(x - 2)")
    assert inst.check("y - 8 = 12(x - 2)").correct


def test_prompts_state_the_point_and_the_direction(make_exercise) -> None:  # type: ignore[no-untyped-def]
    inst = instantiate(make_exercise("id: e\nkind: directional-derivative\nof: 'x^2 y'\ndirection: '(1, -{a})'\n"
                                     "at: {x: '{b}', y: '-3'}\nparams: {a: {integer: [2, 2]}, b: {integer: [5, 5]}}\n"
                                     "hints: [h]"), 0)
    assert inst.prompt == ("Find the directional derivative of f(x, y) = x² y at x = 5, y = −3 in the direction "
                           "of v = (1, −2), using the unit vector u = v/|v|.")
    curve = instantiate(make_exercise("id: e\nkind: normal-line\nof: 'x^2 + 2y^2 = 9'\nat: {x: '1', y: '-2'}\n"
                                      "hints: [h]"), 0)
    assert curve.prompt == "Find an equation of the normal line to the curve x² + 2y² = 9 at (1, −2)."
