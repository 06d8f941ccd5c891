"""`calctutor practice` and `calctutor progress` in scripted (non-TTY) mode: CliRunner and real subprocesses."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.cli.main import app

DRILL = str(Path(__file__).parent / "data" / "drill.yaml")
ROOT = Path(__file__).resolve().parents[2]


def practice(tmp: Path, text: str, *args: str, topic: str | None = "drill") -> "CliRunner.invoke":
    argv = ["practice", *([topic] if topic else []), "--pack", DRILL, "--seed", "0", "--data-dir", str(tmp), *args]
    return CliRunner().invoke(app, argv, input=text)


def right_answers(tmp: Path, count: int) -> list[str]:
    """The right answers of a seeded session, learnt by skipping through it (fresh store each time)."""
    result = practice(tmp / "probe", ":skip\n" * count, "--count", str(count))
    assert result.exit_code == 0, result.output
    return re.findall(r"One right answer: (.+)", result.output)


def test_a_scripted_session_checks_hints_and_summarises(tmp_path: Path) -> None:
    answers = right_answers(tmp_path, 2)
    assert len(answers) == 2
    script = f"cos(x^2)\n:hint\ncos(x\nx^2\n{answers[0]}\n{answers[1]}\n"
    result = practice(tmp_path / "run", script, "--count", "2")
    out = result.output
    assert result.exit_code == 0, out
    assert "Exercise 1 of 2" in out and "Exercise 2 of 2" in out
    assert "› cos(x^2)" in out  # input echoed: the output reads as a transcript
    assert "✗ Not quite." in out and "Hint 1/" in out
    assert "never closed" in out and "not counted as an attempt" in out
    assert out.count("✓ Correct.") == 2
    assert "After 2 tries, here are the steps" in out and "chain rule" in out  # steps after the 2nd wrong try
    # the first one was solved after a hint and the automatic steps: with help, not alone
    assert "Score 1/2 (50%) solved alone · 1 with help (hints or steps)" in out and "4 answers checked" in out
    assert "Review next:" in out and "chain-rule" in out
    assert "\x1b[" not in out


def test_the_same_seed_gives_the_same_exercises(tmp_path: Path) -> None:
    first = practice(tmp_path / "a", ":skip\n:skip\n", "--count", "2").output
    second = practice(tmp_path / "b", ":skip\n:skip\n", "--count", "2").output
    prompts = lambda out: re.findall(r"Find d/dx of (.+)\.", out)  # noqa: E731
    assert prompts(first) == prompts(second) and len(prompts(first)) == 2


def test_end_of_input_stops_with_the_summary_and_keeps_progress(tmp_path: Path) -> None:
    result = practice(tmp_path, "x^2\n")
    assert result.exit_code == 0
    assert "stopped early" in result.output and "1 answer checked" in result.output
    status = CliRunner().invoke(app, ["progress", "--json", "--data-dir", str(tmp_path)])
    data = json.loads(status.output)
    assert data["attempts"] == 1 and data["topics"][0]["topic"] == "drill"
    assert data["topics"][0]["attempts"] == 1 and data["streak_days"] == 1


def test_unknown_topic_is_exit_2_with_a_suggestion(tmp_path: Path) -> None:
    result = practice(tmp_path, "", topic="dril")
    assert result.exit_code == 2
    assert "no topic named 'dril'" in result.output and "drill" in result.output


def test_no_topic_shows_the_menu_and_then_continue_where_you_left_off(tmp_path: Path) -> None:
    # The menu lists the built-in topics too; "drill" is picked by name.
    first = practice(tmp_path, "drill\nx\n:quit\n", topic=None)
    assert first.exit_code == 0, first.output
    assert "Choose a topic:" in first.output and "drill" in first.output and "Exercise 1 of" in first.output
    again = practice(tmp_path, "1\n:quit\n", topic=None)
    assert "1. continue where you left off: drill" in again.output
    assert "Exercise 1 of" in again.output


def test_a_typo_in_the_menu_asks_again_and_a_unique_prefix_is_taken(tmp_path: Path) -> None:
    result = practice(tmp_path, "drlll\n999\ndri\n:quit\n", topic=None)
    assert result.exit_code == 0, result.output
    assert "no topic is called 'drlll'" in result.output
    assert "there is no topic 999" in result.output
    assert "Exercise 1 of" in result.output and "(chain-rule · difficulty" in result.output  # drill's exercise
    assert result.output.count("Choose a topic:") == 1  # asked again, not listed again


def test_an_ambiguous_prefix_names_the_candidates(tmp_path: Path) -> None:
    from tutor.cli.practice_run import TopicChoice, _menu_problem, _pick

    choices = [TopicChoice("chain-rule", "Chain rule", 3), TopicChoice("computational-graphs", "Graphs", 2),
               TopicChoice("dual-numbers", "Dual numbers", 4)]
    assert _pick(choices, "c") is None and "could be chain-rule, computational-graphs" in _menu_problem(choices, "c")
    assert _pick(choices, "co") == "computational-graphs" and _pick(choices, "DUAL") == "dual-numbers"
    assert _pick(choices, "graphs") == "computational-graphs"  # a title's beginning
    assert _pick(choices, "4") is None and _pick(choices, "3") == "dual-numbers"


def test_no_topic_and_no_input_is_exit_2(tmp_path: Path) -> None:
    result = practice(tmp_path, "", topic=None)
    assert result.exit_code == 2 and "No topic chosen" in result.output


def test_a_corrupt_store_is_backed_up_with_a_note(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "progress.sqlite3").write_bytes(b"\x00garbage" * 300)
    result = practice(tmp_path, ":quit\n")
    assert result.exit_code == 0
    assert "could not be used" in result.output and "fresh progress store" in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.glob("progress.sqlite3.broken-*"))


def test_progress_on_an_empty_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["progress", "--data-dir", str(tmp_path), "--no-color"])
    assert result.exit_code == 0 and "No practice recorded yet" in result.output
    data = json.loads(CliRunner().invoke(app, ["progress", "--json", "--data-dir", str(tmp_path)]).output)
    assert data["attempts"] == 0 and data["topics"] == [] and data["streak_days"] == 0


def test_progress_text_after_practice(tmp_path: Path) -> None:
    answers = right_answers(tmp_path, 1)
    practice(tmp_path / "run", f"{answers[0]}\n", "--count", "1")
    result = CliRunner().invoke(app, ["progress", "--data-dir", str(tmp_path / "run"), "--no-color"])
    assert result.exit_code == 0
    assert "Streak: 1 day" in result.output and "drill" in result.output and "chain-rule" in result.output
    assert "1/1" in result.output


def test_the_data_dir_comes_from_calctutor_home(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["practice", "drill", "--pack", DRILL, "--seed", "0"], input="x\n", env={"CALCTUTOR_HOME": str(tmp_path)}
    )
    assert result.exit_code == 0
    assert (tmp_path / "progress.sqlite3").exists()


def _subprocess(args: list[str], text: str, tmp: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "COLUMNS": "100", **env}
    environ.pop("CALCTUTOR_HOME", None)
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args], input=text, capture_output=True, text=True, env=environ, timeout=120,
        cwd=tmp,
    )


@pytest.mark.slow
def test_scripted_mode_as_a_real_subprocess_is_plain_text(tmp_path: Path) -> None:
    # FORCE_COLOR would make Rich colour a pipe: scripted mode must stay plain regardless.
    out = _subprocess(
        ["practice", "drill", "--pack", DRILL, "--seed", "0", "--data-dir", "data", "--count", "2"],
        "cos(x^2)\n:hint\n:steps\n:skip\n", tmp_path, FORCE_COLOR="1",
    )
    assert out.returncode == 0, out.stderr
    assert "Exercise 1 of 2" in out.stdout and "✗ Not quite." in out.stdout and "Hint 1/" in out.stdout
    # given up after a wrong answer: not solved; skipped at first sight: skipped, and counted (0/2)
    assert "Answer:" in out.stdout and "Skipped." in out.stdout
    assert "Score 0/2 (0%) solved alone · 1 not solved · 1 skipped" in out.stdout
    assert "chain rule" in out.stdout  # the worked steps, drawn by tutor/render/steps.py
    assert "\x1b[" not in out.stdout and out.stderr == ""
    assert (tmp_path / "data" / "progress.sqlite3").exists()


@pytest.mark.slow
def test_progress_json_as_a_real_subprocess(tmp_path: Path) -> None:
    _subprocess(["practice", "drill", "--pack", DRILL, "--seed", "1", "--data-dir", "d"], "x\nx\n:quit\n", tmp_path)
    out = _subprocess(["progress", "--json", "--data-dir", "d"], "", tmp_path)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["attempts"] == 2
    skills = {s["skill"]: s for s in data["topics"][0]["skills"]}
    assert skills and all(s["attempts"] == 2 for s in skills.values())


def test_the_builtin_chain_rule_topic_runs_when_its_pack_exists(tmp_path: Path) -> None:
    from tutor.packs import discover_packs

    if discover_packs().find_topic("chain-rule") is None:
        pytest.skip("the built-in chain-rule pack is not in this checkout yet")
    out = _subprocess(["practice", "chain-rule", "--seed", "0", "--data-dir", "d", "--count", "1"], "x\n:steps\n", tmp_path)
    assert out.returncode == 0, out.stderr
    assert "Exercise 1 of 1" in out.stdout and "Session summary" in out.stdout


def test_enter_alone_in_the_menu_picks_the_chain_rule_for_a_new_student(tmp_path: Path) -> None:
    from tutor.packs import discover_packs

    if discover_packs().find_topic("chain-rule") is None:
        pytest.skip("the built-in chain-rule pack is not in this checkout yet")
    result = practice(tmp_path, "\n:quit\n", topic=None)
    assert result.exit_code == 0
    assert "Session summary" in result.output
    assert re.search(r"Exercise 1 of 10\s+\(chain-rule", result.output)


def test_a_broken_pack_is_a_warning_and_practice_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("exercises: [\n", encoding="utf-8")
    result = practice(tmp_path / "d", ":quit\n", "--pack", str(bad))
    assert result.exit_code == 0
    # The path may be folded across lines on a narrow console (pytest-xdist's long tmp paths).
    assert "bad.yaml" in result.output.replace("\n", "") and "Session summary" in result.output


def test_an_ascii_only_stdout_gets_question_marks_not_a_traceback(tmp_path: Path) -> None:
    out = _subprocess(["practice", "drill", "--pack", DRILL, "--seed", "0", "--data-dir", "d", "--count", "1"],
                      "x\n:quit\n", tmp_path, PYTHONIOENCODING="ascii")
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr and "Session summary" in out.stdout
    assert "? Not quite." in out.stdout  # ✗ could not be encoded


def test_progress_json_stays_clean_when_the_store_was_replaced(tmp_path: Path) -> None:
    (tmp_path / "progress.sqlite3").write_bytes(b"not sqlite at all" * 100)
    result = CliRunner().invoke(app, ["progress", "--json", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["attempts"] == 0
    assert "could not be used" in result.stderr
