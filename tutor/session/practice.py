"""A practice session as a state machine: lines in, events out, no I/O.

The front end (``tutor/cli/practice.py``) reads a line, hands it to
``PracticeSession.handle`` and draws the events it gets back, in order. A line
is either an answer or a command (``COMMANDS``: ``:hint``, ``:steps``, ``:skip``,
``:quit``, ``:help``, ``:plot``). Everything the session needs from outside is
injected: the exercises, the progress store, the scheduler, the clock and the
random generator, so a test can replay a session exactly.

Rules of a session:

* an answer that cannot be read is *not* an attempt: the event says why;
* a wrong answer gets the diagnosed mistake at once, and the steps after the
  ``steps_after``-th wrong try (2 by default);
* ``:steps`` shows the explanation and counts as giving up; ``:skip`` moves on;
* every attempt, give-up and skip is written to the store as it happens, and
  an exercise's skills are reviewed (FSRS) in the same transaction as the
  attempt that ends it, so quitting at any moment loses nothing.
"""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from tutor.errors import UserError
from tutor.session.events import (Checked, CommandFailed, CommandInfo, Event, Finished, Help, Hint, Plot, Presented,
                                  SkillResult, Skipped, StepsShown, Summary, Unreadable)
from tutor.session.entries import Entry
from tutor.session.prepared import Prepared, matching
from tutor.session.outcomes import Tally, exercise_outcomes, tally
from tutor.session.progress import Attempt, ProgressStore
from tutor.session.scheduling import TARGET_DIFFICULTY, DifficultyLadder, Outcome, SkillScheduler

__all__ = ["COMMANDS", "Entry", "PracticeSession", "split_command"]

DEFAULT_COUNT = 10  # exercises per session: about ten minutes of practice
DEFAULT_STEPS_AFTER = 2  # wrong tries before the steps are shown unasked (issue 7)


@dataclass
class _Current:
    """The exercise on screen and what happened to it so far (mutable on purpose).

    A variant prepared ahead (``tutor.session.prepared``) is on screen before it is made: ``made``
    is None until something needs it, and ``make`` builds it (on the warm-up thread, or on the
    first use, whichever comes first; the lock makes it once)."""

    entry: Entry
    made: Any
    seed: int
    number: int
    started: datetime
    hints_used: int = 0
    wrong_tries: int = 0
    saw_steps: bool = False
    last_feedback: Any = None
    last_answer: str | None = None
    make: Callable[[], Any] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def instance(self) -> Any:
        if self.made is None and self.make is not None:
            with self.lock:
                if self.made is None:
                    self.made = self.make()
        return self.made


@dataclass
class _Tally:
    started: datetime
    served: dict[str, int] = field(default_factory=dict)
    results: list[tuple[tuple[str, ...], str]] = field(default_factory=list)  # (skills, result)
    attempts: int = 0


def split_command(line: str) -> tuple[str, str] | None:
    """``(":hint", "")`` for a command line, None for an answer. ``:h``-style prefixes count."""
    text = line.strip()
    if not text.startswith(":"):
        return None
    name, _, rest = text.partition(" ")
    name = name.lower()
    matches = [c for c in COMMANDS if c == name] or [c for c in COMMANDS if c.startswith(name) and len(name) > 1]
    return (matches[0] if len(matches) == 1 else name), rest.strip()


