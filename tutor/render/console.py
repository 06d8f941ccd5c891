"""The Rich consoles the CLI writes to, injected everywhere else for tests."""

from __future__ import annotations

import os
from typing import IO, Optional

from rich.console import Console

__all__ = ["make_console"]


def make_console(*, stderr: bool = False, no_color: bool = False, file: Optional[IO[str]] = None) -> Console:
    """A console that respects ``NO_COLOR`` and ``--no-color``; tests pass ``file``."""
    no_color = no_color or "NO_COLOR" in os.environ
    return Console(
        stderr=stderr,
        file=file,
        no_color=no_color,
        color_system=None if no_color else "auto",
        highlight=False,
        soft_wrap=False,
    )
