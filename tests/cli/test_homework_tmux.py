"""Once end to end in a real terminal: tmux runs `calctutor homework`, we type and read the screen,
stop half way, and start again where we left off."""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

# The practice test's tmux driver (one private server per test), loaded by path (tests are not a package).
_spec = importlib.util.spec_from_file_location("practice_tmux", Path(__file__).with_name("test_practice_tmux.py"))
_practice_tmux = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(_practice_tmux)  # type: ignore[union-attr]
tmux = _practice_tmux.tmux  # the fixture: a private tmux server per test, killed after it

TINY = str(Path(__file__).parents[1] / "grading" / "data" / "tiny.assignment.yaml")

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed: the real-terminal test needs it"),
]


def _start(tmux: Any, folder: Path) -> None:
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "tutor", "homework", TINY,
                                                 "--student", "s001", "--dir", str(folder)])
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    shell = f"{command}; echo EXIT=$?; sleep 60"
    # A second sitting replaces the first's process in the same pane: killing the session would stop
    # the server, and a new one on the same socket can race its shutdown.
    again = "practice" in tmux.run("list-sessions", "-F", "#{session_name}")
    start = ["respawn-pane", "-k", "-t", "practice", "-c", str(folder), shell] if again else \
        ["new-session", "-d", "-x", "100", "-y", "30", "-s", "practice", "-c", str(folder), shell]
    subprocess.run(["tmux", "-L", tmux.socket, *start],  # outside the repository, as a student would run it
                   check=True, env=env, timeout=20, cwd=folder)


@pytest.mark.slow
def test_homework_in_a_real_terminal_stops_and_resumes(tmux: Any, tmp_path: Path) -> None:
    _start(tmux, tmp_path)
    # the prompt, and the toolbar drawn a moment after it: only then are keys read by the prompt
    tmux.wait_for(lambda s: "answer ›" in s and "Exercise 1 of 5" in s and "Find d/dx of 7x³" in s
                  and "Type your answer" in s)

    # Tab completes this sitting's commands: steps are never allowed here, so ":s" can only be :skip
    tmux.keys(":s", "Tab")
    tmux.wait_for(lambda s: "answer › :skip" in s)
    tmux.keys("C-u", ":pl", "Tab")  # practice's :plot is not a homework command: nothing to complete
    screen = tmux.wait_for(lambda s: "answer › :pl" in s)
    assert ":plot" not in screen, screen
    tmux.keys("C-u")

    tmux.keys("21x^2")  # the live preview reads the answer before Enter
    tmux.wait_for(lambda s: "reads as: 21x²" in s)
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "✓ Correct." in s and "Exercise 2 of 5" in s)

    tmux.keys("cos(3x^2)", "Enter")
    tmux.wait_for(lambda s: "✗ Not quite." in s and "1 attempt left" in s)
    tmux.keys("F1")  # the hint key, allowed by this assignment
    tmux.wait_for(lambda s: "Hint 1/2:" in s)

    tmux.keys("C-d")  # stop half way: saved, exit 0
    screen = tmux.wait_for(lambda s: "EXIT=" in s)
    assert "EXIT=0" in screen and "Traceback" not in screen and "1 of 5 exercises finished" in screen, screen
    saved = json.loads((tmp_path / "s001.tiny-hw.calctutor.json").read_text(encoding="utf-8"))
    attempts = {e["id"]: [a["answer"] for a in e["attempts"]] for e in saved["exercises"]}
    assert attempts["tiny/power"] == ["21x^2"] and attempts["tiny/chain"] == ["cos(3x^2)"], attempts

    _start(tmux, tmp_path)  # the same command again: on with the chain rule, its last attempt
    tmux.wait_for(lambda s: "Exercise 2 of 5" in s and "Find d/dx of sin(3x²)" in s and "answer ›" in s
                  and "Type your answer" in s)
    tmux.keys("6x cos(3x^2)", "Enter")
    tmux.wait_for(lambda s: "✓ Correct." in s and "Exercise 3 of 5" in s)
    tmux.keys(":quit", "Enter")
    screen = tmux.wait_for(lambda s: "EXIT=" in s)
    assert "EXIT=0" in screen and "2 of 5 exercises finished" in screen, screen
