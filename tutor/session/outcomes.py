"""How stored attempts add up to exercises: the one counting rule of the session summary,
``calctutor progress`` and ``calctutor topics``, so the three never disagree.

An *exercise sitting* is one instance (session, topic, pack, exercise, seed). Each sitting
that ended has exactly one outcome (``OUTCOMES``):

* **alone** — answered right (at the first or a later try) with no hint and no worked steps;
* **with help** — answered right after a hint or after the worked steps were shown (the
  automatic steps after the second wrong try count as help too);
* **unsolved** — tried and not solved: given up with ``:steps``, skipped after wrong
  answers, or left by ``:quit`` after wrong answers;
* **skipped** — skipped before any answer.

The score is the exercises solved alone out of every exercise seen (skipped ones included:
skipping everything scores 0 out of their number, never 0/0).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from tutor.session.progress import Attempt

__all__ = ["OUTCOMES", "ExerciseOutcome", "Tally", "exercise_outcomes", "tally", "tally_text"]

GIVE_UP = "gave-up"  # the verdict stored for :steps
SKIPPED = "skipped"

OUTCOMES = ("alone", "with-help", "unsolved", "skipped")


@dataclass(frozen=True)
class ExerciseOutcome:
    """One exercise sitting and how it ended."""

    topic: str
    exercise: str
    skills: tuple[str, ...]
    outcome: str  # one of OUTCOMES
    answers: int  # answers checked in this sitting

    @property
    def solved(self) -> bool:
        return self.outcome in ("alone", "with-help")

    @property
    def attempted(self) -> bool:
        """Answered at least once or given up with the steps (a skip at first sight is not)."""
        return self.outcome != "skipped"


def _outcome(rows: list[Attempt]) -> str:
    right = next((a for a in rows if a.verdict == "correct"), None)
    if right is not None:
        helped = any(a.hints_used > 0 or a.saw_steps for a in rows[: rows.index(right) + 1])
        return "with-help" if helped else "alone"
    if any(a.is_attempt or a.verdict == GIVE_UP for a in rows):
        return "unsolved"
    return "skipped"


def exercise_outcomes(attempts: Iterable[Attempt]) -> list[ExerciseOutcome]:
    """Every exercise sitting among ``attempts`` (stored rows, oldest first), first sitting first."""
    sittings: dict[tuple[str, str, str, str, int], list[Attempt]] = {}
    for a in attempts:
        sittings.setdefault((a.session_id, a.topic, a.pack, a.exercise, a.seed), []).append(a)
    out = []
    for rows in sittings.values():
        first = rows[0]
        skills = next((a.skills for a in rows if a.skills), ()) or (first.topic,)
        out.append(ExerciseOutcome(first.topic, first.exercise, skills, _outcome(rows),
                                   sum(a.is_attempt for a in rows)))
    return out


@dataclass(frozen=True)
class Tally:
    """Exercises counted by outcome."""

    alone: int = 0
    with_help: int = 0
    unsolved: int = 0
    skipped: int = 0

    @property
    def seen(self) -> int:
        return self.alone + self.with_help + self.unsolved + self.skipped

    @property
    def solved(self) -> int:
        return self.alone + self.with_help

    @property
    def attempted(self) -> int:
        return self.seen - self.skipped

    @property
    def score(self) -> float:
        """Solved alone, out of every exercise seen."""
        return self.alone / self.seen if self.seen else 0.0

    def plus(self, outcome: ExerciseOutcome) -> "Tally":
        field = outcome.outcome.replace("-", "_")
        return Tally(**{**self.__dict__, field: getattr(self, field) + 1})


def tally(outcomes: Iterable[ExerciseOutcome]) -> Tally:
    total = Tally()
    for outcome in outcomes:
        total = total.plus(outcome)
    return total


def tally_text(t: Tally) -> str:
    """``3/5 solved alone, 1 with help, 1 skipped``: the words every screen uses for a tally."""
    parts = [f"{t.alone}/{t.seen} solved alone"]
    if t.with_help:
        parts.append(f"{t.with_help} with help")
    if t.skipped:
        parts.append(f"{t.skipped} skipped")
    return ", ".join(parts)
