"""Exercise packs: how long discovery, validation and checking an answer take.

Run: python benchmarks/packs.py
Prints, measured in this run: pack discovery time; `validate` time per pack
(20 draws); and the latency of Instance.check over every built-in exercise
(two seeds, the right answer and a wrong one each), as median and worst, with
their ratio to practice's targets (median 0.2 s, worst 1 s from Enter to feedback).
"""

from __future__ import annotations

import statistics
import time

from tutor.packs import discover_packs, instantiate
from tutor.packs.validate import validate_pack

MEDIAN_TARGET_S = 0.2  # issue 7: median time from Enter to feedback
WORST_TARGET_S = 1.0  # issue 7: worst time from Enter to feedback

# A wrong answer in each answer form (the right one is the instance's expected text).
WRONG = {
    "word": lambda i: "reverse" if i.task.expected == "forward" else "forward",
    "dual": lambda i: "1 + ε",
    "matrix": lambda i: "[" + ", ".join("[" + ", ".join(["1"] * len(r)) + "]" for r in i.task.expected) + "]",
    "vector": lambda i: "[" + ", ".join(["1"] * len(i.task.expected)) + "]",
    "number": lambda i: "12345",
    "expression": lambda i: "x" if "x" in i.variables else i.variables[0],
}


def main() -> None:
    start = time.perf_counter()
    catalog = discover_packs()
    print(f"discover_packs: {time.perf_counter() - start:.3f} s for {len(catalog.packs)} packs")
    for pack in catalog.packs:
        start = time.perf_counter()
        problems = validate_pack(pack)
        print(f"validate {pack.id}: {time.perf_counter() - start:.1f} s, {len(pack.exercises)} exercises, "
              f"{len(problems)} problems")
    times: list[tuple[float, str]] = []
    for pack in catalog.packs:
        for ex in pack.exercises:
            for seed in (3, 8):
                inst = instantiate(ex, seed)
                right = inst.expected_text.split(" ≈")[0].split(" (as many")[0]
                for answer in (right, WRONG[inst.answer_form](inst)):
                    t = time.perf_counter()
                    inst.check(answer)
                    times.append((time.perf_counter() - t, f"{pack.id}/{ex.id}"))
    times.sort()
    median = statistics.median(t for t, _ in times)
    worst, where = times[-1]
    print(f"check: {len(times)} answers, median {median * 1000:.1f} ms "
          f"(ratio to target {median / MEDIAN_TARGET_S:.2f}), worst {worst:.3f} s at {where} "
          f"(ratio to target {worst / WORST_TARGET_S:.2f})")


if __name__ == "__main__":
    main()
