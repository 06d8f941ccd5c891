"""Practice shows how an answer was read the way the prompt and the answer are written."""

from __future__ import annotations

from types import SimpleNamespace

from tutor.parsing import read
from tutor.render.session import _reading_text


def test_the_reading_drops_program_style_stars_when_it_reads_back_the_same() -> None:
    reading = read("12x*e^(6x^2)")
    assert "*" in reading.text  # the canonical print
    assert _reading_text(SimpleNamespace(reading=reading)) == "12x e^(6x^2)"


def test_a_reading_without_an_expression_is_shown_as_read() -> None:
    assert _reading_text(SimpleNamespace(reading=SimpleNamespace(text="[2*3, 1]", expr=None))) == "[2*3, 1]"
    assert _reading_text(SimpleNamespace(reading=None)) is None
