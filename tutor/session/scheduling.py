"""Which skill to practise next and when to review it: FSRS per skill, and mastery levels.

Each *skill* (``chain-rule``, ``quotient-rule``, ``partial-derivative``…) has one
FSRS memory card (the ``fsrs`` package). When an exercise ends, each of its
skills is reviewed once with a rating read from how it went (``RATING_RULES``).
The next exercise is the one whose skills are most *due and weak*: lowest
predicted recall, overdue first, new skills introduced in between, at a
difficulty that fits the student's level, never an exercise twice in a
session while unseen ones are left. Within a session the difficulty climbs one rung at a
time (``DifficultyLadder``): the topic's easiest exercises first for a beginner,
up after a clean success, down after a failure. Ties are broken by the injected random generator,
so ``--seed`` makes a session reproducible.

Fuzzing of intervals is off: it would draw from a global random generator.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol, TypeVar, cast

from tutor.session.progress import SkillRecord

__all__ = [
    "Candidate",
    "DifficultyLadder",
    "LADDER_STEPS",
    "MASTERY_LEVELS",
    "Outcome",
    "RATING_RULES",
    "Review",
    "SkillScheduler",
    "mastery_level",
    "next_review_text",
    "rating_for",
]


@dataclass(frozen=True)
class Outcome:
    """How one exercise went, as far as scheduling cares."""

    correct: bool
    wrong_tries: int = 0
    hints_used: int = 0
    saw_steps: bool = False  # the chain-rule steps were shown before the right answer
    gave_up: bool = False


# Ordered: the first rule whose test holds gives the FSRS rating (1 Again, 2 Hard, 3 Good, 4 Easy).
# Easy is never given: one exercise answered at once is not evidence the skill is overlearnt.
RATING_RULES: tuple[tuple[str, Callable[[Outcome], bool], int], ...] = (
    ("gave up or skipped after trying", lambda o: o.gave_up or not o.correct, 1),
    ("right only after seeing the steps", lambda o: o.saw_steps, 1),
    ("right after a wrong try or a hint", lambda o: o.wrong_tries > 0 or o.hints_used > 0, 2),
    ("right at the first try, unaided", lambda o: True, 3),
)


def rating_for(outcome: Outcome) -> int:
    """The FSRS rating (1–3) of an exercise's outcome, by ``RATING_RULES``."""
    return next(rating for _, test, rating in RATING_RULES if test(outcome))


# (level, minimum FSRS stability in days, minimum recall probability now, minimum reviews).
# Stability is the interval after which recall falls to 90 %: a skill remembered for three
# weeks is mastered, for a week proficient, for a day familiar. The review counts keep one
# lucky answer (FSRS gives a first "Good" 2.3 days) from counting as familiar.
MASTERY_LEVELS: tuple[tuple[str, float, float, int], ...] = (
    ("mastered", 21.0, 0.85, 4),
    ("proficient", 7.0, 0.80, 3),
    ("familiar", 1.0, 0.70, 2),
    ("learning", 0.0, 0.0, 1),
)
NEW = "new"

# The difficulty (1 easiest … 5) that suits each level: stretch a little beyond it.
TARGET_DIFFICULTY = {NEW: 1.0, "learning": 1.5, "familiar": 2.5, "proficient": 3.5, "mastered": 4.5}

# How weak an unseen skill counts (0 = certainly remembered, 1 = forgotten): below an
# overdue skill (recall < 0.9 and the due bonus), above a freshly learnt one.
NEW_SKILL_WEAKNESS = 0.6
DUE_BONUS = 0.5  # an overdue review goes before anything that is merely weak
DIFFICULTY_WEIGHT = 0.15  # per difficulty step away from the target: gentle, weakness decides
REPEAT_PENALTY = 1.0  # per time already served in this session: vary before repeating
JITTER = 0.05  # random tie-break, small against every weight above


class Candidate(Protocol):
    """What the scheduler needs of an exercise (``tutor.packs.Exercise`` fits)."""

    @property
    def id(self) -> str: ...

    @property
    def skills(self) -> Sequence[str]: ...

    @property
    def difficulty(self) -> Any: ...


C = TypeVar("C", bound=Candidate)  # choose() hands back the caller's own exercise type


