"""A mistake is one row: a toy row in a temporary module is diagnosed, listed and documented.

The toy is a buggy power rule nobody catalogued — "n·x^(n−2)", the exponent reduced twice —
written as one ``Mistake`` row with its producer beside it, in a module the test writes. Once
registered (``load_mistakes`` on its folder, as the built-in topics are found), the diagnosis
names it for x³ → 3x, ``calctutor mistakes`` lists it with where it applies, and the docs
table includes it. Nothing else is touched.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

TOY = '''
"""A toy topic for the test: the power rule with the exponent reduced twice."""

from tutor.explain.mistake import Mistake


def exponent_reduced_twice(node):
    import sympy

    step = node.step
    base, n = step.expr.as_base_exp()
    return [(n * base ** (n - 2), lambda: f"you reduced the exponent of {step.expr} twice")]


ROWS = (
    Mistake("toy.exponent-reduced-twice", "power rule: exponent reduced twice, n·x^(n−2)", "x^3", "3x",
            applies_to=("power",), produce=f"{__name__}:exponent_reduced_twice"),
)
'''


@pytest.fixture()
def toy_mistake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from tutor.explain import mistakes

    package = tmp_path / "toy_mistakes"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "power_twice.py").write_text(textwrap.dedent(TOY), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    rows = mistakes.load_mistakes([str(package)], "toy_mistakes")
    yield rows[0]
    mistakes.unregister(row.id for row in rows)
    for name in [m for m in sys.modules if m.startswith("toy_mistakes")]:
        del sys.modules[name]


def test_a_toy_row_is_diagnosed(toy_mistake) -> None:
    from tutor.explain import diagnose
    from tutor.parsing import parse

    found = diagnose(parse("x^3"), parse("3x"), ["x"])
    assert found is not None and found.best.id == "toy.exponent-reduced-twice"
    assert "twice" in found.best.message
    assert found.best.title == toy_mistake.title


def test_a_toy_row_is_listed_and_documented(toy_mistake) -> None:
    from tutor.cli.main import app
    from tutor.explain.catalogue import catalogue_markdown

    result = CliRunner().invoke(app, ["mistakes", "--json"], env={"NO_COLOR": "1"})
    assert result.exit_code == 0
    row = next(r for r in json.loads(result.output) if r["id"] == "toy.exponent-reduced-twice")
    assert row["applies_to"] == "power steps" and row["example_answer"] == "3x"
    assert "| `toy.exponent-reduced-twice` |" in catalogue_markdown()


def test_without_the_toy_the_answer_is_not_named_so() -> None:
    from tutor.explain import diagnose
    from tutor.parsing import parse

    found = diagnose(parse("x^3"), parse("3x"), ["x"])
    assert found is None or found.best.id != "toy.exponent-reduced-twice"


def test_every_row_says_where_it_applies_and_names_a_producer_that_exists() -> None:
    from tutor.explain.catalogue import MISTAKES
    from tutor.explain.mistake import resolve

    for m in MISTAKES:
        assert m.where_it_applies, m.id
        if m.produce:
            assert callable(resolve(m.produce)), m.id
            assert m.step_rules, f"{m.id} names a buggy rule but no step it applies to"


def test_the_catalogue_is_read_without_sympy() -> None:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "tutor", "mistakes", "--json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["id"]
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "tutor.explain.catalogue" in imported  # the measurement sees the catalogue load...
    assert "sympy" not in imported, "calctutor mistakes imported SymPy"  # ...and no SymPy
