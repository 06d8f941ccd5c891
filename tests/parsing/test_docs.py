"""The readings table is what the parser does, and docs/input-language.md shows exactly that table."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("doc_tables", Path(__file__).with_name("doc_tables.py"))
doc_tables = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(doc_tables)  # type: ignore[union-attr]

TABLE = doc_tables.table()
DOC = doc_tables.DOC.read_text(encoding="utf-8")


def test_the_table_is_large_and_has_no_duplicates() -> None:
    inputs = [(row[0], row[1]) for row in TABLE.READINGS]
    assert len(inputs) >= 156  # 56 before issue 13 (LaTeX, prefixes, spaces, functions added)
    assert len(set(inputs)) == len(inputs)


def test_the_document_shows_exactly_the_table() -> None:
    readings, refusals = doc_tables.doc_tables(TABLE)
    assert readings in DOC, "run python tests/parsing/doc_tables.py to rewrite the document's readings table"
    assert refusals in DOC, "run python tests/parsing/doc_tables.py to rewrite the document's refusals table"


@pytest.mark.parametrize("text, declared, reading, note", TABLE.READINGS, ids=[r[0] for r in TABLE.READINGS])
def test_reading_row(text: str, declared: str, reading: str, note: str) -> None:
    assert doc_tables.current(text, declared) == (reading, note)


@pytest.mark.parametrize("text, declared", TABLE.REFUSALS, ids=[r[0] for r in TABLE.REFUSALS])
def test_refusal_row(text: str, declared: bool) -> None:
    assert not doc_tables.refusal(text, declared).startswith("accepted")
