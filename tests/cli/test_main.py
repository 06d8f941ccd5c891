"""The top-level command: --version and grouped --help, in-process and as a real subprocess."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from tutor import __version__
from tutor.cli.main import app


def test_version_in_process() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"calctutor {__version__}"


def test_help_lists_commands_in_a_subprocess() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tutor", "--help"], capture_output=True, text=True, env={"COLUMNS": "100", "PATH": ""}
    )
    assert out.returncode == 0, out.stderr
    assert "calctutor" in out.stdout
    assert "Exit codes" in out.stdout
