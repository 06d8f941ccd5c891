"""``preview PACK --plain --key`` for every built-in pack: ASCII, every word kept, every formula re-read.

The plain preview is what a screen reader reads and what an author pastes. Its math is printed from
trees in the printer's plain target (the kinds' texts from ``Task.trees``, backtick spans from the
pack), never recovered from printed words, so no word is read as math ("the curve" spaced out as
``t h e c u r v e``, "y at x = 2" as ``ya t x = 2``) and every formula reads back as the tree it was
printed from.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest
from typer.testing import CliRunner

from tutor.cli.main import app
from tutor.packs import instantiate, load_pack
from tutor.packs.prose_math import math_sides
from tutor.packs.tasks import Spelled
from tutor.parsing import notation as M
from tutor.parsing.printer import show

ROOT = Path(__file__).resolve().parents[2]
PACKS = sorted((ROOT / "exercises").glob("*.yaml"))
SEEDS = (0, 1, 2)
runner = CliRunner()
# a word, not a function's name (arctan( is atan( in plain, sin⁵( is sin(…)^5)
_WORD = re.compile(r"[A-Za-z]{3,}(?![A-Za-z(\u00b2\u00b3\u00b9\u2070-\u207f])")


@pytest.mark.slow  # ~2 s a pack: every answer key's textbook form
@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.stem)
def test_preview_plain_key_is_ascii_at_several_seeds(path: Path) -> None:
    for seed in SEEDS:
        result = runner.invoke(app, ["preview", str(path), "--plain", "--key", "--seed", str(seed)],
                               env={"COLUMNS": "80", "NO_COLOR": "1"})
        assert result.exit_code == 0, result.output
        assert "cannot be instantiated" not in result.output, result.output
        bad = [line for line in result.output.splitlines() if not line.isascii()]
        assert not bad, (path.stem, seed, bad)


def _instances(path: Path) -> Iterator[Any]:
    pack = load_pack(path)
    for seed in SEEDS:
        for ex in pack.exercises:
            yield instantiate(ex, seed)


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.stem)
def test_plain_prompts_and_hints_keep_every_word(path: Path) -> None:
    """Every word (3+ letters) the student reads in unicode is in the plain text too: no word was
    mangled into math ("curve", "the", "at")."""
    for inst in _instances(path):
        prompt, hints = inst.plain()
        for unicode, plain in [(inst.prompt, prompt), *zip(inst.hints, hints)]:
            missing = set(_WORD.findall(unicode)) - set(_WORD.findall(plain))
            assert not missing, (inst.exercise_id, inst.seed, missing, plain)
            assert plain.isascii(), (inst.exercise_id, plain)


def _trees(shown: Any) -> Iterator[Any]:
    """The trees among a task text's pieces (``tasks.printed``)."""
    if isinstance(shown, tuple):
        for piece in shown:
            yield from _trees(piece)
    elif not isinstance(shown, (str, Spelled)):
        yield M.as_tree(shown)


def _ungrouped(tree: Any) -> Any:
    """The tree without display-only brackets (an author's (1 + 6ε) + (4 + 6ε) re-reads as a plain sum)."""
    if tree.op == "group":
        return _ungrouped(tree.args[0])
    return type(tree)(tree.op, tree.span, tree.value, tuple(_ungrouped(a) for a in tree.args), tree.text)


def _read_back(tree: Any) -> None:
    text = show(tree, "plain")
    assert text.isascii(), text
    sides = [_ungrouped(side) for side in (tree.args if tree.op == "eq" else [tree])]
    again = math_sides(text, {})
    assert len(again) == len(sides) and all(M.same(a, b) for a, b in zip(sides, again)), (text, sides, again)


