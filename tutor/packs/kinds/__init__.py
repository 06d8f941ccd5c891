"""The kinds of exercise, one module each (or one module per family of kinds), found by name.

Every module in this package defines ``ROWS: tuple[Kind, ...]`` (``tutor.packs.kind.Kind``:
fields, instantiation, prompt, judging, proof, explanation, mistakes, steps). The table below is
built from them in module-name order, and everything else derives from it: the loader's field
sets, the ``kind`` enum of the JSON Schema, validate's proofs, an instance's checking. So adding
a kind is adding one module here (plus its docs and tests); see docs/architecture.md.

Kind modules import SymPy and the engines only inside their hooks, so this table is cheap.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Iterable

from tutor.packs.kind import Kind

__all__ = ["Kind", "KIND_TABLE", "KINDS", "kind_named", "load_kinds", "register"]

KIND_TABLE: dict[str, Kind] = {}  # name -> Kind, in registration order


def register(rows: Iterable[Kind], origin: str = "") -> None:
    """Add kinds to the table; a name used twice is a programming error, said at import."""
    for row in rows:
        if not isinstance(row, Kind):
            raise TypeError(f"{origin}: ROWS must hold Kind objects, found {type(row).__name__}")
        if row.name in KIND_TABLE and KIND_TABLE[row.name] is not row:
            raise ValueError(f"{origin}: the kind {row.name!r} is defined twice")
        KIND_TABLE[row.name] = row


def load_kinds(paths: Iterable[str] = __path__, package: str = __name__) -> None:
    """Import every module of ``paths`` (this package by default) and register its ``ROWS``."""
    for module in sorted(pkgutil.iter_modules(list(paths)), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        loaded = importlib.import_module(f"{package}.{module.name}")
        rows = getattr(loaded, "ROWS", None)
        if rows is None:
            raise AttributeError(f"{loaded.__name__} defines no ROWS: a kind module lists its kinds in ROWS")
        register(rows, loaded.__name__)


def kind_named(name: str) -> Kind:
    """The kind called ``name`` (a ``KeyError`` naming the known kinds otherwise)."""
    try:
        return KIND_TABLE[name]
    except KeyError:
        raise KeyError(f"unknown kind {name!r}; known: {', '.join(KIND_TABLE)}") from None


load_kinds()
KINDS: tuple[str, ...] = tuple(KIND_TABLE)  # the built-in kinds' names, in table order
