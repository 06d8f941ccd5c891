"""Math written in prose: backtick spans read as trees, derivative notation included, and printed.

A sentence marks its math with backticks; the span is read as a tree and the one printer
(``tutor.parsing.printer``) writes it in the target being printed, so the same sentence is
``f′(g)·g′`` under unicode and ``f'(g) g'`` under ``--plain``:

    say("chain rule: inner derivative missing, `f'(g)` instead of `f'(g) g'`")

A span may use the notation a hint needs but an answer may not, read here before the
parser sees the rest:

    d/dx u, d²/dx² u, d^2/dx^2 u, ∂/∂x u, ∂²/∂y∂x u   an operator applied to the rest of its side
    dy/dx, ∂f/∂x, d²y/dx², ∂(x y)/∂x                  Leibniz's quotient as a factor
    f(x), f'(x), g''(2), f', y'                       a named function (f, g, h, y, F, G, H, L)
    (x^n)'                                            the derivative of a bracket, by the variable x
    x̄                                                 an adjoint: ∂(the graph's output)/∂x
    ⟨u, u'⟩, sin⟨u, u'⟩                               a dual number as a pair (value, tangent)

The printer's plain spellings read the same (``del/del x u``, ``del^2 f/(del y del x)``, ``xbar``,
``<u, u'>``), so what ``--plain`` prints re-reads as the same trees.

The mistake catalogue's titles, the rules' statements and the packs' prompts, hints and
feedback (``tutor.packs.prose_math``, which adds drawn ``{placeholders}``) are all read here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, Optional

__all__ = ["MATH_SPAN", "ProseMathError", "SpanReader", "read_span", "say"]

# Math in prose is marked with backticks: `e^({a} + ε) = e^{a} + e^{a} ε`.
MATH_SPAN = re.compile(r"`([^`]*)`")

# Stand-ins while a span is parsed: Greek letters no pack uses as a variable, each one bracketed.
_STAND_INS = "αβγδζηικλμνξρστυφχψωΓΔΘΛΞΠΣΦΨΩ"
_FUNCTION_NAMES = "fghyFGHL"
_SUPERSCRIPT = {"²": 2, "³": 3, "⁴": 4}
_ORDER = r"(?:\^(\d)|([²³⁴]))?"
_D = r"(d|∂)"
# d/dx REST, d²/dx² REST, ∂²/∂y∂x REST: an operator at the start of a side.
_OPERATOR = re.compile(rf"^{_D}{_ORDER}/((?:[d∂][A-Za-z]{_ORDER})+)(?=[\s(])\s*(.+)$", re.S)
_DENOMINATOR = re.compile(rf"[d∂]([A-Za-z]){_ORDER}")
# dy/dx, ∂f/∂x, d²y/dx², ∂²f/∂y∂x: a quotient of differentials standing for a derivative.
_RATE = re.compile(rf"(?<![A-Za-z]){_D}{_ORDER}([A-Za-z])/((?:[d∂][A-Za-z]{_ORDER})+)(?![A-Za-z(])")
# ∂(x y)/∂x: the derivative of a bracket written as a quotient.
_RATE_OF = re.compile(rf"(?<![A-Za-z]){_D}{_ORDER}\(")
_NAMED = re.compile(rf"(?<![A-Za-z])([{_FUNCTION_NAMES}])('*)(?=\()")
_PRIMED = re.compile(rf"(?<![A-Za-z])([{_FUNCTION_NAMES}])('+)(?![A-Za-z(])")
# x̄: the adjoint of x in reverse mode, ∂(the graph's output)/∂x.
BAR = "\u0304"
_ADJOINT = re.compile(rf"(?<![A-Za-z])([A-Za-z]){BAR}")
# u' inside a pair ⟨u, u'⟩: a tangent, whatever its name
_TANGENT = re.compile(r"(?<![A-Za-z])([A-Za-z])('+)(?![A-Za-z(])")
# The plain target's ASCII spellings: del (∂) in operators and quotients, xbar (x̄), <u, u'> (⟨u, u'⟩).
_PLAIN_PARTIAL = re.compile(r"(?<![A-Za-z])del(?:\^(\d))?(?: ([A-Za-z]))?/(\()?((?:del [A-Za-z](?:\^\d)? ?)+)(?(3)\))")
_PLAIN_BAR = re.compile(r"(?<![A-Za-z])([A-Za-z])bar(?![A-Za-z])")
_PLAIN_PAIR = re.compile(r"<([^<>=]*,[^<>=]*)>")



class SpanReader:
    """Reads one span: derivative notation (and a subclass's placeholders) become bracketed stand-in letters."""

    def __init__(self, span: str) -> None:
        self.span = span
        self.stand_ins: dict[str, Any] = {}

    def stand_in(self, tree: Any, *, mark: bool = False) -> str:
        from tutor.parsing import notation as M

        if len(self.stand_ins) >= len(_STAND_INS):
            raise ProseMathError(f"math `{self.span}` is too long for one span", hint="split it into two spans")
        letter = _STAND_INS[len(self.stand_ins)]
        self.stand_ins[letter] = M.drawn(tree) if mark else tree
        return f"({letter})"

    def tree(self, text: str) -> Any:
        """The tree of ``text`` (placeholders already stand-ins), derivative notation included."""
        from tutor.parsing import notation as M

        text = self._pairs(text.strip())
        operator = _OPERATOR.match(text)
        if operator:
            names = _names(operator.group(4))
            return M.deriv(names, self.tree(operator.group(7)), operator.group(1) == "∂")
        text = self._brackets(text)
        text = _RATE.sub(lambda m: self.stand_in(M.rate(m.group(4), _names(m.group(5)), m.group(1) == "∂")), text)
        text = self._named(text)
        text = _PRIMED.sub(lambda m: self.stand_in(M.var(m.group(1) + m.group(2))), text)
        text = _ADJOINT.sub(lambda m: self.stand_in(M.var(m.group(1) + BAR)), text)
        try:
            tree = M.read_tree(text, epsilon=True)
        except Exception as exc:  # a ParseError: the pack's math is not in the input language
            raise ProseMathError(f"math `{self.span}` does not parse: {getattr(exc, 'message', exc)}",
                                 hint="math in backticks is written in the input language "
                                      "(docs/input-language.md) or derivative notation (d/dx u, dy/dx, f'(x))")
        return M.substitute(tree, self.stand_ins)

    def _pairs(self, text: str) -> str:
        """⟨u, u'⟩: a dual number as a pair (value, tangent), innermost first."""
        from tutor.parsing import notation as M
        from tutor.parsing.tree import Node

        while "⟩" in text:
            close = text.index("⟩")
            open_ = text.rfind("⟨", 0, close)
            parts = _split_commas(text[open_ + 1:close]) if open_ >= 0 else []
            if len(parts) != 2:
                raise ProseMathError(f"math `{self.span}`: a pair ⟨value, tangent⟩ has two parts")
            parts = [_TANGENT.sub(lambda m: self.stand_in(M.var(m.group(1) + m.group(2))), p) for p in parts]
            pair = Node("pair", M.NOWHERE, args=tuple(self.tree(p) for p in parts))
            text = text[:open_] + self.stand_in(pair) + text[close + 1:]
        return text

    def _brackets(self, text: str) -> str:
        """∂(x y)/∂x and (x^n)': the derivative of a bracket."""
        from tutor.parsing import notation as M

        while True:
            quotient = _RATE_OF.search(text)
            if quotient:
                close = _closing(text, quotient.end() - 1)
                rest = re.match(rf"/((?:[d∂][A-Za-z]{_ORDER})+)", text[close + 1:]) if close else None
                if rest and close:
                    inner = self.tree(text[quotient.end():close])
                    tree = M.deriv(_names(rest.group(1)), inner, quotient.group(1) == "∂")
                    text = text[:quotient.start()] + self.stand_in(tree) + text[close + 1 + rest.end():]
                    continue
            prime = re.search(r"\)('+)", text)
            if prime:
                close = prime.start()
                open_ = _opening(text, close)
                if open_ is not None and not re.search(r"[A-Za-z]$", text[:open_]):
                    tree = self.tree(text[open_ + 1:close])
                    tree = M.deriv(["x"] * len(prime.group(1)), tree)
                    text = text[:open_] + self.stand_in(tree) + text[prime.end():]
                    continue
            return text

    def _named(self, text: str) -> str:
        """f(x), f'(x), g(2): a named function at its points (innermost first: f'(g(x)))."""
        from tutor.parsing import notation as M

        while True:
            found = None
            for match in _NAMED.finditer(text):
                close = _closing(text, match.end())
                if close is not None and not _NAMED.search(text[match.end():close]):
                    found = (match, close)
                    break
            if found is None:
                return text
            match, close = found
            points = [self.tree(p) for p in _split_commas(text[match.end() + 1:close])]
            tree = M.apply(match.group(1) + match.group(2), *points)
            text = text[:match.start()] + self.stand_in(tree) + text[close + 1:]


def _names(denominator: str) -> list[str]:
    """dx² -> [x, x]; ∂y∂x -> [x, y] (the first differentiated first: the rightmost)."""
    names: list[str] = []
    for name, power, superscript in _DENOMINATOR.findall(denominator):
        names += [name] * (int(power) if power else _SUPERSCRIPT.get(superscript, 1))
    return names[::-1]


def _closing(text: str, open_: int) -> Optional[int]:
    depth = 0
    for i in range(open_, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return None


def _opening(text: str, close: int) -> Optional[int]:
    depth = 0
    for i in range(close, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return None


def _split_commas(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return parts + [text[start:]]


class ProseMathError(ValueError):
    """A backtick span that is not math: ``message`` says which and why, ``hint`` how to write it."""

    def __init__(self, message: str, *, hint: Optional[str] = None) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def read_span(span: str, reader: Optional[SpanReader] = None) -> list[Any]:
    """The trees of a math span, one per side of its "=" signs (tidied: ``1·2x`` is ``2x``).

    ``reader`` reads it (a ``SpanReader`` of ``span``, or a subclass that has already put
    stand-ins for placeholders into ``reader.span``'s text, given here as ``span``).
    """
    from tutor.parsing import notation as M

    reader = reader if reader is not None else SpanReader(span)
    # NFD: ā (one character) is a + a combining macron, like x̄
    text = _from_plain(unicodedata.normalize("NFD", span))
    return [M.tidy(reader.tree(side)) for side in text.split("=")]


def _from_plain(text: str) -> str:
    """The plain target's ASCII spellings as the unicode ones: del f/del x -> ∂f/∂x, xbar -> x̄, <u, v> -> ⟨u, v⟩."""
    def partial(m: "re.Match[str]") -> str:
        order = f"^{m.group(1)}" if m.group(1) else ""
        bottom = "".join("∂" + d[4:] for d in re.findall(r"del [A-Za-z](?:\^\d)?", m.group(4)))
        return f"∂{order}{m.group(2) or ''}/{bottom} "

    text = _PLAIN_PARTIAL.sub(partial, text)
    text = _PLAIN_BAR.sub(lambda m: m.group(1) + BAR, text)
    return _PLAIN_PAIR.sub(lambda m: f"⟨{m.group(1)}⟩", text)


@functools.lru_cache(maxsize=1024)  # a title or a rule's statement is said again and again
def _said(text: str, target: str) -> str:
    from tutor.parsing import notation as M
    from tutor.parsing.printer import show

    def printed(match: "re.Match[str]") -> str:
        sides = read_span(match.group(1))
        return show(sides[0] if len(sides) == 1 else M.eq(*sides), target)

    return MATH_SPAN.sub(printed, text)


def say(text: str, target: str = "") -> str:
    """``text`` with each backtick span printed in ``target`` (the current one when none is named);
    the words around the spans are kept as written. A span that is not math is a ``ProseMathError``."""
    from tutor.parsing.printer import current_target

    return _said(text, target or current_target())
