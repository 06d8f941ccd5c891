"""Once end to end in a real terminal: tmux runs `calctutor practice`, we type and read the screen."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

DRILL = str(Path(__file__).parent / "data" / "drill.yaml")

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed: the real-terminal test needs it"),
]


class Tmux:
    """One private tmux server (its own socket), so nothing else's sessions are touched."""

    def __init__(self, tmp: Path) -> None:
        self.socket = f"calctutor-test-{os.getpid()}-{tmp.name}"

    def run(self, *args: str) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20)
        return out.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "practice")

    def wait_for(self, test: Callable[[str], bool], timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if test(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"the screen never showed what was expected; it shows:\n{screen}")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "practice", *keys)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    t = Tmux(tmp_path)
    yield t
    t.run("kill-server")  # only our private server, by its socket


@pytest.mark.slow
def test_practice_in_a_real_terminal(tmux: Tmux, tmp_path: Path) -> None:
    data = tmp_path / "data"
    command = " ".join(
        shlex.quote(a)
        for a in [sys.executable, "-m", "tutor", "practice", "drill", "--pack", DRILL, "--seed", "0",
                  "--data-dir", str(data), "--count", "2"]
    )
    # Keep the pane after the program ends, to read the summary and the exit code.
    shell = f"{command}; echo EXIT=$?; sleep 60"
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    subprocess.run(
        # Started outside the repository, as a user would: in the repository `python -m tutor`
        # would import the source tree's `tutor`, not the installed package.
        ["tmux", "-L", tmux.socket, "new-session", "-d", "-x", "100", "-y", "30", "-s", "practice",
         "-c", str(tmp_path), shell],
        check=True, env=env, timeout=20, cwd=tmp_path,
    )
    # The prompt, and the toolbar under it, before any key (drawn a moment after the prompt).
    tmux.wait_for(lambda s: "answer ›" in s and "Find d/dx of sin(" in s and "Type your answer" in s)

    tmux.keys("1/2x")  # an ambiguous answer is flagged before Enter
    tmux.wait_for(lambda s: "ambiguous" in s and "1/(2x)" in s)
    tmux.keys("C-u")  # clear the line
    tmux.keys("cos(x")  # the live preview flags the open parenthesis before Enter
    screen = tmux.wait_for(lambda s: "cannot read it column 4" in s)
    assert "never closed" in screen
    tmux.keys(")")
    tmux.wait_for(lambda s: "reads as: cos(x)" in s)
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "✗ Not quite." in s)

    tmux.keys("F1")  # the hint key
    tmux.wait_for(lambda s: "Hint 1/2:" in s)

    tmux.keys(":st", "Tab")  # completion of commands
    tmux.wait_for(lambda s: "answer › :steps" in s)
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "Exercise 2 of 2" in s)

    tmux.keys("C-d")  # leave: summary, exit 0, progress saved
    screen = tmux.wait_for(lambda s: "EXIT=" in s)
    assert "Session summary" in screen and "EXIT=0" in screen
    assert "Traceback" not in screen

    from tutor.session.progress import open_store

    store, _ = open_store(data)
    verdicts = [a.verdict for a in store.attempts()]
    store.close()
    assert verdicts == ["incorrect", "gave-up"]
    assert (data / "history" / "drill.txt").read_text().count("cos(x)") == 1
