"""What one catalogued mistake is: a row (id, title, example, where it applies, how it is produced).

The rows live in ``tutor/explain/mistakes/<topic>.py`` (``ROWS = (Mistake(...), ...)``), found
by name; ``catalogue.MISTAKES``, the diagnosis's buggy rules and whole-answer checks, the docs
table and ``calctutor mistakes`` all derive from them. This module is plain data: reading the
catalogue never imports SymPy.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable

__all__ = ["Mistake", "MistakeInfo", "WHOLE_ANSWER", "resolve"]

WHOLE_ANSWER = "whole-answer"  # ``applies_to`` of a mistake found by looking at the whole answer


@dataclass(frozen=True)
class Mistake:
    """One catalogued mistake.

    The title writes its math in backticks (`` `(f g' - f' g)/g^2` ``), so it is printed by the
    one printer in the target being printed. ``applies_to`` says where it can happen: derivation step rules (``"chain"``, ``"power"`` …:
    ``produce`` then names the buggy rule, ``"module:function"``, giving the wrong local
    results of such a step), ``WHOLE_ANSWER`` (a check on the whole answer in
    ``diagnosis._global_matches``), or nothing for the dual-number and practice mistakes,
    which say so in ``dual`` / ``practice``. ``priority`` orders matches when several explain
    one answer (a slip in one rule 3, the whole answer 2 or 1, a constant factor 0);
    ``rarity`` 0 (a common slip) beats 1 between equal priorities.
    """

    id: str
    written_title: str  # its math in backticks, read and printed per target by ``title``: "`f'(g)` instead of …"
    example_of: str  # in the input language
    example_answer: str  # the wrong derivative, in the input language
    wrt: str = "x"
    where: str = ""  # substitutions for the multivariable chain rule, e.g. "x=cos(t), y=sin(t)"
    priority: int = 3
    rarity: int = 0
    dual: bool = False  # a dual-number arithmetic mistake (example_of is the question; explain/dual.py)
    practice: str = ""  # a mistake of this practice kind, diagnosed by its wrong answer (explain/wrong_answers.py,
    # or explain/question_mistakes.py for the course's other questions: implicit, lines, gradients …);
    # example_of then describes the exercise in words and example_answer is the wrong answer
    applies_to: tuple[str, ...] = ()
    produce: str = ""  # "module:function" of the buggy rule (resolved only when a diagnosis needs it)

    @property
    def title(self) -> str:
        """The title as the current printer target writes it (``tutor.parsing.prose.say``): ``f′(g) g′``
        in unicode, ``epsilon^2`` under ``--plain``; words as written."""
        from tutor.parsing.prose import say

        return say(self.written_title)

    @property
    def example(self) -> str:
        """The example as the current target prints it: ``d/dx sin(x²) → cos(x²)``; a practice row's
        exercise is words with its math in backticks."""
        from tutor.parsing.printer import glyph
        from tutor.parsing.prose import say

        if self.practice:
            asked = say(self.example_of)
        elif self.dual:
            asked = _math(self.example_of)
        else:
            inner = f" ({', '.join(_math(w) for w in self.where.split(','))})" if self.where else ""
            asked = _math(self.example_of, self.wrt) + inner
        return f"{asked} {glyph('to')} {_math(self.example_answer)}"

    @property
    def step_rules(self) -> tuple[str, ...]:
        """The derivation step rules the buggy rule applies to."""
        return tuple(r for r in self.applies_to if r != WHOLE_ANSWER)

    @property
    def where_it_applies(self) -> str:
        """In words, for ``calctutor mistakes`` and the docs."""
        if self.practice:
            return f"practice: {self.practice}"
        if self.dual:
            return "dual-number arithmetic"
        places = [f"{' or '.join(self.step_rules)} steps"] if self.step_rules else []
        if WHOLE_ANSWER in self.applies_to:
            places.append("the whole answer")
        return "; ".join(places)


MistakeInfo = Mistake  # the name the catalogue's readers know


def _math(text: str, wrt: str = "") -> str:
    """An example written in the input language, printed by the printer (``wrt``: its derivative by it,
    d/dx (x² + 5)); a matrix or a word as written."""
    from tutor.parsing import notation as M
    from tutor.parsing.printer import show

    try:
        tree = M.read_tree(text.strip(), epsilon=True)
        return show(M.deriv(wrt, tree) if wrt else tree)
    except Exception:  # noqa: BLE001 - [[y, 1], [x, 3]] or "forward": not one expression
        return text.strip()


def resolve(reference: str) -> Callable[..., Any]:
    """The function a ``produce`` reference ("module:function") names."""
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)
