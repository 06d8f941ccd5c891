"""Exit codes of every calctutor command (documented in --help and the README)."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode"]


class ExitCode(IntEnum):
    OK = 0  # correct answer / clean pack / command succeeded
    INCORRECT = 1  # wrong answer (check) / problems found (validate)
    INVALID_INPUT = 2  # unusable input: parse error, ambiguity, unknown variable, bad file
    UNDECIDED = 3  # check could not decide within its time budget
    INTERNAL_ERROR = 70  # a bug in calctutor (EX_SOFTWARE), never bad input
    OUTPUT_ERROR = 74  # the output could not be written, e.g. a full disk (EX_IOERR)
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT
