"""An implicit derivative is answered as students write it: `dy/dx = -x/y`, `y' = …`, LaTeX (issue 13)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tutor.cli.main import app
from tutor.parsing import parse

CIRCLE = "x^2 + y^2 = 25"


@pytest.mark.parametrize("answer", ["dy/dx = -x/y", "y' = -x/y", r"\frac{dy}{dx} = -\frac{x}{y}", "-x/y"])
def test_the_implicit_derivative_may_be_named_before_the_answer(answer: str) -> None:
    result = CliRunner().invoke(app, ["check", answer, "--of", CIRCLE])
    assert result.exit_code == 0, result.output
    assert "correct" in result.output
    shown = next(line for line in result.output.splitlines() if "read as:" in line).split("read as:")[1]
    assert parse(shown, ["x", "y"]) == parse("-x/y", ["x", "y"])  # the line the student reads, re-read


def test_a_prefix_naming_another_derivative_is_refused_with_both_named() -> None:
    refused = CliRunner().invoke(app, ["check", "dy/dt = -x/y", "--of", CIRCLE])
    assert refused.exit_code == 2
    assert "the answer starts with dy/dt = (d/dt), but the question asks for d/dx" in refused.output
