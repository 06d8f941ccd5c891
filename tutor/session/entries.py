"""An exercise as the session serves it: the exercise and the pack it came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Entry"]


@dataclass(frozen=True)
class Entry:
    """One exercise of the topic and the pack it came from (exercise ids are unique per pack)."""

    pack: str
    exercise: Any  # tutor.packs.Exercise (.id, .skills, .difficulty) or anything with .instantiate(seed)

    @property
    def id(self) -> str:
        return f"{self.pack}/{self.exercise.id}"

    @property
    def skills(self) -> tuple[str, ...]:
        """The exercise's skills, else its kind's default skills (as its instances report them)."""
        own = tuple(getattr(self.exercise, "skills", ()) or ())
        if own:
            return own
        try:
            from tutor.packs import KIND_TABLE

            return tuple(KIND_TABLE[self.exercise.kind].skills)
        except (ImportError, KeyError, AttributeError):  # a fake or a kind without defaults
            return ()

    @property
    def difficulty(self) -> Any:
        return getattr(self.exercise, "difficulty", 1)

    def instantiate(self, seed: int) -> Any:
        """A concrete instance; a broken template raises ``PackError`` (a ``UserError``)."""
        method = getattr(self.exercise, "instantiate", None)
        if callable(method):
            return method(seed)
        from tutor.packs import instantiate

        return instantiate(self.exercise, seed)
