"""Reading a check request: variables for the answer, --wrt defaults, --where pairs, errors with spans."""

from __future__ import annotations

import pytest
import sympy

from tutor.checking.request import CheckInputError, parse_where, read_request, split_wrt
from tutor.errors import UserError
from tutor.parsing import ParseError, variable

x, y, t = variable("x"), variable("y"), variable("t")


def test_the_only_variable_is_the_default() -> None:
    request = read_request("2x", "x^2")
    assert request.wrt == ("x",) and request.answer.expr == 2 * x and request.where == {}


def test_several_variables_without_wrt_names_them() -> None:
    with pytest.raises(CheckInputError) as info:
        read_request("1", "x y + z")
    assert "x, y, z" in info.value.message and "--wrt x" in info.value.hint


def test_a_constant_function_needs_wrt() -> None:
    with pytest.raises(CheckInputError):
        read_request("0", "5")
    assert read_request("0", "5", ["x"]).wrt == ("x",)


def test_the_answer_may_only_use_declared_names() -> None:
    with pytest.raises(ParseError) as info:
        read_request("2y", "x^2")
    assert info.value.message.startswith("in the answer") and info.value.span.start == 1
    assert read_request("2x y", "x^2 y", ["x"]).answer.expr == 2 * x * y


def test_where_pairs_and_their_variables() -> None:
    request = read_request("2x(-sin t) + 2y cos t", "x^2 + y^2", None, "x=cos(t), y=sin(t)")
    assert request.wrt == ("t",)
    assert request.where == {"x": sympy.cos(t), "y": sympy.sin(t)}
    assert parse_where("x = u v; y = u + v") == {"x": variable("u") * variable("v"), "y": variable("u") + variable("v")}
    assert parse_where("x = atan(t),") == {"x": sympy.atan(t)}  # a trailing comma is harmless


def test_where_errors_point_into_the_where_text() -> None:
    with pytest.raises(ParseError) as info:
        parse_where("x=cos(t), y=sin(t")
    assert info.value.source == "x=cos(t), y=sin(t" and info.value.span.start >= 12
    with pytest.raises(CheckInputError):
        parse_where("x cos t")
    with pytest.raises(CheckInputError):
        parse_where("x = t, x = t^2")


def test_differentiating_by_a_replaced_variable_is_an_error() -> None:
    with pytest.raises(UserError) as info:
        read_request("1", "x^2", ["x"], "x=t^2")
    assert "t" in info.value.hint


def test_split_wrt_accepts_lists_and_cells() -> None:
    assert split_wrt(["x", "y"]) == ("x", "y")
    assert split_wrt("x y") == split_wrt("x,y") == ("x", "y")
    assert split_wrt(None) == ()
