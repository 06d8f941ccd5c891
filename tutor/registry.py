"""Tables of rows found by name: each module of a package defines ``ROWS``, registered in module-name order.

The exercise kinds (``tutor/packs/kinds/``) and the mistake catalogue
(``tutor/explain/mistakes/``) are such tables: adding a kind or a mistake is
adding a row, or a module, and everything else derives from the table.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Callable, Generic, Iterable, TypeVar

__all__ = ["Registry"]

Row = TypeVar("Row")


class Registry(Generic[Row]):
    """Rows of one type, keyed by ``key(row)``; a key used twice is a programming error, said at import."""

    def __init__(self, what: str, row_type: type, key: Callable[[Row], str]) -> None:
        self.what = what  # "kind", "mistake": for the error messages
        self.row_type = row_type
        self.key = key
        self.table: dict[str, Row] = {}

    def register(self, rows: Iterable[Row], origin: str = "") -> None:
        for row in rows:
            if not isinstance(row, self.row_type):
                raise TypeError(f"{origin}: ROWS must hold {self.row_type.__name__} objects, found {type(row).__name__}")
            key = self.key(row)
            if key in self.table and self.table[key] is not row:
                raise ValueError(f"{origin}: the {self.what} {key!r} is defined twice")
            self.table[key] = row

    def unregister(self, keys: Iterable[str]) -> None:
        for key in keys:
            self.table.pop(key, None)

    def load(self, paths: Iterable[str], package: str) -> list[Row]:
        """Import every module of ``paths`` (as ``package.<module>``), register its ``ROWS``, return them."""
        added: list[Row] = []
        for module in sorted(pkgutil.iter_modules(list(paths)), key=lambda m: m.name):
            if module.name.startswith("_"):
                continue
            loaded = importlib.import_module(f"{package}.{module.name}")
            rows = getattr(loaded, "ROWS", None)
            if rows is None:
                raise AttributeError(f"{loaded.__name__} defines no ROWS: a {self.what} module lists its rows in ROWS")
            self.register(rows, loaded.__name__)
            added.extend(rows)
        return added
