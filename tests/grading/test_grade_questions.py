"""`calctutor grade` grades the course's other questions (implicit, lines, planes, gradients, Hessians,
directional derivatives) through their pack kinds: any form of the right answer, mistakes named."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from tutor.cli.main import app

ASSIGNMENT = """format: 1
id: week-9
title: Week 9
packs: [implicit-differentiation, tangent-lines-and-linear-approximation, gradients-and-directional-derivatives]
exercises:
  - implicit-differentiation/exponential-of-a-product
  - tangent-lines-and-linear-approximation/normal-to-a-tangent-curve
  - tangent-lines-and-linear-approximation/linearize-a-logarithm
  - gradients-and-directional-derivatives/gradient-of-a-product
  - gradients-and-directional-derivatives/hessian-of-a-cubic
  - gradients-and-directional-derivatives/tangent-plane-to-a-cone
  - gradients-and-directional-derivatives/directional-derivative-as-a-formula
attempts: 3
"""

# (exercise, answer, verdict, mistake id): none of these exercises draws numbers, so every student's is the same
RESPONSES = [
    ("exponential-of-a-product", "(1 - y e^(x y))/(x e^(x y) - 1)", "correct", ""),
    ("exponential-of-a-product", "(y e^(x y) - 1)/(x e^(x y) - 1)", "incorrect", "implicit.sign-slip"),
    ("normal-to-a-tangent-curve", "x + 2y = 2 + pi/4", "correct", ""),
    ("normal-to-a-tangent-curve", "y - 1 = 2(x - pi/4)", "incorrect", "normal.slope-not-negative-reciprocal"),
    ("linearize-a-logarithm", "L(x) = x - 1", "correct", ""),
    ("gradient-of-a-product", "[2x y^3, 3x^2 y^2]", "correct", ""),
    ("gradient-of-a-product", "[3x^2 y^2, 2x y^3]", "incorrect", "gradient.components-swapped"),
    ("hessian-of-a-cubic", "[[6x, 2y], [2y, 2x]]", "correct", ""),
    ("hessian-of-a-cubic", "[[6x, 2x], [2y, 2x]]", "incorrect", "hessian.mixed-partial-wrong"),
    ("tangent-plane-to-a-cone", "3x + 4y - 5z = 0", "correct", ""),
    ("tangent-plane-to-a-cone", "z = (3/5)(x - 3) + (4/5)(y - 4)", "incorrect", "linearization.constant-missing"),
    ("directional-derivative-as-a-formula", "(6x y - 4x^2)/5", "correct", ""),
    ("directional-derivative-as-a-formula", "6x y - 4x^2", "incorrect", "directional.not-normalised"),
]


def test_grade_grades_the_question_kinds_and_names_their_mistakes(tmp_path: Path) -> None:
    assignment = tmp_path / "week-9.assignment.yaml"
    assignment.write_text(ASSIGNMENT, encoding="utf-8")
    responses = tmp_path / "responses.csv"
    with responses.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["student", "exercise", "answer"])
        for number, (exercise, answer, _, _) in enumerate(RESPONSES):
            writer.writerow([f"s{number:03d}", exercise, answer])
    result = CliRunner().invoke(app, ["grade", str(assignment), "--responses", str(responses)])
    assert result.exit_code == 0, result.output
    graded = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["exercise"], r["answer"], r["verdict"], r["mistake"]) for r in graded] == RESPONSES
    assert all(r["score"] == ("1" if r["verdict"] == "correct" else "0") for r in graded), graded
