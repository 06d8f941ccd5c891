"""The math input language: typed text -> SymPy, never through eval.

    from tutor.parsing import parse, read, Reading, ParseError, AmbiguityError, to_text, variable

``parse(text, variables)`` returns a SymPy expression; ``read`` also returns
the canonical reading (text in the language) and notes on how it was read.
The pipeline is tokens.py (characters -> tokens with spans) -> names.py
(letter runs -> declared names) -> parser.py (precedence climbing -> a plain
tree, limits checked) -> build.py (tree -> SymPy, constants folded under
caps) and back with printer.py. See docs/input-language.md.

Depends on: tutor.functions (the whitelist of functions), tutor.errors, SymPy.
"""

from tutor.parsing.build import variable
from tutor.parsing.errors import Alternative, AmbiguityError, ParseError
from tutor.parsing.limits import ANSWER_LENGTH, PACK_FIELD_LENGTH
from tutor.parsing.printer import to_text
from tutor.parsing.reading import Reading, parse, read

__all__ = [
    "parse",
    "read",
    "Reading",
    "ParseError",
    "AmbiguityError",
    "Alternative",
    "to_text",
    "variable",
    "ANSWER_LENGTH",
    "PACK_FIELD_LENGTH",
]
