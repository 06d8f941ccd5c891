"""Helpers every command shares: consoles, JSON output, and turning errors into exit codes."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer

from tutor.cli.exit_codes import ExitCode

__all__ = ["fail", "print_json", "stdout_console", "stderr_console"]


def stdout_console(no_color: bool = False) -> Any:
    from tutor.render.console import make_console

    return make_console(no_color=no_color)


def stderr_console(no_color: bool = False) -> Any:
    from tutor.render.console import make_console

    return make_console(stderr=True, no_color=no_color)


def print_json(data: Any) -> None:
    """One JSON document on stdout, UTF-8, no Rich markup."""
    # \u escapes when the stream is not UTF-8 (LC_ALL=C, a Latin-1 terminal): the document stays exact
    utf8 = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") in ("utf8", "utf8sig")
    sys.stdout.write(json.dumps(data, ensure_ascii=not utf8, indent=2, default=str) + "\n")
    sys.stdout.flush()


def fail(error: Exception, *, as_json: bool = False, code: ExitCode = ExitCode.INVALID_INPUT) -> NoReturn:
    """Report a user error (rendered, or as JSON with the verdict "invalid") and exit."""
    from tutor.errors import UserError

    if as_json:
        payload: dict[str, Any] = {"verdict": "invalid", "message": getattr(error, "message", str(error))}
        if isinstance(error, UserError):
            payload["hint"] = error.hint
            if error.span is not None:
                payload["column"] = error.span.column
                payload["span"] = [error.span.start, error.span.end]
            if error.location:
                payload["location"] = error.location
        print_json(payload)
    else:
        from tutor.render.errors import render_error

        # soft_wrap: a message names file:line:col and paths; Rich must not break it mid-path
        # (the terminal still wraps what is too long, and grep still finds one line)
        if isinstance(error, UserError):
            stderr_console().print(render_error(error), soft_wrap=True)
        else:
            stderr_console().print(f"[bold red]error:[/] {error}", soft_wrap=True)
    raise typer.Exit(int(code))
