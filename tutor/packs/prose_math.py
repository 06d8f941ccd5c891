"""Math in a pack's prose: backtick spans read as trees, derivative notation included, and checked.

A span such as `` `d/du u^{n} = {n} u^({n} - 1)` `` is read side by side (split at
"="): drawn values go in as trees (never as text), and the notation a hint needs
but an answer may not use is read here, before the parser sees the rest:

    d/dx u, d²/dx² u, d^2/dx^2 u, ∂/∂x u, ∂²/∂y∂x u   an operator applied to the rest of its side
    dy/dx, ∂f/∂x, d²y/dx², ∂(x y)/∂x                  Leibniz's quotient as a factor
    f(x), f'(x), g''(2), f', y'                       a named function (f, g, h, y, F, G, H, L)
    (x^n)'                                            the derivative of a bracket, by the variable x
    x̄                                                 an adjoint: ∂(the graph's output)/∂x

``check_equations`` decides every ``A = B`` of a text. An equation whose left side is
a bare name (``u = 3x``) or a function (``f(x) = x^2``) defines that name for the rest
of the exercise (``Definitions``, shared by prompt, hints and feedback in order); the
drawn parameters are defined too. ``dy/du`` is then the derivative of y's definition,
and undefined f, g stand for arbitrary functions (``(f g)' = f' g + f g'`` is proved
with stand-in functions). Sides are compared at random points (with ε: value and ε part).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from tutor.packs.placeholders import MATH_SPAN, PLACEHOLDER, TemplateError, Value

__all__ = ["MATH_SPAN", "Definitions", "Equation", "math_sides", "check_equations", "false_equations",
           "misprinted_spans"]

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
_BAR = "\u0304"
_ADJOINT = re.compile(rf"(?<![A-Za-z])([A-Za-z]){_BAR}")


@dataclass
class Definitions:
    """What an exercise's text has defined so far: names (u = 3x) and functions (f(x) = x²)."""

    names: dict[str, Any] = field(default_factory=dict)  # name -> SymPy value
    functions: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # f -> (parameter symbol, value)
    variable: str = "x"  # what a bare prime differentiates by
    output: Optional[str] = None  # the node an adjoint x̄ is the derivative of (a graph's last node)
    rates: dict[tuple[str, str], Any] = field(default_factory=dict)  # (y, x) -> dy/dx on a curve F(x, y) = 0


@dataclass(frozen=True)
class Equation:
    """One ``A = B`` of a text: where (offset of its span), as printed, and whether it holds
    (``None``: it could not be decided, e.g. a side outside every sample point's domain)."""

    offset: int
    printed: str
    holds: Optional[bool]


def _value_tree(value: Value) -> Any:
    from fractions import Fraction

    from tutor.parsing import notation as M

    if isinstance(value, (int, Fraction)):
        return M.num(value)
    return M.read_tree(str(value), epsilon=True)


