"""Math in packs is math: backtick spans are trees filled with the drawn values, and validate checks A = B."""

from __future__ import annotations

import glob
from pathlib import Path

import os

import pytest

from tutor.packs.instance import instantiate
from tutor.packs.loader import load_pack
from tutor.packs.prose_math import Definitions, check_equations, false_equations
from tutor.packs.templates import TemplateError, fill
from tutor.packs.validate import _false_prose_equations, validate_pack

FULL = pytest.mark.skipif(not os.environ.get("CALCTUTOR_FULL_CHECKS"),
                          reason="the full run (figures for the closing note): CALCTUTOR_FULL_CHECKS=1 pytest -m slow")

ROOT = Path(__file__).resolve().parents[2]
PACK = """\
format: 1
id: false-hints
title: A pack with a false hint
version: "1.0"
author: calctutor tests
license: CC0-1.0
description: One exercise whose hint says something false.
topic: dual
exercises:
  - id: exp
    kind: dual-evaluate
    of: "e^(x)"
    at: {{x: "{{a}}"}}
    params:
      a: {{integer: [1, 3]}}
    hints:
      - "Evaluate e^x at the dual number."
      - "Here `e^({{a}} + ε) = e^{{a}} + e^ε`."
    difficulty: 2
    skills: [dual-numbers]
"""


@pytest.mark.parametrize("a, line", [
    (1, "e^(1 + ε) = e + e ε"),
    (2, "e^(2 + ε) = e² + e² ε"),
    (-3, "e^(−3 + ε) = e⁻³ + e⁻³ ε"),
])
def test_values_go_into_math_as_trees(a: int, line: str) -> None:
    assert fill("`e^({a} + ε) = e^{a} + e^{a} ε`.", {"a": a}, math=False) == line + "."


def test_drawn_numbers_are_tidied_but_the_authors_own_are_kept() -> None:
    text = "`{a}x + {b}` and `u = {c}(0 + ε)`; real part `{a}·{c}`"
    assert fill(text, {"a": 1, "b": -3, "c": 1}, math=False) == "x − 3 and u = 0 + ε; real part 1·1"


def test_a_false_equation_is_found_with_its_place() -> None:
    assert false_equations("ok `e^(1 + ε) = e + e ε`, wrong `e^(1 + ε) = e^1 + e^ε`", {}) == [
        (32, "e^(1 + ε) = e¹ + e^ε")]
    assert false_equations("`(x + 1)^2 = x^2 + 2x + 1`, `u = 2x` defines u", {}) == []


def test_unreadable_math_is_a_template_error() -> None:
    with pytest.raises(TemplateError, match="does not parse"):
        fill("`(x + `", {}, math=False)


def test_validate_reports_a_false_hint_at_file_line_col_with_the_drawn_values(tmp_path: Path) -> None:
    path = tmp_path / "false.yaml"
    path.write_text(PACK.replace("{{", "{").replace("}}", "}"), encoding="utf-8")
    problems = validate_pack(load_pack(path), draws=3, deep_draws=0)
    false = [p for p in problems if "false equation" in p.message]
    assert false, problems
    first = false[0]
    assert first.line == 18 and "column" in first.message
    assert "e^(" in first.message and "with a = " in first.message


@FULL
@pytest.mark.slow
@pytest.mark.parametrize("draws", [20])
def test_built_in_packs_have_no_false_equation_at_20_draws(draws: int) -> None:
    _no_false_equation(draws)


@pytest.mark.slow
def test_built_in_packs_have_no_false_equation_at_2_draws() -> None:
    _no_false_equation(2)


