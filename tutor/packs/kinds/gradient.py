"""The kind ``gradient``: the gradient ∇f, as a formula or at a point.

Built, judged, diagnosed, explained and proved as every question kind is (``_question.py``).
"""

from __future__ import annotations

from tutor.packs.kinds._question import question_row

__all__ = ["ROWS"]

ROWS = (
    question_row("gradient", "Find the gradient {grad} of {f}{at_clause}. Write it as {components}.",
                 ('gradient',), ('of', 'at')),
)
