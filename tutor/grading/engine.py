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
from dataclasses import dataclass
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

    workers = 1
    chunk_keys = LOCAL_CHUNK_KEYS

    generation = 0

    def submit(self, grade, failed, keys):
        return _Done(_grade_chunk(grade, failed, keys))

    def wait(self, futures):
        return set(futures)

    def lost(self, error: BaseException) -> bool:
        return False

    def close(self) -> None:
        pass


class _Done:
    def __init__(self, value: list[bytes]) -> None:
        self.value = value

    def result(self) -> list[bytes]:
        return self.value


class _LocalPool:
    """Forked worker processes (``concurrent.futures``), restarted if one dies."""

    chunk_keys = LOCAL_CHUNK_KEYS

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.generation = 0  # bumped at each restart; a future remembers the pool it was sent to
        self.pool = self._start()

    def _start(self):
        import concurrent.futures
        import multiprocessing

        return concurrent.futures.ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_interrupts)

    def submit(self, grade, failed, keys):
        from concurrent.futures.process import BrokenProcessPool

        try:
            future = self.pool.submit(_grade_chunk, grade, failed, keys)
        except BrokenProcessPool:  # a worker died since the last look: the chunks in flight come back as lost
            self.restart()
            future = self.pool.submit(_grade_chunk, grade, failed, keys)
        future.generation = self.generation
        return future

    def wait(self, futures):
        import concurrent.futures

        done, _ = concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_COMPLETED)
        return done

    def lost(self, error: BaseException) -> bool:
        from concurrent.futures import CancelledError
        from concurrent.futures.process import BrokenProcessPool

        return isinstance(error, (BrokenProcessPool, CancelledError))

    def restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.generation += 1
        self.pool = self._start()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _Dask:
    """A Dask cluster: an existing scheduler (``tcp://host:port``) or a LocalCluster started here."""

    chunk_keys = CLUSTER_CHUNK_KEYS

    def __init__(self, address: str, workers: int, prepare: Callable[[], None] | None) -> None:
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
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)
        if prepare is not None:
            self.client.run(prepare)  # each worker imports SymPy and the grader once, before the first chunk

    def submit(self, grade, failed, keys):
        # pure=False: two equal chunks are two tasks (hashing a 1,000-key chunk costs more than it saves).
        # retries: a chunk whose worker died is run again elsewhere.
        return self.client.submit(_grade_chunk, grade, failed, keys, pure=False, retries=CHUNK_RETRIES + 1)

    def wait(self, futures):
        return self.distributed.wait(list(futures), return_when="FIRST_COMPLETED").done

    generation = 0

    def lost(self, error: BaseException) -> bool:
        return True  # KilledWorker, a lost connection...: the chunk is graded again, then key by key

    def restart(self) -> None:
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


def _backend(jobs: int, cluster: str | None, prepare: Callable[[], None] | None):
    if cluster:
        return _Dask(cluster, jobs or 2, prepare)
    if prepare is not None:
        prepare()  # imported before the fork: every worker starts with SymPy loaded
    return _LocalPool(jobs)


def grade_records(
    records: Iterable[Any],
    key_of: Callable[[Any], Key],
    grade: Callable[[Key], Result],
    *,
    jobs: int = 0,
    cluster: str | None = None,
    prepare: Callable[[], None] | None = None,
    failed: Callable[[Key, str], Result] = failed_result,
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
    ``fraction()`` tells how much of the input has been read, for progress.
    Each result is a fresh dict (callers may change it).
    """
    start = time.monotonic()
    stream = iter(records)
    pending: collections.deque[tuple[Any, Key]] = collections.deque()
    results = _Results(cache_bytes)
    in_flight: set[Key] = set()  # keys sent, or waiting to be sent, without a result yet
    futures: dict[Any, tuple[list[Key], bool]] = {}  # future -> (keys, sent alone as a suspect)
    queue: collections.deque[tuple[list[Key], bool]] = collections.deque()  # chunks to send
    chunk: list[Key] = []
    counts = {"records": 0, "graded": 0, "reused": 0}
    exhausted = False
    backend: Any = None
    last_report = 0.0

    def report(done: bool = False) -> None:
        nonlocal last_report
        now = time.monotonic()
        if on_progress is not None and (done or now - last_report >= PROGRESS_EVERY_S):
            last_report = now
            on_progress(Progress(counts["records"], counts["graded"], counts["reused"],
                                 fraction() if fraction is not None else None, now - start, done))

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
                chunk.append(key)
                if backend is not None and len(chunk) >= backend.chunk_keys:
                    queue.append((chunk[:], False))
                    chunk.clear()

    def pump() -> None:
        """Send queued chunks: a suspect only alone (so a worker dying names it), others up to the limit."""
        while queue:
            keys, suspect = queue[0]
            if suspect and futures or any(alone for _, alone in futures.values()):
                return
            if not suspect and len(futures) >= backend.workers * TASKS_PER_WORKER:
                return
            queue.popleft()
            futures[backend.submit(grade, failed, keys)] = (keys, suspect)

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
            try:
                store(keys, future.result())
            except Exception as error:  # noqa: BLE001 — a lost worker; anything else is re-raised
                if not backend.lost(error):
                    raise
                lost(keys, suspect, error, getattr(future, "generation", 0))

    def lost(keys: list[Key], suspect: bool, error: BaseException, generation: int) -> None:
        """A worker died. Local: every chunk that was in flight is sent again alone, so the next death names
        its chunk; that chunk is split into single keys; a single key that kills its worker gets ``failed``.
        Dask has already rescheduled the task on other workers before reporting it lost: split it at once."""
        local = isinstance(backend, _LocalPool)
        if local and generation == backend.generation:
            backend.restart()  # the whole pool went down; any chunk in flight may be the cause
            for other, (other_keys, _) in list(futures.items()):
                del futures[other]
                queue.appendleft((other_keys, True))
        if local and not suspect:
            queue.appendleft((keys, True))
        elif len(keys) > 1:
            queue.extendleft(([key], True) for key in reversed(keys))
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
            backend = _backend(jobs or os.cpu_count() or 1, cluster, prepare)
        # Enough tasks for every worker from one window of records: many workers get smaller chunks.
        fitting = window // (backend.workers * TASKS_PER_WORKER * 2)
        size = chunk_keys or min(backend.chunk_keys, max(MIN_CLUSTER_CHUNK_KEYS if cluster else 1, fitting))
        backend.chunk_keys = size
        queue.extend((chunk[i:i + size], False) for i in range(0, len(chunk), size))
        chunk.clear()
        while pending:
            while pending and pending[0][1] in results:
                record, key = pending.popleft()
                counts["records"] += 1
                yield record, results.take(key)
                report()
            if not pending and exhausted:
                break
            read_more()
            if chunk and (exhausted or len(pending) >= window or len(futures) + len(queue) < backend.workers):
                queue.append((chunk[:], False))
                chunk.clear()
            pump()
            if pending and pending[0][1] not in results and futures:
                collect()
        report(done=True)
    finally:
        if backend is not None:
            backend.close()
