"""Hostile batch files through the real command: a clear error and exit 2, never a hang or a traceback.

(The reader's own hostile cases are in tests/grading/test_records.py.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_cli_refuses_an_endless_file_with_exit_2(tmp_path: Path) -> None:
    fifo = tmp_path / "rows.csv"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "tutor", "check", "--batch", str(fifo)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "not a regular file" in done.stderr and "Traceback" not in done.stderr
