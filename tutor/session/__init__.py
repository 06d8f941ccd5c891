"""Practice sessions, progress and scheduling: the tutor's state, with no I/O of its own.

- ``practice``: the session state machine (lines in, ``events`` out) over ``entries``;
- ``progress``: the SQLite store of attempts and skill cards;
- ``scheduling``: FSRS per skill, mastery levels, the choice of the next exercise;
- ``preview``: how a half-typed answer will be read (the prompt's live toolbar);
- ``report``: the data behind ``calctutor progress``;
- ``outcomes``: how attempts add up to attempted and solved exercises (summary and progress alike).

Depends on ``tutor.errors`` and on the packs' ``Exercise``/``Instance``
interface (duck-typed); imports ``fsrs`` and ``sqlite3`` when used. Nothing
here prints: ``tutor/render/session.py`` draws the events.
"""

from __future__ import annotations

__all__ = ["entries", "events", "outcomes", "practice", "preview", "progress", "report", "scheduling"]
