"""The batch engine: each distinct key graded once, results fanned back to every record, in input order.

    for record, result in grade_records(records, key_of, grade, jobs=2):
        ...

``key_of(record)`` names what decides the grade (the question variant and the
normalised answer); ``grade(key)`` grades one key and returns a JSON-ready
dict. Both are module-level callables (or ``functools.partial`` of one): they
travel to worker processes by reference. Records stream through a window of
at most ``window`` records; distinct keys go to the workers in chunks; a
record leaves as soon as it and every record before it have a result.

Memory stays bounded whatever the input size: records are held only while in
the window; results are kept pickled, in a least-recently-used cache of at
most ``cache_bytes`` (a key evicted and met again is graded again: grading is
deterministic, so the output does not change). Work that depends only on the
question variant (the correct derivative, its steps) is cached by ``grade``
inside each worker process, which lives for the whole run.

Backends (``backends.py``): inline (one process, for small inputs or ``jobs=1``), a local pool
of forked processes (SymPy imported once, before the fork), or a Dask cluster
(``cluster="local"`` or ``"tcp://host:8786"``; dask is imported only then). A
worker that dies (killed, out of memory) loses nothing: its chunk is graded
again, alone if need be, and a key that kills two workers gets ``failed(key,
message)``. A key that takes longer than ``watchdog.KEY_LIMIT_S`` is given up (``failed``). Progress is reported through ``on_progress(Progress)``; nothing here prints.
"""

from __future__ import annotations

import collections
import itertools
import os
import pickle
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Iterable, Iterator

from tutor.grading.backends import (CLUSTER_CHUNK_KEYS, LOCAL_CHUNK_KEYS, TASKS_PER_WORKER, Inline, LocalPool,
                                    local_cluster, open_backend)

__all__ = ["grade_records", "Progress", "failed_result", "local_cluster", "LOCAL_CHUNK_KEYS", "CLUSTER_CHUNK_KEYS"]

Key = Hashable
Result = dict

# Records held between reading and writing. 50,000 small records are ~50 MB;
# enough ahead for several cluster chunks of distinct keys to be in flight.
WINDOW_RECORDS = 50_000
# Pickled results kept for reuse: ~3 KB each with explanations, so ~20,000 keys.
CACHE_BYTES = 64 * 1024 * 1024
# Below this many distinct keys a pool costs more than it saves (fork + IPC).
POOL_MIN_KEYS = 16
# Once the input is read, chunks shrink to about this many per lane of what is left, so lanes finish together.
TAIL_CHUNKS_PER_LANE = 2
# A new group is bound to a lane from this many of the oldest unbound ones (the largest of them).
GROUPS_CONSIDERED = 64
# A lane with nothing to do takes over another lane's group only when this many of its keys wait: its
# first keys cost the variant's work again on the new worker (~0.2 s: question, steps, each distinct
# answer checked), worth it only against ~200 keys graded warm (~1 ms each).
MOVE_MIN_KEYS = 200
# Fewest distinct keys per cluster task: below, the scheduler's ~1 ms per task starts to show.
MIN_CLUSTER_CHUNK_KEYS = 50
# Groups (question variants) whose worker is remembered; an older one may move to another worker.
GROUPS_KEPT = 100_000
# Seconds between progress reports (the last one always comes).
PROGRESS_EVERY_S = 0.2


@dataclass(frozen=True)
class Progress:
    """How far a run has got: records out, distinct keys graded, and the fraction of the input read."""

    records: int
    graded: int  # distinct keys graded (a key evicted and met again counts twice)
    reused: int  # records answered from a key graded before
    fraction: float | None  # of the input read, when the reader knows its size
    elapsed_s: float
    done: bool = False

    @property
    def rate(self) -> float:
        return self.records / self.elapsed_s if self.elapsed_s > 0 else 0.0


def failed_result(key: Key, message: str) -> Result:
    """The default result of a key that could not be graded."""
    return {"error": message}


class _Results:
    """Pickled results by key: pinned while a waiting record needs them, else least recently used first out."""

    def __init__(self, limit_bytes: int) -> None:
        self.limit = limit_bytes
        self.data: collections.OrderedDict[Key, bytes] = collections.OrderedDict()
        self.size = 0
        self.needed: collections.Counter[Key] = collections.Counter()

    def __contains__(self, key: Key) -> bool:
        return key in self.data

    def put(self, key: Key, value: bytes) -> None:
        if key not in self.data:
            self.data[key] = value
            self.size += len(value)
        self._evict()

    def take(self, key: Key) -> Result:
        self.needed[key] -= 1
        if self.needed[key] <= 0:
            del self.needed[key]
        self.data.move_to_end(key)
        return pickle.loads(self.data[key])

    def _evict(self) -> None:
        # A key still needed goes to the back (it is in use); at most one pass over the cache.
        for _ in range(len(self.data)):
            if self.size <= self.limit:
                break
            key, value = self.data.popitem(last=False)
            if key in self.needed:
                self.data[key] = value
            else:
                self.size -= len(value)


