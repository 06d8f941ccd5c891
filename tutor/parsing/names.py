"""Names: which spellings mean a variable, a constant or a function, and splitting letter runs.

A run of letters and digits such as ``xsinx`` or ``x1`` is split into known
names, longest first, because which names are known depends on the
exercise's declared variables. Words that ask for a computation instead of
giving a result (``diff``, ``integrate``) and Python words (``open``,
``eval``) are refused by name, with a message saying why.
"""

from __future__ import annotations

import difflib
import string
from dataclasses import dataclass
from typing import Iterable, Optional

from tutor.errors import Span
from tutor.functions import names_and_aliases
from tutor.parsing.errors import ParseError
from tutor.parsing.tokens import GREEK_LETTERS, Token, TokenKind

__all__ = ["Names", "Piece", "BASED_LOGARITHMS", "EPSILON_SPELLINGS"]

CONSTANTS = {"e": "e", "pi": "pi", "π": "pi"}

# Words that ask for a derivative (or integral) instead of being one: rejected with this reason.
_REQUEST = "an answer must be an expression, not a request for one: work it out and type the result"
REQUEST_WORDS = {
    w: _REQUEST
    for w in ("diff", "derivative", "deriv", "integrate", "integral", "int", "limit", "lim",
              "subs", "solve", "simplify", "expand", "factor", "dfdx", "dydx")
}
# Python and shell words have no meaning in math: say so instead of reading o·p·e·n.
CODE_WORDS = {
    w: "this is program code, not math"
    for w in ("open", "eval", "exec", "import", "print", "system", "compile", "getattr", "setattr",
              "globals", "locals", "class", "def", "return", "lambda", "os", "sys", "subprocess",
              "input", "exit", "quit", "help", "dir", "vars", "type", "object", "self", "builtins",
              "file", "read", "write", "rm", "del", "assert", "true", "false", "none", "null",
              "if", "else", "elif", "for", "while", "with", "from", "and", "or", "not", "is", "in",
              "as", "pass", "yield", "try", "except", "raise", "async", "await", "global", "nonlocal")
}
# Functions students know that the catalogue (tutor/functions.py) doesn't have.
UNSUPPORTED_FUNCTIONS = {
    **{w: "is not a function of this course"
       for w in ("sgn", "sign", "floor", "ceil", "max", "min", "mod", "gamma", "erf", "sum", "prod")},
    "lg": "is base 10 in some books and base 2 in others: write log10(x) or log2(x)",
}
# log10 and log2: the logarithm to a base written in the name (log_b u is ln u / ln b).
BASED_LOGARITHMS = {"log10": 10, "log2": 2}
# How people type ε without a Greek keyboard (dual numbers): ε, eps, epsilon (and \varepsilon).
EPSILON_SPELLINGS = ("ε", "eps", "epsilon")


@dataclass(frozen=True)
class Piece:
    """A token after word splitting: NUM, VAR, CONST, FUNC, or a non-word token."""

    kind: TokenKind
    text: str  # the name (VAR: variable name, CONST: e/pi, FUNC: spelling typed)
    start: int
    end: int
    spaced: bool

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


def _valid_name(name: str) -> bool:
    return bool(name) and (name[0].isalpha()) and all(c.isalnum() for c in name) and name.isprintable()


