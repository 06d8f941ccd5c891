"""The teaching commands dual, trace and numdiff: in-process (CliRunner) and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tutor.cli.main import app

runner = CliRunner()
BAYDIN = "ln(x1) + x1*x2 - sin(x2)"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "120"})
    return result.exit_code, result.output


def run_json(*args: str) -> dict:
    code, out = run(*args, "--json")
    assert code == 0, out
    return json.loads(out)


def test_dual_exact_product() -> None:
    data = run_json("dual", "(3+2ε)(1-ε)")
    assert (data["real"], data["dual"]) == ("3", "-1")
    assert data["value"] == "3 − ε"
    assert any(step["title"] == "product rule" for step in data["steps"])


def test_dual_text_shows_the_rules() -> None:
    code, out = run("dual", "(3+2ε)(1-ε)")
    assert code == 0
    assert "⟨u v, u' v + u v'⟩" in out and "3 − ε" in out


def test_dual_function_at_a_point_is_exact() -> None:
    data = run_json("dual", "sin(x^2)", "--at", "x=2")
    assert data["real"] == "sin(4)" and data["dual"] == "4*cos(4)"
    code, out = run("dual", "sin(x^2)", "--at", "x=2")
    assert "f(2 + ε) = sin(4) + 4 cos(4) ε" in out


def test_dual_quotient_exact_fraction() -> None:
    data = run_json("dual", "(1+ε)/(2-3ε)")
    assert (data["real"], data["dual"]) == ("1/2", "5/4")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("dual", "ln(x)", "--at", "x=-2"), "ln(u) and its derivative need u > 0; here u = −2"),
        (("dual", "1/ε"), "division"),
        (("dual", "(3+2ε)(1-ε"), "never closed"),
        (("dual", "x*y"), "say which variable"),
        (("trace", "x^2"), "needs a point"),
        (("trace", "x^2", "--at", "x=1", "--mode", "sideways"), "unknown mode"),
        (("trace", "x^2", "--at", "x"), "has no value"),
        (("numdiff", "ln(x)", "--at", "x=-1"), "ln(u) and its derivative need u > 0; here u = −1"),
        (("numdiff", "x+y", "--at", "x=1"), "y"),
    ],
)
def test_bad_input_is_a_clear_error_with_exit_2(args: tuple[str, ...], message: str) -> None:
    code, out = run(*args)
    assert code == 2, out
    assert message in out
    assert "Traceback" not in out


def test_trace_baydin_numbers_both_modes() -> None:
    for mode in ("forward", "reverse"):
        data = run_json("trace", BAYDIN, "--at", "x1=2,x2=5", "--mode", mode)
        assert round(data["value"], 3) == 11.652
        assert data["gradient"]["x1"] == 5.5
        assert round(data["gradient"]["x2"], 3) == 1.716
        assert [row["v"] for row in data["trace"]][:2] == [-1, 0]
    forward = run_json("trace", BAYDIN, "--at", "x1=2,x2=5", "--wrt", "x2")
    assert forward["trace"][-1]["tangent"] == pytest.approx(1.716, abs=1e-3)


def test_trace_text_draws_table_graph_and_code() -> None:
    code, out = run("trace", BAYDIN, "--at", "x1=2,x2=5", "--mode", "reverse", "--code")
    assert code == 0, out
    assert "v₋₁ = x1" in out and "ln(v₋₁)" in out  # the Baydin numbering
    assert "v̄₋₁ += " in out  # x1 feeds two operations: two adjoint contributions
    assert "Computational graph" in out
    assert "def f_gradient(x):" in out
    assert "1.7163" in out and "11.6521" in out


def test_numdiff_rows_show_truncation_then_roundoff() -> None:
    data = run_json("numdiff", "sin(x)", "--at", "x=1")
    rows = data["rows"]
    assert [r["h"] for r in rows] == [10.0**-k for k in range(1, 13)]
    errors = [r["forward_error"] for r in rows]
    best = errors.index(min(errors))
    assert 0 < best < len(rows) - 1  # falls, then rises: both error regimes are visible
    assert errors[0] > errors[best] < errors[-1]
    assert data["ad"] == pytest.approx(0.5403023058681398, rel=1e-15)
    code, out = run("numdiff", "sin(x)", "--at", "x=1")
    assert code == 0 and "log-log" in out and "best symmetric step" in out


def test_plot_series_is_generic() -> None:
    from tutor.render.plots import plot_series

    console = Console(record=True, width=80, color_system=None)
    console.print(plot_series({"a": [(1, 1), (10, 100)], "b": [(1, 100), (10, None)]}, log_x=True, log_y=True))
    text = console.export_text()
    assert "●" in text and "✕" in text and "1e+2" in text


@pytest.mark.slow
def test_commands_run_as_a_real_subprocess() -> None:
    env = dict(os.environ, NO_COLOR="1", COLUMNS="120")
    out = subprocess.run([sys.executable, "-m", "tutor", "trace", BAYDIN, "--at", "x1=2,x2=5", "--json"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["gradient"]["x1"] == 5.5
    bad = subprocess.run([sys.executable, "-m", "tutor", "numdiff", "ln(x)", "--at", "x=-1"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "ln(u) and its derivative need u > 0; here u = −1" in bad.stderr + bad.stdout


def test_numdiff_marks_steps_that_leave_the_domain() -> None:
    data = run_json("numdiff", "ln(x)", "--at", "x=0.05")
    first = data["rows"][0]  # h = 0.1: x − h < 0, so the symmetric quotient is undefined
    assert first["symmetric"] is None and first["forward"] is not None
    assert data["ad"] == pytest.approx(20.0)
    code, out = run("numdiff", "ln(x)", "--at", "x=0.05")
    assert code == 0 and "undefined" in out


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [("x=1,,y=2", "empty entry", 5), ("1x=2", "not a variable name", 1), ("x=1,x=2", "given twice", 5),
     ("x=(1", "never closed", 3)],
)
def test_point_errors_point_at_the_column(text: str, message: str, column: int) -> None:
    from tutor.autodiff.points import parse_point
    from tutor.errors import UserError

    with pytest.raises(UserError, match=message) as info:
        parse_point(text)
    assert info.value.span is not None and info.value.span.column == column