class _Window:
    """The records between reading and writing, each with its key, and the results they wait for."""

    def __init__(self, records: Iterable[Any], key_of: Callable[[Any], Key], limit: int, cache_bytes: int) -> None:
        self.stream = iter(records)
        self.key_of = key_of
        self.limit = limit
        self.pending: collections.deque[tuple[Any, Key]] = collections.deque()
        self.results = _Results(cache_bytes)
        self.in_flight: set[Key] = set()  # keys sent, or waiting to be sent, without a result yet
        self.exhausted = False
        self.records = self.graded = self.reused = 0

    def read_more(self, add: Callable[[Key], None]) -> None:
        """Read until the window is full or the input ends; ``add`` gets each key not graded nor on its way."""
        pending, results, in_flight = self.pending, self.results, self.in_flight
        while not self.exhausted and len(pending) < self.limit:
            try:
                record = next(self.stream)
            except StopIteration:
                self.exhausted = True
                break
            key = self.key_of(record)
            pending.append((record, key))
            results.needed[key] += 1
            if key in results or key in in_flight:
                self.reused += 1
            else:
                in_flight.add(key)
                add(key)

    def ready(self) -> Iterator[tuple[Any, Result]]:
        """The records at the front whose results are in, in input order."""
        while self.pending and self.pending[0][1] in self.results:
            record, key = self.pending.popleft()
            self.records += 1
            yield record, self.results.take(key)

    def store(self, keys: list[Key], values: list[bytes]) -> None:
        for key, value in zip(keys, values):
            self.in_flight.discard(key)
            self.results.put(key, value)
            self.graded += 1

    @property
    def blocked(self) -> bool:
        """Is the next record to write still waiting for its result?"""
        return bool(self.pending) and self.pending[0][1] not in self.results

    @property
    def finished(self) -> bool:
        return self.exhausted and not self.pending


@dataclass
class _Lane:
    """The keys bound for one worker (or for the whole pool when keys have no groups), by group."""

    index: int
    slots: int  # chunks in flight at most
    waiting: collections.OrderedDict = field(default_factory=collections.OrderedDict)  # group -> keys not yet sent
    count: int = 0  # keys in ``waiting``
    resend: collections.deque = field(default_factory=collections.deque)  # (keys, suspect) after a lost worker
    out: int = 0
    suspect_out: bool = False

    def put(self, group: Hashable, keys: list[Key]) -> None:
        self.waiting.setdefault(group, []).extend(keys)
        self.count += len(keys)

    def take(self, group: Hashable) -> list[Key]:
        keys = self.waiting.pop(group)
        self.count -= len(keys)
        return keys


_NOTHING = object()  # no group to take


