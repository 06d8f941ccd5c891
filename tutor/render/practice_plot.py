"""``:plot`` in practice: the student's answer against the right derivative, in the terminal.

The shared terminal plot (``render/plots.py``). Values come from the AD engine's compiled tape,
read as every other command reads a function (real roots: (-8)^(1/3) = -2). Points outside the
real domain are left blank; the y-range is taken from the right derivative so
a wildly wrong answer runs off the chart instead of flattening it.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from rich.console import Group, RenderableType
from rich.text import Text

__all__ = ["plot_against", "sample"]

INTERVAL = (-3.0, 3.0)  # about one period of sin(x²)-like exercises around 0, where the action is
# Narrower intervals, tried in turn when the right derivative grows too steep on the wider one
# (2x·e^(x²) reaches 5·10⁴ at x = 3, which flattens every other feature of the chart).
NARROWER = ((-2.0, 2.0), (-1.0, 1.0))
STEEP = 1e3  # |derivative| above this on the interval: try a narrower one (labels stay short too)
WIDTH = 60  # columns of the chart: fits an 80-column terminal with the axis labels


def _evaluator(expr: Any, variable: str) -> Callable[[float], float]:
    """``expr`` as a function of ``variable`` by the one evaluator (the AD engine's compiled tape)."""
    from tutor.autodiff import UnsupportedExpression, compile_expression

    try:
        tape = compile_expression(expr, [variable])
    except UnsupportedExpression:  # something the engine has no primitive for: the chart stays blank
        return lambda x: math.nan
    return lambda x: float(tape.value({variable: x}))


def sample(expr: Any, variable: str, xs: list[float]) -> list[float | None]:
    """Values of ``expr`` at ``xs``; None where it is undefined or not real."""
    f = _evaluator(expr, variable)
    values: list[float | None] = []
    for x in xs:
        try:
            y = f(x)
        except (ArithmeticError, ValueError, TypeError):
            y = None
        values.append(y if y is not None and math.isfinite(y) else None)
    return values


def _range(values: list[float | None]) -> tuple[float, float]:
    finite = sorted(v for v in values if v is not None)
    if not finite:
        return -1.0, 1.0
    # Trim the top and bottom 5 %: a pole (tan, 1/x) would otherwise squash the curve flat.
    k = len(finite) // 20
    low, high = finite[k], finite[-1 - k]
    if high - low < 1e-9:
        low, high = low - 1.0, high + 1.0
    pad = (high - low) * 0.1  # room above and below the curve
    return low - pad, high + pad


def _clipped(values: list[float | None], low: float, high: float) -> tuple[list[float | None], int]:
    """Values outside [low, high] left out (and counted): the right derivative sets the scale."""
    kept = [v if v is not None and low <= v <= high else None for v in values]
    return kept, sum(v is not None and k is None for v, k in zip(values, kept))


PLAIN_POINTS = 7  # values listed instead of the chart under --plain: the ends, the middle, and between


def plot_against(answer: Any, expected: Any, variable: str, *, answer_label: str = "your answer",
                 plain: bool = False) -> RenderableType:
    """A chart of the answer and the right derivative over ``INTERVAL`` (narrower where it is steep);
    ``plain`` (``--plain``, read aloud or pasted): the caption and a few values side by side instead."""
    for a, b in (INTERVAL, *NARROWER):
        xs = [a + (b - a) * i / (WIDTH - 1) for i in range(WIDTH)]
        right = sample(expected, variable, xs)
        if max((abs(v) for v in right if v is not None), default=0.0) <= STEEP:
            break
    mine = sample(answer, variable, xs)
    gaps = [abs(p - q) for p, q in zip(mine, right) if p is not None and q is not None]
    caption = Text(f"d/d{variable} over [{a:g}, {b:g}]: ", style="bold")
    if gaps and max(gaps) < 1e-9:
        caption.append("the two curves coincide here.", style="green")
    elif gaps:
        worst = max(
            (i for i in range(len(xs)) if mine[i] is not None and right[i] is not None),
            key=lambda i: abs(mine[i] - right[i]),  # type: ignore[operator]
        )
        caption.append(f"largest gap {max(gaps):.3g} at {variable} = {xs[worst]:.2f}.", style="red")
    low, high = _range(right)
    shown, off = _clipped(mine, low, high)
    if off:
        caption.append(f" Your answer leaves the chart at {off} of {len(xs)} points.", style="dim")
    if plain:
        return Group(caption, *_values_side_by_side(xs, mine, right, variable))
    from tutor.render.plots import plot_series  # the shared terminal plot (numdiff uses it too)

    series = {
        answer_label: [(x, y) for x, y in zip(xs, shown)],
        "right derivative": [(x, y) for x, y in zip(xs, right)],
    }
    return Group(caption, plot_series(series, x_label=variable, y_label=f"d/d{variable}"))


def _values_side_by_side(xs: list[float], mine: list[float | None], right: list[float | None],
                         variable: str) -> list[Text]:
    """``x = -3: yours 1.5, right -3.366`` at ``PLAIN_POINTS`` points spread over the interval."""
    picks = sorted({round(i * (len(xs) - 1) / (PLAIN_POINTS - 1)) for i in range(PLAIN_POINTS)})

    def value(v: float | None) -> str:
        return "undefined" if v is None else f"{v:.4g}"

    return [Text(f"  {variable} = {xs[i]:.2f}: yours {value(mine[i])}, right {value(right[i])}") for i in picks]
