"""LaTeX as students paste it: commands -> the tokens of the plain language, never run.

``\\frac{1}{2\\sqrt{x}}``, ``e^{2x}``, ``2x\\cos(x^2)``, ``\\left| x \\right|`` ... are
read by rewriting the command tokens of the tokenizer (``CMD``: a backslash and
letters) into the tokens of the plain language, keeping every span, so an error
in LaTeX still points at the column typed. Nothing is expanded or executed: a
command is either a row of ``COMMANDS`` or refused by name (``\\int is not part
of an answer``); ``\\def``, ``\\input`` and ``\\csname`` are just unknown names.

Rules (one row each in ``COMMANDS``):
    \\frac{a}{b} (\\dfrac, \\tfrac, \\cfrac)   ((a)/(b)); an argument is {…} or one character: \\frac12
    \\sqrt{a}, \\sqrt[n]{a}                     √(a), ((a)^(1/(n)))
    \\sin \\ln \\log \\exp \\arcsin \\sinh …       the function's name (every catalogue spelling)
    \\alpha … \\omega, \\pi, \\varepsilon         the Greek letter (ε only where declared)
    \\cdot \\times \\ast, \\div                   *  and  /
    \\left \\right \\big… \\displaystyle         dropped (\\left| opens a bar, \\right| closes one)
    \\lvert \\rvert \\vert \\mid                 bars (opening, closing, either)
    \\operatorname{sech}, \\mathrm{e}           the name inside
    \\, \\; \\: \\! \\quad \\qquad                 a space
    \\partial, \\prime                          ∂ and ' (answer prefixes: \\frac{\\partial f}{\\partial x} =)
Braces that are not arguments are brackets, as in the plain language (``e^{2x}``).
"""

from __future__ import annotations

import re
from typing import Callable

from tutor.errors import Span
from tutor.functions import names_and_aliases
from tutor.parsing.errors import ParseError
from tutor.parsing.limits import MAX_TOKENS
from tutor.parsing.tokens import GREEK_LETTERS, Token, TokenKind, tokenize

__all__ = ["COMMANDS", "lex", "resolve", "named_command_error"]

# Greek letters by command; the variants (\varphi, \vartheta, \varepsilon) are the same letter.
_GREEK = {**{name: letter for name, letter in GREEK_LETTERS.items()},
          "varepsilon": "ε", "epsilon": "ε", "varphi": "φ", "vartheta": "θ", "varpi": "π", "varrho": "ρ",
          "varsigma": "σ"}

# command (without the backslash) -> (action, value)
COMMANDS: dict[str, tuple[str, str]] = {
    **{name: ("WORD", name) for name in names_and_aliases()},
    **{name: ("WORD", letter) for name, letter in _GREEK.items()},
    "frac": ("FRAC", ""), "dfrac": ("FRAC", ""), "tfrac": ("FRAC", ""), "cfrac": ("FRAC", ""),
    "sqrt": ("SQRT", ""),
    "cdot": ("OP", "*"), "times": ("OP", "*"), "ast": ("OP", "*"), "div": ("OP", "/"),
    "left": ("DELIMITER", "l"), "right": ("DELIMITER", "r"),
    "bigl": ("DELIMITER", "l"), "bigr": ("DELIMITER", "r"), "Bigl": ("DELIMITER", "l"), "Bigr": ("DELIMITER", "r"),
    "biggl": ("DELIMITER", "l"), "biggr": ("DELIMITER", "r"), "Biggl": ("DELIMITER", "l"),
    "Biggr": ("DELIMITER", "r"), "big": ("DELIMITER", ""), "Big": ("DELIMITER", ""), "bigg": ("DELIMITER", ""),
    "Bigg": ("DELIMITER", ""),
    "displaystyle": ("DROP", ""), "textstyle": ("DROP", ""), "limits": ("DROP", ""),
    "lvert": ("BAR", "l"), "rvert": ("BAR", "r"), "vert": ("BAR", ""), "mid": ("BAR", ""),
    "lbrace": ("BRACKET", "("), "rbrace": ("BRACKET", ")"), "lbrack": ("BRACKET", "["), "rbrack": ("BRACKET", "]"),
    "operatorname": ("NAME", "operatorname"), "mathrm": ("NAME", "mathrm"), "mathit": ("NAME", "mathit"),
    "rm": ("DROP", ""),
    "quad": ("SPACE", ""), "qquad": ("SPACE", ""),
    "partial": ("PARTIAL", "∂"), "prime": ("PRIME", "'"),
    ",": ("SPACE", ""), ";": ("SPACE", ""), ":": ("SPACE", ""), "!": ("SPACE", ""), " ": ("SPACE", ""),
    ">": ("SPACE", ""), "{": ("BRACKET", "("), "}": ("BRACKET", ")"),
}

