"""``calctutor check``: exit codes, human and JSON output, batch mode; in-process and as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.cli.main import app

runner = CliRunner()
KEYS = {"verdict", "answer", "expected", "symbolic", "numeric", "mistake", "steps", "message"}


def run(*args: str):
    return runner.invoke(app, ["check", *args], env={"NO_COLOR": "1", "COLUMNS": "100"})


def test_correct_exits_0_and_says_why() -> None:
    result = run("2x", "--of", "x^2")
    assert result.exit_code == 0, result.output
    assert "correct" in result.output and "read as: 2x" in result.output and "d/dx x² = 2x" in result.output


def test_a_negative_answer_is_taken_as_typed() -> None:
    result = run("-sin(x)", "--of", "cos(x)")
    assert result.exit_code == 0, result.output
    assert run("-2x", "--of", "-x^2", "--json").exit_code == 0


def test_incorrect_exits_1_with_counterexample_mistake_and_steps() -> None:
    result = run("2x cos(x)^2", "--of", "sin(x^2)")
    assert result.exit_code == 1, result.output
    assert "incorrect" in result.output and "counterexample: at x = " in result.output
    quiet = run("2x cos(x)^2", "--of", "sin(x^2)", "--no-explain")
    assert quiet.exit_code == 1 and "how to get it" not in quiet.output


def test_json_shape_for_a_wrong_answer() -> None:
    result = run("1/x", "--of", "x ln x", "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == KEYS
    assert data["verdict"] == "incorrect" and data["expected"] == "log(x) + 1"
    assert set(data["numeric"]) == {"points", "agree", "counterexample"} and data["numeric"]["points"] >= 8
    assert set(data["numeric"]["counterexample"]) == {"point", "answer", "expected"}
    quiet = json.loads(run("1/x", "--of", "x ln x", "--json", "--no-explain").output)
    assert quiet["mistake"] is None and quiet["steps"] is None


def test_unusable_input_exits_2() -> None:
    unknown = run("2y", "--of", "x^2", "--json")
    assert unknown.exit_code == 2 and json.loads(unknown.output)["verdict"] == "invalid"
    several = run("1", "--of", "x y")
    assert several.exit_code == 2 and "x, y" in several.output
    assert run("2x +", "--of", "x^2").exit_code == 2
    assert run("2x").exit_code == 2
    ambiguous = run("e^2x", "--of", "x^3", "--json")
    assert ambiguous.exit_code == 2 and len(json.loads(ambiguous.output)["readings"]) == 2


def test_undecided_exits_3() -> None:
    result = run("0", "--of", "sqrt(-1 - x^2)", "--json")
    assert result.exit_code == 3 and json.loads(result.output)["verdict"] == "undecided"


def test_partials_and_where() -> None:
    mixed = run("2x", "--of", "x^2 y", "--wrt", "x", "--wrt", "y")
    assert mixed.exit_code == 0 and "∂²/∂y∂x (x² y) = 2x" in mixed.output
    chain = run("cos(2t)", "--of", "x y", "--where", "x=cos(t), y=sin(t)")
    assert chain.exit_code == 0 and "d/dt (x y) = cos²(t) − sin²(t) where x = cos(t), y = sin(t)" in chain.output
    assert run("2y", "--of", "x^2 y", "--wrt", "x", "--wrt", "y").exit_code == 1
    assert run("y·(-sin t) + x·cos t", "--of", "x y", "--where", "x=cos(t), y=sin(t)").exit_code == 0


def test_help_documents_exit_codes() -> None:
    result = runner.invoke(app, ["check", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    words = " ".join(result.output.split())  # help paragraphs wrap to the terminal's width
    assert "Exit codes" in words and "3 undecided" in words


def test_batch_writes_one_json_line_per_row_in_order(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("answer,of,wrt\n2x,x^2,\n2,x^2,\n2y,x^2,\n-sin(x),cos(x),x\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--batch", str(path), "--no-explain"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["verdict"] for r in lines] == ["correct", "incorrect", "invalid", "correct"]


def _subprocess(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "tutor", "check", *args], capture_output=True, text=True, env=env, cwd=cwd)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("2x", "--of", "x^2"), 0),
        (("-sin(x)", "--of", "cos(x)", "--no-explain"), 0),
        (("2.0001x", "--of", "x^2", "--no-explain"), 1),
        (("2y", "--of", "x^2"), 2),
        (("0", "--of", "sqrt(-1-x^2)"), 3),
    ],
)
def test_exit_codes_in_a_real_process(args: tuple[str, ...], code: int) -> None:
    out = _subprocess(*args)
    assert out.returncode == code, out.stdout + out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.slow
def test_json_and_jsonl_batch_in_a_real_process(tmp_path: Path) -> None:
    out = _subprocess("-2x", "--of", "-x^2", "--json")
    assert out.returncode == 0 and set(json.loads(out.stdout)) == KEYS
    path = tmp_path / "rows.jsonl"
    rows = [{"answer": "2x", "of": "x^2"}, {"answer": "cos(2t)", "of": "x y", "where": {"x": "cos(t)", "y": "sin(t)"}}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    batch = _subprocess("--batch", str(path), "--jobs", "2")
    assert batch.returncode == 0, batch.stderr
    assert [json.loads(line)["verdict"] for line in batch.stdout.splitlines()] == ["correct", "correct"]


import pytest as _pytest


@_pytest.mark.parametrize("budget", ["-1", "nan", "inf", "0", "1e9"])
def test_a_nonsense_budget_is_refused(budget: str) -> None:
    from typer.testing import CliRunner

    from tutor.cli.main import app

    result = CliRunner().invoke(app, ["check", "2x", "--of", "x^2", "--budget", budget])
    assert result.exit_code == 2
    assert "--budget" in result.output
