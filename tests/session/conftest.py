"""A small fake exercise source for the session tests (tests only: the real one is tutor.packs).

A fake instance reads answers with a toy rule (balanced parentheses, no '?'),
and checks them against a table of right and anticipated wrong answers, so the
state machine can be tested without the parser, checker or packs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import pytest

from tutor.errors import Span, UserError
from tutor.session.progress import open_store


@dataclass(frozen=True)
class FakeReading:
    text: str
    expr: Any = None
    notes: tuple[str, ...] = ()


class FakeInstance:
    def __init__(self, exercise: "FakeExercise", seed: int) -> None:
        self.exercise_id = exercise.id
        self.pack_id = exercise.pack
        self.seed = seed
        n = 2 + seed % 5  # the "template parameter"
        self.n = n
        self.prompt = f"Differentiate sin(x^{n}) with respect to x."
        self.kind = "chain-rule"
        self.skills = exercise.skills
        self.difficulty = exercise.difficulty
        self.hints = exercise.hints
        self.variables = ("x",)
        self.epsilon = False
        self.expected_text = f"{n}x^{n - 1} cos(x^{n})"
        self.wrong = {f"cos(x^{n})": "chain.missing-inner"}

    def read_answer(self, text: str) -> FakeReading:
        if "?" in text:
            i = text.index("?")
            raise UserError("unexpected '?'", span=Span(i, i + 1), source=text, hint="remove it")
        if text.count("(") != text.count(")"):
            i = text.index("(")
            raise UserError("this parenthesis is never closed", span=Span(i, i + 1), source=text)
        if text.strip() == "sin x x":
            err = UserError("ambiguous", span=Span(0, 3), source=text)
            err.readings = (FakeReading("sin(x)·x"), FakeReading("sin(x·x)"))  # type: ignore[attr-defined]
            raise err
        import sympy

        x = sympy.Symbol("x", real=True)
        exprs = {
            self.expected_text: self.n * x ** (self.n - 1) * sympy.cos(x**self.n),
            f"cos(x^{self.n})": sympy.cos(x**self.n),
            "log x": sympy.log(x),
            "2x": 2 * x,
        }
        notes = ("log is read as the natural logarithm ln",) if "log" in text else ()
        return FakeReading(text.strip(), exprs.get(text.strip(), x), notes)

    def check(self, text: str) -> SimpleNamespace:
        reading = self.read_answer(text)
        import sympy

        x = sympy.Symbol("x", real=True)
        expected = self.n * x ** (self.n - 1) * sympy.cos(x**self.n)
        if text.strip() == "undecided":
            status = "undecided"
        else:
            status = "correct" if text.strip() == self.expected_text else "incorrect"
        mistake_id = self.wrong.get(text.strip())
        mistake = SimpleNamespace(id=mistake_id, message="you forgot the inner derivative") if mistake_id else None
        return SimpleNamespace(
            correct=status == "correct",
            verdict=SimpleNamespace(status=status, expected=expected, answer=reading.expr),
            message={"correct": "Correct.", "incorrect": "Not quite.", "undecided": "Cannot decide."}[status],
            mistake=mistake,
            steps=("STEPS", self.n) if status == "incorrect" else None,
            reading=reading,
        )


@dataclass(frozen=True)
class FakeExercise:
    id: str
    skills: tuple[str, ...]
    difficulty: int = 1
    pack: str = "fake-pack"
    hints: tuple[str, ...] = ("Let u = x^n.", "d/du sin(u) = cos(u).", "Multiply by du/dx.")

    def instantiate(self, seed: int) -> FakeInstance:
        return FakeInstance(self, seed)


FAKE_EXERCISES = (
    FakeExercise("sin-power", ("chain-rule",), 1),
    FakeExercise("sin-power-2", ("chain-rule", "power-rule"), 2),
    FakeExercise("sin-power-3", ("chain-rule", "trig"), 3),
)


class Clock:
    """A clock that moves only when told (or by ``step`` at each reading)."""

    def __init__(self, start: datetime | None = None, step: timedelta = timedelta(seconds=5)) -> None:
        self.now = start or datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
        self.step = step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


@pytest.fixture
def exercises():
    from tutor.session.practice import Entry

    return [Entry(e.pack, e) for e in FAKE_EXERCISES]


@pytest.fixture
def store(tmp_path):
    s, notice = open_store(tmp_path / "data")
    assert notice is None
    yield s
    s.close()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def make_session(exercises, store, clock):
    from tutor.session.practice import PracticeSession

    def make(**kwargs: Any) -> PracticeSession:
        kwargs.setdefault("rng", random.Random(0))
        kwargs.setdefault("count", 3)
        return PracticeSession(exercises, topic="chain-rule", store=store, clock=clock, **kwargs)

    return make
