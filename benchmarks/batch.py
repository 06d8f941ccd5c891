"""Benchmark of grading at scale (the batch engine), all figures from one run.

    python benchmarks/batch.py [--records 100000] [--old /work/venv/bin/calctutor] [--skip-cluster]

Prints:

(a) a synthetic class file of ``--records`` records drawn like a real class: 10
    questions, each with 10 template variants (a student gets one); about 70 % of
    the answers repeat an earlier one (students write the same forms, spaced and
    multiplied in their own ways); 25 % are wrong by a catalogued mistake; 5 % are
    unreadable. Graded by ``calctutor check --batch FILE --out OUT --jobs 2`` WITH
    explanations, start-up included: records per second (target ≥ 1,000), and
    distinct answers per second beside it; and how many verdicts match the labels.
(b) a 1,500-record instructor-like file (150 students × 10 questions, one variant
    each): the rate with explanations, and the same file through the old path
    (``--old``, a calctutor before the engine) for the ratio (target ≥ 10×).
(c) a Dask LocalCluster of 2 workers against 1 worker on 20,000 distinct answers
    (target ≥ 1.7×), and the cost per distinct answer measured in it.
(d) a projection, from the measured costs, of the wall time for 10⁶ and 10⁷
    answers on 64 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = {"class": 1000.0, "instructor": 10.0, "cluster": 1.7}

# "@" marks a multiplication a student may write as a space, *, · or (after a digit) nothing.
# Each question: F, the right answer, and wrong answers by catalogued mistakes (id, answer).
QUESTIONS = [
    ("sin({a}x^2)", "{2a}@x@cos({a}@x^2)",
     [("chain.missing-inner", "cos({a}@x^2)"), ("trig.sign", "-{2a}@x@cos({a}@x^2)"),
      ("chain.inner-function-not-derivative", "{a}@x^2@cos({a}@x^2)")]),
    ("x^{a}", "{a}@x^{a1}",
     [("power.exponent-not-reduced", "{a}@x^{a}"), ("power.coefficient-missing", "x^{a1}"),
      ("power.antiderivative", "x^{a2}/{a2}")]),
    ("e^({a}x) sin(x)", "{a}@e^({a}@x)@sin(x)+e^({a}@x)@cos(x)",
     [("product.derivatives-multiplied", "{a}@e^({a}@x)@cos(x)"), ("product.missing-term", "e^({a}@x)@cos(x)"),
      ("chain.missing-inner", "e^({a}@x)@sin(x)+e^({a}@x)@cos(x)")]),
    ("ln(x^2 + {a})", "2@x/(x^2+{a})",
     [("chain.missing-inner", "1/(x^2+{a})"), ("sign.flipped", "-2@x/(x^2+{a})")]),
    ("({a}x + 1)^3", "{3a}@({a}@x+1)^2",
     [("chain.missing-inner", "3@({a}@x+1)^2"), ("power.exponent-not-reduced", "{3a}@({a}@x+1)^3")]),
    ("cos({a}x)", "-{a}@sin({a}@x)",
     [("trig.sign", "{a}@sin({a}@x)"), ("chain.missing-inner", "-sin({a}@x)")]),
    ("sqrt(x^2 + {a})", "x/sqrt(x^2+{a})",
     [("chain.missing-inner", "1/(2@sqrt(x^2+{a}))")]),
    ("x^{a} e^x", "{a}@x^{a1}@e^x+x^{a}@e^x",
     [("product.derivatives-multiplied", "{a}@x^{a1}@e^x"), ("product.missing-term", "x^{a}@e^x")]),
    ("tan({a}x)", "{a}@sec({a}@x)^2",
     [("chain.missing-inner", "sec({a}@x)^2")]),
    ("x/(x + {a})", "{a}/(x+{a})^2",
     [("quotient.denominator-not-squared", "{a}/(x+{a})"), ("quotient.reversed-numerator", "-{a}/(x+{a})^2")]),
]
VARIANTS = range(2, 12)  # the template parameter a: 10 variants per question
SHARE_WRONG, SHARE_UNREADABLE = 0.25, 0.05
# Probability that a student writes a given gap the usual way; tuned so that about
# 70 % of a 100,000-record class repeats an earlier (question variant, answer) pair.
USUAL = 0.4


def _fill(template: str, a: int) -> str:
    return (template.replace("{2a}", str(2 * a)).replace("{3a}", str(3 * a)).replace("{a1}", str(a - 1))
            .replace("{a2}", str(a + 1)).replace("{a}", str(a)))


def _coefficient_before(answer: str, i: int) -> bool:
    """Is answer[:i] a number that is a coefficient (not an exponent), so "6x" reads as 6·x?"""
    j = i
    while j > 0 and answer[j - 1].isdigit():
        j -= 1
    return j < i and (j == 0 or answer[j - 1] != "^")


def _spell(answer: str, rng: random.Random) -> str:
    """The answer as one student types it: each gap and operator the usual way, or another way."""
    out: list[str] = []
    skip: set[int] = set()  # the digit a superscript replaced
    for i, ch in enumerate(answer):
        if ch == "@":
            number = _coefficient_before(answer, i) and not answer[i + 1].isdigit()
            usual = "" if number else " "
            others = [o for o in ("", " ", "*", " * ", "·") if o != usual and (o or number)]
            out.append(usual if rng.random() < USUAL else rng.choice(others))
        elif ch == "+":
            out.append(" + " if rng.random() < USUAL else "+")
        elif ch == "/":
            out.append("/" if rng.random() < USUAL else " / ")
        elif ch == "^":
            power = answer[i + 1: i + 3]
            superscript = {"2": "²", "3": "³"}.get(power[:1]) if power[:1].isdigit() and not power[1:].isdigit() else None
            roll = rng.random()
            out.append("^" if roll < (1 + USUAL) / 2 else "**" if roll < 0.9 or superscript is None else superscript)
            if out[-1] in ("²", "³"):
                skip.add(i + 1)
        elif i in skip:
            continue
        else:
            out.append(ch)
    text = "".join(out)
    return text if rng.random() < 0.95 else f" {text} "  # stray spaces at the ends: the same key


def _unreadable(answer: str, rng: random.Random) -> str:
    text = _spell(answer, rng)
    return rng.choice([text[:-1] if text.endswith(")") else text + ")", text + " +", "(" + text, text + "))",
                       text.replace("(", "[", 1), text + " ?"])


def class_records(n: int, questions: int = len(QUESTIONS), variants=VARIANTS, seed: int = 0) -> list[dict]:
    """Records of a synthetic class, each labelled with what it is (expected verdict, mistake id)."""
    rng = random.Random(seed)
    out = []
    students = max(1, n // questions)
    for i in range(n):
        student, q = divmod(i, questions)
        of, right, wrongs = QUESTIONS[q]
        a = random.Random(f"{seed}:{student % students}:{q}").choice(list(variants))
        roll = rng.random()
        if roll < SHARE_UNREADABLE:
            answer, expected, mistake = _unreadable(_fill(right, a), rng), "invalid", None
        elif roll < SHARE_UNREADABLE + SHARE_WRONG:
            # the commoner mistakes first: weights 3, 2, 1
            mistake, wrong = rng.choices(wrongs, weights=[3, 2, 1][: len(wrongs)])[0]
            answer, expected = _spell(_fill(wrong, a), rng), "incorrect"
        else:
            answer, expected, mistake = _spell(_fill(right, a), rng), "correct", None
        out.append({"student": f"s{student:06d}", "question": q + 1, "answer": answer,
                    "of": _fill(of, a), "expected": expected, "label": mistake})
    return out


def _write(records: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as stream:
        for r in records:
            stream.write(json.dumps({k: r[k] for k in ("student", "question", "answer", "of")}) + "\n")
    return path


def _distinct(records: list[dict]) -> int:
    from tutor.grading.derivatives import derivative_key
    from tutor.grading.records import Record

    return len({derivative_key(Record(i, r)) for i, r in enumerate(records)})


def _run(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of the command and its workers, and their peak resident MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "NO_COLOR": "1"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss // 1024


def _agreement(records: list[dict], out: Path) -> str:
    graded = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(graded) == len(records), (len(graded), len(records))
    same = sum(g["verdict"] == r["expected"] for g, r in zip(graded, records))
    wrong = [(g, r) for g, r in zip(graded, records) if r["expected"] == "incorrect"]
    named = sum(bool(g.get("mistake")) for g, _ in wrong)
    return (f"verdicts as labelled {100 * same / len(records):.1f} %; a mistake named for "
            f"{100 * named / max(1, len(wrong)):.0f} % of the wrong answers")


def class_file(n: int, folder: Path) -> float:
    records = class_records(n)
    distinct = _distinct(records)
    source = _write(records, folder / "class.jsonl")
    out = folder / "class-graded.jsonl"
    wall, cpu, rss = _run([sys.executable, "-m", "tutor", "check", "--batch", str(source), "--out", str(out), "--jobs", "2"])
    rate = n / wall
    print(f"(a) class file: {n:,} records, {distinct:,} distinct (question variant, answer) pairs "
          f"= {100 * (1 - distinct / n):.0f} % repeats")
    print(f"    check --batch --jobs 2 with explanations: {wall:.1f} s = {rate:,.0f} records/s "
          f"(target ≥ {TARGETS['class']:,.0f}), {distinct / wall:,.0f} distinct answers/s")
    print(f"    CPU {cpu:.1f} s (all processes) = {1000 * cpu / distinct:.2f} ms per distinct answer; "
          f"{2 * n / cpu:,.0f} records/s on 2 otherwise idle cores; peak resident {rss} MB (largest process)")
    print(f"    {_agreement(records, out)}")
    return rate


def instructor_file(folder: Path, old: str | None) -> float | None:
    records = class_records(1500, variants=range(3, 4), seed=1)
    source = _write(records, folder / "instructor.jsonl")
    out = folder / "instructor-graded.jsonl"
    wall, cpu, _ = _run([sys.executable, "-m", "tutor", "check", "--batch", str(source), "--out", str(out), "--jobs", "2"])
    print(f"(b) instructor file: 1,500 records ({_distinct(records)} distinct): {wall:.1f} s = {1500 / wall:,.0f} "
          f"records/s with explanations, start-up included (CPU {cpu:.1f} s)")
    if not old:
        print("    (no --old calctutor given: no ratio)")
        return None
    old_wall, old_cpu, _ = _run([old, "check", "--batch", str(source), "--jobs", "2"])
    ratio = old_wall / wall
    print(f"    old path {old}: {old_wall:.1f} s = {1500 / old_wall:,.0f} records/s (CPU {old_cpu:.1f} s); "
          f"ratio {ratio:.1f}× (target ≥ {TARGETS['instructor']:.0f}×)")
    return ratio


def cluster(distinct: int = 20_000) -> tuple[float | None, float | None]:
    try:
        import distributed
    except ImportError:
        print('(c) cluster: dask is not installed (pip install "calctutor[cluster]"): skipped')
        return None, None
    import functools

    from tutor.grading.derivatives import (derivative_key, failed_derivative, grade_derivative,
                                           prepare_derivatives, variant_of)
    from tutor.grading.engine import grade_records, local_cluster
    from tutor.grading.records import Record

    seen, records = set(), []
    for r in class_records(200_000, seed=2):
        key = derivative_key(Record(0, r))
        if key not in seen:
            seen.add(key)
            records.append(Record(len(records) + 1, {k: r[k] for k in ("answer", "of")}))
            if len(records) == distinct:
                break
    grade = functools.partial(grade_derivative, explain=True)
    rates = {}
    for workers in (1, 2):
        # The cluster is started and its workers warmed before the clock starts: the rate is grading's.
        # Started as `--cluster local` starts it (engine.local_cluster), before the clock starts.
        with local_cluster(workers) as local, distributed.Client(local) as client:
            client.run(prepare_derivatives)
            before = client.run(_cpu_seconds)
            main_before = time.process_time()  # this process: the engine's loop, the client and the scheduler
            start = time.perf_counter()
            n = sum(1 for _ in grade_records(records, derivative_key, grade, cluster=local.scheduler_address,
                                             failed=failed_derivative, group_of=variant_of))
            seconds = time.perf_counter() - start
            main_cpu = time.process_time() - main_before
            each = {worker: cpu - before[worker] for worker, cpu in client.run(_cpu_seconds).items()}
            cpu = sum(each.values())
        rates[workers] = n / seconds
        print(f"(c) LocalCluster, {workers} worker{'s' * (workers > 1)}: {n:,} distinct answers in {seconds:.1f} s "
              f"= {rates[workers]:,.0f} answers/s; workers' CPU {cpu:.1f} s = {1000 * cpu / n:.2f} ms per answer; "
              f"main process (engine, client, scheduler) CPU {main_cpu:.1f} s")
        # Each worker's CPU (its own and its symbolic children's) over the wall time: well below 100 %,
        # other processes took the cores (or the worker waited for work).
        print(f"    each worker's CPU: {', '.join(f'{c:.1f} s' for c in each.values())} "
              f"= {', '.join(f'{100 * c / seconds:.0f} %' for c in each.values())} of the wall time")
        if workers == 1:
            per_answer = cpu / n
    speedup = rates[2] / rates[1]
    print(f"    2 workers ÷ 1 worker: {speedup:.2f}× (target ≥ {TARGETS['cluster']}×); load average now {os.getloadavg()[0]:.1f}")
    return speedup, per_answer


def _cpu_seconds() -> float:
    """This process's CPU and its finished children's (the checker's forked symbolic children)."""
    user, system, children_user, children_system, _ = os.times()
    return user + system + children_user + children_system


def _constant_grade(key: tuple) -> dict:
    return {"verdict": "correct", "answer": key[-1], "expected": None, "message": "a stand-in result"}


def main_process_cost(folder: Path, n: int = 100_000) -> float:
    """Seconds per record the main process spends reading, keying, fanning out and writing (grading aside)."""
    import io

    from tutor.grading.derivatives import derivative_key
    from tutor.grading.engine import grade_records
    from tutor.grading.records import RecordWriter, read_records

    source = folder / "class.jsonl"
    writer = RecordWriter(io.StringIO())
    start = time.process_time()
    for record, result in grade_records(read_records(source, problems="record"), derivative_key, _constant_grade,
                                        jobs=1):
        writer.write(record, result)
    return (time.process_time() - start) / n


def projection(seconds_per_distinct: float, main_per_record: float, repeats: float = 0.70) -> None:
    print(f"(d) projection: {1000 * seconds_per_distinct:.2f} ms of worker CPU per distinct answer (measured in (c)), "
          f"{1e6 * main_per_record:.0f} µs of the main process per record (read, key, fan out, write; measured "
          f"on the class file), {100 * repeats:.0f} % repeats, 64 worker cores:")
    for n in (10**6, 10**7):
        workers = n * (1 - repeats) * seconds_per_distinct / 64
        main = n * main_per_record
        print(f"    {n:>10,} answers: workers {workers / 60:,.1f} min, main process {main / 60:,.1f} min "
              f"(they overlap) → about {max(workers, main) / 60:,.0f} min")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--old", help="a calctutor from before the batch engine, for the ratio of (b)")
    parser.add_argument("--skip-cluster", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rate = class_file(args.records, Path(folder))
        main_per_record = main_process_cost(Path(folder), args.records)
        ratio = instructor_file(Path(folder), args.old)
        speedup, per_answer = (None, None) if args.skip_cluster else cluster()
    if per_answer:
        projection(per_answer, main_per_record)
    met = [rate >= TARGETS["class"], None if ratio is None else ratio >= TARGETS["instructor"],
           None if speedup is None else speedup >= TARGETS["cluster"]]
    said = {True: "yes", False: "NO", None: "not measured"}
    print("targets met:", ", ".join(f"{name} {said[ok]}" for name, ok in zip(TARGETS, met)))


if __name__ == "__main__":
    main()
