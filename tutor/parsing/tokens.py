r"""The tokenizer: typed text -> tokens with spans, Unicode folded to the ASCII language.

Students type ``x²``, ``x⁻¹``, ``2·x``, ``−x``, ``√x``, ``π`` and full-width
characters; each is folded here, char by char, so every token still knows the
span of the characters it came from (an error caret points at what was typed).

Token kinds:
    NUM      a number literal, ``text`` normalised ("2", "0.5", "1e-9")
    WORD     a run of letters and digits starting with a letter ("x", "sinx", "x1", "θ");
             split into names later, because splitting needs the declared variables
    OP       + - * / ^   (``**``, ``·``, ``×``, ``÷``, ``−`` are folded to these)
    LPAREN RPAREN  ( ) and [ ] { } (``text`` keeps which, so brackets must match)
    BAR      |   COMMA ,   BANG !   PRIME ' (derivative notation, rejected later)
    SQRT     √
    EQUALS   =   (an answer prefix such as dy/dx =, or rejected later with a hint)
    UNDERSCORE _ (log_2 x, and f_x in an answer prefix)
    CMD      a LaTeX command: a backslash and letters (``\frac``), or one other character
             (``\,``); ``\left.`` keeps its dot. latex.py rewrites them into the tokens above.
A superscript run (``²``, ``⁻¹``, ``ⁿ``) becomes ``^ ( ... )`` so ``x²y`` is x²·y.
LaTeX pasted with its delimiters (``$…$``, ``$$…$$``, ``\(…\)``, ``\[…\]``) is read
without them; they count as spaces, so columns stay those of the text typed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum

from tutor.errors import Span
from tutor.parsing.errors import ParseError
from tutor.parsing.limits import MAX_DEPTH, MAX_DIGITS, MAX_EXPONENT, MAX_TOKENS

__all__ = ["Token", "TokenKind", "tokenize", "GREEK_LETTERS"]


class TokenKind(str, Enum):
    """What a token is (the module docstring says each); a ``str`` so it prints and compares as its name.

    VAR, CONST, FUNC and FACTORIAL are the kinds a WORD is split into, END the end of the input
    (``tutor.parsing.names.Piece``); the tokenizer makes the others."""

    NUM = "NUM"
    WORD = "WORD"
    OP = "OP"
    LPAREN = "LPAREN"
    RPAREN = "RPAREN"
    BAR = "BAR"
    COMMA = "COMMA"
    BANG = "BANG"
    PRIME = "PRIME"
    SQRT = "SQRT"
    EQUALS = "EQUALS"
    PARTIAL = "PARTIAL"
    UNDERSCORE = "UNDERSCORE"
    CMD = "CMD"
    VAR = "VAR"
    CONST = "CONST"
    FUNC = "FUNC"
    FACTORIAL = "FACTORIAL"  # the word factorial (factorial(5)); a BANG is the n! form
    END = "END"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    start: int
    end: int
    spaced: bool  # whitespace (or the start of the text) right before this token

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


# One row per typed character that stands for an operator or bracket.
_SYMBOLS: dict[str, tuple[TokenKind, str]] = {
    "+": (TokenKind.OP, "+"), "-": (TokenKind.OP, "-"), "−": (TokenKind.OP, "-"), "–": (TokenKind.OP, "-"), "‐": (TokenKind.OP, "-"),
    "*": (TokenKind.OP, "*"), "·": (TokenKind.OP, "*"), "⋅": (TokenKind.OP, "*"), "∙": (TokenKind.OP, "*"), "×": (TokenKind.OP, "*"),
    "∗": (TokenKind.OP, "*"), "/": (TokenKind.OP, "/"), "÷": (TokenKind.OP, "/"), "∕": (TokenKind.OP, "/"), "⁄": (TokenKind.OP, "/"),
    "^": (TokenKind.OP, "^"),
    "(": (TokenKind.LPAREN, "("), "[": (TokenKind.LPAREN, "["), "{": (TokenKind.LPAREN, "{"),
    ")": (TokenKind.RPAREN, ")"), "]": (TokenKind.RPAREN, "]"), "}": (TokenKind.RPAREN, "}"),
    "|": (TokenKind.BAR, "|"), ",": (TokenKind.COMMA, ","), "!": (TokenKind.BANG, "!"),
    "'": (TokenKind.PRIME, "'"), "′": (TokenKind.PRIME, "'"), "’": (TokenKind.PRIME, "'"), "″": (TokenKind.PRIME, "''"),
    "√": (TokenKind.SQRT, "√"), "=": (TokenKind.EQUALS, "="), "∂": (TokenKind.PARTIAL, "∂"), "_": (TokenKind.UNDERSCORE, "_"),
}

# Pasted LaTeX delimiters around the whole text: (opening, closing), longest first.
_DELIMITERS = (("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]"))
# Commands after which a "." is the invisible delimiter (\left. … \right|), not a decimal point.
_SIZED = frozenset({"left", "right", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr"})

# Superscripts fold to the characters they raise; a run of them is one exponent.
_SUPERSCRIPTS: dict[str, str] = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
    "⁻": "-", "⁺": "+", "⁽": "(", "⁾": ")", "ⁿ": "n", "ˣ": "x", "ʸ": "y", "ⁱ": "i", "ᵗ": "t", "ᵏ": "k",
}

# Vulgar fractions (½, ¾...) by their NFKC spelling "1⁄2": numerator and denominator.
_VULGAR_FRACTIONS: dict[str, tuple[str, str]] = {
    ch: (folded.split("\u2044")[0] or "1", folded.split("\u2044")[1])
    for ch in "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒"
    for folded in [unicodedata.normalize("NFKC", ch)]
}

# Greek lowercase letters by name, so "theta" and "θ" are the same variable.
GREEK_LETTERS: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ", "eta": "η",
    "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "omicron": "ο", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω",
}
_GREEK = set(GREEK_LETTERS.values()) | {"ϕ", "ϑ", "ϵ"}
_WHITESPACE = {" ", "\t", "\n", "\r"}


def _is_letter(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ch in _GREEK


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"  # not str.isdigit(): "²" is a digit to Python, an exponent to us


def _fold(ch: str) -> str:
    """Full-width and compatibility forms -> the plain character (NFKC), one char at a time."""
    if ch.isascii() or ch in _SYMBOLS or ch in _SUPERSCRIPTS or ch in _GREEK or ch in _VULGAR_FRACTIONS:
        return ch
    folded = unicodedata.normalize("NFKC", ch)
    if folded in ("ϵ", "ϕ", "ϑ"):
        return folded
    if folded == " " or ch == "\u00a0":
        return " "
    return folded if len(folded) == 1 else ch


def _bad_character(ch: str, i: int, text: str) -> ParseError:
    code = f"U+{ord(ch):04X}"
    category = unicodedata.category(ch)
    name = unicodedata.name(ch, "unnamed character")
    if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
        kind = "a bidirectional-text control" if category == "Cf" else "a control character"
        return ParseError(
            f"{kind} ({code} {name.lower()}) is not allowed in math input",
            Span(i, i + 1), text, hint="retype the expression; invisible characters often come from copy-paste",
        )
    if ch in "'\"`;:.@#$%&?~\\<>":
        return ParseError(
            f"unexpected character {ch!r}: math input has numbers, letters, + - * / ^ ( ) | √ and functions",
            Span(i, i + 1), text, hint="an answer is a formula such as 2x*cos(x^2)",
        )
    return ParseError(
        f"unexpected character {ch!r} ({code} {name.lower()})",
        Span(i, i + 1), text, hint="use letters a-z, Greek letters, digits and + - * / ^ ( ) | √",
    )


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.chars = [_fold(ch) for ch in text]
        _blank_delimiters(self.chars)
        self.tokens: list[Token] = []
        self.spaced = True
        self.depth = 0

    def emit(self, kind: TokenKind, value: str, start: int, end: int) -> None:
        if len(self.tokens) >= MAX_TOKENS:
            raise ParseError(
                f"too many symbols (more than {MAX_TOKENS})", Span(start, end), self.text,
                hint="an answer is a short formula; simplify it",
            )
        if kind == TokenKind.LPAREN:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ParseError(
                    f"parentheses nested more than {MAX_DEPTH} deep", Span(start, end), self.text,
                    hint="remove redundant parentheses",
                )
        elif kind == TokenKind.RPAREN:
            self.depth = max(0, self.depth - 1)
        self.tokens.append(Token(kind, value, start, end, self.spaced))
        self.spaced = False

    def run(self) -> list[Token]:
        chars, n, i = self.chars, len(self.chars), 0
        while i < n:
            ch = chars[i]
            if ch in _WHITESPACE or ch == " ":
                self.spaced = True
                i += 1
            elif _is_digit(ch) or (ch == "." and i + 1 < n and _is_digit(chars[i + 1])):
                i = self.number(i)
            elif _is_letter(ch):
                j = i + 1
                while j < n and chars[j].isascii() and chars[j].isalnum() or j < n and chars[j] in _GREEK:
                    j += 1
                self.emit(TokenKind.WORD, "".join(chars[i:j]), i, j)
            elif ch == "*" and i + 1 < n and chars[i + 1] == "*":
                self.emit(TokenKind.OP, "^", i, i + 2)
                i += 2
                continue
            elif ch in _VULGAR_FRACTIONS:
                # ½ -> (1/2), one bracketed fraction with the span of the one character
                numerator, denominator = _VULGAR_FRACTIONS[ch]
                for kind, value in ((TokenKind.LPAREN, "("), (TokenKind.NUM, numerator), (TokenKind.OP, "/"), (TokenKind.NUM, denominator),
                                    (TokenKind.RPAREN, ")")):
                    self.emit(kind, value, i, i + 1)
                i += 1
                continue
            elif ch in _SUPERSCRIPTS:
                i = self.superscript(i)
                continue
            elif ch == "\\":
                i = self.command(i)
                continue
            elif ch in _SYMBOLS:
                kind, value = _SYMBOLS[ch]
                self.emit(kind, value, i, i + 1)
                i += 1
                continue
            else:
                raise _bad_character(self.text[i], i, self.text)
            if _is_letter(ch):
                i = j
        return self.tokens

    def command(self, i: int) -> int:
        """``\\frac`` (a backslash and letters) or ``\\,`` (a backslash and one character) -> CMD."""
        chars, n = self.chars, len(self.chars)
        j = i + 1
        while j < n and chars[j].isascii() and chars[j].isalpha():
            j += 1
        if j == i + 1 and j < n:
            j += 1  # \, \; \! \{ \| ...: one character
        name = "".join(chars[i + 1 : j])
        if name in _SIZED:
            k = j
            while k < n and chars[k] == " ":
                k += 1
            if k < n and chars[k] == ".":
                name, j = name + ".", k + 1
        self.emit(TokenKind.CMD, "\\" + name, i, j)
        return j

    def number(self, i: int) -> int:
        chars, n, start = self.chars, len(self.chars), i
        while i < n and chars[i].isascii() and chars[i].isdigit():
            i += 1
        if i < n and chars[i] == ".":
            i += 1
            while i < n and chars[i].isascii() and chars[i].isdigit():
                i += 1
        mantissa = "".join(chars[start:i])
        exponent_end = self._scientific_exponent(i)
        digits = mantissa.replace(".", "").lstrip("0")
        if len(digits) > MAX_DIGITS:
            raise ParseError(
                f"a number with more than {MAX_DIGITS} digits", Span(start, i), self.text,
                hint="round it, or write it as a product or power such as 3*10^20",
            )
        if exponent_end > i:
            exponent_text = "".join(chars[i + 1 : exponent_end])
            if len(exponent_text.lstrip("+-").lstrip("0")) > 4 or abs(int(exponent_text)) > MAX_EXPONENT:
                raise ParseError(
                    f"a power of ten beyond ±{MAX_EXPONENT}", Span(start, exponent_end), self.text,
                    hint="numbers in answers stay between 1e-1000 and 1e1000",
                )
            mantissa += "e" + exponent_text
            i = exponent_end
        if i < n and chars[i] == "." and i + 1 < n and _is_digit(chars[i + 1]):
            raise ParseError("a number with two decimal points", Span(start, i + 1), self.text)
        self.emit(TokenKind.NUM, mantissa, start, i)
        return i

    def _scientific_exponent(self, i: int) -> int:
        """End of ``e-9`` in ``1e-9`` if present (an ``e`` then optional sign then digits), else ``i``."""
        chars, n = self.chars, len(self.chars)
        if i < n and chars[i] in "eE":
            j = i + 1
            if j < n and chars[j] in "+-":
                j += 1
            if j < n and chars[j].isascii() and chars[j].isdigit():
                while j < n and chars[j].isascii() and chars[j].isdigit():
                    j += 1
                if not (j < n and _is_letter(chars[j])):
                    return j
        return i

    def superscript(self, i: int) -> int:
        """``x²`` -> x ^ ( 2 ): the run of superscripts is one parenthesised exponent."""
        start, n = i, len(self.chars)
        while i < n and self.chars[i] in _SUPERSCRIPTS:
            i += 1
        self.emit(TokenKind.OP, "^", start, start + 1)
        self.emit(TokenKind.LPAREN, "(", start, start + 1)
        inner = _Lexer("".join(_SUPERSCRIPTS[c] for c in self.chars[start:i]))
        inner.spaced = False
        try:
            for tok in inner.run():
                self.emit(tok.kind, tok.text, start + tok.start, start + tok.end)
        except ParseError as exc:
            raise ParseError(exc.message, Span(start, i), self.text, exc.hint) from None
        self.emit(TokenKind.RPAREN, ")", i - 1, i)
        self.spaced = False
        return i


def _blank_delimiters(chars: list[str]) -> None:
    """``$x^2$``, ``\\(x^2\\)``: the delimiters around the whole text become spaces."""
    first = next((k for k, ch in enumerate(chars) if ch not in _WHITESPACE and ch != " "), None)
    if first is None:
        return
    last = max(k for k, ch in enumerate(chars) if ch not in _WHITESPACE and ch != " ")
    for opening, closing in _DELIMITERS:
        inner_start, inner_end = first + len(opening), last + 1 - len(closing)
        if (inner_start <= inner_end and "".join(chars[first:inner_start]) == opening
                and "".join(chars[inner_end : last + 1]) == closing):
            for k in (*range(first, inner_start), *range(inner_end, last + 1)):
                chars[k] = " "
            return


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` (length already checked by the caller); ParseError names the column."""
    return _Lexer(text).run()
