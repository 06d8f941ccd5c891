"""``calctutor parse``: in-process (CliRunner) and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tutor.cli.main import app

runner = CliRunner()


def _env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}


def test_reading_is_echoed_with_2d_form_and_notes() -> None:
    result = runner.invoke(app, ["parse", "log x / 2 + x²", "--var", "x"], env=_env())
    assert result.exit_code == 0, result.output
    assert "read as: x² + ln(x)/2" in result.output
    assert "natural logarithm" in result.output
    assert "ln(x)" in result.output and "2" in result.output


def test_leading_minus_works_as_typed() -> None:
    result = runner.invoke(app, ["parse", "-x^2", "--json"], env=_env())
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == {"input": "-x^2", "reading": "-x^2", "sympy": "-x**2", "variables": ["x"], "notes": []}


def test_json_has_the_documented_keys() -> None:
    result = runner.invoke(app, ["parse", "2x sin(x)", "--var", "x", "--json"], env=_env())
    data = json.loads(result.output)
    assert {"input", "reading", "sympy", "variables"} <= set(data)
    assert data["sympy"] == "2*x*sin(x)"
    assert data["variables"] == ["x"]


def test_epsilon_flag() -> None:
    assert runner.invoke(app, ["parse", "3 + 2ε", "--var", "x"], env=_env()).exit_code == 2
    result = runner.invoke(app, ["parse", "3 + 2ε", "--var", "x", "--epsilon", "--json"], env=_env())
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["sympy"] == "2*ε + 3"


def test_error_has_caret_and_hint_and_exit_2() -> None:
    result = runner.invoke(app, ["parse", "2x + y", "--var", "x"], env=_env())
    assert result.exit_code == 2
    assert "unknown name 'y'" in result.output
    assert "     ^" in result.output  # the caret under column 6
    assert "hint:" in result.output and "Traceback" not in result.output


def test_ambiguity_in_json_lists_both_readings() -> None:
    result = runner.invoke(app, ["parse", "1/2x", "--json"], env=_env())
    assert result.exit_code == 2
    data = json.loads(result.output)
    assert data["verdict"] == "invalid"
    assert data["column"] == 1
    assert {r["write"] for r in data["readings"]} == {"(1/2) x", "1/(2 x)"}


@pytest.mark.parametrize("text", ["", "__import__('os').system('ls')", "9^9^9^9", "(" * 10_000, "x\x1b"])
def test_bad_input_gives_exit_2_not_a_traceback(text: str) -> None:
    result = runner.invoke(app, ["parse", text, "--json"], env=_env())
    assert result.exit_code == 2
    assert json.loads(result.output)["verdict"] == "invalid"
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tutor", "parse", *args], capture_output=True, text=True, env=_env(), timeout=60
    )


def test_subprocess_reading_and_json() -> None:
    out = _run("-x^2", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["sympy"] == "-x**2"
    out = _run("sin^2 x + cos^2 x", "--var", "x")
    assert out.returncode == 0, out.stderr
    assert "read as: sin²(x) + cos²(x)" in out.stdout


def test_subprocess_errors() -> None:
    out = _run("e^2x")
    assert out.returncode == 2
    assert "ambiguous" in out.stderr and "e^(2x)" in out.stderr and "Traceback" not in out.stderr
    out = _run("open('/etc/passwd')", "--json")
    assert out.returncode == 2
    assert json.loads(out.stdout)["verdict"] == "invalid"
