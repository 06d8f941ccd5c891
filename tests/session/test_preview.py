"""The live preview's data: what the toolbar shows for half-typed answers."""

from __future__ import annotations

import pytest

from tutor.session.preview import preview


def test_preview_kinds(make_session) -> None:
    s = make_session()
    s.start()
    inst = s.current
    assert preview(inst, "  ").kind == "empty"
    assert preview(inst, ":hint").kind == "command"
    ok = preview(inst, "log x")
    assert ok.kind == "reading" and ok.text == "log x" and "natural logarithm" in ok.notes[0]
    assert ok.shown() == "ln(x)" and ok.shown("plain") == "ln(x)"  # the printer's, as the echo after Enter
    err = preview(inst, "cos(x")
    assert err.kind == "error" and err.column == 4 and "never closed" in err.text
    amb = preview(inst, "sin x x")
    assert amb.kind == "ambiguous" and amb.notes == ("sin(x)·x", "sin(x·x)")
    assert preview(None, "x").kind == "empty"  # between exercises


def test_preview_with_the_real_parser_and_packs() -> None:
    from pathlib import Path

    from tutor.packs import discover_packs, instantiate

    catalog = discover_packs(extra_paths=[Path(__file__).parents[1] / "cli" / "data" / "drill.yaml"], builtin=False)
    inst = instantiate(catalog.find_topic("drill").packs[0].exercises[0], 3)
    assert preview(inst, "6x cos(3x^2)").kind == "reading"
    unknown = preview(inst, "2x/3y")
    assert unknown.kind == "error" and unknown.column == 5
    assert preview(inst, "1/2x").kind == "ambiguous"
