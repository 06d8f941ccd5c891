"""Templates: drawn from a seed (reproducible, varied), constraints hold, substitution is safe."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.packs.instance import instantiate
from tutor.packs.model import Param
from tutor.packs.templates import TemplateError, check_constraint, draw, fill

PARAMS = {
    "a": Param(integer=(2, 9)),
    "b": Param(integer=(-5, 5), exclude=(0,)),
    "r": Param(rational=(-3, 3), denominators=(2, 3)),
    "f": Param(choice=("sin x", "cos x", "e^x")),
}


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=2**31))
def test_same_seed_same_values_and_within_range(seed: int) -> None:
    values = draw(PARAMS, ("a != b",), seed)
    assert values == draw(PARAMS, ("a != b",), seed)
    assert 2 <= values["a"] <= 9 and values["a"] != values["b"]
    assert -5 <= values["b"] <= 5 and values["b"] != 0
    r = values["r"]
    assert isinstance(r, Fraction) and -3 <= r <= 3 and r.denominator in (2, 3)
    assert values["f"] in ("sin x", "cos x", "e^x")


def test_seeds_vary_the_values() -> None:
    drawn = {tuple(draw(PARAMS, (), seed).items()) for seed in range(20)}
    assert len(drawn) >= 15


def test_constraints_compare_parsed_sides() -> None:
    assert check_constraint("a + b > 0", {"a": 3, "b": -2})
    assert not check_constraint("a^2 - 4b >= 0", {"a": 1, "b": 1})
    assert check_constraint("a != b", {"a": Fraction(1, 2), "b": 1})
    with pytest.raises(TemplateError):
        check_constraint("a", {"a": 1})
    with pytest.raises(TemplateError, match="unknown name|constraint"):
        check_constraint("c > 0", {"a": 1})


def test_impossible_constraints_are_reported() -> None:
    with pytest.raises(TemplateError) as info:
        draw({"a": Param(integer=(1, 2))}, ("a > 5",), 0)
    assert info.value.field == "constraints"


@pytest.mark.parametrize(
    ("template", "values", "expected"),
    [
        ("{a} x^{n}", {"a": 3, "n": 2}, "3 x^2"),
        ("x^{n}", {"n": -2}, "x^(-2)"),
        ("{a}{b}", {"a": 3, "b": 4}, "3*4"),
        ("2 {a} x", {"a": 3}, "2 *3 x"),
        ("{r} x", {"r": Fraction(3, 2)}, "(3/2) x"),
        ("sin({f})", {"f": "x^2 + 1"}, "sin((x^2 + 1))"),
        ("{g}(x)", {"g": "sin"}, "sin(x)"),
    ],
)
def test_math_substitution_brackets_what_could_bind_wrongly(template: str, values: dict, expected: str) -> None:
    assert fill(template, values, math=True) == expected


def test_prose_substitution_and_unknown_placeholders() -> None:
    assert fill("Multiply {a} by {r}.", {"a": -3, "r": Fraction(1, 2)}, math=False) == "Multiply -3 by 1/2."
    with pytest.raises(TemplateError, match=r"unknown placeholder \{c\}"):
        fill("{c}", {"a": 1}, math=True)


def test_substituted_text_is_never_code() -> None:
    # A choice that looks like Python is just text the parser refuses.
    from tutor.parsing import ParseError, parse

    with pytest.raises(ParseError):
        parse(fill("{f}", {"f": "__import__('os')"}, math=True))


def test_an_exercise_never_repeats_word_for_word(make_exercise) -> None:  # type: ignore[no-untyped-def]
    ex = make_exercise(
        """
        id: e
        kind: derivative
        of: "{a} x^{n}"
        params: {a: {integer: [2, 9]}, n: {integer: [2, 9]}}
        hints: ["h"]
        """
    )
    prompts = [instantiate(ex, seed).prompt for seed in range(12)]
    assert len(set(prompts)) >= 8
    assert instantiate(ex, 5).prompt == instantiate(ex, 5).prompt
