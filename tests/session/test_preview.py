"""The live preview's data: what the toolbar shows for half-typed answers."""

from __future__ import annotations

import pytest

from tutor.session.preview import preview, pretty_text


@pytest.mark.parametrize(
    "text, shown",
    [("4x*cos(2x^2)", "4x·cos(2x²)"), ("x^(-1)", "x⁻¹"), ("x^-2", "x⁻²"), ("x^12*y", "x¹²·y"),
     ("e^(x^2)", "e^(x²)"), ("sqrt(x)*pi", "√(x)·π"),
     # left alone: not a plain integer exponent
     ("x^(1/2)", "x^(1/2)"), ("x^(2+1)", "x^(2+1)"), ("2^x", "2^x"), ("x^2.5", "x^2.5"), ("x^2/3", "x^2/3")],
)
def test_pretty_text(text: str, shown: str) -> None:
    assert pretty_text(text) == shown


def test_preview_kinds(make_session) -> None:
    s = make_session()
    s.start()
    inst = s.current
    assert preview(inst, "  ").kind == "empty"
    assert preview(inst, ":hint").kind == "command"
    ok = preview(inst, "log x")
    assert ok.kind == "reading" and ok.text == "log x" and "natural logarithm" in ok.notes[0]
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
