"""One real-terminal session per AD topic (dual numbers, graphs, AD modes, numerical differentiation):
tmux runs `calctutor practice TOPIC`, we type as a student and read the screen.

Two wrong tries bring the worked steps unasked; the right answer after them counts as solved with
help in the summary. On the dual-number topic a bare e is refused first, without counting."""

from __future__ import annotations

import importlib.util
import random
import shlex
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("practice_tmux", Path(__file__).with_name("test_practice_tmux.py"))
_tmux = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(_tmux)  # type: ignore[union-attr]
Tmux, tmux = _tmux.Tmux, _tmux.tmux  # the fixture, by name

pytestmark = _tmux.pytestmark + [pytest.mark.slow]

TOPICS = ("dual-numbers", "computational-graphs", "automatic-differentiation", "numerical-differentiation")
SEED = 0


def _first_instance(topic: str, store_dir: Path):
    """The instance `practice TOPIC --seed 0` serves first to a new student (same rng, same scheduler)."""
    from tutor.cli.practice_run import entries_for
    from tutor.packs import discover_packs
    from tutor.session.practice import PracticeSession
    from tutor.session.progress import open_store

    topic, entries = entries_for(discover_packs(), topic)
    store, _ = open_store(store_dir)
    with store:
        session = PracticeSession(entries, topic=topic, store=store, rng=random.Random(SEED), count=1)
        return session.start()[0].instance


def _answers(instance) -> tuple[str, str]:
    """(a wrong answer of the right shape, the right answer as the tool shows it)."""
    right = instance.expected_text.split(" ≈ ")[0]
    task = instance.task
    wrong = {"number": "123457", "dual": "123457 + eps",
             "word": "forward" if task.expected != "forward" else "reverse"}.get(task.form)
    if task.form == "vector":
        wrong = "[" + ", ".join(["97"] * len(task.expected)) + "]"
    if task.form == "matrix":
        wrong = "[" + ", ".join("[" + ", ".join(["97"] * len(row)) + "]" for row in task.expected) + "]"
    return wrong, right


@pytest.mark.parametrize("topic", TOPICS)
def test_an_ad_topic_in_a_real_terminal(tmux, tmp_path: Path, topic: str) -> None:
    import os
    import subprocess

    data = tmp_path / "data"
    instance = _first_instance(topic, tmp_path / "probe")
    wrong, right = _answers(instance)
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "tutor", "practice", topic, "--seed", str(SEED),
                                                 "--data-dir", str(data), "--count", "2"])
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    subprocess.run(["tmux", "-L", tmux.socket, "new-session", "-d", "-x", "120", "-y", "50", "-s", "practice",
                    "-c", str(tmp_path), f"{command}; echo EXIT=$?; sleep 60"],
                   check=True, env=env, timeout=20, cwd=tmp_path)
    tmux.wait_for(lambda s: "answer ›" in s and "Exercise 1 of 2" in s)
    if instance.answer_form == "dual":
        tmux.keys("25 + 10e", "Enter")
        tmux.wait_for(lambda s: "Euler's number" in s and "not counted" in s)
    tmux.keys(wrong, "Enter")
    tmux.wait_for(lambda s: "✗ Not quite." in s)
    tmux.keys(wrong, "Enter")
    screen = tmux.wait_for(lambda s: "here are the steps" in s)
    assert "Traceback" not in screen
    tmux.keys(right, "Enter")
    tmux.wait_for(lambda s: "✓ Correct." in s and "Exercise 2 of 2" in s)
    tmux.keys("C-d")
    screen = tmux.wait_for(lambda s: "EXIT=" in s)
    assert "EXIT=0" in screen and "Score 0/1 (0%) solved alone · 1 with help" in screen, screen
