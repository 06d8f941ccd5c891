"""Every kind: the right answer is accepted in any equivalent form, a wrong one is not.

Answers are compared by the engines (checker, exact arithmetic), never as strings:
each right case is written differently from the expected text on purpose.
"""

from __future__ import annotations

import pytest

from tutor.packs import KINDS
from tutor.packs.instance import instantiate
from tutor.packs.kinds import KIND_TABLE
from tutor.parsing import ParseError

CASES = [
    # (exercise body, right answers, wrong answers)
    ("kind: derivative\nof: 'x^3 sin(x)'",
     ["3x^2 sin(x) + x^3 cos(x)", "x^2 (3 sin x + x cos x)"], ["3x^2 cos(x)", "x^3 cos(x)"]),
    ("kind: partial\nof: 'x^2 y^3'\nwrt: [x]", ["2x y^3", "y^3·2x"], ["3x^2 y^2", "2x"]),
    ("kind: partial\nof: 'x^3 y^2'\nwrt: [x, x]", ["6x y^2"], ["3x^2 y^2", "6x y"]),
    ("kind: partial\nof: 'x^3 y^2'\nwrt: [x, y]", ["6x^2 y", "3x^2·2y"], ["3x^2 y^2", "2x^3 y"]),
    ("kind: chain-rule\nof: 'sin(x^2)'", ["2x cos(x^2)", "cos(x^2)*2*x"], ["cos(x^2)", "cos(2x)"]),
    ("kind: multivariable-chain-rule\nof: 'x y'\nwhere: {x: 't^2', y: 't^3'}",
     ["5t^4", "y·2t + x·3t^2"], ["2t·3t^2", "2t"]),
    ("kind: dual-arithmetic\nof: '(2 + 3ε)(4 - ε)'", ["8 + 10ε", "8+10eps", "10ε + 8"], ["8 - 3ε", "8"]),
    ("kind: dual-arithmetic\nof: '(1 + 2ε)/(2 + ε)'", ["1/2 + (3/4)ε", "0.5 + 0.75ε"], ["1/2 + 2ε"]),
    ("kind: dual-arithmetic\nform: matrix\nof: '3 + 2ε'", ["[[3, 2], [0, 3]]"], ["[[3, 0], [0, 3]]", "[[3, 2], [2, 3]]"]),
    ("kind: dual-evaluate\nof: 'x^2 + x'\nat: {x: '3'}", ["12 + 7ε"], ["12 + 6ε", "12"]),
    ("kind: dual-evaluate\nof: 'sin(x)'\nat: {x: '2'}", ["sin(2) + cos(2)ε"], ["sin(2) - cos(2)ε"]),
    ("kind: graph-forward\nnodes: {p: 'x + y', g: 'p z'}\nat: {x: '-2', y: '5', z: '-4'}\nask: [p]",
     ["3", "6/2"], ["-12"]),
    ("kind: graph-forward\nnodes: {p: 'x + y', g: 'p z'}\nat: {x: '-2', y: '5', z: '-4'}\nask: [p, g]",
     ["[3, -12]"], ["[3, 12]"]),
    ("kind: graph-backward\nnodes: {p: 'x + y', g: 'p z'}\nat: {x: '-2', y: '5', z: '-3'}",
     ["[-3, -3, 3]"], ["[1, 1, 3]", "[-3, -3, -3]"]),
    ("kind: graph-backward\nnodes: {p: 'x + y', g: 'p z'}\nat: {x: '-2', y: '5', z: '-3'}\nask: [p]",
     ["-3"], ["3"]),
    ("kind: jacobian\nof: ['x y', 'x + y']\nvariables: [x, y]", ["[[y, x], [1, 1]]"], ["[[x, y], [1, 1]]", "[[y, x], [1, 0]]"]),
    ("kind: jacobian\npart: column\nindex: x\nof: ['x^2 y', 'sin(x)']\nvariables: [x, y]",
     ["[2x y, cos(x)]", "[[2xy], [cos x]]"], ["[x^2, 0]"]),
    ("kind: jacobian\npart: row\nindex: '2'\nof: ['x y', 'x^2 + y']\nvariables: [x, y]\nat: {x: '1', y: '2'}",
     ["[2, 1]"], ["[1, 2]"]),
    ("kind: mode-choice\ninputs: '1000'\noutputs: '1'",
     ["reverse", "backward mode", "Reverse, because m < n", "reverse: a single output"],
     ["forward", "reverse, because there are fewer inputs"]),
    ("kind: mode-choice\ninputs: '2'\noutputs: '50'", ["forward"], ["reverse"]),
    ("kind: mode-choice\nask: [forward-passes]\ninputs: '7'\noutputs: '3'", ["7"], ["3"]),
    ("kind: numeric-difference\nof: 'x^2'\nat: {x: '3'}\nh: '0.1'", ["6.1", "61/10"], ["6", "6.2"]),
    ("kind: numeric-difference\nof: 'sin(x)'\nat: {x: '1'}\nh: '0.1'\nscheme: symmetric", ["0.5394", "0.53940"], ["0.54030", "0.539"]),
    ("kind: numeric-difference\nof: 'x^2'\nat: {x: '3'}\nh: '0.1'\nask: [error]", ["0.1"], ["-0.1", "6.1"]),
    # the course's other questions: the same reader and checker as `calctutor check` (kinds/_question.py)
    ("kind: implicit\nof: 'x^2 + y^2 = 25'", ["-x/y", "-2x/(2y)", "x/(-y) + (x^2 + y^2 - 25)/(x y)", "dy/dx = -x/y",
                                              "y' = -x/y"],
     ["x/y", "-x/sqrt(25 - x^2)", "-2x"]),
    ("kind: implicit\nof: 'x^3 + y^3 = 6x y'", ["(2y - x^2)/(y^2 - 2x)", "(6y - 3x^2)/(3y^2 - 6x)"],
     ["(6y - 3x^2)/(3y^2)"]),
    ("kind: tangent-line\nof: 'x^2'\nat: {x: '1'}", ["y = 2x - 1", "y - 1 = 2(x - 1)", "2x - y = 1", "2x - 1"],
     ["y = 2x", "y - 1 = 2x(x - 1)", "y = x^2"]),
    ("kind: tangent-line\nof: 'x^2 + y^2 = 25'\nat: {x: '3', y: '4'}", ["3x + 4y = 25", "y - 4 = -(3/4)(x - 3)"],
     ["y - 4 = (4/3)(x - 3)", "4x + 3y = 25"]),
    ("kind: normal-line\nof: 'x^2'\nat: {x: '1'}", ["y - 1 = -(x - 1)/2", "x + 2y = 3"], ["y - 1 = 2(x - 1)"]),
    ("kind: linear-approximation\nof: 'sqrt(x)'\nat: {x: '4'}", ["L(x) = 2 + (x - 4)/4", "x/4 + 1", "y = 1 + x/4",
                                                                  "y - 2 = (x - 4)/4"],
     ["(x - 4)/4", "2 + x/4"]),
    ("kind: tangent-plane\nof: 'x^2 + y^2'\nat: {x: '1', y: '2'}", ["z = 2x + 4y - 5", "2x + 4y - z = 5"],
     ["z = 2(x - 1) + 4(y - 2)", "z = 5 + 2x(x - 1) + 2y(y - 2)"]),
    ("kind: gradient\nof: 'x^2 y'", ["[2x y, x^2]", "[y·2x, x x]", "(2x y, x^2)", "⟨2x y, x^2⟩"], ["[x^2, 2x y]", "[2x, x^2]"]),
    ("kind: gradient\nof: 'x^2 y + y^3'\nat: {x: '1', y: '2'}", ["[4, 13]", "[4.0, 13.00]"], ["[13, 4]", "[4, 12]"]),
    ("kind: hessian\nof: 'x^2 y + y^3'", ["[[2y, 2x], [2x, 6y]]"], ["[[2y, 2y], [2x, 6y]]", "[[2x y, 0], [0, 6y]]"]),
    ("kind: directional-derivative\nof: 'x^2 + y^2'\ndirection: '(3, 4)'\nat: {x: '1', y: '2'}",
     ["22/5", "4.4", "(2·3 + 4·4)/5"], ["22", "4.5"]),
]


