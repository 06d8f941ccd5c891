"""Benchmark of the derivative checker, all figures measured in one run.

    /tmp/venv/bin/python benchmarks/check.py [--repeat 7] [--rows 400] [--skip-corpus]

Prints:

(a) start-up: wall time of ``calctutor check "2x" --of "x^2"`` ÷ wall time of
    ``python -c "import sympy"``, the two run alternately ``--repeat`` times;
    the ratio of the minima (the least noisy estimate on a shared machine)
    and of the medians.                                              target ≤ 1.3
(b) the slowest single check of the labelled corpus (tests/checking/corpus.txt),
    in process, wall clock, with the three slowest rows.            target ≤ 3 s
(c) batch grading: answers per second for typical answers on 2 worker
    processes (``grade_rows(processes=2)``, no explanations), and the same
    through ``calctutor check --batch FILE --jobs 2`` including start-up.
                                                                     target ≥ 100/s
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = {"startup": 1.3, "worst": 3.0, "batch": 100.0}

# Typical answers: what a class hands in for the first derivative chapters,
# right and wrong in about the proportion a grader sees (two thirds right).
TYPICAL = [
    ("2x", "x^2"), ("3x^2 + 2", "x^3 + 2x"), ("2x", "x^2 + 1"), ("cos x", "sin x"),
    ("-sin x", "cos x"), ("2x cos(x^2)", "sin(x^2)"), ("2x cos(x)", "sin(x^2)"),
    ("e^x", "e^x"), ("2e^(2x)", "e^(2x)"), ("e^(2x)", "e^(2x)"), ("1/x", "ln x"),
    ("e^x sin x + e^x cos x", "e^x sin x"), ("e^x cos x", "e^x sin x"),
    ("6x^2 - 2x + 5", "2x^3 - x^2 + 5x - 7"), ("6x^2 - 2x", "2x^3 - x^2 + 5x - 7"),
    ("1/(x+1)^2", "x/(x+1)"), ("1/(2 sqrt(x))", "sqrt(x)"), ("x/sqrt(x^2+1)", "sqrt(x^2+1)"),
    ("2xy", "x^2 y"), ("3(x+1)^2", "(x+1)^3"), ("-3 sin(3x)", "cos(3x)"), ("3 sin(3x)", "cos(3x)"),
    ("1/(1+x^2)", "atan x"), ("4x(x^2+1)", "(x^2+1)^2"),
]


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def startup(repeat: int) -> float:
    calctutor = [sys.executable, "-m", "tutor"]
    script = Path(sys.executable).with_name("calctutor")
    if script.exists():
        calctutor = [str(script)]
    check = calctutor + ["check", "2x", "--of", "x^2"]
    baseline = [sys.executable, "-c", "import sympy"]
    _time(check), _time(baseline)  # warm the file cache
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(_time(check))
        theirs.append(_time(baseline))
    ratio = min(ours) / min(theirs)
    print(f"(a) {' '.join(['calctutor', *check[-4:]])}: min {min(ours):.3f} s, median {statistics.median(ours):.3f} s")
    print(f"    python -c 'import sympy':       min {min(theirs):.3f} s, median {statistics.median(theirs):.3f} s")
    print(f"    ratio of minima {ratio:.2f}, of medians {statistics.median(ours) / statistics.median(theirs):.2f}"
          f"   (target ≤ {TARGETS['startup']})")
    return ratio


def worst_check() -> float:
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "tests" / "checking" / "test_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from tutor.checking.batch import grade_row

    rows = module.load_corpus()
    grade_row({"answer": "2x", "of": "x^2"})  # first-use imports are start-up, not checking
    timings = []
    wrong = 0
    for row in rows:
        start = time.perf_counter()
        result = grade_row(row)
        timings.append((time.perf_counter() - start, row))
        wrong += result["verdict"] != row["expected"]
    timings.sort(key=lambda pair: pair[0], reverse=True)
    total = sum(t for t, _ in timings)
    print(f"(b) corpus: {len(rows)} checks in {total:.2f} s (mean {1000 * total / len(rows):.1f} ms), "
          f"{wrong} verdicts differ from the labels")
    for seconds, row in timings[:3]:
        print(f"    {seconds:.3f} s  line {row['row']}: {row['answer']!r} for {row['of']!r}")
    print(f"    worst {timings[0][0]:.3f} s   (target ≤ {TARGETS['worst']} s)")
    return timings[0][0]


def batch(n_rows: int) -> float:
    from tutor.checking.batch import grade_rows

    rows = [{"row": i, "answer": a, "of": f} for i, (a, f) in enumerate(TYPICAL * (n_rows // len(TYPICAL) + 1))][:n_rows]
    start = time.perf_counter()
    results = list(grade_rows(rows, processes=2))
    seconds = time.perf_counter() - start
    rate = len(results) / seconds
    print(f"(c) grade_rows, 2 workers: {len(results)} typical answers in {seconds:.2f} s = {rate:.0f} answers/s"
          f"   (target ≥ {TARGETS['batch']:.0f}/s)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.jsonl"
        path.write_text("\n".join(json.dumps({"answer": r["answer"], "of": r["of"]}) for r in rows), encoding="utf-8")
        for flags in (["--no-explain"], []):
            command = [sys.executable, "-m", "tutor", "check", "--batch", str(path), "--jobs", "2", *flags]
            seconds = _time(command)
            label = " ".join(flags) or "(with explanations)"
            print(f"    calctutor check --batch FILE --jobs 2 {label}: {len(rows)} rows in {seconds:.2f} s "
                  f"= {len(rows) / seconds:.0f} answers/s, start-up included")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rows", type=int, default=400)
    parser.add_argument("--skip-corpus", action="store_true")
    args = parser.parse_args()
    ratio = startup(args.repeat)
    worst = 0.0 if args.skip_corpus else worst_check()
    rate = batch(args.rows)
    met = ratio <= TARGETS["startup"], worst <= TARGETS["worst"], rate >= TARGETS["batch"]
    print("targets met:", ", ".join(f"{name} {'yes' if ok else 'NO'}" for name, ok in zip(TARGETS, met)))


if __name__ == "__main__":
    main()
