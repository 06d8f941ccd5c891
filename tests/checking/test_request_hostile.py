"""Inner functions and --wrt that cannot mean what they seem: refused with where and how, never a silent wrong verdict."""

from __future__ import annotations

import pytest

from tutor.checking import check_derivative
from tutor.checking.request import read_request
from tutor.errors import UserError


@pytest.mark.parametrize("where, name, what", [
    ("x = cos(x)", "x", "itself"),
    ("x = x", "x", "itself"),
    ("u = v, v = u", "u", "v, which is replaced"),
    ("u = v^2, v = sin(t)", "u", "v, which is replaced"),  # was checked as if v stayed free: 0 was "correct"
    ("u = t, v = u + t", "v", "u, which is replaced"),
])
def test_an_inner_function_that_uses_a_replaced_name_is_refused(where: str, name: str, what: str) -> None:
    with pytest.raises(UserError) as info:
        read_request("0", "u^2 + v + x", ["t"], where)
    error = info.value
    assert f"inner function of {name} uses {what}" in error.message
    assert error.source == where and error.span is not None
    assert where[error.span.start:error.span.end].replace(" ", "").startswith(f"{name}=")


def test_inner_functions_in_the_final_variables_still_work() -> None:
    request = read_request("-2sin(t)cos(t) + 2sin(t)cos(t)", "x^2 + y^2", ["t"], "x = cos(t), y = sin(t)")
    verdict = check_derivative(request.answer.expr, request.of.expr, request.wrt, request.where)
    assert verdict.status == "correct"


@pytest.mark.parametrize("wrt", [[""], ["x", ""], ["  "]])
def test_an_empty_wrt_is_refused_not_ignored(wrt: list[str]) -> None:
    with pytest.raises(UserError, match="--wrt is empty"):
        read_request("2x", "x^2", wrt)


def test_a_derivative_order_beyond_the_limit_is_refused_at_once() -> None:
    from tutor.checking.request import MAX_ORDER

    read_request("0", "x*y", ["x", "y"] * (MAX_ORDER // 2))  # at the limit: fine
    with pytest.raises(UserError, match="checked up to order"):
        read_request("0", "x*y", ["x", "y"] * 30)  # 60 nested dual numbers: 2^60 operations, never finished
