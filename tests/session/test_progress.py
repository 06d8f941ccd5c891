"""The SQLite progress store: one transaction per attempt, two writers at once, bad files replaced."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tutor.session.progress import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    STORE_FILENAME,
    Attempt,
    SkillRecord,
    StoreError,
    open_store,
    resolve_data_dir,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def attempt(i: int = 0, **kw) -> Attempt:
    values = dict(
        at=T0 + timedelta(seconds=i), session_id="s", topic="chain-rule", pack="p", exercise=f"e{i}", seed=i,
        answer="2x", verdict="correct", mistake=None, hints_used=0, duration_s=1.5, skills=("chain-rule",),
    )
    values.update(kw)
    return Attempt(**values)


def bump(skill: str, record: SkillRecord | None) -> SkillRecord:
    n = record.reviews if record else 0
    return SkillRecord(skill, {"n": n + 1}, n + 1, 0, T0)


def test_round_trip_of_an_attempt_and_a_skill(tmp_path: Path) -> None:
    store, notice = open_store(tmp_path)
    assert notice is None
    a = attempt(mistake="chain.missing-inner", verdict="incorrect", hints_used=2)
    store.record(a, bump)
    assert store.attempts() == [a]
    assert store.skills()["chain-rule"].card == {"n": 1}
    assert store.last_topic() == "chain-rule"
    store.close()
    db = sqlite3.connect(tmp_path / STORE_FILENAME)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_version_1_store_is_migrated_and_keeps_its_attempts(tmp_path: Path) -> None:
    from tutor.session.progress import MIGRATIONS

    db = sqlite3.connect(tmp_path / STORE_FILENAME)
    db.executescript(MIGRATIONS[0])
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO attempts (at, session_id, topic, pack, exercise, seed, answer, verdict, mistake,"
               " hints_used, duration_s, skills) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
               (T0.isoformat(), "s", "t", "p", "e", 0, "x", "correct", None, 0, 1.0, '["k"]'))
    db.commit()
    db.close()
    store, notice = open_store(tmp_path)
    assert notice is None
    (old,) = store.attempts()
    assert old.verdict == "correct" and old.saw_steps is False
    store.record(attempt(1, saw_steps=True))
    assert store.attempts()[-1].saw_steps is True
    store.close()


def test_a_failing_review_rolls_the_attempt_back(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path)

    def broken(skill: str, record: SkillRecord | None) -> SkillRecord:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.record(attempt(), broken)
    assert store.attempts() == []
    store.record(attempt(1))  # the connection is usable afterwards
    assert len(store.attempts()) == 1


def test_two_connections_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    errors: list[BaseException] = []

    def write(offset: int) -> None:
        try:
            store, _ = open_store(tmp_path)  # each "terminal" opens its own connection at the same time
            for i in range(40):
                store.record(attempt(offset + i), bump)
            store.close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k * 100,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    first, _ = open_store(tmp_path)
    assert len(first.attempts()) == 80
    # Each review read the card inside its own transaction: no update was lost.
    assert first.skills()["chain-rule"].reviews == 80


def test_a_killed_process_keeps_every_committed_attempt(tmp_path: Path) -> None:
    code = (
        "import os, sys\n"
        "from datetime import datetime, timezone\n"
        "from tutor.session.progress import open_store, Attempt\n"
        "s, _ = open_store(sys.argv[1])\n"
        "for i in range(5):\n"
        "    s.record(Attempt(datetime.now(timezone.utc), 's', 't', 'p', 'e', i, 'x', 'correct', None, 0, 1.0, ('k',)))\n"
        "s._db.execute('BEGIN IMMEDIATE')\n"
        "s._db.execute(\"INSERT INTO attempts (at, session_id, topic, pack, exercise, seed, answer, verdict, hints_used,"
        " duration_s, skills) VALUES ('x','s','t','p','e',9,'in flight','correct',0,0,'[]')\")\n"
        "os._exit(9)  # killed mid-transaction\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True)
    assert out.returncode == 9, out.stderr
    store, notice = open_store(tmp_path)
    assert notice is None
    answers = [a.answer for a in store.attempts()]
    assert answers == ["x"] * 5


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from datetime import datetime, timezone\n"
        "from tutor.session.progress import open_store, Attempt, SkillRecord\n"
        "s, _ = open_store(sys.argv[1])\n"
        "def bump(skill, r):\n"
        "    n = r.reviews if r else 0\n"
        "    return SkillRecord(skill, {}, n + 1, 0, None)\n"
        "for i in range(30):\n"
        "    s.record(Attempt(datetime.now(timezone.utc), sys.argv[2], 't', 'p', 'e', i, 'x', 'correct', None, 0, 1.0, ('k',)), bump)\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path), name], stderr=subprocess.PIPE, text=True) for name in "ab"]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    store, notice = open_store(tmp_path)
    assert notice is None
    assert len(store.attempts()) == 60 and store.skills()["k"].reviews == 60


def test_a_corrupt_file_is_backed_up_and_a_fresh_store_started(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILENAME
    path.write_bytes(b"this is not a database\n" * 200)
    store, notice = open_store(tmp_path, clock=lambda: T0)
    assert notice is not None and notice.backup is not None
    assert "could not be used" in notice.message and notice.backup.name in notice.message
    assert notice.backup.name == f"{STORE_FILENAME}.broken-20260301T090000Z"
    assert notice.backup.read_bytes().startswith(b"this is not a database")
    store.record(attempt())
    assert len(store.attempts()) == 1


def test_a_truncated_store_is_detected(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path)
    for i in range(100):  # enough pages that cutting the file in half leaves a damaged table
        store.record(attempt(i, answer="x" * 500))
    store.close()
    path = tmp_path / STORE_FILENAME
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    store, notice = open_store(tmp_path)
    assert notice is not None and "damaged" in notice.message or "malformed" in notice.message
    assert store.attempts() == []


def test_a_foreign_sqlite_file_is_backed_up_not_modified(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILENAME
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.execute("INSERT INTO recipes VALUES ('soup')")
    db.commit()
    db.close()
    store, notice = open_store(tmp_path)
    assert notice is not None and "not one calctutor wrote" in notice.message
    kept = sqlite3.connect(notice.backup)
    assert kept.execute("SELECT name FROM recipes").fetchall() == [("soup",)]
    assert store.attempts() == []


def test_an_empty_file_becomes_a_store(tmp_path: Path) -> None:
    (tmp_path / STORE_FILENAME).write_bytes(b"")
    store, notice = open_store(tmp_path)
    assert notice is None
    store.record(attempt())


def test_a_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path)
    store.close()
    db = sqlite3.connect(tmp_path / STORE_FILENAME)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer calctutor"):
        open_store(tmp_path)
    assert not list(tmp_path.glob("*.broken-*"))


def test_an_unwritable_data_folder_is_a_user_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the data folder"):
        open_store(blocker / "sub")


def test_the_data_folder_override_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALCTUTOR_HOME", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv("CALCTUTOR_HOME")
    assert "calctutor" in str(resolve_data_dir(None))


def test_attempts_filter_by_topic(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path)
    store.record(attempt(0, topic="a"))
    store.record(attempt(1, topic="b"))
    assert [a.topic for a in store.attempts(topic="b")] == ["b"]
    assert store.last_topic() == "b"