class _Reader:
    """Reads one span: placeholders and derivative notation become bracketed stand-in letters."""

    def __init__(self, span: str, values: Mapping[str, Value], extra: Mapping[str, str]) -> None:
        self.span, self.values, self.extra = span, values, extra
        self.stand_ins: dict[str, Any] = {}

    def stand_in(self, tree: Any, *, mark: bool = False) -> str:
        from tutor.parsing import notation as M

        if len(self.stand_ins) >= len(_STAND_INS):
            raise TemplateError(f"math `{self.span}` is too long for one span", hint="split it into two spans")
        letter = _STAND_INS[len(self.stand_ins)]
        self.stand_ins[letter] = M.drawn(tree) if mark else tree
        return f"({letter})"

    def placeholder(self, match: "re.Match[str]") -> str:
        from tutor.parsing import notation as M

        name = match.group(1)
        if name in self.values:
            return self.stand_in(_value_tree(self.values[name]), mark=True)
        if name in self.extra:
            return self.stand_in(M.read_tree(self.extra[name], epsilon=True), mark=True)
        known = ", ".join(sorted({*self.values, *self.extra})) or "none"
        raise TemplateError(f"unknown placeholder {{{name}}}", hint=f"known placeholders: {known}")

    def tree(self, text: str) -> Any:
        """The tree of ``text`` (placeholders already stand-ins), derivative notation included."""
        from tutor.parsing import notation as M

        text = text.strip()
        operator = _OPERATOR.match(text)
        if operator:
            names = _names(operator.group(4))
            return M.deriv(names, self.tree(operator.group(7)), operator.group(1) == "∂")
        text = self._brackets(text)
        text = _RATE.sub(lambda m: self.stand_in(M.rate(m.group(4), _names(m.group(5)), m.group(1) == "∂")), text)
        text = self._named(text)
        text = _PRIMED.sub(lambda m: self.stand_in(M.var(m.group(1) + m.group(2))), text)
        text = _ADJOINT.sub(lambda m: self.stand_in(M.var(m.group(1) + _BAR)), text)
        try:
            tree = M.read_tree(text, epsilon=True)
        except Exception as exc:  # a ParseError: the pack's math is not in the input language
            raise TemplateError(f"math `{self.span}` does not parse: {getattr(exc, 'message', exc)}",
                                hint="math in backticks is written in the input language "
                                     "(docs/input-language.md) or derivative notation (d/dx u, dy/dx, f'(x))")
        return M.substitute(tree, self.stand_ins)

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


def math_sides(span: str, values: Mapping[str, Value], extra: Optional[Mapping[str, str]] = None) -> list[Any]:
    """The trees of a math span, one per side of its "=" signs, values substituted and tidied."""
    from tutor.parsing import notation as M

    import unicodedata

    reader = _Reader(span, values, extra or {})
    # NFD: ā (one character) is a + a combining macron, like x̄
    text = PLACEHOLDER.sub(reader.placeholder, unicodedata.normalize("NFD", span))
    return [M.tidy(reader.tree(side)) for side in text.split("=")]


def check_equations(text: str, values: Mapping[str, Value], extra: Optional[Mapping[str, str]] = None,
                    known: Optional[Definitions] = None) -> list[Equation]:
    """Every ``A = B`` in backticks of ``text``, decided; definitions (``u = 3x``) go into ``known``."""
    from tutor.parsing import notation as M
    from tutor.parsing.printer import show

    known = known if known is not None else Definitions()
    for name, value in values.items():
        if name not in known.names and re.fullmatch(r"[A-Za-z]", name):
            known.names[name] = _Value(known).of(_value_tree(value))
    out = []
    for match in MATH_SPAN.finditer(text):
        sides = math_sides(match.group(1), values, extra)
        if len(sides) >= 2 and _defines(sides[0], sides[1], known):
            sides = sides[1:]  # "u = 3(0 + ε) = 3ε" defines u: only the rest is an equation
        for left, right in zip(sides, sides[1:]):
            out.append(Equation(match.start(), show(M.eq(left, right)), _equal(left, right, known)))
    return out


def false_equations(text: str, values: Mapping[str, Value], extra: Optional[Mapping[str, str]] = None,
                    known: Optional[Definitions] = None) -> list[tuple[int, str]]:
    """(offset in ``text``, the equation as printed) for each ``A = B`` in backticks that is false."""
    return [(e.offset, e.printed) for e in check_equations(text, values, extra, known) if e.holds is False]


def misprinted_spans(text: str, values: Mapping[str, Value], extra: Optional[Mapping[str, str]] = None
                     ) -> list[tuple[int, str]]:
    """(offset, printed) for each backtick span whose printed form reads back as other math (the printer
    has no brackets for it: a derivative inside a product or a quotient, ``x² d/dx y²``, ``−1/dy/dx``)."""
    from tutor.parsing import notation as M
    from tutor.parsing.printer import show

    out = []
    for match in MATH_SPAN.finditer(text):
        sides = math_sides(match.group(1), values, extra)
        printed = show(sides[0] if len(sides) == 1 else M.eq(*sides))
        try:
            again = math_sides(printed, {})
        except TemplateError:
            again = []
        if len(again) != len(sides) or not all(M.same(a, b) for a, b in zip(sides, again)):
            out.append((match.start(), printed))
    return out


