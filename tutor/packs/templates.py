"""Templates: parameters drawn from a seed and substituted as ``{name}`` placeholders.

A parameter is an integer range, a rational range or a choice of math
strings. ``draw`` takes them from ``random.Random(seed)`` (the same seed gives
the same exercise, another seed another one) and redraws until every
constraint holds. ``fill`` substitutes the drawn values into a field's text:
in math fields a value is bracketed when it could bind wrongly (``x^{n}`` with
n = -2 gives ``x^(-2)``; ``{a}{b}`` gives ``3*4``, never ``34``), and the
result is then parsed by ``tutor.parsing`` like anything a person typed.
Nothing is ever evaluated as code.
"""

from __future__ import annotations

import functools
import random
import re
from fractions import Fraction
from typing import Mapping, Optional, Union

from tutor.packs.model import Param
from tutor.packs.placeholders import MATH_SPAN, PLACEHOLDER, TemplateError, Value

__all__ = ["TemplateError", "Value", "draw", "fill", "prose_text", "placeholders", "check_constraint",
           "MAX_TRIES",
           "MATH_SPAN"]

MAX_POOL = 10_000  # above this many integers a range is sampled, not listed (listing 10^32 values never ends)
MAX_TRIES = 500  # redraws before a constraint is declared unsatisfiable; 500 misses means < 0.2 % hit rate
# A math field with a LaTeX command (pasted by an instructor): its other {…} are LaTeX braces.
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]")
_COMPARISON = re.compile(r"(!=|≠|<=|≤|>=|≥|==|=|<|>)")

def placeholders(text: str) -> tuple[str, ...]:
    """The ``{name}`` placeholders used in ``text``, in order."""
    return tuple(PLACEHOLDER.findall(text))


def _draw_one(name: str, spec: Param, rng: random.Random) -> Value:
    if spec.integer is not None:
        low, high = spec.integer
        if high - low > MAX_POOL:  # a wide range: draw and redraw instead of listing every value
            for _ in range(MAX_TRIES):
                n = rng.randint(low, high)
                if n not in spec.exclude:
                    return n
            raise TemplateError(f"no value of {name} in [{low}, {high}] is allowed", field=f"params.{name}")
        pool = [n for n in range(low, high + 1) if n not in spec.exclude]
        if not pool:
            raise TemplateError(f"every value of {name} is excluded", field=f"params.{name}")
        return rng.choice(pool)
    if spec.rational is not None:
        low, high = spec.rational
        for _ in range(MAX_TRIES):
            q = rng.choice(spec.denominators)
            value = Fraction(rng.randint(low * q, high * q), q)
            if value.denominator == 1 and 1 not in spec.denominators:
                continue  # a "fraction" parameter that comes out whole teaches nothing new
            if value in spec.exclude:
                continue
            return value
        raise TemplateError(f"no fraction in [{low}, {high}] fits {name}", field=f"params.{name}")
    if spec.choice:
        return rng.choice(spec.choice)
    raise TemplateError(f"parameter {name} has no integer, rational or choice", field=f"params.{name}")


def draw(
    params: Optional[Mapping[str, Param]], constraints: tuple[str, ...], seed: int
) -> dict[str, Value]:
    """Values for every parameter, from ``seed``, satisfying every constraint."""
    if not params:
        for c in constraints:
            check_constraint(c, {})
        return {}
    rng = random.Random(seed)
    for _ in range(MAX_TRIES):
        values = {name: _draw_one(name, spec, rng) for name, spec in params.items()}
        if all(check_constraint(c, values) for c in constraints):
            return values
    raise TemplateError(
        f"the constraints {list(constraints)} never held in {MAX_TRIES} draws",
        field="constraints",
        hint="widen the ranges or relax the constraints",
    )


def _math_text(value: Value) -> str:
    """How a value is written inside math: bracketed unless it is a bare word or a whole number ≥ 0."""
    if isinstance(value, int):
        return str(value) if value >= 0 else f"({value})"
    if isinstance(value, Fraction):
        return f"({value.numerator}/{value.denominator})" if value.denominator != 1 else _math_text(value.numerator)
    text = value.strip()
    if re.fullmatch(r"[A-Za-zα-ωΑ-Ω]+|\d+(\.\d+)?", text):
        return text
    return f"({text})"


def prose_text(value: Value) -> str:
    """How a value reads in a sentence: -3, 3/2, sin x."""
    if isinstance(value, Fraction):
        return str(value)
    return str(value)


