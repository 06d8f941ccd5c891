"""The numeric-answer policy (tutor/checking/numeric_answers.py): one line per case, then the laws."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sympy
from hypothesis import example, given, settings, strategies as st

from tutor.checking.numeric_answers import (
    approximation,
    figures_to_separate,
    judge_number,
    literal_for,
    rounded_text,
    typed_decimals,
)
from tutor.parsing import parse

COS12 = 4 * sympy.cos(12)  # 3.3754158349…


def judge(text: str, expected, sigfigs: int = 4, exact_text: str = ""):
    value = parse(text, [])
    return judge_number(value, expected, literal_for(value, typed_decimals(text)), sigfigs, exact_text=exact_text)


# (answer, expected, sigfigs, accepted, status)
CASES = [
    ("4 cos(12)", COS12, 4, True, "exact"),
    ("3.375416", COS12, 4, True, "rounded"),  # the issue: rejected before
    ("3.37542", COS12, 4, True, "rounded"),  # what :skip prints
    ("3.375", COS12, 4, True, "rounded"),
    ("3.3754", COS12, 4, True, "rounded"),
    ("3.376", COS12, 4, False, "rounded-wrong"),
    ("3.374", COS12, 4, False, "rounded-wrong"),
    ("3.38", COS12, 4, False, "too-few-figures"),
    ("3.37", COS12, 4, False, "rounded-wrong"),  # truncated and short
    ("3.4", COS12, 2, True, "rounded"),
    ("2.375", COS12, 4, False, "different"),
    ("11.90", sympy.Rational(119, 10), 4, True, "exact"),
    ("11.9", sympy.Rational(119, 10), 4, True, "exact"),  # exactly the value: any form
    ("119/10", sympy.Rational(119, 10), 4, True, "exact"),
    ("11.93", sympy.Rational(119, 10), 4, False, "different"),  # the issue: accepted before
    ("11.91", sympy.Rational(119, 10), 4, False, "rounded-wrong"),
    ("0.4895", sympy.Rational(4881, 10000), 4, False, "different"),
    ("-0.06460", sympy.Rational(-6447, 100000), 4, False, "different"),
    ("-0.06447", sympy.Rational(-6447, 100000), 4, True, "exact"),
    ("0.06447", sympy.Rational(-6447, 100000), 4, False, "different"),  # the sign
    ("-0.5366", sympy.sin(sympy.Integer(12)), 4, True, "rounded"),  # sin(12) = -0.536572…
    ("0.142857", sympy.Rational(1, 7), 4, True, "rounded"),
    ("0.1429", sympy.Rational(1, 7), 4, True, "rounded"),
    ("0.1428", sympy.Rational(1, 7), 4, False, "rounded-wrong"),  # truncated
    ("3400", sympy.Rational(34004, 10), 4, True, "rounded"),
    ("3.4e3", sympy.Rational(34004, 10), 4, False, "too-few-figures"),
    ("3.400e3", sympy.Rational(34004, 10), 4, True, "rounded"),
    ("0.000", sympy.Rational(1, 10**5), 4, False, "too-few-figures"),
    ("1/7", sympy.Rational(1, 7), 4, True, "exact"),
    ("1/8", sympy.Rational(1, 7), 4, False, "different"),
]


@pytest.mark.parametrize("text, expected, sigfigs, accepted, status", CASES)
def test_policy_cases(text, expected, sigfigs, accepted, status):
    verdict = judge(text, expected, sigfigs)
    assert (verdict.accepted, verdict.status) == (accepted, status), verdict


def test_the_messages_read_as_the_issue_asks():
    wrong = judge("3.376", COS12, exact_text="4 cos(12)")
    assert wrong.message == "rounded wrong: 4 cos(12) = 3.375416…, to 4 significant figures 3.375"
    right = judge("3.375416", COS12, exact_text="4 cos(12)")
    assert right.message == "the exact value is 4 cos(12) = 3.375416…"
    short = judge("3.38", COS12)
    assert "give at least 4 significant figures (you gave 3)" in short.message
    assert judge("11.93", sympy.Rational(119, 10)).message == ""  # not a rounding matter: no digits advice


def test_typed_decimals_keep_the_typed_precision():
    found = typed_decimals("0.142857 - 0.122449eps + x2 + 2e3x")
    assert [(d.text, d.figures) for d in found] == [("0.142857", 6), ("0.122449", 6)]
    (d,) = typed_decimals("-0.06460")
    assert (d.figures, d.place) == (4, Decimal("0.00001"))


def test_shown_approximations_and_roundings():
    assert approximation(COS12) == "3.37542"
    assert approximation(sympy.Rational(119, 10)) == "11.9"
    assert approximation(sympy.Rational(-6, 49)) == "-0.122449"
    assert rounded_text(sympy.Rational(119, 10), 4) == "11.90"
    assert rounded_text(sympy.Rational(99996, 10000), 4) == "10.00"


def test_figures_to_separate_a_quotient_from_the_derivative():
    h = sympy.Rational(1, 100)
    quotient = sympy.sin(h) / h  # 0.99998333…: 1.000 at 4 figures, like the derivative 1
    assert figures_to_separate(quotient, {"exact": sympy.Integer(1)}) == 5
    assert figures_to_separate(sympy.Rational(119, 10), {"exact": sympy.Integer(12)}) == 4


values = st.one_of(
    st.fractions(min_value=-1000, max_value=1000).filter(lambda f: f != 0).map(lambda f: sympy.Rational(f.numerator, f.denominator)),
    st.integers(1, 50).map(lambda k: sympy.sin(sympy.Integer(k)) * k),
    st.integers(2, 90).map(lambda k: sympy.sqrt(k) / 7),
)


@settings(max_examples=60, deadline=None)
@given(values, st.integers(4, 9), st.integers(2, 6))
def test_every_correct_rounding_with_enough_figures_is_accepted(value, figures, sigfigs):
    text = rounded_text(value, figures)
    if text.startswith("-"):
        text = "-" + text[1:]
    verdict = judge(text, value, min(sigfigs, figures))
    assert verdict.accepted, (text, value, verdict)
    assert judge(approximation(value, sigfigs), value, sigfigs).accepted


@settings(max_examples=60, deadline=None)
@given(values, st.integers(4, 8))
@example(sympy.Rational(401, 4), 4)
def test_one_unit_off_in_the_last_asked_figure_is_rejected(value, sigfigs):
    right = Decimal(rounded_text(value, sigfigs))
    unit = Decimal(1).scaleb(right.adjusted() - sigfigs + 1)
    for wrong in (right + unit, right - unit):
        if wrong.adjusted() != right.adjusted():
            continue  # crossing a power of ten changes the figure count
        if value.is_Rational and abs(wrong - Decimal(value.p) / Decimal(value.q)) == unit / 2:
            continue  # a tie (100.25 to 4 figures): both neighbours are correct roundings
        verdict = judge(format(wrong, "f"), value, sigfigs)
        assert not verdict.accepted, (wrong, value, verdict)
