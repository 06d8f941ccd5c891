"""Where chunks of keys are graded: in this process, a local pool of forked workers, or a Dask cluster.

Each backend has ``submit(grade, failed, keys, lane) -> future`` (a future knows its
``lane`` and the pool ``generation`` it went to), ``wait(futures)`` (those done),
``lost(error)`` (was the worker lost, rather than a bug raised?), ``restart(lane)``
and ``close()``; and ``workers``, ``lanes`` (workers that each get whole groups of
keys), ``chunk_keys`` and ``tasks_per_worker``. The engine (``engine.py``) decides
what goes where; a worker runs ``grade_chunk``.
"""

from __future__ import annotations

import pickle
from typing import Any, Callable, Hashable, Iterable

from tutor.errors import UserError

__all__ = ["open_backend", "Inline", "local_cluster", "grade_chunk", "LocalPool", "LOCAL_CLUSTER_CONFIG",
           "LOCAL_CHUNK_KEYS", "CLUSTER_CHUNK_KEYS", "TASKS_PER_WORKER"]

Key = Hashable
Result = dict
Grade = Callable[[Key], Result]
Failed = Callable[[Key, str], Result]

# Distinct keys per task on the local pool: small, so a slow answer holds back
# few others and the workers stay evenly loaded (a task costs ~0.2 ms of IPC).
LOCAL_CHUNK_KEYS = 24
# Distinct keys per task on Dask: its scheduler spends ~1 ms per task, and
# many tiny tasks stall it; 1,000 keys are seconds of work.
CLUSTER_CHUNK_KEYS = 1000
# Tasks in flight per worker in a local pool: one running, the next ones already there.
TASKS_PER_WORKER = 3
# On Dask, two tasks per worker: one running, the next already there (the driver shares the cores, and
# hands out work late when they are busy). Dask may move a waiting task to an idle worker, whose caches
# lack its question variant: chunks hold few groups each (see _Lanes), so that costs a variant or two.
CLUSTER_TASKS_PER_WORKER = 2
# Seconds to wait for a Dask scheduler to answer.
SCHEDULER_TIMEOUT_S = 10
# Times Dask runs a task again when it raises (a lost worker's task it reschedules by itself).
CHUNK_RETRIES = 1


def grade_chunk(grade: Callable[[Key], Result], failed: Callable[[Key, str], Result], keys: list[Key],
                 in_worker: bool = True) -> list[bytes]:
    """Each key's result, pickled (the main process keeps them that way); a key past the time limit is failed."""
    from tutor.grading.watchdog import watched

    out = []
    for key in keys:
        try:
            result = watched(grade, failed, key, may_exit=in_worker)
        except Exception as exc:  # noqa: BLE001 — one key's bug must not lose the chunk
            result = failed(key, f"internal error while grading: {type(exc).__name__}: {exc}")
        out.append(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return out


def _ignore_interrupts() -> None:
    """Pool workers leave Ctrl-C to the main process, which stops them (no traceback per worker)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Inline:
    """Grades in this process; a 'future' is just the finished list."""

    workers = lanes = 1
    chunk_keys = LOCAL_CHUNK_KEYS
    tasks_per_worker = TASKS_PER_WORKER
    generations = [0]

    def submit(self, grade: Grade, failed: Failed, keys: list[Key], lane: int) -> Any:
        return _Done(grade_chunk(grade, failed, keys, in_worker=False), lane)

    def wait(self, futures: list[Any]) -> Iterable[Any]:
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


class LocalPool:
    """Forked worker processes (``concurrent.futures``): one pool, or one per lane when keys have groups.

    A lane is a worker that gets every key of the groups sent to it, so its caches
    (a question variant's derivation and answers) are not rebuilt in every worker.
    A pool whose worker died is restarted; the others go on.
    """

    chunk_keys = LOCAL_CHUNK_KEYS
    tasks_per_worker = TASKS_PER_WORKER

    def __init__(self, workers: int, lanes: bool) -> None:
        self.workers = workers
        self.lanes = workers if lanes else 1
        self.generations = [0] * self.lanes  # bumped at each restart; a future remembers its pool's
        self.pools = [self._start(workers // self.lanes) for _ in range(self.lanes)]

    def _start(self, processes: int) -> Any:
        import concurrent.futures
        import multiprocessing

        return concurrent.futures.ProcessPoolExecutor(
            processes, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_interrupts)

    def submit(self, grade: Grade, failed: Failed, keys: list[Key], lane: int) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        try:
            future = self.pools[lane].submit(grade_chunk, grade, failed, keys)
        except BrokenProcessPool:  # a worker died since the last look: the chunks in flight come back as lost
            self.restart(lane)
            future = self.pools[lane].submit(grade_chunk, grade, failed, keys)
        future.lane, future.generation = lane, self.generations[lane]
        return future

    def wait(self, futures: list[Any]) -> Iterable[Any]:
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


# Dask's periodic work, relaxed for a LocalCluster that grades (no dashboard to feed): on an idle
# 2-worker cluster these cut its own CPU from ~15 % of a core to ~2 % (measured over 15 s), which on
# a small machine is taken from the workers. The statistical profiler samples the running task's
# stack every 10 ms (SymPy's stacks are deep: ~10 % of a busy worker); the event-loop "tick" checks
# every 20 ms that the loop is not blocked; the system and memory monitors poll psutil (a worker
# still pauses and its nanny still restarts it on memory, within a second instead of 0.1 s).
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def local_cluster(workers: int) -> Any:
    """A Dask LocalCluster of ``workers`` single-threaded worker processes, set up for grading."""
    import dask
    import distributed

    with dask.config.set(LOCAL_CLUSTER_CONFIG):  # read as the scheduler and workers start (workers get a copy)
        return distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=50)  # logging.CRITICAL: a restarted worker is reported by us, not in a log storm


class _Dask:
    """A Dask cluster: an existing scheduler (``tcp://host:port``) or a LocalCluster started here.

    With groups, each lane is one worker (by address) that its tasks prefer; Dask may
    still run them elsewhere (a lost worker's tasks go to the others).
    """

    chunk_keys = CLUSTER_CHUNK_KEYS
    tasks_per_worker = CLUSTER_TASKS_PER_WORKER

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
                self.cluster = local_cluster(workers)
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

    def submit(self, grade: Grade, failed: Failed, keys: list[Key], lane: int) -> Any:
        # pure=False: two equal chunks are two tasks (hashing a 1,000-key chunk costs more than it saves).
        # retries: a chunk that raised is run again (a lost worker's tasks Dask reschedules by itself).
        where = {"workers": [self.addresses[lane]], "allow_other_workers": True} if self.lanes > 1 else {}
        future: Any = self.client.submit(grade_chunk, grade, failed, keys, pure=False, retries=CHUNK_RETRIES, **where)
        future.lane, future.generation = lane, 0
        return future

    def wait(self, futures: list[Any]) -> Iterable[Any]:
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


def open_backend(jobs: int, cluster: str | None, prepare: Callable[[], None] | None, lanes: bool) -> Any:
    if cluster:
        return _Dask(cluster, jobs or 2, prepare, lanes)
    if prepare is not None:
        prepare()  # imported before the fork: every worker starts with SymPy loaded
    return LocalPool(jobs, lanes)
