"""Grading one row of a batch: ``answer``, ``of``, and optionally ``wrt`` and ``where``, as text.

A row has ``answer``, ``of``, and optionally ``wrt`` (one name, or several
separated by spaces/commas, or a JSON list) and ``where`` (``"x = cos(t),
y = sin(t)"`` or a JSON object). It becomes one JSON-ready dict of the
``verdict_to_json`` shape plus ``row``; a row that cannot be read becomes
verdict "invalid" with the reason.

Reading files, deduplicating and running many rows on many cores is the
batch engine's job (``tutor.grading``: ``records``, ``engine``, ``derivatives``).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from tutor.errors import UserError

__all__ = ["Row", "grade_row", "invalid_result", "COLUMNS"]

COLUMNS = ("answer", "of", "wrt", "where")

Row = dict[str, Any]  # the fields of COLUMNS plus "row" (1-based line number)


def invalid_result(row: Mapping[str, Any], message: str, hint: str | None = None) -> dict[str, Any]:
    """The result of a row that could not be graded (same keys as a verdict)."""
    return {
        "row": row.get("row"),
        "verdict": "invalid",
        "answer": row.get("answer"),
        "expected": None,
        "symbolic": "unknown",
        "numeric": {"points": 0, "agree": False, "counterexample": None},
        "mistake": None,
        "steps": None,
        "message": message if hint is None else f"{message} (hint: {hint})",
    }


def grade_row(row: Mapping[str, Any], *, seed: int = 0, budget_s: float = 2.5, extra: Callable[..., dict] | None = None) -> dict[str, Any]:
    """Read and check one row; ``extra(request, verdict)`` may add fields (the CLI adds explanations)."""
    from tutor.checking.equivalence import check_request
    from tutor.checking.request import read_request
    from tutor.checking.verdict import verdict_to_json

    if row.get("error"):
        return invalid_result(row, str(row["error"]))
    if not row.get("answer") or not row.get("of"):
        return invalid_result(row, "the row needs an answer and an of", "fill both columns")
    try:
        request = read_request(str(row["answer"]), str(row["of"]), row.get("wrt"), row.get("where"))
    except UserError as error:
        return invalid_result(row, error.message, error.hint)
    verdict = check_request(request, seed=seed, budget_s=budget_s)
    result = {"row": row.get("row"), **verdict_to_json(verdict)}
    if extra is not None:
        result.update(extra(request, verdict))
    return result