def _no_false_equation(draws: int) -> None:
    found, spans = [], 0
    for name in sorted(glob.glob(str(ROOT / "exercises" / "*.yaml"))):
        pack = load_pack(Path(name))
        for ex in pack.exercises:
            texts = [ex.prompt or "", *ex.hints, *(fb.message or "" for fb in ex.feedback)]
            spans += sum(t.count("`") // 2 for t in texts)
            for seed in range(draws if ex.params else 1):
                found += [(ex.id, seed, message) for _, _, message in _false_prose_equations(ex, instantiate(ex, seed))]
    assert spans > 20
    assert not found, found[:5]


def test_the_dual_exponential_hint_is_true_now() -> None:
    pack = load_pack(ROOT / "exercises" / "dual-numbers.yaml")
    ex = next(e for e in pack.exercises if any("e^({a} + ε)" in h for h in e.hints))
    for seed in range(8):
        hints = instantiate(ex, seed).hints
        assert not any("e^ε" in h for h in hints), hints


TRUE_AND_FALSE = [  # (text, values, verdicts in order): derivative notation as hints write it
    ("`d/du sin(u) = cos(u)` but not `d/du sin(u) = -cos(u)`", {}, [True, False]),
    ("`d/du u^{n} = {n} u^({n} - 1)`, not `d/du u^{n} = {n} u^{n}`", {"n": 4}, [True, False]),
    ("`d²/dx² x^3 = 6x`, `d^2/dx^2 x^3 = 5x`", {}, [True, False]),
    ("`∂/∂x (x^2 y) = 2x y`, `∂(x y)/∂y = x`, `∂²/∂y∂x (x^3 y^2) = 6x^2 y`, `∂/∂y (x^2 y) = 2x`", {},
     [True, True, True, False]),
    ("`(f g)' = f' g + f g'`, `(f/g)' = (f' g - g' f)/g^2`, `(f(g(x)))' = f'(g(x)) g'(x)`, `(f g)' = f' g'`",
     {}, [True, True, True, False]),
    ("`(x^n)' = n x^(n - 1)`, `(c f)' = c f'`, `(sec(x))' = sec(x) tan(x)`, `(ln(x))' = -1/x`", {},
     [True, True, True, False]),
    ("Let `u = {a}x + {b}` and `y = u^{n}`: `dy/du = {n}u^({n} - 1)`, `du/dx = {a}`, `dy/dx = {n}u^({n} - 1)`",
     {"a": 3, "b": -2, "n": 5}, [True, True, False]),
    ("`f(x) = x^2 + {a}`, so `f'(x) = 2x` and `f'(3) = 6`, not `f(3) = 9`", {"a": 2}, [True, True, False]),
    ("Let `y = x^x`; then `ln(y) = x ln(x)` and `y'/y = ln(x) + 1`", {}, [True, True]),
]


@pytest.mark.parametrize("text, values, verdicts", TRUE_AND_FALSE)
def test_derivative_notation_in_prose_is_checked(text: str, values: dict, verdicts: list) -> None:
    assert [e.holds for e in check_equations(text, values)] == verdicts


def test_definitions_carry_from_one_hint_to_the_next() -> None:
    known = Definitions()
    assert check_equations("Let `u = {a}x` and `y = sin(u)`.", {"a": 3}, known=known) == []
    assert [e.holds for e in check_equations("`dy/dx = {a} cos(u)`, `dy/dx = cos(u)`", {"a": 3}, known=known)] == [
        True, False]


@pytest.mark.parametrize("text, shown", [
    ("`d/du u^{n} = {n} u^({n} - 1)`", "d/du u⁴ = 4u^(4 − 1)"),
    ("`(x^{n})' = {n}x^({n} - 1)`", "d/dx x⁴ = 4x^(4 − 1)"),
    ("`∂(x y)/∂x = y`", "∂/∂x (x y) = y"),
    ("`dy/dx = {n} y`", "dy/dx = 4y"),
    ("`f'(x) = 2x`, `g''({n})`", "f'(x) = 2x, g''(4)"),
])
def test_derivative_notation_is_printed_by_the_printer(text: str, shown: str) -> None:
    assert fill(text, {"n": 4}, math=False) == shown
