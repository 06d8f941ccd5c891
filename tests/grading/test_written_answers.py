"""Answers as students write them (issue 13): `dy/dx =`, `f'(x) =` and LaTeX are graded, not refused.

In a class of 300, 39 answers began with `dy/dx =` or `f'(x) =`; `grade`, `check --batch`
and homework read them with the exercise's own derivative (its `wrt`), and refuse a prefix
that names another derivative with a message that says which one is asked.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from tutor.cli.main import app

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny.assignment.yaml"  # s001 draws power a = 7, n = 3 (7x^3) and chain a = 3 (sin(3x^2))


def _graded(tmp_path: Path, answers: list[tuple[str, str]]) -> dict[str, dict[str, str]]:
    path = tmp_path / "responses.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "exercise", "answer"])
        writer.writerows(("s001", exercise, answer) for exercise, answer in answers)
    result = CliRunner().invoke(app, ["grade", str(TINY), "--responses", str(path)])
    assert result.exit_code == 0, result.output
    return {row["answer"]: row for row in csv.DictReader(io.StringIO(result.stdout))}


def test_grade_reads_prefixes_and_latex_as_the_student_meant(tmp_path: Path) -> None:
    by = _graded(tmp_path, [
        ("power", "dy/dx = 21x^2"),
        ("power", "f'(x) = 21 x^{2}"),
        ("chain", r"\frac{dy}{dx} = 6x\cos\left(3x^2\right)"),
        ("chain", "$6x \\cdot \\cos(3x^{2})$"),
    ])
    assert [row["verdict"] for row in by.values()] == ["correct"] * 4, by
    assert [row["attempt"] for row in by.values()] == ["1", "2", "1", "2"]


def test_grade_names_the_mistake_behind_a_prefix_and_refuses_another_derivative(tmp_path: Path) -> None:
    by = _graded(tmp_path, [("chain", "y' = cos(3x^2)"), ("power", "dy/dt = 21x^2")])
    assert by["y' = cos(3x^2)"]["verdict"] == "incorrect"
    assert by["y' = cos(3x^2)"]["mistake"] == "chain.missing-inner"
    refused = by["dy/dt = 21x^2"]
    assert refused["verdict"] == "unreadable"
    assert "dy/dt" in refused["message"] and "d/dx" in refused["message"]


def test_check_batch_reads_prefixes_against_each_rows_variable(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("answer,of,wrt\n"
                    "dy/dx = 2x cos(x^2),sin(x^2),x\n"
                    "ds/dt = -\\frac{1}{t^{2}},1/t,t\n"
                    "dy/dt = 2x cos(x^2),sin(x^2),x\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--batch", str(path), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [record["verdict"] for record in records] == ["correct", "correct", "invalid"], records
    assert "starts with dy/dt = (d/dt), but the question asks for d/dx" in records[2]["message"]
