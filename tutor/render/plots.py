"""Terminal line plots of named series, linear or log-log (numdiff's error plot, practice's ``:plot``).

``plot_series({"forward": [(h, err), …], "symmetric": […]}, log_x=True, log_y=True)``
draws every series on one character grid with its own marker, axis labels at
the corners and a legend. Points that are None, non-finite or ≤ 0 on a log
axis are left out (a log-log plot has no place for an error of exactly 0).
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

from rich.console import Group, RenderableType
from rich.text import Text

__all__ = ["plot_series", "MARKERS"]

MARKERS = ("●", "✕", "◆", "▲", "■", "○")  # distinguishable without colour
STYLES = ("cyan", "magenta", "green", "yellow", "blue", "red")
OVERLAP = "█"  # two series on the same cell


def _scale(value: float | None, log: bool) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    if log:
        return math.log10(value) if value > 0 else None
    return value


def _label(value: float, log: bool) -> str:
    return f"1e{value:+.0f}" if log else f"{value:.4g}"


def plot_series(
    series: Mapping[str, Sequence[tuple[float | None, float | None]]],
    *,
    log_x: bool = False,
    log_y: bool = False,
    width: int = 60,  # fits an 80-column terminal with the y labels
    height: int = 16,  # tall enough to see a V shape, short enough to stay on screen
    title: str | None = None,
    x_label: str = "x",
    y_label: str = "y",
) -> RenderableType:
    """A renderable plot of every series (name → points)."""
    scaled: dict[str, list[tuple[float, float]]] = {}
    for name, points in series.items():
        pts = []
        for x, y in points:
            sx, sy = _scale(x, log_x), _scale(y, log_y)
            if sx is not None and sy is not None:
                pts.append((sx, sy))
        scaled[name] = pts
    every = [p for pts in scaled.values() for p in pts]
    if not every:
        return Text("(nothing to plot: no finite points)")
    x0, x1 = min(p[0] for p in every), max(p[0] for p in every)
    y0, y1 = min(p[1] for p in every), max(p[1] for p in every)
    if x1 == x0:
        x0, x1 = x0 - 1, x1 + 1
    if y1 == y0:
        y0, y1 = y0 - 1, y1 + 1
    grid: list[list[tuple[str, str] | None]] = [[None] * width for _ in range(height)]
    for k, (name, pts) in enumerate(scaled.items()):
        marker, style = MARKERS[k % len(MARKERS)], STYLES[k % len(STYLES)]
        for x, y in pts:
            col = round((x - x0) / (x1 - x0) * (width - 1))
            row = height - 1 - round((y - y0) / (y1 - y0) * (height - 1))
            cell = grid[row][col]
            grid[row][col] = (marker, style) if cell is None or cell[0] == marker else (OVERLAP, "bold")
    top, bottom = _label(y1, log_y), _label(y0, log_y)
    pad = max(len(top), len(bottom))
    lines: list[RenderableType] = []
    if title:
        lines.append(Text(title, style="bold"))
    lines.append(Text(f"{y_label}"))
    for r, cells in enumerate(grid):
        line = Text((top if r == 0 else bottom if r == height - 1 else "").rjust(pad) + " │")
        for cell in cells:
            if cell is None:
                line.append(" ")
            else:
                line.append(cell[0], style=cell[1])
        lines.append(line)
    lines.append(Text(" " * pad + " └" + "─" * width))
    left, right = _label(x0, log_x), _label(x1, log_x)
    lines.append(Text(" " * (pad + 2) + left + right.rjust(width - len(left)) + f"  {x_label}"))
    legend = Text(" " * (pad + 2))
    for k, name in enumerate(scaled):
        legend.append(MARKERS[k % len(MARKERS)], style=STYLES[k % len(STYLES)])
        legend.append(f" {name}   ")
    lines.append(legend)
    return Group(*lines)
