"""Hostile command lines as real subprocesses: exit 2 with the problem named, never a traceback or a hang.

Each case is one start of the CLI (~0.5 s); the wide attack runs live in
the layers' own tests, these prove the whole path from argv to exit code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}


def calctutor(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tutor", *args], input=stdin, capture_output=True, text=True,
                          timeout=60, env=ENV)


@pytest.mark.parametrize("args, words", [
    # a second --where used to replace the first silently; chained inner functions gave wrong verdicts
    (["check", "0", "--of", "u^2", "--where", "u=v", "--where", "v=u", "--wrt", "t"], "uses v, which is replaced"),
    (["check", "0", "--of", "u^2", "--where", "u=v^2, v=sin(t)", "--wrt", "t"], "uses v, which is replaced"),
    (["check", "2x", "--of", "x^2", "--wrt", ""], "--wrt is empty"),
    (["explain", "x^2", "--where", "x=cos(x)"], "uses itself"),
    (["trace", "e^(1000x)", "--at", "x=1"], "overflow"),
    (["trace", "x", "--at", "x=1", "--at", "x=2"], "x is given twice"),
    (["numdiff", "x^1000", "--at", "x=10"], "overflow"),
    (["trace", "x*y", "--at", "x=1,y=2", "--mode", "bogus"], "unknown mode"),
])
def test_hostile_command_lines_exit_2(args: list[str], words: str) -> None:
    done = calctutor(*args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert words in done.stderr.replace("\n", " ")
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


@pytest.mark.slow
def test_repeated_where_and_at_add_up_instead_of_replacing() -> None:
    done = calctutor("check", "-2sin(t)cos(t) + 2sin(t)cos(t)", "--of", "x^2 + y^2",
                     "--where", "x=cos(t)", "--where", "y=sin(t)", "--wrt", "t")
    assert done.returncode == 0, done.stderr
    assert "x = cos(t), y = sin(t)" in done.stdout
    done = calctutor("numdiff", "x*y", "--at", "x=1", "--at", "y=2", "--wrt", "y", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["point"] == {"x": 1.0, "y": 2.0} and data["ad"] == 1.0


@pytest.mark.slow
@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"},
                                 {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}])
def test_a_non_utf8_terminal_gets_output_not_an_internal_error(env: dict[str, str]) -> None:
    # ⟨⟩, ε, ·, box lines: every command used to die with UnicodeEncodeError (exit 70)
    done = subprocess.run([sys.executable, "-m", "tutor", "dual", "(2+ε)^2"], capture_output=True,
                          timeout=60, env={**ENV, **env})
    assert done.returncode == 0, done.stderr
    assert b"4 + 4" in done.stdout and b"internal error" not in done.stderr
    done = subprocess.run([sys.executable, "-m", "tutor", "check", "2x", "--of", "x^3", "--json", "--no-explain"],
                          capture_output=True, timeout=60, env={**ENV, **env})
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["expected"] == "3*x**2"  # exact JSON: non-ASCII is \u-escaped, not mangled


def test_utf8_arguments_under_an_ascii_locale_are_read_as_typed() -> None:
    env = {**ENV, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    done = subprocess.run([sys.executable, "-m", "tutor", "parse", "x²", "--json"], capture_output=True,
                          timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sympy"] == "x**2"


def test_closed_streams_are_not_an_internal_error() -> None:
    # `calctutor check ... >&- 2>&-`: sys.stdout/stderr are None; the verdict's exit code must survive
    done = subprocess.run([sys.executable, "-m", "tutor", "check", "2x", "--of", "x^2"],
                          stdin=subprocess.DEVNULL, stdout=None, stderr=None, timeout=60, env=ENV,
                          preexec_fn=lambda: (os.close(1), os.close(2)))
    assert done.returncode == 0


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_disk_under_stdout_is_reported_with_exit_74() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "tutor", "explain", "x^2"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60, env=ENV)
    assert done.returncode == 74
    assert "cannot write the output" in done.stderr and "internal error" not in done.stderr
