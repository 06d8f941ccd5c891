"""The mistake catalogue, one module per topic, each a table of rows found by name.

Every module here defines ``ROWS: tuple[Mistake, ...]`` (``tutor.explain.mistake.Mistake``:
id, title, example, where it applies, how the wrong answer is produced, priority). The
catalogue is built from them in module-name order, and everything else derives from it: the
diagnosis's buggy rules (rows whose ``applies_to`` names step rules, ``produce`` naming the
buggy rule), its whole-answer checks, ``calctutor mistakes`` and the docs table. Adding a
mistake is adding a row here (and, for a new kind of slip, its buggy rule); see
docs/architecture.md.

Modules hold plain data and import nothing heavy: reading the catalogue never loads SymPy.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Iterable

from tutor.explain.mistake import Mistake

__all__ = ["Mistake", "CATALOGUE", "BUILT_IN", "load_mistakes", "register", "unregister"]

CATALOGUE: dict[str, Mistake] = {}  # id -> row, in registration order


def register(rows: Iterable[Mistake], origin: str = "") -> None:
    """Add rows to the catalogue; an id used twice is a programming error, said at import."""
    for row in rows:
        if not isinstance(row, Mistake):
            raise TypeError(f"{origin}: ROWS must hold Mistake objects, found {type(row).__name__}")
        if row.id in CATALOGUE and CATALOGUE[row.id] is not row:
            raise ValueError(f"{origin}: the mistake {row.id!r} is defined twice")
        CATALOGUE[row.id] = row


def unregister(ids: Iterable[str]) -> None:
    """Remove rows (a test's toy mistakes)."""
    for mistake_id in ids:
        CATALOGUE.pop(mistake_id, None)


def load_mistakes(paths: Iterable[str] = __path__, package: str = __name__) -> list[Mistake]:
    """Import every module of ``paths`` (this package by default), register its ``ROWS``, return them."""
    added: list[Mistake] = []
    for module in sorted(pkgutil.iter_modules(list(paths)), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        loaded = importlib.import_module(f"{package}.{module.name}")
        rows = getattr(loaded, "ROWS", None)
        if rows is None:
            raise AttributeError(f"{loaded.__name__} defines no ROWS: a mistake module lists its mistakes in ROWS")
        register(rows, loaded.__name__)
        added.extend(rows)
    return added


BUILT_IN: tuple[Mistake, ...] = tuple(load_mistakes())  # the rows of this package, in module-name order
