"""``check`` for the course's other questions: implicit curves, lines, planes, gradients, Hessians, directions."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tutor.checking.forms import read_equation, read_matrix, read_vector
from tutor.checking.question_request import read_question
from tutor.checking.questions import check_question
from tutor.cli.main import app
from tutor.errors import UserError
from tutor.parsing import ParseError

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["check", *args], env={"NO_COLOR": "1", "COLUMNS": "100"})


def verdict(answer: str, of: str, **options):
    question, read = read_question(answer, of, **options)
    return check_question(question, read).status


def test_an_equation_is_split_at_its_one_top_level_equals_sign() -> None:
    eq = read_equation("y - 1 = 2(x - 1)", ["x", "y"])
    assert str(eq.difference) == "-2*x + y + 1"
    assert read_equation("L(x) = 2x - 1", ["x"], labels=("L",)).label == "L"
    assert read_equation("2x", ["x"]) is None
    with pytest.raises(ParseError) as err:
        read_equation("y = 2x = 3", ["x", "y"])
    assert err.value.span.column == 8


def test_vectors_take_every_bracket_and_a_bad_element_points_into_the_whole_text() -> None:
    for text in ("[2x, 2y]", "(2x, 2y)", "⟨2x, 2y⟩", "<2x, 2y>", "[[2x], [2y]]"):
        assert [str(r.expr) for r in read_vector(text, ["x", "y"])] == ["2*x", "2*y"], text
    assert len(read_matrix("[[2, 0], [0, 2]]", [])) == 2
    with pytest.raises(ParseError) as err:
        read_vector("[2x, 2q]", ["x", "y"])
    assert err.value.span.column == 7


@pytest.mark.parametrize("answer", ["y = 2x - 1", "y - 1 = 2(x - 1)", "2x - y = 1", "2x - 1", "4x - 2y - 2 = 0"])
def test_any_equation_of_the_tangent_line_is_right(answer: str) -> None:
    assert verdict(answer, "x^2", tangent_at="x=1") == "correct"


@pytest.mark.parametrize("answer", ["y = 3x - 2", "y = 2x", "y - 1 = 2x(x - 1)", "y = x - 1"])
def test_a_wrong_tangent_line_is_wrong(answer: str) -> None:
    assert verdict(answer, "x^2", tangent_at="x=1") == "incorrect"


def test_a_parallel_line_is_told_where_it_misses_the_point() -> None:
    question, read = read_question("y = 2x", "x^2", tangent_at="x=1")
    reason = check_question(question, read).reason.replace("−", "-")
    assert "has the right slope but at x = 1 it gives y = 2" in reason and "passes through (1, 1)" in reason
    question, read = read_question("z = 2x + 4y", "x^2 + y^2", tangent_plane_at="x=1,y=2")
    assert "at x = 1, y = 2 it gives z = 10" in check_question(question, read).reason


def test_a_linearization_may_be_written_as_the_tangent_line_in_point_slope_form() -> None:
    assert verdict("y - 2 = (x - 4)/4", "sqrt(x)", linearize_at="x=4") == "correct"
    assert verdict("z - 5 = 2(x - 1) + 4(y - 2)", "x^2 + y^2", linearize_at="x=1,y=2") == "correct"
    assert verdict("y - 2 = (x - 4)/5", "sqrt(x)", linearize_at="x=4") == "incorrect"
    with pytest.raises(ParseError):  # not solvable for y: still unreadable, with its column
        read_question("y^2 = x", "sqrt(x)", linearize_at="x=4")


def test_normal_lines_planes_linearizations_and_directions() -> None:
    assert verdict("x + 2y = 3", "x^2", normal_at="x=1") == "correct"
    assert verdict("y - 1 = 2(x - 1)", "x^2", normal_at="x=1") == "incorrect"
    assert verdict("x = 0", "x^2", normal_at="x=0") == "correct"  # a horizontal tangent: the normal is vertical
    assert verdict("2x + 4y - z = 5", "x^2 + y^2", tangent_plane_at="x=1,y=2") == "correct"
    assert verdict("z = 2x + 4y", "x^2 + y^2", tangent_plane_at="x=1,y=2") == "incorrect"
    assert verdict("L(x) = 1 + (x - 1)/2", "sqrt(x)", linearize_at="x=1") == "correct"
    assert verdict("(x - 1)/2", "sqrt(x)", linearize_at="x=1") == "incorrect"
    assert verdict("22/5", "x^2 + y^2", direction="(3, 4)", at="x=1,y=2") == "correct"
    assert verdict("22", "x^2 + y^2", direction="(3, 4)", at="x=1,y=2") == "incorrect"


def test_gradients_and_hessians_component_by_component() -> None:
    assert verdict("⟨2x y, x^2⟩", "x^2 y", gradient=True) == "correct"
    assert verdict("[x^2, 2x y]", "x^2 y", gradient=True) == "incorrect"  # components swapped
    assert verdict("[[2y, 2x], [2x, 0]]", "x^2 y", hessian=True) == "correct"
    assert verdict("[2x y, x^2]", "x^2 y", hessian=True) == "incorrect"  # the gradient given instead


def test_gradient_components_keep_their_typed_domain() -> None:
    """2e^(ln x) folds to 2x but is undefined for x ≤ 0; F = e^(ln x) + y lives on x > 0 (docs/checking.md)."""
    assert verdict("[2x, 1]", "x^2 + y", gradient=True) == "correct"
    assert verdict("[2e^(ln x), 1]", "x^2 + y", gradient=True) == "incorrect"
    assert verdict("[[2e^(ln x), 0], [0, 0]]", "x^2 + y", hessian=True) == "incorrect"
    assert verdict("[x/|x|, 1]", "e^(ln x) + y", gradient=True) == "correct"


def test_implicit_derivatives_are_compared_on_the_curve() -> None:
    assert verdict("-x/y", "x^2 + y^2 = 25") == "correct"
    # equal on the curve only: the difference is a multiple of x^2 + y^2 - 25
    assert verdict("-x/y + (x^2 + y^2 - 25)/(x y)", "x^2 + y^2 = 25") == "correct"
    assert verdict("1/x", "e^y = x") == "correct"  # y = ln x on the curve
    assert verdict("-x/sqrt(25 - x^2)", "x^2 + y^2 = 25") == "incorrect"  # the upper half only
    assert verdict("-2x", "x^2 + y^2 = 25") == "incorrect"


def test_unusable_questions_say_why() -> None:
    with pytest.raises(UserError, match="not on the curve"):
        read_question("y = 1", "x^2 + y^2 = 25", tangent_at="x=3,y=5")
    with pytest.raises(UserError, match="different questions"):
        read_question("y = 1", "x^2", tangent_at="x=1", gradient=True)
    with pytest.raises(UserError, match="direction has 3 components"):
        read_question("1", "x y", direction="(1, 2, 3)")


def test_cli_tangent_line_prints_the_line_and_exits_by_verdict() -> None:
    right = run("y - 1 = 2(x - 1)", "--of", "x^2", "--tangent-at", "x=1")
    assert right.exit_code == 0, right.output
    assert "tangent line to y = x² at x = 1: y = 2x − 1" in right.output
    assert "your answer, read as: y − 1 = 2x − 2" in right.output
    wrong = run("y = 3x - 2", "--of", "x^2", "--tangent-at", "x=1")
    assert wrong.exit_code == 1 and "has slope 3, but the tangent line has slope 2" in wrong.output


def test_cli_wrong_gradient_and_hessian_print_their_verdict_not_a_crash() -> None:
    # A wrong vector or matrix answer once ended in exit 70 ("no notation for ImmutableDenseMatrix").
    gradient = run("[2x, 2]", "--of", "x^2 + y", "--gradient")
    assert gradient.exit_code == 1, gradient.output
    assert "gradient of x² + y: [2x, 1]" in gradient.output and "component 2" in gradient.output
    hessian = run("[[2, 1], [0, 2]]", "--of", "x^2 + y^2", "--hessian")
    assert hessian.exit_code == 1, hessian.output
    assert "Hessian of x² + y²: [[2, 0], [0, 2]]" in hessian.output and "entry (1, 2)" in hessian.output


def test_a_point_where_f_is_not_differentiable_is_refused_not_printed_as_undefined() -> None:
    # These lines were printed "y = x undefined" and "L(x) = undefined x = 0".
    for args in (("x = 0", "--of", "x^(1/3)", "--tangent-at", "x=0"), ("L(x) = x", "--of", "abs(x)", "--linearize-at", "x=0"),
                 ("z = 0", "--of", "sqrt(x^2 + y^2)", "--tangent-plane-at", "x=0,y=0")):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert "does not exist at x = 0" in result.output and "undefined" not in result.output
        assert "needs a point where the function is differentiable" in result.output
    assert runner.invoke(app, ["explain", "x^(1/3)", "--tangent-at", "x=0"]).exit_code == 2
    assert run("y + 2 = (x + 8)/12", "--of", "x^(1/3)", "--tangent-at", "x=-8").exit_code == 0  # the real cube root


def test_cli_order_and_bad_input() -> None:
    assert run("6x", "--of", "x^3", "--order", "2").exit_code == 0
    assert run("3x^2", "--of", "x^3", "--order", "2").exit_code == 1
    bad = run("y = 2x", "--of", "x^2", "--tangent-at", "x=1", "--hessian")
    assert bad.exit_code == 2 and "give one" in bad.output


@pytest.mark.slow
def test_cli_implicit_json_in_a_real_process() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "tutor", "check", "x/y", "--of", "x^2 + y^2 = 25", "--json"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert data["question"]["kind"] == "implicit" and data["expected"] == "-x/y"
    assert data["numeric"]["points"] >= 8
