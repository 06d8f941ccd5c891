"""A class of 300 writes its right answers the way students write them: how many does `grade` accept?

Issue 13: in a class of 300, 39 answers began with `dy/dx =` or `f'(x) =` and were refused as
unreadable. Here 300 students each answer one derivative exercise of
tests/grading/data/week5.assignment.yaml (their own variant) with the RIGHT derivative,
written in one of these notations (a fixed share each, seeded):

    prefix   39 answers: dy/dx = …, f'(x) = …, y' = …, ∂f/∂x = …, dz/dt = … (the derivative asked)
    latex    60 answers: as LaTeX notes print it (\\frac, \\cos\\left(…\\right), x^{2}, \\cdot), some in $…$
    unicode  60 answers: as the tutor prints it (x², ·, −, √)
    plain   141 answers: the answer key's input-language text

then runs `calctutor grade … --responses` as a subprocess and prints, per notation, how many
answers were read and graded correct. Every answer is right, so anything below 100 % is a
notation the tool failed to read.

    python benchmarks/written.py [--students 300] [--keep FILE]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = ROOT / "tests" / "grading" / "data" / "week5.assignment.yaml"
SHARES = (("prefix", 39), ("latex", 60), ("unicode", 60), ("plain", 141))  # out of 300


def _prefix(wrt: tuple[str, ...], partial: bool, rng: random.Random) -> str:
    v = wrt[0]
    if partial:
        return rng.choice([f"∂f/∂{v} = ", f"f_{v} = ", f"\\frac{{\\partial f}}{{\\partial {v}}} = "])
    return rng.choice([f"dy/d{v} = ", f"f'({v}) = ", "y' = ", f"df/d{v} = ", f"\\frac{{dy}}{{d{v}}} = "])


def written(inst: object, notation: str, rng: random.Random) -> str:
    """The right answer to ``inst`` written in ``notation``."""
    from tutor.parsing import notation as M
    from tutor.parsing.printer import show

    expected = inst.task.expected  # type: ignore[attr-defined]
    if notation == "prefix":
        partial = "∂" in inst.task.texts.get("ask", "")  # type: ignore[attr-defined]
        return _prefix(inst.task.wrt, partial, rng) + inst.expected_text  # type: ignore[attr-defined]
    if notation == "latex":
        text = show(M.from_sympy(expected), "latex")
        return f"${text}$" if rng.random() < 0.3 else text
    if notation == "unicode":
        return show(M.from_sympy(expected), "unicode")
    return inst.expected_text  # type: ignore[attr-defined]


def class_rows(students: int, seed: int = 13) -> list[dict[str, str]]:
    from tutor.grading.assignment import load_assignment
    from tutor.grading.variants import variants

    rng = random.Random(seed)
    assignment = load_assignment(ASSIGNMENT)
    pool = [n for name, share in SHARES for n in [name] * round(share * students / 300)]
    pool += ["plain"] * (students - len(pool))
    rng.shuffle(pool)
    rows = []
    for n, notation in enumerate(pool, start=1):
        student = f"s{n:04d}"
        options = [v for v in variants(assignment, student)
                   if v.instance is not None and v.instance.answer_form == "expression" and v.instance.task.wrt]
        variant = rng.choice(options)
        rows.append({"Student": student, "Question": variant.item.ref, "Notation": notation,
                     "Response": written(variant.instance, notation, rng)})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--keep", type=Path, help="write the graded CSV here")
    args = parser.parse_args()
    rows = class_rows(args.students)
    with tempfile.TemporaryDirectory() as folder:
        responses = Path(folder) / "responses.csv"
        with responses.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        done = subprocess.run([sys.executable, "-m", "tutor", "grade", str(ASSIGNMENT), "--responses", str(responses),
                               "--column", "student=Student", "--column", "exercise=Question",
                               "--column", "answer=Response"], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return 2
    if args.keep:
        args.keep.write_text(done.stdout, encoding="utf-8")
    graded = list(csv.DictReader(io.StringIO(done.stdout)))
    total, read, right = Counter(), Counter(), Counter()
    refused: list[tuple[str, str]] = []
    for row in graded:
        total[row["Notation"]] += 1
        read[row["Notation"]] += row["verdict"] != "unreadable"
        right[row["Notation"]] += row["verdict"] == "correct"
        if row["verdict"] != "correct" and len(refused) < 5:
            refused.append((row["Response"], row["message"]))
    print(f"{len(graded)} right answers to week 5's derivative exercises, as students write them:")
    for name, _ in SHARES:
        print(f"  {name:8} {total[name]:4} answers  read {read[name]:4}  graded correct {right[name]:4}")
    print(f"  {'all':8} {sum(total.values()):4} answers  read {sum(read.values()):4}  "
          f"graded correct {sum(right.values()):4}")
    for response, message in refused:
        print(f"  not accepted: {response!r}: {message}")
    return 0 if sum(right.values()) == len(graded) else 1


if __name__ == "__main__":
    sys.exit(main())
