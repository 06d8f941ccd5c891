"""The labelled corpus of the course's other questions: verdicts and named mistakes (issue 15's numbers).

Each row of data/questions_corpus.txt is a right answer in another form or a wrong answer, most from a
catalogued mistake. Asserted: no wrong answer accepted, no right answer rejected, and the top mistake id
right for at least 95 % of the wrong answers that come from a catalogued mistake. Also the slowest check.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import pytest

from tutor.errors import UserError

CORPUS = Path(__file__).parent / "data" / "questions_corpus.txt"
QUESTION_KEYS = {"tangent_at", "normal_at", "linearize_at", "tangent_plane_at", "gradient", "hessian", "direction", "at"}


def rows() -> list[tuple[int, str, str, dict[str, Any], str, str]]:
    out = []
    for number, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        expect, mistake, options, of, answer = (part.strip() for part in line.split("|", 4))
        parsed: dict[str, Any] = {}
        for item in filter(None, (o.strip() for o in options.split(" & "))):
            key, _, value = item.partition("=")
            parsed[key] = value if value else True
        out.append((number, expect, mistake, parsed, of, answer))
    return out


def grade(options: dict[str, Any], of: str, answer: str) -> tuple[str, str | None]:
    """(verdict, top mistake id) as ``check`` computes them."""
    from tutor.checking import check_request
    from tutor.checking.question_request import read_question
    from tutor.checking.questions import check_question
    from tutor.checking.request import read_request
    from tutor.explain import diagnose
    from tutor.explain.question_mistakes import diagnose_question

    asked = read_question(answer, of, **{k: v for k, v in options.items() if k in QUESTION_KEYS})
    if asked is not None:
        question, read = asked
        verdict = check_question(question, read, budget_s=math.inf)
        found = diagnose_question(question, read, budget_s=math.inf) if verdict.status == "incorrect" else None
        return verdict.status, found.id if found else None
    request = read_request(answer, of, options.get("wrt"), options.get("where"), order=int(options.get("order", 1)))
    verdict = check_request(request, budget_s=math.inf)  # no wall clock: the same verdicts under any load
    if verdict.status != "incorrect":
        return verdict.status, None
    found = diagnose(request.of.expr, request.answer.expr, list(request.wrt), request.where or None,
                     budget_s=math.inf)
    return verdict.status, found.best.id if found else None


def test_the_corpus_is_big_and_covers_every_mistake() -> None:
    from tutor.explain.question_mistakes import QUESTION_MISTAKES

    table = rows()
    assert len(table) >= 250
    labelled = {r[2] for r in table}
    assert {m.id for m in QUESTION_MISTAKES} <= labelled


@pytest.mark.slow
def test_no_wrong_answer_accepted_no_right_answer_rejected_and_mistakes_named() -> None:
    wrong_verdicts, misnamed, named, slowest = [], [], 0, (0.0, "")
    for number, expect, mistake, options, of, answer in rows():
        start = time.monotonic()
        try:
            verdict, top = grade(options, of, answer)
        except UserError as error:  # the corpus must be readable: say which line is not
            verdict, top = f"invalid ({error.message})", None
        elapsed = time.monotonic() - start
        slowest = max(slowest, (elapsed, f"line {number}: {answer} for {of}"))
        if verdict != expect:
            wrong_verdicts.append(f"line {number}: {answer} for {of} {options}: {verdict}, expected {expect}")
        if mistake != "-":
            named += 1
            if top != mistake:
                misnamed.append(f"line {number}: {answer} for {of}: {top}, labelled {mistake}")
    accuracy = 1 - len(misnamed) / named
    print(f"question corpus: {len(rows())} cases, {len(wrong_verdicts)} wrong verdicts, "
          f"mistake accuracy {accuracy:.1%} over {named}, slowest {slowest[0]:.2f} s ({slowest[1]})")
    assert not wrong_verdicts, wrong_verdicts
    assert accuracy >= 0.95, misnamed
