"""`calctutor grade`: every record regraded against the student's variant, passed through, scored."""

from __future__ import annotations

import csv
import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.cli.main import app
from tutor.grading.records import read_records

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny.assignment.yaml"
RESPONSES = DATA / "responses.csv"  # semicolons, a BOM, CRLF, a quoted multi-line cell
ROSTER = DATA / "roster.csv"


def grade(*args: str) -> "CliRunner.invoke":
    return CliRunner().invoke(app, ["grade", str(TINY), *args])


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_every_record_is_regraded_in_order_with_its_columns_passed_through() -> None:
    result = grade("--responses", str(RESPONSES))
    assert result.exit_code == 0, result.output
    out = rows(result.stdout)
    assert len(out) == 13
    assert [r["record"] for r in out] == [str(n) for n in range(1, 14)]
    assert list(out[0])[:4] == ["student", "exercise", "answer", "comment"]  # the input's columns, in order
    by = {(r["student"], r["answer"].replace("\r\n", "\n")): r for r in out}
    assert by[("s001", "cos(3x^2)")]["comment"] == "has ; semicolon"
    assert by[("s001", "cos(3x^2)")]["mistake"] == "chain.missing-inner"
    assert by[("s001", "cos(3x^2)")]["score"] == "0.5"  # the assignment's partial credit
    assert by[("s002", "35x^4")]["comment"].replace("\r", "") == 'multi\nline "quoted" comment'
    assert by[("s002", "35x^4")]["attempt"] == "2" and by[("s002", "35x^4")]["verdict"] == "correct"
    assert by[("s002", "7x^4")]["mistake"] == "power.coefficient-missing"
    late = by[("s003", "reverse")]
    assert late["verdict"] == "correct" and late["counted"] == "no" and late["score"] == "0"  # attempts: 1
    assert by[("s003", "[-4,\n -4, 3]")]["verdict"] == "correct"  # a graph answer over two lines
    assert by[("s004", "x^(")]["verdict"] == "unreadable" and "column 4" in by[("s004", "x^(")]["message"]
    assert by[("s005", "1")]["verdict"] == "invalid" and "'nope' is not an exercise" in by[("s005", "1")]["message"]
    assert by[("S001 ", "reverse")]["verdict"] == "correct"  # the id as typed, the variant of s001
    assert json.loads(by[("s001", "21x^2")]["params"]) == {"a": 7, "n": 3}
    assert "Graded 13 answers of 5 students" in result.stderr


def test_the_same_wrong_function_written_two_ways_has_one_value() -> None:
    text = "student,exercise,answer\ns001,chain,cos(3x^2)\ns003,chain,cos(x^2 + 2x^2)\n"
    path = Path(pytest.importorskip("tempfile").mkdtemp()) / "r.csv"
    path.write_text(text, encoding="utf-8")
    out = rows(grade("--responses", str(path)).stdout)
    assert out[0]["value"] and out[0]["value"] == out[1]["value"]


@pytest.mark.parametrize("fmt", ["canvas", "moodle", "gradescope", "totals"])
def test_gradebooks_match_their_golden_files(fmt: str) -> None:
    result = grade("--responses", str(RESPONSES), "--format", fmt, "--roster", str(ROSTER))
    assert result.exit_code == 0, result.output
    golden = (DATA / "golden" / f"{fmt}.csv").read_text(encoding="utf-8")
    assert result.stdout == golden


def test_the_canvas_file_has_canvas_columns_and_points_possible() -> None:
    lines = (DATA / "golden" / "canvas.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Student,ID,SIS User ID,SIS Login ID,Section,Tiny homework"
    assert lines[1] == "    Points Possible,,,,,6"
    assert "Alan Turing,103,s003,alan,B2,1.5" in lines  # chain 0.5 (partial credit) + graph 1
    assert "Grace Hopper,106,s006,grace,B2,0" in lines  # on the roster, handed nothing in


def test_submission_files_are_graded_attempt_by_attempt(tmp_path: Path) -> None:
    from tutor.grading.assignment import load_assignment
    from tutor.grading.variants import variants

    right = [v.instance.expected_text for v in variants(load_assignment(TINY), "s9")]
    done = CliRunner().invoke(app, ["homework", str(TINY), "--student", "s9", "--dir", str(tmp_path)],
                              input=f"1\n{right[0]}\n{right[1]}\n")
    assert done.exit_code == 0, done.output
    result = grade(*[str(p) for p in tmp_path.glob("*.calctutor.json")], "--format", "jsonl")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["exercise"], r["attempt"], r["verdict"]) for r in out] == [
        ("tiny/power", "1", "incorrect"), ("tiny/power", "2", "correct"), ("tiny/chain", "1", "correct")]
    assert all(r["student"] == "s9" and r["time"] for r in out)


