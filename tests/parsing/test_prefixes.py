"""Answer prefixes: dropped when they name the derivative asked for, refused (naming both) when not."""

from __future__ import annotations

import pytest
import sympy as sp

from tutor.parsing import ParseError, parse, read, variable

x, y, t = variable("x"), variable("y"), variable("t")

# (answer, declared, wrt, expected expression)
ACCEPTED = [
    ("dy/dx = 2x", ["x"], ("x",), 2 * x),
    ("dy / dx = 2x", ["x"], ("x",), 2 * x),
    ("d y/d x = 2x", ["x"], ("x",), 2 * x),
    ("f'(x) = 2x", ["x"], ("x",), 2 * x),
    ("f′(x) = 2x", ["x"], ("x",), 2 * x),
    ("y' = 2x", ["x"], ("x",), 2 * x),
    ("d/dx(x^2) = 2x", ["x"], ("x",), 2 * x),
    ("d/dx [x^2 sin x] = 2x sin x + x^2 cos x", ["x"], ("x",), 2 * x * sp.sin(x) + x**2 * sp.cos(x)),
    ("∂f/∂x = 2x y", ["x", "y"], ("x",), 2 * x * y),
    ("df/dt = 3t^2", ["t"], ("t",), 3 * t**2),
    (r"\frac{dy}{dx} = \frac{1}{x}", ["x"], ("x",), 1 / x),
    (r"\dfrac{d}{dx}\left[\ln x\right] = \frac{1}{x}", ["x"], ("x",), 1 / x),
    (r"\frac{\partial f}{\partial y} = x^2", ["x", "y"], ("y",), x**2),
    ("d^2y/dx^2 = 6x", ["x"], ("x", "x"), 6 * x),
    ("y'' = 6x", ["x"], ("x", "x"), 6 * x),
    (r"\frac{\partial^2 f}{\partial x \partial y} = 2", ["x", "y"], ("x", "y"), sp.Integer(2)),
    ("∂²f/∂y∂x = 2", ["x", "y"], ("x", "y"), sp.Integer(2)),
    ("f_xy = 2", ["x", "y"], ("x", "y"), sp.Integer(2)),
    ("  dy/dx =   -sin x", ["x"], ("x",), -sp.sin(x)),
]


@pytest.mark.parametrize("text, declared, wrt, expected", ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_a_prefix_naming_the_derivative_asked_for_is_dropped_with_a_note(text, declared, wrt, expected) -> None:
    reading = read(text, declared, wrt=wrt)
    assert reading.expr == expected
    assert any("names the derivative asked for and is left out" in n for n in reading.notes)


# (answer, declared, wrt, words of the message, 1-based column)
REFUSED = [
    ("dy/dt = 2x", ["x", "t"], ("x",), "dy/dt =", "asks for d/dx"),
    ("f'(t) = 2x", ["x", "t"], ("x",), "f'(t) =", "asks for d/dx"),
    ("y'' = 2", ["x"], ("x",), "a second derivative", "asks for d/dx"),
    ("dy/dx = 2", ["x"], ("x", "x"), "dy/dx = (d/dx)", "asks for d²/dx²"),
    ("∂f/∂y = 2x", ["x", "y"], ("x",), "∂f/∂y = (d/dy)", "asks for d/dx"),
    ("f_y = 1", ["x", "y"], ("x",), "f_y =", "asks for d/dx"),
    ("y = 2x", ["x"], ("x",), "'y =' does not name a derivative", "right-hand side"),
    ("2x = 2x", ["x"], ("x",), "does not name a derivative", "right-hand side"),
    ("dy/dx = ", ["x"], ("x",), "after '=' is missing", "type the derivative"),
]


@pytest.mark.parametrize("text, declared, wrt, message, hint", REFUSED, ids=[r[0] for r in REFUSED])
def test_a_prefix_naming_another_derivative_is_refused_naming_both(text, declared, wrt, message, hint) -> None:
    with pytest.raises(ParseError) as info:
        read(text, declared, wrt=wrt)
    error = info.value
    assert message in error.message, error.message
    assert hint in error.message + (error.hint or ""), (error.message, error.hint)
    assert error.span.column >= 1 and error.source == text


def test_without_the_question_a_prefix_is_refused_and_an_equation_as_before() -> None:
    with pytest.raises(ParseError, match="names a derivative") as info:
        parse("dy/dx = 2x", ["x"])
    assert info.value.hint == "type only the expression after the ="
    with pytest.raises(ParseError, match="not an equation"):
        parse("y = 2x")
    with pytest.raises(ParseError, match="not an equation"):
        parse("x = 2 = y", ["x", "y"], wrt=("x",))


def test_errors_in_the_answer_after_a_prefix_keep_their_column() -> None:
    with pytest.raises(ParseError) as info:
        read("dy/dx = 2x + z", ["x"], wrt=("x",))
    assert info.value.span.column == 14


def test_derivative_notation_inside_the_answer_stays_a_request() -> None:
    for text in ("dy/dx = d/dx x^2", r"\frac{d}{dx} x^2", r"\frac{dy}{dx}", "d^2y/dx^2", r"\frac{\mathrm{d}}{\mathrm{d}x}x^2"):
        with pytest.raises(ParseError, match="derivative notation|request"):
            read(text, wrt=("x",))


def test_a_long_left_side_is_not_searched_for_a_prefix() -> None:
    # pathological left sides are refused quickly, never matched by backtracking
    import time

    text = "d" * 60 + "y/" + "d" * 100 + "x = 1"
    start = time.perf_counter()
    with pytest.raises(ParseError):
        read(text, max_length=2000, wrt=("x",))
    assert time.perf_counter() - start < 1.0
