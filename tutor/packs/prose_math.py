"""Math in a pack's prose: backtick spans read as trees, derivative notation included, and checked.

A span such as `` `d/du u^{n} = {n} u^({n} - 1)` `` is read side by side (split at
"=") by ``tutor.parsing.prose``, which reads the derivative notation a hint needs but
an answer may not use (``d/dx u``, ``dy/dx``, ``f'(x)``, ``(x^n)'``, ``x̄``); here the
drawn values go in as trees (never as text).

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
from tutor.parsing.prose import BAR as _BAR
from tutor.parsing.prose import ProseMathError, SpanReader, read_span

__all__ = ["MATH_SPAN", "Definitions", "Equation", "math_sides", "check_equations", "false_equations",
           "misprinted_spans"]


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


class _Reader(SpanReader):
    """Reads one span of a pack's prose: drawn ``{placeholders}`` become stand-ins, marked as drawn."""

    def __init__(self, span: str, values: Mapping[str, Value], extra: Mapping[str, str]) -> None:
        super().__init__(span)
        self.values, self.extra = values, extra

    def placeholder(self, match: "re.Match[str]") -> str:
        from tutor.parsing import notation as M

        name = match.group(1)
        if name in self.values:
            return self.stand_in(_value_tree(self.values[name]), mark=True)
        if name in self.extra:
            return self.stand_in(M.read_tree(self.extra[name], epsilon=True), mark=True)
        known = ", ".join(sorted({*self.values, *self.extra})) or "none"
        raise TemplateError(f"unknown placeholder {{{name}}}", hint=f"known placeholders: {known}")


def math_sides(span: str, values: Mapping[str, Value], extra: Optional[Mapping[str, str]] = None) -> list[Any]:
    """The trees of a math span, one per side of its "=" signs, values substituted and tidied."""
    import unicodedata

    reader = _Reader(span, values, extra or {})
    # NFD: ā (one character) is a + a combining macron, like x̄
    text = PLACEHOLDER.sub(reader.placeholder, unicodedata.normalize("NFD", span))
    try:
        return read_span(text, reader)
    except ProseMathError as error:
        raise TemplateError(error.message, hint=error.hint) from None


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

    def __init__(self, known: Definitions, seed: int = 0, tangent: bool = False) -> None:
        # tangent: inside a pair's second part, where u' is any tangent (a value of its own)
        self.known, self.seed, self.tangent = known, seed, tangent

    def _special_node(self, node: Any) -> bool:
        if node.op in ("deriv", "rate", "apply", "pair"):
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
            if node.op in ("deriv", "rate", "apply", "var", "pair") and self._special_node(node):
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

        if node.op == "pair":  # ⟨u, u'⟩ is the dual number u + u' ε
            tangent = _Value(self.known, self.seed, tangent=True).of(node.args[1])
            return self.of(node.args[0]) + tangent * variable("ε")
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
        if self.tangent and base not in self.known.names and base not in self.known.functions:
            return variable(name)  # ⟨u, u'⟩ with u undefined: u' is any tangent
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
