"""The answer to "is this derivative right?": a verdict with its evidence, never a bare bool.

A ``Verdict`` records what each oracle said (``symbolic``: SymPy's canonical
forms; ``numeric``: the AD engine at sample points) and the one-line reason
the cascade gave. ``verdict_to_json`` is the JSON shape every caller prints
(``calctutor check --json``, batch grading), with math in SymPy's ``str()``
syntax.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

__all__ = [
    "shown_value",
    "Counterexample",
    "NumericEvidence",
    "Verdict",
    "STATUSES",
    "SYMBOLIC",
    "verdict_to_json",
]

STATUSES = ("correct", "incorrect", "undecided")
SYMBOLIC = ("equal", "different", "unknown")


@dataclass(frozen=True)
class Counterexample:
    """A point where the answer and the derivative differ (None: that side is undefined there)."""

    point: Mapping[str, float]
    answer: float | None
    expected: float | None
    why: str = ""  # e.g. "the answer is undefined here (log of a negative number)"

    def to_json(self) -> dict[str, Any]:
        return {
            "point": {name: _plain(v) for name, v in self.point.items()},
            "answer": None if self.answer is None else _plain(self.answer),
            "expected": None if self.expected is None else _plain(self.expected),
        }


@dataclass(frozen=True)
class NumericEvidence:
    """What the numeric oracle saw: how many points, whether all agreed, the first disagreement."""

    points: int = 0
    agree: bool = False
    counterexample: Counterexample | None = None
    precision: int | None = None  # decimal digits of the recheck, None if floats sufficed

    def to_json(self) -> dict[str, Any]:
        return {
            "points": self.points,
            "agree": self.agree,
            "counterexample": None if self.counterexample is None else self.counterexample.to_json(),
        }


@dataclass(frozen=True)
class Verdict:
    """The checker's decision about one answer, with the reason a person can read."""

    status: str  # "correct" | "incorrect" | "undecided"
    symbolic: str  # "equal" | "different" | "unknown"
    numeric: NumericEvidence
    reason: str
    notes: tuple[str, ...] = ()
    answer: Any = None  # SymPy expression as compared (inner functions substituted)
    expected: Any = None  # SymPy expression of the derivative
    elapsed_s: float = field(default=0.0, compare=False)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown verdict status {self.status!r}; expected one of {STATUSES}")
        if self.symbolic not in SYMBOLIC:
            raise ValueError(f"unknown symbolic outcome {self.symbolic!r}; expected one of {SYMBOLIC}")

    @property
    def correct(self) -> bool:
        return self.status == "correct"


def _plain(value: Any) -> float | str:
    """A JSON-friendly number: floats stay floats, mpmath numbers become floats, inf/nan become strings."""
    number = float(value)
    return number if math.isfinite(number) else str(number)


def verdict_to_json(verdict: Verdict) -> dict[str, Any]:
    """The documented JSON shape (``mistake`` and ``steps`` are filled in by callers that explain).

    The notes (rounded decimals, substituted inner functions) follow the reason in ``message``.
    """
    return {
        "verdict": verdict.status,
        "answer": None if verdict.answer is None else str(verdict.answer),
        "expected": None if verdict.expected is None else str(verdict.expected),
        "symbolic": verdict.symbolic,
        "numeric": verdict.numeric.to_json(),
        "mistake": None,
        "steps": None,
        "message": " ".join((verdict.reason, *verdict.notes)),
    }


def shown_value(value: float | None, other: float | None = None) -> str:
    """``value`` with the fewest significant digits (4 to 10) that tell it from ``other``."""
    if value is None:  # undefined at that point
        return "undefined"
    for digits in range(SHOWN_DIGITS_MIN, SHOWN_DIGITS_MAX + 1):
        text = f"{value:.{digits}g}"
        if other is None or text != f"{other:.{digits}g}":
            return text
    return f"{value:.{SHOWN_DIGITS_MAX}g}"


# A counterexample's values: 4 significant digits read at a glance; more only
# when needed to tell the two apart, up to 10 (beyond that the precise recheck speaks).
SHOWN_DIGITS_MIN = 4
SHOWN_DIGITS_MAX = 10
