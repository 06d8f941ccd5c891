"""Figures of the layout (issue 11): import cycles inside tutor/ and functions over 60 lines.

    python benchmarks/layout.py [TREE]

Prints the number of import cycles among tutor's modules (function-local imports count;
``if TYPE_CHECKING:`` blocks do not, as in tests/test_architecture.py) and every function
longer than 60 lines (signature and docstring included), longest first. The duplicate-code
figure comes from ``duplicates --repo tutor --most 60``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

LONG = 60  # lines: the bound for one function


def _modules(root: Path) -> dict[str, Path]:
    modules = {}
    for path in (root / "tutor").rglob("*.py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _type_checking_blocks(tree: ast.AST) -> set[int]:
    """Line numbers inside ``if TYPE_CHECKING:`` blocks (imports there never run)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _edges(name: str, path: Path, tree: ast.AST, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    skip = _type_checking_blocks(tree)
    edges: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skip:
            continue
        if isinstance(node, ast.Import):
            edges.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
            module = ".".join(base + ([node.module] if node.module else [])) if node.level else node.module or ""
            for alias in node.names:
                target = f"{module}.{alias.name}"
                if target in modules:
                    edges.add(target)
                elif module in modules:
                    edges.add(module)
    edges.discard(name)
    return edges


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
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


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])
    modules = _modules(root)
    graph: dict[str, set[str]] = {}
    long: list[tuple[int, str]] = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = _edges(name, path, tree, modules)
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > LONG:
                    long.append((length, f"{path.relative_to(root)}:{node.lineno} {node.name}"))
    cycles = _cycles(graph)
    print(f"import cycles inside tutor/ (function-local imports included): {len(cycles)}")
    for group in cycles:
        print("   ", " ".join(group))
    print(f"functions over {LONG} lines: {len(long)}")
    for length, where in sorted(long, reverse=True):
        print(f"   {length:4d} {where}")


if __name__ == "__main__":
    main()
