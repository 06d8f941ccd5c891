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


def test_a_bug_is_reported_in_one_paragraph_not_a_traceback() -> None:
    # A command that crashes (here: the parser replaced by one that raises) must
    # still end with a plain message and exit 70, never a Python traceback.
    script = (
        "import sys\n"
        "sys.argv = ['calctutor', 'parse', 'x']\n"
        "import tutor.parsing\n"
        "def boom(*a, **k): raise RuntimeError('boom')\n"
        "tutor.parsing.read = boom\n"
        "from tutor.cli.main import run\n"
        "run()\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 70
    assert "internal error: RuntimeError: boom" in out.stderr
    assert "Traceback" not in out.stderr + out.stdout


def test_a_closed_pipe_is_not_an_error() -> None:
    # `calctutor mistakes | head -1`: the reader goes away; no BrokenPipeError traceback.
    proc = subprocess.Popen(
        [sys.executable, "-m", "tutor", "mistakes"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None
    proc.stdout.read(10)
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err
    assert b"internal error" not in err
