"""Function applications and roots: sin x, sin^2 x, sin^-1 x, sin 2x, √x (a mixin of Parser).

Kept apart from the core grammar in parser.py; the rules are in that module's
docstring (``call``, ``argument``, ``radicand``).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from tutor.errors import Span
from tutor.functions import FUNCTIONS, by_name
from tutor.parsing.errors import ParseError
from tutor.parsing.names import BASED_LOGARITHMS, Piece
from tutor.parsing.tree import Node
from tutor.parsing.tokens import TokenKind

__all__ = ["CallsMixin", "INVERSES"]

# sin^-1 x means the inverse function: the catalogue names each inverse "a" + the name
# (asin, asinh, asech...), so a new row with its inverse row needs nothing here.
INVERSES = {f.name: "a" + f.name for f in FUNCTIONS if any(g.name == "a" + f.name for g in FUNCTIONS)}



class CallsMixin:
    """Parser methods for function applications and square roots (see parser.Parser)."""

    if TYPE_CHECKING:  # provided by parser.Parser; declared so a type checker sees them here
        pieces: list[Piece]
        pos: int
        depth: int

        @property
        def tok(self) -> Piece: ...
        def advance(self) -> Piece: ...
        def at(self, kind: TokenKind, text: str | None = None) -> bool: ...
        def error(self, message: str, span: Span, hint: str | None = None) -> ParseError: ...
        def node(self, op: str, start: int, end: int, value: object = None, args: tuple[Node, ...] = (),
                 text: str = "") -> Node: ...
        def enter(self, span: Span) -> None: ...
        def note(self, text: str) -> None: ...
        def group(self) -> Node: ...
        def power(self) -> Node: ...
        def primary(self) -> Node: ...
        def implicit_factor(self) -> bool: ...
        def starts_factor(self) -> bool: ...
        def typed(self, start: int, end: int) -> str: ...
        def _ambiguous(self, span: Span, message: str, first: tuple[Node, str], second: tuple[Node, str],
                       always: bool = False) -> Node: ...

    def root(self) -> Node:
        """√x, √(x+1), 2√x; √2x is ambiguous (√2·x or √(2x))."""
        sign = self.advance()
        self.enter(sign.span)
        radicand = self.radicand(sign)
        self.depth -= 1
        plain = self.node("call", sign.start, radicand.span.end, "sqrt", args=(radicand,))
        previous = self.pieces[self.pos - 1]
        if self.tok.spaced or previous.kind in (TokenKind.RPAREN, TokenKind.BAR) or not self.starts_factor():
            return plain
        factor = self.power()
        start, end = sign.start, factor.span.end
        a = self.node("mul", start, end, args=(plain, factor))
        b = self.node("call", start, end, "sqrt", args=(self.node("mul", radicand.span.start, end,
                                                                  args=(radicand, factor)),))
        r_text, f_text = self.typed(radicand.span.start, radicand.span.end), self.typed(factor.span.start, end)
        return self._ambiguous(Span(start, end), "", (a, f"√({r_text}) {f_text}"), (b, f"√({r_text}{f_text})"))

    def radicand(self, sign: Piece) -> Node:
        if self.at(TokenKind.OP, "-") or self.at(TokenKind.OP, "+"):
            op = self.advance()
            operand = self.radicand(sign)
            return operand if op.text == "+" else self.node("neg", op.start, operand.span.end, args=(operand,))
        if self.at(TokenKind.END) or self.at(TokenKind.OP) or self.at(TokenKind.RPAREN):
            raise self.error("√ needs something to take the root of", sign.span, hint="write √x or √(x+1)")
        return self.power()

    # ---- functions ------------------------------------------------------------
    def call(self) -> Node:
        name_tok = self.advance()
        self.enter(name_tok.span)
        spelling = name_tok.text
        name = "log" if spelling in BASED_LOGARITHMS else by_name(spelling).name
        base = self.log_base(name_tok) if spelling in BASED_LOGARITHMS or (
            spelling == "log" and self.at(TokenKind.UNDERSCORE)) else None
        if spelling == "log" and base is None:
            self.note("log is read as the natural logarithm ln (for base 10 write log10(x))")
        power = self.function_power(name_tok) if self.at(TokenKind.OP, "^") else None
        if power == "inverse":
            if name not in INVERSES:
                raise self.error(f"{spelling}^-1 has no inverse in this course", name_tok.span,
                                 hint=f"write 1/{spelling}(x) for the reciprocal")
            self.note(f"{spelling}^-1 x is read as the inverse function {INVERSES[name]}(x), not 1/{spelling}(x)")
            name = INVERSES[name]
        argument = self.argument(name_tok, spelling, name)
        self.depth -= 1
        result = self.node("call", name_tok.start, argument.span.end, name, args=(argument,))
        if base is not None:
            # log_b(u) = ln(u)/ln(b): every layer then knows it through ln (change of base).
            ln_base = self.node("call", base.span.start, base.span.end, "log", args=(base,))
            result = self.node("div", name_tok.start, argument.span.end, args=(result, ln_base))
        if isinstance(power, Node):
            self.note(f"{spelling}^{power.text} x is read as ({spelling} x)^{power.text}")
            result = self.node("pow", name_tok.start, argument.span.end, args=(result, power))
        return result

    def log_base(self, name_tok: Piece) -> Node:
        """The base of log_2 x, log_{10}(x), log_b x, or of log10 and log2 (a number in the name)."""
        if name_tok.text in BASED_LOGARITHMS:
            value = BASED_LOGARITHMS[name_tok.text]
            self.note(f"{name_tok.text} is the logarithm to base {value}: {name_tok.text}(u) = ln(u)/ln({value})")
            return self.node("num", name_tok.start, name_tok.end, Fraction(value), text=str(value))
        underscore = self.advance()
        if self.at(TokenKind.LPAREN):
            base = self.group()
        elif self.at(TokenKind.NUM) or self.at(TokenKind.VAR) or self.at(TokenKind.CONST):
            base = self.primary()
        else:
            raise self.error("log_ needs a base", Span(name_tok.start, underscore.end),
                             hint="write log_2(x), log_10 x or log_{b}(x)")
        shown = self.typed(base.span.start, base.span.end)
        plain = shown.strip("{}()")
        self.note(f"log_{shown} is the logarithm to base {plain}: log_{shown}(u) = ln(u)/ln({plain})")
        return base

    def function_power(self, name_tok: Piece) -> object:
        """sin^2 x -> Node(2) (a power of the value); sin^-1 x -> "inverse"."""
        caret = self.advance()
        parenthesised = self.at(TokenKind.LPAREN)
        closer = {"(": ")", "[": "]", "{": "}"}[self.tok.text] if parenthesised else ")"
        if parenthesised:
            self.advance()
        negative = self.at(TokenKind.OP, "-")
        if negative:
            self.advance()
        tok = self.tok
        if tok.kind != TokenKind.NUM or not tok.text.isdigit():
            raise self.error(
                f"after {name_tok.text}^ only a whole number (sin^2 x) or -1 (sin^-1 x) can follow",
                Span(caret.start, tok.end), hint=f"write ({name_tok.text}(x))^n for other powers",
            )
        self.advance()
        if parenthesised:
            if not self.at(TokenKind.RPAREN, closer):  # sin^(2^2) x: closed later, but not a plain number
                raise self.error(
                    f"after {name_tok.text}^( only a whole number and ')' can follow",
                    Span(caret.start, self.tok.end), hint=f"write ({name_tok.text}(x))^n for other powers",
                )
            self.advance()
        if negative:
            if tok.text != "1":
                raise self.error(
                    f"{name_tok.text}^-{tok.text} x is unclear", Span(caret.start, tok.end),
                    hint=f"write 1/{name_tok.text}(x)^{tok.text} or {INVERSES.get(name_tok.text, 'asin')}(x)^{tok.text}",
                )
            return "inverse"
        return self.node("num", tok.start, tok.end, Fraction(int(tok.text)), text=tok.text)

    def argument(self, name_tok: Piece, spelling: str, name: str) -> Node:
        """The argument of a function: (…) or, without parentheses, sin 2x, sin x^2, sin x cos x."""
        if self.at(TokenKind.LPAREN):
            return self.group()
        if self.at(TokenKind.END) or self.at(TokenKind.RPAREN) or (self.at(TokenKind.OP) and not (self.at(TokenKind.OP, "-") or self.at(TokenKind.OP, "+"))):
            raise self.error(
                f"{spelling} needs an argument", name_tok.span, hint=f"write {spelling}(x) or {spelling} x",
            )
        sign = None
        if self.at(TokenKind.OP, "-") or self.at(TokenKind.OP, "+"):
            sign = self.advance()
        factors = [self.power()]
        while self.implicit_factor() and not self.at(TokenKind.FUNC) and not self.at(TokenKind.SQRT):
            factors.append(self.power())
        if len(factors) == 2 and factors[0].op == "num":
            first = self.node("mul", factors[0].span.start, factors[1].span.end, args=tuple(factors))
            factors = [first]
        whole = factors[0]
        for f in factors[1:]:
            whole = self.node("mul", whole.span.start, f.span.end, args=(whole, f))
        if sign is not None and sign.text == "-":
            whole = self.node("neg", sign.start, whole.span.end, args=(whole,))
        if len(factors) == 1:
            return whole
        # The narrow reading: f applies to the first factor (with its number, as in sin 2x).
        head, tail = factors[0], factors[1:]
        if head.op == "num" and len(tail) > 1:
            head, tail = self.node("mul", head.span.start, tail[0].span.end, args=(head, tail[0])), tail[1:]
        if sign is not None and sign.text == "-":
            head = self.node("neg", sign.start, head.span.end, args=(head,))
        rest = tail[0]
        for f in tail[1:]:
            rest = self.node("mul", rest.span.start, f.span.end, args=(rest, f))
        start, end = name_tok.start, whole.span.end
        a = self.node("call", start, end, name, args=(whole,))
        b = self.node("mul", start, end, args=(self.node("call", start, head.span.end, name, args=(head,)), rest))
        spelling = spelling if by_name(spelling).name == name else name  # sin^-1 xy: say asin
        arg_text = self.typed(whole.span.start, end)
        head_text, rest_text = self.typed(head.span.start, head.span.end), self.typed(rest.span.start, end)
        self._ambiguous(Span(start, end), "", (a, f"{spelling}({arg_text})"),
                        (b, f"{spelling}({head_text}) {rest_text}"), always=True)
        return whole  # not reached: two different functions of different arguments always differ
