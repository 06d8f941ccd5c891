"""The kind ``directional-derivative``: the directional derivative D_u f = ∇f·u with u the unit vector of the given direction.

Built, judged, diagnosed, explained and proved as every question kind is (``_question.py``).
"""

from __future__ import annotations

from tutor.packs.kinds._question import question_row

__all__ = ["ROWS"]

ROWS = (
    question_row("directional-derivative", "Find the directional derivative of {f}{at_clause} in the direction of v = {direction}, using the unit vector u = v/|v|.",
                 ('directional-derivative',), ('of', 'direction', 'at')),
)