class _Lanes:
    """Which keys go to which lane, and in what chunks.

    A group (a question variant) is bound to a lane when that lane asks for work and
    has none of its own: the largest of the oldest unbound groups, so big groups go
    first and small ones even out the lanes at the end. Its later keys follow it. A
    lane with nothing left takes over another lane's largest waiting group, if that
    is big enough to be worth the variant's work again on a cold worker. Once the
    input is read, chunks shrink so that the lanes finish together.
    """

    def __init__(self, count: int, slots: int, size: int, smallest: int, group_of: Callable[[Key], Hashable] | None):
        self.lanes = [_Lane(i, slots) for i in range(count)]
        self.group_of = group_of if count > 1 else None  # one lane: no group needs computing
        self.size, self.smallest = size, smallest
        self.unbound: dict[Hashable, list[Key]] = {}
        self.unbound_count = 0
        self.lane_of_group: collections.OrderedDict[Hashable, int] = collections.OrderedDict()

    def add(self, key: Key) -> None:
        if self.group_of is None:
            self.lanes[0].put(None, [key])
            return
        group = self.group_of(key)
        index = self.lane_of_group.get(group)
        if index is None:
            self.unbound.setdefault(group, []).append(key)
            self.unbound_count += 1
        else:
            self.lane_of_group.move_to_end(group)
            self.lanes[index].put(group, [key])

    def chunk(self, lane: _Lane, tail: bool) -> list[Key]:
        """Up to a chunk of keys for ``lane``: its own groups first, then new ones, then another lane's."""
        size = self._tail_size() if tail else self.size
        chunk: list[Key] = []
        while len(chunk) < size:
            if lane.waiting:
                group = next(iter(lane.waiting))
            else:  # (a group may be None: the one group when keys have none)
                found = self._bind(lane) if self.unbound else _NOTHING if chunk else self._take_over(lane)
                if found is _NOTHING:
                    break
                group = found
            keys = lane.take(group)
            room = size - len(chunk)
            chunk.extend(keys[:room])
            if len(keys) > room:
                lane.put(group, keys[room:])
                lane.waiting.move_to_end(group, last=False)
        return chunk

    def _tail_size(self) -> int:
        left = self.unbound_count + sum(lane.count for lane in self.lanes)
        return max(self.smallest, min(self.size, left // (TAIL_CHUNKS_PER_LANE * len(self.lanes))))

    def _bind(self, lane: _Lane) -> Hashable:
        oldest = itertools.islice(self.unbound, GROUPS_CONSIDERED)
        group = max(oldest, key=lambda g: len(self.unbound[g]))
        keys = self.unbound.pop(group)
        self.unbound_count -= len(keys)
        self._move(group, lane, keys)
        return group

    def _take_over(self, lane: _Lane) -> Hashable:
        busiest = max(self.lanes, key=lambda other: other.count)
        if busiest.count < MOVE_MIN_KEYS:
            return _NOTHING
        group = max(busiest.waiting, key=lambda g: len(busiest.waiting[g]))
        if len(busiest.waiting[group]) < MOVE_MIN_KEYS:
            return _NOTHING
        self._move(group, lane, busiest.take(group))
        return group

    def _move(self, group: Hashable, lane: _Lane, keys: list[Key]) -> None:
        lane.put(group, keys)
        self.lane_of_group[group] = lane.index
        self.lane_of_group.move_to_end(group)
        if len(self.lane_of_group) > GROUPS_KEPT:
            self.lane_of_group.popitem(last=False)


class _Dispatch:
    """Chunks out to the backend, results back into the window; a lost worker's chunks sent again."""

    def __init__(self, backend: Any, lanes: _Lanes, window: _Window, grade: Callable[[Key], Result],
                 failed: Callable[[Key, str], Result]) -> None:
        self.backend, self.lanes, self.window = backend, lanes, window
        self.grade, self.failed = grade, failed
        self.futures: dict[Any, tuple[list[Key], bool]] = {}  # future -> (keys, sent alone as a suspect)

    def pump(self) -> None:
        """Fill every lane's free slots: a suspect only alone in its lane (so a worker dying names it)."""
        for lane in self.lanes.lanes:
            while lane.out < lane.slots and not lane.suspect_out:
                if lane.resend:
                    keys, suspect = lane.resend[0]
                    if suspect and lane.out:
                        break
                    lane.resend.popleft()
                else:
                    keys, suspect = self.lanes.chunk(lane, tail=self.window.exhausted), False
                    if not keys:
                        break
                future = self.backend.submit(self.grade, self.failed, keys, lane.index)
                self.futures[future] = (keys, suspect)
                lane.out += 1
                lane.suspect_out = suspect

    def collect(self) -> None:
        """Wait for at least one chunk; store its results (or send its keys again if its worker was lost)."""
        for future in self.backend.wait(list(self.futures)):
            if future not in self.futures:
                continue  # already sent again after a restart
            keys, suspect = self.futures.pop(future)
            lane = self.lanes.lanes[future.lane]
            lane.out -= 1
            lane.suspect_out = False
            try:
                values = future.result()
            except Exception as error:  # noqa: BLE001 — a lost worker; anything else is re-raised
                if not self.backend.lost(error):
                    raise
                self.lost(keys, suspect, error, lane, future.generation)
            else:
                self.window.store(keys, values)

    def lost(self, keys: list[Key], suspect: bool, error: BaseException, lane: _Lane, generation: int) -> None:
        """A worker died. Local: every chunk that was in flight in its pool is sent again alone, so the next
        death names its chunk; that chunk is split into single keys; a single key that kills its worker gets
        ``failed``. Dask has already rescheduled the task elsewhere before reporting it lost: split it at once."""
        local = isinstance(self.backend, LocalPool)
        if local and generation == self.backend.generations[lane.index]:
            self.backend.restart(lane.index)  # the whole pool went down; any chunk in flight there may be the cause
            for other, (other_keys, _) in list(self.futures.items()):
                if other.lane == lane.index:
                    del self.futures[other]
                    lane.resend.appendleft((other_keys, True))
            lane.out, lane.suspect_out = 0, False
        if local and not suspect:
            lane.resend.appendleft((keys, True))
        elif len(keys) > 1:
            lane.resend.extendleft(([key], True) for key in reversed(keys))
        else:
            message = (f"the worker grading this answer was lost ({type(error).__name__}: out of memory, "
                       "killed, hung, or disconnected) each time it was sent; it was not graded")
            self.window.store(keys, [pickle.dumps(self.failed(keys[0], message))])


class _Reporter:
    """``on_progress`` at most every PROGRESS_EVERY_S seconds, and once at the end."""

    def __init__(self, on_progress: Callable[[Progress], None] | None, fraction: Callable[[], float | None] | None):
        self.on_progress, self.fraction = on_progress, fraction
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, window: _Window, done: bool = False) -> None:
        now = time.monotonic()
        if self.on_progress is not None and (done or now - self.last >= PROGRESS_EVERY_S):
            self.last = now
            self.on_progress(Progress(window.records, window.graded, window.reused,
                                      self.fraction() if self.fraction is not None else None, now - self.start, done))


def _open(window: _Window, jobs: int, cluster: str | None, prepare: Callable[[], None] | None,
          grouped: bool, chunk_keys: int | None, group_of: Callable[[Key], Hashable] | None) -> tuple[Any, _Lanes]:
    """The backend for this run (inline when the input is small or ``jobs`` is 1), and its lanes."""
    if not cluster and (jobs == 1 or (window.exhausted and len(window.in_flight) < POOL_MIN_KEYS)):
        backend: Any = Inline()
        if prepare is not None:
            prepare()
    else:
        backend = open_backend(jobs or os.cpu_count() or 1, cluster, prepare, grouped)
    # Enough tasks for every worker from one window of records: many workers get smaller chunks.
    fitting = window.limit // (backend.workers * TASKS_PER_WORKER * 2)
    size = chunk_keys or min(backend.chunk_keys, max(MIN_CLUSTER_CHUNK_KEYS if cluster else 1, fitting))
    smallest = min(size, MIN_CLUSTER_CHUNK_KEYS) if cluster and not chunk_keys else size
    per_lane = max(1, backend.workers // backend.lanes)
    return backend, _Lanes(backend.lanes, backend.tasks_per_worker * per_lane, size, smallest, group_of)


def grade_records(
    records: Iterable[Any],
    key_of: Callable[[Any], Key],
    grade: Callable[[Key], Result],
    *,
    jobs: int = 0,
    cluster: str | None = None,
    prepare: Callable[[], None] | None = None,
    failed: Callable[[Key, str], Result] = failed_result,
    group_of: Callable[[Key], Hashable] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    fraction: Callable[[], float | None] | None = None,
    chunk_keys: int | None = None,
    window: int = WINDOW_RECORDS,
    cache_bytes: int = CACHE_BYTES,
) -> Iterator[tuple[Any, Result]]:
    """(record, result) for every record, in input order, each distinct ``key_of(record)`` graded once.

    ``jobs``: local worker processes (0: every core; 1: this process only);
    ``cluster``: "local" or a Dask scheduler address (then ``jobs`` is the
    number of LocalCluster workers, default 2). ``prepare()`` runs once in
    each process that grades, before its first key (imports, warm caches).
    ``group_of(key)`` (optional) names work keys share, such as the question
    variant: all keys of a group go to one worker, whose caches then serve them
    all (a group moves only when another worker would otherwise sit idle).
    ``fraction()`` tells how much of the input has been read, for progress.
    Each result is a fresh dict (callers may change it).
    """
    report = _Reporter(on_progress, fraction)
    held = _Window(records, key_of, window, cache_bytes)
    unsorted: list[Key] = []  # keys read before the backend (and so the lanes) exists
    held.read_more(unsorted.append)
    backend = None
    try:
        backend, lanes = _open(held, jobs, cluster, prepare, group_of is not None, chunk_keys, group_of)
        for key in unsorted:
            lanes.add(key)
        dispatch = _Dispatch(backend, lanes, held, grade, failed)
        while not held.finished:
            for pair in held.ready():
                yield pair
                report(held)
            held.read_more(lanes.add)
            dispatch.pump()
            if held.blocked and dispatch.futures:
                dispatch.collect()
                dispatch.pump()  # the next chunks go out before the records are written
                report(held)  # distinct answers graded move on while the next record still waits
        report(held, done=True)
    finally:
        if backend is not None:
            backend.close()
