"""docs/notation.md stays true: each row of its rules table prints as it says, and reads back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutor.parsing.notation import read_tree, same
from tutor.parsing.printer import show

DOC = Path(__file__).resolve().parents[2] / "docs" / "notation.md"
_ROW = re.compile(r"^\| `(?P<input>[^`]+)` +\| `(?P<unicode>[^`]+)` +\| `(?P<plain>[^`]+)` +\|")


def _rows() -> list[tuple[str, str, str]]:
    rows = [(m["input"], m["unicode"], m["plain"]) for line in DOC.read_text(encoding="utf-8").splitlines()
            if (m := _ROW.match(line))]
    assert len(rows) >= 15, "the rules table of docs/notation.md was not found"
    return rows


@pytest.mark.parametrize("typed, pretty, plain", _rows())
def test_notation_table_row(typed: str, pretty: str, plain: str) -> None:
    tree = read_tree(typed)
    assert show(tree) == pretty
    assert show(tree, "plain") == plain
    assert same(read_tree(pretty), tree) and same(read_tree(plain), tree)
