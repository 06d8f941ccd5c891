"""10⁵ records stream through ``check --batch`` within the memory bound (≤ 500 MB resident, every process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

RECORDS = 100_000
MEMORY_BOUND_MB = 500


@pytest.mark.slow
def test_a_hundred_thousand_records_stream_in_bounded_memory(tmp_path: Path) -> None:
    source = tmp_path / "big.jsonl"
    with open(source, "w", encoding="utf-8") as stream:
        for i in range(RECORDS):
            a = 2 + i % 9
            answer = [f"{a}x^{a - 1}", f"{a} x^{a - 1}", f"x^{a - 1}", f"{a}x^{a - 1}+"][i % 4]
            stream.write(json.dumps({"student": f"s{i:06d}", "note": "n" * 40, "answer": answer, "of": f"x^{a}"}) + "\n")
    out = tmp_path / "out.jsonl"
    # A fresh interpreter runs the command, so the peak it reports is this run's (all its processes).
    probe = ("import resource, subprocess, sys; "
             "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True); "
             "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024); "
             "print(done.stderr[-2000:], file=sys.stderr)")
    command = [sys.executable, "-c", probe, sys.executable, "-m", "tutor", "check", "--batch", str(source),
               "--out", str(out), "--no-explain", "--jobs", "2"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    code, peak_mb = map(int, done.stdout.split())
    assert code == 0, done.stderr
    assert peak_mb <= MEMORY_BOUND_MB
    with open(out, "rb") as stream:
        lines = sum(1 for _ in stream)
    assert lines == RECORDS
    last = json.loads(out.read_bytes().rsplit(b"\n", 2)[-2])
    assert last["record"] == RECORDS and last["student"] == f"s{RECORDS - 1:06d}"
