"""`calctutor export`: each student's variant as LaTeX worksheets + key, or Moodle XML, and back."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.cli.main import app
from tutor.grading.assignment import load_assignment
from tutor.grading.variants import variants

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny.assignment.yaml"
ROSTER = DATA / "roster.csv"


def export(tmp: Path, fmt: str) -> "CliRunner.invoke":
    return CliRunner().invoke(app, ["export", str(TINY), "--format", fmt, "--students", str(ROSTER), "--out", str(tmp)])


def test_latex_worksheets_and_key_hold_each_students_variant(tmp_path: Path) -> None:
    result = export(tmp_path, "latex")
    assert result.exit_code == 0, result.output
    sheets = (tmp_path / "tiny-hw-worksheets.tex").read_text(encoding="utf-8")
    key = (tmp_path / "tiny-hw-key.tex").read_text(encoding="utf-8")
    assert sheets.count("\\section*{Tiny homework}") == 5 and sheets.count("\\newpage") == 5
    assert "Noether, Emmy (s002)" in sheets and "\\begin{document}" in sheets and sheets.rstrip().endswith("\\end{document}")
    mine = variants(load_assignment(TINY), "s002")
    assert mine[0].instance.prompt.replace("^", "\\textasciicircum{}") in sheets
    assert f"tiny/power, seed {mine[0].seed}" in key and "\\( 35 x^{4} \\)" in key  # s002's 7x^5
    assert sheets.count("{") == sheets.count("}") and key.count("{") == key.count("}")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no LaTeX installed")
def test_the_worksheets_compile(tmp_path: Path) -> None:
    export(tmp_path, "latex")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "tiny-hw-worksheets.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]


def test_moodle_xml_responses_come_back_through_grade(tmp_path: Path) -> None:
    result = export(tmp_path, "moodle-xml")
    assert result.exit_code == 0, result.output
    root = ET.parse(tmp_path / "tiny-hw-moodle.xml").getroot()
    questions = [q for q in root if q.get("type") == "shortanswer"]
    assert len(questions) == 5 * 5 and len([q for q in root if q.get("type") == "category"]) == 5
    # What Moodle's Responses report gives back (question text included): one row per attempt.
    rows = []
    for q in questions:
        text = q.find("questiontext/text").text or ""  # type: ignore[union-attr]
        plain = re.sub(r"<[^>]+>", " ", text)
        student = q.find("name/text").text.split()[-1]  # type: ignore[union-attr]
        seed = int(re.search(r"variant (\d+)\]", plain).group(1))  # type: ignore[union-attr]
        ref = re.search(r"(tiny/[a-z-]+) variant", plain).group(1)  # type: ignore[union-attr]
        inst = load_assignment(TINY).find(ref).instantiate(seed)  # type: ignore[union-attr]
        rows.append({"Email address": f"{student}@example.edu", "Question 1": plain, "Response 1": inst.expected_text})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "moodle-responses.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    graded = CliRunner().invoke(app, ["grade", str(TINY), "--responses", str(path), "--column",
                                      "student=Email address", "--column", "exercise=Question 1", "--column",
                                      "answer=Response 1", "--format", "jsonl"])
    assert graded.exit_code == 0, graded.output
    verdicts = re.findall(r'"verdict": "(\w+)"', graded.stdout)
    assert verdicts == ["correct"] * 25  # each response checked against the variant its question showed


def test_a_bad_format_is_refused() -> None:
    result = CliRunner().invoke(app, ["export", str(TINY), "--format", "pdf", "--students", str(ROSTER)])
    assert result.exit_code == 2 and "is not one of: latex, moodle-xml" in result.output
