"""A scripted class of 40 students: homework (piped), grade, report, end to end."""

from __future__ import annotations

import csv
import io
import json
import random
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.cli.main import app
from tutor.grading.assignment import load_assignment
from tutor.grading.submission import read_submission

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from classroom import answers_for  # noqa: E402

TINY = Path(__file__).parent / "data" / "tiny.assignment.yaml"
STUDENTS = 40


def script_for(student: str, rng: random.Random) -> str:
    """The lines a student types: their answers, each exercise capped at its attempts; :skip after
    an unreadable or blank answer (neither is an attempt), and a hint now and then."""
    assignment = load_assignment(TINY)
    lines: list[str] = []
    by_ref: dict[str, list[str]] = {}
    for ref, answer in answers_for(assignment, student, rng):
        by_ref.setdefault(ref, []).append(answer)
    for item in assignment.exercises:
        if rng.random() < 0.2:
            lines.append(":hint")
        for answer in by_ref.get(item.ref, [""])[: item.attempts or None]:
            if not answer or answer.endswith("(("):
                lines += [answer or "", ":skip"]
                break
            lines.append(answer)
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_a_class_does_homework_is_graded_and_reported(tmp_path: Path) -> None:
    runner = CliRunner()
    rng = random.Random(14)
    folder = tmp_path / "submissions"
    for n in range(1, STUDENTS + 1):
        student = f"st{n:02d}"
        done = runner.invoke(app, ["homework", str(TINY), "--student", student, "--dir", str(folder)],
                             input=script_for(student, rng))
        assert done.exit_code == 0, done.output
        assert "Exercise 1 of 5" in done.output
    files = sorted(folder.glob("*.calctutor.json"))
    assert len(files) == STUDENTS
    submissions = [read_submission(f) for f in files]
    attempts = [(s.student, w.id, a) for s in submissions for w in s.exercises for a in w.attempts]

    graded = tmp_path / "graded.csv"
    result = runner.invoke(app, ["grade", str(TINY), *map(str, files), "--out", str(graded)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(graded.read_text(encoding="utf-8"))))
    assert len(rows) == len(attempts) > STUDENTS
    for row, (student, ref, attempt) in zip(rows, attempts):
        # Regraded by the instructor exactly as the tutor judged it while the student worked.
        assert (row["student"], row["exercise"], row["answer"]) == (student, ref, attempt.answer)
        assert row["verdict"] == attempt.verdict, (row, attempt)

    totals = runner.invoke(app, ["grade", str(TINY), *map(str, files), "--format", "totals"])
    assert totals.exit_code == 0, totals.output
    per_student = {r["student"]: float(r["total"]) for r in csv.DictReader(io.StringIO(totals.stdout))}
    assert len(per_student) == STUDENTS
    a = load_assignment(TINY)
    for s in submissions:  # every solved exercise earns its points
        solved = sum(a.find(w.id).points for w in s.exercises if w.solved)  # type: ignore[union-attr]
        assert per_student[s.student] >= solved

    report = runner.invoke(app, ["report", str(graded), "--json"])
    assert report.exit_code == 0, report.output
    data = json.loads(report.output)
    assert len(data["students"]) == STUDENTS and len(data["exercises"]) == 5
    for ex in data["exercises"]:
        worked = [w for s in submissions for w in s.exercises if w.id == ex["exercise"] and w.attempts]
        assert ex["final_rate"] == pytest.approx(sum(w.solved for w in worked) / len(worked))
    shown = runner.invoke(app, ["report", str(graded), "--no-color", "--html", str(tmp_path / "r.html")])
    assert f"{len(rows)} records · {STUDENTS} students · 5 exercises" in shown.output
