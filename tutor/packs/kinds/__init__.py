"""The kinds of exercise, one module each (or one module per family of kinds), found by name.

Every module in this package defines ``ROWS: tuple[Kind, ...]`` (``tutor.packs.kind.Kind``:
fields, instantiation, prompt, judging, proof, explanation, mistakes, steps). The table below is
built from them in module-name order, and everything else derives from it: the loader's field
sets, the ``kind`` enum of the JSON Schema, validate's proofs, an instance's checking. So adding
a kind is adding one module here (plus its docs and tests); see docs/architecture.md.

Kind modules import SymPy and the engines only inside their hooks, so this table is cheap.
"""

from __future__ import annotations

from typing import Iterable

from tutor.packs.kind import Kind
from tutor.registry import Registry

__all__ = ["Kind", "KIND_TABLE", "KINDS", "kind_named", "load_kinds", "register"]

_REGISTRY: Registry[Kind] = Registry("kind", Kind, lambda row: row.name)
KIND_TABLE: dict[str, Kind] = _REGISTRY.table  # name -> Kind, in registration order
register = _REGISTRY.register  # add kinds; a name used twice is an error


def load_kinds(paths: Iterable[str] = __path__, package: str = __name__) -> None:
    """Import every module of ``paths`` (this package by default) and register its ``ROWS``."""
    _REGISTRY.load(paths, package)


def kind_named(name: str) -> Kind:
    """The kind called ``name`` (a ``KeyError`` naming the known kinds otherwise)."""
    try:
        return KIND_TABLE[name]
    except KeyError:
        raise KeyError(f"unknown kind {name!r}; known: {', '.join(KIND_TABLE)}") from None


load_kinds()
KINDS: tuple[str, ...] = tuple(KIND_TABLE)  # the built-in kinds' names, in table order
