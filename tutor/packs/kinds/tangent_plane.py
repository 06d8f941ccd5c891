"""The kind ``tangent-plane``: the tangent plane to z = f(x, y) at a point.

Built, judged, diagnosed, explained and proved as every question kind is (``_question.py``).
"""

from __future__ import annotations

from tutor.packs.kinds._question import question_row

__all__ = ["ROWS"]

ROWS = (
    question_row("tangent-plane", "Find an equation of the tangent plane to {curve} at {at}.",
                 ('tangent-plane',), ('of', 'at')),
)
