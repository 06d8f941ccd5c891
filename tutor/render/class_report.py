"""Drawing the class report (``calctutor report``) as terminal tables."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

__all__ = ["render_class_report", "percent", "short_name", "PARAMETER_VALUES_SHOWN"]

PARAMETER_VALUES_SHOWN = 8  # per parameter: the hardest values first; the JSON and HTML have them all


def percent(rate: float) -> str:
    return f"{rate:.0%}"


def short_name(exercise: str, report: Any) -> str:
    """The exercise id without its pack when no other exercise of the report has that id."""
    bare = exercise.split("/", 1)[-1]
    same = [e for e in report.exercises if e.exercise.split("/", 1)[-1] == bare]
    return bare if len(same) == 1 else exercise


def _number(value: float) -> str:
    return f"{value:g}"


def render_class_report(report: Any, *, students: bool = True) -> RenderableType:
    parts: list[RenderableType] = []
    head = Text("Class report", style="bold underline")
    head.append(f"  {report.records} records · {len(report.students)} students · {len(report.exercises)} exercises"
                f" · mean total {report.mean_total:.2f} of {_number(report.possible)}", style="")
    if report.invalid:
        head.append(f" · {report.invalid} records not gradable (verdict invalid)", style="yellow")
    parts.append(head)
    overview = Table(box=None, padding=(0, 1), header_style="bold",
                     caption="first/final: correct at the first try / by the last counted attempt; "
                             "r: point-biserial discrimination against the total", caption_justify="left")
    for name, justify in (("exercise", "left"), ("answers", "right"), ("students", "right"),
                          ("first", "right"), ("final", "right"), ("score", "right"), ("r", "right")):
        overview.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for ex in report.exercises:
        overview.add_row(short_name(ex.exercise, report), str(ex.answers), str(ex.students), percent(ex.first_try_rate),
                         percent(ex.final_rate), percent(ex.mean_score),
                         "—" if ex.discrimination is None else f"{ex.discrimination:.2f}")
    parts.append(overview)
    for ex in report.exercises:
        parts.append(_exercise_detail(ex))
    if students:
        table = Table(box=None, padding=(0, 1), header_style="bold", title="Students", title_justify="left",
                      title_style="bold")
        table.add_column("student")
        table.add_column("score", justify="right")
        table.add_column("solved", justify="right")
        table.add_column("attempted", justify="right")
        for s in report.students:
            table.add_row(s.student, _number(s.score), str(s.solved), str(s.attempted))
        parts.append(table)
    return Group(*parts)


def _exercise_detail(ex: Any) -> RenderableType:
    lines: list[RenderableType] = [Text(f"\n{ex.exercise}", style="bold")]
    if ex.unreadable or ex.blank:
        lines.append(Text(f"  {ex.unreadable} unreadable, {ex.blank} blank", style="dim"))
    for m in ex.mistakes[:5]:
        lines.append(_count_line(m.count, m.key, m.examples, "magenta"))
    for group in ex.unnamed[:3]:
        lines.append(_count_line(group.count, "no named mistake", group.examples, "yellow"))
    if not ex.mistakes and not ex.unnamed:
        lines.append(Text("  no wrong answers", style="dim"))
    by_parameter: dict[str, list[Any]] = {}
    for rate in ex.parameters:
        by_parameter.setdefault(rate.parameter, []).append(rate)
    for name, rates in by_parameter.items():
        if len(rates) < 2:
            continue
        hardest = sorted(rates, key=lambda r: (r.correct_rate, -r.students))[:PARAMETER_VALUES_SHOWN]
        shown = " · ".join(f"{r.value}: {percent(r.correct_rate)} ({r.students})" for r in hardest)
        lines.append(Text(f"  correct by {name} (hardest first): {shown}", style="cyan"))
    return Group(*lines)


def _count_line(count: int, label: str, examples: Any, style: str) -> Text:
    line = Text(f"  {count:>4} × ", style="bold")
    line.append(label, style=style)
    if examples:
        line.append("   e.g. " + " | ".join(examples), style="dim")
    return line
