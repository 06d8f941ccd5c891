"""Drawing a reading: the canonical text, SymPy's 2D form and the notes, in a recorded console."""

from __future__ import annotations

from rich.console import Console

from tutor.parsing import read
from tutor.render.expressions import pretty_expression, render_reading


def _draw(renderable: object) -> str:
    console = Console(record=True, width=80, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_reading_shows_text_2d_form_variables_and_notes() -> None:
    out = _draw(render_reading(read("log x / (2x)", ["x"])))
    lines = out.splitlines()
    assert lines[0] == "read as: ln(x)/(2x)"
    assert "ln(x)" in out and "───" in out and "log" not in out.split("note:")[0]  # stacked 2D form, ln
    assert "variables: x" in out
    assert "note: log is read as the natural logarithm" in out


def test_ascii_2d_form() -> None:
    text = pretty_expression(read("x^2").expr, unicode=False)
    assert text.splitlines() == [" 2", "x "]


def test_no_notes_no_note_lines() -> None:
    assert "note:" not in _draw(render_reading(read("2x")))
