"""Time from Enter to feedback in `calctutor practice`, over a scripted session of 20 answers.

Drives the real session (packs, parser, checker, diagnosis, explanations, the
SQLite store in a temporary folder) and renders every event to a Rich console,
as the prompt does after Enter. Each exercise gets a wrong answer first (which
costs a diagnosis) and then the right one. Targets (issue 7): median ≤ 0.2 s,
worst ≤ 1 s. The first answer includes the one-time imports of the checker.

    python benchmarks/practice.py [--topic chain-rule] [--pack PATH] [--answers 20] [--seed 0]
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
    args = parser.parse_args()

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
            start = time.perf_counter()
            for event in session.handle(answer):
                console.print(render_event(event))
            timings.append((time.perf_counter() - start, f"{session.number}: {answer}"))
        store.close()
    seconds = [t for t, _ in timings]
    worst = max(timings)
    median = statistics.median(seconds)
    print(f"topic {topic.id}: {len(seconds)} answers, Enter -> feedback")
    print(f"median {median:.3f} s (target <= {MEDIAN_TARGET_S} s, ratio {median / MEDIAN_TARGET_S:.2f})")
    print(f"worst  {worst[0]:.3f} s (target <= {WORST_TARGET_S} s, ratio {worst[0] / WORST_TARGET_S:.2f}) at {worst[1]!r}")
    print(f"worst after the first answer {max(seconds[1:] or [0]):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
