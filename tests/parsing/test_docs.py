"""docs/input-language.md stays true: every row of its tables is what the parser does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutor.parsing import ParseError, read

DOC = Path(__file__).resolve().parents[2] / "docs" / "input-language.md"
ROW = re.compile(r"^\| `(?P<input>(?:[^`])+)`(?P<decl> \(variables: x\))? \| (?P<rest>.*) \|$")


def _rows() -> list[tuple[str, list[str]]]:
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", match.group("rest"))]
            rows.append((match.group("input").replace("\\|", "|"), cells, bool(match.group("decl"))))
    return rows


ROWS = _rows()
READINGS = [r for r in ROWS if len(r[1]) == 3]
REFUSALS = [r for r in ROWS if len(r[1]) == 1]


def test_the_doc_has_both_tables() -> None:
    assert len(READINGS) >= 40 and len(REFUSALS) >= 15


@pytest.mark.parametrize("text, cells, _", READINGS, ids=[r[0] for r in READINGS])
def test_reading_row(text: str, cells: list[str], _: bool) -> None:
    declared, reading, note = cells
    epsilon = "ε" in declared
    variables = None if declared == "any letter" else ["x"] if epsilon else declared.split(", ")
    result = read(text, variables, epsilon=epsilon)
    assert f"`{result.text}`" == reading
    assert note == "; ".join(result.notes)


@pytest.mark.parametrize("text, cells, declared", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusal_row(text: str, cells: list[str], declared: bool) -> None:
    with pytest.raises(ParseError) as info:
        read(text, ["x"] if declared else None)
    assert cells[0].replace("\\|", "|").startswith(info.value.message)
