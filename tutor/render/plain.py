"""Any drawing as plain lines (``--plain``): no box drawing, no colour, one line per table row.

Screen readers read a box-drawn table cell by cell across its borders, and a pasted table
breaks; ``plain_lines`` walks the same renderables the commands draw and writes them as text:
a table row as ``header: cell; header: cell`` (a cell wrapped over several lines joined by
spaces), a tree as indented lines, a group one part after another. The math inside is whatever
the renderable holds: commands that print formulas build their plain renderables in the
printer's plain target (``render_verdict(..., target="plain")``).
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

__all__ = ["plain_lines"]


def _text(cell: Any) -> str:
    """One cell as one line: its plain text, wrapped lines joined by spaces."""
    if isinstance(cell, Text):
        text = cell.plain
    elif isinstance(cell, str):
        text = Text.from_markup(cell).plain
    else:
        text = " ".join(plain_lines(cell))
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _table(table: Table) -> list[str]:
    lines = [_text(table.title)] if table.title else []
    headers = [_text(column.header) for column in table.columns]
    cells = [list(column.cells) for column in table.columns]
    for r in range(table.row_count):
        row = [(h, _text(col[r]) if r < len(col) else "") for h, col in zip(headers, cells)]
        named = any(h for h, _ in row) and table.show_header
        parts = [f"{h}: {c}" if named and h else c for h, c in row if c]
        lines.append("; ".join(parts) if named else "  ".join(parts))
    if table.caption:
        lines.append(_text(table.caption))
    return lines


def _tree(tree: Tree, depth: int = 0) -> list[str]:
    lines = ["  " * depth + _text(tree.label)]
    for child in tree.children:
        lines.extend(_tree(child, depth + 1))
    return lines


def plain_lines(renderable: Any) -> list[str]:
    """``renderable`` (Text, str, Group, Table, Tree, or anything with a ``renderable``) as lines."""
    if renderable is None:
        return []
    if isinstance(renderable, Text):
        return renderable.plain.splitlines() or [""]
    if isinstance(renderable, str):
        return Text.from_markup(renderable).plain.splitlines() or [""]
    if isinstance(renderable, Group):
        return [line for part in renderable.renderables for line in plain_lines(part)]
    if isinstance(renderable, Table):
        return _table(renderable)
    if isinstance(renderable, Tree):
        return _tree(renderable)
    inner = getattr(renderable, "renderable", None)  # Panel, Padding, Align
    if inner is not None:
        title = getattr(renderable, "title", None)
        return ([_text(title)] if title else []) + plain_lines(inner)
    return _drawn(renderable)


def _drawn(renderable: Any) -> list[str]:
    """A renderable with no plain form of its own: drawn without colour, ASCII boxes only."""
    import io

    from rich.console import Console

    out = io.StringIO()
    Console(file=out, width=200, color_system=None, safe_box=True, legacy_windows=True).print(renderable)
    return out.getvalue().rstrip("\n").splitlines()
