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

Backends: inline (one process, for small inputs or ``jobs=1``), a local pool
of forked processes (SymPy imported once, before the fork), or a Dask cluster
(``cluster="local"`` or ``"tcp://host:8786"``; dask is imported only then). A
worker that dies (killed, out of memory) loses nothing: its chunk is graded
again, alone if need be, and a key that kills two workers gets ``failed(key,
message)``. Progress is reported through ``on_progress(Progress)``; nothing here prints.
"""

from __future__ import annotations

import collections
import os
import pickle
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Iterable, Iterator

from tutor.errors import UserError

__all__ = ["grade_records", "Progress", "failed_result", "LOCAL_CHUNK_KEYS", "CLUSTER_CHUNK_KEYS"]

Key = Hashable
Result = dict

# Distinct keys per task on the local pool: small, so a slow answer holds back
# few others and the workers stay evenly loaded (a task costs ~0.2 ms of IPC).
LOCAL_CHUNK_KEYS = 24
# Distinct keys per task on Dask: its scheduler spends ~1 ms per task, and
# many tiny tasks stall it; 1,000 keys are seconds of work.
CLUSTER_CHUNK_KEYS = 1000
# Records held between reading and writing. 50,000 small records are ~50 MB;
# enough ahead for several cluster chunks of distinct keys to be in flight.
WINDOW_RECORDS = 50_000
# Pickled results kept for reuse: ~3 KB each with explanations, so ~20,000 keys.
CACHE_BYTES = 64 * 1024 * 1024
# Below this many distinct keys a pool costs more than it saves (fork + IPC).
POOL_MIN_KEYS = 16
# Tasks in flight per worker: one running, the next ones already there.
TASKS_PER_WORKER = 3
# Fewest distinct keys per cluster task: below, the scheduler's ~1 ms per task starts to show.
MIN_CLUSTER_CHUNK_KEYS = 50
# Groups (question variants) whose worker is remembered; an older one may move to another worker.
GROUPS_KEPT = 100_000
# Seconds to wait for a Dask scheduler to answer.
SCHEDULER_TIMEOUT_S = 10
# Times Dask runs a task again when it raises (a lost worker's task it reschedules by itself).
CHUNK_RETRIES = 1
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


def _grade_chunk(grade: Callable[[Key], Result], failed: Callable[[Key, str], Result], keys: list[Key]) -> list[bytes]:
    """Runs in a worker: each key's result, pickled (the main process keeps them that way)."""
    out = []
    for key in keys:
        try:
            result = grade(key)
        except Exception as exc:  # noqa: BLE001 — one key's bug must not lose the chunk
            result = failed(key, f"internal error while grading: {type(exc).__name__}: {exc}")
        out.append(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return out


def _ignore_interrupts() -> None:
    """Pool workers leave Ctrl-C to the main process, which stops them (no traceback per worker)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


# ---------------------------------------------------------------------- backends


class _Inline:
    """Grades in this process; a 'future' is just the finished list."""

    workers = lanes = 1
    chunk_keys = LOCAL_CHUNK_KEYS
    generations = [0]

    def submit(self, grade, failed, keys, lane):
        return _Done(_grade_chunk(grade, failed, keys), lane)

    def wait(self, futures):
        return set(futures)

    def lost(self, error: BaseException) -> bool:
        return False

    def restart(self, lane: int) -> None:
        pass

    def close(self) -> None:
        pass


class _Done:
    def __init__(self, value: list[bytes], lane: int) -> None:
        self.value, self.lane, self.generation = value, lane, 0

    def result(self) -> list[bytes]:
        return self.value


class _LocalPool:
    """Forked worker processes (``concurrent.futures``): one pool, or one per lane when keys have groups.

    A lane is a worker that gets every key of the groups sent to it, so its caches
    (a question variant's derivation and answers) are not rebuilt in every worker.
    A pool whose worker died is restarted; the others go on.
    """

    chunk_keys = LOCAL_CHUNK_KEYS

    def __init__(self, workers: int, lanes: bool) -> None:
        self.workers = workers
        self.lanes = workers if lanes else 1
        self.generations = [0] * self.lanes  # bumped at each restart; a future remembers its pool's
        self.pools = [self._start(workers // self.lanes) for _ in range(self.lanes)]

    def _start(self, processes: int):
        import concurrent.futures
        import multiprocessing

        return concurrent.futures.ProcessPoolExecutor(
            processes, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_interrupts)

    def submit(self, grade, failed, keys, lane):
        from concurrent.futures.process import BrokenProcessPool

        try:
            future = self.pools[lane].submit(_grade_chunk, grade, failed, keys)
        except BrokenProcessPool:  # a worker died since the last look: the chunks in flight come back as lost
            self.restart(lane)
            future = self.pools[lane].submit(_grade_chunk, grade, failed, keys)
        future.lane, future.generation = lane, self.generations[lane]
        return future

    def wait(self, futures):
        import concurrent.futures

        done, _ = concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_COMPLETED)
        return done

    def lost(self, error: BaseException) -> bool:
        from concurrent.futures import CancelledError
        from concurrent.futures.process import BrokenProcessPool

        return isinstance(error, (BrokenProcessPool, CancelledError))

    def restart(self, lane: int) -> None:
        self.pools[lane].shutdown(wait=False, cancel_futures=True)
        self.generations[lane] += 1
        self.pools[lane] = self._start(self.workers // self.lanes)

    def close(self) -> None:
        for pool in self.pools:
            pool.shutdown(wait=True, cancel_futures=True)


class _Dask:
    """A Dask cluster: an existing scheduler (``tcp://host:port``) or a LocalCluster started here.

    With groups, each lane is one worker (by address) that its tasks prefer; Dask may
    still run them elsewhere (a lost worker's tasks go to the others).
    """

    chunk_keys = CLUSTER_CHUNK_KEYS

    def __init__(self, address: str, workers: int, prepare: Callable[[], None] | None, lanes: bool) -> None:
        try:
            import distributed
        except ImportError:
            raise UserError("--cluster needs Dask distributed, which is not installed",
                            hint='pip install "calctutor[cluster]"') from None
        self.distributed = distributed
        self.cluster = None
        try:
            if address == "local":
                self.cluster = distributed.LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                    silence_logs=50)  # logging.CRITICAL: a restarted worker is reported by us, not in a log storm
                self.client = distributed.Client(self.cluster)
            else:
                self.client = distributed.Client(address, timeout=SCHEDULER_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as exc:
            self._close_cluster()
            raise UserError(f"cannot reach the Dask scheduler at {address}: {exc}",
                            hint="start one with `dask scheduler` (and `dask worker ADDRESS` on each machine), "
                                 "or use --cluster local") from None
        self.addresses = sorted(self.client.scheduler_info().get("workers", {}))
        self.workers = max(1, len(self.addresses))
        self.lanes = self.workers if lanes and self.addresses else 1
        self.generations = [0] * self.lanes
        if prepare is not None:
            self.client.run(prepare)  # each worker imports SymPy and the grader once, before the first chunk

    def submit(self, grade, failed, keys, lane):
        # pure=False: two equal chunks are two tasks (hashing a 1,000-key chunk costs more than it saves).
        # retries: a chunk that raised is run again (a lost worker's tasks Dask reschedules by itself).
        where = {"workers": [self.addresses[lane]], "allow_other_workers": True} if self.lanes > 1 else {}
        future = self.client.submit(_grade_chunk, grade, failed, keys, pure=False, retries=CHUNK_RETRIES, **where)
        future.lane, future.generation = lane, 0
        return future

    def wait(self, futures):
        return self.distributed.wait(list(futures), return_when="FIRST_COMPLETED").done

    def lost(self, error: BaseException) -> bool:
        return True  # KilledWorker, a lost connection...: the chunk is graded again, then key by key

    def restart(self, lane: int) -> None:
        pass

    def _close_cluster(self) -> None:
        if self.cluster is not None:
            self.cluster.close()

    def close(self) -> None:
        self.client.close()
        self._close_cluster()


# ---------------------------------------------------------------------- the engine


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


def _backend(jobs: int, cluster: str | None, prepare: Callable[[], None] | None, lanes: bool):
    if cluster:
        return _Dask(cluster, jobs or 2, prepare, lanes)
    if prepare is not None:
        prepare()  # imported before the fork: every worker starts with SymPy loaded
    return _LocalPool(jobs, lanes)


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
    all (groups are spread so that workers get about as many keys each).
    ``fraction()`` tells how much of the input has been read, for progress.
    Each result is a fresh dict (callers may change it).
    """
    start = time.monotonic()
    stream = iter(records)
    pending: collections.deque[tuple[Any, Key]] = collections.deque()
    results = _Results(cache_bytes)
    in_flight: set[Key] = set()  # keys sent, or waiting to be sent, without a result yet
    futures: dict[Any, tuple[list[Key], bool]] = {}  # future -> (keys, sent alone as a suspect)
    counts = {"records": 0, "graded": 0, "reused": 0}
    exhausted = False
    backend: Any = None
    lanes: list[_Lane] = []
    lane_of_group: collections.OrderedDict[Hashable, int] = collections.OrderedDict()
    last_report = 0.0

    def report(done: bool = False) -> None:
        nonlocal last_report
        now = time.monotonic()
        if on_progress is not None and (done or now - last_report >= PROGRESS_EVERY_S):
            last_report = now
            on_progress(Progress(counts["records"], counts["graded"], counts["reused"],
                                 fraction() if fraction is not None else None, now - start, done))

    unsorted: list[Key] = []  # keys read before the backend (and so the lanes) exists

    def lane_for(key: Key) -> _Lane:
        if len(lanes) == 1:
            return lanes[0]
        group = group_of(key)  # type: ignore[misc]
        index = lane_of_group.get(group)
        if index is None:  # a new group goes to the lane with the fewest keys so far
            index = min(range(len(lanes)), key=lambda i: lanes[i].assigned)
            lane_of_group[group] = index
            if len(lane_of_group) > GROUPS_KEPT:
                lane_of_group.popitem(last=False)
        else:
            lane_of_group.move_to_end(group)
        return lanes[index]

    def add(key: Key) -> None:
        if not lanes:
            unsorted.append(key)
            return
        lane = lane_for(key)
        lane.assigned += 1
        lane.chunk.append(key)
        if len(lane.chunk) >= backend.chunk_keys:
            lane.queue.append((lane.chunk, False))
            lane.chunk = []

    def read_more() -> None:
        nonlocal exhausted
        while not exhausted and len(pending) < window:
            try:
                record = next(stream)
            except StopIteration:
                exhausted = True
                break
            key = key_of(record)
            pending.append((record, key))
            results.needed[key] += 1
            if key in results or key in in_flight:
                counts["reused"] += 1
            else:
                in_flight.add(key)
                add(key)

    def pump() -> None:
        """Send queued chunks: a suspect only alone in its lane (so a worker dying names it), others up to the limit."""
        for lane in lanes:
            while lane.queue:
                keys, suspect = lane.queue[0]
                if lane.suspect_out or (suspect and lane.out) or lane.out >= lane.slots:
                    break
                lane.queue.popleft()
                future = backend.submit(grade, failed, keys, lane.index)
                futures[future] = (keys, suspect)
                lane.out += 1
                lane.suspect_out = suspect

    def store(keys: list[Key], values: list[bytes]) -> None:
        for key, value in zip(keys, values):
            in_flight.discard(key)
            results.put(key, value)
            counts["graded"] += 1

    def collect() -> None:
        for future in backend.wait(list(futures)):
            if future not in futures:
                continue  # already sent again after a restart
            keys, suspect = futures.pop(future)
            lane = lanes[future.lane]
            lane.out -= 1
            lane.suspect_out = False
            try:
                store(keys, future.result())
            except Exception as error:  # noqa: BLE001 — a lost worker; anything else is re-raised
                if not backend.lost(error):
                    raise
                lost(keys, suspect, error, lane, future.generation)

    def lost(keys: list[Key], suspect: bool, error: BaseException, lane: _Lane, generation: int) -> None:
        """A worker died. Local: every chunk that was in flight in its pool is sent again alone, so the next
        death names its chunk; that chunk is split into single keys; a single key that kills its worker gets
        ``failed``. Dask has already rescheduled the task elsewhere before reporting it lost: split it at once."""
        local = isinstance(backend, _LocalPool)
        if local and generation == backend.generations[lane.index]:
            backend.restart(lane.index)  # the whole pool went down; any chunk in flight there may be the cause
            for other, (other_keys, _) in list(futures.items()):
                if other.lane == lane.index:
                    del futures[other]
                    lane.queue.appendleft((other_keys, True))
            lane.out, lane.suspect_out = 0, False
        if local and not suspect:
            lane.queue.appendleft((keys, True))
        elif len(keys) > 1:
            lane.queue.extendleft(([key], True) for key in reversed(keys))
        else:
            message = (f"the worker grading this answer was lost ({type(error).__name__}: out of memory, "
                       "killed, or disconnected) each time it was sent; it was not graded")
            store(keys, [pickle.dumps(failed(keys[0], message))])

    try:
        read_more()
        if not cluster and (jobs == 1 or (exhausted and len(in_flight) < POOL_MIN_KEYS)):
            backend = _Inline()
            if prepare is not None:
                prepare()
        else:
            backend = _backend(jobs or os.cpu_count() or 1, cluster, prepare, group_of is not None)
        # Enough tasks for every worker from one window of records: many workers get smaller chunks.
        fitting = window // (backend.workers * TASKS_PER_WORKER * 2)
        size = chunk_keys or min(backend.chunk_keys, max(MIN_CLUSTER_CHUNK_KEYS if cluster else 1, fitting))
        backend.chunk_keys = size
        per_lane = max(1, backend.workers // backend.lanes)
        lanes.extend(_Lane(i, TASKS_PER_WORKER * per_lane, per_lane) for i in range(backend.lanes))
        for key in unsorted:
            add(key)
        unsorted.clear()
        while pending:
            while pending and pending[0][1] in results:
                record, key = pending.popleft()
                counts["records"] += 1
                yield record, results.take(key)
                report()
            if not pending and exhausted:
                break
            read_more()
            for lane in lanes:  # a partial chunk goes when nothing more is coming soon, or its lane is idle
                if lane.chunk and (exhausted or len(pending) >= window or lane.out + len(lane.queue) < lane.idle):
                    lane.queue.append((lane.chunk, False))
                    lane.chunk = []
            pump()
            if pending and pending[0][1] not in results and futures:
                collect()
        report(done=True)
    finally:
        if backend is not None:
            backend.close()


@dataclass
class _Lane:
    """The chunks bound for one worker (or for the whole pool when keys have no groups)."""

    index: int
    slots: int  # chunks in flight at most
    idle: int  # fewer chunks than this in flight or queued: send a partial chunk
    assigned: int = 0  # keys given to this lane so far (new groups go to the least loaded)
    out: int = 0
    suspect_out: bool = False
    chunk: list = field(default_factory=list)
    queue: collections.deque = field(default_factory=collections.deque)
