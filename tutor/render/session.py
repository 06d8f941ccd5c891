"""Drawing a practice session's events with Rich: exercise, feedback, hints, steps, summary.

One function per event type, chosen from ``RENDERERS`` (a table, not a chain of
``isinstance``). Renderables are plain text lines and borderless tables, so the
same output reads well in colour, with ``NO_COLOR`` and when piped.

``plain`` (``--plain``): ASCII words and marks (``Correct.``, not ``✓ Correct.``), the prompt and
hints in the printer's plain target (``Instance.plain``), the steps as indented lines. The math
made while the session runs (the "read as" echo, feedback, answers) follows the printer's current
target, which the front end sets with ``printing("plain")``; ``tutor.render.plain.plain_lines``
then writes the renderables without box drawing.
"""

from __future__ import annotations

from typing import Any, Callable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tutor.render.errors import render_error
from tutor.render.expressions import shown
from tutor.session.events import (Checked, CommandFailed, Event, Finished, Help, Hint, Plot, Presented, Skipped,
                                  StepsShown, Summary, Unreadable)
from tutor.session.outcomes import tally_text
from tutor.session.scheduling import next_review_text

__all__ = ["KEYS", "RENDERERS", "render_event", "render_steps_or_text", "render_summary", "duration_text"]

# Keys of the interactive prompt, shown by :help (the bindings live in tutor/cli/practice_prompt.py).
KEYS: tuple[tuple[str, str], ...] = (
    ("F1 or Ctrl-T", "next hint (same as :hint)"),
    ("Tab", "complete a function name or a command"),
    ("Up / Down", "earlier answers to this topic"),
    ("Ctrl-C / Ctrl-D", "stop; progress is saved and the summary shown"),
)


