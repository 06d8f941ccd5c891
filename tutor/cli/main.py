"""Entry point of the ``calctutor`` console script."""

from __future__ import annotations

import importlib
import os
from typing import TypeGuard
import typer

from tutor import __version__
from tutor.cli.app import app as _app
from tutor.cli.common import survive_any_locale
from tutor.cli.exit_codes import ExitCode

__all__ = ["app", "run"]

# One module per command; each registers itself on `app` when imported.
# Importing them must stay cheap: no SymPy, Rich consoles or YAML at import time.
COMMAND_MODULES = (
    "practice",
    "progress",
    "topics",
    "check",
    "explain",
    "mistakes",
    "parse",
    "dual",
    "trace",
    "numdiff",
    "validate",
    "preview",
    "homework",
    "grade",
    "report",
    "export",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"calctutor {__version__}")
        raise typer.Exit()


@_app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """A calculus tutor and derivative checker for the terminal.

    Exit codes: 0 success or correct, 1 incorrect answer or pack problems,
    2 unusable input, 3 undecided.
    """


def _register_commands(names: tuple[str, ...] = COMMAND_MODULES) -> None:
    for name in names:
        importlib.import_module(f"tutor.cli.{name}")
    for command in _app.registered_commands:
        if command.callback is not None:
            command.callback.__doc__ = _reflowed(command.callback.__doc__)


def _reflowed(doc: str | None) -> str | None:
    """A docstring with each paragraph on one line, so ``--help`` wraps it to the terminal.

    Typer's rich help keeps the docstring's own line breaks: at 60 columns a line
    wrapped at 75 in the source broke in two, leaving a short stub on every line.
    """
    if not doc:
        return doc
    import inspect

    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def __getattr__(name: str) -> typer.Typer:
    # `from tutor.cli.main import app` (tests, `python -m tutor`) gets every command.
    if name == "app":
        _register_commands()
        return _app
    raise AttributeError(name)


def _command_named_in(argv: list[str]) -> str | None:
    """The command a command line runs, when it is plain to see (``calctutor check ...``)."""
    for word in argv[1:]:
        if word.startswith("-"):
            return None  # options before the command (--version, --help): load everything
        return word if word in COMMAND_MODULES else None
    return None


def run() -> None:
    """Run the CLI (the console script's target).

    Typer builds the parameters of every registered command before it runs
    one, so a command line that names its command registers only that one:
    ~50 ms less start-up for `calctutor check`. Anything else (--help, a typo)
    registers them all, so help and "no such command" stay complete.
    """
    import sys

    survive_any_locale()
    command = _command_named_in(sys.argv)
    _register_commands((command,) if command else COMMAND_MODULES)
    try:
        _app(prog_name="calctutor")
    except SystemExit as exit_:
        code = exit_.code
    except KeyboardInterrupt:
        code = int(ExitCode.INTERRUPTED)
    except BrokenPipeError:  # `calctutor mistakes | head`: the reader left; nothing to report
        code = 0
    except Exception as error:  # noqa: BLE001 — the last line of defence: never a traceback
        if os.environ.get("CALCTUTOR_DEBUG"):
            raise
        code = _report_output_error(error) if _is_output_failure(error) else _report_internal_error(error)
    else:
        code = 0
    if command in LONG_RUNNING_COMMANDS:
        sys.exit(code)
    _exit_now(code)


def _is_output_failure(error: BaseException) -> TypeGuard[OSError]:
    """A full disk or a dead device under stdout (`> /dev/full`): the environment, not a bug."""
    import errno

    return isinstance(error, OSError) and error.errno in {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}


def _report_output_error(error: OSError) -> int:
    """Say why the output could not be written, and exit 74 (EX_IOERR)."""
    import sys

    try:
        print(f"calctutor: cannot write the output: {error.strerror or error}\n"
              "Free some space or write the output somewhere else.", file=sys.stderr)
        sys.stderr.flush()
    except OSError:  # stderr is on the same full disk: the exit code alone has to tell
        pass
    return int(ExitCode.OUTPUT_ERROR)


def _report_internal_error(error: BaseException) -> int:
    """A bug, not bad input: say so plainly, with what to send, and exit 70 (EX_SOFTWARE)."""
    import sys

    print(
        f"calctutor: internal error: {type(error).__name__}: {error}\n"
        "This is a bug in calctutor, not in your input. Run the same command with\n"
        "CALCTUTOR_DEBUG=1 to see the traceback, and report it with the command line.",
        file=sys.stderr,
    )
    return int(ExitCode.INTERNAL_ERROR)


# Interactive commands keep the ordinary interpreter shutdown; for the others
# it is pure cost (see _exit_now).
LONG_RUNNING_COMMANDS = frozenset({"practice", "homework"})


def _exit_now(code: object) -> None:
    """Flush and leave without tearing the interpreter down.

    Tearing down SymPy's object graph takes ~0.13 s, a quarter of a whole
    `calctutor check` run, and buys nothing: every file we write is closed or
    committed by then. So flush the standard streams and ``os._exit``.
    """
    import os
    import sys

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message") convention: print it, status 1
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (calctutor ... | head)
            pass
    os._exit(status)


main.__doc__ = _reflowed(main.__doc__)
