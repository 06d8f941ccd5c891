"""How stored attempts add up to exercises: the one counting rule of the session summary and
``calctutor progress``, so the two never disagree.

An *exercise sitting* is one instance (session, topic, pack, exercise, seed). It counts as
*attempted* when the student answered it at least once or gave up on it with ``:steps``;
it is *solved* when one of its answers was right. So an exercise given up with
``:steps``, or skipped after wrong answers, is attempted and unsolved (0/1); one
skipped before any answer is passed over and counts nowhere (a skip at first sight
says nothing about the student). An exercise left open by ``:quit`` after wrong
answers is attempted and unsolved as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from tutor.session.progress import Attempt

__all__ = ["ExerciseOutcome", "exercise_outcomes"]

GIVE_UP = "gave-up"  # the verdict stored for :steps


@dataclass(frozen=True)
class ExerciseOutcome:
    """One attempted exercise sitting."""

    topic: str
    exercise: str
    skills: tuple[str, ...]
    solved: bool
    answers: int  # answers checked in this sitting


def exercise_outcomes(attempts: Iterable[Attempt]) -> list[ExerciseOutcome]:
    """The attempted exercises among ``attempts`` (stored rows, any order), first sitting first."""
    sittings: dict[tuple[str, str, str, str, int], list[Attempt]] = {}
    for a in attempts:
        sittings.setdefault((a.session_id, a.topic, a.pack, a.exercise, a.seed), []).append(a)
    out = []
    for rows in sittings.values():
        answers = sum(a.is_attempt for a in rows)
        if not answers and not any(a.verdict == GIVE_UP for a in rows):
            continue  # passed over: skipped before any answer
        first = rows[0]
        skills = next((a.skills for a in rows if a.skills), ()) or (first.topic,)
        out.append(ExerciseOutcome(first.topic, first.exercise, skills,
                                   any(a.verdict == "correct" for a in rows), answers))
    return out
