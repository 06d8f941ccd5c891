"""The batch engine: each distinct key graded once, every record answered, in input order, bounded memory."""

from __future__ import annotations

import functools
import json
import os
import signal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.grading.derivatives import derivative_key, grade_derivative
from tutor.grading.engine import grade_records
from tutor.grading.records import Record, read_records

CALLS: list = []


def key_of(record: Record) -> str:
    return record.fields["answer"].strip()


def grade(key: str) -> dict:
    CALLS.append(key)
    return {"value": key.upper(), "pid": 0}


def grade_with_pid(key: str) -> dict:
    return {"value": key.upper(), "pid": os.getpid()}


def grade_or_die(key: str, marker: str) -> dict:
    """Kills its own worker the first time it meets ``poison`` (the marker file says it has)."""
    if key == "poison" and not os.path.exists(marker):
        Path(marker).write_text("died once", encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)
    return {"value": key.upper()}


def grade_always_dies(key: str) -> dict:
    if key == "poison":
        os.kill(os.getpid(), signal.SIGKILL)
    return {"value": key.upper()}


def _records(answers: list[str]) -> list[Record]:
    return [Record(i, {"answer": a}, i + 1) for i, a in enumerate(answers, 1)]


@settings(max_examples=60, deadline=None)
@given(answers=st.lists(st.sampled_from(["a", "b", "c", " a", "d", "e"]), max_size=60),
       window=st.integers(1, 8), cache=st.integers(0, 200))
def test_every_record_in_order_each_distinct_key_once(answers: list[str], window: int, cache: int) -> None:
    CALLS.clear()
    out = list(grade_records(_records(answers), key_of, grade, jobs=1, window=window, cache_bytes=cache))
    assert [r.number for r, _ in out] == list(range(1, len(answers) + 1))
    assert [res["value"] for _, res in out] == [a.strip().upper() for a in answers]
    if cache >= 200:  # room for every result: each distinct key graded exactly once
        assert sorted(CALLS) == sorted(set(CALLS)) == sorted({a.strip() for a in answers})


def test_results_are_fresh_dicts() -> None:
    out = list(grade_records(_records(["a", "a"]), key_of, grade, jobs=1))
    out[0][1]["value"] = "changed"
    assert out[1][1]["value"] == "A"


def test_two_worker_processes_give_the_inline_answers() -> None:
    answers = [f"k{i % 37}" for i in range(400)]
    out = list(grade_records(_records(answers), key_of, grade_with_pid, jobs=2, window=50))
    assert [res["value"] for _, res in out] == [a.upper() for a in answers]
    assert os.getpid() not in {res["pid"] for _, res in out}  # graded by the workers


def test_a_killed_worker_loses_nothing(tmp_path: Path) -> None:
    answers = [f"k{i % 50}" for i in range(300)] + ["poison"] + [f"k{i}" for i in range(100)]
    grader = functools.partial(grade_or_die, marker=str(tmp_path / "died"))
    out = list(grade_records(_records(answers), key_of, grader, jobs=2))
    assert (tmp_path / "died").exists()
    assert [res["value"] for _, res in out] == [a.upper() for a in answers]


def test_an_answer_that_always_kills_its_worker_is_reported_and_the_rest_graded() -> None:
    answers = [f"k{i}" for i in range(40)] + ["poison"] + [f"k{i}" for i in range(40, 80)]
    out = list(grade_records(_records(answers), key_of, grade_always_dies, jobs=2))
    values = [res.get("value") for _, res in out]
    assert values[:40] == [a.upper() for a in answers[:40]] and values[41:] == [a.upper() for a in answers[41:]]
    assert "was lost" in out[40][1]["error"]


