"""What the user reads has no SymPy names and no `*`: every command's human output over the built-in packs.

A place that builds math by string concatenation (str(expr), to_text, f"{a}*{b}") shows up here as
`**`, `*`, `Abs(`, `sign(`, `log(`, `E`, `pi`; and a static scan keeps str()/to_text of math out of
the modules that print (render/, the step wording).
"""

from __future__ import annotations

import glob
import re
from pathlib import Path

import os

import pytest
from typer.testing import CliRunner

from tutor.cli.main import app
from tutor.packs.instance import instantiate
from tutor.packs.loader import load_pack

FULL = pytest.mark.skipif(not os.environ.get("CALCTUTOR_FULL_CHECKS"),
                          reason="the full run (figures for the closing note): CALCTUTOR_FULL_CHECKS=1 pytest -m slow")

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
ENV = {"COLUMNS": "200", "NO_COLOR": "1"}
SYMPY_NAMES = re.compile(r"\*|Abs\(|sign\(|\blog\(|\bexp\(|(?<![\w.])E(?![\w])|\bpi\b|sqrt\(|zoo|I\b")


def _commands() -> list[tuple[str, list[str]]]:
    """(exercise id, command line) for each built-in exercise a command can show."""
    out = []
    for name in sorted(glob.glob(str(ROOT / "exercises" / "*.yaml"))):
        for ex in load_pack(Path(name)).exercises:
            texts = instantiate(ex, 0).task.texts
            of = texts.get("of")
            if not of:
                continue
            if texts.get("wrt"):
                wrt = [a for w in texts["wrt"].split(",") for a in ("--wrt", w.strip())]
                where = ["--where", texts["where"]] if texts.get("where") else []
                out.append((ex.id, ["explain", of, *wrt, *where]))
                if texts.get("expected"):
                    out.append((ex.id, ["check", texts["expected"], "--of", of, *wrt, *where]))
            elif ex.kind == "dual-evaluate" and texts.get("at"):
                at = texts["at"].replace(" ", "")
                out.append((ex.id, ["dual", of, "--at", at if "=" in at else f"x={at}"]))
    return out


COMMANDS = _commands()


def _human_output(args: list[str]) -> str:
    result = runner.invoke(app, args, env=ENV)
    assert result.exit_code in (0, 1), (args, result.output)
    return result.output


def _offending(text: str) -> list[str]:
    # Words are not math: "note:" lines quote what was typed (log is read as ln) and stay.
    lines = [ln for ln in text.splitlines() if "note:" not in ln]
    return [ln for ln in lines if SYMPY_NAMES.search(ln)]


@pytest.mark.parametrize("exercise, args", COMMANDS[::9], ids=[c[0] for c in COMMANDS[::9]])
def test_sample_of_commands_prints_student_notation(exercise: str, args: list[str]) -> None:
    assert not _offending(_human_output(args)), args


@FULL
@pytest.mark.slow
def test_every_command_over_the_built_in_packs_prints_student_notation() -> None:
    bad = []
    for exercise, args in COMMANDS:
        bad += [(exercise, line) for line in _offending(_human_output(args))]
    print(f"{len(COMMANDS)} commands, {len(bad)} lines with SymPy names or *")
    assert not bad, bad[:10]


@pytest.mark.parametrize("args, expected", [
    (["dual", "x e^x", "--at", "x=1"], "f(1) = e and f'(1) = 2e"),
    (["dual", "x^2 + 3x", "--at", "x=2"], "f'(2) = 7"),
    (["dual", "sin(x)", "--at", "x=pi/2"], "⟨sin(π/2), 1·cos(π/2)⟩"),
    (["check", "2 sin(x) cos(x)", "--of", "sin(x)^2"], "d/dx sin²(x) = 2 sin(x) cos(x)"),
    (["check", "sec(x)^2", "--of", "tan x"], "d/dx tan(x) = sec²(x)"),
    (["check", "1/x", "--of", "ln|x|"], "d/dx ln|x| = 1/x"),
    (["explain", "tan x"], "d/dx tan(x) = sec²(x)"),
])
def test_the_issue_examples(args: list[str], expected: str) -> None:
    out = _human_output(args)
    assert expected in out
    assert not _offending(out)
    assert "f'(x) = 7" not in out


def test_explain_formats() -> None:
    latex = _human_output(["explain", "(x + 5)/(x - 9)", "--format", "latex"])
    assert latex.startswith("\\begin{align*}") and latex.rstrip().endswith("\\end{align*}")
    assert r"\frac{d}{d x} \left(\frac{x + 5}{x - 9}\right) &= -\frac{14}{\left(x - 9\right)^{2}}" in latex
    plain = _human_output(["explain", "(x + 5)/(x - 9)", "--plain"])
    assert plain.isascii() or all(ord(c) < 128 or c in "·′'ⁿ⁻¹²−" for c in plain)
    assert "d/dx ((x + 5)/(x - 9)) = ((x - 9)(1) - (x + 5)(1))/(x - 9)^2" in plain
    assert not any(c in plain for c in "│├└─")
    bad = runner.invoke(app, ["explain", "x", "--format", "html"])
    assert bad.exit_code == 2 and "--format" in bad.output


def test_explain_latex_compiles_when_pdflatex_is_installed(tmp_path: Path) -> None:
    import shutil
    import subprocess

    latex = _human_output(["explain", "sin(x^2)/(x + 1)", "--format", "latex"])
    document = "\\documentclass{article}\\usepackage{amsmath}\\begin{document}\n" + latex + "\\end{document}\n"
    assert document.count("\\left(") == document.count("\\right)")
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed: the source was checked")
    (tmp_path / "steps.tex").write_text(document, encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "steps.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]


# Modules that print math for people: str() or to_text() of an expression there is a string-built formula.
PRINTING_MODULES = ["tutor/render/steps.py", "tutor/render/verdicts.py", "tutor/render/dual.py",
                    "tutor/render/traces.py", "tutor/explain/wording.py", "tutor/autodiff/dual_steps.py",
                    "tutor/autodiff/formulas.py"]
_STRING_MATH = re.compile(r"\bto_text\(|\bstr\((?:expr|step\.|s\.|root\.|result|value|x\b|d\.)|\.replace\(\"\*\*\"")


@pytest.mark.parametrize("module", PRINTING_MODULES)
def test_printing_modules_build_no_math_from_strings(module: str) -> None:
    source = (ROOT / module).read_text(encoding="utf-8")
    assert not _STRING_MATH.findall(source), module
