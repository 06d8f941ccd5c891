"""A homework sitting as a state machine: an assignment's exercises in order, each once, no I/O.

The same shape as ``PracticeSession`` (``start``, ``handle``, ``quit``,
``current``, ``number``, ``count``, ``finished``) and the same events, so the
practice front ends (the piped reader, the prompt with its live preview) and
renderers serve homework unchanged. The rules differ:

* every exercise of the assignment is served once, in order, at the student's
  own seed (``Assignment.seed``); nothing is chosen by a scheduler;
* an exercise ends when it is answered correctly, when its attempts run out,
  or with ``:steps`` (when the assignment allows them: it counts as giving up);
* ``:hint`` and ``:steps`` obey the assignment (``hints``/``steps``: never);
  the worked steps are never shown unasked, and an exercise out of attempts
  does not show its answer when steps are not allowed;
* ``:skip`` leaves an exercise for a later sitting;
* every attempt is appended to the ``Submission`` and handed to ``save`` at
  once, so quitting at any moment loses nothing, and a new sitting resumes at
  the first exercise neither solved nor out of attempts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Optional, Union

from tutor.errors import UserError
from tutor.grading.assignment import AssignedExercise, Assignment
from tutor.grading.submission import AttemptRecord, ExerciseWork, Submission
from tutor.session.events import (Checked, CommandFailed, CommandInfo, Event, Finished, Help, Hint, Presented, Skipped,
                                  StepsShown, Summary, Unreadable)
from tutor.packs.answer_key import answer_key
from tutor.parsing.printer import current_target
from tutor.session.outcomes import Tally

__all__ = ["HomeworkSession", "HomeworkChecked", "OutOfAttempts", "HOMEWORK_COMMANDS", "is_done"]


@dataclass(frozen=True)
class HomeworkChecked(Checked):
    """A checked answer, with what the student can do next under the assignment's rules."""

    next_step: str = ""


@dataclass(frozen=True)
class OutOfAttempts:
    """The exercise's attempts are used up; ``expected_text`` is empty when steps are not allowed."""

    instance: Any
    attempts: int
    expected_text: str


HomeworkEvent = Union[Event, OutOfAttempts]  # practice's events and the one only homework has


def is_done(work: Optional[ExerciseWork], item: AssignedExercise) -> bool:
    """Solved, given up, or out of attempts: a new sitting does not serve it again."""
    if work is None:
        return False
    if work.solved or work.gave_up:
        return True
    return item.attempts is not None and len(work.attempts) >= item.attempts


