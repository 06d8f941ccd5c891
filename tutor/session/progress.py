"""The progress store: every attempt and every skill's memory card, in SQLite.

Durability and sharing are the reasons for SQLite rather than a JSON file:

* each attempt is written in its own short transaction, so a killed process
  loses at most the attempt in flight;
* WAL mode and a busy timeout let two terminals practise at once; writes take
  the lock up front (``BEGIN IMMEDIATE``) and read a skill's card *inside* the
  transaction that updates it, so two sessions never overwrite each other's
  review;
* a file that is not ours (corrupt, truncated, another program's database) is
  renamed with a timestamp and a fresh store is started, with a message saying
  so, never a traceback. A store written by a *newer* calctutor is left alone
  and reported as a ``StoreError`` (downgrading would lose its data).

The schema is versioned with ``PRAGMA user_version`` and the file is marked
as calctutor's with ``PRAGMA application_id``; ``MIGRATIONS`` holds one script
per version.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tutor.errors import UserError

__all__ = [
    "APPLICATION_ID",
    "Attempt",
    "ProgressStore",
    "SCHEMA_VERSION",
    "SkillRecord",
    "StoreError",
    "StoreNotice",
    "open_store",
    "resolve_data_dir",
]

# "CALC" in ASCII: marks the file as calctutor's, so a foreign SQLite file is recognised.
APPLICATION_ID = 0x43414C43
STORE_FILENAME = "progress.sqlite3"
# How long a writer waits for the other terminal's transaction (ms); transactions are
# a few milliseconds long, so 5 s only runs out when something is really stuck.
BUSY_TIMEOUT_MS = 5000

MIGRATIONS: tuple[str, ...] = (
    # version 1
    """
    CREATE TABLE attempts (
        id          INTEGER PRIMARY KEY,
        at          TEXT    NOT NULL,   -- ISO 8601, UTC
        session_id  TEXT    NOT NULL,
        topic       TEXT    NOT NULL,
        pack        TEXT    NOT NULL,
        exercise    TEXT    NOT NULL,
        seed        INTEGER NOT NULL,
        answer      TEXT    NOT NULL,
        verdict     TEXT    NOT NULL,   -- correct | incorrect | undecided | gave-up | skipped
        mistake     TEXT,               -- a mistake id of the catalogue, or NULL
        hints_used  INTEGER NOT NULL,
        duration_s  REAL    NOT NULL,
        skills      TEXT    NOT NULL    -- JSON list of skill ids
    );
    CREATE INDEX attempts_topic ON attempts(topic, at);
    CREATE TABLE skills (
        skill       TEXT PRIMARY KEY,
        card        TEXT NOT NULL,      -- fsrs.Card.to_dict() as JSON
        reviews     INTEGER NOT NULL,
        lapses      INTEGER NOT NULL,
        updated     TEXT NOT NULL
    );
    """,
    # version 2: whether the worked steps had been shown when the answer was given (help, like a hint)
    """
    ALTER TABLE attempts ADD COLUMN saw_steps INTEGER NOT NULL DEFAULT 0;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

VERDICTS_THAT_ARE_ATTEMPTS = ("correct", "incorrect", "undecided")


class StoreError(UserError):
    """The progress store cannot be used (a newer schema, an unwritable folder)."""


@dataclass(frozen=True)
class StoreNotice:
    """Something the student should know about the store: the file was replaced."""

    message: str
    backup: Path | None = None


@dataclass(frozen=True)
class Attempt:
    """One answer typed for one exercise (or a give-up or a skip), as stored."""

    at: datetime
    session_id: str
    topic: str
    pack: str
    exercise: str
    seed: int
    answer: str
    verdict: str
    mistake: str | None
    hints_used: int
    duration_s: float
    skills: tuple[str, ...] = ()
    saw_steps: bool = False  # the worked steps had been shown (asked for, or after the second wrong try)

    @property
    def is_attempt(self) -> bool:
        """True for a submitted answer; False for a give-up or a skip."""
        return self.verdict in VERDICTS_THAT_ARE_ATTEMPTS


