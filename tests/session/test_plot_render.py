"""`:plot` drawing: both curves, the gap named, an answer off the scale counted, no text evaluated."""

from __future__ import annotations

import io

import sympy
from rich.console import Console

from tutor.render.practice_plot import plot_against, sample

x = sympy.Symbol("x", real=True)


def text_of(renderable) -> str:
    console = Console(record=True, width=90, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def test_a_wrong_answer_shows_the_gap_and_both_series() -> None:
    out = text_of(plot_against(sympy.cos(x**2), 2 * x * sympy.cos(x**2), "x", answer_label="your answer cos(x^2)"))
    assert "largest gap" in out and "your answer cos(x^2)" in out and "right derivative" in out


def test_a_right_answer_coincides() -> None:
    out = text_of(plot_against(2 * x, 2 * x, "x"))
    assert "coincide" in out


def test_an_answer_with_a_pole_leaves_the_chart_without_squashing_it() -> None:
    out = text_of(plot_against(1 / x**3, sympy.cos(x), "x"))
    assert "leaves the chart" in out


def test_sample_leaves_undefined_points_blank() -> None:
    values = sample(sympy.log(x), "x", [-1.0, 1.0, 2.0])
    assert values[0] is None and values[1] == 0.0 and abs(values[2] - 0.6931) < 1e-3


def test_a_steep_derivative_is_drawn_over_a_narrower_interval() -> None:
    # 2x·e^(x²) is about 5·10⁴ at x = 3: the chart narrows until the curve is readable.
    out = text_of(plot_against(sympy.exp(x**2), 2 * x * sympy.exp(x**2), "x"))
    assert "over [-2, 2]" in out and "over [-3, 3]" not in out


def test_a_tame_derivative_keeps_the_wide_interval() -> None:
    assert "over [-3, 3]" in text_of(plot_against(sympy.cos(x), -sympy.sin(x), "x"))


def test_plain_lists_values_side_by_side_instead_of_the_chart() -> None:
    """--plain: a chart says nothing read aloud; the caption and values at 7 points do (ASCII)."""
    from tutor.render.plain import plain_lines

    lines = plain_lines(plot_against(sympy.cos(x**2), 2 * x * sympy.cos(x**2), "x", plain=True))
    assert all(line.isascii() for line in lines) and "largest gap" in lines[0]
    values = lines[1:]
    assert len(values) == 7 and values[0] == "  x = -3.00: yours -0.9111, right 5.467"  # cos(9), -6 cos(9)
    assert values[3] == "  x = 0.05: yours 1, right 0.1017"  # the middle of 60 points (no point at 0)
    logs = plain_lines(plot_against(sympy.log(x), 1 / x, "x", plain=True))
    assert logs[1] == "  x = -3.00: yours undefined, right -0.3333"  # ln(-3) is not real
