"""``calctutor explain`` and ``calctutor mistakes``, in-process (CliRunner) and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from tutor.cli.main import app

runner = CliRunner()


def test_explain_draws_the_chain_rule() -> None:
    result = runner.invoke(app, ["explain", "sin(x^2)"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "let u = x²; d/du sin(u) = cos(u); du/dx = 2x" in result.output


def test_explain_json_successive_partials() -> None:
    result = runner.invoke(app, ["explain", "x^2 y^3", "--wrt", "x", "--wrt", "y", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["wrt"] == ["x", "y"] and doc["result"] == "6*x*y**2"
    assert [s["wrt"] for s in doc["steps"]] == ["x", "y"]


def test_explain_where_draws_paths() -> None:
    result = runner.invoke(app, ["explain", "x^2 + y^2", "--where", "x=cos(t), y=sin(t)"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "path f → x → t" in result.output and "path f → y → t" in result.output


def test_explain_with_a_wrong_answer_names_the_mistake() -> None:
    result = runner.invoke(app, ["explain", "ln(5x)", "--answer", "5/x", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["mistake"]["id"] == "chain.outer-not-kept"
    assert doc["mistake"]["location"] == "log(5*x)"


def test_explain_negative_function_is_not_an_option() -> None:
    result = runner.invoke(app, ["explain", "-cos(x)", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["result"] == "sin(x)"


def test_explain_bad_input_exits_2_with_a_caret() -> None:
    result = runner.invoke(app, ["explain", "sin(x"])
    assert result.exit_code == 2
    assert "^" in result.output


def test_explain_several_variables_need_wrt() -> None:
    result = runner.invoke(app, ["explain", "x y", "--json"])
    assert result.exit_code == 2
    assert json.loads(result.output)["verdict"] == "invalid"


def test_mistakes_lists_every_id() -> None:
    from tutor.explain import MISTAKES

    result = runner.invoke(app, ["mistakes", "--json"])
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert [m["id"] for m in doc] == [m.id for m in MISTAKES]
    assert all(m["example_of"] and m["example_answer"] for m in doc)
    table = runner.invoke(app, ["mistakes"], env={"COLUMNS": "200"})
    assert "chain.missing-inner" in table.output and "dual.componentwise-division" in table.output


def test_explain_in_a_real_subprocess() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tutor", "explain", "x e^(-x)", "--json"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["steps"][0]["rule"] == "product"
    assert doc["steps"][-1]["rule"] == "simplify"


def test_explain_exits_70_not_1_when_a_step_fails_verification(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Exit code 1 means "your answer is wrong"; a bug in the rules is an internal error (70)."""
    import tutor.explain
    from tutor.explain import StepVerificationError

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise StepVerificationError("the power step disagrees with the AD engine")

    monkeypatch.setattr(tutor.explain, "explain", broken)
    result = runner.invoke(app, ["explain", "x^2"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 70
    assert "internal error" in result.output and "nothing is shown" in result.output
