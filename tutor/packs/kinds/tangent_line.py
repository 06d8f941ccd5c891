"""The kind ``tangent-line``: the tangent line to y = f(x), or to a curve given by an equation, at a point.

Built, judged, diagnosed, explained and proved as every question kind is (``_question.py``).
"""

from __future__ import annotations

from tutor.packs.kinds._question import question_row

__all__ = ["ROWS"]

ROWS = (
    question_row("tangent-line", "Find an equation of the tangent line to {curve} at {at}.",
                 ('tangent-line',), ('of', 'at', 'wrt')),
)