def test_bad_invocations_say_what_to_do() -> None:
    neither = grade()
    assert neither.exit_code == 2 and "give either submission files or --responses" in neither.output
    column = grade("--responses", str(RESPONSES), "--column", "answr=Response")
    assert column.exit_code == 2 and "calctutor reads no column named 'answr'" in column.output
    missing = grade("--responses", str(RESPONSES), "--column", "answer=Response")
    assert missing.exit_code == 2 and "no column 'Response'" in missing.output


def test_a_real_process_writes_the_graded_file(tmp_path: Path) -> None:
    out = tmp_path / "graded.jsonl"
    done = subprocess.run([sys.executable, "-m", "tutor", "grade", str(TINY), "--responses", str(RESPONSES),
                           "--format", "jsonl", "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"wrote {out}" in done.stderr.replace("\n", "")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 13


ANSWERS = ('[-4,\n -4, 3]', '[4, -4, 3]', 'say "[-4", then, "3"')  # right, wrong, unreadable


@pytest.mark.slow
def test_ten_thousand_hostile_records_stay_aligned_with_their_students(tmp_path: Path) -> None:
    """Line breaks, commas, quotes and semicolons inside answers, a BOM, CRLF: no record shifts."""
    rng = random.Random(7)
    expected = []
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nom", "Question", "Réponse", "Note"])
    for n in range(10_000):
        kind = rng.randrange(3)
        note = rng.choice(["", "a; b", 'he said "hi"', "x\ny", "é" * 10_000 if n == 5000 else "z"])
        writer.writerow([f"st{n}", "graph", ANSWERS[kind], note])
        expected.append((f"st{n}", ("correct", "incorrect", "unreadable")[kind], note))
    path = tmp_path / "responses.csv"
    path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8", newline="")
    result = grade("--responses", str(path), "--column", "student=Nom", "--column", "exercise=Question",
                   "--column", "answer=Réponse", "--format", "jsonl")
    assert result.exit_code == 0, result.output[-2000:]
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 10_000
    for n, (row, (student, verdict, note)) in enumerate(zip(out, expected), 1):
        assert (row["record"], row["Nom"], row["verdict"], row["Note"].replace("\r\n", "\n")) == \
            (n, student, verdict, note.replace("\r\n", "\n"))


def test_records_are_numbered_without_counting_lines_inside_cells(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text('a,b\n1,"x\n\ny"\n\n2,z\n', encoding="utf-8")
    assert [(r.number, r.fields["a"]) for r in read_records(path)] == [(1, "1"), (2, "2")]
    path.write_text("a,b\n1,2,3\n", encoding="utf-8")
    from tutor.errors import UserError

    with pytest.raises(UserError) as caught:
        list(read_records(path))
    assert caught.value.location == f"{path}:2:1" and "record 1 has 3 cells" in caught.value.message


def test_a_result_column_never_clashes_with_an_input_column_in_another_case(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Student,Exercise,Answer,Verdict\ns001,power,21x^2,mine\n", encoding="utf-8")
    result = grade("--responses", str(path))
    assert result.exit_code == 0, result.output
    out = rows(result.stdout)[0]
    assert out["Verdict"] == "mine" and out["graded_verdict"] == "correct" and out["graded_student"] == "s001"
    graded = tmp_path / "graded.csv"
    graded.write_text(result.stdout, encoding="utf-8")
    report = CliRunner().invoke(app, ["report", str(graded), "--json"])
    assert report.exit_code == 0, report.output
    assert json.loads(report.output)["students"][0]["student"] == "s001"


def test_grade_sends_every_key_of_a_variant_to_one_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.grading import engine, grader

    seen: dict[str, object] = {}
    real = engine.grade_records

    def spy(records, key_of, grade_key, **options):  # type: ignore[no-untyped-def]
        seen.update(options)
        return real(records, key_of, grade_key, jobs=1, **options)

    monkeypatch.setattr(engine, "grade_records", spy)
    records = list(read_records(RESPONSES))
    graded = list(grader.grade_records(str(TINY.resolve()), records))
    assert len(graded) == len(records) and seen["group_of"] is grader.variant_of
    source = str(TINY.resolve())
    keys = [grader.key_of(source, grader.Columns(), r) for r in records]
    valid = [k for k in keys if k[0] != "invalid"]
    # two answers to one variant share a lane; an exercise's other variants and the invalid ones do not
    first = next(k for k in valid if k[0] == "tiny/chain")  # s001's two answers to one variant
    same = [k for k in valid if k[:3] == first[:3]]
    assert len(same) >= 2 and len({grader.variant_of(k) for k in same}) == 1
    assert grader.variant_of(("invalid", "why")) != grader.variant_of(first)
    assert len({grader.variant_of(k) for k in valid}) > 1