class PracticeSession:
    """One sitting of practice on a topic."""

    def __init__(
        self,
        entries: Sequence[Entry],
        *,
        topic: str,
        store: ProgressStore,
        scheduler: SkillScheduler | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
        rng: random.Random | None = None,
        count: int = DEFAULT_COUNT,
        steps_after: int = DEFAULT_STEPS_AFTER,
        session_id: str | None = None,
        prepared: Mapping[str, Prepared] | None = None,
        code: Callable[[], str] = lambda: "",
    ) -> None:
        if not entries:
            raise UserError(f"the topic {topic!r} has no exercises", hint="run `calctutor topics` to see the topics")
        if count < 1:
            raise UserError("--count must be at least 1", hint="for example --count 5")
        self.entries = tuple(entries)
        self.topic = topic
        self.store = store
        self.scheduler = scheduler or SkillScheduler()
        self.clock = clock
        self.rng = rng or random.Random()
        self.count = count
        self.steps_after = steps_after
        self.session_id = session_id or uuid.UUID(int=self.rng.getrandbits(128)).hex
        self._tally = _Tally(started=clock())
        self._current: _Current | None = None
        self._finished: Finished | None = None
        self._broken: dict[str, UserError] = {}  # exercises whose template failed, with why
        self._recorded: list[Attempt] = []  # this session's rows: the summary counts them as progress does
        self._ladder: DifficultyLadder | None = None  # the hardest difficulty served now (set at the start)
        # Variants made by an earlier session (tutor.session.prepared): the first exercise is shown
        # from one of them; ``code`` is calctutor's code fingerprint, which their keys include.
        self._prepared = dict(prepared or {})
        self._code = code

    # -- state ---------------------------------------------------------------

    @property
    def current(self) -> Any:
        """The instance being answered (``read_answer`` feeds the live preview), or None."""
        return None if self._current is None else self._current.instance

    @property
    def finished(self) -> bool:
        return self._finished is not None

    @property
    def number(self) -> int:
        return 0 if self._current is None else self._current.number

    # -- transitions ---------------------------------------------------------

    def start(self) -> list[Event]:
        """Present the first exercise."""
        if self._current is not None or self._finished is not None:
            return []
        return [self._present(1)]

    def handle(self, line: str) -> list[Event]:
        """One line from the student: an answer or a command."""
        if self._finished is not None:
            return [self._finished]
        if self._current is None:
            return self.start()
        command = split_command(line)
        if command is None:
            if not line.strip():
                return []
            return self._answer(line.strip())
        name, _argument = command
        if name not in COMMANDS:
            return [CommandFailed(f"unknown command {name}", hint="type :help for the commands")]
        return COMMANDS[name].action(self)

    def quit(self) -> list[Event]:
        """Leave now (``:quit``, Ctrl-C, Ctrl-D, end of input): the summary."""
        if self._finished is None:
            self._finished = Finished(self._summary(), quit_early=self._tally_done() < self.count)
            self._current = None
        return [self._finished]

    # -- answers -------------------------------------------------------------

    def _answer(self, text: str) -> list[Event]:
        cur = self._require()
        try:
            feedback = cur.instance.check(text)
        except UserError as error:  # a ParseError (column, hint), or unusable for this exercise
            return [Unreadable(text, error)]
        except Exception as exc:  # noqa: BLE001 - a bug below must not end the session or lose progress
            return [
                CommandFailed(
                    f"calctutor could not check this answer ({type(exc).__name__}: {exc}); it was not counted",
                    hint="this is a bug worth reporting; write the answer another way, or :skip",
                )
            ]
        status = _status(feedback)
        self._tally.attempts += 1
        cur.last_feedback, cur.last_answer = feedback, text
        if status == "incorrect":
            cur.wrong_tries += 1
        resolved = bool(getattr(feedback, "correct", False))
        show_steps = (not resolved) and status == "incorrect" and cur.wrong_tries >= self.steps_after
        steps = getattr(feedback, "steps", None) if show_steps else None
        if show_steps:
            steps = steps or self._steps(cur)
        mistake = getattr(feedback, "mistake", None)
        outcome = Outcome(True, cur.wrong_tries, cur.hints_used, cur.saw_steps) if resolved else None
        # Recorded with the help had before this answer; steps shown now help the next one.
        self._record(cur, text, status, getattr(mistake, "id", None), outcome)
        cur.saw_steps = cur.saw_steps or steps is not None
        self._climb(outcome)
        events: list[Event] = [Checked(text, feedback, status, cur.wrong_tries, steps, resolved)]
        if resolved:
            self._tally.results.append((_skills(cur, self.topic), "correct"))
            events += self._advance()
        return events

    # -- commands ------------------------------------------------------------

    def _hint(self) -> list[Event]:
        cur = self._require()
        hints = tuple(getattr(cur.instance, "hints", ()) or ())
        if cur.hints_used >= len(hints):
            if not hints:
                return [Hint(0, 0, None)]
            return [Hint(len(hints), len(hints), None)]
        cur.hints_used += 1
        return [Hint(cur.hints_used, len(hints), hints[cur.hints_used - 1], cur.instance)]

    def _steps_command(self) -> list[Event]:
        cur = self._require()
        steps = self._steps(cur)
        outcome = Outcome(False, cur.wrong_tries, cur.hints_used, True, gave_up=True)
        self._record(cur, "", "gave-up", None, outcome)
        self._climb(outcome)
        self._tally.results.append((_skills(cur, self.topic), "gave-up"))
        return [StepsShown(cur.instance, steps, _expected_text(cur.instance)), *self._advance()]

    def _skip(self) -> list[Event]:
        cur = self._require()
        # Skipping an unanswered exercise says nothing about the skill; after wrong tries it is a lapse.
        outcome = Outcome(False, cur.wrong_tries, cur.hints_used, cur.saw_steps, gave_up=True) if cur.wrong_tries else None
        self._record(cur, "", "skipped", None, outcome)
        self._climb(outcome)
        self._tally.results.append((_skills(cur, self.topic), "skipped"))
        return [Skipped(cur.instance, _expected_text(cur.instance)), *self._advance()]

    def _help(self) -> list[Event]:
        return [Help(tuple(CommandInfo(name, c.usage) for name, c in COMMANDS.items()))]

    def _plot(self) -> list[Event]:
        cur = self._require()
        feedback = cur.last_feedback
        if feedback is None:
            return [CommandFailed("nothing to plot yet", hint="type an answer first; :plot then draws it against the right derivative")]
        answer: Any = getattr(getattr(feedback, "reading", None), "expr", None)
        expected: Any = getattr(getattr(feedback, "verdict", None), "expected", None)
        functions = getattr(cur.instance, "answer_form", "expression") == "expression" and all(
            hasattr(e, "free_symbols") for e in (answer, expected)
        )
        if not functions or not expected.free_symbols:
            return [CommandFailed("this exercise's answer is not a function to draw", hint=":plot is for derivatives")]
        free = sorted({str(s) for s in (answer.free_symbols | expected.free_symbols)})
        if len(free) > 1:
            return [CommandFailed(f"a plot needs a function of one variable; this one has {', '.join(free)}")]
        return [Plot(cur.last_answer or "", answer, expected, free[0])]

    # -- helpers -------------------------------------------------------------

    def _require(self) -> _Current:
        if self._current is None:
            raise RuntimeError("no exercise on screen: call start() first")
        return self._current

    def _climb(self, outcome: Outcome | None) -> None:
        """Move the session's difficulty after an exercise ended (a skip at first sight: no move)."""
        if outcome is not None and self._ladder is not None:
            self._ladder = self._ladder.after(outcome)

    def _start_ladder(self, records: Any, now: datetime) -> DifficultyLadder:
        """The topic's easiest rung for a beginner; a returning student starts at the rung that
        suits the weakest of the topic's skills (TARGET_DIFFICULTY of its mastery level)."""
        skills = {s for e in self.entries for s in (e.skills or (self.topic,))}
        target = min(TARGET_DIFFICULTY[self.scheduler.level(records.get(s), now)] for s in skills)
        return DifficultyLadder.start(self.entries, target)

    def _tally_done(self) -> int:
        return len(self._tally.results)

    def _steps(self, cur: _Current) -> Any:
        """The explanation of the current exercise: from the last feedback, else from the instance."""
        steps = getattr(cur.last_feedback, "steps", None)
        if steps is not None:
            return steps
        method = getattr(cur.instance, "steps", None) or getattr(cur.instance, "explain", None)
        try:
            if callable(method):
                return method()
            task: Any = getattr(cur.instance, "task", None)
            if method is None and getattr(task, "of", None) is not None and getattr(task, "wrt", None):
                from tutor.explain import explain

                return explain(task.of, list(task.wrt), task.where)
        except Exception:  # noqa: BLE001 - an explanation is a bonus; the answer is still shown
            return None
        return method

    def _present(self, number: int) -> Presented:
        now = self.clock()
        last = self._current.entry.id if self._current else None
        records = self.store.skills()
        candidates = [e for e in self.entries if e.id not in self._broken]
        if self._ladder is None:
            self._ladder = self._start_ladder(records, now)
        while True:
            if not candidates:
                raise UserError(
                    f"no exercise of the topic {self.topic!r} could be made",
                    hint="run `calctutor validate` on its packs",
                )
            entry = self.scheduler.choose(candidates, records, now, self.rng, self._tally.served, last,
                                          ceiling=self._ladder.ceiling)
            seed = self.rng.randrange(2**31)  # per-instance seed: fresh numbers each time, replayable
            ahead = matching(self._prepared, entry, self._code) if number == 1 else None
            if ahead is not None:  # its screen is known: show it now, make it when needed
                self._tally.served[entry.id] = self._tally.served.get(entry.id, 0) + 1
                self._current = _Current(entry, None, ahead.seed, number, now,
                                         make=lambda: entry.instantiate(ahead.seed))
                return Presented(number, self.count, ahead, entry.pack)
            try:
                instance = entry.instantiate(seed)
                break
            except UserError as error:  # a broken template: leave it out, tell the front end
                self._broken[entry.id] = error
                candidates.remove(entry)
        self._tally.served[entry.id] = self._tally.served.get(entry.id, 0) + 1
        self._current = _Current(entry, instance, seed, number, now)
        return Presented(number, self.count, instance, entry.pack)

    def _advance(self) -> list[Event]:
        done = self._tally_done()
        if done >= self.count:
            self._current = None
            self._finished = Finished(self._summary(), quit_early=False)
            return [self._finished]
        return [self._present(done + 1)]

    def _record(self, cur: _Current, answer: str, verdict: str, mistake: str | None, outcome: Outcome | None) -> None:
        now = self.clock()
        attempt = Attempt(
            at=now,
            session_id=self.session_id,
            topic=self.topic,
            pack=str(getattr(cur.instance, "pack_id", cur.entry.pack)),
            exercise=str(getattr(cur.instance, "exercise_id", cur.entry.exercise.id)),
            seed=cur.seed,
            answer=answer,
            verdict=verdict,
            mistake=mistake,
            hints_used=cur.hints_used,
            duration_s=max(0.0, (now - cur.started).total_seconds()),
            skills=_skills(cur, self.topic),
            saw_steps=cur.saw_steps,
        )
        review = None
        if outcome is not None:
            review = lambda skill, record: self.scheduler.review(skill, record, outcome, now)  # noqa: E731
        self.store.record(attempt, review)
        self._recorded.append(attempt)

    def _summary(self) -> Summary:
        now = self.clock()
        # The same rule as `calctutor progress` and `topics` (tutor.session.outcomes).
        outcomes = exercise_outcomes(self._recorded)
        per_skill: dict[str, Tally] = {}
        for outcome in outcomes:
            for skill in outcome.skills:
                per_skill[skill] = per_skill.get(skill, Tally()).plus(outcome)
        records = self.store.skills()
        practised = set(per_skill)
        reviews = [r for r in self.scheduler.reviews(records, now) if r.skill in practised or r.due <= now]
        # This session's skills first (what was just practised), each group soonest first.
        reviews.sort(key=lambda r: (r.skill not in practised, r.due, r.skill))
        return Summary(
            topic=self.topic,
            tally=tally(outcomes),
            attempts=self._tally.attempts,
            elapsed_s=max(0.0, (now - self._tally.started).total_seconds()),
            skills=tuple(
                SkillResult(s, t, self.scheduler.level(records.get(s), now)) for s, t in sorted(per_skill.items())
            ),
            reviews=tuple(reviews),
            now=now,
        )