# Actions that stand for one token of that kind (the value is its text).
_ONE_TOKEN = frozenset({"WORD", "OP", "PARTIAL", "PRIME"})

# Commands students paste that have no place in an answer: the reason, by name.
_REASONS = {
    **{c: "asks for a computation: an answer is its result" for c in ("int", "iint", "oint", "sum", "prod", "lim",
                                                                         "limsup", "liminf", "nabla", "Delta")},
    **{c: "is a TeX programming command, not math (nothing is run)" for c in (
        "def", "edef", "gdef", "xdef", "let", "newcommand", "renewcommand", "providecommand", "input", "include",
        "usepackage", "documentclass", "catcode", "csname", "endcsname", "expandafter", "write", "immediate",
        "openout", "openin", "read", "begin", "end", "makeatletter", "newenvironment", "special", "jobname",
        "loop", "repeat", "relax", "the", "number", "uppercase", "lowercase", "string", "detokenize")},
    "text": "is text, not math", "mbox": "is text, not math", "textrm": "is text, not math",
    "infty": "is not a number: an answer is a formula", "to": "belongs to a limit, not an answer",
    "approx": "is not part of an answer: type the exact expression",
    **{c: "is a LaTeX delimiter: paste only the formula inside it" for c in ("(", ")", "[", "]")},
    "\\": "is a line break: an answer is one formula",
}
_HINT = ("LaTeX here covers \\frac, \\sqrt, \\sin \\ln \\log…, \\cdot, \\left( \\right), \\pi and braces; "
         "write the rest in plain form, e.g. 2x\\cos(x^2)")


