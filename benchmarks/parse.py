"""Benchmark of the input language, all figures measured in one run.

    /tmp/venv/bin/python benchmarks/parse.py [--repeat 5]

Prints:

(a) parse time per answer: median over the typical corpus (tests/parsing/corpus.py
    TYPICAL), each answer read ``--repeat`` times after one warm-up read.
(b) the worst refusal time over the hostile corpus (HOSTILE: injections, resource
    bombs, 10,000 nested parentheses, a megabyte of text...), each input timed
    from the call to the ParseError, with the three slowest.   target ≤ 0.2 s each
(c) parse time per typical LaTeX answer (TYPICAL_LATEX), measured as in (a).
    target ≤ 2 ms (median)
Exit status 1 if a hostile input is accepted, raises something other than
ParseError, or takes longer than the target.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_S = 0.2  # the bound for refusing any hostile input
LATEX_TARGET_S = 0.002  # issue 13: parse time per typical LaTeX answer (the median)


def _corpus():
    spec = importlib.util.spec_from_file_location("parsing_corpus", ROOT / "tests" / "parsing" / "corpus.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _read_times(read, texts, repeat: int) -> list[float]:
    """Seconds per read, each text read ``repeat`` times after one warm-up read."""
    times = []
    for text in texts:
        read(text)
        for _ in range(repeat):
            start = time.perf_counter()
            read(text)
            times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="reads per typical answer")
    args = parser.parse_args()

    from tutor.parsing import PACK_FIELD_LENGTH, ParseError, read

    corpus = _corpus()
    read("x^2 + sin(x)")  # warm-up: SymPy's first use of each class is slower than the rest

    per_answer = _read_times(read, corpus.TYPICAL, args.repeat)
    median = statistics.median(per_answer)
    print(f"(a) typical answers: {len(corpus.TYPICAL)} x {args.repeat} reads, "
          f"median {median * 1e3:.2f} ms, max {max(per_answer) * 1e3:.2f} ms per answer")

    failures, timings = [], []
    for text in corpus.HOSTILE:
        for max_length in (300, PACK_FIELD_LENGTH):
            start = time.perf_counter()
            try:
                read(text, max_length=max_length)
                outcome = "ACCEPTED"
            except ParseError:
                outcome = ""
            except Exception as exc:  # noqa: BLE001 - the point is to catch anything else
                outcome = f"{type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - start
            timings.append((elapsed, text, max_length))
            if outcome:
                failures.append(f"{text[:40]!r}: {outcome}")
    timings.sort(reverse=True)
    worst = timings[0][0]
    print(f"(b) hostile corpus: {len(corpus.HOSTILE)} inputs x 2 length limits, "
          f"worst refusal {worst * 1e3:.2f} ms (target ≤ {TARGET_S * 1e3:.0f} ms), "
          f"median {statistics.median(t for t, _, _ in timings) * 1e3:.2f} ms")
    for elapsed, text, max_length in timings[:3]:
        print(f"      {elapsed * 1e3:7.2f} ms  max_length={max_length:<5} {text[:50]!r}")
    per_latex = _read_times(read, corpus.TYPICAL_LATEX, args.repeat)
    latex_median = statistics.median(per_latex)
    print(f"(c) typical LaTeX answers: {len(corpus.TYPICAL_LATEX)} x {args.repeat} reads, "
          f"median {latex_median * 1e3:.2f} ms (target ≤ {LATEX_TARGET_S * 1e3:.0f} ms), "
          f"max {max(per_latex) * 1e3:.2f} ms per answer")

    if os.path.exists(corpus.MARKER):
        failures.append(f"the marker file {corpus.MARKER} exists: something was executed")
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures or worst > TARGET_S or latex_median > LATEX_TARGET_S else 0


if __name__ == "__main__":
    raise SystemExit(main())
