"""An instructor's messy class file through grade → gradebook → report: every record stays with its
student, and every unusable file is refused with file:line:col, the record, and exit 2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tutor.cli.main import app

TINY = Path(__file__).parent / "data" / "tiny.assignment.yaml"

# BOM, semicolons, CRLF, a header in other words and cases, a blank line, a two-line answer, a blank
# answer, LaTeX and a dy/dx prefix, a student id typed with a capital and a space, a row missing its
# last cells, one student answering twice.
MESSY = (
    "\ufeffStudent ID;Question;Response;Comment\r\n"
    "s001;power;21x^2;ok\r\n"
    's001;chain;"6x\r\ncos(3x^2)";two lines\r\n'
    "\r\n"
    "s002;chain;;blank\r\n"
    "s002;chain;$6x\\cos(3x^2)$;latex\r\n"
    "s003;power;dy/dx = 8x^3;prefix\r\n"
    "S003 ;power;8x^3\r\n"
    "s005;mode\r\n"
    "s002;chain;cos(2x^2);\r\n"
)
COLUMNS = ["--column", "student=student id", "--column", "exercise=Question", "--column", "answer=Response"]


def _grade(tmp_path: Path, text: str, *args: str, columns: list[str] = COLUMNS) -> "CliRunner.invoke":
    path = tmp_path / "class.csv"
    path.write_bytes(text.encode("utf-8"))
    return CliRunner().invoke(app, ["grade", str(TINY), "--responses", str(path), *columns, *args])


def test_a_messy_class_file_is_graded_with_every_record_on_its_student(tmp_path: Path) -> None:
    result = _grade(tmp_path, MESSY)
    assert result.exit_code == 0, result.output
    out = list(csv.DictReader(io.StringIO(result.stdout)))
    inputs = [("s001", "21x^2"), ("s001", "6x\r\ncos(3x^2)"), ("s002", ""), ("s002", "$6x\\cos(3x^2)$"),
              ("s003", "dy/dx = 8x^3"), ("S003 ", "8x^3"), ("s005", ""), ("s002", "cos(2x^2)")]
    assert [(r["Student ID"], r["Response"].replace("\r\n", "\n")) for r in out] == \
        [(s, a.replace("\r\n", "\n")) for s, a in inputs]
    assert [r["record"] for r in out] == [str(n) for n in range(1, 9)]
    verdicts = [r["verdict"] for r in out]
    assert verdicts[:3] == ["correct", "correct", "blank"] and verdicts[5:] == ["correct", "blank", "incorrect"]
    # LaTeX is read (s002's variant is 4x cos(2x^2): their 6x cos(3x^2) is wrong by its values)
    assert verdicts[3] == "incorrect" and "your answer is" in out[3]["message"]
    # a dy/dx prefix: read, or refused with where in the answer
    assert verdicts[4] in ("correct", "unreadable") and (verdicts[4] == "correct" or "column" in out[4]["message"])
    assert out[7]["mistake"] == "chain.missing-inner" and out[7]["score"] == "0.5"  # partial credit
    assert out[5]["seed"] == out[4]["seed"]  # "S003 " is s003: one variant


def test_the_messy_file_makes_a_gradebook_and_a_report(tmp_path: Path) -> None:
    graded = tmp_path / "graded.csv"
    result = _grade(tmp_path, MESSY, "--format", "gradescope", "--graded", str(graded))
    assert result.exit_code == 0, result.output
    book = {r["SID"]: r["Total Score"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert book == {"s001": "2", "s002": "0.5", "s003": book["s003"], "s005": "0"}
    assert book["s003"] in ("1", "1.0")  # its right answer counts, whatever the prefixed one was
    report = CliRunner().invoke(app, ["report", str(graded), "--json"])
    assert report.exit_code == 0, report.output
    data = json.loads(report.stdout)
    assert {s["student"] for s in data["students"]} == {"s001", "s002", "s003", "s005"}
    chain = next(e for e in data["exercises"] if e["exercise"].endswith("chain"))
    assert any(m["key"] == "chain.missing-inner" and m["count"] == 1 for m in chain["mistakes"])


def test_every_record_with_too_many_cells_is_listed_and_nothing_is_graded(tmp_path: Path) -> None:
    text = "student;exercise;answer\ns1;power;21x^2\ns2;power;3;x\ns3;chain;6x cos(3x^2)\ns4;power;x;;\n"
    result = _grade(tmp_path, text, columns=[])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "class.csv:3:1: record 2 has 4 cells" in result.stderr
    assert "class.csv:5:1: record 4 has 5 cells" in result.stderr
    assert "2 records of" in result.stderr and "nothing was graded" in result.stderr


def test_a_quote_never_closed_is_refused_where_it_opens_not_read_as_one_huge_answer(tmp_path: Path) -> None:
    swallowing = 'student,exercise,answer\ns1,power,"21x^2\ns2,power,3x\ns3,chain,"6x\ncos(3x^2)"\ns4,power,x\n'
    result = _grade(tmp_path, swallowing, columns=[])
    assert result.exit_code == 2 and result.stdout == ""
    assert "class.csv:2:1:" in result.stderr and "(record 1)" in result.stderr
    at_the_end = 'student,exercise,answer\ns1,power,21x^2\ns2,power,"3x\n'
    result = _grade(tmp_path, at_the_end, columns=[])
    assert result.exit_code == 2 and "class.csv:3:1: a quote is opened and never closed (record 2)" in result.stderr


def test_missing_columns_are_named_with_the_option_that_fixes_them(tmp_path: Path) -> None:
    no_student = _grade(tmp_path, "Name;Question;Response\ns1;power;21x^2\n")
    assert no_student.exit_code == 2
    assert "no column 'student id' for the students" in no_student.stderr
    path = tmp_path / "r.csv"
    path.write_text("student,exercise,response\ns1,power,21x^2\n", encoding="utf-8")
    typo = CliRunner().invoke(app, ["grade", str(TINY), "--responses", str(path), "--column", "answer=Respons"])
    assert typo.exit_code == 2 and "did you mean --column answer=response?" in typo.stderr


def test_a_real_process_refuses_a_ragged_file_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "class.csv"
    path.write_text("student,exercise,answer\ns1,power,3,x\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "tutor", "grade", str(TINY), "--responses", str(path)],
                          capture_output=True, text=True, timeout=120, env={"COLUMNS": "80", "PATH": ""})
    assert done.returncode == 2 and done.stdout == ""
    assert f"{path}:2:1: record 1 has 4 cells" in done.stderr and "Traceback" not in done.stderr
