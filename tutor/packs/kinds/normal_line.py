"""The kind ``normal-line``: the normal line (perpendicular to the tangent) to y = f(x), or to a curve, at a point.

Built, judged, diagnosed, explained and proved as every question kind is (``_question.py``).
"""

from __future__ import annotations

from tutor.packs.kinds._question import question_row

__all__ = ["ROWS"]

ROWS = (
    question_row("normal-line", "Find an equation of the normal line to {curve} at {at}.",
                 ('normal-line',), ('of', 'at', 'wrt')),
)
