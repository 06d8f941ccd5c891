"""Pack files that are not ordinary files, or whose numbers are absurd: a problem report, never a hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tutor.packs import PackError, load_pack
from tutor.packs.model import Param
from tutor.packs.templates import draw

TINY = Path(__file__).parents[1] / "fixtures" / "tiny-pack.yaml"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pack.yaml"
    os.mkfifo(fifo)  # reading it would wait forever for a writer
    with pytest.raises(PackError) as info:
        load_pack(fifo)
    assert info.value.unreadable
    assert "not a regular file" in info.value.problems[0].message


def test_a_symlink_loop_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    with pytest.raises(PackError) as info:
        load_pack(tmp_path / "a.yaml")
    assert info.value.problems[0].line == 1


def test_a_huge_integer_range_is_reported_at_its_line(tmp_path: Path) -> None:
    text = TINY.read_text(encoding="utf-8").replace("a: {integer: [2, 9]}", "a: {integer: [2, 99999999999999999999]}")
    pack = tmp_path / "wide.yaml"
    pack.write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(pack)
    (problem,) = info.value.problems
    assert problem.line == 16 and "params.a" in problem.field and "beyond" in problem.message


def test_a_wide_range_is_sampled_not_listed() -> None:
    # 10^12 integers: listing them would never end; drawing must still honour `exclude`
    spec = Param(integer=(-10**12, 10**12), exclude=(0,))
    values = [draw({"a": spec}, (), seed)["a"] for seed in range(50)]
    assert all(-10**12 <= v <= 10**12 and v != 0 for v in values)
    assert len(set(values)) > 40


def test_a_control_character_is_located_not_described_as_a_unicode_string() -> None:
    from tutor.packs import load_pack_text

    with pytest.raises(PackError) as info:
        load_pack_text('format: 1\nid: x\ntitle: "a\x01b"\n', "p.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (3, 10)
    assert "U+0001" in problem.message and "unicode string" not in problem.message


def test_a_complex_key_is_named_without_internal_reprs() -> None:
    from tutor.packs import load_pack_text

    with pytest.raises(PackError) as info:
        load_pack_text("? [a, b]\n: 1\n", "p.yaml")
    messages = " ".join(p.message for p in info.value.problems)
    assert "keys must be words, found a list" in messages and "ScalarNode" not in messages


def test_a_derivative_order_beyond_the_limit_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    text = TINY.read_text(encoding="utf-8").replace(
        "    difficulty: 1\n    skills: [power-rule]",
        "    difficulty: 1\n    skills: [power-rule]\n    wrt: [" + ", ".join(["x", "y"] * 30) + "]", 1)
    pack = tmp_path / "orders.yaml"
    pack.write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(pack)
    assert any(p.field.endswith("wrt") and "order" in p.message for p in info.value.problems)
