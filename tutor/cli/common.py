"""Helpers every command shares: consoles, JSON output, and turning errors into exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn, TextIO

import typer

from tutor.cli.exit_codes import ExitCode

__all__ = ["fail", "print_json", "stdout_console", "stderr_console", "survive_any_locale", "Terminal", "open_terminal", "print_rendered",
           "readings_json"]


def stdout_console(no_color: bool = False) -> Any:
    from tutor.render.console import make_console

    return make_console(no_color=no_color)


def print_rendered(renderable: Any, *, plain: bool = False, no_color: bool = False, **options: Any) -> None:
    """A command's drawing on stdout; ``--plain``: as plain lines (``tutor.render.plain``: no box drawing)."""
    if plain:
        import typer

        from tutor.render.plain import plain_lines

        typer.echo("\n".join(plain_lines(renderable)))
        return
    stdout_console(no_color).print(renderable, **options)


def stderr_console(no_color: bool = False) -> Any:
    from tutor.render.console import make_console

    return make_console(stderr=True, no_color=no_color)


def print_json(data: Any) -> None:
    """One JSON document on stdout, UTF-8, no Rich markup."""
    # \u escapes when the stream is not UTF-8 (LC_ALL=C, a Latin-1 terminal): the document stays exact
    utf8 = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") in ("utf8", "utf8sig")
    sys.stdout.write(json.dumps(data, ensure_ascii=not utf8, indent=2, default=str) + "\n")
    sys.stdout.flush()


def readings_json(error: Exception) -> list[dict[str, str]] | None:
    """An ambiguity's readings for a JSON document: each as read, in SymPy, and how to type it (None: not one)."""
    readings = getattr(error, "readings", None)
    if not readings:
        return None
    return [{"reading": r.text, "sympy": str(r.expr), "write": r.write} for r in readings]


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


def survive_any_locale() -> None:
    """Run the same under LC_ALL=C, PYTHONIOENCODING=ascii or a Latin-1 terminal.

    Output is full of ·, ², ε, ⟨⟩ and box lines: a stream that cannot encode
    them raised UnicodeEncodeError in every command. Such streams now print
    a replacement character instead (JSON escapes instead, see print_json).
    The one place for this: ``run`` calls it for every command, ``practice``
    again for its own streams (tests drive it without ``run``).
    Arguments that arrived as undecodable bytes under an ASCII locale (x² as
    '\udcc2\udcb2') are UTF-8 from a UTF-8 terminal: decode them as such.
    """
    import codecs
    import os

    # `calctutor ... >&-` (or 2>&-, <&-): Python sets the stream to None and the first
    # write, flush or isatty raised AttributeError; a closed stream behaves like /dev/null.
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115 — lives as long as the process
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        if codecs.lookup(encoding).name != "utf-8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    stdin = sys.stdin
    if stdin is not None and hasattr(stdin, "reconfigure"):
        if codecs.lookup(getattr(stdin, "encoding", None) or "ascii").name != "utf-8":
            stdin.reconfigure(encoding="utf-8", errors="replace")  # scripted answers: x² must not crash a read
    for i, arg in enumerate(sys.argv):
        if any("\udc80" <= c <= "\udcff" for c in arg):
            try:
                sys.argv[i] = arg.encode("utf-8", "surrogateescape").decode("utf-8")
            except UnicodeError:
                pass  # not UTF-8 either: the parser names the bad character


@dataclass(frozen=True)
class Terminal:
    """What a sitting (practice, homework) talks to: its input, whether both ends are a terminal, two consoles."""

    stdin: TextIO
    interactive: bool  # a terminal at both ends: the prompt; else lines are read plainly and echoed
    out: Any  # a Rich console on stdout, without colour when it is not a terminal
    err: Any  # a Rich console on stderr
    plain: bool = False  # --plain: drawings as plain lines (no box drawing, no colour), ASCII marks

    def note(self, message: str) -> None:
        from rich.text import Text

        self.err.print(Text("note: " + message, style="yellow"))

    def show(self, renderable: Any) -> None:
        """A drawing on stdout; under ``--plain`` as plain lines (``tutor.render.plain``), never
        wrapped by Rich (a pasted line stays one line)."""
        if not self.plain:
            self.out.print(renderable)
            return
        from rich.text import Text

        from tutor.render.plain import plain_lines

        self.out.print(Text("\n".join(plain_lines(renderable))), soft_wrap=True)

    def line_reader(self) -> Callable[[], str]:
        """Lines read one by one, each echoed as ``› line`` (``> line`` under ``--plain``) so the output
        reads as a transcript; EOFError at the end of the input."""
        from rich.text import Text

        mark = "> " if self.plain else "› "

        def read() -> str:
            line = self.stdin.readline()
            if not line:
                raise EOFError
            line = line.rstrip("\r\n")
            self.out.print(Text(mark + line, style="" if self.plain else "bold"), soft_wrap=self.plain)
            return line

        return read


def open_terminal(stdin: TextIO | None = None, interactive: bool | None = None, no_color: bool = False,
                  plain: bool = False) -> Terminal:
    """The sitting's terminal: ``stdin`` (default sys.stdin), interactive when both ends are a terminal
    (unless told), streams that survive any locale; ``plain``: no colour, drawings as plain lines."""
    stdin = stdin or sys.stdin
    survive_any_locale()
    if interactive is None:
        interactive = stdin.isatty() and sys.stdout.isatty()
    no_color = no_color or plain
    return Terminal(stdin, interactive, stdout_console(no_color=no_color or not interactive),
                    stderr_console(no_color=no_color), plain)
