"""The one evaluator (tutor/autodiff/evaluator.py): every command reads f at a point alike.

Two evaluators used to disagree: x^(1/3) at x = -8 was -2 through the AD tape (check,
trace, dual) and "no real value" through explain's own evaluator, and SymPy's principal
branch gave 2·(-1)^(1/3) in the question steps and the dual-number packs. These tests pin
the real reading everywhere a person can ask for it.
"""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tutor.autodiff import compile_expression
from tutor.autodiff.evaluator import Evaluator, evaluate, exact_value
from tutor.cli.main import app
from tutor.parsing import parse

runner = CliRunner()
x = sympy.Symbol("x", real=True)


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "120"})
    return result.exit_code, result.output


# -- the evaluator itself ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, at, value",
    [
        ("x^(1/3)", -8, -2.0),  # odd root of a negative number: the real root
        ("x^(2/3)", -8, 4.0),
        ("x^(-1/3)", -8, -0.5),
        ("x^(5/3) + x", -1, -2.0),
        ("sqrt(x^2)", -3, 3.0),
        ("|x| / x", -2, -1.0),
        ("e^x ln(x)", 1, 0.0),
    ],
)
def test_float_and_exact_values_agree_with_the_real_reading(text: str, at: int, value: float) -> None:
    expr = parse(text)
    assert evaluate(expr, {"x": at}) == pytest.approx(value)
    assert float(exact_value(expr, {"x": sympy.Integer(at)})) == pytest.approx(value)
    assert compile_expression(expr, ["x"]).value({"x": at}) == pytest.approx(value)  # the compiled tape agrees


@pytest.mark.parametrize("text, at", [("x^(1/4)", -16), ("ln(x)", 0), ("1/(x - 2)", 2), ("asin(x)", 3), ("x^x", -2)])
def test_outside_the_domain_is_a_value_error_naming_the_operation(text: str, at: int) -> None:
    with pytest.raises(ValueError) as raised:
        evaluate(parse(text), {"x": at})
    assert "undefined at" in str(raised.value) or "here u =" in str(raised.value)
    with pytest.raises(ValueError):
        exact_value(parse(text), {"x": sympy.Integer(at)})
    assert exact_value(parse(text), {"x": sympy.Integer(at)}, strict=False) is not None  # SymPy's own value


def test_sign_is_read_as_u_over_abs_u_defined_off_zero() -> None:
    assert evaluate(sympy.sign(x) * x, {"x": -3}) == 3.0  # |x|' = sign(x) as explanations write it
    with pytest.raises(ValueError):
        evaluate(sympy.sign(x), {"x": 0})
    tape = compile_expression(sympy.sign(x) * x**2, ["x"])  # (sign(x)·x²)' = 2|x|, sign' = 0
    assert tape.derivative({"x": -1.5}, ["x"]) == pytest.approx(3.0)


def test_an_unknown_variable_is_refused_not_guessed() -> None:
    with pytest.raises(ValueError, match="z"):
        evaluate(parse("x + z"), {"x": 1})


def test_sub_expressions_are_computed_once_across_expressions() -> None:
    ev = Evaluator({"x": 2.0, "y": 1.0})
    first = parse("sin(x) y + ln(x)")
    ev(first)
    size = len(ev)
    assert ev(parse("ln(x) + sin(x) y")) == pytest.approx(ev(first))  # the same sum: nothing new
    assert len(ev) == size
    ev(parse("sin(x) y + ln(x) + 1"))  # SymPy flattens the sum: its additions are new, sin, ln and · are not
    assert len(ev) == size + 3  # the constant 1 and two additions


def test_a_failed_line_does_not_poison_the_others() -> None:
    ev = Evaluator({"x": -1.0})
    with pytest.raises(ValueError):
        ev(parse("ln(x) + x^2"))
    assert ev(parse("x^2 + 1")) == 2.0
    with pytest.raises(ValueError):
        ev(parse("ln(x)"))  # remembered, still an error


_TEXTS = ["x^(1/3)", "x^(2/3) - x", "sin(x) x^(1/5)", "(x^2 + 1)^(1/3)", "x^(3/5) e^x", "cos(x^(1/3))",
          "(x - 1)^(1/3) / (x^2 + 1)", "|x|^(1/3) + x^(1/3)", "atan(x^(1/3))"]


