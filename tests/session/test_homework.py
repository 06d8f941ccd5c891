"""Homework sittings: every exercise once, in order, with the assignment's rules, resumable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tutor.cli.main import app
from tutor.grading.assignment import load_assignment
from tutor.grading.submission import read_submission, submission_path, write_submission
from tutor.grading.variants import variants
from tutor.session.events import Finished, Hint, Presented, CommandFailed, Skipped
from tutor.session.homework import HomeworkChecked, HomeworkSession, OutOfAttempts
from tutor.grading.submission import Submission

TINY = Path(__file__).resolve().parents[1] / "grading" / "data" / "tiny.assignment.yaml"


def answers(student: str) -> list[str]:
    return [v.instance.expected_text for v in variants(load_assignment(TINY), student)]


def new_session(student: str = "s001", saved: list[Any] | None = None) -> HomeworkSession:
    a = load_assignment(TINY)
    sub = Submission(student, a.id, a.content_hash, "test", "2026-12-03T09:00:00+00:00")
    return HomeworkSession(a, sub, save=(saved.append if saved is not None else lambda s: None))


def test_exercises_come_in_order_each_once_at_the_students_seed() -> None:
    saved: list[Any] = []
    session = new_session(saved=saved)
    first = session.start()
    assert isinstance(first[0], Presented) and first[0].number == 1 and first[0].total == 5
    right = answers("s001")
    served = [first[0].instance.exercise_id]
    for text in right:
        events = session.handle(text)
        assert isinstance(events[0], HomeworkChecked) and events[0].correct
        served += [e.instance.exercise_id for e in events if isinstance(e, Presented)]
    assert served == ["power", "chain", "dual-product", "graph", "mode"]
    assert isinstance(events[-1], Finished) and events[-1].summary.tally.alone == 5
    assert len(saved) == 5  # saved after every attempt
    assert [w.seed for w in session.submission.exercises] == [v.seed for v in variants(load_assignment(TINY), "s001")]


def test_attempts_run_out_without_showing_the_answer_when_steps_are_never_allowed() -> None:
    session = new_session()
    session.start()
    events = session.handle("1")
    assert isinstance(events[0], HomeworkChecked) and not events[0].correct
    assert events[0].next_step == "1 attempt left: try again, or :hint, :skip."
    events = session.handle("2")
    out = [e for e in events if isinstance(e, OutOfAttempts)]
    assert out and out[0].expected_text == "" and out[0].attempts == 2
    assert isinstance(events[-1], Presented) and events[-1].number == 2
    assert isinstance(session.handle(":steps")[0], CommandFailed)  # steps: never


def test_hints_follow_the_ladder_and_are_counted_in_the_file() -> None:
    session = new_session()
    session.start()
    hint = session.handle(":hint")[0]
    assert isinstance(hint, Hint) and hint.number == 1 and hint.total == 2 and hint.text
    assert session.submission.exercises[0].hints == 1


def test_a_new_sitting_resumes_at_the_first_exercise_not_finished(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    session = new_session()
    session.save = lambda sub: write_submission(path, sub)
    session.start()
    right = answers("s001")
    session.handle(right[0])  # solved
    session.handle(":skip")  # chain left for later
    session.handle("0")
    session.handle("0")  # dual-product out of attempts
    session.quit()
    again = HomeworkSession(load_assignment(TINY), read_submission(path))
    first = again.start()[0]
    assert isinstance(first, Presented) and first.instance.exercise_id == "chain"
    assert isinstance(again.handle(":skip")[0], Skipped)
    assert again.current.exercise_id == "graph"  # dual-product is not served again


def test_the_cli_reads_piped_answers_and_writes_the_submission_file(tmp_path: Path) -> None:
    right = answers("s042")
    script = f"{right[0]}\n:steps\nnot an answer (\n0\n0\n"
    result = CliRunner().invoke(app, ["homework", str(TINY), "--student", "s042", "--dir", str(tmp_path)],
                                input=script)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Exercise 1 of 5" in out and "✓ Correct." in out
    assert "the worked steps are not available in this assignment" in out
    assert "not counted as an attempt" in out
    assert "1 attempt left: try again, or :hint, :skip." in out and "No attempts left (2 used)." in out
    assert "2 of 5 exercises finished" in out
    data = json.loads(submission_path(tmp_path, "s042", "tiny-hw").read_text(encoding="utf-8"))
    assert data["student"] == "s042" and data["assignment"] == "tiny-hw" and data["assignment_hash"]
    assert [w["id"] for w in data["exercises"]][:2] == ["tiny/power", "tiny/chain"]
    assert [a["answer"] for a in data["exercises"][1]["attempts"]] == ["0", "0"]
    assert all(a["at"].endswith("+00:00") for w in data["exercises"] for a in w["attempts"])


@pytest.mark.slow
def test_a_real_piped_process_resumes_where_the_student_left_off(tmp_path: Path) -> None:
    right = answers("s7")
    argv = [sys.executable, "-m", "tutor", "homework", str(TINY), "--student", "s7", "--dir", str(tmp_path)]
    first = subprocess.run(argv, input=f"{right[0]}\n", capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    second = subprocess.run(argv, input=f"{right[1]}\n", capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert "continuing from" in second.stderr
    assert "Exercise 2 of 5" in second.stdout and "Exercise 1 of 5" not in second.stdout
    sub = read_submission(submission_path(tmp_path, "s7", "tiny-hw"))
    assert [w.solved for w in sub.exercises][:2] == [True, True]


def test_a_damaged_submission_file_is_a_clear_error(tmp_path: Path) -> None:
    import pytest

    from tutor.errors import UserError

    path = tmp_path / "x.json"
    path.write_text('{"student": "s1", "assignment": "a", "exercises": [{"id": "p/e", "seed": "x"}]}')
    with pytest.raises(UserError, match=r"exercises\[0\]: `seed` must be a whole number"):
        read_submission(path)
    path.write_text('{"student": "s1",\n "assignment": ')
    with pytest.raises(UserError) as caught:
        read_submission(path)
    assert caught.value.location == f"{path}:2:16"
