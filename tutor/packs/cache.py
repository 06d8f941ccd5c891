"""A cache of loaded packs, so ``practice`` shows its first exercise without re-reading every pack.

Reading the eight built-in packs (YAML with positions, then the typed model) takes about 0.35 s,
more than a third of ``import sympy``; unpickling what that produced takes about 10 ms. The cache
holds only packs that loaded without a problem: a pack with problems is read afresh each time, so
its warnings are never stale, and ``validate`` never reads the cache at all.

The key of an entry is a hash of the pack's text, its name and default id, calctutor's version,
and the size and modification time of every source file of calctutor: a pack, the loader or the
model changing makes a new key, never a stale answer. Every failure here (an unwritable folder, a
corrupt or foreign file, a pickle of classes that no longer exist) falls back to reading the pack;
the cache can only make start-up faster, never different.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

from tutor.packs.model import Pack

__all__ = ["cached_pack", "cache_dir", "code_fingerprint", "MAX_ENTRIES"]

# Entries kept; older ones are removed when a new one is written. Eight built-in packs plus a
# user's own, across a few versions of each: a few hundred kilobytes at most.
MAX_ENTRIES = 64

_PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def cache_dir() -> Path:
    """``$CALCTUTOR_HOME/cache``, else the platform's user cache folder."""
    home = os.environ.get("CALCTUTOR_HOME")
    if home:
        return Path(home) / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("calctutor", appauthor=False))


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The version and every source file's size and mtime: cheap (one stat a file), and it
    changes whenever the code that builds a Pack could have changed."""
    from tutor import __version__

    # os.walk and os.stat, not Path.rglob: a quarter of the cost (~2 ms for ~170 files), which
    # every practice start-up pays
    rows = []
    for folder, subfolders, files in os.walk(_PACKAGE_ROOT):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                rows.append(f"{os.path.relpath(path, _PACKAGE_ROOT)}:{st.st_size}:{st.st_mtime_ns}\n")
    digest = hashlib.sha256(__version__.encode())
    for row in sorted(rows):
        digest.update(row.encode())
    return digest.hexdigest()


def _key(text: str, name: str, default_id: Optional[str]) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())
    for part in (name, default_id or "", text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def cached_pack(
    text: str, name: str, default_id: Optional[str], load: Callable[[], Pack], *, folder: Optional[Path] = None
) -> Pack:
    """The pack ``load()`` would return for this text, from the cache when it is there.

    ``load`` raises ``PackError`` for a pack with problems; that propagates and nothing is cached.
    """
    folder = cache_dir() if folder is None else folder
    entry = folder / f"pack-{_key(text, name, default_id)}.pickle"
    try:
        with open(entry, "rb") as handle:
            pack = pickle.load(handle)  # noqa: S301 -- written by us, in the user's own cache folder
        if isinstance(pack, Pack):
            return pack
    except Exception:  # missing, corrupt, foreign, or pickled from classes since renamed
        pass
    pack = load()
    _store(folder, entry, pack)
    return pack


def _store(folder: Path, entry: Path, pack: Pack) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".pack-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(pack, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)  # atomic: a reader sees the whole entry or none
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(folder)
    except Exception:  # read-only home, full disk, a pack that cannot be pickled: just slower
        pass


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("pack-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
    for old in entries[:-MAX_ENTRIES]:
        old.unlink(missing_ok=True)
