"""Figures of the layout (issue 11): import cycles inside tutor/ and functions over 60 lines.

    python benchmarks/layout.py [TREE]

Prints the number of import cycles among tutor's modules, found by tests/test_architecture.py's
own finder (function-local imports count; ``if TYPE_CHECKING:`` blocks do not; needs the test extra) and every function
longer than 60 lines (signature and docstring included), longest first. The duplicate-code
figure comes from ``duplicates --repo tutor --most 60``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

# The one cycle finder: the test's, so the figure and the enforced rule cannot drift apart.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_architecture import import_cycles, import_graph  # noqa: E402

LONG = 60  # lines: the bound for one function


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])
    long: list[tuple[int, str]] = []
    for path in sorted((root / "tutor").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > LONG:
                    long.append((length, f"{path.relative_to(root)}:{node.lineno} {node.name}"))
    cycles = import_cycles(import_graph(root / "tutor"))
    print(f"import cycles inside tutor/ (function-local imports included): {len(cycles)}")
    for group in cycles:
        print("   ", " ".join(group))
    print(f"functions over {LONG} lines: {len(long)}")
    for length, where in sorted(long, reverse=True):
        print(f"   {length:4d} {where}")


if __name__ == "__main__":
    main()
