"""Hostile batch files: each is a UserError naming the file (and line), or an invalid row; never a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.checking.batch import read_rows
from tutor.errors import UserError


def _refused(path: Path) -> UserError:
    with pytest.raises(UserError) as info:
        read_rows(path)
    return info.value


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert "folder" in _refused(tmp_path).message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "rows.csv"
    os.mkfifo(fifo)
    assert "not a regular file" in _refused(fifo).message


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_an_endless_device_is_refused() -> None:
    assert "not a regular file" in _refused(Path("/dev/zero")).message


def test_binary_and_non_utf8_files_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"answer,of\n\xff\xfe2x,x^2\n")
    assert "UTF-8" in _refused(binary).message
    nul = tmp_path / "n.csv"
    nul.write_bytes(b"answer,of\n2x\x00,x^2\n")
    error = _refused(nul)
    assert "NUL" in error.message and error.location == "n.csv:2"


def test_a_field_over_the_csv_limit_names_its_line(tmp_path: Path) -> None:
    huge = tmp_path / "h.csv"
    huge.write_text("answer,of\n2x,x^2\n" + "x+" * 100_000 + "x,x\n", encoding="utf-8")
    error = _refused(huge)
    assert error.location == "h.csv:3" and "CSV" in error.message


def test_json_nested_past_the_decoder_stack_is_an_invalid_row(tmp_path: Path) -> None:
    deep = tmp_path / "d.jsonl"
    deep.write_text('{"answer": "2x", "of": "x^2"}\n' + "[" * 100_000 + "\n", encoding="utf-8")
    rows = read_rows(deep)
    assert rows[0]["answer"] == "2x"
    assert rows[1]["row"] == 2 and "nested too deeply" in rows[1]["error"]


def test_cli_refuses_an_endless_file_with_exit_2(tmp_path: Path) -> None:
    fifo = tmp_path / "rows.csv"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "tutor", "check", "--batch", str(fifo)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "not a regular file" in done.stderr and "Traceback" not in done.stderr
