"""A time limit on grading one key, for hangs outside the checker's own budgets.

The checker bounds its expensive SymPy work in a killed child process, but a
hang elsewhere (reading, numeric sampling, diagnosis) would stall a whole batch:
every later record waits for that one key. A watchdog thread, one per grading
thread, watches the key in progress:

- past ``limit`` seconds it raises ``KeyTimeout`` in the grading thread (at its
  next Python instruction), and the key is reported as not graded;
- a hang inside one C call never reaches a Python instruction: past twice the
  limit, a worker process exits, and the engine's lost-worker path grades the
  rest of its chunk again and reports the key (the main process never exits).

Cost per key: a lock taken twice; the watchdog wakes about once a second.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from typing import Callable, Hashable

__all__ = ["KeyTimeout", "watched", "KEY_LIMIT_S"]

# A key that takes longer than this is given up. The checker's own budgets keep an honest
# answer to a few seconds (2.5 s symbolic, 0.4 s diagnosis), so this is only ever a hang.
KEY_LIMIT_S = 60.0
# Exit code of a worker process whose hung key could not be interrupted (EX_SOFTWARE).
HUNG_EXIT = 70


class KeyTimeout(BaseException):
    """Raised in the grading thread when its key runs past the limit (a BaseException: no
    ``except Exception`` in SymPy or the checker swallows it and goes on hanging)."""


class _Watchdog:
    def __init__(self, limit: float, may_exit: bool) -> None:
        self.limit, self.may_exit = limit, may_exit
        self.thread = threading.get_ident()
        self.lock = threading.Lock()
        self.key = 0  # which key is in progress (0: none); fired_for names the one interrupted
        self.started = 0.0
        self.fired_for = 0
        threading.Thread(target=self._watch, name="calctutor-key-watchdog", daemon=True).start()

    def start(self) -> int:
        with self.lock:
            self.key += 1
            self.started = time.monotonic()
            return self.key

    def stop(self) -> None:
        with self.lock:
            self.started = 0.0

    def _watch(self) -> None:
        while True:
            time.sleep(min(1.0, self.limit / 4))
            with self.lock:
                if not self.started:
                    continue
                late = time.monotonic() - self.started - self.limit
                if late > 0 and self.fired_for != self.key:
                    self.fired_for = self.key
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread), ctypes.py_object(KeyTimeout))
                elif late > self.limit and self.may_exit:
                    os._exit(HUNG_EXIT)  # stuck in C: the lost-worker path takes over


_dogs: dict[tuple[int, int], _Watchdog] = {}  # by (process, thread): a forked child has no watchdog thread


def watched(grade: Callable[[Hashable], dict], failed: Callable[[Hashable, str], dict], key: Hashable,
            may_exit: bool) -> dict:
    """``grade(key)``, or ``failed(key, why)`` if it ran past ``KEY_LIMIT_S`` seconds."""
    where = (os.getpid(), threading.get_ident())
    dog = _dogs.get(where)
    if dog is None or dog.limit != KEY_LIMIT_S:
        dog = _dogs[where] = _Watchdog(KEY_LIMIT_S, may_exit)
    while True:
        token = dog.start()
        try:
            try:
                return grade(key)
            finally:
                dog.stop()
        except KeyTimeout:
            if dog.fired_for == token:
                return failed(key, f"grading this answer took longer than {dog.limit:g} s; it was not graded")
            # a timeout meant for the key before arrived late: this key is graded again
