"""The labelled corpus of answers to the AD exercises (tests/packs/ad_corpus.py): no wrong answer
accepted, no right answer rejected, a wrong shape never counted, and the mistake named for
≥ 95 % of the wrong answers a catalogued mistake produces."""

from __future__ import annotations

import importlib.util
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("ad_corpus", Path(__file__).with_name("ad_corpus.py"))
ad_corpus = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(ad_corpus)  # type: ignore[union-attr]
read = ad_corpus.read


@lru_cache(maxsize=None)
def _instance(where: str, seed: int):
    from tutor.packs import discover_packs
    from tutor.packs.instance import instantiate

    pack_id, exercise_id = where.split("/")
    exercise = next(e for e in discover_packs().find_pack(pack_id).exercises if e.id == exercise_id)
    return instantiate(exercise, seed)


def _same_value_ids(instance, answer: str) -> set[str]:
    """Every mistake whose wrong answer this answer is (two slips may give one value)."""
    from tutor.packs.answers import read_answer
    from tutor.packs.instance import shape_of
    from tutor.packs.kinds import kind_named
    from tutor.packs.numeric_judge import _matches

    task = instance.task
    read = read_answer(task.form, answer, task.variables, shape_of(task))
    return {c.id for c in kind_named(task.kind).wrong_answers(task) if _matches(task, read, c.value)}


@pytest.mark.slow
def test_the_corpus_is_judged_as_labelled() -> None:
    from tutor.parsing import ParseError

    rows = read()
    assert len(rows) >= 200
    accepted_wrong, rejected_right, counted, named, missed, ambiguous = [], [], [], 0, [], 0
    labels = Counter()
    for where, seed, label, answer in rows:
        instance = _instance(where, seed)
        labels[label if label in ("right", "wrong", "not-counted") else "mistake"] += 1
        try:
            feedback = instance.check(answer)
        except ParseError as error:
            if label != "not-counted":
                rejected_right.append(f"{where} {seed}: {answer!r} not read: {error.message}")
            continue
        if label == "not-counted":
            counted.append(f"{where} {seed}: {answer!r} was counted ({feedback.status})")
        elif label == "right":
            if not feedback.correct:
                rejected_right.append(f"{where} {seed}: {answer!r} rejected: {feedback.message}")
        elif feedback.correct:
            accepted_wrong.append(f"{where} {seed}: {answer!r} ({label}) accepted")
        elif label != "wrong":
            found = getattr(feedback.mistake, "id", None)
            fits = _same_value_ids(instance, answer)
            ambiguous += len(fits) > 1
            if found == label or (found in fits and label in fits):
                named += 1
            else:
                missed.append(f"{where} {seed}: {answer!r} ({label}) named {found}")
    mistakes = labels["mistake"]
    print(f"AD corpus: {len(rows)} answers ({dict(labels)}); accepted wrong {len(accepted_wrong)}, rejected right "
          f"{len(rejected_right)}, counted wrong shapes {len(counted)}; mistake named for {named}/{mistakes} "
          f"({named / mistakes:.1%}; {ambiguous} answers fit two mistakes)")
    assert not accepted_wrong, "\n".join(accepted_wrong)
    assert not rejected_right, "\n".join(rejected_right)
    assert not counted, counted

    assert named / mistakes >= 0.95, "\n".join(missed)


def test_every_ad_mistake_of_the_catalogue_is_in_the_corpus() -> None:
    from tutor.explain import MISTAKES
    from tutor.explain.question_mistakes import MIXED_PARTIAL_ID, QUESTION_MISTAKES  # the questions: their own corpus

    questions = {q.id for q in QUESTION_MISTAKES} | {MIXED_PARTIAL_ID}
    labelled = {label for _, _, label, _ in read()}
    ids = {m.id for m in MISTAKES if (m.practice or m.dual) and m.id not in questions}
    assert ids - {"dual.componentwise-division"} <= labelled, ids - labelled