_SIGNS = {"+": "+", "-": "-", "−": "-"}
# "·" or "*" and then a factor that is no bare number: a letter, a bracket, a root, or 2x
_TIMES_FACTOR = re.compile(r"\s*[·*]\s*(?=[^\W\d_]|[(√]|\d+(?:\.\d+)?[^\W\d_])")
_BINDS_TIGHT = "^·*/×"  # a negative number or a fraction after these needs brackets: 2·(-3), x^(-2)


def _starts_factor(after: str) -> bool:
    """Whether the text right after a placeholder continues a product: {a}x, {a}(x+1), {a}sin x, {a}√x."""
    return bool(after) and (after[0].isalpha() or after[0] in "(√|")


def _prose_number(value: Union[int, Fraction], before_text: str, after: str) -> tuple[str, str]:
    """(text before the number, the number) for a number inside prose math, without artefacts.

    ``before_text`` is everything already written; its trailing sign may be rewritten
    (``x + {b}`` with b = -3 reads ``x - 3``, not ``x + -3``; with b = 0 the term goes).
    A coefficient of 1 or -1 is not written (``{a}x`` reads ``x`` or ``-x``, never ``1x``).
    """
    left = before_text.rstrip()
    gap = before_text[len(left):]
    sign = _SIGNS.get(left[-1:]) if left else None
    # A sign is a binary operator only after a term (not after "=", "(" or at the start).
    term_before = bool(left[:-1].rstrip()) and left[:-1].rstrip()[-1:] not in "=(,:;[<>≤≥"
    factor = _starts_factor(after)
    if sign is not None and term_before:
        if value == 0 and not factor:  # "x² + {a}" with a = 0: the term is nothing
            return left[:-1].rstrip(), ""
        if value < 0:
            flipped = "-" if sign == "+" else "+"
            left, value = left[:-1] + flipped, -value
            before_text = left + gap
    bracket = bool(left) and left[-1] in _BINDS_TIGHT or bool(after[:1]) and (after[0] == "^" or after[0] in "²³⁴⁵⁶⁷⁸⁹")
    if factor and value == 1:
        return before_text, ""
    if factor and value == -1 and not bracket:
        return before_text, "-"
    text = str(value)  # "-3" with the ASCII minus, as the canonical print of math writes it
    if isinstance(value, Fraction) and value.denominator != 1 and (factor or bracket):
        return before_text, f"({text})"
    if value < 0 and bracket:
        return before_text, f"({text})"
    return before_text, text


def fill(text: str, values: Mapping[str, Value], *, math: bool, extra: Optional[Mapping[str, str]] = None,
         target: str = "unicode", math_extra: Optional[Mapping[str, str]] = None) -> str:
    """Substitute ``{name}`` placeholders; an unknown name is a ``TemplateError``.

    ``extra`` holds ready-made texts (``{of}``, ``{at}``…) that are inserted as they are. In prose
    (``math=False``) backtick math is printed in the printer's ``target`` (``plain``: x^2, sqrt(u));
    a ready-made text inside backticks is read as math from ``math_extra`` (default ``extra``: give the
    unicode texts when ``extra`` is another target's words, so a span reads what unicode reads).
    """
    extra = extra or {}
    if not math:
        return _fill_prose(text, values, extra, target, extra if math_extra is None else math_extra)
    latex = _LATEX_COMMAND.search(text) is not None

    def one(match: "re.Match[str]") -> str:
        name = match.group(1)
        if name in extra:
            return extra[name]
        if name not in values:
            if latex or text[: match.start()].rstrip()[-1:] in ("^", "_"):
                return match.group(0)  # LaTeX braces around a variable: \frac{1}{x}, e^{x}, \operatorname{sech}
            known = ", ".join(sorted({*values, *extra})) or "none"
            raise TemplateError(f"unknown placeholder {{{name}}}", hint=f"known placeholders: {known}")
        out = _math_text(values[name])
        if latex:  # a value goes in as one LaTeX argument: \frac{{a}}{x} with a = 12 is \frac{12}{x}, never \frac12{x}
            return "{" + out + "}"
        # Look past spaces: "2 {a}" with a = 3 would read "2 3", which is no number.
        left, right = text[: match.start()].rstrip(), text[match.end() :].lstrip()
        before = left[-1] if left else ""
        after = right[0] if right else ""
        # Two numbers side by side would merge into one ("{a}{b}" -> "34"): multiply explicitly.
        # (a placeholder right after another one is handled by the first one's trailing "*")
        if out[:1].isdigit() and before and (before.isdigit() or before == "."):
            out = "*" + out
        if out[-1:].isdigit() and after and (after.isdigit() or after in ".{"):
            out = out + "*"
        return out

    return PLACEHOLDER.sub(one, text)


