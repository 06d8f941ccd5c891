"""A session raises difficulty one rung at a time: a beginner starts at the topic's easiest
exercises, moves up after a clean success, down after a failure, and never jumps rungs."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.session.events import Presented
from tutor.session.practice import Entry, PracticeSession
from tutor.session.scheduling import DifficultyLadder, Outcome

from .conftest import FakeExercise

CLEAN = Outcome(True)
HELPED = Outcome(True, wrong_tries=1)
FAILED = Outcome(False, wrong_tries=2, gave_up=True)


@dataclass(frozen=True)
class _Ex:
    id: str
    difficulty: object
    skills: tuple[str, ...] = ("s",)


def test_the_ladder_starts_at_the_easiest_rung_and_moves_one_step() -> None:
    ladder = DifficultyLadder.start([_Ex("a", 4), _Ex("b", 2), _Ex("c", 2), _Ex("d", 5)])
    assert ladder.levels == (2.0, 4.0, 5.0) and ladder.ceiling == 2.0  # the topic's own lowest, not 1
    assert ladder.after(CLEAN).ceiling == 4.0  # one rung, however far the next difficulty is
    assert ladder.after(CLEAN).after(CLEAN).after(CLEAN).ceiling == 5.0  # the top holds
    assert ladder.after(HELPED).ceiling == 2.0  # right with help: stay
    assert ladder.after(CLEAN).after(FAILED).ceiling == 2.0  # down after a failure
    assert ladder.after(FAILED).ceiling == 2.0  # the bottom holds
    # a returning student starts at the rung that suits their level
    assert DifficultyLadder.start([_Ex("a", 1), _Ex("b", 2), _Ex("c", 3)], target=2.5).ceiling == 2.0


def _beginner_session(store, clock, count: int, seed: int) -> PracticeSession:
    exercises = [FakeExercise(f"d{d}-{k}", ("chain-rule",), d) for d in range(1, 6) for k in range(3)]
    return PracticeSession([Entry(e.pack, e) for e in exercises], topic="chain-rule", store=store, clock=clock,
                           rng=random.Random(seed), count=count)


def _difficulties(session: PracticeSession, answers) -> list[int]:
    (event,) = session.start()
    served = []
    for answer in answers:
        assert isinstance(event, Presented)
        served.append(event.instance.difficulty)
        lines = [session.current.expected_text] if answer == "right" else ["wrong", ":steps"]
        for line in lines:
            events = session.handle(line)
        event = events[-1]
    return served


@pytest.mark.parametrize("seed", range(5))
def test_a_beginner_who_answers_right_climbs_one_level_per_exercise(store, clock, seed) -> None:
    served = _difficulties(_beginner_session(store, clock, 5, seed), ["right"] * 5)
    assert served == [1, 2, 3, 4, 5]  # the walkthrough saw difficulty 4 at exercise 4 of a beginner's session


@pytest.mark.parametrize("seed", range(5))
def test_a_failure_brings_the_difficulty_down_one_level(store, clock, seed) -> None:
    served = _difficulties(_beginner_session(store, clock, 6, seed), ["right", "right", "wrong", "wrong", "right", "right"])
    assert served == [1, 2, 3, 2, 1, 2]


@settings(max_examples=60, deadline=None)
@given(
    difficulties=st.lists(st.integers(1, 5), min_size=1, max_size=12),
    outcomes=st.lists(st.sampled_from([CLEAN, HELPED, FAILED, Outcome(False, 1, 0, False, gave_up=True)]), max_size=15),
)
def test_the_ladder_moves_at_most_one_rung_and_stays_on_the_topics_levels(difficulties, outcomes) -> None:
    ladder = DifficultyLadder.start([_Ex(str(i), d) for i, d in enumerate(difficulties)])
    assert ladder.ceiling == min(difficulties)
    for outcome in outcomes:
        after = ladder.after(outcome)
        assert abs(after.index - ladder.index) <= 1 and after.ceiling in set(map(float, difficulties))
        assert (after.index > ladder.index) <= (outcome == CLEAN)  # only a clean success climbs
        ladder = after