def _value(inst: Any, text: str) -> Any:
    from tutor.packs.answers import read_answer

    return read_answer(inst.answer_form, text, inst.variables).value


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.stem)
def test_every_formula_of_a_kind_text_reads_back_in_plain(path: Path) -> None:
    """The kinds' texts ({f}, {at}, {curve}, {components}, {nodes}…) print from trees; each tree printed
    plain re-reads as the same tree (expressions by the parser; ∂ as ``del``, pairs, f(x) by
    tutor.packs.prose_math, which reads pack math)."""
    count = 0
    for inst in _instances(path):
        for key, shown in inst.task.trees.items():
            for tree in _trees(shown):
                if tree.op == "rate" and not tree.value[0]:
                    assert inst.task.text_in(key, "plain").isascii()  # a bare operator (del/del x) is no formula
                    continue
                _read_back(tree)
                count += 1
        for (text, _, message), (shown, _, _) in zip(inst.anticipated("plain"), inst.anticipated()):
            assert text.isascii() and (message or "").isascii(), (inst.exercise_id, text, message)
            # the answer printed plain reads as the answer printed in unicode
            assert _value(inst, text) == _value(inst, shown), (inst.exercise_id, text, shown)
    assert count >= 3, count


@pytest.mark.parametrize("names, partial, of, plain", [
    ("x", True, "", "del/del x"),
    (("x", "y"), True, "f", "del^2 f/(del y del x)"),
    (("x", "x"), True, "f", "del^2 f/del x^2"),
    (("x", "x", "y"), True, "f", "del^3 f/(del y del x^2)"),
    (("x", "x"), False, "", "d^2/dx^2"),
])
def test_plain_operators_are_ascii_and_keep_the_partial(names: Any, partial: bool, of: str, plain: str) -> None:
    from tutor.parsing.printer import operator

    assert operator(names, partial, "plain", of) == plain
    operand = M.mul(M.power("x", 2), "y")
    tree = M.deriv(names, operand, partial) if not of else M.rate(of, names, partial)
    _read_back(M.eq(tree, M.var("q")))


def _wrong_answers(inst: Any) -> list[str]:
    """Wrong answers of the right shape (and of a wrong one) for an exercise answered with numbers."""
    from tutor.packs.instance import shape_of

    shape = shape_of(inst.task) or ()
    if inst.answer_form == "dual":
        return ["7 + 11eps", "1 + eps + eps^2"]
    if inst.answer_form == "vector":
        return ["[" + ", ".join(["1234"] * shape[0]) + "]", "[1234]"]
    if inst.answer_form == "matrix":
        row = "[" + ", ".join(["1234"] * shape[1]) + "]"
        return ["[" + ", ".join([row] * shape[0]) + "]", "[[1234]]"]
    return ["1234"] if inst.answer_form == "number" else []


def test_feedback_on_numbers_follows_the_plain_target() -> None:
    """Under printing("plain") (practice and homework --plain) the kinds' own feedback is ASCII: ≈ as ~,
    the ε part, F1's partials as del F1/del x, a matrix's shape; unicode otherwise. (A catalogued mistake's
    message is tutor.explain's wording and is not checked here.)"""
    from tutor.parsing.errors import ParseError
    from tutor.parsing.printer import printing

    said = []
    packs = ("dual-numbers", "automatic-differentiation", "computational-graphs", "numerical-differentiation")
    for ex in [ex for pack in packs for ex in load_pack(ROOT / "exercises" / f"{pack}.yaml").exercises]:
        inst = instantiate(ex, 1)
        for answer in _wrong_answers(inst):
            try:
                with printing("plain"):
                    feedback = inst.check(answer)
                unicode = inst.check(answer).message
            except ParseError:  # a shape this form refuses before checking
                continue
            if feedback.mistake is not None:  # a catalogued mistake's wording (tutor.explain), not the kind's
                continue
            assert feedback.message.isascii(), (ex.id, answer, feedback.message)
            said.append(unicode)
    assert len(said) >= 8 and any(not s.isascii() for s in said), said


def test_assignment_preview_for_a_student_is_plain_too() -> None:
    """preview ASSIGNMENT --student ID --plain: the student's variants as lines, math in ASCII, no boxes."""
    week5 = ROOT / "tests" / "grading" / "data" / "week5.assignment.yaml"
    result = runner.invoke(app, ["preview", str(week5), "--student", "s001", "--plain"], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    body = lines[1:]  # the first line is the assignment's title, the author's words as written
    assert all(line.isascii() for line in body), [line for line in body if not line.isascii()]
    assert sum(line.startswith("   answer: ") for line in body) == 12
    assert "(week-5, 12 exercises, student s001)" in lines[0]

