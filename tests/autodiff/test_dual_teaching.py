"""calctutor dual teaches: each step's working fills in the rule printed above it, and an --at that
the expression does not use is refused (exit 2) instead of silently ignored."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tutor.autodiff.dual_steps import dual_steps
from tutor.cli.main import app
from tutor.errors import UserError
from tutor.parsing import parse

runner = CliRunner()


def _step(text: str, title: str, point=None):
    evaluation = dual_steps(parse(text, None, epsilon=True), point or {})
    return [s for s in evaluation.steps if s.title == title][-1]  # the outermost such step


def test_the_quotient_working_is_the_quotient_rule_filled_in() -> None:
    step = _step("(3+2ε)/(1-ε)", "quotient rule")
    assert step.rule == "⟨u, u'⟩/⟨v, v'⟩ = ⟨u/v, (u' v − u v')/v²⟩  (v ≠ 0)"
    assert step.operands == ("⟨3, 2⟩", "⟨1, −1⟩")
    # (u'v − uv')/v² with u = 3, u' = 2, v = 1, v' = −1, term for term
    assert step.working == "⟨3/1, (2·1 − 3·(−1))/1²⟩"
    assert (step.result.a, step.result.b) == (3, 5)


def test_a_fractional_denominator_is_bracketed_before_it_is_squared() -> None:
    step = _step("x/(x^2+1)", "quotient rule", {"x": 2})
    assert step.working == "⟨2/5, (1·5 − 2·4)/5²⟩"  # (1·5 − 2·4)/25 = −3/25
    step = _step("(1+ε)/(1/2+ε)", "quotient rule")
    assert step.working.endswith("/(1/2)²⟩")


@pytest.mark.parametrize(
    ("text", "title", "working"),
    [
        ("(3+2ε)(1-ε)", "product rule", "⟨1·3, (−1)·3 + 1·2⟩"),  # u'v + uv' with u = 1 − ε, v = 3 + 2ε
        ("3+2ε", "sum rule", "⟨3 + 0, 0 + 2⟩"),  # u' + v', zeros included
        ("(3+2ε)^3", "power rule", "⟨3³, 3·3^(3 − 1)·2⟩"),  # k·u^(k−1)·u'
    ],
)
def test_other_rules_fill_in_their_own_formula(text: str, title: str, working: str) -> None:
    assert _step(text, title).working == working


def test_an_unused_point_is_refused_by_the_logic() -> None:
    with pytest.raises(UserError, match="has no x"):
        dual_steps(parse("3+2ε", None, epsilon=True), {"x": 2})


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (("(3+2ε)", "--at", "x=2"), "--at x=2 is not used: the expression has no x", "drop --at"),
        (("x^2", "--at", "x=2,y=1"), "--at y=1 is not used: the expression has no y", "drop y=1 from --at"),
    ],
)
def test_dual_refuses_an_at_it_would_ignore(args, message, hint) -> None:
    result = runner.invoke(app, ["dual", *args], env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert result.exit_code == 2, result.output
    assert message in result.output and hint in result.output
    as_json = runner.invoke(app, ["dual", *args, "--json"], env={"NO_COLOR": "1"})
    assert as_json.exit_code == 2 and message in json.loads(as_json.stdout)["message"]


def test_dual_refuses_an_unused_at_as_a_real_subprocess() -> None:
    out = subprocess.run([sys.executable, "-m", "tutor", "dual", "(3+2ε)", "--at", "x=2"],
                         capture_output=True, text=True, env={"NO_COLOR": "1", "PATH": "", "COLUMNS": "200"},
                         timeout=60)
    assert out.returncode == 2
    assert "the expression has no x" in out.stdout + out.stderr and "Traceback" not in out.stderr