class Names:
    """The spellings known in one parse: declared variables, constants, functions."""

    def __init__(self, variables: Optional[Iterable[str]], epsilon: bool) -> None:
        if variables is None:
            declared = list(string.ascii_letters.replace("e", "")) + [
                g for g in GREEK_LETTERS.values() if g not in ("π", "ε")
            ]
            self.any_letter = True
        else:
            declared = list(variables)
            self.any_letter = False
            for name in declared:
                if not isinstance(name, str) or not _valid_name(name):
                    raise ParseError(
                        f"{name!r} is not a valid variable name", Span(0, len(str(name))), str(name),
                        hint="a variable name is a letter followed by letters or digits, such as x, t or x1",
                    )
        if epsilon and "ε" not in declared:
            declared.append("ε")
        self.variables: tuple[str, ...] = tuple(declared)
        # spelling -> (kind, canonical name), built once; longest spelling wins when splitting.
        table: dict[str, tuple[str, str]] = {}
        # Inside a run of letters only long unsupported names are matched (asinhx); short
        # words such as "os" or "int" are refused only standing alone, so "pos" is still p·o·s.
        for word, reason in UNSUPPORTED_FUNCTIONS.items():
            if len(word) >= 4:
                table[word] = ("REFUSED", reason)
        for spelling in (*names_and_aliases(), *BASED_LOGARITHMS):
            table[spelling] = (TokenKind.FUNC, spelling)
        table["factorial"] = (TokenKind.FACTORIAL, "factorial")
        for spelling, const in CONSTANTS.items():
            table[spelling] = (TokenKind.CONST, const)
        if "ε" not in declared:
            # ε is the dual-number unit: outside those topics say so, rather than read e·p·s·i·l·o·n.
            for spelling in ("ε", "epsilon"):
                table[spelling] = ("REFUSED", "is the dual-number ε, used only in dual-number exercises")
        else:
            for spelling in EPSILON_SPELLINGS:
                table[spelling] = (TokenKind.VAR, "ε")
        for word, letter in GREEK_LETTERS.items():
            if letter in declared:
                table[word] = (TokenKind.VAR, letter)
        # A declared name that is also a constant, function or Greek spelling (a variable "e")
        # makes printed text ambiguous: the reader then does not re-read its own output.
        self.shadows = any(name in table for name in declared if not self.any_letter)
        for name in declared:
            table[name] = (TokenKind.VAR, name)
        self.table = table
        self.longest = max(len(s) for s in table)

    def canonical_variable(self, spelling: str) -> str:
        """The variable a spelling names (theta -> θ); the spelling itself when it names none."""
        kind, name = self.table.get(spelling, ("", spelling))
        return name if kind == TokenKind.VAR else spelling

    def describe_variables(self) -> str:
        if self.any_letter:
            return "any single letter is a variable"
        if not self.variables:
            return "this expression has no variables"
        return "the variables here are " + ", ".join(self.variables)

    def split(self, tok: Token, source: str) -> list[Piece]:
        """Split one WORD token into pieces, longest known name first."""
        word, pos, pieces = tok.text, 0, []
        lowered = word.lower()
        if word not in self.table or self.table[word][0] != TokenKind.VAR:
            if lowered in REQUEST_WORDS or lowered in CODE_WORDS:
                reason = REQUEST_WORDS.get(lowered) or CODE_WORDS[lowered]
                raise ParseError(f"{word!r}: {reason}", tok.span, source, hint=self._example_hint())
            if lowered in UNSUPPORTED_FUNCTIONS:
                raise ParseError(
                    f"{word!r} {UNSUPPORTED_FUNCTIONS[lowered]}", tok.span, source, hint=self._supported_hint()
                )
        while pos < len(word):
            at = tok.start + pos
            if word[pos].isdigit():
                end = pos
                while end < len(word) and word[end].isdigit():
                    end += 1
                pieces.append(Piece(TokenKind.NUM, word[pos:end], at, tok.start + end, False))
                pos = end
                continue
            match = None
            for length in range(min(self.longest, len(word) - pos), 0, -1):
                candidate = word[pos : pos + length]
                if candidate in self.table:
                    match = candidate
                    break
            if match is None:
                raise self._unknown(word, pos, tok, source)
            kind, name = self.table[match]
            if match in BASED_LOGARITHMS and pos + len(match) < len(word):
                rest = word[pos + len(match):]
                digits = match[3:]
                raise ParseError(
                    f"{word[pos:]!r} could mean {match}({rest}) or log({digits}{rest})", Span(at, tok.end), source,
                    hint=f"write {match}({rest}) for the logarithm to base {digits}, or log({digits}{rest})",
                )
            if kind == "REFUSED":
                hint = ("it appears only where an exercise declares it (calctutor parse: --epsilon)" if match in ("ε", "epsilon")
                        else self._supported_hint())
                raise ParseError(f"{match!r} {name}", Span(at, at + len(match)), source, hint=hint)
            pieces.append(Piece(TokenKind(kind), name, at, at + len(match), tok.spaced and pos == 0))
            pos += len(match)
        if pieces:
            first = pieces[0]
            pieces[0] = Piece(first.kind, first.text, first.start, first.end, tok.spaced)
            if len(pieces) == 1 and tok.end - tok.start != len(word):
                # a LaTeX command (\sin, \theta): the piece covers the command as typed
                pieces[0] = Piece(first.kind, first.text, tok.start, tok.end, tok.spaced)
        return pieces

    def _unknown(self, word: str, pos: int, tok: Token, source: str) -> ParseError:
        end = pos
        while end < len(word) and not word[end].isdigit():
            end += 1
        unknown = word[pos:end]
        span = Span(tok.start + pos, tok.start + end)
        functions = [s for s, (k, _) in self.table.items() if k == TokenKind.FUNC]
        close = difflib.get_close_matches(unknown, functions, n=1, cutoff=0.6) if len(unknown) > 1 else []
        example = self.variables[0] if self.variables and not self.any_letter else "x"
        hint = self.describe_variables()
        if close:
            hint = f"did you mean {close[0]}({example})? ({hint})"
        elif len(unknown) > 1:
            hint += "; put * or a space between names, e.g. x*y"
        return ParseError(f"unknown name {unknown!r}", span, source, hint=hint)

    def _example_hint(self) -> str:
        return "type the resulting expression, e.g. 2x*cos(x^2)"

    def _supported_hint(self) -> str:
        names = sorted({s for s, (k, _) in self.table.items() if k == TokenKind.FUNC})
        return "the functions are " + ", ".join(names)
