"""The layering of STYLE.md, held by a test: imports point one way, no eval anywhere."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tutor"

# Lower layers first. A module may import its own layer and any layer *below* it.
RANK = {
    "functions": 0, "errors": 0,
    "parsing": 1, "autodiff": 2, "checking": 3, "explain": 4,
    "packs": 5, "grading": 6, "session": 7, "render": 8, "cli": 9,
}
UI_LIBRARIES = {"rich": {"render", "cli"}, "typer": {"cli"}, "click": {"cli"}, "prompt_toolkit": {"cli"}}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _layer_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE).parts
    return rel[0].removesuffix(".py") if rel else "tutor"


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down(path: Path) -> None:
    layer = _layer_of(path)
    if layer not in RANK:
        return  # tutor/__init__.py
    for name in _imports(path):
        top = name.split(".")[0]
        if top in UI_LIBRARIES:
            assert layer in UI_LIBRARIES[top], f"{path.name} ({layer}) imports {top}"
        if top == "tutor" and name.count(".") >= 1:
            target = name.split(".")[1]
            if target in RANK:
                assert RANK[target] <= RANK[layer], (
                    f"{path.relative_to(ROOT)} ({layer}) imports tutor.{target}: dependencies must point down"
                )


EVAL_LIKE = re.compile(r"\b(sympify|parse_expr|eval|exec|lambdify|compile)\s*\(")


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_eval_like_calls_on_text(path: Path) -> None:
    """sympify/parse_expr/eval/exec/lambdify execute code: none may appear in tutor/.

    The one sanctioned exception is the AD code generator, which compiles
    programs it assembled itself from the primitive table and numbers; it is
    marked with ``# safe-compile:`` on the line and explained there.
    """
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        code = line.split("#", 1)[0]
        if EVAL_LIKE.search(code) and "# safe-compile:" not in line:
            if re.search(r"\.(compile|eval)\s*\(", code) and not re.search(r"\b(eval|exec)\s*\(", code.replace(".eval(", "")):
                continue  # methods such as re.compile(...) or sympy's .evalf()
            pytest.fail(f"{path.relative_to(ROOT)}:{lineno}: eval-like call: {line.strip()}")


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from tutor.cli.main import app\n"
        "r = CliRunner().invoke(app, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "heavy = [m for m in ('sympy', 'mpmath', 'yaml', 'prompt_toolkit', 'sqlite3') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"--help imported {out.stdout.strip()}"
