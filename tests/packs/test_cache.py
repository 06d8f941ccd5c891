"""The pack cache: the same packs as reading the YAML, faster, and never stale or fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.packs import cache as pack_cache
from tutor.packs import discover_packs, load_pack_text
from tutor.packs.problems import PackError

BUILT_IN_PACKS = len(list((Path(__file__).resolve().parents[2] / "exercises").glob("*.yaml")))

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny-pack.yaml"


def _load(text: str) -> object:
    return load_pack_text(text, "tiny.yaml", default_id="tiny")


def test_a_cached_pack_equals_the_pack_read_from_yaml(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    first = pack_cache.cached_pack(text, "tiny.yaml", "tiny", lambda: _load(text), folder=tmp_path)
    assert len(list(tmp_path.glob("pack-*.pickle"))) == 1

    def must_not_read() -> object:
        raise AssertionError("the cache was not used")

    second = pack_cache.cached_pack(text, "tiny.yaml", "tiny", must_not_read, folder=tmp_path)
    assert second == first == _load(text)


def test_changed_text_is_read_again(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    pack_cache.cached_pack(text, "tiny.yaml", "tiny", lambda: _load(text), folder=tmp_path)
    edited = text.replace("title: ", "title: Edited ", 1)
    pack = pack_cache.cached_pack(edited, "tiny.yaml", "tiny", lambda: _load(edited), folder=tmp_path)
    assert pack.title.startswith("Edited")
    assert len(list(tmp_path.glob("pack-*.pickle"))) == 2


def test_a_corrupt_entry_is_read_again_and_replaced(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    pack_cache.cached_pack(text, "tiny.yaml", "tiny", lambda: _load(text), folder=tmp_path)
    (entry,) = tmp_path.glob("pack-*.pickle")
    entry.write_bytes(b"not a pickle at all")
    pack = pack_cache.cached_pack(text, "tiny.yaml", "tiny", lambda: _load(text), folder=tmp_path)
    assert pack == _load(text)
    assert entry.read_bytes() != b"not a pickle at all"


def test_a_pack_with_problems_is_never_cached(tmp_path: Path) -> None:
    broken = "format: 1\nid: broken\ntitle: Broken\nexercises:\n  - id: a\n    kind: derivative\n    of: 010\n"
    for _ in range(2):
        with pytest.raises(PackError):
            pack_cache.cached_pack(broken, "b.yaml", "b", lambda: load_pack_text(broken, "b.yaml"), folder=tmp_path)
    assert list(tmp_path.glob("pack-*.pickle")) == []


def test_a_cache_path_that_is_a_file_only_makes_it_slower(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    text = FIXTURE.read_text(encoding="utf-8")
    assert pack_cache.cached_pack(text, "tiny.yaml", "tiny", lambda: _load(text), folder=blocker) == _load(text)


def test_old_entries_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pack_cache, "MAX_ENTRIES", 3)
    text = FIXTURE.read_text(encoding="utf-8")
    for n in range(6):
        variant = text + f"\n# edit {n}\n"
        pack_cache.cached_pack(variant, "tiny.yaml", "tiny", lambda v=variant: _load(v), folder=tmp_path)
    assert len(list(tmp_path.glob("pack-*.pickle"))) == 3


def test_discover_reads_built_in_packs_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALCTUTOR_HOME", str(tmp_path))
    fresh = discover_packs(user_dir=tmp_path / "none", env={})
    assert len(list((tmp_path / "cache").glob("pack-*.pickle"))) == len(fresh.packs) == BUILT_IN_PACKS

    import tutor.packs.catalog as catalog

    def must_not_read(*args: object, **kwargs: object) -> object:
        raise AssertionError("a built-in pack was read again")

    monkeypatch.setattr(catalog, "load_pack_text", must_not_read)
    cached = discover_packs(user_dir=tmp_path / "none", env={})
    assert cached.packs == fresh.packs and cached.warnings == ()