def duration_text(seconds: float) -> str:
    """'42 s', '3 min 05 s', '1 h 02 min'."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def render_steps_or_text(steps: Any, plain: bool = False) -> RenderableType | None:
    """The explanation layer's step tree (``tutor/render/steps.py``) for real steps, else indented text;
    ``plain``: a derivation as indented lines in the plain target, no box drawing."""
    if steps is None:
        return None
    from tutor.explain import WorkedStep
    from tutor.explain.steps import Step
    from tutor.render.steps import render_steps

    if isinstance(steps, WorkedStep):
        from tutor.render.worked import render_worked

        return render_worked(steps)
    return render_steps(steps, plain=plain) if isinstance(steps, Step) else _text_tree(steps, plain=plain)


def _text_tree(step: Any, depth: int = 0, plain: bool = False) -> Text:
    text = Text()
    line = getattr(step, "text", None)
    if line is None:
        rule = getattr(step, "rule", None)
        expr, result = getattr(step, "expr", None), getattr(step, "result", None)
        line = f"{rule}: d/d{','.join(getattr(step, 'wrt', ()) or ('x',))} {expr} = {result}" if rule else str(step)
    text.append("  " * depth + ("- " if plain else "• ") + str(line) + "\n")
    for sub in getattr(step, "substeps", ()) or ():
        text.append_text(_text_tree(sub, depth + 1, plain))
    return text


def _separator(plain: bool) -> str:
    """Between the parts of a line: ``·`` (ASCII under ``--plain``)."""
    return ", " if plain else " · "


def _plain_texts(instance: Any) -> tuple[str, tuple[str, ...]] | None:
    """The prompt and hints in the plain target (``Instance.plain``); None for what has no such form."""
    plain = getattr(instance, "plain", None)
    return plain() if callable(plain) else None


def _presented(e: Presented, plain: bool = False) -> RenderableType:
    head = Text()
    head.append(f"\nExercise {e.number} of {e.total}", style="bold")
    difficulty = getattr(e.instance, "difficulty", None)
    skills = ", ".join(getattr(e.instance, "skills", ()) or ())
    details = _separator(plain).join(x for x in (skills, f"difficulty {difficulty}" if difficulty else "") if x)
    if details:
        head.append(f"  ({details})", style="dim")
    texts = _plain_texts(e.instance) if plain else None
    prompt = texts[0] if texts is not None else str(getattr(e.instance, "prompt", ""))
    return Group(head, Text("  " + shown(prompt), style="cyan"))


def _reading_text(feedback: Any) -> str | None:
    """How the answer was read, as the live preview writes it: the one printer in its current target
    (``12x e^(6x²)``, not ``12x*e^(6x^2)``; ``12x e^(6x^2)`` under ``--plain``)."""
    reading = getattr(feedback, "reading", None)
    text = getattr(reading, "text", None)
    if not text:
        return None
    from tutor.parsing.printer import current_target
    from tutor.session.preview import reading_text

    return reading_text(str(text), getattr(reading, "expr", None), current_target())


def _checked(e: Checked, plain: bool = False) -> RenderableType:
    parts: list[RenderableType] = []
    message = str(getattr(e.feedback, "message", "") or "")
    line = Text()
    if e.status == "correct":
        line.append("Correct." if plain else "✓ Correct.", style="bold green")
        if message and message.rstrip(".").lower() != "correct":
            line.append(" " + message)
        parts.append(line)
        return Group(*parts)
    if e.status == "undecided":
        line.append("? Undecided: ", style="bold yellow")
        line.append(message or "the checker could not decide; try writing the answer another way.")
        parts.append(line)
        return Group(*parts)
    line.append("Not quite." if plain else "✗ Not quite.", style="bold red")
    reading = _reading_text(e.feedback)
    if reading:
        line.append(f"  (read as {shown(reading)})", style="dim")
    parts.append(line)
    mistake = getattr(e.feedback, "mistake", None)
    if mistake is not None and getattr(mistake, "message", None):
        m = Text("  Mistake: ", style="bold magenta")
        m.append(shown(str(mistake.message)), style="")
        parts.append(m)
    elif message:
        # The checker's message often starts with the same words as our headline.
        for prefix in ("Not quite: ", "Not quite. ", "Not quite."):
            message = message.removeprefix(prefix)
        message = message.rstrip(".") + "."
        if message.strip(". "):
            parts.append(Text("  " + shown(message[0].upper() + message[1:])))
    if e.steps is not None:
        parts.append(Text(f"  After {e.wrong_tries} tries, here are the steps:", style="bold"))
        steps = render_steps_or_text(e.steps, plain)
        if steps is not None:
            parts.append(steps)
    else:  # a front end with other rules (homework: attempts left, no :steps) says its own next step
        parts.append(Text("  " + (getattr(e, "next_step", None) or "Try again, or :hint, :steps, :skip, :plot."),
                          style="dim"))
    return Group(*parts)


def _unreadable(e: Unreadable, plain: bool = False) -> RenderableType:
    return Group(render_error(e.error), Text("  (not counted as an attempt: fix it and press Enter)", style="dim"))


def _hint(e: Hint, plain: bool = False) -> RenderableType:
    if e.total == 0:
        return Text("No hints for this exercise: :steps shows the worked solution.", style="yellow")
    if e.text is None:
        return Text(f"That was the last hint ({e.total} of {e.total}); :steps shows the worked solution.", style="yellow")
    texts = _plain_texts(e.instance) if plain else None
    line = Text(f"Hint {e.number}/{e.total}: ", style="bold yellow")
    line.append(texts[1][e.number - 1] if texts is not None and e.number <= len(texts[1]) else e.text)
    return line


def _steps_shown(e: StepsShown, plain: bool = False) -> RenderableType:
    parts: list[RenderableType] = [Text("Steps (this one counts as given up):", style="bold")]
    steps = render_steps_or_text(e.steps, plain)
    if steps is not None:
        parts.append(steps)
    if e.expected_text:
        parts.append(Text(f"  Answer: {shown(e.expected_text)}", style="bold green"))
    return Group(*parts)


def _skipped(e: Skipped, plain: bool = False) -> RenderableType:
    line = Text("Skipped.", style="yellow")
    if e.expected_text:
        line.append(f" One right answer: {shown(e.expected_text)}")
    return line


def _help(e: Help, plain: bool = False) -> RenderableType:
    table = Table(box=None, show_header=False, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for info in e.commands:
        table.add_row(info.name, info.usage)
    for key, usage in KEYS:
        table.add_row(key, usage)
    return Group(Text("Type an answer such as 2x cos(x^2), or a command:"), table)


def _plot(e: Plot, plain: bool = False) -> RenderableType:
    from tutor.render.practice_plot import plot_against

    return plot_against(e.answer, e.expected, e.variable, answer_label=f"your answer {e.answer_text}", plain=plain)


def _command_failed(e: CommandFailed, plain: bool = False) -> RenderableType:
    line = Text("! ", style="bold yellow")
    line.append(e.message)
    if e.hint:
        line.append(f" ({e.hint})", style="dim")
    return line


def render_summary(summary: Summary, *, quit_early: bool = False, plain: bool = False) -> RenderableType:
    """Score, time, results per skill, and what to review next and when (``plain``: ASCII separators)."""
    parts: list[RenderableType] = []
    title = Text("\nSession summary", style="bold underline")
    if quit_early:
        title.append("  (stopped early; everything so far is saved)", style="dim")
    parts.append(title)
    t = summary.tally
    pct = f" ({summary.score:.0%})" if t.seen else ""
    score = f"Score {t.alone}/{t.seen}{pct} solved alone"
    others = [f"{n} {what}" for n, what in ((t.with_help, "with help (hints or steps)"),
                                             (t.unsolved, "not solved"), (t.skipped, "skipped")) if n]
    parts.append(Text(_separator(plain).join([score, *others])))
    parts.append(
        Text(
            f"{summary.attempts} {'answer' if summary.attempts == 1 else 'answers'} checked"
            f"{_separator(plain)}time {duration_text(summary.elapsed_s)}"
        )
    )
    if summary.skills:
        table = Table(box=None, padding=(0, 2), header_style="bold")
        table.add_column("skill")
        table.add_column("exercises")  # by the one counting rule (tutor.session.outcomes)
        table.add_column("level")
        for s in summary.skills:
            table.add_row(s.skill, tally_text(s.tally), s.level)
        parts.append(table)
    if summary.reviews:
        parts.append(Text("Review next:", style="bold"))
        for r in summary.reviews[:5]:  # the soonest few: a longer list is what `calctutor progress` is for
            parts.append(Text(f"  {r.skill} {next_review_text(r.due, summary.now)} ({r.level})"))
    return Group(*parts)


def _finished(e: Finished, plain: bool = False) -> RenderableType:
    return render_summary(e.summary, quit_early=e.quit_early, plain=plain)


RENDERERS: dict[type, Callable[[Any, bool], RenderableType]] = {
    Presented: _presented,
    Checked: _checked,
    Unreadable: _unreadable,
    Hint: _hint,
    StepsShown: _steps_shown,
    Skipped: _skipped,
    Help: _help,
    Plot: _plot,
    CommandFailed: _command_failed,
    Finished: _finished,
}


def render_event(event: Event, plain: bool = False) -> RenderableType:
    """The renderable for one session event (an event subclass is drawn as its base class);
    ``plain``: for ``--plain`` (ASCII words, plain-target prompt and hints, steps as lines)."""
    for cls in type(event).__mro__:
        if cls in RENDERERS:
            return RENDERERS[cls](event, plain)
    raise KeyError(f"no renderer for {type(event).__name__}")
