"""The batch engine on Dask: a LocalCluster grades exactly as the local pool, even when a worker is killed."""

from __future__ import annotations

import functools
import json
import os
import signal
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from tutor.grading.derivatives import (  # noqa: E402
    derivative_key, failed_derivative, grade_derivative, prepare_derivatives, variant_of)
from tutor.grading.engine import grade_records  # noqa: E402
from tutor.grading.records import Record, output_fields  # noqa: E402

# Questions and answers a class hands in: right in several spellings, wrong by catalogued mistakes, unreadable.
ANSWERS = [
    ("sin({a}x^2)", ["{b}x cos({a}x^2)", "{b} x cos({a} x^2)", "cos({a}x^2)", "{b}x cos({a}x^2"]),
    ("x^{a}", ["{a}x^{c}", "{a} x^{c}", "{a}x^{a}", "x^{c}"]),
    ("cos({a}x)", ["-{a}sin({a}x)", "-{a} sin({a}x)", "{a}sin({a}x)", "-sin({a}x)"]),
]
RECORDS = 2000


def _records(n: int = RECORDS) -> list[Record]:
    out = []
    for i in range(n):
        of, answers = ANSWERS[i % len(ANSWERS)]
        a = 2 + (i // 7) % 4
        fill = lambda t: t.replace("{a}", str(a)).replace("{b}", str(2 * a)).replace("{c}", str(a - 1))  # noqa: E731
        out.append(Record(i + 1, {"student": f"s{i // 3}", "answer": fill(answers[(i * 7) % 4]), "of": fill(of)}, i + 1))
    return out


def _lines(pairs) -> list[str]:
    return [json.dumps(output_fields(record, result), ensure_ascii=False, default=str) for record, result in pairs]


# Without explanations: the engine's path is the same, and CI's two cores stay free (48 distinct keys).
GRADE = functools.partial(grade_derivative, explain=False)


@pytest.fixture(scope="module")
def local_pool_output() -> list[str]:
    return _lines(grade_records(_records(), derivative_key, GRADE, jobs=2, failed=failed_derivative,
                                prepare=prepare_derivatives))


@pytest.mark.slow
def test_check_batch_on_a_local_cluster_writes_the_local_pools_bytes(tmp_path: Path, local_pool_output) -> None:
    from typer.testing import CliRunner

    from tutor.cli.main import app

    source = tmp_path / "class.jsonl"
    source.write_text("".join(json.dumps(r.fields) + "\n" for r in _records()), encoding="utf-8")
    out = tmp_path / "cluster.jsonl"
    args = ["check", "--batch", str(source), "--out", str(out), "--no-explain", "--cluster", "local", "--jobs", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().decode("utf-8") == "".join(line + "\n" for line in local_pool_output)
    assert len(local_pool_output) == RECORDS


@pytest.mark.slow
def test_a_worker_killed_mid_run_changes_nothing(local_pool_output: list[str]) -> None:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as cluster, distributed.Client(cluster) as client:
        pids = client.run(os.getpid)
        victim = sorted(pids.values())[0]
        killed = []

        def kill_once(progress) -> None:
            if not killed:
                os.kill(victim, signal.SIGKILL)  # the nanny starts a new worker; its chunks go elsewhere
                killed.append(progress.records)

        out = _lines(grade_records(_records(), derivative_key, GRADE, cluster=cluster.scheduler_address,
                                   failed=failed_derivative, prepare=prepare_derivatives, chunk_keys=8, group_of=variant_of,
                                   on_progress=kill_once))
    assert killed and killed[0] < RECORDS  # killed mid-run, with chunks still to grade
    assert out == local_pool_output


def test_an_unreachable_scheduler_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.errors import UserError
    from tutor.grading import backends

    monkeypatch.setattr(backends, "SCHEDULER_TIMEOUT_S", 1)
    with pytest.raises(UserError) as info:
        list(grade_records(_records(3), derivative_key, GRADE, cluster="tcp://127.0.0.1:9"))
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in info.value.message
