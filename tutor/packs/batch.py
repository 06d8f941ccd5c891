"""Validating files and folders of packs (what ``calctutor validate`` runs), as data."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Sequence, Union

from tutor.packs.catalog import _builtin, pack_paths
from tutor.packs.loader import load_pack, load_pack_text
from tutor.packs.problems import PackError, PackProblem
from tutor.packs.validate import DRAWS, validate_pack

__all__ = ["PackResult", "ValidationReport", "validate_paths"]


@dataclass(frozen=True)
class PackResult:
    name: str  # the file
    pack_id: str  # "" when it did not load
    exercises: int
    problems: tuple[PackProblem, ...]
    unreadable: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"file": self.name, "id": self.pack_id or None, "exercises": self.exercises,
                "ok": not self.problems, "problems": [p.to_json() for p in self.problems]}


@dataclass(frozen=True)
class ValidationReport:
    results: tuple[PackResult, ...]

    @property
    def problem_count(self) -> int:
        return sum(len(r.problems) for r in self.results)

    @property
    def unreadable(self) -> bool:
        return any(r.unreadable for r in self.results)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.problem_count == 0 and not self.unreadable, "problems": self.problem_count,
                "packs": [r.to_json() for r in self.results]}


def _one(load: Any, name: str, draws: int) -> PackResult:
    try:
        pack = load()
    except PackError as exc:
        if exc.partial is None:
            return PackResult(name, "", 0, exc.problems, exc.unreadable)
        # Some exercises are malformed: report them, and still prove every well-formed one.
        found = sorted((*exc.problems, *validate_pack(exc.partial, draws=draws)), key=lambda p: (p.line, p.column))
        return PackResult(name, exc.partial.id, len(exc.partial.exercises), tuple(found))
    return PackResult(name, pack.id, len(pack.exercises), tuple(validate_pack(pack, draws=draws)))


def validate_paths(paths: Sequence[Union[str, os.PathLike[str]]], *, draws: int = DRAWS) -> ValidationReport:
    """Validate each pack file (folders: every pack in them); no paths: the built-in packs."""
    results: list[PackResult] = []
    if not paths:
        for name, text, stem in _builtin():
            results.append(_one(lambda t=text, n=name, s=stem: load_pack_text(t, n, default_id=s), name, draws))
        return ValidationReport(tuple(results))
    for path in paths:
        files = pack_paths(path)
        if not files or (os.path.isdir(path) and not files):
            results.append(PackResult(str(path), "", 0, (PackProblem(str(path), 1, 1, "", "no *.yaml packs in this folder"),),
                                      unreadable=True))
        for file in files:
            results.append(_one(lambda f=file: load_pack(f), str(file), draws))
    return ValidationReport(tuple(results))
