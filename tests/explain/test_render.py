"""Drawing derivations and diagnoses (a recording console, no colour)."""

from __future__ import annotations

import sympy
from rich.console import Console

from tutor.explain import MISTAKES, diagnose, explain
from tutor.render.mistakes import render_catalogue, render_diagnosis
from tutor.render.steps import render_steps

x, y, t = (sympy.Symbol(n, real=True) for n in "xyt")


def _text(renderable) -> str:
    console = Console(record=True, width=120, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_simplification_can_be_folded() -> None:
    root = explain(x * sympy.exp(-x), ["x"])
    assert "simplify:" in _text(render_steps(root))
    folded = _text(render_steps(root, fold_simplify=True))
    assert "simplify:" not in folded and "product rule" in folded


def test_multivariable_chain_is_a_path_tree() -> None:
    text = _text(render_steps(explain(x * y, ["t"], {"x": sympy.cos(t), "y": sympy.sin(t)})))
    assert "path f → x → t" in text and "path f → y → t" in text
    assert "∂f/∂x·dx/dt = −sin(t) sin(t)" in text


def test_successive_partials_show_one_branch_per_variable() -> None:
    text = _text(render_steps(explain(x**2 * y**3, ["x", "y"])))
    assert "by x:" in text and "by y:" in text and "holding y constant" in text


def test_diagnosis_names_mistake_location_and_alternatives() -> None:
    found = diagnose(x**3 - sympy.sin(x), 3 * x**2 + sympy.cos(x), ["x"])
    text = _text(render_diagnosis(found))
    assert "sum.sign-lost" in text and "where: x³ − sin(x)" in text and "also fits: trig.sign" in text


def test_catalogue_table_lists_every_id() -> None:
    text = _text(render_catalogue(MISTAKES))
    assert all(m.id in text for m in MISTAKES)
