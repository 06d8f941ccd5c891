"""The complete example in docs/pack-format.md loads, validates and covers every kind."""

from __future__ import annotations

import re
from pathlib import Path

from tutor.packs import KINDS, load_pack_text
from tutor.packs.validate import validate_pack

DOC = Path(__file__).resolve().parents[2] / "docs" / "pack-format.md"


def test_the_documented_example_is_a_valid_pack() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    example = next(b for b in blocks if "exercises:" in b and "format: 1" in b)
    pack = load_pack_text(example, "docs/pack-format.md")
    assert {ex.kind for ex in pack.exercises} == set(KINDS)
    assert validate_pack(pack, draws=5) == []
