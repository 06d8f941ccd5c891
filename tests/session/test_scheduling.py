"""FSRS per skill: ratings from outcomes, mastery levels, and the choice of the next exercise."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.session.scheduling import (
    Outcome,
    SkillScheduler,
    mastery_level,
    next_review_text,
    rating_for,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
SCHED = SkillScheduler()


@dataclass(frozen=True)
class Ex:
    id: str
    skills: tuple[str, ...]
    difficulty: int = 1


@pytest.mark.parametrize(
    "outcome, rating",
    [
        (Outcome(True), 3),
        (Outcome(True, hints_used=1), 2),
        (Outcome(True, wrong_tries=1), 2),
        (Outcome(True, wrong_tries=2, saw_steps=True), 1),
        (Outcome(False, gave_up=True), 1),
        (Outcome(False, wrong_tries=3), 1),
    ],
)
def test_ratings_follow_the_table(outcome: Outcome, rating: int) -> None:
    assert rating_for(outcome) == rating


@pytest.mark.parametrize(
    "stability, recall, level",
    [(None, None, "new"), (0.1, 0.95, "learning"), (2.0, 0.9, "familiar"), (10, 0.9, "proficient"),
     (30, 0.95, "mastered"), (30, 0.5, "learning")],
)
def test_mastery_levels(stability, recall, level) -> None:
    assert mastery_level(stability, recall) == level


def test_one_lucky_answer_is_not_familiar() -> None:
    record = SCHED.review("s", None, Outcome(True), T0)
    assert record.card["stability"] > 1  # FSRS alone would call it familiar
    assert SCHED.level(record, T0) == "learning"
    assert mastery_level(30, 0.95, reviews=3) == "proficient"


def test_good_reviews_push_the_due_date_out_and_raise_the_level() -> None:
    record, now, dues = None, T0, []
    for _ in range(6):
        record = SCHED.review("chain-rule", record, Outcome(True), now)
        dues.append(SCHED.due(record))
        now = SCHED.due(record)
    assert dues == sorted(dues) and dues[-1] - T0 > timedelta(days=21)
    assert SCHED.level(record, now) in ("proficient", "mastered")
    assert record.reviews == 6 and record.lapses == 0


def test_a_lapse_brings_the_skill_back_soon() -> None:
    record = None
    now = T0
    for _ in range(4):
        record = SCHED.review("s", record, Outcome(True), now)
        now = SCHED.due(record)
    lapsed = SCHED.review("s", record, Outcome(False, gave_up=True), now)
    assert SCHED.due(lapsed) - now < timedelta(hours=1)
    assert lapsed.lapses == 1


def test_the_next_exercise_is_the_overdue_weak_skill() -> None:
    strong = None
    for k in range(5):
        strong = SCHED.review("strong", strong, Outcome(True), T0 + timedelta(days=k * 3))
    weak = SCHED.review("weak", None, Outcome(False, gave_up=True), T0)
    now = T0 + timedelta(days=13)
    records = {"strong": strong, "weak": weak}
    exercises = [Ex("a", ("strong",)), Ex("b", ("weak",)), Ex("c", ("strong",))]
    picks = {SCHED.choose(exercises, records, now, random.Random(seed)).id for seed in range(20)}
    assert picks == {"b"}


def test_a_new_skill_comes_before_a_well_known_one() -> None:
    known = SCHED.review("known", None, Outcome(True), T0)
    known = SCHED.review("known", known, Outcome(True), SCHED.due(known))
    now = SCHED.due(known) - timedelta(minutes=1)  # not due yet
    exercises = [Ex("old", ("known",)), Ex("new", ("fresh",))]
    assert SCHED.choose(exercises, {"known": known}, now, random.Random(0)).id == "new"


def test_easy_exercises_first_for_a_new_skill() -> None:
    exercises = [Ex("hard", ("s",), 5), Ex("easy", ("s",), 1), Ex("mid", ("s",), 3)]
    assert SCHED.choose(exercises, {}, T0, random.Random(0)).id == "easy"


def test_repeats_are_avoided_and_never_twice_in_a_row() -> None:
    exercises = [Ex("a", ("s",)), Ex("b", ("s",))]
    assert SCHED.choose(exercises, {}, T0, random.Random(0), served={"a": 1}).id == "b"
    assert SCHED.choose(exercises, {}, T0, random.Random(0), served={"a": 1, "b": 3}, last="a").id == "b"
    assert SCHED.choose([Ex("only", ("s",))], {}, T0, random.Random(0), last="only").id == "only"


def test_no_exercise_repeats_while_an_unseen_one_is_left_even_above_the_ceiling() -> None:
    exercises = [Ex("easy-1", ("s",), 1), Ex("easy-2", ("s",), 1), Ex("hard", ("s",), 3)]
    served = {"easy-1": 1, "easy-2": 1}
    chosen = SCHED.choose(exercises, {}, T0, random.Random(0), served=served, last="easy-2", ceiling=1.0)
    assert chosen.id == "hard"


def test_choosing_from_nothing_is_an_error() -> None:
    with pytest.raises(ValueError):
        SCHED.choose([], {}, T0, random.Random(0))


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 3), st.integers(0, 2)), min_size=1, max_size=8))
@settings(max_examples=40, deadline=None)
def test_every_review_is_due_in_the_future_and_counts_lapses(history) -> None:
    record, now, lapses = None, T0, 0
    for correct, wrong, hints in history:
        outcome = Outcome(correct, wrong, hints, gave_up=not correct)
        lapses += rating_for(outcome) == 1
        record = SCHED.review("s", record, outcome, now)
        assert SCHED.due(record) > now
        assert SCHED.level(record, now) in ("learning", "familiar", "proficient", "mastered")
        now = SCHED.due(record) + timedelta(hours=1)
    assert record.reviews == len(history) and record.lapses == lapses


@pytest.mark.parametrize(
    "delta, text",
    [(timedelta(0), "now"), (timedelta(seconds=-5), "now"), (timedelta(minutes=10), "in 10 min"),
     (timedelta(hours=3), "in 3 h"), (timedelta(days=1), "in 24 h"), (timedelta(days=2), "in 2 days"),
     (timedelta(days=4), "in 4 days")],
)
def test_review_times_for_people(delta: timedelta, text: str) -> None:
    assert next_review_text(T0 + delta, T0) == text


def test_a_skill_in_its_learning_steps_is_learning_whatever_its_stability() -> None:
    record = SCHED.review("s", None, Outcome(True, hints_used=1), T0)
    record = SCHED.review("s", record, Outcome(True), T0 + timedelta(minutes=2))
    assert record.card["state"] == 1 and record.card["stability"] > 1  # FSRS: still in its learning steps
    assert SCHED.level(record, T0 + timedelta(minutes=2)) == "learning"
    graduated = SCHED.review("s", record, Outcome(True), SCHED.due(record))
    assert graduated.card["state"] == 2  # Review: now the stability decides
    assert SCHED.level(graduated, SCHED.due(record)) == "familiar"
