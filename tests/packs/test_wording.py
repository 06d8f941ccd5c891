"""What a student reads: prompts, hints and answers of every built-in exercise, drawn with several
seeds, carry no printing artefacts (1x, + -3, --, 0x, x^2*sin(2x)); numbers in prose read naturally."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

from tutor.packs import discover_packs
from tutor.packs.instance import instantiate
from tutor.packs.templates import fill

SEEDS = range(6)  # six draws of each template: enough to meet the small values (1, 0, negatives) the ranges allow

# (name, pattern): each is a way a substituted number or a canonical print shows through.
ARTEFACTS = (
    ("coefficient 1", re.compile(r"(?<![\w.^/])[-−]?1(?=[A-Za-zα-ωΑ-Ω(√])")),
    # 1·x or 1·2x, not the arithmetic 2·1·sin(1) or 1·2 that shows a substitution
    ("coefficient 1 times", re.compile(r"(?<![\w.^/)·*])1\s*[·*]\s*(?=[^\W\d_]|[(√]|\d+[^\W\d_])")),
    ("coefficient 0", re.compile(r"(?<![\w.^/])0(?=[A-Za-zα-ωΑ-Ω(√])")),
    ("sign after sign", re.compile(r"[+\-−]\s*[+\-−]\s*[\d\w(]")),
    ("adding zero", re.compile(r"(?<![=(,\[])\s[+\-−]\s*0(?![\d.])")),
    ("program-style product", re.compile(r"(?<=[\w)²³])\*(?=[\w(])")),  # z* (a conjugate) is notation
)


def _texts(inst) -> list[tuple[str, str]]:
    out = [("prompt", inst.prompt), ("answer", inst.expected_text)]
    out += [(f"hint {i + 1}", h) for i, h in enumerate(inst.hints)]
    for answer, _, message in inst.anticipated():
        out += [("anticipated answer", answer), ("feedback", message or "")]
    return out


def _exercises():
    catalog = discover_packs(user_dir=Path("/nonexistent-calctutor"), env={})
    for pack in catalog.packs:
        for ex in pack.exercises:
            yield pytest.param(ex, id=f"{pack.id}/{ex.id}")


@pytest.mark.parametrize("ex", list(_exercises()))
def test_builtin_exercise_texts_have_no_artefacts(ex) -> None:
    found = []
    for seed in SEEDS:
        inst = instantiate(ex, seed)
        verbatim = {h for h in ex.hints if "{" not in h} | ({ex.prompt} if ex.prompt and "{" not in ex.prompt else set())
        for where, text in _texts(inst):
            if text in verbatim:  # written by the author as it stands ("k + 0ε" teaches that k is k + 0ε)
                continue
            for name, pattern in ARTEFACTS:
                m = pattern.search(text)
                if m:
                    found.append(f"seed {seed} {where}: {name} at {m.group(0)!r} in {text!r}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("template", "values", "expected"),
    [
        ("u = {a}x + {b}; then", {"a": 1, "b": -3}, "u = x - 3; then"),
        ("u = {a}x + {b}.", {"a": -1, "b": 0}, "u = -x."),
        ("x − {b}", {"b": -4}, "x + 4"),
        ("u = {a}², u' = 2·{a}", {"a": -2}, "u = (-2)², u' = 2·(-2)"),
        ("d/du x^{n}", {"n": -2}, "d/du x^(-2)"),
        ("u = {a}x", {"a": Fraction(1, 2)}, "u = (1/2)x"),
        ("at x = {a}", {"a": -3}, "at x = -3"),
        ("{n} layers", {"n": 1}, "1 layers"),  # a count, not a coefficient: stays
        ("{a}, {b}", {"a": -1, "b": 2}, "-1, 2"),
        ("du/dx = {a}·2x.", {"a": 1}, "du/dx = 2x."),
        ("du/dx = {a}·2x.", {"a": -1}, "du/dx = -2x."),
        ("Real part {a}·{c}.", {"a": 1, "c": 2}, "Real part 1·2."),  # arithmetic working keeps its numbers
        ("f'(1) = 2·{a}·sin({a})", {"a": 1}, "f'(1) = 2·1·sin(1)"),
    ],
)
def test_prose_numbers_read_as_written_by_hand(template: str, values: dict, expected: str) -> None:
    assert fill(template, values, math=False) == expected


def test_prompt_products_read_as_a_student_writes(make_exercise) -> None:
    ex = make_exercise(
        """
        id: p
        kind: derivative
        of: "x^2*sin({a}x)"
        params: {a: {integer: [2, 2]}}
        hints: ["product rule"]
        """
    )
    inst = instantiate(ex, 0)
    assert "x² sin(2x)" in inst.prompt  # printed by the one printer: no *, no ^ for a digit power
    assert "*" not in inst.expected_text
    # still the input language: the shown answer is accepted as typed
    assert inst.check(inst.expected_text).correct