def test_check_batch_grader_shares_work_between_spellings(tmp_path: Path) -> None:
    path = tmp_path / "class.jsonl"
    answers = ["2x cos(x^2)", "2 x cos(x^2)", "cos(x^2)*2x", "2x cos(x)", "2x  cos(x)", "cos(x^2)", "2x cos(x"]
    path.write_text("".join(json.dumps({"answer": a, "of": "sin(x^2)"}) + "\n" for a in answers), encoding="utf-8")
    grader = functools.partial(grade_derivative, explain=True)
    out = [res for _, res in grade_records(read_records(path), derivative_key, grader, jobs=1)]
    assert [r["verdict"] for r in out] == ["correct"] * 3 + ["incorrect"] * 3 + ["invalid"]
    assert out[3] == out[4]  # one key after white space is normalised
    assert out[3]["mistake"]["id"] == "chain.inner-derivative-dropped" or out[3]["mistake"] is not None
    assert out[3]["steps"] == out[5]["steps"] is not None  # the variant's steps, built once


def group(key: str) -> str:
    return key[:2]


def test_groups_go_to_one_worker_each() -> None:
    answers = [f"k{i % 10}{j}" for j in range(20) for i in range(10)]
    out = list(grade_records(_records(answers), key_of, grade_with_pid, jobs=2, group_of=group, window=30))
    assert [res["value"] for _, res in out] == [a.upper() for a in answers]
    by_group: dict = {}
    for (_, res), a in zip(out, answers):
        by_group.setdefault(a[:2], set()).add(res["pid"])
    assert all(len(pids) == 1 for pids in by_group.values())
    assert len({pid for pids in by_group.values() for pid in pids}) == 2  # both workers got groups


def test_a_killed_worker_loses_nothing_with_groups(tmp_path: Path) -> None:
    answers = [f"k{i % 50}" for i in range(300)] + ["poison"] + [f"k{i}" for i in range(100)]
    grader = functools.partial(grade_or_die, marker=str(tmp_path / "died"))
    out = list(grade_records(_records(answers), key_of, grader, jobs=2, group_of=group))
    assert [res["value"] for _, res in out] == [a.upper() for a in answers]
    out = list(grade_records(_records(answers), key_of, grade_always_dies, jobs=2, group_of=group))
    assert "was lost" in out[300][1]["error"]


def grade_or_hang(key: str) -> dict:
    """Hangs in Python on "loop" (a KeyTimeout reaches it) and in one C call on "sleep" (only an exit does)."""
    if key == "loop":
        while True:
            pass
    if key == "sleep":
        import time

        time.sleep(3600)
    return {"value": key.upper()}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_key_that_hangs_is_given_up_and_the_rest_graded(monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    from tutor.grading import watchdog

    monkeypatch.setattr(watchdog, "KEY_LIMIT_S", 0.3)
    answers = [f"k{i}" for i in range(20)] + ["loop"] + [f"k{i}" for i in range(20, 40)]
    out = list(grade_records(_records(answers), key_of, grade_or_hang, jobs=jobs))
    assert [res.get("value") for _, res in out if _.fields["answer"] != "loop"] == [a.upper() for a in answers if a != "loop"]
    assert out[20][1]["error"] == "grading this answer took longer than 0.3 s; it was not graded"


def test_a_key_stuck_in_a_c_call_ends_its_worker_and_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.grading import watchdog

    monkeypatch.setattr(watchdog, "KEY_LIMIT_S", 0.3)
    answers = [f"k{i}" for i in range(20)] + ["sleep"] + [f"k{i}" for i in range(20, 40)]
    out = list(grade_records(_records(answers), key_of, grade_or_hang, jobs=2))
    assert [res.get("value") for _, res in out if _.fields["answer"] != "sleep"] == [a.upper() for a in answers if a != "sleep"]
    assert "was lost" in out[20][1]["error"]


def test_progress_moves_while_the_first_record_waits() -> None:
    """Keys graded are reported as chunks come back, not only as records go out in order."""
    seen: list = []
    answers = [f"k{i}" for i in range(200)]
    list(grade_records(_records(answers), key_of, grade, jobs=1, chunk_keys=10, window=500,
                       on_progress=seen.append))
    assert any(p.graded > 0 and p.records == 0 for p in seen)  # a report before the first record went out
    assert seen[-1].done and seen[-1].records == 200
