"""Finding packs: the built-in set, the user's folder, ``CALCTUTOR_PACKS`` and ``--pack``.

A pack that cannot be loaded never stops the tutor: it becomes a warning in
``Catalog.warnings`` and every other pack still loads. A pack loaded later
with the same id replaces an earlier one, so an author's ``--pack`` copy
overrides the built-in pack it was edited from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence, Union

from tutor.packs.loader import load_pack, load_pack_text
from tutor.packs.model import Exercise, Pack
from tutor.packs.problems import PackError, PackProblem, did_you_mean

__all__ = ["Catalog", "Topic", "discover_packs", "pack_paths", "user_packs_dir", "ENV_VAR", "PACK_SUFFIXES"]

ENV_VAR = "CALCTUTOR_PACKS"
PACK_SUFFIXES = (".yaml", ".yml")
MAX_PACKS = 200  # per folder: a folder with more YAML files is probably not a packs folder


@dataclass(frozen=True)
class Topic:
    """A topic: every pack that declares it."""

    id: str
    title: str
    packs: tuple[Pack, ...]

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return tuple(ex for p in self.packs for ex in p.exercises)

    @property
    def difficulty(self) -> tuple[int, int]:
        levels = [ex.difficulty for ex in self.exercises] or [0]
        return min(levels), max(levels)


@dataclass(frozen=True)
class Catalog:
    """The packs found, and the warnings about those that could not be loaded."""

    packs: tuple[Pack, ...]
    warnings: tuple[PackProblem, ...] = ()

    def topics(self) -> tuple[Topic, ...]:
        order: dict[str, list[Pack]] = {}
        for pack in self.packs:
            order.setdefault(pack.topic_id, []).append(pack)
        out = []
        for topic_id, packs in order.items():
            named = next((p for p in packs if p.id == topic_id), packs[0])
            out.append(Topic(topic_id, named.title, tuple(packs)))
        return tuple(out)

    def find_topic(self, topic_id: str) -> Optional[Topic]:
        """The topic with this id (or the topic of the pack with this id), else None."""
        for topic in self.topics():
            if topic.id == topic_id:
                return topic
        for pack in self.packs:
            if pack.id == topic_id:
                return next(t for t in self.topics() if t.id == pack.topic_id)
        return None

    def suggest(self, topic_id: str) -> Optional[str]:
        """``did you mean `chain-rule`?`` for a mistyped topic."""
        return did_you_mean(topic_id, [t.id for t in self.topics()])

    def find_pack(self, pack_id: str) -> Optional[Pack]:
        return next((p for p in self.packs if p.id == pack_id), None)


def user_packs_dir() -> Path:
    """``<user data dir>/calctutor/packs`` (``CALCTUTOR_HOME/packs`` when that is set)."""
    home = os.environ.get("CALCTUTOR_HOME")
    if home:
        return Path(home) / "packs"
    import platformdirs

    return Path(platformdirs.user_data_dir("calctutor")) / "packs"


def pack_paths(path: Union[str, os.PathLike[str]]) -> list[Path]:
    """The pack files at ``path``: the file itself, or a folder's ``*.yaml``/``*.yml`` (sorted)."""
    p = Path(path).expanduser()
    if p.is_dir():
        return sorted(c for c in p.iterdir() if c.suffix in PACK_SUFFIXES and c.is_file())[:MAX_PACKS]
    return [p]


def _builtin() -> Iterator[tuple[str, str, str]]:
    """(name for messages, text, file stem) of each built-in pack."""
    from importlib.resources import files

    try:
        root: Any = files("tutor.exercises")
    except ModuleNotFoundError:
        # Run from a source checkout whose `tutor` shadows a non-editable install (python -m tutor
        # in the repository): `tutor.exercises` exists only once installed; the packs sit beside.
        root = Path(__file__).resolve().parents[2] / "exercises"
        if not root.is_dir():
            return
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(PACK_SUFFIXES):
            yield str(entry), entry.read_text(encoding="utf-8"), entry.name.rsplit(".", 1)[0]


def _env_paths(env: Mapping[str, str]) -> list[str]:
    return [p for p in env.get(ENV_VAR, "").split(os.pathsep) if p.strip()]


def discover_packs(
    extra_paths: Sequence[Union[str, os.PathLike[str]]] = (),
    *,
    builtin: bool = True,
    user_dir: Optional[Path] = None,
    env: Optional[Mapping[str, str]] = None,
) -> Catalog:
    """Every pack from the built-in set, the user folder, ``CALCTUTOR_PACKS`` and ``extra_paths``."""
    env = os.environ if env is None else env
    by_id: dict[str, Pack] = {}
    warnings: list[PackProblem] = []

    def add(load: "Iterable[Pack]") -> None:
        try:
            for pack in load:
                by_id.pop(pack.id, None)  # the later source wins, and moves to the end
                by_id[pack.id] = pack
        except PackError as exc:
            warnings.extend(exc.problems)

    if builtin:
        # Built-in packs are read at every start-up of practice and topics: from the cache when
        # their text and calctutor's code are unchanged (see cache.py for why that is safe).
        from tutor.packs.cache import cached_pack

        for name, text, stem in _builtin():
            add(_lazy(lambda n=name, t=text, s=stem: cached_pack(
                t, n, s, lambda: load_pack_text(t, n, default_id=s))))
    folder = user_dir if user_dir is not None else user_packs_dir()
    sources: list[Union[str, os.PathLike[str]]] = []
    if folder.is_dir():
        sources.append(folder)
    sources += _env_paths(env)
    sources += list(extra_paths)
    for source in sources:
        for path in pack_paths(source):
            if not path.exists():
                warnings.append(PackProblem(str(path), 1, 1, "", "no such file or folder",
                                        f"check the path (from {ENV_VAR} or --pack)"))
                continue
            add(_lazy(lambda p=path: load_pack(p)))
    return Catalog(tuple(by_id.values()), tuple(warnings))


def _lazy(make: "object") -> Iterator[Pack]:
    yield make()  # type: ignore[operator]
