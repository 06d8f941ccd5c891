"""Answer prefixes: ``dy/dx = 2x``, ``f'(x) = …``, ``\\frac{\\partial f}{\\partial x} = …``.

Students write the derivative's name before the answer. When the reader knows
which derivative was asked for (``read(..., wrt=("x",))``), a prefix that names
it is dropped with a note, and one that names another derivative (``dy/dt =``
when d/dx was asked for) is refused, naming both. Without ``wrt`` the ``=`` is
refused as before (an answer is an expression, not an equation).

The left side is recognised on its tokens (after LaTeX), compacted to text,
one pattern per notation (``NOTATIONS``): Leibniz (``dy/dx``, ``d^2y/dx^2``,
``∂f/∂x``, ``∂²f/∂x∂y``), the operator (``d/dx(x^2)``, ``d/dx x^2``),
Lagrange (``y'``, ``f'(x)``, ``f''(t)``) and subscripts (``f_x``, ``f_{xy}``).
Also here: ``derivative_request``, which refuses derivative notation in the
answer itself (``d/dx x^2``, ``\\frac{d}{dx}x^2``): a request, not a result.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from tutor.errors import Span
from tutor.parsing.errors import ParseError
from tutor.parsing.tokens import Token, TokenKind

__all__ = ["Prefix", "split_prefix", "named_prefix", "derivative_request", "asked_text"]

_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class Prefix:
    """What the left side of ``=`` names: a derivative with respect to ``variables`` (in order)."""

    notation: str  # "Leibniz", "operator", "Lagrange", "subscript"
    variables: tuple[str, ...]  # () when the notation does not say (y'), else one name per order
    order: int


def _compact(tokens: Sequence[Token]) -> str:
    """The tokens' texts without spaces; brackets as ( ); d², ^(2) and ^{2} as ^2."""
    parts = []
    for tok in tokens:
        if tok.kind == TokenKind.LPAREN:
            parts.append("(")
        elif tok.kind == TokenKind.RPAREN:
            parts.append(")")
        else:
            parts.append(tok.text)
    text = "".join(parts)
    text = re.sub(r"\^\((\d+)\)", r"^\1", text)
    return re.sub(r"\^\(?('+)\)?", r"\1", text)  # f^{\prime} -> f'


_NAME = r"[^\W\d_][^\W_]*?"
# A variable in a Leibniz denominator has no "d" (dθ, dx, dt): dxdy then splits one way only.
_VAR = r"[^\W\d_d][^\W_d]*"


def _leibniz(text: str) -> Optional[Prefix]:
    """dy/dx, d^2y/dx^2, ∂f/∂x, ∂^2f/∂x∂y, d/dx (…) — brackets removed first (\\frac{dy}{dx})."""
    flat = text.replace("(", "").replace(")", "")
    match = re.fullmatch(rf"([d∂])(?:\^(\d+))?({_NAME})?/((?:[d∂]{_VAR}(?:\^\d+)?)+)", flat)
    if match is None:
        return None
    order_text, denominator = match.group(2), match.group(4)
    variables: list[str] = []
    for var, power in re.findall(rf"[d∂]({_VAR})(?:\^(\d+))?", denominator):
        variables += [var] * int(power or 1)
    if not variables:
        return None
    order = int(order_text) if order_text else 1
    if order != len(variables):
        return Prefix("Leibniz", tuple(variables), -order)  # d^2y/dx: inconsistent, refused below
    return Prefix("Leibniz", tuple(variables), order)


def _lagrange(text: str) -> Optional[Prefix]:
    """y', f'(x), f''(t), y'''."""
    match = re.fullmatch(rf"\(?({_NAME})('+)\)?(?:\(([^()]*)\))?", text)
    if match is None:
        return None
    arguments = tuple(a for a in (match.group(3) or "").split(",") if a)
    return Prefix("Lagrange", arguments, len(match.group(2)))


def _subscript(text: str) -> Optional[Prefix]:
    """f_x, f_{xy}, f_xx(x, y): the variables are the letters of the subscript."""
    match = re.fullmatch(rf"({_NAME})_\(?([^\W\d_]+)\)?(?:\(([^()]*)\))?", text)
    if match is None:
        return None
    return Prefix("subscript", tuple(match.group(2)), len(match.group(2)))


def _operator(tokens: Sequence[Token]) -> Optional[Prefix]:
    """d/dx (…), d/dx x^2, \\frac{d}{dx}\\left(…\\right): the operator applied to something."""
    end = _operator_end(tokens, 0)
    if end is None or end >= len(tokens):
        return None
    return _leibniz(_compact(tokens[:end]))


