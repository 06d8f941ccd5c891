"""Rough edges a new user met: check --plot, ln in check's output, trace and help at narrow widths."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tutor.cli.main import app
from tutor.render.expressions import operand, shown

runner = CliRunner()


def run(*args: str, columns: int = 100):
    return runner.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": str(columns)})


def test_check_plot_draws_the_answer_against_the_derivative() -> None:
    result = run("check", "e^(x^2)", "--of", "e^(x^2)", "--plot", "--no-explain")
    assert result.exit_code == 1, result.output
    # The practice :plot chart, narrowed to [-2, 2] because 2x·e^(x²) is steep on [-3, 3].
    assert "d/dx over [-2, 2]: largest gap" in result.output
    assert "your answer" in result.output and "right derivative" in result.output


def test_check_plot_of_a_right_answer_says_the_curves_coincide() -> None:
    result = run("check", "-sin(x)", "--of", "cos(x)", "--plot")
    assert result.exit_code == 0, result.output
    assert "the two curves coincide" in result.output


def test_check_plot_of_a_partial_derivative_says_why_there_is_no_chart() -> None:
    result = run("check", "2x y", "--of", "x^2 y", "--wrt", "x", "--plot")
    assert result.exit_code == 0, result.output
    assert "--plot draws derivatives of one variable; this one depends on y" in result.output
    assert "right derivative" not in result.output


def test_check_plot_is_left_out_of_json() -> None:
    result = run("check", "2x", "--of", "x^2", "--plot", "--json")
    assert result.exit_code == 0 and result.output.lstrip().startswith("{") and "│" not in result.output


def test_check_plot_in_a_subprocess_from_outside_the_repository(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    out = subprocess.run([sys.executable, "-m", "tutor", "check", "cos(x^2)", "--of", "sin(x^2)", "--plot"],
                         capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert out.returncode == 1, out.stderr
    assert "largest gap" in out.stdout and "Traceback" not in out.stderr


def test_check_writes_ln_for_the_natural_logarithm_without_doubled_parentheses() -> None:
    result = run("check", "5/x", "--of", "ln(5x)")
    assert result.exit_code == 1, result.output
    assert "d/dx ln(5x) = 1/x" in result.output
    assert "log(5x)" not in result.output  # the heading, the mistake and the steps all say ln


def test_check_keeps_parentheses_around_a_compound_function() -> None:
    assert "d/dx (x ln(x)) = ln(x) + 1" in run("check", "ln(x) + 1", "--of", "x log x").output


def test_shown_and_operand() -> None:
    assert shown("log(x)/log(10) + xlog(2)") == "ln(x)/ln(10) + xlog(2)"
    assert [operand(t) for t in ("x", "2.5", "sin(x^2)", "sin(x)*cos(x)", "x^2", "(x+1)*(x-1)")] == [
        "x", "2.5", "sin(x^2)", "(sin(x)*cos(x))", "(x^2)", "((x+1)*(x-1))"]


def test_reverse_trace_title_is_one_line_at_60_columns() -> None:
    result = run("trace", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5", "--mode", "reverse", columns=60)
    assert result.exit_code == 0, result.output
    assert "Reverse mode: the primal trace, then adjoints backwards\n" in result.output


def test_numdiff_closing_note_is_one_wrapped_paragraph() -> None:
    result = run("numdiff", "sin(x)", "--at", "x=1")
    assert result.exit_code == 0, result.output
    assert "for symmetric); left of it round-off" in " ".join(result.output.split())
    assert "symmetric);\nleft" not in result.output


def test_every_argument_is_named_in_capitals_in_help() -> None:
    for command, name in [("check", "[ANSWER]"), ("explain", "F"), ("dual", "EXPR"), ("trace", "F"),
                          ("numdiff", "F"), ("practice", "[TOPIC]"), ("preview", "PACK"), ("validate", "[PACK]...")]:
        usage = run(command, "--help").output
        assert f"calctutor {command} [OPTIONS] " in usage and name in usage, (command, usage[:300])


def test_validate_summary_fits_one_line_of_the_command_list() -> None:
    listing = run("--help", columns=100).output
    line = next(line for line in listing.splitlines() if "validate" in line)
    assert "anticipated answers." in line


def test_explain_writes_ln_in_steps_and_diagnosis() -> None:
    result = run("explain", "ln(5x)", "--answer", "5/x")
    assert result.exit_code == 0, result.output
    assert "d/dx ln(5x) = 1/x" in result.output and "where: ln(5x)" in result.output
    assert "log(" not in result.output


def test_dual_steps_keep_each_rule_on_one_line_at_80_columns() -> None:
    result = run("dual", "sin(x^2)", "--at", "x=2", columns=80)
    assert result.exit_code == 0, result.output
    assert "power rule   ⟨u, u'⟩ᵏ = ⟨uᵏ, k u^(k − 1) u'⟩  (u ≠ 0)" in result.output
    assert "u = ⟨4, 4⟩:  ⟨sin(4), 4 cos(4)⟩ = sin(4) + 4 cos(4) ε" in result.output
    assert max(len(line.rstrip()) for line in result.output.splitlines()) <= 80


def test_topics_shows_whole_titles_at_80_columns() -> None:
    result = run("topics", columns=80)
    assert result.exit_code == 0, result.output
    assert "Automatic differentiation" in result.output and "…" not in result.output


def test_a_variable_left_out_of_at_is_named() -> None:
    for command in ("trace", "numdiff", "dual"):
        result = run(command, "x*y", "--at", "x=1")
        assert result.exit_code == 2, (command, result.output)
        assert "no value for y" in result.output and "--at x=1,y=…" in result.output, (command, result.output)


def test_a_name_that_is_no_variable_keeps_the_parser_message() -> None:
    result = run("trace", "x1*yy", "--at", "x1=1")
    assert result.exit_code == 2 and "unknown name 'yy'" in result.output


def test_trace_missing_value_in_a_subprocess(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    out = subprocess.run([sys.executable, "-m", "tutor", "trace", "x*y", "--at", "x=1", "--json"],
                         capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert out.returncode == 2 and "no value for y" in out.stdout + out.stderr


def test_help_paragraphs_wrap_to_a_narrow_terminal() -> None:
    help_text = run("check", "--help", columns=60).output
    # One paragraph, wrapped by the terminal: no stub line left by the source's own line breaks.
    assert "at random points of F's real domain" in " ".join(help_text.split())
    # Before: "…at random" / "points of F's real" / "domain (by automatic…": the source's break kept.
    assert not any(line.strip().endswith("F's real") for line in help_text.splitlines())
    assert not any(line.strip() in {"(parse error,", "within the time"} for line in help_text.splitlines())


def test_practice_writes_ln_in_prompts_and_feedback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["practice", "chain-rule", "--seed", "0", "--count", "1", "--data-dir", str(tmp_path)],
                           input="5/x\n:steps\n", env={"NO_COLOR": "1", "COLUMNS": "100"})
    # (which numbers are drawn depends on the scheduler; the prompt's shape is the point)
    assert re.search(r"Find d/dx of ln\(\d+x \+ \d+\)\.", result.output), result.output
    assert "log(" not in result.output
