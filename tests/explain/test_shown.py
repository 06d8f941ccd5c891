"""Every equation line a student reads says what the derivation means.

Each step's ``shown`` line is re-read with the parser (its right-hand side) and
compared at random points with the AD engine's derivative of the step's own
expression: the printed algebra, not only the structured result, is checked.
Over random functions (15 by default; 1,000 in the slow run) and every
function of the built-in exercises.
"""

from __future__ import annotations

import math
import random
from typing import Any

import os

import pytest
import sympy

from tutor.explain import explain
from tutor.autodiff.evaluator import evaluate
from tutor.explain.rules import ExplainError
from tutor.explain.steps import Derivation, SimplifyStep, walk
from tutor.explain.verify import StepVerificationError, ad_derivative
from tutor.explain.wording import several_variables, shown, text_of, within
from tutor.parsing import ParseError, parse

FULL = pytest.mark.skipif(not os.environ.get("CALCTUTOR_FULL_CHECKS"),
                          reason="the full run (figures for the closing note): CALCTUTOR_FULL_CHECKS=1 pytest -m slow")

X = sympy.Symbol("x", real=True)


def _load_expression() -> Any:
    """The random functions of the step property test (tests use importlib mode: load it by path)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("explain_property", Path(__file__).with_name("test_property.py"))
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.expression


expression = _load_expression()


def _draw(rng: random.Random, i: int) -> float:
    return (rng.uniform(-3, 3), rng.uniform(-0.95, 0.95), rng.uniform(1.05, 4))[i % 3]


def _lines(root: Any) -> list[tuple[Any, str]]:
    """(step, shown line) for every step, with the ∂/d context the renderer uses."""
    out, stack = [], [(root, several_variables(root))]
    while stack:
        step, partial = stack.pop()
        out.append((step, shown(step, partial)))
        assert shown(step, partial) in text_of(step, partial)  # the human sentence prints the same line
        stack.extend((sub, within(step, partial)) for sub in step.substeps)
    return out


def reread_problems(of: Any, wrt: str, rng: random.Random) -> tuple[int, list[str]]:
    """(lines re-read, problems) for the derivation of d/d(wrt) of."""
    try:
        root = explain(of, wrt, verify=False, simplify_result=False)
    except (ExplainError, StepVerificationError):
        return 0, []
    if any(s.result.has(sympy.I, sympy.zoo, sympy.nan) for s in walk(root)):
        return 0, []  # outside the real domain everywhere (asin(x^2 + 2)): nothing a student reads
    checked, problems = 0, []
    for step, line in _lines(root):
        rhs = line.rsplit(" = ", 1)[-1]
        names = sorted({s.name for s in step.expr.free_symbols | step.result.free_symbols} | {step.wrt})
        try:
            value = parse(rhs, names, max_length=100_000)
        except ParseError as error:
            problems.append(f"{of}: cannot re-read {line!r}: {error}")
            continue
        checked += 1
        order = step.order if isinstance(step, Derivation) else (step.wrt,)
        try:
            oracle = ad_derivative(step.expr, names, order)
        except Exception:  # noqa: BLE001 - an expression the AD engine does not take: the step's result
            oracle = lambda p, r=step.result: evaluate(r, p)  # noqa: E731
        agreed = 0
        for i in range(30):
            point = {n: _draw(rng, i) for n in names}
            try:
                want, got = oracle(point), evaluate(value, point)
            except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError):
                continue
            if not (math.isfinite(want) and math.isfinite(got)) or abs(want) > 1e8:
                continue
            if abs(want - got) > 1e-6 * max(1.0, abs(want)):
                problems.append(f"{of}: {line!r} but d/d{','.join(order)} {step.expr} is {want} at {point}")
                break
            agreed += 1
            if agreed >= 3:
                break
    return checked, problems


def _random_run(count: int) -> tuple[int, list[str]]:
    # Two generators: the functions drawn must not depend on how many points each check used.
    functions, points = random.Random(10), random.Random(11)
    checked, problems = 0, []
    for k in range(count):
        two = k % 4 == 3
        of = expression(functions, 3, two_variables=two)
        if not of.has(X):
            continue
        c, p = reread_problems(of, "x", points)
        checked, problems = checked + c, problems + p
    return checked, problems


def test_shown_lines_of_random_functions_read_back_as_their_results() -> None:
    checked, problems = _random_run(15)  # a quick sample; the 1,000-function run is marked slow
    assert checked > 25
    assert not problems, "\n".join(problems[:10])


@FULL
@pytest.mark.slow
def test_shown_lines_of_1000_random_functions_read_back_as_their_results() -> None:
    checked, problems = _random_run(1000)
    print(f"{checked} shown lines re-read over 1000 random functions, {len(problems)} problems")
    assert not problems, "\n".join(problems[:10])


@pytest.mark.parametrize("text, wrt, line", [
    ("(x + 5)/(x - 9)", "x", "d/dx ((x + 5)/(x − 9)) = ((x − 9)·1 − (x + 5)·1)/(x − 9)²"),
    ("sin(x)/x^3", "x", "d/dx (sin(x)/x³) = (x³ cos(x) − sin(x)·3x²)/(x³)²"),
    ("x + 5", "x", "d/dx (x + 5) = 1 + 0"),
    ("x^2 y", "x", "∂/∂x (x² y) = y·2x"),
])
def test_the_rule_line_is_the_formula_substituted(text: str, wrt: str, line: str) -> None:
    root = explain(parse(text), wrt, verify=False)
    lines = [ln for _, ln in _lines(root)]
    assert line in lines


def test_simplification_is_its_own_labelled_step() -> None:
    root = explain(parse("(x + 5)/(x - 9)"), "x")
    simplify = [s for s in walk(root) if isinstance(s, SimplifyStep)]
    assert [text_of(s) for s in simplify] == ["simplify: ((x − 9)·1 − (x + 5)·1)/(x − 9)² = −14/(x − 9)²"]


def _built_in_functions(draws: int) -> list[tuple[Any, str]]:
    """(function, variable) of every derivative exercise of the built-in packs, ``draws`` draws each."""
    import glob
    from pathlib import Path

    from tutor.packs.instance import instantiate
    from tutor.packs.loader import load_pack

    out = []
    for name in sorted(glob.glob(str(Path(__file__).resolve().parents[2] / "exercises" / "*.yaml"))):
        for ex in load_pack(Path(name)).exercises:
            for seed in range(draws if ex.params else 1):
                task = instantiate(ex, seed).task
                of, wrt = getattr(task, "of", None), task.texts.get("wrt", "")
                if of is not None and wrt and "," not in wrt and hasattr(of, "free_symbols"):
                    out.append((of, wrt.strip()))
    return out


def _built_in_run(draws: int) -> tuple[int, list[str]]:
    rng = random.Random(20)
    checked, problems = 0, []
    for of, wrt in _built_in_functions(draws):
        c, p = reread_problems(of, wrt, rng)
        checked, problems = checked + c, problems + p
    return checked, problems


@pytest.mark.slow
def test_shown_lines_of_every_built_in_exercise_read_back() -> None:
    checked, problems = _built_in_run(1)
    assert checked > 100
    assert not problems, "\n".join(problems[:10])


@FULL
@pytest.mark.slow
def test_shown_lines_of_every_built_in_exercise_at_20_draws_read_back() -> None:
    checked, problems = _built_in_run(20)
    print(f"{checked} shown lines re-read over the built-in exercises at 20 draws, {len(problems)} problems")
    assert not problems, "\n".join(problems[:10])
