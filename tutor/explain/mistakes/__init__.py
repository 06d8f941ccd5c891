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

from typing import Iterable

from tutor.explain.mistake import Mistake
from tutor.registry import Registry

__all__ = ["Mistake", "CATALOGUE", "BUILT_IN", "load_mistakes", "register", "unregister"]

_REGISTRY: Registry[Mistake] = Registry("mistake", Mistake, lambda row: row.id)
CATALOGUE: dict[str, Mistake] = _REGISTRY.table  # id -> row, in registration order
register = _REGISTRY.register  # add rows; an id used twice is an error
unregister = _REGISTRY.unregister  # remove rows (a test's toy mistakes)


def load_mistakes(paths: Iterable[str] = __path__, package: str = __name__) -> list[Mistake]:
    """Import every module of ``paths`` (this package by default), register its ``ROWS``, return them."""
    return _REGISTRY.load(paths, package)


BUILT_IN: tuple[Mistake, ...] = tuple(load_mistakes())  # the rows of this package, in module-name order
