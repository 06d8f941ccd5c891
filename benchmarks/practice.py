"""Time from Enter to feedback in `calctutor practice`, over a scripted session of 20 answers.

In-process (default): drives the real session (packs, parser, checker,
diagnosis, explanations, the SQLite store in a temporary folder) and renders
every event to a Rich console, as the prompt does after Enter. Each exercise
gets a wrong answer first (which costs a diagnosis) and then the right one.

``--subprocess``: runs ``python -m tutor practice TOPIC`` in scripted mode and
times, for 20 wrong answers (each followed by ``:skip``), the moment the line
is written to the moment the verdict line is read back.

Targets (issue 7): median ≤ 0.2 s, worst ≤ 1 s. The first answer includes the
one-time imports of the checker.

    python benchmarks/practice.py [--topic chain-rule] [--pack PATH] [--answers 20] [--seed 0] [--subprocess]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DRILL = ROOT / "tests" / "cli" / "data" / "drill.yaml"
WRONG = "cos(x)"  # wrong for every chain-rule exercise: forces a full diagnosis
MEDIAN_TARGET_S = 0.2  # issue 7: feedback must feel immediate
WORST_TARGET_S = 1.0  # issue 7: never a noticeable wait


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", default="chain-rule")
    parser.add_argument("--pack", action="append", default=[])
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--subprocess", action="store_true", help="time a real scripted-mode process")
    args = parser.parse_args()
    if args.subprocess:
        return report(args.topic, subprocess_timings(args.topic, args.pack, args.answers, args.seed))

    from rich.console import Console

    from tutor.packs import discover_packs
    from tutor.render.session import render_event
    from tutor.session.practice import Entry, PracticeSession
    from tutor.session.progress import open_store

    catalog = discover_packs(extra_paths=args.pack)
    topic = catalog.find_topic(args.topic)
    if topic is None:  # the built-in pack is missing in this checkout: use the test drill
        catalog = discover_packs(extra_paths=[DRILL])
        topic = catalog.find_topic("drill")
    entries = [Entry(p.id, e) for p in topic.packs for e in p.exercises]
    console = Console(file=io.StringIO(), width=100, color_system=None)
    timings: list[tuple[float, str]] = []
    cpu_times: list[float] = []  # CPU seconds: what the wall time would be on an idle machine
    with tempfile.TemporaryDirectory() as tmp:
        store, _ = open_store(tmp)
        session = PracticeSession(entries, topic=topic.id, store=store, rng=random.Random(args.seed),
                                  count=args.answers)
        for event in session.start():
            console.print(render_event(event))
        wrong_next = True
        while len(timings) < args.answers and not session.finished:
            answer = WRONG if wrong_next else session.current.expected_text
            wrong_next = not wrong_next
            start, cpu = time.perf_counter(), time.process_time()
            for event in session.handle(answer):
                console.print(render_event(event))
            timings.append((time.perf_counter() - start, f"{session.number}: {answer}"))
            cpu_times.append(time.process_time() - cpu)
        store.close()
    code = report(topic.id, timings)
    print(f"CPU time per answer: median {statistics.median(cpu_times):.3f} s, worst {max(cpu_times):.3f} s, "
          f"worst after the first {max(cpu_times[1:] or [0]):.3f} s")
    return code


def report(topic: str, timings: list[tuple[float, str]]) -> int:
    seconds = [t for t, _ in timings]
    if not seconds:
        print("no answers were timed")
        return 1
    worst = max(timings)
    median = statistics.median(seconds)
    print(f"topic {topic}: {len(seconds)} answers, Enter -> feedback")
    print(f"median {median:.3f} s (target <= {MEDIAN_TARGET_S} s, ratio {median / MEDIAN_TARGET_S:.2f})")
    print(f"worst  {worst[0]:.3f} s (target <= {WORST_TARGET_S} s, ratio {worst[0] / WORST_TARGET_S:.2f}) at {worst[1]!r}")
    print(f"worst after the first answer {max(seconds[1:] or [0]):.3f} s")
    return 0


FEEDBACK_MARKS = ("✓", "✗", "?", "error:", "!")  # the first line of every reply to an answer


def subprocess_timings(topic: str, packs: list[str], answers: int, seed: int) -> list[tuple[float, str]]:
    """Write a wrong answer, time until its verdict line arrives; skip; repeat."""
    import queue
    import subprocess
    import threading

    lines: queue.Queue[tuple[float, str]] = queue.Queue()
    with tempfile.TemporaryDirectory() as tmp:
        argv = [sys.executable, "-m", "tutor", "practice", topic, "--seed", str(seed), "--data-dir", tmp,
                "--count", str(answers)]
        for p in packs:
            argv += ["--pack", p]
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
                                env={**__import__("os").environ, "COLUMNS": "200"})

        def pump() -> None:
            for line in proc.stdout:  # type: ignore[union-attr]
                lines.put((time.perf_counter(), line.rstrip("\n")))
            lines.put((time.perf_counter(), "\x00EOF"))

        threading.Thread(target=pump, daemon=True).start()

        def wait_for(test) -> tuple[float, str]:  # type: ignore[no-untyped-def]
            while True:
                at, line = lines.get(timeout=60)
                if line == "\x00EOF" or test(line):
                    return at, line

        def send(text: str) -> float:
            proc.stdin.write(text + "\n")  # type: ignore[union-attr]
            proc.stdin.flush()  # type: ignore[union-attr]
            return time.perf_counter()

        timings: list[tuple[float, str]] = []
        wait_for(lambda l: l.startswith("Exercise 1 of"))
        wait_for(lambda l: l.startswith("  "))  # the prompt's text: the session now waits for input
        for i in range(answers):
            start = send(WRONG)
            at, line = wait_for(lambda l: l.startswith(FEEDBACK_MARKS))
            timings.append((at - start, f"{i + 1}: {WRONG} -> {line[:40]}"))
            send(":skip")
            at, line = wait_for(lambda l: l.startswith("Exercise") or l.startswith("Session summary"))
            if not line.startswith("Exercise"):
                break
            wait_for(lambda l: l.startswith("  "))
        proc.stdin.close()  # type: ignore[union-attr]
        proc.wait(timeout=60)
    return timings


if __name__ == "__main__":
    sys.exit(main())
