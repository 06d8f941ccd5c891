"""The answer shown to a student (:skip, :steps, preview, answer keys) is the textbook form, printed."""

from __future__ import annotations

import pytest
from rich.console import Console

from tutor.packs.answer_key import answer_key
from tutor.packs.instance import instantiate
from tutor.packs.loader import load_pack_text
from tutor.parsing import notation as M

PACK = """\
format: 1
id: keys
title: Answer keys
version: "1.0"
author: calctutor tests
license: CC0-1.0
description: Derivatives whose SymPy form is not the textbook's.
topic: derivatives
exercises:
{exercises}
"""

EXERCISE = """\
  - id: e{n}
    kind: derivative
    of: "{of}"
    difficulty: 1
    skills: [rules]
"""

# function -> what a calculus text prints (SymPy's own forms in the comments)
TEXTBOOK = [
    ("(x + 5)/(x - 9)", "−14/(x − 9)²"),      # 1/(x - 9) - (x + 5)/(x - 9)**2
    ("tan(x)", "sec²(x)"),                    # tan(x)**2 + 1
    ("ln|x|", "1/x"),                         # sign(x)/Abs(x)
    ("|x|", "x/|x|"),                         # sign(x)
    ("sin(x)^2", "2 sin(x) cos(x)"),          # never sin(2x)
    ("x^2 e^x", "x eˣ(x + 2)"),
]


def _instances():
    exercises = "".join(EXERCISE.format(n=i, of=of) for i, (of, _) in enumerate(TEXTBOOK))
    pack = load_pack_text(PACK.format(exercises=exercises), "keys.yaml")
    return [instantiate(ex, 0) for ex in pack.exercises]


@pytest.mark.parametrize("index", range(len(TEXTBOOK)), ids=[of for of, _ in TEXTBOOK])
def test_the_answer_shown_is_the_textbook_form_and_reads_back(index: int) -> None:
    instance = _instances()[index]
    shown = answer_key(instance)
    assert shown == TEXTBOOK[index][1]
    M.read_tree(shown)  # what the student reads, the parser reads
    assert answer_key(instance, "plain").isascii()


def test_skip_and_steps_show_the_textbook_answer_as_printed() -> None:
    from tutor.render.session import render_event
    from tutor.session.events import Skipped
    from tutor.session.practice import _expected_text

    instance = _instances()[0]
    console = Console(record=True, width=80, color_system=None)
    console.print(render_event(Skipped(instance, _expected_text(instance))))
    assert "Skipped. One right answer: −14/(x − 9)²" in console.export_text()


def test_preview_prints_the_textbook_answer(tmp_path) -> None:
    from typer.testing import CliRunner

    from tutor.cli.main import app

    exercises = "".join(EXERCISE.format(n=i, of=of) for i, (of, _) in enumerate(TEXTBOOK))
    path = tmp_path / "keys.yaml"
    path.write_text(PACK.format(exercises=exercises), encoding="utf-8")
    result = CliRunner().invoke(app, ["preview", str(path)], env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    for _, textbook in TEXTBOOK:
        assert f"answer: {textbook}   (expression)" in result.output
    assert "sign" not in result.output and "Abs" not in result.output
