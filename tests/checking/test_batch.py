"""Batch grading: CSV and JSON Lines in, one result per row, input order, bad rows reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor.checking.batch import grade_row, grade_rows, read_rows
from tutor.errors import UserError

ROWS = [
    {"answer": "2x", "of": "x^2"},
    {"answer": "2x cos(x)^2", "of": "sin(x^2)"},
    {"answer": "2y", "of": "x^2"},
    {"answer": "2x", "of": "x^2 y", "wrt": "x y"},
    {"answer": "cos(2t)", "of": "x y", "where": "x=cos(t), y=sin(t)"},
]
EXPECTED = ["correct", "incorrect", "invalid", "correct", "correct"]


def test_csv_and_jsonl_read_alike(tmp_path: Path) -> None:
    csv_file = tmp_path / "answers.csv"
    csv_file.write_text(
        'answer,of,wrt,where\n2x,x^2,,\n"2x cos(x)^2","sin(x^2)",,\n2y,x^2,,\n2x,x^2 y,x y,\n'
        'cos(2t),x y,,"x=cos(t), y=sin(t)"\n',
        encoding="utf-8",
    )
    jsonl_file = tmp_path / "answers.jsonl"
    jsonl_file.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    from_csv, from_jsonl = read_rows(csv_file), read_rows(jsonl_file)
    keys = ("answer", "of", "wrt", "where")
    assert [[r[k] for k in keys] for r in from_csv] == [[r[k] for k in keys] for r in from_jsonl]
    assert [r["row"] for r in from_csv] == [2, 3, 4, 5, 6]


def test_results_come_in_input_order_from_two_workers() -> None:
    rows = [{"row": i, **ROWS[i % len(ROWS)]} for i in range(40)]
    results = list(grade_rows(rows, processes=2))
    assert [r["row"] for r in results] == list(range(40))
    assert [r["verdict"] for r in results] == [EXPECTED[i % len(ROWS)] for i in range(40)]


def test_a_bad_row_is_invalid_and_grading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text('{"answer": "2x", "of": "x^2"}\nnot json\n{"answer": "", "of": "x"}\n', encoding="utf-8")
    results = [grade_row(r) for r in read_rows(path)]
    assert [r["verdict"] for r in results] == ["correct", "invalid", "invalid"]
    assert "rows.jsonl:2" in results[1]["message"]


def test_unusable_files_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError):
        read_rows(tmp_path / "missing.csv")
    headerless = tmp_path / "bad.csv"
    headerless.write_text("2x,x^2\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        read_rows(headerless)
    assert info.value.location == "bad.csv:1:1"
