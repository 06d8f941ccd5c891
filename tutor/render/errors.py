"""Drawing a ``UserError``: the message, a caret under the offending text, the hint."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from tutor.errors import UserError

__all__ = ["render_error", "caret_lines"]


def caret_lines(source: str, start: int, end: int, *, width: int = 76) -> tuple[str, str]:
    """The source line (windowed to ``width``) and a line of ``^`` under ``[start, end)``."""
    flat = "".join(ch if ch.isprintable() else "·" for ch in source)
    end = max(end, start + 1)
    left = max(0, min(start - width // 2, len(flat) - width))
    shown = flat[left : left + width]
    prefix = "…" if left > 0 else ""
    suffix = "…" if left + width < len(flat) else ""
    pad = len(prefix) + start - left
    carets = "^" * max(1, min(end, left + width) - start)
    return prefix + shown + suffix, " " * pad + carets


def render_error(error: UserError) -> RenderableType:
    """A renderable for any user error (parse errors, pack errors, bad options)."""
    parts: list[RenderableType] = []
    head = Text()
    head.append("error: ", style="bold red")
    if error.location:
        head.append(f"{error.location}: ", style="bold")
    head.append(error.message)
    if error.span is not None and not error.location:
        head.append(f" (column {error.span.column})", style="dim")
    parts.append(head)
    if error.source is not None and error.span is not None:
        line, carets = caret_lines(error.source, error.span.start, error.span.end)
        parts.append(Text("  " + line))
        parts.append(Text("  " + carets, style="bold red"))
    if error.hint:
        hint = Text()
        hint.append("hint: ", style="bold cyan")
        hint.append(error.hint)
        parts.append(hint)
    return Group(*parts)
