"""preview --format latex [--key] (a printable sheet and its key) and preview --plain, as printed."""

from __future__ import annotations

from pathlib import Path
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from tutor.cli.main import app
from tutor.packs import discover_packs, instantiate
from tutor.render.worksheet import UNICODE_LATEX, worksheet_latex

runner = CliRunner()
ENV = {"NO_COLOR": "1", "COLUMNS": "100"}


def _entries(pack_id: str, seed: int = 0):
    pack = discover_packs().find_pack(pack_id)
    return pack, [(ex, instantiate(ex, seed), None) for ex in pack.exercises]


BUILT_IN_PACKS = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "exercises").glob("*.yaml"))


@pytest.mark.parametrize("pack_id", BUILT_IN_PACKS)
def test_every_symbol_of_a_built_in_sheet_is_declared_for_pdflatex(pack_id: str) -> None:
    pack, entries = _entries(pack_id)
    for key in (False, True):
        source = worksheet_latex(pack.title, entries, seed=0, key=key)
        body = source.split(r"\begin{document}")[1]
        undeclared = {c for c in body if ord(c) > 0x7F and c not in UNICODE_LATEX and c != "\u0304"}
        assert "\u0304" not in body  # x̄ is typeset as \bar{x}: pdflatex has no combining macron
        assert not undeclared, undeclared
        assert source.count(r"\item ") == len(entries)
        assert source.count("{") == source.count("}") - source.count(r"\}") + source.count(r"\{")


def test_the_key_has_textbook_answers_in_latex_math_and_the_sheet_none() -> None:
    result = runner.invoke(app, ["preview", "chain-rule", "--format", "latex", "--key", "--seed", "2"], env=ENV)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(r"\documentclass") and result.output.rstrip().endswith(r"\end{document}")
    assert r"\textbf{Answer:} $" in result.output and r"\cos\left(" in result.output
    sheet = runner.invoke(app, ["preview", "chain-rule", "--format", "latex"], env=ENV)
    assert "Answer" not in sheet.output.split(r"\begin{document}")[1].replace("Exercises", "")
    bad = runner.invoke(app, ["preview", "chain-rule", "--format", "pdf"], env=ENV)
    assert bad.exit_code == 2 and "--format 'pdf' is not a format" in bad.output


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed: the source was checked")
@pytest.mark.parametrize("pack_id", BUILT_IN_PACKS)
def test_the_sheet_and_key_compile(tmp_path, pack_id: str) -> None:
    pack, entries = _entries(pack_id)
    for key in (False, True):
        path = tmp_path / f"sheet-{key}.tex"
        path.write_text(worksheet_latex(pack.title, entries, seed=0, key=key), encoding="utf-8")
        done = subprocess.run(["pdflatex", "-interaction=nonstopmode", path.name], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout[-2000:]


def test_preview_plain_draws_no_boxes_and_prints_answers_in_ascii() -> None:
    result = runner.invoke(app, ["preview", "chain-rule", "--plain"], env=ENV)
    assert result.exit_code == 0, result.output
    assert not any(c in result.output for c in "╭╮╰╯│─")
    answers = [line for line in result.output.splitlines() if line.strip().startswith("answer: ")]
    assert answers and all(line.isascii() for line in answers), answers
    assert "answer: 8 cos(8x) (expression)" in result.output or "answer: " in answers[0]


def test_numdiff_and_trace_plain_print_lines_without_box_drawing() -> None:
    numdiff = runner.invoke(app, ["numdiff", "sin(x)", "--at", "x=1", "--plain"], env=ENV)
    assert numdiff.exit_code == 0, numdiff.output
    lines = numdiff.output.splitlines()
    assert lines[0] == "d/dx at x = 1: AD gives 0.54030230586814" and numdiff.output.isascii()
    assert lines[2].startswith("1e-01, 0.4973637525") and len(lines) >= 14
    trace = runner.invoke(app, ["trace", "x^2 sin(x)", "--at", "x=2", "--plain"], env=ENV)
    assert trace.exit_code == 0, trace.output
    assert not any(c in trace.output for c in "╭╮╰╯│─┃━┏┓┗┛")
    assert "  v3 = v1 v2   (3.6372)" in trace.output and trace.output.rstrip().endswith("f = 3.6372, df/dx = 1.9726")
    assert trace.output.isascii()