class _Resolver:
    def __init__(self, tokens: list[Token], source: str) -> None:
        self.tokens = tokens
        self.source = source

    def error(self, message: str, start: int, end: int, hint: str | None = _HINT) -> ParseError:
        return ParseError(message, Span(start, end), self.source, hint)

    def run(self, start: int, stop: int) -> list[Token]:
        """The tokens[start:stop] with every command rewritten."""
        out: list[Token] = []
        i = start
        while i < stop:
            tok = self.tokens[i]
            if tok.kind != TokenKind.CMD:
                out.append(tok)
                i += 1
                continue
            i = self.command(i, stop, out)
            if len(out) > MAX_TOKENS:
                raise self.error(f"too many symbols (more than {MAX_TOKENS})", tok.start, tok.end,
                                 hint="an answer is a short formula; simplify it")
        return out

    def command(self, i: int, stop: int, out: list[Token]) -> int:
        tok = self.tokens[i]
        name = tok.text[1:].rstrip(".") or tok.text[1:]
        action, value = COMMANDS.get(name, ("", ""))
        if action in _ONE_TOKEN:  # \sin -> WORD sin, \cdot -> OP *, \partial -> PARTIAL ∂
            out.append(Token(TokenKind(action), value, tok.start, tok.end, tok.spaced))
            return i + 1
        handler: Callable[[Token, str, int, int, list[Token]], int] | None = getattr(self, "_" + action.lower(), None)
        if handler is None:
            raise self._unknown(tok)
        return handler(tok, value, i + 1, stop, out)

    def _unknown(self, tok: Token) -> ParseError:
        name = tok.text[1:]
        if name in _REASONS:
            return self.error(f"{tok.text} {_REASONS[name]}", tok.start, tok.end)
        glued = next((c for c in sorted(COMMANDS, key=len, reverse=True)
                      if name.startswith(c) and COMMANDS[c][0] == TokenKind.WORD and len(name) > len(c)), None)
        if glued is not None:
            rest = name[len(glued):]
            return self.error(f"unknown command {tok.text}", tok.start, tok.end,
                              hint=f"put a space after the command: \\{glued} {rest}")
        return self.error(f"{tok.text} is not part of an answer", tok.start, tok.end)

    # ---- one method per action ---------------------------------------------------
    def _drop(self, tok: Token, value: str, i: int, stop: int, out: list[Token]) -> int:
        return i

    def _space(self, tok: Token, value: str, i: int, stop: int, out: list[Token]) -> int:
        if i < stop:
            nxt = self.tokens[i]
            self.tokens[i] = Token(nxt.kind, nxt.text, nxt.start, nxt.end, True)
        return i

    def _bar(self, tok: Token, value: str, i: int, stop: int, out: list[Token]) -> int:
        out.append(Token(TokenKind.BAR, "|" + value, tok.start, tok.end, tok.spaced))
        return i

    def _bracket(self, tok: Token, value: str, i: int, stop: int, out: list[Token]) -> int:
        kind = TokenKind.LPAREN if value in "([" else TokenKind.RPAREN
        out.append(Token(kind, value, tok.start, tok.end, tok.spaced))
        return i

    def _delimiter(self, tok: Token, side: str, i: int, stop: int, out: list[Token]) -> int:
        """\\left( … \\right): the delimiter after it stands; a bar learns its side."""
        if tok.text.endswith("."):
            return i  # \left. or \right.: an invisible delimiter (the tokenizer took the dot)
        if i < stop and self.tokens[i].kind == TokenKind.BAR:
            bar = self.tokens[i]
            out.append(Token(TokenKind.BAR, "|" + side, tok.start, bar.end, tok.spaced))
            return i + 1
        if i < stop and self.tokens[i].kind == TokenKind.CMD and COMMANDS.get(self.tokens[i].text[1:], ("",))[0] in (
                "BAR", "BRACKET"):
            after = self.command(i, stop, out)
            if out and out[-1].kind == TokenKind.BAR and side:
                last = out[-1]
                out[-1] = Token(TokenKind.BAR, "|" + side, tok.start, last.end, tok.spaced)
            return after
        if i < stop and self.tokens[i].kind in (TokenKind.LPAREN, TokenKind.RPAREN):
            return i  # the bracket itself follows as an ordinary token
        raise self.error(f"{tok.text} needs a bracket or a bar after it", tok.start, tok.end,
                         hint="write \\left( … \\right) or \\left| … \\right|")

    def _frac(self, tok: Token, value: str, i: int, stop: int, out: list[Token]) -> int:
        numerator, i = self.argument(tok, i, stop, "numerator")
        denominator, i = self.argument(tok, i, stop, "denominator")
        out.append(Token(TokenKind.LPAREN, "(", tok.start, tok.end, tok.spaced))
        out.extend(numerator)
        first = denominator[0]
        out.append(Token(TokenKind.OP, "/", first.start, first.start + 1, False))
        out.extend(denominator)
        out.append(Token(TokenKind.RPAREN, ")", denominator[-1].start, denominator[-1].end, False))
        return i

    def _sqrt(self, tok: Token, value: str, i: int, stop: int, out: list[Token]) -> int:
        index: list[Token] = []
        if i < stop and self.tokens[i].kind == TokenKind.LPAREN and self.tokens[i].text == "[":
            close = self.matching(i, stop, "[", "]")
            index = self.run(i + 1, close)
            if not index:
                raise self.error("\\sqrt[ ] needs the degree of the root", self.tokens[i].start,
                                 self.tokens[close].end, hint="write \\sqrt[3]{x}, or \\sqrt{x} for the square root")
            i = close + 1
        radicand, i = self.argument(tok, i, stop, "radicand")
        if not index:
            out.append(Token(TokenKind.SQRT, "√", tok.start, tok.end, tok.spaced))
            out.extend(radicand)
            return i
        # \sqrt[n]{a} -> ((a)^(1/(n))): the n-th root as a power, the spans of what was typed.
        end = radicand[-1]
        out.append(Token(TokenKind.LPAREN, "(", tok.start, tok.end, tok.spaced))
        out.extend(radicand)
        out.append(Token(TokenKind.OP, "^", tok.start, tok.end, False))
        out.append(Token(TokenKind.LPAREN, "(", tok.start, tok.end, False))
        out.append(Token(TokenKind.NUM, "1", tok.start, tok.end, False))
        out.append(Token(TokenKind.OP, "/", tok.start, tok.end, False))
        out.append(Token(TokenKind.LPAREN, "(", index[0].start, index[0].end, False))
        out.extend(index)
        out.append(Token(TokenKind.RPAREN, ")", index[-1].start, index[-1].end, False))
        out.append(Token(TokenKind.RPAREN, ")", end.start, end.end, False))
        out.append(Token(TokenKind.RPAREN, ")", end.start, end.end, False))
        return i

    def _name(self, tok: Token, value: str, i: int, stop: int, out: list[Token]) -> int:
        """\\operatorname{sech} -> the function name; \\mathrm{e} -> whatever is inside."""
        if not (i < stop and self.tokens[i].kind == TokenKind.LPAREN and self.tokens[i].text == "{"):
            raise self.error(f"{tok.text} needs braces", tok.start, tok.end, hint=f"write {tok.text}{{sech}}")
        close = self.matching(i, stop, "{", "}")
        inner = self.run(i + 1, close)
        if value == "operatorname" and (len(inner) != 1 or inner[0].kind != TokenKind.WORD
                                        or COMMANDS.get(inner[0].text, ("",))[0] != TokenKind.WORD):
            raise self.error(f"{self.source[tok.start:self.tokens[close].end]} is not a function of this course",
                             tok.start, self.tokens[close].end,
                             hint="the functions are those of calctutor parse --help, e.g. \\operatorname{sech}")
        if inner:
            first = inner[0]
            out.append(Token(first.kind, first.text, first.start, first.end, tok.spaced))
            out.extend(inner[1:])
        return close + 1

    # ---- arguments -------------------------------------------------------------------
    def matching(self, i: int, stop: int, opening: str, closing: str) -> int:
        """Index of the bracket that closes tokens[i] (same kind), or a ParseError at tokens[i]."""
        depth = 0
        for j in range(i, stop):
            tok = self.tokens[j]
            if tok.kind == TokenKind.LPAREN and tok.text == opening:
                depth += 1
            elif tok.kind == TokenKind.RPAREN and tok.text == closing:
                depth -= 1
                if depth == 0:
                    return j
        start = self.tokens[i]
        raise self.error(f"{opening!r} is never closed", start.start, start.end,
                         hint=f"add {closing!r} at the right place")

    def argument(self, command: Token, i: int, stop: int, role: str) -> tuple[list[Token], int]:
        """One argument of a command, in brackets: {…}, or one character (\\frac12, \\sqrt x)."""
        if i >= stop:
            raise self.error(f"{command.text} needs its {role}", command.start, command.end,
                             hint="write \\frac{1}{x} or \\sqrt{x}")
        tok = self.tokens[i]
        if tok.kind == TokenKind.LPAREN and tok.text == "{":
            close = self.matching(i, stop, "{", "}")
            inner = self.run(i + 1, close)
            if not inner:
                raise self.error(f"the {role} of {command.text} is empty", tok.start, self.tokens[close].end,
                                 hint="put an expression inside the braces")
            closing = self.tokens[close]
            return [Token(TokenKind.LPAREN, "(", tok.start, tok.end, tok.spaced), *inner,
                    Token(TokenKind.RPAREN, ")", closing.start, closing.end, False)], close + 1
        if tok.kind in (TokenKind.NUM, TokenKind.WORD) and len(tok.text) > 0:
            # TeX takes one character: \frac12 is 1/2 and \frac ab is a/b; the rest stays.
            if tok.kind == TokenKind.NUM and not tok.text[0].isdigit():
                raise self._braces(command, tok, role)
            first = Token(tok.kind, tok.text[0], tok.start, tok.start + 1, tok.spaced)
            rest_text = tok.text[1:]
            if rest_text:
                if tok.kind == TokenKind.NUM and not rest_text.replace(".", "").isdigit():
                    raise self._braces(command, tok, role)
                self.tokens[i] = Token(tok.kind, rest_text, tok.start + 1, tok.end, False)
                return self._wrapped(first), i
            return self._wrapped(first), i + 1
        if tok.kind == TokenKind.CMD and COMMANDS.get(tok.text[1:], ("",))[0] == TokenKind.WORD:
            word: list[Token] = []
            after = self.command(i, stop, word)
            return self._wrapped(word[0]), after
        raise self._braces(command, tok, role)

    @staticmethod
    def _wrapped(tok: Token) -> list[Token]:
        return [Token(TokenKind.LPAREN, "(", tok.start, tok.end, tok.spaced), Token(tok.kind, tok.text, tok.start, tok.end, False),
                Token(TokenKind.RPAREN, ")", tok.start, tok.end, False)]

    def _braces(self, command: Token, tok: Token, role: str) -> ParseError:
        return self.error(f"the {role} of {command.text} goes in braces", tok.start, tok.end,
                          hint=f"write {command.text}{{…}}, e.g. \\frac{{1}}{{2x}} or \\sqrt{{x+1}}")