def _skills(cur: _Current, topic: str) -> tuple[str, ...]:
    """What the exercise trains: the instance's skills, the entry's, else the topic itself."""
    return tuple(getattr(cur.instance, "skills", ()) or ()) or cur.entry.skills or (topic,)


def _status(feedback: Any) -> str:
    verdict = getattr(feedback, "verdict", None)
    status = getattr(feedback, "status", None) or getattr(verdict, "status", verdict)
    if isinstance(status, str) and status in ("correct", "incorrect", "undecided"):
        return status
    return "correct" if getattr(feedback, "correct", False) else "incorrect"


def _expected_text(instance: Any) -> str:
    """The answer as shown (a derivative in its textbook form, printed by the one printer in its
    current target: plain under ``--plain``)."""
    from tutor.packs.answer_key import answer_key
    from tutor.parsing.printer import current_target

    return answer_key(instance, current_target())


@dataclass(frozen=True)
class _Command:
    usage: str
    action: Callable[[PracticeSession], list[Event]]


# The commands of a session, one row each: what :help lists and what the completer offers.
COMMANDS: dict[str, _Command] = {
    ":hint": _Command("the next hint of the ladder (also F1 / Ctrl-T)", PracticeSession._hint),
    ":steps": _Command("show the worked steps and the answer (counts as giving up)", PracticeSession._steps_command),
    ":skip": _Command("move on to the next exercise", PracticeSession._skip),
    ":plot": _Command("draw your last answer against the right derivative", PracticeSession._plot),
    ":help": _Command("list these commands", PracticeSession._help),
    ":quit": _Command("stop here and see the summary (progress is saved)", PracticeSession.quit),
}