@settings(max_examples=60, deadline=None)
@given(text=st.sampled_from(_TEXTS), at=st.floats(-50, 50, allow_nan=False).filter(lambda v: abs(v) > 1e-3))
def test_float_exact_and_compiled_values_agree(text: str, at: float) -> None:
    expr = parse(text)
    exact_at = sympy.Rational(round(at * 64), 64)  # a dyadic rational: exact and float readings meet
    if exact_at == 0:
        return
    want = compile_expression(expr, ["x"]).value({"x": float(exact_at)})
    assert evaluate(expr, {"x": exact_at}) == pytest.approx(want, rel=1e-12)
    assert float(exact_value(expr, {"x": exact_at})) == pytest.approx(want, rel=1e-9)


def test_mpmath_real_root_oracle_agrees_at_random_negative_points() -> None:
    import mpmath

    rng = random.Random(3)
    for _ in range(20):
        a = -rng.uniform(0.1, 100)
        want = -float(mpmath.cbrt(-a)) ** 2  # (a^(1/3))^2·(-1)… written with an independent cube root
        assert evaluate(parse("-x^(2/3)"), {"x": a}) == pytest.approx(want, rel=1e-12)


# -- every command reads (-8)^(1/3) as -2 -----------------------------------------------------------


def test_check_and_explain_tangent_line_at_a_negative_cube_root() -> None:
    code, out = run("check", "--of", "x^(1/3)", "--tangent-at", "x=-8", "y = -2 + (x + 8)/12")
    assert code == 0, out
    assert "correct" in out
    code, out = run("explain", "x^(1/3)", "--tangent-at", "x=-8", "--plain")
    assert code == 0, out
    point_line = next(line for line in out.splitlines() if "the point:" in line)
    value = point_line.split("f(-8) = ")[1].split(" ")[0]
    assert parse(value) == -2  # the printed value, re-read
    assert "(-1)" not in out and "I" not in out.replace("In", "")


def test_explain_json_linearization_at_a_negative_cube_root() -> None:
    code, out = run("explain", "x^(1/3)", "--linearize-at", "x=-8", "--json")
    assert code == 0, out
    data = json.loads(out)
    result = parse(data["result"].split("=")[-1]) if "=" in data["result"] else parse(data["result"])
    assert sympy.simplify(result - (parse("x/12 - 4/3"))) == 0


def test_trace_and_dual_give_minus_two() -> None:
    code, out = run("trace", "x^(1/3)", "--at", "x=-8", "--json")
    assert code == 0, out
    assert json.loads(out)["value"] == -2.0
    code, out = run("dual", "(-8 + ε)^(1/3)", "--json")
    assert code == 0, out
    data = json.loads(out)
    assert (parse(data["real"]), parse(data["dual"])) == (-2, sympy.Rational(1, 12))


PACK = """\
format: 1
id: roots
title: Cube roots
version: "1.0"
author: test
license: CC-BY-4.0
description: Real cube roots of negative numbers.
topic: dual-numbers
exercises:
  - id: cube-root
    kind: dual-evaluate
    of: "x^(1/3)"
    at: {x: "-8"}
    hints: ["f(a + ε) = f(a) + f'(a)ε"]
    difficulty: 1
"""


def test_a_pack_asking_for_a_negative_cube_root_validates_and_expects_minus_two(tmp_path: Path) -> None:
    pack = tmp_path / "roots.yaml"
    pack.write_text(PACK, encoding="utf-8")
    code, out = run("validate", str(pack))
    assert code == 0, out
    code, out = run("preview", str(pack))
    assert code == 0, out
    answer = next(line for line in out.splitlines() if "answer:" in line)
    shown = answer.split("answer:")[1].split("(dual)")[0].strip()
    got = parse(shown, epsilon=True)  # the printed answer, re-read
    [eps] = got.free_symbols
    assert sympy.expand(got - (-2 + eps / 12)) == 0


def test_a_real_subprocess_agrees() -> None:
    done = subprocess.run([sys.executable, "-m", "tutor", "explain", "x^(1/3)", "--tangent-at", "x=-8", "--json"],
                          capture_output=True, text=True, timeout=120, env={"NO_COLOR": "1", "PATH": ""})
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout)["steps"][0]["substeps"]
    assert parse(steps[0]["result"]) == -2
    assert math.isclose(float(parse(steps[1]["result"])), 1 / 12)


def test_the_practice_plot_reads_the_function_alike() -> None:
    from tutor.render.practice_plot import sample

    assert sample(parse("x^(1/3)"), "x", [-8.0, 8.0]) == [-2.0, 2.0]
    # a function undefined at the first probe point is still plotted where it is defined (no SymPy fallback)
    assert sample(parse("ln(x - 1)"), "x", [0.5, 2.0]) == [None, 0.0]
