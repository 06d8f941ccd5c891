"""The kind ``implicit``: implicit differentiation: dy/dx on a curve given by an equation.

Built, judged, diagnosed, explained and proved as every question kind is (``_question.py``).
"""

from __future__ import annotations

from tutor.packs.kinds._question import question_row

__all__ = ["ROWS"]

ROWS = (
    question_row("implicit", "Find d{y}/d{x} for {curve}, where {y} is a function of {x}. Answer in terms of {x} and {y}.",
                 ('implicit-differentiation',), ('of', 'wrt')),
)
