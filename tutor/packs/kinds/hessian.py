"""The kind ``hessian``: the Hessian matrix of second partial derivatives, as formulas or at a point.

Built, judged, diagnosed, explained and proved as every question kind is (``_question.py``).
"""

from __future__ import annotations

from tutor.packs.kinds._question import question_row

__all__ = ["ROWS"]

ROWS = (
    question_row("hessian", "Find the Hessian matrix of {f}{at_clause}, written as {components}.",
                 ('hessian',), ('of', 'at')),
)
