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
    "functions": 0, "errors": 0, "registry": 0,
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


# -- no import cycles inside tutor/ ------------------------------------------------------------------
# A function-local import that hides a cycle is still a cycle: every import statement counts,
# wherever it is, except those under ``if TYPE_CHECKING:`` (they never run).


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree`` except the bodies of ``if TYPE_CHECKING:`` blocks."""
    out: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        out.append(node)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))
    return out


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """module -> the tutor modules it imports (``from a import b`` counts b when b is a module)."""
    paths = {_module_name(p, package.parent): p for p in package.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name in paths)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = here.split(".")[: len(here.split(".")) - node.level + 1]
                    base = ".".join(up + ([node.module] if node.module else []))
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.add(sub if sub in paths else base)
        graph[name] = {t for t in targets if t in paths and t != name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_no_import_cycles_inside_tutor() -> None:
    cycles = import_cycles(import_graph())
    assert cycles == [], "import cycles (function-local imports count): " + "; ".join(" <-> ".join(c) for c in cycles)


def test_the_cycle_finder_finds_a_hidden_cycle(tmp_path: Path) -> None:
    pkg = tmp_path / "tutor"
    (pkg / "packs").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "packs" / "__init__.py").write_text("")
    (pkg / "packs" / "model.py").write_text("def f():\n    from tutor.packs.instance import g\n")
    (pkg / "packs" / "instance.py").write_text("from tutor.packs import kinds\n")
    (pkg / "packs" / "kinds.py").write_text("from .model import f\n")
    (pkg / "packs" / "typed.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                            "    from tutor.packs.model import f\n")
    (pkg / "packs" / "other.py").write_text("from tutor.packs.typed import x\n")
    cycles = import_cycles(import_graph(pkg))
    assert cycles == [["tutor.packs.instance", "tutor.packs.kinds", "tutor.packs.model"]]