def _make(make_exercise, body: str):  # type: ignore[no-untyped-def]
    return instantiate(make_exercise("id: e\n" + body + "\nhints: [h]"), 0)


@pytest.mark.parametrize(("body", "right", "wrong"), CASES, ids=[c[0].split("\n")[0][6:] + str(i) for i, c in enumerate(CASES)])
def test_right_and_wrong_answers(make_exercise, body, right, wrong) -> None:  # type: ignore[no-untyped-def]
    inst = _make(make_exercise, body)
    for text in right:
        feedback = inst.check(text)
        assert feedback.correct and feedback.status == "correct", (text, feedback.message)
    for text in wrong:
        feedback = inst.check(text)
        assert not feedback.correct and feedback.status == "incorrect", text
        assert feedback.message


def test_every_kind_has_a_row_and_a_case() -> None:
    assert set(KIND_TABLE) == set(KINDS)
    assert {c[0].split("\n")[0].removeprefix("kind: ") for c in CASES} == set(KINDS)


# (kind body, answer of the wrong shape, what the message says): not an attempt (a ParseError), never a verdict.
SHAPES = [
    ("kind: graph-forward\nnodes: {p: 'x + y', g: 'p z'}\nat: {x: '-2', y: '5', z: '-4'}\nask: [p, g]", "[3]",
     "this question wants 2 numbers in brackets, [a, b]"),
    ("kind: graph-forward\nnodes: {p: 'x + y', g: 'p z'}\nat: {x: '-2', y: '5', z: '-4'}\nask: [p]", "[3, -12]",
     "this question wants one number"),
    ("kind: jacobian\nof: ['x y z', 'x + y z']\nvariables: [x, y, z]", "[[y, x], [1, 1]]",
     "this question wants a 2 × 3 matrix [[a, b, c], [d, e, f]]"),
    ("kind: jacobian\nof: ['x y z', 'x + y z']\nvariables: [x, y, z]", "y z",
     "this question wants a 2 × 3 matrix [[a, b, c], [d, e, f]]"),
    ("kind: dual-arithmetic\nof: '(3 + 2ε)(1 - ε)'", "[3, -1]", "this question wants one dual number a + b ε"),
    ("kind: dual-arithmetic\nof: '(5 + ε)^2'", "25 + 10e", "e is Euler's number 2.718…; type ε as eps"),
    ("kind: tangent-line\nof: 'x^2'\nat: {x: '1'}", "[2, -1]", "the equation of a line or plane"),
    ("kind: hessian\nof: 'x^2 y'", "((2y, 2x), (2x, 0))", "this question wants a 2 × 2 matrix"),
    ("kind: hessian\nof: 'x^2 y'", "[2x y, x^2, 0]", "a matrix is a list of rows"),  # [2x y, x^2] is read: a mistake
    ("kind: gradient\nof: 'x^2 y'", "2x y", "this question wants 2 numbers in brackets"),
    ("kind: implicit\nof: 'x^2 + y^2 = 25'", "y = -x/y", "write dy/dx as a formula in x and y"),
]


