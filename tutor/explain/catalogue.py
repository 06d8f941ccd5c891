"""The mistake catalogue: every id students' answers are diagnosed with, with an example each.

The rows live in ``tutor/explain/mistakes/<topic>.py``, one ``Mistake`` each (``mistake.py``);
this module reads them.

The ids are part of calctutor's interface (``mistake.id`` in the JSON of
``check`` and ``explain``; ``calctutor mistakes`` lists them). ``priority``
orders matches when several mistakes explain the same answer: a mistake in one
rule (3) explains more than a mistake about the whole answer (2, 1), which in
turn beats "off by a constant factor" (0). Between mistakes of the same
priority, ``rarity`` 0 (a common slip) beats 1 (a slip that often coincides
with a commoner one, e.g. f'·g' equals f'·g when g = eˣ).
"""

from __future__ import annotations

from tutor.explain.mistake import Mistake, MistakeInfo
from tutor.explain.mistakes import BUILT_IN, CATALOGUE

__all__ = ["Mistake", "MistakeInfo", "MISTAKES", "mistake_info", "all_mistakes", "catalogue_markdown"]

MISTAKES: tuple[Mistake, ...] = BUILT_IN  # the built-in rows (tutor/explain/mistakes/*.py)


def all_mistakes() -> tuple[Mistake, ...]:
    """Every registered row, built-in and added since (``mistakes.register``), in order."""
    return tuple(CATALOGUE.values())


def mistake_info(mistake_id: str) -> Mistake:
    """The catalogue row for an id (KeyError names an unknown id)."""
    try:
        return CATALOGUE[mistake_id]
    except KeyError:
        raise KeyError(f"no mistake {mistake_id!r} in the catalogue") from None


def catalogue_markdown(mistakes: tuple[Mistake, ...] | None = None) -> str:
    """The catalogue as the Markdown table of docs/explanations.md (a test keeps the docs equal to it)."""
    lines = ["| id | mistake | example F | wrong answer | where it applies |", "|---|---|---|---|---|"]
    for m in all_mistakes() if mistakes is None else mistakes:
        asked = f"({m.practice})" if m.practice else "" if m.dual else f"d/d{m.wrt}" + (f", {m.where}" if m.where else "")
        lines.append(f"| `{m.id}` | {m.title} | `{m.example_of}` {asked} | `{m.example_answer}` | {m.where_it_applies} |")
    return "\n".join(lines) + "\n"
