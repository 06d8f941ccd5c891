"""Practice shows how an answer was read the way the prompt and the answer are written."""

from __future__ import annotations

from types import SimpleNamespace

from tutor.parsing import read
from tutor.render.session import _reading_text


def test_the_reading_is_printed_by_the_one_printer_and_reads_back() -> None:
    reading = read("12x*e^(6x^2)")
    assert "*" in reading.text  # the canonical print
    shown = _reading_text(SimpleNamespace(reading=reading))
    assert shown == "12x e^(6x²)"
    assert read(shown).expr == reading.expr


def test_a_reading_without_an_expression_is_shown_as_read() -> None:
    assert _reading_text(SimpleNamespace(reading=SimpleNamespace(text="[2*3, 1]", expr=None))) == "[2*3, 1]"
    assert _reading_text(SimpleNamespace(reading=None)) is None