def _defines(left: Any, right: Any, known: Definitions) -> bool:
    """Record ``name = value`` or ``f(x) = value``; whether the left side was such a definition."""
    from tutor.parsing import variable

    try:
        if left.op == "var" and "'" not in str(left.value) and _BAR not in str(left.value):
            known.names[str(left.value)] = _Value(known).of(right)
            known.functions.pop(str(left.value), None)
            return True
        if left.op == "apply" and "'" not in str(left.value) and len(left.args) == 1 and left.args[0].op == "var":
            parameter = str(left.args[0].value)
            known.functions[str(left.value)] = (variable(parameter), _Value(known).of(right))
            known.names.pop(str(left.value), None)
            known.variable = parameter
            return True
    except _Undecided:
        return left.op in ("var", "apply")
    return False


class _Undecided(Exception):
    """A side this check cannot give a value to (nothing is claimed about it)."""


# Undefined f, g, h stand for arbitrary functions: each is replaced by one of these (another one
# for the second comparison), so a rule such as (f g)' = f' g + f g' is checked at sample points.
_ARBITRARY = "fgh"


def _stand_in_function(index: int, s: Any) -> Any:
    """The index-th concrete stand-in for an arbitrary function, as an expression in ``s``."""
    import sympy

    r = sympy.Rational
    bodies = (sympy.sin(r(13, 10) * s) + s**2 / 3 + 2, sympy.exp(r(7, 10) * s) + s / 5 + 1,
              s**3 / 7 - sympy.cos(s) + 3, sympy.log(s**2 + 2) + r(3, 2), sympy.atan(s) + s**2 / 4 + 1)
    return bodies[index % len(bodies)]


class _Value:
    """The SymPy value of a display tree under ``known`` (derivatives taken, names kept)."""

    def __init__(self, known: Definitions, seed: int = 0) -> None:
        self.known, self.seed = known, seed

    def _special_node(self, node: Any) -> bool:
        if node.op in ("deriv", "rate", "apply"):
            return True
        name = str(node.value) if node.op == "var" else ""
        return "'" in name or _BAR in name or name in _ARBITRARY and name not in self.known.names

    def of(self, tree: Any) -> Any:
        import sympy

        from tutor.parsing import notation as M
        from tutor.parsing import variable
        from tutor.parsing.tree import Node

        computed: dict[str, Any] = {}

        def walk(node: Node) -> Node:
            if node.op in ("deriv", "rate", "apply", "var") and self._special_node(node):
                name = f"q{len(computed)}"
                computed[name] = self._special(node)
                return M.var(name)
            if not node.args:
                return node
            return Node(node.op, node.span, node.value, tuple(walk(a) for a in node.args), node.text)

        try:
            value = M.to_sympy(walk(tree))
        except _Undecided:
            raise
        except Exception as exc:  # noqa: BLE001 - a side the parser's caps refuse
            raise _Undecided(str(exc)) from None
        return value.subs({variable(k): v for k, v in computed.items()}) if computed else value

    def _special(self, node: Any) -> Any:
        from tutor.parsing import variable

        if node.op == "deriv":
            names, _ = node.value
            return self._diff(self.of(node.args[0]), names)
        if node.op == "rate":
            of, names, _ = node.value
            if len(names) == 1 and (of, names[0]) in self.known.rates:  # dy/dx on a curve: −F_x/F_y
                return self.known.rates[(of, names[0])]
            return self._diff(variable(of) if of in names else self._named(of), names)  # ∂g/∂g = 1
        name = str(node.value)
        if _BAR in name:  # x̄ = ∂(output)/∂x
            if self.known.output is None:
                raise _Undecided(f"{name}: no graph output to be the adjoint of")
            output = self.known.output
            return self._diff(variable(output) if name[0] == output else self._named(output), [name[0]])
        base, order = name.rstrip("'"), len(name) - len(name.rstrip("'"))
        points = [self.of(a) for a in node.args] if node.op == "apply" else []
        if base in self.known.functions:
            parameter, body = self.known.functions[base]
        else:
            parameter, body = variable(self.known.variable), self._named(base)
        value = self._diff(body, [str(parameter)] * order) if order else body
        return value.subs(parameter, points[0]) if points else value

    def _named(self, name: str) -> Any:
        """A name's definition, or an arbitrary function of the variable."""
        import sympy

        from tutor.parsing import variable

        if name in self.known.names:
            return self.known.names[name]
        if name in self.known.functions:
            return self.known.functions[name][1]
        if name in _ARBITRARY:
            return _stand_in_function(_ARBITRARY.index(name) + 2 * self.seed, variable(self.known.variable))
        raise _Undecided(f"{name} is not defined")

    def _diff(self, value: Any, names: list[str]) -> Any:
        """``value`` differentiated by ``names`` in turn, every other defined name written out first."""
        from tutor.parsing import variable

        value = _written_out(value, self.known, keep=set(names) | {of for of, _ in self.known.rates})
        for name in names:
            total = value.diff(variable(name))
            for (of, wrt), rate in self.known.rates.items():  # y on a curve is y(x): d/dx y² = 2y·dy/dx
                if wrt == name:
                    total += value.diff(variable(of)) * rate
            value = total
        return value


def _written_out(value: Any, known: Definitions, keep: set[str] = frozenset()) -> Any:  # type: ignore[assignment]
    """``value`` with every defined name (except ``keep``) replaced by its definition."""
    from tutor.parsing import variable

    for _ in range(6):  # definitions refer to earlier ones: a few rounds reach the bottom
        subs = {variable(k): v for k, v in known.names.items() if k not in keep and value.has(variable(k))}
        if not subs:
            break
        value = value.subs(subs)
    return value


def _equal(left: Any, right: Any, known: Definitions) -> Optional[bool]:
    """Whether two trees have the same value (same value and ε part when ε occurs); None: undecided."""
    import sympy

    from tutor.parsing import variable

    eps = variable("ε")
    decided = None
    for seed in (0, 1):  # arbitrary functions f, g, h: two different stand-ins
        try:
            values = _Value(known, seed)
            difference = _written_out(values.of(left) - values.of(right), known)
        except _Undecided:
            return None
        parts = [difference]
        if difference.has(eps):  # a + bε = c + dε exactly when a = c and b = d
            parts = [difference.subs(eps, 0), sympy.diff(difference, eps).subs(eps, 0)]
        for part in parts:
            verdict = _zero_at_points(part)
            if verdict is False:
                return False
            if verdict:
                decided = True
        if not any(name in _ARBITRARY for name in _names_used(left) | _names_used(right)):
            break
    return decided


def _names_used(tree: Any) -> set[str]:
    found, stack = set(), [tree]
    while stack:
        node = stack.pop()
        if node.op in ("var", "apply"):
            found.add(str(node.value).rstrip("'"))
        elif node.op == "rate":
            found.add(str(node.value[0]))
        stack.extend(node.args)
    return found


def _zero_at_points(part: Any) -> Optional[bool]:
    """Whether ``part`` is 0 at three random points (None: no point where it has a value)."""
    import sympy

    rng = random.Random(0)
    names = sorted(part.free_symbols, key=lambda s: s.name)
    seen = 0
    for _ in range(8):
        point = {s: sympy.Rational(rng.randint(300, 2700), 1000) for s in names}  # exact: no cancellation
        try:
            value = complex(part.evalf(30, subs=point))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if value != value or abs(value) == float("inf"):  # nan: outside the domain
            continue
        if abs(value) > 1e-9:
            return False
        seen += 1
        if seen >= 3:
            return True
    return True if seen else None