@pytest.mark.parametrize(("body", "text", "message"), SHAPES)
def test_an_answer_of_the_wrong_shape_is_not_an_attempt(make_exercise, body, text, message) -> None:  # type: ignore[no-untyped-def]
    inst = _make(make_exercise, body)
    with pytest.raises(ParseError) as info:
        inst.check(text)
    assert message in info.value.message


def test_a_transposed_jacobian_is_read_and_named(make_exercise) -> None:  # type: ignore[no-untyped-def]
    inst = _make(make_exercise, "kind: jacobian\nof: ['x y z', 'x + y z']\nvariables: [x, y, z]")
    feedback = inst.check("[[y z, 1], [x z, z], [x y, y]]")
    assert feedback.status == "incorrect" and feedback.mistake.id == "jacobian.transposed"


def test_unreadable_answers_raise_parse_errors_with_columns(make_exercise) -> None:  # type: ignore[no-untyped-def]
    jac = _make(make_exercise, "kind: jacobian\nof: ['x y', 'x + y']\nvariables: [x, y]")
    with pytest.raises(ParseError) as info:
        jac.read_answer("[[y, x], [1, 1 +]]")
    assert info.value.span.start >= 14  # inside the second row, not at column 1
    with pytest.raises(ParseError, match="same number of elements"):
        jac.read_answer("[[y, x], [1]]")
    with pytest.raises(ParseError, match="list of rows"):
        jac.read_answer("[y, x]")
    deriv = _make(make_exercise, "kind: derivative\nof: 'x^2'")
    with pytest.raises(ParseError):
        deriv.check("2x +")
    with pytest.raises(ParseError, match="unknown name|variable"):
        deriv.check("2q")
    mode = _make(make_exercise, "kind: mode-choice\ninputs: '3'\noutputs: '1'")
    with pytest.raises(ParseError, match="forward or reverse"):
        mode.read_answer("sideways")


