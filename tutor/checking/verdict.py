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
    "PreciseValue",
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


class PreciseValue(float):
    """A float that also carries its high-precision value (an mpmath number).

    A counterexample found only by the precise recheck has two floats that
    agree to 10 or even 17 digits (0.8321906868 against 0.8321906868); the
    precise values show where they part.
    """

    precise: Any

    def __new__(cls, precise: Any) -> "PreciseValue":
        value = super().__new__(cls, float(precise))
        value.precise = precise
        return value


def shown_value(value: float | None, other: float | None = None) -> str:
    """``value`` with the fewest significant digits (4 or more) that tell it from ``other``.

    Floats get up to 17 digits (all a float has); a ``PreciseValue`` against
    another gets as many as its high-precision value holds.
    """
    if value is None:  # undefined at that point
        return "undefined"
    precise, other_precise = getattr(value, "precise", None), getattr(other, "precise", None)
    if precise is not None and (other is None or other_precise is not None):
        return _shown_precise(precise, other_precise)
    for digits in range(SHOWN_DIGITS_MIN, FLOAT_DIGITS + 1):
        text = f"{value:.{digits}g}"
        if other is None or text != f"{other:.{digits}g}":
            return text
    return f"{value:.{FLOAT_DIGITS}g}"


def _shown_precise(value: Any, other: Any) -> str:
    """Like ``f"{value:.{digits}g}"`` for mpmath numbers, with the digits that tell it from ``other``."""
    import mpmath

    def shown(number: Any, digits: int, strip: bool = True) -> str:
        text = mpmath.nstr(number, digits, strip_zeros=strip, min_fixed=-4, max_fixed=digits)
        return text.replace(".0e", "e").removesuffix(".0") if strip else text

    for digits in range(SHOWN_DIGITS_MIN, PRECISE_DIGITS_MAX + 1):
        if other is None or shown(value, digits, False) != shown(other, digits, False):
            return shown(value, digits)
    return shown(value, PRECISE_DIGITS_MAX)


# A counterexample's values: 4 significant digits read at a glance; more only
# when needed to tell the two apart: up to the 17 a float holds, and for values
# known to many digits (the precise recheck) up to 40.
SHOWN_DIGITS_MIN = 4
FLOAT_DIGITS = 17
PRECISE_DIGITS_MAX = 40
