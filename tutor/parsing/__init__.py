"""The math input language: typed text -> SymPy, never through eval.

    from tutor.parsing import parse, read, Reading, ParseError, AmbiguityError, to_text, variable
    from tutor.parsing import show, operator      # the one math printer (printer.py, notation.py)

``parse(text, variables)`` returns a SymPy expression; ``read`` also returns
the canonical reading (text in the language) and notes on how it was read.
The pipeline is tokens.py (characters -> tokens with spans) -> names.py
(letter runs -> declared names) -> parser.py (precedence climbing -> a plain
tree, limits checked) -> build.py (tree -> SymPy, constants folded under
caps) and back with sympy_text.py (canonical readings). printer.py is the one math printer for
people (plain, unicode, latex) over the trees of notation.py. See docs/input-language.md, docs/notation.md.

Depends on: tutor.functions (the whitelist of functions), tutor.errors, SymPy.
"""

from tutor.parsing.build import variable
from tutor.parsing.errors import Alternative, AmbiguityError, ParseError
from tutor.parsing.limits import ANSWER_LENGTH, PACK_FIELD_LENGTH
from tutor.parsing.printer import operator, show, to_text
from tutor.parsing.reading import Reading, parse, read

__all__ = [
    "parse",
    "read",
    "Reading",
    "ParseError",
    "AmbiguityError",
    "Alternative",
    "to_text",
    "show",
    "operator",
    "variable",
    "ANSWER_LENGTH",
    "PACK_FIELD_LENGTH",
]
