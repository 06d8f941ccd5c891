"""``practice --plain`` and ``homework --plain``: a sitting read by a screen reader or pasted is ASCII,
without box drawing, and the formulas in it (prompt, "read as" echo, mistake, hints, steps, answer)
are the printer's plain target: they read back with the parser to what the tutor computed.

The practice sitting runs through the whole ``run_practice`` path with prompt_toolkit's pipe input
(the interactive front end, its toolbar and its prompt), the keys typed at each prompt chosen from
the exercise on screen.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import sympy
from prompt_toolkit.formatted_text import to_plain_text
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner

from tutor.cli.exit_codes import ExitCode
from tutor.parsing import notation as M
from tutor.parsing import parse
from tutor.parsing.printer import show

BOX = set("─│┌┐└┘├┤┬┴┼━┃╭╮╯╰═║")
ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "grading" / "data" / "tiny.assignment.yaml"


def _same(a: Any, b: Any) -> bool:
    return sympy.simplify(a - b) == 0


def _reads(text: str, variables: tuple[str, ...] = ("x",)) -> Any:
    """``text`` read back by the parser (a ParseError fails the test, naming the text)."""
    return parse(text.strip().rstrip("."), list(variables))


class _Sitting:
    """What is typed at each prompt of a chain-rule sitting, and what the toolbar and prompt showed."""

    def __init__(self) -> None:
        self.typed: list[str] = []
        self.toolbars: list[str] = []
        self.messages: list[str] = []
        self.instances: list[Any] = []

    def keys(self, session: Any) -> str:
        """A wrong answer (the exercise's anticipated 'inner derivative missing'), :hint, :steps, :skip."""
        step = len(self.typed)
        if step == 0:
            self.instances.append(session.current)
            wrong = next(text for text, mistake, _ in session.current.anticipated("plain")
                         if mistake == "chain.missing-inner")
            line = show(parse(wrong, ["x"]), "plain")  # typed in ASCII, as a student would
        else:
            line = (":hint", ":steps", ":skip")[step - 1] if step <= 3 else "\x04"
        if step == 3:
            self.instances.append(session.current)
        self.typed.append(line)
        return line


def _run_practice_through_the_pipe(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seed: int) -> _Sitting:
    from tutor.cli import practice_prompt
    from tutor.cli.practice_run import run_practice

    sitting = _Sitting()
    real = practice_prompt.PromptFrontEnd

    with create_pipe_input() as pipe:

        class PipedFrontEnd(real):  # type: ignore[misc, valid-type]
            def __init__(self, session: Any, **options: Any) -> None:
                super().__init__(session, input=pipe, output=DummyOutput(), **options)

            def read(self) -> str:
                line = sitting.keys(self.session)
                if line != "\x04":  # what the toolbar shows for the line, then Enter
                    sitting.toolbars.append(to_plain_text(
                        practice_prompt.toolbar_fragments(self.session, line, self.commands, self.plain)))
                    sitting.messages.append(to_plain_text(self.message()))
                    line += "\r"
                pipe.send_text(line)
                return str(super().read())

        monkeypatch.setattr(practice_prompt, "PromptFrontEnd", PipedFrontEnd)
        code = run_practice("chain-rule", count=2, seed=seed, data_dir=tmp_path, steps_after=1,
                            stdin=StringIO(), interactive=True, plain=True)
    assert code == ExitCode.OK
    return sitting


@pytest.mark.parametrize("seed", [1, 3])
def test_practice_plain_through_the_prompt_is_ascii_and_its_math_reads_back(
        seed: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sitting = _run_practice_through_the_pipe(monkeypatch, tmp_path, seed)
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert out.isascii(), [line for line in lines if not line.isascii()]
    assert not BOX & set(out)
    # The prompt_toolkit prompt and its live toolbar: ASCII, the reading in the plain target.
    assert sitting.messages and all(m.isascii() and m.endswith("answer > ") for m in sitting.messages)
    assert all(t.isascii() for t in sitting.toolbars), sitting.toolbars
    assert f"reads as: {show(parse(sitting.typed[0], ['x']), 'plain')}" in sitting.toolbars[0]

    first, second = sitting.instances
    x = sympy.Symbol("x", real=True)
    of = first.task.of
    derivative = sympy.diff(of, x)
    # The prompt names the function in the plain target.
    prompts = [m.group(1) for line in lines if (m := re.search(r"Find d/dx of (.+)\.$", line))]
    assert len(prompts) == 2 and _same(_reads(prompts[0]), of) and _same(_reads(prompts[1]), second.task.of)
    # The echo of the typed answer, and the mistake named with its formulas.
    read_as = next(m.group(1) for line in lines if (m := re.search(r"\(read as (.+)\)$", line)))
    assert _same(_reads(read_as), parse(sitting.typed[0], ["x"]))
    mistake = next(line for line in lines if line.strip().startswith("Mistake:"))
    named = re.search(r"with (\w) = (.+), you differentiated (.+) but did not multiply by d\1/dx = (.+)$", mistake)
    assert named, mistake
    inner = _reads(named.group(2))
    _reads(named.group(3), ("x", named.group(1)))
    assert _same(_reads(named.group(4)), sympy.diff(inner, x)) and inner.free_symbols
    # The hint: ASCII, its math the input language (a "u = ..." in it reads as the inner function).
    hint = next(line for line in lines if line.startswith("Hint 1/"))
    assert "^" in hint or "(" in hint or "=" in hint, hint
    # The steps (shown after the wrong try, and by :steps): indented lines, each ending in a formula
    # that reads; the first says d/dx F = F' and the answer line gives F'.
    heads = [line for line in lines if line.startswith("d/dx ")]
    assert len(heads) == 2
    for head in heads:
        left, right = head[len("d/dx "):].rsplit(" = ", 1)
        assert _same(_reads(left), of) and _same(_reads(right), derivative)
    last_head = max(i for i, line in enumerate(lines) if line == heads[1])
    steps = lines[last_head + 1: next(i for i, line in enumerate(lines) if "Answer:" in line)]
    assert steps and all(line.startswith("  ") for line in steps)
    for line in steps:
        if " = " in line:
            M.read_tree(line.rsplit(" = ", 1)[1].strip(), ["x", "u", "v", "n", "c"])
    answer = next(line for line in lines if "Answer:" in line).split("Answer:", 1)[1]
    assert _same(_reads(answer), derivative)
    skipped = next(line for line in lines if line.startswith("Skipped."))
    assert _same(_reads(skipped.split("One right answer:", 1)[1]), sympy.diff(second.task.of, x))
    assert any(line.startswith("Score ") for line in lines) and "skill: chain-rule" in out


def test_practice_plain_as_a_real_piped_process(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "tutor", "practice", "chain-rule", "--plain", "--seed", "2", "--count", "1",
            "--data-dir", str(tmp_path)]
    done = subprocess.run(argv, input="2x\n:hint\n:steps\n", capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "80", "NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii() and done.stderr.isascii(), done.stdout
    assert "> :steps" in done.stdout and "Answer: " in done.stdout and "Session summary" in done.stdout


def test_homework_plain_is_ascii_without_box_drawing(tmp_path: Path) -> None:
    """The tiny assignment's first two exercises (derivatives) wrong, hinted and skipped; the rest quit."""
    from tutor.cli.main import app

    result = CliRunner().invoke(app, ["homework", str(TINY), "--student", "s9", "--dir", str(tmp_path), "--plain"],
                                input="0\n:hint\n:hint\n7x^2\n:skip\n:quit\n", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.isascii(), [line for line in out.splitlines() if not line.isascii()]
    assert not BOX & set(out)
    assert "hints allowed, steps never" in out and "> :hint" in out and "Not quite." in out
    assert "(read as 7x^2)" in out and re.search(r"Find d/dx of \d+x\^2\.", out)
    assert "Hint 1/2: Power rule: d/dx x^n = n x^(n-1)." in out


AD_TOPICS = ["dual-numbers", "computational-graphs", "automatic-differentiation", "numerical-differentiation"]


@pytest.mark.parametrize("topic", AD_TOPICS)
def test_worked_steps_of_the_ad_exercises_are_ascii_under_plain(topic: str) -> None:
    """:steps of every exercise of the AD topics under printing('plain'): ASCII lines (xbar, F1, ~=, ->,
    epsilon^2 = 0), the same lines as the unicode ones where those are ASCII already."""
    from tutor.cli.practice_run import entries_for
    from tutor.packs import discover_packs
    from tutor.parsing.printer import printing
    from tutor.render.plain import plain_lines
    from tutor.render.session import render_steps_or_text

    _, entries = entries_for(discover_packs(), topic)
    shown = 0
    for entry in entries:
        instance = entry.instantiate(3)
        with printing("plain"):
            lines = plain_lines(render_steps_or_text(instance.steps(), plain=True))
        unicode = plain_lines(render_steps_or_text(instance.steps()))
        assert all(line.isascii() for line in lines), [line for line in lines if not line.isascii()]
        assert len(lines) == len(unicode)
        assert [a for a, b in zip(lines, unicode) if b.isascii() and a != b] == []
        shown += len(lines)
    assert shown > 3 * len(entries)


def test_anticipated_messages_are_filled_and_follow_the_target() -> None:
    """Every built-in anticipated answer with the author's message, checked under printing('plain'): the
    feedback is the message filled in, ASCII, and a mistake it names carries the same filled message
    (it carried the template before: "The slope is `f'(0) = {a}·e^0 = {a}`")."""
    from tutor.packs import discover_packs, instantiate
    from tutor.packs.templates import fill
    from tutor.parsing.printer import printing

    checked = with_id = 0
    for pack in discover_packs().packs:
        for exercise in pack.exercises:
            rows = [fb for fb in exercise.feedback if fb.message]
            if not rows:
                continue
            instance = instantiate(exercise, 0)
            for fb in rows:
                with printing("plain"):
                    feedback = instance.check(fill(fb.answer, instance.values, math=True))
                assert feedback.message.isascii() and "{" not in feedback.message and "`" not in feedback.message, \
                    (exercise.id, feedback.message)
                if fb.mistake:
                    assert feedback.mistake.message == feedback.message.split(" (")[0] or \
                        feedback.message.startswith(feedback.mistake.message), (exercise.id, feedback.mistake.message)
                    with_id += 1
                checked += 1
    assert checked >= 5 and with_id >= 1


@pytest.mark.parametrize("form, shape, shown", [("matrix", (2, 3), "a 2 x 3 matrix [[a, b, c], [d, e, f]]"),
                                                ("dual", (), "one dual number a + b epsilon (type epsilon as eps)")])
def test_an_answer_of_the_wrong_shape_is_explained_in_ascii_under_plain(form: str, shape: tuple[int, ...],
                                                                        shown: str) -> None:
    from tutor.packs.answers import wanted_shape
    from tutor.parsing.printer import printing

    with printing("plain"):
        assert wanted_shape(form, shape) == f"this question wants {shown}"
    assert not wanted_shape(form, shape).isascii()  # the terminal keeps × and ε


@pytest.mark.parametrize("typed, unicode", [("4 + 3eps", "4 + 3ε"), ("3eps - 2", "−2 + 3ε"), ("5 - eps/2", "5 − (1/2) ε"),
                                            ("(3 + 2eps)(1 - eps)", "(1 − ε)(2ε + 3)")])
def test_a_dual_answer_is_echoed_real_part_first_and_reads_back(typed: str, unicode: str) -> None:
    """'read as' (and the live preview) of a dual answer: a + bε as the notes write it, in either target,
    and the plain one typed back is the same dual number (a product is echoed as read, not worked out)."""
    from tutor.packs.answers import read_dual
    from tutor.session.preview import reading_text

    reading = read_dual(typed).reading
    assert reading_text(reading.text, reading.expr, "unicode") == unicode
    plain = reading_text(reading.text, reading.expr, "plain")
    assert plain.isascii() and read_dual(plain).value == read_dual(typed).value


def test_the_topic_menu_under_plain_is_ascii(tmp_path: Path) -> None:
    from tutor.cli.main import app

    result = CliRunner().invoke(app, ["practice", "--plain", "--count", "1", "--seed", "1", "--data-dir", str(tmp_path)],
                                input="\n:skip\n", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "Choose a topic:" in result.output and "chain-rule - The chain rule (" in result.output
    assert result.output.isascii(), [line for line in result.output.splitlines() if not line.isascii()]
