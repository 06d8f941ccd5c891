"""A real full disk: `check --batch --out` on a small tmpfs stops with exit 74, and --resume finishes the same bytes.

/dev/full (tests/checking/test_batch_resume.py) fails the first write; a small file
system fills part-way through, with a partial last record on disk. Mounting one needs
root with CAP_SYS_ADMIN (a container may refuse): the test skips, saying so, otherwise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RECORDS = 300


def _mount_small(folder: Path, size: str) -> bool:
    if os.name != "posix" or os.geteuid() != 0:
        return False
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


def _check_batch(source: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tutor", "check", "--batch", str(source), "--out", str(out),
                           "--no-explain", "--jobs", "1", *extra],
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})


@pytest.mark.slow
def test_a_full_disk_stops_with_74_and_resume_writes_the_same_bytes(tmp_path: Path) -> None:
    small = tmp_path / "small"
    if not _mount_small(small, "16k"):
        pytest.skip("cannot mount a small tmpfs here (needs root with CAP_SYS_ADMIN)")
    try:
        source = tmp_path / "class.jsonl"
        answers = ["2x", "2 x", "x^2", "2*x + 0", "2x)", "cos(x)"]
        source.write_text("".join(json.dumps({"answer": answers[i % 6] + " " * (i % 7), "of": f"x^2 + {i % 11}"}) + "\n"
                                  for i in range(RECORDS)), encoding="utf-8")
        out, whole = small / "out.jsonl", tmp_path / "whole.jsonl"
        full = _check_batch(source, out)
        assert full.returncode == 74, full.stderr
        assert "No space left on device" in full.stderr and "--resume" in full.stderr
        assert out.stat().st_size > 0 and len(out.read_bytes().splitlines()) < RECORDS  # stopped part-way
        subprocess.run(["mount", "-o", "remount,size=4m", str(small)], check=True)
        resumed = _check_batch(source, out, "--resume")
        assert resumed.returncode == 0, resumed.stderr
        assert _check_batch(source, whole).returncode == 0
        assert out.read_bytes() == whole.read_bytes()
    finally:
        subprocess.run(["umount", str(small)], capture_output=True)
