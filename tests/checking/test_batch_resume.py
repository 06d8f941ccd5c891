"""``check --batch --out FILE --resume``: a run killed mid-way and resumed writes what an uninterrupted run writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

# Distinct questions (F = x^k + k x), so every record is a real check and the run takes a few seconds.
RECORDS = 300


def _class_file(path: Path) -> Path:
    lines = []
    for k in range(2, RECORDS + 2):
        answer = f"{k}x^{k - 1} + {k}" if k % 5 else f"{k}x^{k} + {k}"  # every fifth one wrong
        lines.append(json.dumps({"student": f"s{k}", "answer": answer, "of": f"x^{k} + {k}x"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _command(source: Path, out: Path, *extra: str, jobs: int = 2) -> list[str]:
    return [sys.executable, "-m", "tutor", "check", "--batch", str(source), "--out", str(out), "--no-explain",
            "--jobs", str(jobs), *extra]


def _run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ, "NO_COLOR": "1"})


def _records_in(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("resume")
    source = _class_file(folder / "class.jsonl")
    whole = folder / "whole.jsonl"
    done = _run(_command(source, whole))
    assert done.returncode == 0, done.stderr
    assert _records_in(whole) == RECORDS
    return source, whole


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_a_killed_run_resumes_to_the_same_bytes(tmp_path: Path, uninterrupted, how: int) -> None:
    source, whole = uninterrupted

    broken = tmp_path / "broken.jsonl"
    # Ctrl-C is tested on the in-process grader (one record at a time, so it always lands mid-run; a pool
    # can have every remaining result in flight when it lands); kill -9 on the pool and its workers.
    jobs = 1 if how == signal.SIGINT else 2
    # SIGINT back to its default for the run: a pytest-xdist worker ignores it, a child inherits that
    # across exec, and Python then installs no KeyboardInterrupt handler (the run ignored Ctrl-C in CI)
    process = subprocess.Popen(_command(source, broken, jobs=jobs), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while _records_in(broken) < 1 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    # Freeze the job where it is: results arrive in chunks, and under load the rest of the run could
    # otherwise finish between this look and the signal (a run that ended proves nothing).
    os.killpg(process.pid, signal.SIGSTOP)
    assert process.poll() is None and _records_in(broken) < RECORDS, "the run ended before it could be interrupted"
    if how == signal.SIGKILL:
        os.killpg(process.pid, signal.SIGKILL)  # the main process and its workers, as kill -9 of the job would
    else:
        os.kill(process.pid, signal.SIGINT)  # Ctrl-C, delivered as the job continues
        os.killpg(process.pid, signal.SIGCONT)
    _, stderr = process.communicate(timeout=60)
    if how == signal.SIGINT:
        assert process.returncode == 130 and "--resume continues" in stderr and "Traceback" not in stderr
    written = _records_in(broken)
    assert 1 <= written < RECORDS
    with open(broken, "ab") as stream:
        stream.write(b'{"record": 99999, "row": 3, "half a li')  # the partial last line a kill can leave

    resumed = _run(_command(source, broken, "--resume"))
    assert resumed.returncode == 0, resumed.stderr
    assert broken.read_bytes() == whole.read_bytes()


def test_resume_needs_out_and_a_full_disk_is_exit_74(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tutor.cli.main import app

    source = tmp_path / "c.csv"
    source.write_text("answer,of\n2x,x^2\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--batch", str(source), "--resume"])
    assert result.exit_code == 2 and "--resume continues an --out file" in result.output
    if os.path.exists("/dev/full"):
        done = _run([sys.executable, "-m", "tutor", "check", "--batch", str(source), "--out", "/dev/full"])
        assert done.returncode == 74, done.stderr
        assert "cannot write the output" in done.stderr and "Traceback" not in done.stderr


def test_csv_output_resumes_too(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tutor.cli.main import app

    source = tmp_path / "c.csv"
    source.write_text('Name,Response,of\nana,"2x",x^2\nbo,"2\n x",x^2\ncy,3x^2,x^3\n', encoding="utf-8")
    out = tmp_path / "graded.csv"
    args = ["check", "--batch", str(source), "--column", "answer=Response", "--out", str(out), "--no-explain"]
    assert CliRunner().invoke(app, args).exit_code == 0
    whole = out.read_bytes()
    lines = whole.decode("utf-8").splitlines()
    assert lines[0].startswith("record,row,Name,input_answer,of,verdict,answer")
    cut = whole.index(b"bo,") + 5  # inside the second record's two-line cell
    out.write_bytes(whole[:cut])
    assert CliRunner().invoke(app, args + ["--resume"]).exit_code == 0
    assert out.read_bytes() == whole