@dataclass(frozen=True)
class SkillRecord:
    """A skill's spaced-repetition card (``fsrs.Card.to_dict()``) and its counters."""

    skill: str
    card: Mapping[str, Any]
    reviews: int = 0
    lapses: int = 0
    updated: datetime | None = None


ReviewFunction = Callable[[str, "SkillRecord | None"], SkillRecord]


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir``, else ``$CALCTUTOR_HOME``, else the platform's user data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("CALCTUTOR_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("calctutor", appauthor=False))


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat()


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


class _Unusable(Exception):
    """Internal: the file is not a calctutor store (the reason is the message)."""


class ProgressStore:
    """Attempts and skill cards in one SQLite file. Use ``open_store`` to get one."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    # -- writing -------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction that holds the lock from the start."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")

    def record(self, attempt: Attempt, review: ReviewFunction | None = None) -> None:
        """Store one attempt and, with ``review``, update each of its skills' cards, atomically.

        ``review(skill, current_record_or_None)`` returns the new record; it runs
        inside the transaction, so a concurrent session's review is never lost.
        """
        with self._write() as db:
            db.execute(
                "INSERT INTO attempts (at, session_id, topic, pack, exercise, seed, answer, verdict,"
                " mistake, hints_used, duration_s, skills, saw_steps) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    _iso(attempt.at), attempt.session_id, attempt.topic, attempt.pack, attempt.exercise,
                    attempt.seed, attempt.answer, attempt.verdict, attempt.mistake, attempt.hints_used,
                    attempt.duration_s, json.dumps(list(attempt.skills)), int(attempt.saw_steps),
                ),
            )
            if review is None:
                return
            for skill in dict.fromkeys(attempt.skills):  # unique, order kept
                new = review(skill, self._skill(db, skill))
                db.execute(
                    "INSERT INTO skills (skill, card, reviews, lapses, updated) VALUES (?,?,?,?,?)"
                    " ON CONFLICT(skill) DO UPDATE SET card=excluded.card, reviews=excluded.reviews,"
                    " lapses=excluded.lapses, updated=excluded.updated",
                    (skill, json.dumps(dict(new.card)), new.reviews, new.lapses, _iso(new.updated or attempt.at)),
                )

    # -- reading -------------------------------------------------------------

    @staticmethod
    def _skill(db: sqlite3.Connection, skill: str) -> SkillRecord | None:
        row = db.execute("SELECT skill, card, reviews, lapses, updated FROM skills WHERE skill=?", (skill,)).fetchone()
        return None if row is None else _skill_record(row)

    def skills(self) -> dict[str, SkillRecord]:
        """Every skill's record, by skill id."""
        rows = self._db.execute("SELECT skill, card, reviews, lapses, updated FROM skills ORDER BY skill")
        return {row[0]: _skill_record(row) for row in rows}

    def attempts(self, *, topic: str | None = None) -> list[Attempt]:
        """Stored attempts (and give-ups and skips), oldest first."""
        sql = (
            "SELECT at, session_id, topic, pack, exercise, seed, answer, verdict, mistake, hints_used,"
            " duration_s, skills, saw_steps FROM attempts"
        )
        args: tuple[Any, ...] = ()
        if topic is not None:
            sql += " WHERE topic=?"
            args = (topic,)
        rows = self._db.execute(sql + " ORDER BY at, id", args)
        return [
            Attempt(_parse_time(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                    tuple(json.loads(r[11])), bool(r[12]))
            for r in rows
        ]

    def last_topic(self) -> str | None:
        """The topic of the most recent attempt: where the student left off."""
        row = self._db.execute("SELECT topic FROM attempts ORDER BY at DESC, id DESC LIMIT 1").fetchone()
        return None if row is None else str(row[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _skill_record(row: tuple[Any, ...]) -> SkillRecord:
    return SkillRecord(row[0], json.loads(row[1]), int(row[2]), int(row[3]), _parse_time(row[4]))


# -- opening, checking and migrating -----------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN/COMMIT ourselves (see ProgressStore._write).
    db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return db


def _open_when_free(path: Path) -> sqlite3.Connection:
    """A prepared connection; retried while another terminal holds the file for its own opening.

    SQLite answers "database is locked" at once, without its busy timeout, in one case: switching
    a fresh file to WAL while a second connection is creating it. Retrying briefly (up to the busy
    timeout) lets two terminals that start together both open the store."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.01
    while True:
        db = _connect(path)
        try:
            _prepare(db)
            return db
        except sqlite3.OperationalError as exc:
            db.close()
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
        except BaseException:
            db.close()
            raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def _prepare(db: sqlite3.Connection) -> None:
    """Check the file is ours (or empty), then bring its schema up to date."""
    try:
        # quick_check reads every page: it catches truncation and garbage, not just a bad header.
        status = db.execute("PRAGMA quick_check").fetchone()
        if status is None or status[0] != "ok":
            raise _Unusable(f"the database is damaged ({status[0] if status else 'no answer'})")
        db.execute("PRAGMA journal_mode = WAL")
        # NORMAL is WAL's recommended level: a commit survives the process being killed (only a
        # power cut may lose the last ones), and it spares an fsync per attempt.
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("BEGIN IMMEDIATE")  # a second terminal opening at the same moment waits here
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if app_id != APPLICATION_ID:
                if tables:
                    raise _Unusable("it is an SQLite database, but not one calctutor wrote")
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                version = 0
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the progress store {db_path(db)} was written by a newer calctutor (schema {version}, "
                    f"this one knows up to {SCHEMA_VERSION})",
                    hint="upgrade calctutor, or pass --data-dir to practise with another store",
                )
            for number in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    except sqlite3.OperationalError:
        raise  # locked, read-only, cannot open: a problem of access, not of the file's content
    except sqlite3.DatabaseError as exc:  # "file is not a database", "database disk image is malformed"
        raise _Unusable(str(exc)) from exc


def db_path(db: sqlite3.Connection) -> str:
    row = db.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row else "?"


def _backup(path: Path, now: datetime) -> Path:
    """Rename the file (and its WAL companions) aside with a timestamp; return the new name."""
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    serial = 1
    while target.exists():  # two backups in the same second
        serial += 1
        target = path.with_name(f"{path.name}.broken-{stamp}-{serial}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(target.with_name(target.name + suffix))
    return target


def open_store(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
) -> tuple[ProgressStore, StoreNotice | None]:
    """Open (creating if needed) the store in ``data_dir``; replace an unusable file.

    Returns the store and a notice to show when the old file was backed up.
    Raises ``StoreError`` (a ``UserError``) when the folder cannot be written
    or the store belongs to a newer calctutor.
    """
    folder = resolve_data_dir(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the data folder {folder}: {exc.strerror or exc}",
            hint="pass --data-dir with a folder you can write, or set CALCTUTOR_HOME",
        ) from exc
    path = folder / STORE_FILENAME
    notice: StoreNotice | None = None
    for _ in range(2):  # at most: the old file fails, the fresh one succeeds
        try:
            return ProgressStore(path, _open_when_free(path)), notice  # closes what it opened if it fails
        except _Unusable as exc:
            backup = _backup(path, clock())
            notice = StoreNotice(
                f"The progress file {path} could not be used ({exc}). It was kept as {backup.name} "
                "and a fresh progress store was started.",
                backup,
            )
        except sqlite3.OperationalError as exc:  # unwritable file, locked beyond the timeout
            raise StoreError(
                f"cannot open the progress store {path}: {exc}",
                hint="check the folder's permissions, or pass --data-dir with another folder",
            ) from exc
    raise StoreError(f"cannot start a fresh progress store at {path}", hint="pass --data-dir with another folder")