@dataclass(frozen=True)
class Review:
    """A skill due for review: when, and how well it is known."""

    skill: str
    due: datetime
    level: str
    recall: float | None  # predicted probability of recall now; None for a new skill


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def mastery_level(stability_days: float | None, recall: float | None, reviews: int = 1_000) -> str:
    """The level for a card's stability, current recall probability and review count (``MASTERY_LEVELS``)."""
    if stability_days is None:
        return NEW
    for name, min_stability, min_recall, min_reviews in MASTERY_LEVELS:
        if stability_days >= min_stability and (recall or 0.0) >= min_recall and reviews >= min_reviews:
            return name
    return MASTERY_LEVELS[-1][0]


def _difficulty(exercise: Candidate) -> float:
    value = getattr(exercise, "difficulty", 1)
    try:
        return float(value)
    except (TypeError, ValueError):  # a named level such as "easy"
        return {"easy": 1.0, "medium": 2.5, "hard": 4.0}.get(str(value).lower(), 2.0)


# How the session's difficulty moves after an exercise, by its FSRS rating (RATING_RULES):
# up one level after a clean success, stay after a success that needed help, down after a failure.
LADDER_STEPS = {3: +1, 2: 0, 1: -1}


@dataclass(frozen=True)
class DifficultyLadder:
    """The hardest difficulty a session may serve now: one rung of the topic's own difficulties.

    A session climbs the rungs one at a time (``LADDER_STEPS``), so a beginner meets the
    topic's easiest exercises first and never jumps from ★ to ★★★★ in three exercises.
    """

    levels: tuple[float, ...]  # the topic's distinct difficulties, easiest first
    index: int = 0

    @classmethod
    def start(cls, exercises: Sequence[Candidate], target: float = TARGET_DIFFICULTY[NEW]) -> "DifficultyLadder":
        """The ladder of ``exercises``, on the highest rung not above ``target`` (the lowest for a beginner)."""
        levels = tuple(sorted({_difficulty(e) for e in exercises})) or (1.0,)
        index = max([i for i, level in enumerate(levels) if level <= target] or [0])
        return cls(levels, index)

    @property
    def ceiling(self) -> float:
        return self.levels[self.index]

    def after(self, outcome: Outcome) -> "DifficultyLadder":
        """The ladder after an exercise that went like ``outcome``."""
        step = LADDER_STEPS[rating_for(outcome)]
        return DifficultyLadder(self.levels, min(max(self.index + step, 0), len(self.levels) - 1))


