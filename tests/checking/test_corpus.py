"""The labelled corpus: no false accepts, no false rejects (one test per line of corpus.txt)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tutor.checking.batch import grade_row

CORPUS = Path(__file__).with_name("corpus.txt")

# The corpus tests verdicts, not speed (benchmarks/check.py measures the slowest
# check against its 3 s target): with no wall-clock budget every stage runs to
# its own CPU limit, so a loaded test machine reaches the same verdicts as an idle one.
CORPUS_BUDGET_S = math.inf


def load_corpus(path: Path = CORPUS) -> list[dict]:
    """Rows of ``answer | of | wrt | where | expected`` ("-" = empty), with their line numbers."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split(" | ")]
        assert len(fields) == 5, f"{path.name}:{number}: expected 5 fields, got {len(fields)}: {line!r}"
        answer, of, wrt, where, expected = (None if f == "-" else f for f in fields)
        rows.append({"row": number, "answer": answer, "of": of, "wrt": wrt, "where": where, "expected": expected})
    return rows


ROWS = load_corpus()


class _Graded(dict):
    """Rows graded on first use, once per test process (xdist workers grade only what they need)."""

    def __missing__(self, line: int) -> dict:
        row = next(r for r in ROWS if r["row"] == line)
        self[line] = result = grade_row(row, budget_s=CORPUS_BUDGET_S)
        return result


@pytest.fixture(scope="module")
def graded() -> dict[int, dict]:
    return _Graded()


def test_the_corpus_is_big_and_balanced() -> None:
    labels = [row["expected"] for row in ROWS]
    assert len(ROWS) >= 150
    assert labels.count("correct") >= 60 and labels.count("incorrect") >= 60


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"line{r['row']}:{r['answer']}|{r['of']}")
def test_corpus_row(row: dict, graded: dict[int, dict]) -> None:
    result = graded[row["row"]]
    assert result["verdict"] == row["expected"], result["message"]


@pytest.mark.slow
def test_no_false_accepts_or_rejects(graded: dict[int, dict]) -> None:
    false_accepts = [r for r in ROWS if r["expected"] == "incorrect" and graded[r["row"]]["verdict"] == "correct"]
    false_rejects = [r for r in ROWS if r["expected"] == "correct" and graded[r["row"]]["verdict"] == "incorrect"]
    assert (false_accepts, false_rejects) == ([], [])


def test_incorrect_rows_carry_a_counterexample_or_a_proof(graded: dict[int, dict]) -> None:
    for row in ROWS:
        result = graded[row["row"]]
        if result["verdict"] == "incorrect":
            assert result["numeric"]["counterexample"] is not None or result["symbolic"] == "different", row
