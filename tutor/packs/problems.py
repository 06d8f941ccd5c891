"""Problems found in a pack, each pointing at ``file:line:col`` and a field, with a hint."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence

from tutor.errors import UserError

__all__ = ["PackProblem", "PackError", "did_you_mean"]


@dataclass(frozen=True)
class PackProblem:
    """One thing wrong with a pack: where, which field, what, and how to fix it."""

    file: str
    line: int
    column: int
    field: str  # dotted path inside the pack, e.g. "exercises[2].hints" or "chain-1.of"
    message: str
    hint: Optional[str] = None

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def __str__(self) -> str:
        head = f"{self.location}: {self.field}: {self.message}" if self.field else f"{self.location}: {self.message}"
        return f"{head} (hint: {self.hint})" if self.hint else head

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }


class PackError(UserError):
    """A pack that cannot be used; ``problems`` lists everything found, first one in the message."""

    def __init__(self, problems: Sequence[PackProblem], *, unreadable: bool = False, partial: Any = None) -> None:
        if not problems:
            raise ValueError("PackError needs at least one problem")
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
        message = f"{first.field}: {first.message}{more}" if first.field else f"{first.message}{more}"
        super().__init__(message, hint=first.hint, location=first.location)
        self.problems: tuple[PackProblem, ...] = tuple(problems)
        self.unreadable = unreadable  # the file could not be read at all (missing, a folder, no permission)
        # The pack with only its well-formed exercises (None when the pack itself is broken):
        # validate still proves their answer keys instead of stopping at the first bad exercise.
        self.partial = partial


def did_you_mean(word: str, choices: Iterable[str]) -> Optional[str]:
    """``"did you mean `hints`?"`` for a near miss, else None."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)  # difflib's usual cut-off
    return f"did you mean `{close[0]}`?" if close else None
