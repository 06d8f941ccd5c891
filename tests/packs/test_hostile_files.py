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
