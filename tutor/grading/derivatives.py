"""The key and the grade of ``check --batch``: a derivative question given inline (answer, of, wrt, where).

``derivative_key(record)`` is the question variant (F, wrt, inner functions)
plus the answer, each with its white space normalised; cheap, so the main
process computes it for every record. ``grade_derivative(key)`` runs in a
worker and keeps three caches for the life of the process:

- by variant: F, wrt and the inner functions read once (``read_question``),
  and the correct derivation's steps, built once and shared by every wrong
  answer to that variant;
- by (variant, answer *expression*): ``2x cos(x^2)`` and ``cos(x^2)·2x`` are
  different keys but one SymPy expression, so the check and the mistake
  diagnosis run once for both.

``explanation_fields`` is the same explanation a single ``calctutor check`` prints.
"""

from __future__ import annotations

import collections
from typing import Any, Hashable, Mapping

from tutor.errors import UserError

__all__ = ["derivative_key", "variant_of", "grade_derivative", "explanation_fields", "mistake_fields", "steps_fields",
           "prepare_derivatives", "failed_derivative", "COLUMNS", "DIAGNOSE_BUDGET_S"]

COLUMNS = ("answer", "of", "wrt", "where")

# The mistake diagnosis may use this long on a wrong answer.
DIAGNOSE_BUDGET_S = 0.4

# Entries kept per worker: a class has tens of variants and hundreds of distinct
# answer expressions per variant at most; these bounds keep a worker under ~100 MB.
VARIANTS_KEPT = 2048
EXPRESSIONS_KEPT = 20_000


class _Bounded(collections.OrderedDict):
    """A dict that forgets its oldest entries past ``limit``."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def remember(self, key: Hashable, value: Any) -> Any:
        self[key] = value
        if len(self) > self.limit:
            self.popitem(last=False)
        return value


_question_by_variant = _Bounded(VARIANTS_KEPT)  # Question, or the (message, hint) of why F cannot be read
_steps_by_variant = _Bounded(VARIANTS_KEPT)
_result_by_expression = _Bounded(EXPRESSIONS_KEPT)


def _normal(value: Any) -> str | None:
    """A cell as text with runs of white space made one space; empty is None."""
    if value is None:
        return None
    if type(value) is str:  # nearly every cell: no ABC check (the main process keys every record)
        return " ".join(value.split()) or None
    if isinstance(value, Mapping):  # JSON Lines: where = {"x": "cos(t)"}
        value = ", ".join(f"{k} = {v}" for k, v in value.items())
    elif isinstance(value, (list, tuple)):  # JSON Lines: wrt = ["x", "y"]
        value = " ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    return text or None


def derivative_key(record: Any) -> tuple:
    """("problem", why) for an unreadable record, else ("d", of, wrt, where, answer), normalised."""
    if record.problem:
        return ("problem", record.problem)
    get = record.fields.get
    return ("d", _normal(get("of")), _normal(get("wrt")), _normal(get("where")), _normal(get("answer")))


def variant_of(key: Hashable) -> Hashable:
    """The question variant of a key (F, wrt, where): the work its keys share, so one worker gets them all."""
    assert isinstance(key, tuple)
    return key[1:4] if key[0] == "d" else "problem"


def _invalid(message: str, hint: str | None = None, answer: str | None = None) -> dict[str, Any]:
    from tutor.checking.batch import invalid_result

    result = invalid_result({"answer": answer}, message, hint)
    result.pop("row")
    return result


def failed_derivative(key: Hashable, message: str) -> dict[str, Any]:
    """The result of a key that could not be graded (its worker died, a bug)."""
    return _invalid(message, answer=key[4] if isinstance(key, tuple) and len(key) == 5 else None)


def mistake_fields(request: Any, verdict: Any, target: str = "unicode") -> dict[str, Any] | None:
    """The catalogued mistake that explains a wrong answer (``diagnosis_to_json``), or None.

    ``target``: the printer's target of the message's math (plain for ``check --plain``)."""
    from tutor.explain.diagnosis import diagnosis_to_json
    from tutor.explain.help import mistake_for
    from tutor.explain.wording import printing

    with printing(target):
        found = mistake_for(request.of.expr, request.answer.expr, request.wrt, request.where,
                            budget_s=DIAGNOSE_BUDGET_S)
        return diagnosis_to_json(found) if found is not None else None


def steps_fields(request: Any, target: str = "unicode") -> Any:
    """The correct derivation of F as JSON steps, or None when the rules cannot derive it."""
    from tutor.explain import step_to_json
    from tutor.explain.help import steps_for

    steps = steps_for(request.of.expr, request.wrt, request.where)
    return step_to_json(steps, target=target) if steps is not None else None


def explanation_fields(request: Any, verdict: Any, *, explain: bool = True, target: str = "unicode") -> dict[str, Any]:
    """``mistake`` and ``steps`` for a wrong answer (both None otherwise, or with ``explain=False``)."""
    if not explain or verdict.status != "incorrect":
        return {"mistake": None, "steps": None}
    return {"mistake": mistake_fields(request, verdict, target), "steps": steps_fields(request, target)}


def grade_derivative(key: tuple, *, explain: bool = True, seed: int = 0, budget_s: float = 2.5) -> dict[str, Any]:
    """The result of one ``derivative_key``: the ``verdict_to_json`` shape (``mistake``/``steps`` when explained)."""
    from tutor.checking.equivalence import check_request
    from tutor.checking.request import read_answer, read_question
    from tutor.checking.verdict import verdict_to_json

    if key[0] == "problem":
        return _invalid(key[1])
    _, of, wrt, where, answer = key
    if not answer or not of:
        return _invalid("the row needs an answer and an of", "fill both columns", answer)
    variant = (of, wrt, where)
    question = _question_by_variant.get(variant)
    if question is None:
        try:
            question = read_question(of, wrt, where)
        except UserError as error:
            question = (error.message, error.hint)
        _question_by_variant.remember(variant, question)
    if isinstance(question, tuple):
        message, hint = question
        return _invalid(message, hint, answer)
    try:
        request = read_answer(question, answer, settle=False)  # graded by value: the first reading will do
    except UserError as error:
        return _invalid(error.message, error.hint, answer)
    # The typed domain is part of the answer: 2e^(ln x) folds to 2x but is undefined for x <= 0.
    by_expression = (variant, request.answer.expr, request.answer.typed.domain, explain, seed, budget_s)
    cached = _result_by_expression.get(by_expression)
    if cached is not None:
        return dict(cached)
    verdict = check_request(request, seed=seed, budget_s=budget_s)
    result = verdict_to_json(verdict)
    if explain and verdict.status == "incorrect":
        result["mistake"] = mistake_fields(request, verdict)
        if variant not in _steps_by_variant:
            _steps_by_variant.remember(variant, steps_fields(request))
        result["steps"] = _steps_by_variant[variant]
    return dict(_result_by_expression.remember(by_expression, result))


def prepare_derivatives() -> None:
    """Import SymPy, the checker and the explainer once (before a pool forks, or on each cluster worker)."""
    import tutor.checking.equivalence  # noqa: F401
    import tutor.explain  # noqa: F401
    from tutor.grading.records import Record

    for answer in ("2x", "2"):  # a right and a wrong answer: the first-use caches of both paths
        grade_derivative(derivative_key(Record(0, {"answer": answer, "of": "x^2"})), explain=True)
