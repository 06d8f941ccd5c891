"""Worked Jacobians (the matrix, a column from forward mode, a row from reverse mode) and the
choice of mode (passes: one per input forward, one per output in reverse).

Each entry is a line ``∂F₁/∂x = ∂(x y)/∂x = y`` (``= 3`` at a point); the AD engine recomputes
every entry, at the exercise's point or, for a symbolic Jacobian, at a fixed sample point.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

from tutor.explain.worked import WorkedStep, ad_partial, number, verify
from tutor.parsing import notation as M
from tutor.parsing.printer import current_target, glyph, show

__all__ = ["jacobian_worked", "mode_worked", "SAMPLE"]

# Where a symbolic entry is checked: irrational-looking, inside every domain the packs use (> 0, < π/2).
SAMPLE = (0.7368, 1.1243, 0.5519, 1.3017, 0.8861, 0.6202, 1.0457, 0.9134)

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _output(i: int) -> str:
    """F₁, F₂, …: the name of output i (0-based); F1, F2 in the plain target."""
    return "F" + (str(i + 1) if current_target() == "plain" else str(i + 1).translate(_SUB))


def _entry(f: Any, i: int, v: str, names: Sequence[str], at: Optional[Mapping[str, Any]]) -> WorkedStep:
    import sympy

    from tutor.explain.steps import symbol

    d = sympy.diff(f, symbol(v))
    head = show(M.eq(M.rate(_output(i), v, True), M.deriv(v, f, True), d))
    if at:
        value = d.xreplace({symbol(k): w for k, w in at.items()})
        point = dict(at)
        line = head if not d.free_symbols else f"{head} = {number(value)}"
        return WorkedStep("entry", line, value, oracle=lambda: ad_partial(f, point, v))
    sample = {n: SAMPLE[k % len(SAMPLE)] for k, n in enumerate(names)}
    # The line shows the formula; its check compares it with the AD engine at the sample point.
    return WorkedStep("entry", head, d, oracle=lambda: ad_partial(f, sample, v), sample=sample)


def jacobian_worked(components: Sequence[Any], names: Sequence[str], *, at: Optional[Mapping[str, Any]] = None,
                    part: str = "matrix", index: Optional[str] = None) -> WorkedStep:
    """The Jacobian of F = ``components`` in ``names`` (or its column for input ``index``, or its row
    ``index``), entry by entry, at ``at`` when given; every entry verified by the AD engine."""
    import sympy

    from tutor.explain.steps import symbol

    def value(f: Any, v: str) -> Any:
        d = sympy.diff(f, symbol(v))
        return d.xreplace({symbol(k): w for k, w in at.items()}) if at else d

    where = f" at {', '.join(show(M.eq(M.var(k), w)) for k, w in at.items())}" if at else ""
    m, n = len(components), len(names)
    if part == "column":
        assert index is not None
        entries = tuple(_entry(f, i, index, names, at) for i, f in enumerate(components))
        result = tuple(value(f, index) for f in components)
        root = WorkedStep(
            "forward mode", f"Seeding {index} with tangent 1 (every other input 0), one forward pass gives "
            f"{show(M.rate('F', index, True))}: the Jacobian's column for {index}{where}", result, entries)
    elif part == "row":
        assert index is not None
        i = int(index) - 1
        entries = tuple(_entry(components[i], i, v, names, at) for v in names)
        result = tuple(value(components[i], v) for v in names)
        root = WorkedStep(
            "reverse mode", f"Seeding output {index} with adjoint 1 (every other output 0), one backward pass "
            f"gives the gradient of {show(M.var(_output(int(index) - 1)))}: the Jacobian's row {index}{where}", result, entries)
    else:
        rows = []
        for i, f in enumerate(components):
            entries = tuple(_entry(f, i, v, names, at) for v in names)
            row_value = tuple(value(f, v) for v in names)
            rows.append(WorkedStep(f"row {i + 1}", f"row {i + 1}: the partials of {show(M.eq(M.var(_output(i)), f))} "
                                   f"by {', '.join(names)}", row_value, entries))
        result = tuple(r.result for r in rows)
        root = WorkedStep("jacobian", f"J is {m} {glyph('times')} {n}: row i holds the partials of output i, column j is for "
                          f"input j ({', '.join(names)}){where}", result, tuple(rows))
    verify(root)
    return root


def _maps(n: int, m: int) -> str:
    """F: Rⁿ → Rᵐ (plain: F: R^n -> R^m), the shape of a function of n inputs and m outputs."""
    return f"F: {show(M.power(M.var('R'), n))} {glyph('to')} {show(M.power(M.var('R'), m))}"


def _passes(k: int) -> str:
    return f"{k} pass" if k == 1 else f"{k} passes"


def _count(k: int, noun: str) -> str:
    return f"{k} {noun}" if k == 1 else f"{k} {noun}s"


# Up to this many passes the counts are proved by running the engine's Jacobians (a pass each).
MAX_PROVED_PASSES = 64


def _passes_run(n: int, m: int) -> tuple[int, int]:
    """(forward passes, backward sweeps) the AD engine makes for a Jacobian of some F: Rⁿ → Rᵐ."""
    from tutor.autodiff import jacobian_forward, jacobian_reverse

    calls = 0

    def f(x: list) -> list:  # every output reads every input: a full m × n Jacobian
        nonlocal calls
        calls += 1
        total = x[0]
        for xi in x[1:]:
            total = total + xi
        return [total * (i + 1) for i in range(m)]

    point = [0.5 + j for j in range(n)]
    jacobian_forward(f, point)
    forward = calls
    rows = jacobian_reverse(f, point)
    return forward, len(rows)


def mode_worked(n: int, m: int, ask: str = "mode") -> WorkedStep:
    """Why forward mode costs n passes and reverse mode m for F: Rⁿ → Rᵐ, and which is fewer."""
    import sympy

    lines = [
        WorkedStep("shape", f"{_maps(n, m)}, so its Jacobian is {m} {glyph('times')} {n}: {_count(m, 'row')} (outputs), "
                   f"{_count(n, 'column')} (inputs)"),
        WorkedStep("forward mode", f"a forward pass seeds one input's tangent with 1 and gives one column: "
                   f"{_count(n, 'column')}, {_passes(n)}", sympy.Integer(n),
                   oracle=(lambda: _passes_run(n, m)[0]) if max(n, m) <= MAX_PROVED_PASSES else None),
        WorkedStep("reverse mode", f"a backward pass seeds one output's adjoint with 1 and gives one row: "
                   f"{_count(m, 'row')}, {_passes(m)}", sympy.Integer(m),
                   oracle=(lambda: _passes_run(n, m)[1]) if max(n, m) <= MAX_PROVED_PASSES else None),
    ]
    if ask == "forward-passes":
        result: Any = sympy.Integer(n)
        lines.append(WorkedStep("answer", f"forward mode needs {_passes(n)} (one per input)", result))
    elif ask == "reverse-passes":
        result = sympy.Integer(m)
        lines.append(WorkedStep("answer", f"reverse mode needs {_passes(m)} (one per output)", result))
    else:
        result = "forward" if n < m else "reverse" if m < n else "either"
        why = {"forward": f"{n} < {m}: fewer inputs than outputs", "reverse": f"{m} < {n}: fewer outputs than inputs",
               "either": f"{n} = {m}: as many passes either way"}[result]
        lines.append(WorkedStep("answer", f"{result} mode ({why})", result))
    root = WorkedStep("choice of mode", f"Count the passes for {_maps(n, m)}", result, tuple(lines))
    verify(root)
    return root
