"""Batch grading of inline derivatives (``check --batch``): one result per record, input order, bad rows reported."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from tutor.checking.batch import grade_row
from tutor.errors import UserError
from tutor.grading.derivatives import derivative_key, grade_derivative
from tutor.grading.engine import grade_records
from tutor.grading.records import Record, read_records

ROWS = [
    {"answer": "2x", "of": "x^2"},
    {"answer": "2x cos(x)^2", "of": "sin(x^2)"},
    {"answer": "2y", "of": "x^2"},
    {"answer": "2x", "of": "x^2 y", "wrt": "x y"},
    {"answer": "cos(2t)", "of": "x y", "where": "x=cos(t), y=sin(t)"},
]
EXPECTED = ["correct", "incorrect", "invalid", "correct", "correct"]
NO_EXPLAIN = functools.partial(grade_derivative, explain=False)


def test_results_come_in_input_order_from_two_workers() -> None:
    records = [Record(i, ROWS[i % len(ROWS)], i) for i in range(1, 41)]
    results = list(grade_records(records, derivative_key, NO_EXPLAIN, jobs=2))
    assert [r.number for r, _ in results] == list(range(1, 41))
    assert [res["verdict"] for _, res in results] == [EXPECTED[i % len(ROWS)] for i in range(1, 41)]


def test_the_engine_and_grade_row_agree() -> None:
    for row, expected in zip(ROWS, EXPECTED):
        single = grade_row(row)
        batch = NO_EXPLAIN(derivative_key(Record(1, row)))
        assert single["verdict"] == batch["verdict"] == expected
        assert {k: v for k, v in single.items() if k != "row"} == batch


def test_a_bad_row_is_invalid_and_grading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text('{"answer": "2x", "of": "x^2"}\nnot json\n{"answer": "", "of": "x"}\n', encoding="utf-8")
    results = [res for _, res in grade_records(read_records(path, problems="record"), derivative_key, NO_EXPLAIN, jobs=1)]
    assert [r["verdict"] for r in results] == ["correct", "invalid", "invalid"]
    assert "rows.jsonl:2" in results[1]["message"]


def test_a_headerless_file_is_a_user_error_naming_the_columns(tmp_path: Path) -> None:
    headerless = tmp_path / "bad.csv"
    headerless.write_text("2x,x^2\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        read_records(headerless, required=("answer", "of"))
    assert info.value.location == f"{headerless}:1:1" and "no column 'answer'" in info.value.message
