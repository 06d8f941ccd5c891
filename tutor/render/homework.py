"""Drawing a homework sitting: the practice renderers, plus the events only homework has."""

from __future__ import annotations

from typing import Any, Callable

from rich.console import RenderableType
from rich.text import Text

from tutor.render.expressions import shown
from tutor.render.session import render_event
from tutor.session.homework import OutOfAttempts

__all__ = ["render_homework_event"]


def _out_of_attempts(e: OutOfAttempts, plain: bool = False) -> RenderableType:
    line = Text(f"No attempts left ({e.attempts} used).", style="yellow")
    if e.expected_text:
        line.append(f" One right answer: {shown(e.expected_text)}")
    return line


HOMEWORK_RENDERERS: dict[type, Callable[[Any, bool], RenderableType]] = {OutOfAttempts: _out_of_attempts}


def render_homework_event(event: Any, plain: bool = False) -> RenderableType:
    """``plain``: for ``--plain``, as ``render_event``."""
    draw = HOMEWORK_RENDERERS.get(type(event))
    return draw(event, plain) if draw is not None else render_event(event, plain)
