"""The one policy for numbers typed as answers: exact forms, decimals, significant figures.

Every kind of exercise compares its numbers (a value, a dual number's parts, a vector's
or a matrix's entries) through ``judge_number``; docs/numeric-answers.md says the same
in prose. The rules, in order:

1. **Exact.** An answer equal to the expected value is right in any exact form:
   ``4 cos(12)``, ``8/2``, ``11.9`` for 119/10.
2. **A decimal correctly rounded.** A number typed as a decimal literal (``3.375416``,
   ``-0.5366``, ``3400``, ``1.2e-3``) that is not exactly the value is right when it
   has at least N significant figures (N: the exercise's ``sigfigs``, default 4) and
   is the value correctly rounded to its own last digit, or agrees with the value
   rounded to N figures. The feedback then gives the exact value.
3. **Rounded wrong.** A decimal with N or more figures that misses by about one unit
   in the N-th figure (a truncation, a rounding the wrong way) is wrong, and the
   feedback shows the right rounding: ``rounded wrong: 4 cos(12) = 3.375416…, to 4
   significant figures 3.375``.
4. **Too few figures.** A decimal with fewer than N figures that is a correct rounding
   as far as it goes is wrong, and only then does the feedback ask for more digits.
5. Anything else is a different value: the mistake diagnosis takes over.

Whatever the tool itself prints as an approximation (``approximation``) has N + 2
figures, at least 6, correctly rounded: rule 2 accepts it.

Decimals are read by the parser as exact fractions (``3.375416`` → 421927/125000);
the digits the student typed are recovered from the answer's text by
``typed_decimals`` and matched to the values they produced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Any, Iterable, Mapping, Optional

__all__ = [
    "DEFAULT_SIGFIGS",
    "TypedDecimal",
    "NumberJudgement",
    "typed_decimals",
    "literal_for",
    "judge_number",
    "approximation",
    "rounded_text",
    "figures_to_separate",
]

DEFAULT_SIGFIGS = 4  # a hand calculation carried to four figures: enough to tell neighbouring schemes apart
SHOWN_EXTRA = 2  # the tool's own approximations carry two figures more than asked (and at least 6)
WORKING_DIGITS = 60  # decimal digits for irrational values: far beyond any figure a student types
MAX_SEPARATING_FIGURES = 10  # figures_to_separate gives up here: the values are the same to a person

# A number as typed: digits with an optional point, an optional exponent (e or E, then digits).
# Not preceded by a letter or digit (x2, 3e), so names and implicit products are left alone.
_LITERAL = re.compile(r"(?<![A-Za-z_\d.])(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?(?![\d.])")


@dataclass(frozen=True)
class TypedDecimal:
    """One number literal of an answer, with the precision it was typed to."""

    text: str
    value: Fraction  # exact, never negative (a minus sign is an operator)
    figures: int  # significant figures typed: 0.06460 → 4, 3400 → 4, 0.000 → 0
    place: Fraction  # the value of one unit in the last typed digit: 11.90 → 1/100


def _literal(text: str, mantissa: str, exponent: Optional[str]) -> TypedDecimal:
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    shift = int(exponent) if exponent else 0
    value = Fraction(int(whole + fraction or "0"), 10 ** len(fraction)) * Fraction(10) ** shift
    place = Fraction(10) ** (shift - len(fraction))
    return TypedDecimal(text, value, len(digits), place)


def typed_decimals(text: str) -> tuple[TypedDecimal, ...]:
    """The number literals in an answer's text, in order (``"0.142857 - 0.122449eps"`` → two)."""
    out = []
    for match in _LITERAL.finditer(text):
        exponent = match.group(2)
        if exponent is not None and match.end() < len(text) and text[match.end()].isalpha():
            continue  # "2e3x": not an exponent the parser would read; leave it to the exact rule
        out.append(_literal(match.group(0), match.group(1), exponent))
    return tuple(out)