def _operator_end(tokens: Sequence[Token], i: int) -> Optional[int]:
    """End of ``d/dx`` (with any brackets of \\frac) starting at tokens[i], or None."""
    n = i
    while n < len(tokens) and tokens[n].kind == TokenKind.LPAREN:
        n += 1
    if n >= len(tokens) or not (tokens[n].kind == TokenKind.PARTIAL or tokens[n].kind == TokenKind.WORD and tokens[n].text == "d"):
        return None
    n += 1
    if n + 1 < len(tokens) and tokens[n].text == "^" and tokens[n + 1].kind == TokenKind.NUM:
        n += 2
    while n < len(tokens) and tokens[n].kind == TokenKind.RPAREN:
        n += 1
    if not (n < len(tokens) and tokens[n].text == "/"):
        return None
    n += 1
    while n < len(tokens) and tokens[n].kind == TokenKind.LPAREN:
        n += 1
    seen = False
    while n < len(tokens) and (tokens[n].kind == TokenKind.PARTIAL or tokens[n].kind == TokenKind.WORD and tokens[n].text.startswith("d")):
        seen = True
        n += 1
        if tokens[n - 1].text in ("d", "∂") and n < len(tokens) and tokens[n].kind == TokenKind.WORD:
            n += 1  # \mathrm{d}x, d x
        if n + 1 < len(tokens) and tokens[n].text == "^" and tokens[n + 1].kind == TokenKind.NUM:
            n += 2
    if not seen:
        return None
    while n < len(tokens) and tokens[n].kind == TokenKind.RPAREN and tokens[n].text == ")" and _closes_frac(tokens, n):
        n += 1
    return n


def _closes_frac(tokens: Sequence[Token], n: int) -> bool:
    """Whether the ')' at n closes a bracket opened before the operator (not the start of its argument)."""
    depth = 0
    for tok in tokens[:n]:
        depth += tok.kind == TokenKind.LPAREN
        depth -= tok.kind == TokenKind.RPAREN
    return depth > 0


NOTATIONS = (_leibniz, _lagrange, _subscript)
# Tokens on the left of "=" worth reading as a prefix: \frac{\partial^2 f}{\partial x \partial y}
# has 15; d/dx(...) carries the function, which may be longer.
_LONGEST_PREFIX = 80


def _read_left(tokens: Sequence[Token]) -> Optional[Prefix]:
    if len(tokens) > _LONGEST_PREFIX:
        return None
    operator = _operator(tokens)
    if operator is not None:
        return operator
    text = _compact(tokens)
    for notation in NOTATIONS:
        prefix = notation(text)
        if prefix is not None:
            return prefix
    return None


def asked_text(wrt: Sequence[str]) -> str:
    """d/dx, d²/dx², ∂²/∂x∂y: the derivative asked for, as a person writes it."""
    counts = Counter(wrt)
    partial = len(counts) > 1
    d = "∂" if partial else "d"
    order = len(wrt)
    top = d + (str(order).translate(_SUPERSCRIPT_DIGITS) if order > 1 else "")
    bottom = "".join(f"{d}{v}" + (str(k).translate(_SUPERSCRIPT_DIGITS) if k > 1 else "") for v, k in counts.items())
    return f"{top}/{bottom}"


def _named_text(prefix: Prefix) -> str:
    if prefix.variables and prefix.notation != "Lagrange":
        return asked_text(prefix.variables)
    if prefix.notation == "Lagrange":
        order = {1: "first", 2: "second", 3: "third"}.get(prefix.order, f"order-{prefix.order}")
        return f"a {order} derivative" + (f" in {', '.join(prefix.variables)}" if prefix.variables else "")
    return "a derivative"


def _matches(prefix: Prefix, wrt: Sequence[str], same: Callable[[str, str], bool]) -> bool:
    if prefix.order != len(wrt):
        return False
    if prefix.notation == "Lagrange":
        # y'' names the order only; f'(x) also names the variable, which must be the one asked for
        return len(set(wrt)) == 1 and (not prefix.variables or any(same(v, wrt[0]) for v in prefix.variables))
    return Counter(prefix.variables) == Counter(wrt)