class SkillScheduler:
    """FSRS over skills: review after an exercise, level now, pick the next exercise."""

    def __init__(self, *, desired_retention: float = 0.9) -> None:
        import fsrs  # imported here: `calctutor --help` must stay light

        self._fsrs = fsrs
        # Learning steps of 1 and 10 minutes are FSRS's defaults for flashcards; a
        # practice session is the same kind of short-term relearning.
        self._scheduler = fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=False)

    # -- cards ---------------------------------------------------------------

    def _card(self, record: SkillRecord | None, now: datetime) -> Any:
        if record is None:
            # card_id is stored but unused; a constant keeps runs reproducible (fsrs uses the clock).
            return self._fsrs.Card(card_id=1, due=_utc(now))
        return self._fsrs.Card.from_dict(cast(Any, dict(record.card)))  # the dict fsrs's to_dict wrote

    def review(self, skill: str, record: SkillRecord | None, outcome: Outcome, now: datetime) -> SkillRecord:
        """The skill's record after one exercise with this outcome."""
        rating = rating_for(outcome)
        card, _log = self._scheduler.review_card(self._card(record, now), self._fsrs.Rating(rating), review_datetime=_utc(now))
        reviews = (record.reviews if record else 0) + 1
        lapses = (record.lapses if record else 0) + (rating == 1)
        return SkillRecord(skill, card.to_dict(), reviews, lapses, _utc(now))

    def recall(self, record: SkillRecord | None, now: datetime) -> float | None:
        """Predicted probability of recalling the skill now (None: never reviewed)."""
        if record is None or record.card.get("stability") is None:
            return None
        return float(self._scheduler.get_card_retrievability(self._card(record, now), current_datetime=_utc(now)))

    def level(self, record: SkillRecord | None, now: datetime) -> str:
        """The mastery level of a skill now."""
        if record is None:
            return NEW
        if record.card.get("state") != int(self._fsrs.State.Review):
            return "learning"  # still in FSRS's short learning (or relearning) steps: not graduated
        return mastery_level(record.card.get("stability"), self.recall(record, now), record.reviews)

    def due(self, record: SkillRecord) -> datetime:
        return _utc(datetime.fromisoformat(str(record.card["due"])))

    def reviews(self, records: Mapping[str, SkillRecord], now: datetime) -> list[Review]:
        """Every known skill with its next review, soonest first."""
        plan = [Review(skill, self.due(r), self.level(r, now), self.recall(r, now)) for skill, r in records.items()]
        return sorted(plan, key=lambda r: (r.due, r.skill))

    # -- choosing ------------------------------------------------------------

    def weakness(self, record: SkillRecord | None, now: datetime) -> float:
        """0 (sure to be recalled, not due) … 1 + DUE_BONUS (forgotten and overdue)."""
        recall = self.recall(record, now)
        if record is None or recall is None:
            return NEW_SKILL_WEAKNESS
        return (1.0 - recall) + (DUE_BONUS if self.due(record) <= _utc(now) else 0.0)

    def choose(
        self,
        exercises: Sequence[C],
        records: Mapping[str, SkillRecord],
        now: datetime,
        rng: random.Random,
        served: Mapping[str, int] | None = None,
        last: str | None = None,
        ceiling: float | None = None,
    ) -> C:
        """The exercise whose skills are most due and weak, at a fitting difficulty.

        With a ``ceiling`` (the session's ``DifficultyLadder``) nothing harder is served, and
        the ceiling itself is the difficulty aimed at; without one, the level of the weakest skill.
        """
        if not exercises:
            raise ValueError("no exercises to choose from")
        served = served or {}
        unseen = [e for e in exercises if not served.get(e.id)]
        if unseen:
            # No exercise twice in a session while others have not been served: a repeat would beat
            # an unseen exercise above the ceiling, so the unseen ones are the only candidates.
            exercises = unseen
        if ceiling is not None:
            allowed = [e for e in exercises if _difficulty(e) <= ceiling]
            if all(e.id == last for e in allowed):
                # Nothing at or below the ceiling but the exercise just served (or nothing at all):
                # the next rung up, one step, rather than the same exercise twice in a row.
                above = [_difficulty(e) for e in exercises if _difficulty(e) > ceiling]
                allowed += [e for e in exercises if above and _difficulty(e) == min(above)]
            exercises = allowed or list(exercises)

        def score(exercise: Candidate) -> float:
            skills = tuple(exercise.skills) or ("general",)
            weakest = max(skills, key=lambda s: self.weakness(records.get(s), now))
            target = ceiling if ceiling is not None else TARGET_DIFFICULTY[self.level(records.get(weakest), now)]
            value = self.weakness(records.get(weakest), now)
            value -= DIFFICULTY_WEIGHT * abs(_difficulty(exercise) - target)
            value -= REPEAT_PENALTY * served.get(exercise.id, 0)
            if exercise.id == last and len(exercises) > 1:
                value -= 10 * REPEAT_PENALTY  # never the same exercise twice in a row
            return value + rng.uniform(0.0, JITTER)

        # Scores are drawn in the exercises' order, so the same seed gives the same choice.
        scored = [(score(e), i) for i, e in enumerate(exercises)]
        return exercises[max(scored)[1]]


def next_review_text(due: datetime, now: datetime) -> str:
    """'now', 'in 10 min', 'in 3 h', 'in 4 days': when a review is due, for people."""
    delta = _utc(due) - _utc(now)
    if delta <= timedelta(0):
        return "now"
    minutes = delta.total_seconds() / 60
    # Hours up to a day and a half ("in 30 h"), then days ("in 2 days").
    for limit, unit, size in ((60, "min", 1), (36 * 60, "h", 60), (float("inf"), "days", 24 * 60)):
        if minutes < limit:
            value = max(1, round(minutes / size))
            return f"in {value} {'day' if unit == 'days' and value == 1 else unit}"
    return "later"  # unreachable: the last limit is infinite