class HomeworkSession:
    """One sitting of an assignment by one student."""

    def __init__(
        self,
        assignment: Assignment,
        submission: Submission,
        *,
        save: Callable[[Submission], None] = lambda submission: None,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:
        self.assignment = assignment
        self.submission = submission
        self.save = save
        self.clock = clock
        self.count = len(assignment.exercises)
        self._queue = [i for i, item in enumerate(assignment.exercises)
                       if not is_done(submission.find(item.ref), item)]
        self._index: Optional[int] = None  # position in the assignment of the exercise on screen
        self._instance: Any = None
        self._hints_shown = 0
        self._finished: Optional[Finished] = None
        self._started = clock()
        self._checked = 0
        self.broken: dict[str, UserError] = {}  # exercises whose template failed here (validate finds why)

    # -- state ---------------------------------------------------------------

    @property
    def current(self) -> Any:
        return self._instance

    @property
    def number(self) -> int:
        return 0 if self._index is None else self._index + 1

    @property
    def finished(self) -> bool:
        return self._finished is not None

    @property
    def remaining(self) -> int:
        """Exercises still to do in this sitting (the one on screen included)."""
        return len(self._queue) + (self._index is not None)

    # -- transitions ---------------------------------------------------------

    def start(self) -> list[HomeworkEvent]:
        if self._index is not None or self._finished is not None:
            return []
        return self._advance()

    def handle(self, line: str) -> list[HomeworkEvent]:
        if self._finished is not None:
            return [self._finished]
        if self._index is None:
            return self.start()
        text = line.strip()
        if not text:
            return []
        if text.startswith(":"):
            name = text.split()[0].lower()
            matches = [c for c in HOMEWORK_COMMANDS if c == name] or \
                      [c for c in HOMEWORK_COMMANDS if c.startswith(name) and len(name) > 1]
            if len(matches) != 1:
                return [CommandFailed(f"unknown command {name}", hint="type :help for the commands")]
            return HOMEWORK_COMMANDS[matches[0]][1](self)
        return self._answer(text)

    def quit(self) -> list[HomeworkEvent]:
        if self._finished is None:
            self._finished = Finished(self.summary(), quit_early=bool(self._queue) or self._index is not None)
            self._index, self._instance = None, None
        return [self._finished]

    # -- answers and commands --------------------------------------------------

    def _item(self) -> AssignedExercise:
        assert self._index is not None, "no exercise on screen"
        return self.assignment.exercises[self._index]

    def _work(self) -> ExerciseWork:
        item = self._item()
        return self.submission.work(item.ref, self.assignment.seed(self.submission.student, item))

    def _answer(self, text: str) -> list[HomeworkEvent]:
        try:
            feedback = self._instance.check(text)
        except UserError as error:
            return [Unreadable(text, error)]
        except Exception as exc:  # noqa: BLE001 - a bug below must not end the sitting or lose work
            return [CommandFailed(f"calctutor could not check this answer ({type(exc).__name__}: {exc}); "
                            "it was not counted", hint="write the answer another way, or :skip")]
        status = getattr(feedback, "status", "correct" if feedback.correct else "incorrect")
        mistake = getattr(getattr(feedback, "mistake", None), "id", None)
        work = self._work()
        work.attempts.append(AttemptRecord(text, self._now(), status, mistake))
        self._checked += 1
        self._save()
        item = self._item()
        wrong = sum(1 for a in work.attempts if a.verdict != "correct")
        left = None if item.attempts is None else item.attempts - len(work.attempts)
        resolved = status == "correct"
        event = HomeworkChecked(text, feedback, status, wrong, None, resolved, next_step=self._next_step(left))
        if resolved:
            return [event, *self._advance()]
        if left is not None and left <= 0:
            shown = answer_key(self._instance, current_target()) if self.assignment.steps == "allowed" else ""
            return [event, OutOfAttempts(self._instance, len(work.attempts), shown), *self._advance()]
        return [event]

    def _next_step(self, left: Optional[int]) -> str:
        commands = [":hint"] if self.assignment.hints == "allowed" else []
        commands += [":steps"] if self.assignment.steps == "allowed" else []
        commands.append(":skip")
        if left is None:
            return "Try again, or " + ", ".join(commands) + "."
        if left <= 0:
            return "No attempts left at this exercise."
        tries = f"{left} attempt{'s' if left != 1 else ''} left"
        return f"{tries}: try again, or " + ", ".join(commands) + "."

    def _hint(self) -> list[HomeworkEvent]:
        if self.assignment.hints == "never":
            return [CommandFailed("hints are not available in this assignment", hint="type your answer, or :skip")]
        hints = tuple(getattr(self._instance, "hints", ()) or ())
        if self._hints_shown >= len(hints):
            return [Hint(len(hints), len(hints), None)]
        self._hints_shown += 1
        work = self._work()
        work.hints = max(work.hints, self._hints_shown)
        self._save()
        return [Hint(self._hints_shown, len(hints), hints[self._hints_shown - 1], self._instance)]

    def _steps(self) -> list[HomeworkEvent]:
        if self.assignment.steps == "never":
            return [CommandFailed("the worked steps are not available in this assignment",
                            hint="type your answer, :hint, or :skip")]
        steps = None
        task: Any = getattr(self._instance, "task", None)
        if getattr(task, "of", None) is not None and getattr(task, "wrt", None):
            try:
                from tutor.explain import explain

                steps = explain(task.of, list(task.wrt), task.where)
            except Exception:  # noqa: BLE001 - an explanation is a bonus; the answer is still shown
                steps = None
        work = self._work()
        work.gave_up = True
        self._save()
        return [StepsShown(self._instance, steps, answer_key(self._instance, current_target())), *self._advance()]

    def _skip(self) -> list[HomeworkEvent]:
        # Left for a later sitting: the answer is not shown, nothing is recorded.
        return [Skipped(self._instance, ""), *self._advance()]

    def commands(self) -> dict[str, str]:
        """name → usage of the commands this assignment allows (what :help lists and Tab completes)."""
        return {name: usage for name, (usage, _) in HOMEWORK_COMMANDS.items()
                if not (name == ":hint" and self.assignment.hints == "never")
                and not (name == ":steps" and self.assignment.steps == "never")}

    def _help(self) -> list[HomeworkEvent]:
        return [Help(tuple(CommandInfo(name, usage) for name, usage in self.commands().items()))]

    # -- helpers -------------------------------------------------------------

    def _now(self) -> str:
        return self.clock().astimezone(timezone.utc).isoformat(timespec="seconds")

    def _save(self) -> None:
        self.submission.updated = self._now()
        self.save(self.submission)

    def _advance(self) -> list[HomeworkEvent]:
        while self._queue:
            index = self._queue.pop(0)
            item = self.assignment.exercises[index]
            seed = self.assignment.seed(self.submission.student, item)
            try:
                instance = item.instantiate(seed)
            except UserError as error:  # a broken template: tell the student, serve the next one
                self.broken[item.ref] = error
                continue
            self._index, self._instance, self._hints_shown = index, instance, 0
            self.submission.work(item.ref, seed)  # the seed is in the file from the first sight
            return [Presented(index + 1, self.count, instance, item.pack_id)]
        self._index, self._instance = None, None
        self._finished = Finished(self.summary(), quit_early=False)
        return [self._finished]

    def summary(self) -> Summary:
        """Solved exercises out of those attempted, over the whole submission (every sitting)."""
        now = self.clock()
        attempted = [w for w in self.submission.exercises if w.attempts or w.gave_up]
        solved = [w for w in attempted if w.solved]
        alone = sum(1 for w in solved if not w.hints)  # the practice rule: a hint is help
        return Summary(
            topic=self.assignment.title,
            tally=Tally(alone=alone, with_help=len(solved) - alone, unsolved=len(attempted) - len(solved)),
            attempts=self._checked,
            elapsed_s=max(0.0, (now - self._started).total_seconds()),
            skills=(),
            reviews=(),
            now=now,
        )


# The commands of a sitting, one row each (usage, action).
HOMEWORK_COMMANDS: dict[str, tuple[str, Callable[[HomeworkSession], list[Any]]]] = {
    ":hint": ("the next hint (when the assignment allows hints)", HomeworkSession._hint),
    ":steps": ("the worked steps and the answer: the exercise counts as given up", HomeworkSession._steps),
    ":skip": ("leave this exercise for later (a next sitting serves it again)", HomeworkSession._skip),
    ":help": ("list these commands", HomeworkSession._help),
    ":quit": ("stop here; everything so far is saved", HomeworkSession.quit),
}
