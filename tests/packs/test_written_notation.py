"""How students and instructors write (issue 13): LaTeX pasted into pack fields, answer prefixes in practice.

An instructor pastes `\\frac{1}{2\\sqrt{x}}` or `\\operatorname{sech}(x)` into `of:`; a student answers
`dy/dx = …` or `f'(x) = …` or in LaTeX. The exercise's derivative (its `wrt`) decides whether a
prefix is the one asked for; the live preview shows the note.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

from tutor.packs import instantiate
from tutor.packs.loader import load_pack
from tutor.packs.templates import TemplateError, fill
from tutor.parsing import ParseError, parse, variable
from tutor.session.preview import preview

PACK = r"""
format: 1
id: pasted
title: Pasted from lecture notes
version: "1.0"
author: tests
license: CC0-1.0
description: Math fields written in LaTeX.
topic: pasted
exercises:
  - id: root
    kind: derivative
    of: '\frac{1}{2\sqrt{x}}'
    answer: '-\frac{1}{4x^{3/2}}'
    hints: ["Write it as a power of x."]
    difficulty: 1
  - id: param
    kind: derivative
    of: '\frac{{a}}{x^{n}} + e^{2x}'
    params:
      a: {integer: [10, 19]}
      n: {integer: [2, 6]}
    feedback:
      - answer: '-\frac{{a}{n}}{x^{{n}+1}}'
        message: "the exponential term is missing"
    hints: ["One term at a time."]
    difficulty: 1
  - id: hyperbolic
    kind: derivative
    of: '\operatorname{sech}(x)\cdot \sinh^{-1}(x) + \log_{2}(x)'
    hints: ["Product rule, then change of base."]
    difficulty: 2
  - id: second
    kind: derivative
    of: 'x^4'
    wrt: [x, x]
    hints: ["Twice the power rule."]
    difficulty: 1
"""


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> object:
    path = tmp_path_factory.mktemp("pack") / "pasted.yaml"
    path.write_text(PACK, encoding="utf-8")
    return load_pack(path)


def _instance(pack: object, exercise_id: str, seed: int = 3) -> object:
    exercise = next(e for e in pack.exercises if e.id == exercise_id)  # type: ignore[attr-defined]
    return instantiate(exercise, seed)


def test_latex_fields_are_read_as_the_math_they_show(pack: object) -> None:
    x = variable("x")
    root = _instance(pack, "root")
    assert sympy.simplify(root.task.of - 1 / (2 * sympy.sqrt(x))) == 0
    hyper = _instance(pack, "hyperbolic")
    assert sympy.simplify(hyper.task.of - (sympy.sech(x) * sympy.asinh(x) + sympy.log(x) / sympy.log(2))) == 0


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_drawn_value_is_one_latex_argument(pack: object, seed: int) -> None:
    inst = _instance(pack, "param", seed)
    a, n = inst.values["a"], inst.values["n"]  # a has two digits: \frac{a}{…} must not read \frac12{…}
    x = variable("x")
    assert sympy.simplify(inst.task.of - (sympy.Integer(a) / x**n + sympy.exp(2 * x))) == 0
    wrong = f"-{a * n}/x^{n + 1}"
    feedback = inst.check(wrong)
    assert not feedback.correct and feedback.anticipated and "exponential term" in feedback.message


def test_latex_braces_are_kept_only_where_the_field_is_latex() -> None:
    assert fill(r"\frac{1}{x} + {a}", {"a": 12}, math=True) == r"\frac{1}{x} + {12}"
    assert fill("e^{x} + {a}x", {"a": 3}, math=True) == "e^{x} + 3x"
    with pytest.raises(TemplateError, match=r"unknown placeholder \{b\}"):
        fill("{a} x + {b}", {"a": 3}, math=True)  # a typo in a plain field is still named


@pytest.mark.parametrize("prefix", ["dy/dx = ", "f'(x) = ", "y' = ", "df/dx = ", r"\frac{dy}{dx} = "])
def test_practice_accepts_the_prefix_of_the_derivative_asked_for(pack: object, prefix: str) -> None:
    inst = _instance(pack, "root")
    feedback = inst.check(prefix + "-1/(4x^(3/2))")
    assert feedback.correct
    shown = preview(inst, prefix + "-1/(4x^(3/2))")
    assert shown.kind == "reading" and parse(shown.text) == parse("-1/(4x^(3/2))")
    assert any("names the derivative asked for" in note for note in shown.notes)


def test_practice_refuses_a_prefix_of_another_derivative_and_says_which_is_asked(pack: object) -> None:
    first, second = _instance(pack, "root"), _instance(pack, "second")
    with pytest.raises(ParseError, match=r"dy/dt = \(d/dt\), but the question asks for d/dx"):
        first.check("dy/dt = -1/(4x^(3/2))")
    shown = preview(second, "dy/dx = 12x^2")
    assert shown.kind == "error" and "d²/dx²" in shown.text
    assert second.check("d^2y/dx^2 = 12x^2").correct
    assert second.check("f''(x) = 12 x^{2}").correct


def test_latex_answers_are_checked_like_plain_ones(pack: object) -> None:
    inst = _instance(pack, "hyperbolic")
    latex = (r"-\operatorname{sech}(x)\tanh(x)\sinh^{-1}(x) + \frac{\operatorname{sech}(x)}{\sqrt{x^2+1}}"
             r" + \frac{1}{x\ln 2}")
    assert inst.check(latex).correct
    assert inst.check("$" + latex + "$").correct
