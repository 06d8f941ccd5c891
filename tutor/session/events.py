"""What a practice session says back: one frozen dataclass per kind of event.

``tutor/render/session.py`` draws each of them; tests assert on them. SymPy
objects and pack instances are carried as they are (typed ``Any`` so this
module imports nothing heavy).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Union

from tutor.errors import UserError
from tutor.session.outcomes import Tally
from tutor.session.scheduling import Review

__all__ = [
    "Checked",
    "CommandInfo",
    "Event",
    "Finished",
    "Help",
    "Hint",
    "Plot",
    "Presented",
    "CommandFailed",
    "SkillResult",
    "Skipped",
    "StepsShown",
    "Summary",
    "Unreadable",
]


@dataclass(frozen=True)
class Presented:
    """A new exercise is on screen."""

    number: int
    total: int
    instance: Any  # tutor.packs.Instance
    pack: str


@dataclass(frozen=True)
class Unreadable:
    """The answer could not be read; it was not counted as an attempt."""

    text: str
    error: UserError


@dataclass(frozen=True)
class Checked:
    """An answer was checked."""

    text: str
    feedback: Any  # tutor.packs.Feedback
    status: str  # correct | incorrect | undecided
    wrong_tries: int  # wrong answers to this exercise so far
    steps: Any  # tutor.explain.Step when they are shown now, else None
    resolved: bool  # the exercise is done (answered correctly)

    @property
    def correct(self) -> bool:
        return self.status == "correct"


@dataclass(frozen=True)
class Hint:
    """The next hint of the ladder (``text`` None: no more hints)."""

    number: int
    total: int
    text: str | None
    instance: Any = None  # the exercise, for the hint in another target (``Instance.plain``: --plain)


@dataclass(frozen=True)
class StepsShown:
    """The worked steps and the answer; the exercise counts as given up."""

    instance: Any
    steps: Any  # tutor.explain.Step or None when no explanation exists for this kind
    expected_text: str


@dataclass(frozen=True)
class Skipped:
    instance: Any
    expected_text: str


@dataclass(frozen=True)
class CommandInfo:
    name: str
    usage: str


@dataclass(frozen=True)
class Help:
    commands: tuple[CommandInfo, ...]


@dataclass(frozen=True)
class Plot:
    """Draw the student's answer against the right derivative, as functions of ``variable``."""

    answer_text: str
    answer: Any  # SymPy expression
    expected: Any  # SymPy expression
    variable: str


@dataclass(frozen=True)
class CommandFailed:
    """A command that could not be carried out, and why."""

    message: str
    hint: str | None = None


@dataclass(frozen=True)
class SkillResult:
    skill: str
    tally: Tally  # this session's exercises of the skill, by outcome
    level: str  # mastery level after this session


@dataclass(frozen=True)
class Summary:
    topic: str
    tally: Tally  # exercises by outcome: alone, with help, unsolved, skipped (tutor.session.outcomes)
    attempts: int  # answers checked, wrong ones included
    elapsed_s: float
    skills: tuple[SkillResult, ...]
    reviews: tuple[Review, ...]  # what to review next: this session's skills first, then soonest first
    now: datetime

    @property
    def exercises(self) -> int:
        """Every exercise seen, skipped ones included."""
        return self.tally.seen

    @property
    def score(self) -> float:
        """Solved alone, out of every exercise seen."""
        return self.tally.score


@dataclass(frozen=True)
class Finished:
    summary: Summary
    quit_early: bool


Event = Union[Presented, Unreadable, Checked, Hint, StepsShown, Skipped, Help, Plot, CommandFailed, Finished]
