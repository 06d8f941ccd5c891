"""The kind ``linear-approximation``: the linear approximation L(x) = f(a) + f'(a)(x − a) (or of f(x, y)) at a point.

Built, judged, diagnosed, explained and proved as every question kind is (``_question.py``).
"""

from __future__ import annotations

from tutor.packs.kinds._question import question_row

__all__ = ["ROWS"]

ROWS = (
    question_row("linear-approximation", "Find the linear approximation {L} of {f} at {at}.",
                 ('linear-approximation',), ('of', 'at')),
)
