"""Streaming records: CSV dialects and JSON Lines read alike, numbers never shifted, clear errors, resumable output."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.errors import UserError
from tutor.grading.records import Record, RecordWriter, read_records, resume_point

ROWS = [
    {"answer": "2x", "of": "x^2"},
    {"answer": "2x cos(x)^2", "of": "sin(x^2)"},
    {"answer": "2y", "of": "x^2"},
    {"answer": "2x", "of": "x^2 y", "wrt": "x y"},
    {"answer": "cos(2t)", "of": "x y", "where": "x=cos(t), y=sin(t)"},
]


def _refused(path: Path, **kwargs) -> UserError:
    with pytest.raises(UserError) as info:
        list(read_records(path, **kwargs))
    return info.value


def test_csv_and_jsonl_read_alike(tmp_path: Path) -> None:
    csv_file = tmp_path / "answers.csv"
    csv_file.write_text(
        'answer,of,wrt,where\n2x,x^2,,\n"2x cos(x)^2","sin(x^2)",,\n2y,x^2,,\n2x,x^2 y,x y,\n'
        'cos(2t),x y,,"x=cos(t), y=sin(t)"\n',
        encoding="utf-8",
    )
    jsonl_file = tmp_path / "answers.jsonl"
    jsonl_file.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    from_csv, from_jsonl = list(read_records(csv_file)), list(read_records(jsonl_file))
    assert [{k: v for k, v in r.fields.items() if v} for r in from_csv] == [r.fields for r in from_jsonl] == ROWS
    assert [r.number for r in from_csv] == [1, 2, 3, 4, 5]
    assert [r.line for r in from_csv] == [2, 3, 4, 5, 6]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_bom_crlf_and_multiline_cells(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "class.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Student", "answer", "of"])
    writer.writerow(["ana", "2x\n(I think)", "x^2"])  # a cell over two lines
    writer.writerow(["bo; b, c", "x" * 10_000, "x"])  # delimiters inside a quoted cell; a 10 kB cell
    writer.writerow(["cy", "cos x", "sin x"])
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    records = list(read_records(path))
    assert [r.number for r in records] == [1, 2, 3]
    assert [r.line for r in records] == [2, 4, 5]  # the line each record starts on
    assert records[0].fields == {"Student": "ana", "answer": "2x\n(I think)", "of": "x^2"}
    assert records[1].fields["Student"] == "bo; b, c" and len(records[1].fields["answer"]) == 10_000
    assert records[2].fields["answer"] == "cos x" and records[2].problem is None


def test_columns_renamed_and_required(tmp_path: Path) -> None:
    path = tmp_path / "form.csv"
    path.write_text("Name,Response,Function\nana,2x,x^2\n", encoding="utf-8")
    (record,) = read_records(path, columns={"answer": "response", "of": "Function"}, required=("answer", "of"))
    assert record.fields == {"Name": "ana", "answer": "2x", "of": "x^2"}
    error = _refused(path, required=("answer",))
    assert error.location == f"{path}:1:1" and "Response" in error.message and "--column answer=" in error.hint
    assert "no column 'Reply'" in _refused(path, columns={"answer": "Reply"}).message


def test_required_columns_match_ignoring_case(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(" Answer ,OF\n2x,x^2\n", encoding="utf-8")
    assert next(iter(read_records(path, required=("answer", "of")))).fields == {"answer": "2x", "of": "x^2"}


def test_a_row_with_too_many_cells_is_a_problem_record_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("answer,of\n2x,3,x^2\n\n2x,x^2\n", encoding="utf-8")
    assert _refused(path).location == f"{path}:2:1"  # by default a bad record stops the reading
    first, second = read_records(path, problems="record")
    assert first.problem and f"{path}:2:1" in first.problem and "record 1 has 3 cells" in first.problem
    assert (second.number, second.line, second.problem) == (2, 4, None)  # the blank line is not a record


def test_json_lines_problems_are_records(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text('{"answer": "2x", "of": "x^2"}\nnot json\n[1]\n' + "[" * 100_000 + "\n", encoding="utf-8")
    assert "record 2 is not JSON" in _refused(path).message
    records = list(read_records(path, problems="record"))
    assert [r.number for r in records] == [1, 2, 3, 4]
    assert records[0].problem is None
    assert "rows.jsonl:2:1: record 2 is not JSON" in records[1].problem
    assert "not a JSON object" in records[2].problem
    assert "nested too deeply" in records[3].problem


def test_reading_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"answer,of\n" + b"2x,x^2\n" * 1000 + b"\xff\n")  # broken only at the very end
    records = iter(read_records(path))
    assert [next(records).number for _ in range(10)] == list(range(1, 11))
    with pytest.raises(UserError) as info:
        list(records)
    assert info.value.location == f"{path}:1002:1" and "UTF-8" in info.value.message


def test_a_folder_a_fifo_a_device_and_a_missing_file_are_refused(tmp_path: Path) -> None:
    assert "folder" in _refused(tmp_path).message
    assert "no such file" in _refused(tmp_path / "missing.csv").message
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "rows.csv"
        os.mkfifo(fifo)
        assert "not a regular file" in _refused(fifo).message  # refused without blocking on open
    if os.path.exists("/dev/zero"):
        assert "not a regular file" in _refused(Path("/dev/zero")).message


def test_binary_nul_and_oversized_cells_name_their_line(tmp_path: Path) -> None:
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"answer,of\n\xff\xfe2x,x^2\n")
    assert "UTF-8" in _refused(binary).message
    nul = tmp_path / "n.csv"
    nul.write_bytes(b"answer,of\n2x\x00,x^2\n")
    error = _refused(nul)
    assert "NUL" in error.message and error.location == f"{nul}:2:1"
    huge = tmp_path / "h.csv"
    huge.write_text("answer,of\n2x,x^2\n" + "x+" * 100_000 + "x,x\n", encoding="utf-8")
    error = _refused(huge)
    assert error.location == f"{huge}:3:1" and "CSV" in error.message and "record 2" in error.message
    empty = tmp_path / "e.csv"
    empty.write_text("\n\n", encoding="utf-8")
    assert "empty" in _refused(empty).message


cells = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0\r"), max_size=30)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.lists(cells, min_size=3, max_size=3), max_size=8), delimiter=st.sampled_from([",", ";", "\t"]))
def test_what_csv_writes_reads_back_with_consecutive_numbers(tmp_path_factory, rows, delimiter) -> None:
    path = tmp_path_factory.mktemp("prop") / "p.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        writer.writerow([f"a{delimiter}b", "c", "d"] if delimiter != "," else ["a", "c", "d"])
        writer.writerows(rows)
    records = list(read_records(path))
    assert [r.number for r in records] == list(range(1, len(rows) + 1))
    assert [list(r.fields.values()) for r in records] == rows


def _write(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = RecordWriter(stream, "csv" if path.suffix == ".csv" else "jsonl")
        for number in range(1, n + 1):
            writer.write(Record(number, {"answer": f"{number}\nx"}, number + 1), {"verdict": "correct", "steps": [1, 2]})


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_resume_point_cuts_a_partial_last_record(tmp_path: Path, suffix: str) -> None:
    whole = tmp_path / f"whole{suffix}"
    _write(whole, 5)
    data = whole.read_bytes()
    three = tmp_path / f"three{suffix}"
    _write(three, 3)
    prefix = three.read_bytes()
    assert data.startswith(prefix)
    # every cut inside the fourth record (including inside its multi-line cell) resumes at 3
    for cut in range(len(prefix), len(prefix) + (len(data) - len(prefix)) // 2):
        broken = tmp_path / f"broken{suffix}"
        broken.write_bytes(data[:cut])
        count, header = resume_point(broken)
        assert count == 3, cut
        assert broken.read_bytes() == prefix
        assert (header is not None) == (suffix == ".csv")


def test_output_keeps_input_columns_and_numbers(tmp_path: Path) -> None:
    buffer = io.StringIO()
    RecordWriter(buffer).write(Record(7, {"answer": "2x", "student": "ana"}, 9), {"verdict": "correct", "answer": "2*x"})
    assert json.loads(buffer.getvalue()) == {
        "record": 7, "row": 9, "input_answer": "2x", "student": "ana", "verdict": "correct", "answer": "2*x"}


def test_resume_refuses_a_file_it_did_not_write(tmp_path: Path) -> None:
    other = tmp_path / "other.jsonl"
    other.write_text('{"record": 5}\n', encoding="utf-8")
    with pytest.raises(UserError) as info:
        resume_point(other)
    assert "cannot resume" in info.value.message
    assert resume_point(tmp_path / "missing.jsonl") == (0, None)