def lex(source: str) -> list[Token]:
    """The tokens of ``source`` in the plain language: tokenized, LaTeX commands rewritten.

    The one front door for every reader of text (``read``, ``notation.read_tree``), so that
    LaTeX is read, and refused by name, the same way everywhere.
    """
    try:
        tokens = tokenize(source)
    except ParseError as error:
        raise named_command_error(source, error) from None
    return resolve(tokens, source)


def resolve(tokens: list[Token], source: str) -> list[Token]:
    """The tokens with every LaTeX command rewritten (the same list when there is none)."""
    if not any(tok.kind == TokenKind.CMD for tok in tokens):
        return tokens
    return _Resolver(list(tokens), source).run(0, len(tokens))


_COMMAND = re.compile(r"\\([A-Za-z]+)")


def named_command_error(source: str, error: ParseError) -> ParseError:
    """The error to report when the tokenizer stopped at ``error``: an unknown command before it
    is named first (``\\catcode`\\^`` is refused as \\catcode, not for its backquote)."""
    end = error.span.start if error.span is not None else len(source)
    for match in _COMMAND.finditer(source, 0, end):
        if match.group(1) not in COMMANDS:
            tok = Token(TokenKind.CMD, match.group(0), match.start(), match.end(), False)
            return _Resolver([tok], source)._unknown(tok)
    return error
