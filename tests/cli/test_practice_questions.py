"""Practice on the course's other questions (implicit differentiation, tangent lines and linear
approximation, gradients and directional derivatives), scripted through CliRunner and once per topic in
a real terminal (tmux): a wrong answer is named, two bring the verified steps, the key is accepted."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.cli.main import app

_spec = importlib.util.spec_from_file_location("practice_tmux", Path(__file__).with_name("test_practice_tmux.py"))
_tmux = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(_tmux)  # type: ignore[union-attr]
Tmux, tmux = _tmux.Tmux, _tmux.tmux  # the fixture, by name
_ad_spec = importlib.util.spec_from_file_location("practice_tmux_ad", Path(__file__).with_name("test_practice_tmux_ad.py"))
_ad = importlib.util.module_from_spec(_ad_spec)  # type: ignore[arg-type]
_ad_spec.loader.exec_module(_ad)  # type: ignore[union-attr]
_first_instance = _ad._first_instance  # what `practice TOPIC --seed 0` serves first to a new student



def _tmux_marks(test):  # type: ignore[no-untyped-def]
    for mark in _tmux.pytestmark:  # tmux installed, a POSIX system …
        test = mark(test)
    return test


TOPICS = ("implicit-differentiation", "tangent-lines-and-linear-approximation", "gradients-and-directional-derivatives")
SEED = _ad.SEED
# A wrong answer of the right shape for each answer form of these kinds.
WRONG = {"expression": "97x + y", "slope": "97x + y", "equation": "y = 97x + 97", "function": "97x + 97", "number": "97"}


def _wrong(instance) -> str:  # type: ignore[no-untyped-def]
    task = instance.task
    if task.form == "vector":
        return "[" + ", ".join(["97"] * len(task.expected)) + "]"
    if task.form == "matrix":
        return "[" + ", ".join("[" + ", ".join(["97"] * len(row)) + "]" for row in task.expected) + "]"
    return WRONG[task.form]


@pytest.mark.slow
@pytest.mark.parametrize("topic", TOPICS)
def test_a_scripted_session_on_each_topic(tmp_path: Path, topic: str) -> None:
    argv = ["practice", topic, "--seed", str(SEED), "--count", "2"]
    probe = CliRunner().invoke(app, [*argv, "--data-dir", str(tmp_path / "probe")], input=":skip\n:skip\n")
    assert probe.exit_code == 0, probe.output
    answers = re.findall(r"One right answer: (.+)", probe.output)
    assert len(answers) == 2
    wrong = _wrong(_first_instance(topic, tmp_path / "probe2"))
    script = f"{wrong}\n{wrong}\n{answers[0]}\n{answers[1]}\n"
    result = CliRunner().invoke(app, [*argv, "--data-dir", str(tmp_path / "run")], input=script)
    out = result.output
    assert result.exit_code == 0, out
    assert "✗ Not quite." in out and "After 2 tries, here are the steps" in out
    assert out.count("✓ Correct.") == 2
    assert "Score 1/2 (50%) solved alone · 1 with help" in out
    assert "Traceback" not in out


@pytest.mark.slow
@_tmux_marks
@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_in_a_real_terminal(tmux, tmp_path: Path, topic: str) -> None:  # type: ignore[no-untyped-def]
    instance = _first_instance(topic, tmp_path / "probe")
    wrong, right = _wrong(instance), instance.expected_text
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "tutor", "practice", topic, "--seed", str(SEED),
                                                 "--data-dir", str(tmp_path / "data"), "--count", "2"])
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    subprocess.run(["tmux", "-L", tmux.socket, "new-session", "-d", "-x", "120", "-y", "50", "-s", "practice",
                    "-c", str(tmp_path), f"{command}; echo EXIT=$?; sleep 60"],
                   check=True, env=env, timeout=20, cwd=tmp_path)
    screen = tmux.wait_for(lambda s: "answer ›" in s and "Exercise 1 of 2" in s)
    assert instance.prompt.split(" at ")[0][:40] in screen.replace("\n", " ") or "Find" in screen
    tmux.keys("--", wrong, "Enter")
    tmux.wait_for(lambda s: "✗ Not quite." in s)
    tmux.keys("--", wrong, "Enter")
    screen = tmux.wait_for(lambda s: "here are the steps" in s)
    assert "Traceback" not in screen
    tmux.keys("--", right, "Enter")  # "--": a key starting with "-" (-y/x) is not a tmux option
    tmux.wait_for(lambda s: "✓ Correct." in s and "Exercise 2 of 2" in s)
    tmux.keys("C-d")
    screen = tmux.wait_for(lambda s: "EXIT=" in s)
    assert "EXIT=0" in screen and "Score 0/1 (0%) solved alone · 1 with help" in screen, screen