def _math_span(span: str, values: Mapping[str, Value], extra: Mapping[str, str], target: str = "unicode") -> str:
    """A backtick span as the one printer writes it (tutor.packs.prose_math reads it)."""
    from tutor.packs.prose_math import math_sides
    from tutor.parsing import notation as M
    from tutor.parsing.printer import show

    sides = math_sides(span, values, extra)
    return show(sides[0] if len(sides) == 1 else M.eq(*sides), target)


def _fill_prose(text: str, values: Mapping[str, Value], extra: Mapping[str, str], target: str,
                math_extra: Mapping[str, str]) -> str:
    """A sentence (prompt, hint, message): math in backticks as trees, printed by the one printer;
    placeholders outside backticks are written as words."""
    out, pos = "", 0
    for match in MATH_SPAN.finditer(text):
        out += _fill_words(text[pos : match.start()], values, extra)
        out += _math_span(match.group(1), values, math_extra, target)
        pos = match.end()
    return out + _fill_words(text[pos:], values, extra)


def _fill_words(text: str, values: Mapping[str, Value], extra: Mapping[str, str]) -> str:
    """Placeholders in a sentence outside math: numbers are written as a person would
    write them where they stand, so "u = {a}x + {b}" never reads "u = 1x + -3"."""
    out = ""
    pos = 0
    for match in PLACEHOLDER.finditer(text):
        name = match.group(1)
        out += text[pos : match.start()]
        pos = match.end()
        if name in extra:
            out += extra[name]
            continue
        if name not in values:
            known = ", ".join(sorted({*values, *extra})) or "none"
            raise TemplateError(f"unknown placeholder {{{name}}}", hint=f"known placeholders: {known}")
        value = values[name]
        if isinstance(value, (int, Fraction)):
            times = _TIMES_FACTOR.match(text, pos)
            left = out.rstrip()
            if times and value in (1, -1) and not (left and (left[-1] in _BINDS_TIGHT or left[-1].isdigit())):
                # "{a}·2x" with a = 1 reads "2x": a coefficient of ±1 and its "·" go together
                # (arithmetic such as "{a}·{b}" or "1·2" keeps its numbers: it shows the working)
                pos = times.end()
                out, number = _prose_number(value, out, "x")  # read as the coefficient of a factor
                out += number
                continue
            out, number = _prose_number(value, out, text[pos:])
            out += number
        else:
            out += prose_text(value)
    return out + text[pos:]


@functools.lru_cache(maxsize=512)  # a constraint's sides are the same text at every draw
def _parse_side(text: str, names: tuple[str, ...]) -> object:
    from tutor.parsing import parse

    return parse(text, variables=list(names))


def _value_expr(value: Value) -> object:
    import sympy

    from tutor.parsing import parse

    if isinstance(value, (int, Fraction)):
        return sympy.Rational(value.numerator, value.denominator) if isinstance(value, Fraction) else sympy.Integer(value)
    return parse(value)


def check_constraint(constraint: str, values: Mapping[str, Value]) -> bool:
    """Whether ``a != b``-style ``constraint`` holds for ``values`` (both sides parsed, never evaluated as code)."""
    import sympy

    from tutor.parsing import parse, variable

    parts = _COMPARISON.split(constraint)
    if len(parts) != 3:
        raise TemplateError(
            f"constraint {constraint!r} must compare two sides once",
            field="constraints",
            hint="e.g. 'a != b', 'a + b > 0', 'n >= 2'",
        )
    left_text, op, right_text = parts
    names = list(values)
    try:
        # Parameters appear by name (a != b); their values are substituted into the parsed sides.
        subs = {variable(k): _value_expr(v) for k, v in values.items()}
        left = _parse_side(fill(left_text, values, math=True), tuple(names)).subs(subs)  # type: ignore[attr-defined]
        right = _parse_side(fill(right_text, values, math=True), tuple(names)).subs(subs)  # type: ignore[attr-defined]
    except TemplateError:
        raise
    except Exception as exc:  # a ParseError: the constraint's text is wrong
        message = getattr(exc, "message", str(exc))
        raise TemplateError(f"constraint {constraint!r}: {message}", field="constraints",
                            hint=f"parameters: {', '.join(names) or 'none'}") from None
    diff = left - right
    if not diff.is_Rational:  # whole numbers and fractions (nearly every constraint) need no simplify()
        diff = sympy.simplify(diff)
    if op in ("!=", "≠"):
        return bool(diff != 0)
    if op in ("==", "="):
        return bool(diff == 0)
    if not diff.is_number:
        raise TemplateError(f"constraint {constraint!r} compares non-numbers", field="constraints")
    number = float(diff)
    return {"<": number < 0, "<=": number <= 0, "≤": number <= 0, ">": number > 0, ">=": number >= 0,
            "≥": number >= 0}[op]
