"""Steps and named mistakes of the course's other questions, and logarithmic differentiation."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tutor.checking.question_request import read_question
from tutor.cli.main import app
from tutor.explain import StepVerificationError, diagnose
from tutor.explain.logarithmic import logarithmic_steps
from tutor.explain.question_mistakes import QUESTION_MISTAKES, diagnose_question
from tutor.explain.question_steps import Claim, QuestionStep, question_steps, verify_claims
from tutor.parsing import parse

runner = CliRunner()

QUESTIONS = [
    ("x^3 + y^3 = 6x y", {}),
    ("x^2", {"tangent_at": "x=1"}),
    ("sqrt(x)", {"normal_at": "x=4"}),
    ("x^2", {"normal_at": "x=0"}),
    ("x^2 + y^2 = 25", {"tangent_at": "x=3,y=4"}),
    ("e^x", {"linearize_at": "x=0"}),
    ("x^2 y", {"tangent_plane_at": "x=2,y=1"}),
    ("x^2 y", {"gradient": True}),
    ("x^3 y^2", {"hessian": True, "at": "x=1,y=2"}),
    ("x^2 + y^2", {"direction": "(3, 4)", "at": "x=1,y=2"}),
]


@pytest.mark.parametrize("of, options", QUESTIONS, ids=[f"{o}{sorted(k)}" for o, k in QUESTIONS])
def test_every_question_has_verified_steps_ending_in_the_answer(of: str, options: dict) -> None:
    question, _ = read_question(None, of, **options)
    steps = question_steps(question)  # raises StepVerificationError on a wrong claim
    assert len(steps) >= 3
    assert all(s.text for s in steps)
    assert question.expected_text.split(" = ")[-1] in steps[-1].text


def test_a_wrong_claim_is_caught() -> None:
    with pytest.raises(StepVerificationError):
        verify_claims([QuestionStep("value", "x^2 at 1 is 2", parse("2"), (Claim(parse("x^2"), parse("2"), (), (("x", 1),)),))])


def test_implicit_steps_differentiate_collect_solve() -> None:
    question, _ = read_question(None, "x^2 + y^2 = 25")
    texts = [s.text for s in question_steps(question)]
    assert texts[0].endswith("2x + 2y·dy/dx = 0")
    assert texts[1] == "collect the dy/dx terms on one side: 2y·dy/dx = −2x"
    assert texts[2] == "solve for dy/dx: dy/dx = (−2x)/(2y) = −x/y"


@pytest.mark.parametrize("mistake", QUESTION_MISTAKES, ids=lambda m: m.id)
def test_each_question_mistake_example_is_diagnosed_as_itself(mistake) -> None:
    question, answer = read_question(mistake.example_answer, mistake.example_of, **dict(mistake.options))
    found = diagnose_question(question, answer, budget_s=2.0)
    assert found is not None and found.id == mistake.id, found
    assert found.message


def test_a_right_answer_fits_no_question_mistake() -> None:
    question, answer = read_question("y = 2x - 1", "x^2", tangent_at="x=1")
    assert diagnose_question(question, answer) is None


def test_logarithmic_differentiation_takes_ln_of_both_sides() -> None:
    steps = logarithmic_steps(parse("x^2 (x + 1)^3/sqrt(x - 1)"), "x")
    assert [s.rule for s in steps] == ["ln-both-sides", "differentiate-both-sides", "multiply-by-y"]
    assert steps[0].shown == "ln(y) = 2 ln(x) − ln(x − 1)/2 + 3 ln(x + 1)"
    assert steps[2].text.startswith("multiply by y = x²(x + 1)³/√(x − 1): y' = (x²(x + 1)³/√(x − 1))(")
    assert diagnose(parse("x^x"), parse("ln(x) + 1"), ["x"]).best.id == "logdiff.not-multiplied-by-y"
    assert diagnose(parse("x^(sin(x))"), parse("x^(sin(x)) cos(x) ln(x)"), ["x"]).best.id == "logdiff.product-rule"


def test_one_derivative_too_many_is_the_wrong_order() -> None:
    found = diagnose(parse("x^4"), parse("24"), ["x", "x", "x"])
    assert found.best.id == "order.wrong" and "too many" in found.best.message


def test_cli_explain_tangent_line_and_log() -> None:
    result = runner.invoke(app, ["explain", "x^2", "--tangent-at", "x=1"], env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "the slope: d/dx x² = 2x; at x = 1: 2" in result.output
    assert "point-slope form: y − 1 = 2(x − 1), so the tangent line is y = 2x − 1" in result.output
    logged = runner.invoke(app, ["explain", "x^x", "--log", "--json"], env={"NO_COLOR": "1"})
    assert logged.exit_code == 0, logged.output
    data = json.loads(logged.output)
    assert [s["rule"] for s in data["steps"][0]["substeps"]][0] == "ln-both-sides"
    assert data["steps"][0]["text"] == "logarithmic differentiation: d/dx xˣ = xˣ(ln(x) + 1)"
    mistaken = runner.invoke(app, ["explain", "x^2 y", "--hessian", "--answer", "[2x y, x^2]", "--json"])
    assert json.loads(mistaken.output)["mistake"]["id"] == "hessian.gradient-instead"


SHOWN_QUESTIONS = QUESTIONS + [
    ("sin(x)/x", {"normal_at": "x=pi"}),
    ("x^2 e^x", {"tangent_at": "x=1"}),
    ("x^2 y - y/(x + 1)", {"linearize_at": "x=1,y=-2"}),
    ("x^2 + x y + y^2 = 7", {"normal_at": "x=1,y=2"}),
    ("ln(x) y^2", {"direction": "(1, -2)", "at": "x=1,y=3"}),
]


def _lines(step: dict) -> list[str]:
    return [step["text"], *(line for sub in step["substeps"] for line in _lines(sub))]


@pytest.mark.parametrize("of, options", SHOWN_QUESTIONS, ids=[f"{o}{sorted(k)}" for o, k in SHOWN_QUESTIONS])
def test_question_lines_are_printed_math_that_reads_back(of: str, options: dict) -> None:
    """Every line is student notation (no SymPy spellings), and each step's equation re-reads with the parser."""
    import re

    from tutor.explain.question_steps import question_steps_json
    from tutor.parsing import notation as M

    question, _ = read_question(None, of, **options)
    data = question_steps_json(question)
    for line in _lines(data):
        # ^ only before a bracketed exponent (x^(n − 1): unicode superscripts only numbers and single letters)
        assert not re.search(r"\*|\bpi\b|\bE\b|Abs|sign\(|\blog\(|\bsqrt\(|\^(?!\()", line), line
    shown = [s["shown"] for s in data["substeps"] if s["shown"]] + [data["shown"]]
    assert len(shown) >= 2
    for line in shown:
        right = line.split(" = ")[-1]
        if not right.startswith("[") and "dy/dx" not in right:  # vectors and dy/dx are not expressions
            M.read_tree(right)  # raises ParseError when a printed right-hand side does not read back
    plain = question_steps_json(question, target="plain")
    assert all(line.isascii() for line in _lines(plain)), [line for line in _lines(plain) if not line.isascii()]
