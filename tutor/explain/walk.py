"""Walking a tree of steps: a derivation's ``Step`` or a worked solution's ``WorkedStep``, any node whose
``substeps`` are its children. SymPy-free, so the worked solutions stay cheap to import."""

from __future__ import annotations

from typing import Any, Iterator, Protocol, Sequence, TypeVar

__all__ = ["walk"]


class _Tree(Protocol):
    @property
    def substeps(self) -> Sequence[Any]: ...


T = TypeVar("T", bound=_Tree)


def walk(step: T) -> Iterator[T]:
    """Every step of the tree, parents before children (iterative: deep chains don't recurse)."""
    stack = [step]
    while stack:
        s = stack.pop()
        yield s
        stack.extend(reversed(s.substeps))
