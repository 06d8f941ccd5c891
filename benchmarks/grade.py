"""Grading a class: 300 students × 12 exercises (a realistic mix of answers), then the class report.

Generates the class's answers to tests/grading/data/week5.assignment.yaml
(every kind of exercise; see benchmarks/classroom.py for the mix), then runs
``calctutor grade … --responses`` and ``calctutor report`` on the result as
subprocesses, and prints wall-clock and CPU seconds (the process and its
children) against the targets of issue 14, as ratios.

Targets (2 cores): grade ≤ 30 s with mistakes named; report ≤ 5 s. On a
shared machine the wall-clock time depends on the load; the CPU time does not.

    python benchmarks/grade.py [--students 300] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
ASSIGNMENT = ROOT / "tests" / "grading" / "data" / "week5.assignment.yaml"
GRADE_TARGET_S = 30.0  # issue 14: 3,600 answers with mistakes named
REPORT_TARGET_S = 5.0  # issue 14: the report on the graded result


def _timed(argv: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed:\n{done.stderr}")
    return wall, cpu, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--keep", type=Path, help="write the generated files here and keep them")
    args = parser.parse_args()

    from classroom import class_rows, write_csv

    from tutor.grading.assignment import load_assignment

    folder = args.keep or Path(tempfile.mkdtemp(prefix="calctutor-grade-"))
    folder.mkdir(parents=True, exist_ok=True)
    responses, graded = folder / "responses.csv", folder / "graded.csv"
    start = time.perf_counter()
    rows = class_rows(load_assignment(ASSIGNMENT), args.students)
    write_csv(rows, responses)
    print(f"generated {len(rows)} answers of {args.students} students in {time.perf_counter() - start:.1f} s "
          f"({responses})")
    tool = [sys.executable, "-m", "tutor"]
    wall, cpu, done = _timed([*tool, "grade", str(ASSIGNMENT), "--responses", str(responses), "--column",
                              "student=Student", "--column", "exercise=Question", "--column", "answer=Response",
                              "--out", str(graded)])
    print(done.stderr.strip())
    print(f"grade:  {wall:6.1f} s wall, {cpu:6.1f} s CPU on {os.cpu_count()} cores; "
          f"wall/target = {wall / GRADE_TARGET_S:.2f}, (CPU/2)/target = {cpu / 2 / GRADE_TARGET_S:.2f}")
    wall, cpu, done = _timed([*tool, "report", str(graded), "--json"])
    print(f"report: {wall:6.1f} s wall, {cpu:6.1f} s CPU; wall/target = {wall / REPORT_TARGET_S:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
