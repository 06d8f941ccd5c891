"""discover_packs: built-in, user folder, CALCTUTOR_PACKS, --pack; a broken pack is skipped with a warning."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tutor.packs import discover_packs

BUILT_IN_PACKS = len(list((Path(__file__).resolve().parents[2] / "exercises").glob("*.yaml")))

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny-pack.yaml"
BROKEN = "format: 1\nid: broken\ntitle: Broken\nexercises:\n  - id: a\n    kind: derivative\n    of: 010\n"


def test_builtin_topics_are_the_file_stems(tmp_path: Path) -> None:
    catalog = discover_packs(user_dir=tmp_path / "none", env={})
    ids = [t.id for t in catalog.topics()]
    assert "chain-rule" in ids and len(ids) == BUILT_IN_PACKS
    topic = catalog.find_topic("chain-rule")
    assert topic is not None and topic.title == "The chain rule" and len(topic.exercises) >= 15
    assert catalog.find_topic("chain-rul") is None and catalog.suggest("chain-rul") == "did you mean `chain-rule`?"
    assert catalog.warnings == ()


def test_a_broken_pack_is_skipped_with_a_warning_and_the_others_load(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    shutil.copy(FIXTURE, folder / "tiny.yaml")
    catalog = discover_packs(user_dir=folder, env={})
    assert catalog.find_topic("tiny") is not None
    assert catalog.find_pack("broken") is None
    assert len(catalog.topics()) == BUILT_IN_PACKS + 1  # and tiny
    (warning,) = catalog.warnings
    assert str(warning).startswith(f"{folder / 'broken.yaml'}:7:9: a.of: math must be a quoted string")


def test_env_path_list_and_extra_paths(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    shutil.copy(FIXTURE, a / "tiny.yaml")
    (b / "other.yml").write_text(FIXTURE.read_text(encoding="utf-8").replace("id: tiny", "id: other", 1)
                                 .replace("topic: tiny", "topic: tiny"), encoding="utf-8")
    env = {"CALCTUTOR_PACKS": os.pathsep.join([str(a), str(b / "other.yml"), ""])}
    catalog = discover_packs(user_dir=tmp_path / "none", env=env)
    topic = catalog.find_topic("tiny")
    assert topic is not None and [p.id for p in topic.packs] == ["tiny", "other"]
    assert catalog.find_topic("other") is topic or catalog.find_topic("other").id == "tiny"
    missing = discover_packs([tmp_path / "nope.yaml"], user_dir=tmp_path / "none", env={})
    assert any("no such file" in str(w) for w in missing.warnings)


def test_a_later_pack_with_the_same_id_replaces_the_builtin(tmp_path: Path) -> None:
    override = tmp_path / "chain-rule.yaml"
    override.write_text(FIXTURE.read_text(encoding="utf-8").replace("id: tiny", "id: chain-rule", 1)
                        .replace("topic: tiny", "topic: chain-rule"), encoding="utf-8")
    catalog = discover_packs([override], user_dir=tmp_path / "none", env={})
    topic = catalog.find_topic("chain-rule")
    assert topic is not None and len(topic.exercises) == 5 and topic.packs[0].source == str(override)
