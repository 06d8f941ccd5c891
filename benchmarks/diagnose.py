"""Mistake diagnosis and step verification, measured in one run.

    python benchmarks/diagnose.py [--expressions N]

Prints: the top-id accuracy over the labelled corpus (tests/explain/data/
wrong_answers.txt), how many correct answers were wrongly diagnosed, the
slowest diagnosis against its 1 s budget (as a ratio), and the step
verification result: every step of ``explain`` on N random expressions
checked against the AD engine (a failure raises; it is counted here).
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BUDGET_S = 1.0  # the limit per diagnosis


def _corpus() -> list[list[str]]:
    rows = []
    for line in (ROOT / "tests/explain/data/wrong_answers.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([p.strip() for p in line.split(";")])
    return rows


def _generator():
    spec = importlib.util.spec_from_file_location("explain_property", ROOT / "tests/explain/test_property.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # the random-expression generator of the property test
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expressions", type=int, default=300, help="random expressions for step verification")
    args = parser.parse_args()

    import sympy

    from tutor.checking.request import read_request
    from tutor.explain import StepVerificationError, diagnose, explain
    from tutor.explain.rules import ExplainError
    from tutor.explain.steps import walk

    rows = _corpus()
    hits, times, false_positive = 0, [], 0
    t_first = None
    for mistake, of, answer, wrt, where in rows:
        request = read_request(answer, of, wrt.split(), where or None)
        start = time.perf_counter()
        found = diagnose(request.of.expr, request.answer.expr, list(request.wrt), request.where or None)
        elapsed = time.perf_counter() - start
        t_first = elapsed if t_first is None else t_first
        times.append((elapsed, f"{of} -> {answer}"))
        hits += found is not None and found.best.id == mistake
        correct = explain(request.of.expr, list(request.wrt), request.where or None, verify=False).result
        false_positive += diagnose(request.of.expr, correct, list(request.wrt), request.where or None) is not None
    slowest, which = max(times[1:])  # the first call also pays for imports and caches: reported apart
    print(f"diagnosis accuracy (top id): {hits}/{len(rows)} = {hits / len(rows):.1%}")
    print(f"correct answers diagnosed:   {false_positive}/{len(rows)}")
    print(f"slowest diagnosis (warm):    {slowest:.3f} s = {slowest / BUDGET_S:.2f}× the {BUDGET_S:.0f} s budget ({which})")
    print(f"first diagnosis (cold):      {t_first:.3f} s = {t_first / BUDGET_S:.2f}× the budget")
    print(f"mean diagnosis:              {sum(t for t, _ in times) / len(times):.3f} s")

    gen = _generator()
    rng = random.Random(1)
    steps = failures = skipped = 0
    start = time.perf_counter()
    for _ in range(args.expressions):
        expr = gen.expression(rng, depth=3)
        if gen.X not in expr.free_symbols:
            continue
        try:
            root = explain(expr, ["x"])
        except ExplainError:
            skipped += 1
            continue
        except StepVerificationError as error:
            failures += 1
            print("FAILED:", error)
            continue
        steps += sum(1 for _ in walk(root))
    elapsed = time.perf_counter() - start
    print(f"step verification:           {steps} steps of {args.expressions} random expressions verified "
          f"against the AD engine, {failures} failed, {skipped} unsupported ({elapsed:.1f} s)")
    _injected(gen, explain, diagnose, ExplainError)
    _ = sympy  # imported first so the timings above exclude SymPy's own start-up


def _injected(gen, explain, diagnose, ExplainError) -> None:
    """Every buggy rule injected at a random node of random derivations: is it found, is it on top?"""
    from tutor.explain.diagnosis import _rebuild, _singles

    rng = random.Random(11)
    total = found = top = equal = 0
    slowest = 0.0
    for _ in range(150):
        expr = gen.expression(rng, depth=3)
        if gen.X not in expr.free_symbols:
            continue
        try:
            tree = explain(expr, ["x"], verify=False, simplify_result=False).substeps[0]
        except ExplainError:
            continue
        singles = _singles(tree, False)
        for single in rng.sample(singles, min(3, len(singles))):
            answer = _rebuild(tree, (), {single.path: lambda step, results, local=single.local: local})
            start = time.perf_counter()
            result = diagnose(expr, answer, ["x"])
            slowest = max(slowest, time.perf_counter() - start)
            total += 1
            if result is None:
                equal += 1  # the slip changes nothing here (e.g. dropping a factor 1)
                continue
            ids = [m.id for m in result.matches]
            found += single.id in ids
            top += ids[0] == single.id
    real = total - equal
    print(f"injected mistakes found:     {found}/{real} = {found / real:.1%} among the matches, "
          f"{top / real:.1%} on top (ties between equal explanations are not errors); "
          f"slowest {slowest:.3f} s = {slowest / BUDGET_S:.2f}× budget")


if __name__ == "__main__":
    main()
