"""The parser: tokens -> a checked tree, by precedence climbing. Never eval.

Grammar (lowest precedence first; ``adj`` = no space before the token)::

    input     := sum END
    sum       := term (("+" | "-") term)*
    term      := ("-" | "+") term | power (("*" | "/") unary | factor)*   factor: implicit ×
    unary     := ("-" | "+") unary | power                -x^2 is -(x^2); -a/b is -(a/b)
    power     := postfix ("^" exponent)?
    exponent  := ("-" | "+") exponent | postfix ("^" exponent)?     right-assoc: 2^-x, a^b^c
    postfix   := primary "!"*                              n! only of small whole literals
    primary   := NUM | VAR | CONST | "(" sum ")" | "|" sum "|" | "√" radicand | call
    radicand  := ("-" | "+") radicand | power
    call      := FUNC ("^" power-of-function)? ( "(" sum ")" | argument )
    argument  := ("-" | "+")? power factor*     stops before the next function: sin x cos x

Ambiguity (both readings built; reported when their values differ):
    a/b c      (a/b)·c  or  a/(b·c)              any implicit factor after a divisor
    a^b c adj  a^b·c    or  a^(b·c)              x^2y, e^2x (a space means a^b·c)
    √a c adj   √a·c     or  √(a·c)               √2x
    f a b      f(a)·b   or  f(a·b)               sin xy; but sin 2x = sin(2x)
    x2         x·2      or  x^2                  when x2 is not a declared variable
Every node counts toward MAX_NODES and every level of nesting toward MAX_DEPTH.
The rules for ``call``, ``argument`` and ``radicand`` are implemented in calls.py.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable, Optional

from tutor.errors import Span
from tutor.functions import FUNCTIONS
from tutor.parsing.calls import CallsMixin
from tutor.parsing.errors import Alternative, AmbiguityError, ParseError
from tutor.parsing.limits import MAX_DEPTH, MAX_NODES
from tutor.parsing.names import Names, Piece
from tutor.parsing.prefixes import derivative_request
from tutor.parsing.tokens import Token, TokenKind
from tutor.parsing.tree import Node

__all__ = ["Parser"]

_CLOSERS = {"(": ")", "[": "]", "{": "}"}
# Tokens that can start a factor of an implicit product (a BAR only when it opens).
_FACTOR_START = {TokenKind.VAR, TokenKind.CONST, TokenKind.FUNC, TokenKind.LPAREN, TokenKind.SQRT, TokenKind.FACTORIAL}


def _number(text: str) -> Fraction:
    """Exact value of a literal: 0.5 -> 1/2, 1e-9 -> 1/10^9 (sizes already capped by the tokenizer)."""
    mantissa, _, exponent = text.lower().partition("e")
    value = Fraction(mantissa)
    if exponent:
        value *= Fraction(10) ** int(exponent)
    return value


class Parser(CallsMixin):
    """One parse of one text; ``notes`` collects remarks on how it was read."""

    def __init__(self, source: str, tokens: list[Token], names: Names,
                 evaluate: Callable[[Node], object], spell: Optional[Callable[[Node], str]] = None) -> None:
        self.source = source
        self.names = names
        self.evaluate = evaluate  # tree -> SymPy, used only to compare two readings
        # tree -> how an ambiguity's reading is written: the one printer's plain target, passed in by
        # the caller (this module is below the printer). Without it: SymPy's text of the value.
        self.spell = spell
        self.notes: list[str] = []
        self.pieces = self._split(tokens)
        self.pos = 0
        self.depth = 0
        self.abs_depth = 0
        self.nodes = 0

    # ---- tokens ---------------------------------------------------------------
    def _split(self, tokens: list[Token]) -> list[Piece]:
        pieces: list[Piece] = []
        for i, tok in enumerate(tokens):
            if tok.kind == TokenKind.WORD:
                derivative_request(tokens, i, self.source)
                split = self.names.split(tok, self.source)
                self._letters_note(tok, split)
                for k in range(1, len(split)):
                    prev, here = split[k - 1], split[k]
                    if here.kind == TokenKind.NUM and prev.kind in (TokenKind.VAR, TokenKind.CONST):
                        self._digit_after_name(prev, here)
                pieces.extend(split)
            elif tok.kind in (TokenKind.PRIME, TokenKind.PARTIAL):
                raise ParseError(
                    "derivative notation: an answer must be an expression, not a request for one",
                    tok.span, self.source, hint="work out the derivative and type the result, e.g. 2x*cos(x^2)",
                )
            elif tok.kind == TokenKind.UNDERSCORE and not (
                    pieces and pieces[-1].kind == TokenKind.FUNC and pieces[-1].text == "log" and tokens[i - 1].end == tok.start):
                raise ParseError(
                    "unexpected character '_': names have no underscores", tok.span, self.source,
                    hint="write x2 for a variable named x2, or x*2 (a subscript is only for log_2 x)",
                )
            elif tok.kind == TokenKind.EQUALS:
                raise ParseError(
                    "'=': an answer is an expression, not an equation", tok.span, self.source,
                    hint="type only the right-hand side, e.g. 2x instead of y' = 2x",
                )
            else:
                pieces.append(Piece(tok.kind, tok.text, tok.start, tok.end, tok.spaced))
        end = len(self.source)
        pieces.append(Piece(TokenKind.END, "", end, end, True))
        return pieces

    def _letters_note(self, tok: Token, split: list[Piece]) -> None:
        """sen x is s·e·n·x when any letter is a variable: legal, but say so if it looks like a function."""
        if len(split) >= 3 and all(p.kind in (TokenKind.VAR, TokenKind.CONST) and p.end - p.start == 1 for p in split):
            import difflib

            functions = [f.name for f in FUNCTIONS]
            close = difflib.get_close_matches(tok.text, functions, n=1, cutoff=0.6)
            if close:
                self.note(f"{tok.text} was read as the product {'·'.join(p.text for p in split)}; "
                          f"did you mean {close[0]}?")

    def _digit_after_name(self, name: Piece, digits: Piece) -> None:
        base = Node("var" if name.kind == TokenKind.VAR else "const", name.span, name.text)
        num = Node("num", digits.span, Fraction(int(digits.text)), text=digits.text)
        span = Span(name.start, digits.end)
        typed = self.source[name.start : name.end]
        self._ambiguous(
            span,
            f"{self.source[span.start:span.end]} is not a variable here; {self.names.describe_variables()}",
            (Node("mul", span, args=(num, base)), f"{digits.text}{typed}"),
            (Node("pow", span, args=(base, num)), f"{typed}^{digits.text}"),
            always=True,
        )

    @property
    def tok(self) -> Piece:
        return self.pieces[self.pos]

    def advance(self) -> Piece:
        tok = self.pieces[self.pos]
        self.pos += 1
        return tok

    def at(self, kind: TokenKind, text: Optional[str] = None) -> bool:
        tok = self.pieces[self.pos]
        return tok.kind == kind and (text is None or tok.text == text)

    def error(self, message: str, span: Span, hint: Optional[str] = None) -> ParseError:
        return ParseError(message, span, self.source, hint)

    def node(self, op: str, start: int, end: int, value: object = None, args: tuple[Node, ...] = (),
             text: str = "") -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.error(
                f"the expression is too large (more than {MAX_NODES} parts)", Span(start, end),
                hint="simplify it before typing",
            )
        return Node(op, Span(start, end), value, args, text)  # type: ignore[arg-type]

    def enter(self, span: Span) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"nested more than {MAX_DEPTH} deep", span, hint="simplify the expression")

    def starts_factor(self) -> bool:
        tok = self.tok
        if tok.kind == TokenKind.BAR:
            # A bar opens a factor outside bars; inside, only a bar known to open (\left|, \lvert).
            return tok.text == "|l" or (tok.text == "|" and self.abs_depth == 0)
        return tok.kind in _FACTOR_START

    # ---- ambiguity ------------------------------------------------------------
    def _ambiguous(self, span: Span, message: str, first: tuple[Node, str], second: tuple[Node, str],
                   always: bool = False) -> Node:
        """Both readings of ``span``: the first if they are equal in value, else AmbiguityError."""
        a, b = self.evaluate(first[0]), self.evaluate(second[0])
        if a == b and not always:
            return first[0]
        readings = (Alternative(a, self._spelled(first[0], a), first[1]),
                    Alternative(b, self._spelled(second[0], b), second[1]))
        text = self.source[span.start : span.end]
        full = f"{text!r} is ambiguous: it could mean {readings[0].text} or {readings[1].text}"
        raise AmbiguityError(f"{full} ({message})" if message else full, span, self.source, readings)

    def _spelled(self, tree: Node, value: object) -> str:
        """A reading as written for people: the tree printed (1m, m^1), not its value (m, m)."""
        if self.spell is not None:
            return self.spell(tree)
        from tutor.parsing.sympy_text import to_text

        return to_text(value)

    def typed(self, start: int, end: int) -> str:
        return self.source[start:end].strip()

    # ---- grammar --------------------------------------------------------------
    def parse(self) -> Node:
        if self.at(TokenKind.END):
            raise self.error("empty input", Span(0, len(self.source)), hint="type an expression such as 2x")
        tree = self.sum()
        if not self.at(TokenKind.END):
            tok = self.tok
            after_number = self.number_after_number()
            if after_number is not None:
                raise after_number
            if tok.kind == TokenKind.RPAREN:
                raise self.error(f"unmatched {tok.text!r}", tok.span, hint="remove it or add the opening bracket")
            if tok.kind == TokenKind.BAR:
                raise self.error("a closing bar without an opening one", tok.span, hint="write |x| or abs(x)")
            if tok.kind == TokenKind.NUM:
                raise self.error(
                    "a number right after an expression", tok.span,
                    hint="put a space before it (x 2) or use * (x*2)",
                )
            if tok.kind == TokenKind.COMMA:
                raise self.error("unexpected ','", tok.span,
                                 hint="decimals take a point (0.5), and functions here take one argument")
            raise self.error(f"unexpected {tok.text!r}", tok.span, hint="check the operators around it")
        return tree

    def sum(self) -> Node:
        left = self.term()
        while self.at(TokenKind.OP, "+") or self.at(TokenKind.OP, "-"):
            op = "add" if self.advance().text == "+" else "sub"
            right = self.term()
            left = self.node(op, left.span.start, right.span.end, args=(left, right))
        return left

    def term(self) -> Node:
        if self.at(TokenKind.OP, "-") or self.at(TokenKind.OP, "+"):
            # A leading sign covers the whole product: -a*b/c is -(a*b/c), as printed.
            sign = self.advance()
            self.enter(sign.span)
            operand = self.term()
            self.depth -= 1
            if sign.text == "+":
                return operand
            return self.node("neg", sign.start, operand.span.end, args=(operand,))
        left = self.power()
        while True:
            if self.at(TokenKind.OP, "*"):
                self.advance()
                right = self.unary()
                left = self.node("mul", left.span.start, right.span.end, args=(left, right))
            elif self.at(TokenKind.OP, "/"):
                self.advance()
                right = self.unary()
                left = self.division(left, right)
            elif self.implicit_factor():
                right = self.power()
                left = self.node("mul", left.span.start, right.span.end, args=(left, right))
            elif self.at(TokenKind.NUM):
                raise self.number_after_number() or self.error(
                    "a number right after an expression", self.tok.span,
                    hint="put a space before it (x 2) or use * (x*2)",
                )
            else:
                return left

    def implicit_factor(self) -> bool:
        """Whether the next token starts another factor of an implicit product."""
        return self.starts_factor() or self.number_factor()

    def number_factor(self) -> bool:
        """A number as a factor of an implicit product: ``ln(2) 2^x``, ``x 3^(x-1)``, ``sin(x) 2``.

        It needs a space or a closing bracket before it (``x2`` is a name or an ambiguity,
        decided in names.py), and never follows a bare number: ``2 3`` is 23 or 2·3.
        """
        if not self.at(TokenKind.NUM):
            return False
        previous = self.pieces[self.pos - 1] if self.pos else None
        if previous is None or not (self.tok.spaced or previous.kind in (TokenKind.RPAREN, TokenKind.BAR)):
            return False
        return not self._bare_number_before()

    def _bare_number_before(self) -> bool:
        """Whether the piece before the current one is a number standing alone (not an exponent)."""
        if self.pos == 0 or self.pieces[self.pos - 1].kind != TokenKind.NUM:
            return False
        return self.pos < 2 or not (self.pieces[self.pos - 2].kind == TokenKind.OP and self.pieces[self.pos - 2].text == "^")

    def number_after_number(self) -> Optional[ParseError]:
        """``2 3``: two bare numbers side by side are refused as 23 or 2·3, with both readings."""
        if not (self.at(TokenKind.NUM) and self._bare_number_before()):
            return None
        first, second = self.pieces[self.pos - 1], self.tok
        span = Span(first.start, second.end)
        if not (first.text.isdigit() and second.text.isdigit()):
            return self.error(
                "two numbers side by side", span, hint=f"write {first.text}*{second.text} for the product",
            )
        import sympy

        joined, product = first.text + second.text, f"{first.text}*{second.text}"
        readings = (Alternative(sympy.Integer(int(joined)), joined, joined),
                    Alternative(sympy.Integer(int(first.text) * int(second.text)), product, product))
        return AmbiguityError(
            f"{self.source[span.start:span.end]!r} is ambiguous: {joined} or {first.text}·{second.text}?",
            span, self.source, readings,
        )

    def division(self, left: Node, right: Node) -> Node:
        """a/b, or an AmbiguityError for a/b c (implicit factors after a divisor)."""
        if not self.implicit_factor():
            return self.node("div", left.span.start, right.span.end, args=(left, right))
        factors = [self.power()]
        while self.implicit_factor():
            factors.append(self.power())
        rest = factors[0]
        for f in factors[1:]:
            rest = self.node("mul", rest.span.start, f.span.end, args=(rest, f))
        start, end = left.span.start, rest.span.end
        a = self.node("mul", start, end, args=(self.node("div", start, right.span.end, args=(left, right)), rest))
        denominator = self.node("mul", right.span.start, end, args=(right, rest))
        b = self.node("div", start, end, args=(left, denominator))
        num, den, after = (self.typed(left.span.start, left.span.end), self.typed(right.span.start, right.span.end),
                           self.typed(rest.span.start, rest.span.end))
        return self._ambiguous(
            Span(start, end), "", (a, f"({num}/{den}) {after}"), (b, f"{num}/({den} {after})"),
        )

    def unary(self) -> Node:
        if self.at(TokenKind.OP, "-") or self.at(TokenKind.OP, "+"):
            sign = self.advance()
            self.enter(sign.span)
            operand = self.unary()
            self.depth -= 1
            if sign.text == "+":
                return operand
            return self.node("neg", sign.start, operand.span.end, args=(operand,))
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if self.at(TokenKind.OP, "^"):
            caret = self.advance()
            self.enter(caret.span)
            exponent = self.exponent()
            self.depth -= 1
            return self.raised(base, exponent)
        return base

    def exponent(self) -> Node:
        if self.at(TokenKind.OP, "-") or self.at(TokenKind.OP, "+"):
            sign = self.advance()
            self.enter(sign.span)
            operand = self.exponent()
            self.depth -= 1
            if sign.text == "+":
                return operand
            return self.node("neg", sign.start, operand.span.end, args=(operand,))
        if self.at(TokenKind.END) or self.at(TokenKind.OP):
            raise self.error("an exponent is missing after '^'", self.tok.span, hint="write e.g. x^2")
        return self.power()

    def raised(self, base: Node, exponent: Node) -> Node:
        """base^exponent, or an AmbiguityError for x^2y (a factor right after the exponent, no space)."""
        plain = self.node("pow", base.span.start, exponent.span.end, args=(base, exponent))
        previous = self.pieces[self.pos - 1]
        if self.tok.spaced or previous.kind in (TokenKind.RPAREN, TokenKind.BAR) or not self.starts_factor():
            return plain
        if self.at(TokenKind.LPAREN):
            # Textbook juxtaposition: x^2(x+1) and e^t(sin t + cos t) are products; an exponent
            # written without brackets ends before a bracket. Say so, since x^(2(x+1)) differs.
            self._juxtaposition_note(base, exponent)
            return plain
        factor = self.postfix()
        start, end = base.span.start, factor.span.end
        a = self.node("mul", start, end, args=(plain, factor))
        b = self.node("pow", start, end, args=(base, self.node("mul", exponent.span.start, end,
                                                                 args=(exponent, factor))))
        b_text, e_text, f_text = (self.typed(base.span.start, base.span.end),
                                  self.typed(exponent.span.start, exponent.span.end),
                                  self.typed(factor.span.start, factor.span.end))
        return self._ambiguous(
            Span(start, end), "", (a, f"{b_text}^{e_text} {f_text}"), (b, f"{b_text}^({e_text}{f_text})"),
        )

    def _juxtaposition_note(self, base: Node, exponent: Node) -> None:
        depth, end = 0, self.pos
        for index in range(self.pos, len(self.pieces)):
            kind = self.pieces[index].kind
            depth += kind == TokenKind.LPAREN
            depth -= kind == TokenKind.RPAREN
            if depth == 0:
                end = index
                break
        power, group = self.typed(base.span.start, exponent.span.end), self.typed(self.tok.start, self.pieces[end].end)
        longer = f"{self.typed(base.span.start, base.span.end)}^({self.typed(exponent.span.start, exponent.span.end)}{group})"
        self.note(f"{power}{group} is read as {power}·{group}; write {longer} if the bracket belongs to the exponent")

    def postfix(self) -> Node:
        node = self.primary()
        while self.at(TokenKind.BANG):
            bang = self.advance()
            node = self.node("fact", node.span.start, bang.end, args=(node,))
        return node

    def primary(self) -> Node:
        tok = self.tok
        kind = tok.kind
        if kind == TokenKind.NUM:
            self.advance()
            value = _number(tok.text)
            if value.denominator != 1:
                self.note(f"the decimal {tok.text} is read exactly, as the fraction {value}")
            return self.node("num", tok.start, tok.end, value, text=tok.text)
        if kind == TokenKind.VAR:
            self.advance()
            return self.node("var", tok.start, tok.end, tok.text)
        if kind == TokenKind.CONST:
            self.advance()
            return self.node("const", tok.start, tok.end, tok.text)
        if kind == TokenKind.LPAREN:
            return self.group()
        if kind == TokenKind.BAR:
            if tok.text == "|r":
                raise self.error("a closing bar without an opening one", tok.span, hint="write \\left| x \\right|")
            return self.bars()
        if kind == TokenKind.SQRT:
            return self.root()
        if kind == TokenKind.FUNC:
            return self.call()
        if kind == TokenKind.FACTORIAL:
            name_tok = self.advance()
            if not self.at(TokenKind.LPAREN):
                raise self.error("factorial needs parentheses", name_tok.span, hint="write factorial(5) or 5!")
            inner = self.group()
            return self.node("fact", name_tok.start, inner.span.end, args=(inner,))
        if kind == TokenKind.END:
            raise self.error("the expression ends too early", tok.span, hint="something is missing at the end")
        if kind == TokenKind.RPAREN:
            raise self.error(f"unmatched {tok.text!r}", tok.span, hint="remove it or add the opening bracket")
        raise self.error(
            f"expected a number, a variable or '(' but found {tok.text!r}", tok.span,
            hint="check for a doubled or missing operator",
        )

    def group(self) -> Node:
        opening = self.advance()
        self.enter(opening.span)
        if self.at(TokenKind.RPAREN):
            raise self.error("empty parentheses", Span(opening.start, self.tok.end), hint="put an expression inside")
        saved_abs, self.abs_depth = self.abs_depth, 0
        inner = self.sum()
        self.abs_depth = saved_abs
        closing = self.tok
        if closing.kind == TokenKind.COMMA:
            raise self.error("a function here takes one argument", closing.span,
                             hint="log(x) is the natural logarithm; write log_2(x) for base 2")
        if closing.kind != TokenKind.RPAREN:
            raise self.error(
                f"{opening.text!r} is never closed", Span(opening.start, opening.end),
                hint=f"add {_CLOSERS[opening.text]!r} at the right place",
            )
        if closing.text != _CLOSERS[opening.text]:
            raise self.error(
                f"{opening.text!r} is closed by {closing.text!r}", closing.span,
                hint=f"close it with {_CLOSERS[opening.text]!r}",
            )
        self.advance()
        self.depth -= 1
        # Keep the brackets in the span, so a caret (and the next token's adjacency) sees them.
        return Node(inner.op, Span(opening.start, closing.end), inner.value, inner.args, inner.text)

    def bars(self) -> Node:
        opening = self.advance()
        self.enter(opening.span)
        self.abs_depth += 1
        if self.at(TokenKind.BAR) and self._empty_bars():
            raise self.error("empty absolute value bars", Span(opening.start, self.tok.end))
        # A bar right after an opening bar opens too (||x| - 1|): empty bars mean nothing.
        inner = self.sum()
        if not self.at(TokenKind.BAR) or self.tok.text == "|l":
            raise self.error("'|' is never closed", opening.span, hint="write |x| or abs(x)")
        closing = self.advance()
        self.abs_depth -= 1
        self.depth -= 1
        return self.node("call", opening.start, closing.end, "abs", args=(inner,))

    def _empty_bars(self) -> bool:
        """Whether the bar at the current position closes the bars just opened (``||``)."""
        if self.tok.text == "|r":
            return True
        after = self.pieces[self.pos + 1]
        return after.kind in (TokenKind.END, TokenKind.RPAREN) or (after.kind == TokenKind.BAR and after.text != "|l") or (
            after.kind == TokenKind.OP and after.text not in "+-")

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)