def test_dual_answers_must_be_a_plus_b_epsilon(make_exercise) -> None:  # type: ignore[no-untyped-def]
    inst = _make(make_exercise, "kind: dual-arithmetic\nof: '(2 + ε)^2'")
    assert inst.epsilon and inst.answer_form == "dual"
    with pytest.raises(ParseError, match="a \\+ bε"):
        inst.read_answer("1/(1 - ε)")
    reading = inst.read_answer("4 + 4ε + ε^2")
    assert any("ε² = 0" in note for note in reading.notes)


def test_anticipated_answers_match_by_equivalence(make_exercise) -> None:  # type: ignore[no-untyped-def]
    inst = instantiate(make_exercise(
        """
        id: e
        kind: chain-rule
        of: "sin({a} x)"
        params: {a: {integer: [2, 2]}}
        hints: [h]
        feedback:
          - answer: "cos({a} x)"
            mistake: chain.missing-inner
          - answer: "-{a} cos({a} x)"
            message: "Check the sign of d/du sin(u) = cos(u) for a = {a}."
        """
    ), 0)
    missing = inst.check("cos(x + x)")  # written differently from the anticipated text
    assert missing.anticipated and missing.mistake is not None and missing.mistake.id == "chain.missing-inner"
    sign = inst.check("-2cos(2x)")
    assert sign.anticipated and sign.message == "Check the sign of d/du sin(u) = cos(u) for a = 2."
    other = inst.check("2sin(2x)")
    assert not other.anticipated and not other.correct
    assert other.steps is not None  # the derivation comes with a wrong derivative answer


def test_instance_interface_for_the_practice_session(make_exercise) -> None:  # type: ignore[no-untyped-def]
    inst = instantiate(make_exercise(
        """
        id: e
        kind: partial
        of: "x^{n} y"
        wrt: [y]
        params: {n: {integer: [2, 5]}}
        hints: ["Hold x constant; x^{n} is a constant factor."]
        skills: [partial-derivative]
        difficulty: 2
        """
    ), 7)
    n = inst.values["n"]
    assert inst.prompt == f"Find ∂/∂y of f = x^{n}*y." or inst.prompt.startswith("Find ∂/∂y of f = ")
    assert inst.hints == (f"Hold x constant; x^{n} is a constant factor.",)
    assert (inst.kind, inst.skills, inst.difficulty, inst.exercise_id, inst.pack_id) == (
        "partial", ("partial-derivative",), 2, "e", "t")
    assert set(inst.variables) == {"x", "y"} and not inst.epsilon
    assert inst.expected_text == "x" + str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))  # printed: x⁴
    assert inst.read_answer(f"x^{n}").text == f"x^{n}"


def test_derivative_answers_and_functions_keep_their_typed_domain(make_exercise) -> None:  # type: ignore[no-untyped-def]
    """2e^(ln x) folds to 2x but is undefined for x ≤ 0; F = e^(ln x) lives on x > 0 (docs/checking.md)."""
    square = _make(make_exercise, "kind: derivative\nof: 'x^2'")
    assert square.check("2x").correct
    folded = square.check("2e^(ln x)")
    assert not folded.correct and folded.status == "incorrect"
    on_positives = _make(make_exercise, "kind: derivative\nof: 'e^(ln x)'")
    assert on_positives.check("x/|x|").correct and on_positives.check("1").correct
    inner = _make(make_exercise, "kind: multivariable-chain-rule\nof: 'u'\nwhere: {u: 'e^(ln t)'}\nwrt: [t]")
    assert inner.check("t/|t|").correct
