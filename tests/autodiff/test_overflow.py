"""A point where a float result overflows is a DomainError (exit 2), not an internal error."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tutor.autodiff import DomainError, to_tape
from tutor.autodiff.tape import evaluate, reverse
from tutor.parsing import parse


@pytest.mark.parametrize("text, point, operation", [
    ("e^(1000x)", 1.0, "exp"),
    ("sinh(1000x)", 1.0, "sinh"),
    ("x^1000", 10.0, "power"),
])
def test_overflow_names_the_operation(text: str, point: float, operation: str) -> None:
    tape = to_tape(parse(text), ["x"])
    for run in (lambda: evaluate(tape, [point]), lambda: reverse(tape, [point])):
        with pytest.raises(DomainError) as info:
            run()
        assert operation in info.value.message and "overflow" in info.value.message


def test_trace_cli_reports_overflow_with_exit_2() -> None:
    done = subprocess.run([sys.executable, "-m", "tutor", "trace", "e^(1000x)", "--at", "x=1"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "overflow" in done.stderr and "internal error" not in done.stderr