def literal_for(value: Any, literals: Iterable[TypedDecimal]) -> Optional[TypedDecimal]:
    """The typed literal that produced ``value`` (up to sign), when ``value`` is a plain number as typed."""
    fraction = _fraction(value)
    if fraction is None:
        return None
    matches = [lit for lit in literals if lit.value == abs(fraction)]
    # Several literals with the same value: the most precise one (its figures are the claim made).
    return max(matches, key=lambda lit: lit.figures) if matches else None


@dataclass(frozen=True)
class NumberJudgement:
    """The verdict on one number: accepted or not, why, and what to tell the student."""

    accepted: bool
    status: str  # exact | rounded | rounded-wrong | too-few-figures | different
    message: str = ""  # the note (accepted) or the reason (rejected); "" for exact and different


def _fraction(value: Any) -> Optional[Fraction]:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    return None


def _decimal(value: Any) -> Optional[Decimal]:
    """``value`` as a Decimal: exact for rationals, WORKING_DIGITS digits otherwise; None if not a real number."""
    fraction = _fraction(value)
    with localcontext() as ctx:
        ctx.prec = WORKING_DIGITS + 10
        if fraction is not None:
            return Decimal(fraction.numerator) / Decimal(fraction.denominator)
        try:
            approx = value.evalf(WORKING_DIGITS)
        except AttributeError:
            return None
        if not getattr(approx, "is_real", False) or not approx.is_number or not approx.is_finite:
            return None
        try:
            return Decimal(str(approx).replace("*10**", "E"))
        except ArithmeticError:
            return None


def _round(value: Decimal, figures: int) -> Decimal:
    """``value`` rounded to ``figures`` significant figures, half away from zero."""
    if value == 0:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = WORKING_DIGITS + 10
        exponent = value.adjusted() - figures + 1
        rounded = value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
        if rounded.adjusted() > value.adjusted():  # 9.9996 → 10.00: keep N figures of the new magnitude
            rounded = rounded.quantize(Decimal(1).scaleb(exponent + 1), rounding=ROUND_HALF_UP)
        return rounded


def _plain(d: Decimal) -> str:
    """A Decimal written as a student types it: positional for ordinary sizes, else 1.23e-7."""
    if d == 0:
        return "0"
    if -5 <= d.adjusted() < 15:
        text = format(d, "f")
    else:
        mantissa, exponent = format(d, "E").split("E")
        text = f"{mantissa}e{int(exponent)}"
    return text


def rounded_text(value: Any, figures: int) -> str:
    """``value`` rounded to ``figures`` significant figures, trailing zeros kept (11.90)."""
    d = _decimal(value)
    if d is None:
        return str(value)
    return _plain(_round(d, figures))


def _is_terminating(value: Any, limit: int = 12) -> bool:
    fraction = _fraction(value)
    if fraction is None:
        return False
    q = fraction.denominator
    for p in (2, 5):
        while q % p == 0:
            q //= p
    return q == 1 and len(str(Decimal(fraction.numerator) / Decimal(fraction.denominator)).lstrip("-0.")) <= limit


def approximation(value: Any, sigfigs: int = DEFAULT_SIGFIGS) -> str:
    """The decimal the tool shows for ``value`` (after ≈): N + 2 figures, at least 6, trailing zeros dropped.

    Rule 2 accepts it by construction: it is a correct rounding with more than N figures.
    """
    d = _decimal(value)
    if d is None:
        return str(value)
    if _is_terminating(value):
        return _plain(d.normalize()) if d != 0 else "0"
    rounded = _round(d, max(sigfigs + SHOWN_EXTRA, 6))
    text = _plain(rounded)
    if "." in text and "e" not in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _exact_shown(value: Any, exact_text: str, sigfigs: int) -> str:
    """``4 cos(12) = 3.375416…`` or ``11.9`` (a terminating decimal needs no second form)."""
    if _is_terminating(value):
        return approximation(value, sigfigs)
    from tutor.parsing.printer import glyph

    digits = _round(_decimal(value) or Decimal(0), max(sigfigs + 3, 7))
    decimal_text = _plain(digits)
    going_on = decimal_text + glyph("ellipsis")  # the digits go on: … (plain ...)
    if exact_text and exact_text != decimal_text:
        return f"{exact_text} = {going_on}"
    return going_on


def _figures(n: int) -> str:
    return f"{n} significant figure" + ("" if n == 1 else "s")


def judge_number(
    answer: Any,
    expected: Any,
    literal: Optional[TypedDecimal],
    sigfigs: int = DEFAULT_SIGFIGS,
    *,
    exact_text: str = "",
) -> NumberJudgement:
    """One number of an answer against the expected value, by the rules of this module.

    ``answer`` and ``expected`` are exact SymPy numbers (or Fractions); ``literal`` is the
    typed decimal the answer came from (``literal_for``), None when it was an expression.
    ``exact_text`` is how the expected value is printed (``4 cos(12)``) for the messages.
    """
    a, e = _decimal(answer), _decimal(expected)
    if a is None or e is None:
        return NumberJudgement(False, "different")
    sign = -1 if a < 0 else 1
    exact_a, exact_e = _fraction(answer), _fraction(expected)
    if exact_a is not None and exact_e is not None:
        if exact_a == exact_e:
            return NumberJudgement(True, "exact")
    elif literal is None and _close(a, e, Decimal("1e-9")):
        # two exact forms of one irrational number (4 cos(12) and 8 sin(6) cos(6)): equal to 50 digits
        return NumberJudgement(True, "exact")
    if literal is None or sign * literal.value != exact_a:
        return NumberJudgement(False, "different")
    shown = _exact_shown(expected, exact_text, sigfigs)
    place = Decimal(literal.place.numerator) / Decimal(literal.place.denominator)
    own_rounding = abs(a - e) <= place / 2  # the value correctly rounded at the last typed digit
    wanted = _round(e, sigfigs)
    if literal.figures < sigfigs:
        if own_rounding and e != 0:
            return NumberJudgement(
                False, "too-few-figures",
                f"right as far as it goes, but give at least {_figures(sigfigs)} (you gave {literal.figures})",
            )
        if e != 0 and abs(a - e) <= place * Decimal("1.5"):  # 3.37 for 3.3754: truncated, and short
            return NumberJudgement(
                False, "rounded-wrong",
                f"rounded wrong: {shown}, to {_figures(sigfigs)} {_plain(wanted)}",
            )
        return NumberJudgement(False, "different")
    if own_rounding or _round(a, sigfigs) == wanted:
        return NumberJudgement(True, "rounded", f"the exact value is {shown}")
    unit = Decimal(1).scaleb(wanted.adjusted() - sigfigs + 1) if wanted != 0 else place
    if abs(a - e) <= unit * Decimal("1.5"):
        return NumberJudgement(
            False, "rounded-wrong",
            f"rounded wrong: {shown}, to {_figures(sigfigs)} {_plain(wanted)}",
        )
    return NumberJudgement(False, "different")


def _close(a: Decimal, b: Decimal, rel: Decimal) -> bool:
    return abs(a - b) <= rel * max(abs(b), Decimal(1))


def figures_to_separate(value: Any, others: Mapping[str, Any], start: int = DEFAULT_SIGFIGS) -> int:
    """The fewest significant figures (≥ ``start``) at which ``value`` rounds apart from each of ``others``.

    A question that asks for N figures must not let a wrong value (the exact derivative
    for a difference quotient) round to the same N figures as the right one.
    """
    d = _decimal(value)
    if d is None:
        return start
    wrong = [w for w in (_decimal(o) for o in others.values()) if w is not None and w != d]
    for n in range(start, MAX_SEPARATING_FIGURES + 1):
        if all(_round(w, n) != _round(d, n) for w in wrong):
            return n
    return MAX_SEPARATING_FIGURES
