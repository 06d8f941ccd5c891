"""Drawing ``calctutor progress``: the streak, mastery per topic and skill, due reviews."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tutor.session.outcomes import tally_text
from tutor.session.report import ProgressReport
from tutor.session.scheduling import next_review_text

__all__ = ["LEVEL_STYLES", "render_report"]

# One colour per mastery level, weakest red to strongest green.
LEVEL_STYLES = {
    "new": "dim",
    "learning": "red",
    "familiar": "yellow",
    "proficient": "cyan",
    "mastered": "bold green",
}


def render_report(report: ProgressReport) -> RenderableType:
    """The whole ``calctutor progress`` screen."""
    if not report.topics:
        return Text("No practice recorded yet. Start with: calctutor practice chain-rule")
    parts: list[RenderableType] = []
    days = "day" if report.streak == 1 else "days"
    streak = Text(f"Streak: {report.streak} {days}", style="bold")
    if report.streak and not report.practised_today:
        streak.append("  (practise today to keep it)", style="dim")
    streak.append(f" · {report.attempts} {'answer' if report.attempts == 1 else 'answers'} checked in all")
    parts.append(streak)
    for topic in report.topics:
        # Exercises solved / attempted, counted as the session summary counts them; answers after.
        share = (f"{tally_text(topic.tally)} · {topic.attempts} "
                 f"{'answer' if topic.attempts == 1 else 'answers'}") if topic.tally.seen else "no answers yet"
        parts.append(Text(f"\n{topic.topic}  ({share})", style="bold underline"))
        table = Table(box=None, padding=(0, 2), header_style="bold")
        for name, justify in (("skill", "left"), ("level", "left"), ("exercises", "left"), ("next review", "left")):
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        for s in topic.skills:
            when = "—" if s.due is None else next_review_text(s.due, report.now)
            table.add_row(s.skill, Text(s.level, style=LEVEL_STYLES.get(s.level, "")), tally_text(s.tally), when)
        parts.append(table)
    if report.due:
        parts.append(Text("\nDue now: " + ", ".join(r.skill for r in report.due), style="bold yellow"))
    elif report.upcoming:
        nxt = report.upcoming[0]
        parts.append(Text(f"\nNothing due. Next review: {nxt.skill} {next_review_text(nxt.due, report.now)}."))
    return Group(*parts)