def named_prefix(source: str) -> Optional[Prefix]:
    """The derivative that the left side of ``source``'s one ``=`` names (``dy/dx = …``), else None.

    For readers of other answer forms (an implicit derivative may also be written
    ``y = …``-free, ``L(x) = …``): they hand a prefixed answer to ``read(…, wrt=…)``.
    """
    from tutor.parsing.latex import lex

    try:
        tokens = lex(source)
    except ParseError:
        return None
    equals = [i for i, tok in enumerate(tokens) if tok.kind == TokenKind.EQUALS]
    if len(equals) != 1 or equals[0] == 0:
        return None
    return _read_left(tokens[: equals[0]])


def split_prefix(tokens: list[Token], source: str, wrt: Optional[Sequence[str]],
                 canonical: Callable[[str], str]) -> tuple[list[Token], Optional[str]]:
    """(the tokens of the answer, a note) with a prefix naming the derivative asked for dropped.

    ``canonical`` maps a spelling to the variable's name (theta -> θ). Without ``wrt``,
    or without ``=``, the tokens are returned unchanged (the parser refuses an ``=``).
    """
    equals = [i for i, tok in enumerate(tokens) if tok.kind == TokenKind.EQUALS]
    if len(equals) != 1 or equals[0] == 0:
        return tokens, None
    at = equals[0]
    left, right = tokens[:at], tokens[at + 1:]
    prefix = _read_left(left)
    left_text = source[left[0].start:tokens[at].end].strip()
    span = Span(left[0].start, tokens[at].end)
    if not wrt:
        if prefix is None:
            return tokens, None  # the parser refuses the "=" (an answer is not an equation)
        raise ParseError(
            f"'{left_text}' names a derivative, and which one was asked for is not known here", span, source,
            hint="type only the expression after the =",
        )
    asked = asked_text(wrt)
    if prefix is None:
        raise ParseError(
            f"'{left_text}' does not name a derivative: an answer is an expression, not an equation", span, source,
            hint=f"type only the right-hand side (or start with the derivative asked for, {asked} =)",
        )
    variables = tuple(canonical(v) for v in prefix.variables)
    named = Prefix(prefix.notation, variables, prefix.order)
    if not _matches(named, wrt, lambda a, b: a == b):
        raise ParseError(
            f"the answer starts with {left_text} ({_named_text(named)}), but the question asks for {asked}",
            span, source, hint=f"type the derivative {asked} after the =, or leave out the prefix",
        )
    if not right:
        raise ParseError("the answer after '=' is missing", Span(tokens[at].start, tokens[at].end), source,
                         hint=f"type the derivative after {left_text}, e.g. {left_text} 2x")
    first = right[0]
    right[0] = Token(first.kind, first.text, first.start, first.end, True)
    return right, f"'{left_text}' names the derivative asked for and is left out"


def derivative_request(tokens: Sequence[Token], i: int, source: str) -> None:
    """d/dx x^2, dy/dx, \\frac{d}{dx} at tokens[i]: derivative notation is a request, not a result."""
    tok = tokens[i]
    if tok.kind == TokenKind.WORD and tok.text[0] == "d" and len(tok.text) <= 2 and (
            i == 0 or tokens[i - 1].kind != TokenKind.WORD or tokens[i - 1].end != tok.start):
        end = _quotient_end(tokens, i)
        if end is not None:
            raise _request(Span(tok.start, tokens[end - 1].end), source)


def _quotient_end(tokens: Sequence[Token], i: int) -> Optional[int]:
    """End of d/dx or dy/dx (brackets of \\frac allowed) starting with the word at i, or None."""
    n = i + 1
    if n + 1 < len(tokens) and tokens[n].text == "^" and tokens[n + 1].kind == TokenKind.NUM:
        n += 2
    if len(tokens[i].text) == 1 and n < len(tokens) and tokens[n].kind == TokenKind.WORD and tokens[n].start == tokens[n - 1].end:
        n += 1  # d y / d x
    while n < len(tokens) and tokens[n].kind == TokenKind.RPAREN:
        n += 1
    if not (n < len(tokens) and tokens[n].kind == TokenKind.OP and tokens[n].text == "/"):
        return None
    n += 1
    while n < len(tokens) and tokens[n].kind == TokenKind.LPAREN:
        n += 1
    if n < len(tokens) and tokens[n].kind == TokenKind.WORD and tokens[n].text.startswith("d") and (
            len(tokens[n].text) >= 2 or n + 1 < len(tokens) and tokens[n + 1].kind == TokenKind.WORD):
        return n + 1
    return None


def _request(span: Span, source: str) -> ParseError:
    return ParseError(
        "derivative notation: an answer must be an expression, not a request for one", span, source,
        hint="work out the derivative and type the result, e.g. 2x*cos(x^2)",
    )
