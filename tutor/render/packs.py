"""Drawing packs for people: validate's problems, the topics table, an author's preview."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich import box
from rich.table import Table
from rich.text import Text

from tutor.packs.answer_key import answer_key

__all__ = ["render_problems", "render_topics", "render_preview", "render_warnings", "instance_body"]


def render_problems(results: Sequence[tuple[str, int, Sequence[Any]]]) -> RenderableType:
    """One line per problem (``file:line:col: field: message``) and a summary per file.

    ``results``: (file, number of exercises, problems) for each pack checked.
    """
    parts: list[RenderableType] = []
    total = 0
    for name, count, problems in results:
        total += len(problems)
        for p in problems:
            line = Text()
            line.append(f"{p.location}: ", style="bold")
            if p.field:
                line.append(f"{p.field}: ", style="cyan")
            line.append(p.message)
            parts.append(line)
            if p.hint:
                parts.append(Text(f"    hint: {p.hint}", style="dim"))
        status = Text()
        if problems:
            status.append("✗ ", style="bold red")
            status.append(f"{name}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
        else:
            status.append("✓ ", style="bold green")
            status.append(f"{name}: {count} exercises, no problems")
        parts.append(status)
    if len(results) > 1:
        parts.append(Text(f"{len(results)} packs, {total} problem{'s' if total != 1 else ''}",
                          style="bold red" if total else "bold green"))
    return Group(*parts)


def render_warnings(warnings: Sequence[Any]) -> RenderableType:
    """Packs that were skipped, one line each."""
    by_file: dict[str, list[Any]] = {}
    for w in warnings:
        by_file.setdefault(w.file, []).append(w)
    lines: list[RenderableType] = []
    for name, problems in by_file.items():
        lines.append(Text.assemble(("warning: ", "bold yellow"), f"skipped the pack {name} "
                                   f"({len(problems)} problem{'s' if len(problems) != 1 else ''}; "
                                   f"run calctutor validate {name}):"))
        lines.extend(Text(f"  {w}") for w in problems)
    return Group(*lines)


def render_topics(topics: Sequence[Any], progress: Optional[Mapping[str, str]] = None) -> RenderableType:
    """The topics table: id, title, packs, exercise count, difficulty range (and progress)."""
    # Without the outer border's padding the longest topic id (38 characters, tangent-lines-and-…)
    # and four columns fit in 80 columns, no header cut to "difficul…".
    table = Table(title="Topics", title_justify="left", show_lines=False, box=box.SIMPLE_HEAD, pad_edge=False)
    # The title under the id, not in a column of its own: at 80 columns a title column was
    # squeezed to ten characters ("Automatic different…").
    table.add_column("topic", no_wrap=True)
    # The packs column only says something when a topic has other packs than its own.
    show_packs = any(len(t.packs) > 1 or t.packs[0].id != t.id for t in topics)
    if show_packs:
        table.add_column("packs")
    table.add_column("exercises", justify="right")
    table.add_column("difficulty", justify="center")
    if progress is not None:
        table.add_column("progress")
    for t in topics:
        low, high = t.difficulty
        topic = Text.assemble((t.id, "bold cyan"), "\n  ", (t.title, "dim"))
        row: list[RenderableType] = [topic, *([", ".join(p.id for p in t.packs)] if show_packs else []),
                                     str(len(t.exercises)),
               f"{low}–{high}" if low != high else str(low)]
        if progress is not None:
            row.append(progress.get(t.id, "not started"))
        table.add_row(*row)
    return Group(table, Text("Start one with: calctutor practice TOPIC", style="dim"))


def render_preview(pack: Any, entries: Sequence[tuple[Any, Any, Optional[Exception]]]) -> RenderableType:
    """Every exercise of ``pack`` as a student sees it, with its answer and hint ladder.

    ``entries``: (exercise, instance or None, error or None).
    """
    head = Text()
    head.append(pack.title, style="bold")
    head.append(f"  ({pack.id} {pack.version}, topic {pack.topic_id}, {len(pack.exercises)} exercises)", style="dim")
    parts: list[RenderableType] = [head]
    if pack.description:
        parts.append(Text(pack.description, style="italic"))
    for number, (ex, inst, error) in enumerate(entries, 1):
        body = instance_body(inst, error)
        stars = "★" * ex.difficulty
        skills = ", ".join(inst.skills if inst else ex.skills)
        title = f"{number}. {ex.id} · {ex.kind} · {stars}"
        parts.append(Panel(Group(*body), title=title, title_align="left", subtitle=skills or None,
                           subtitle_align="right"))
    return Group(*parts)


def preview_lines(pack: Any, entries: Sequence[tuple[Any, Any, Optional[Exception]]]) -> list[str]:
    """The preview as plain lines (``--plain``): no box drawing; prompts, hints, answers and anticipated
    answers in the printer's plain target (ASCII math)."""
    lines = [f"{pack.title} ({pack.id})"]
    for number, (ex, inst, error) in enumerate(entries, 1):
        lines += ["", f"{number}. {ex.id} ({ex.kind}, difficulty {ex.difficulty})", *instance_lines(inst, error)]
    return lines


def instance_lines(inst: Any, error: Optional[Exception] = None) -> list[str]:
    """One instance as plain lines (``--plain``): prompt, answer, hint ladder, anticipated answers, in ASCII."""
    if inst is None:
        return [f"   cannot be instantiated: {error}"]
    prompt, hints = inst.plain()
    lines = [f"   {prompt}", f"   answer: {answer_key(inst, 'plain')} ({inst.answer_form})"]
    lines += [f"   hint {i}: {hint}" for i, hint in enumerate(hints, 1)]
    for text, mistake, message in inst.anticipated("plain"):
        lines.append(f"   if {text} -> {mistake or 'message'}" + (f": {message}" if message else ""))
    return lines


def instance_body(inst: Any, error: Optional[Exception] = None) -> list[RenderableType]:
    """One instance as an author checks it: prompt, answer, hint ladder, anticipated answers."""
    body: list[RenderableType] = []
    if inst is None:
        body.append(Text(f"cannot be instantiated: {error}", style="bold red"))
        return body
    body.append(Text(inst.prompt))
    answer = Text()
    answer.append("answer: ", style="bold green")
    answer.append(answer_key(inst))
    answer.append(f"   ({inst.answer_form})", style="dim")
    body.append(answer)
    for i, hint in enumerate(inst.hints, 1):
        body.append(Text.assemble((f"hint {i}: ", "cyan"), hint))
    for text, mistake, message in inst.anticipated():
        body.append(Text.assemble(("if ", "yellow"), text, (f" → {mistake or 'message'}", "yellow"),
                                  (f": {message}" if message else "", "yellow")))
    return body
