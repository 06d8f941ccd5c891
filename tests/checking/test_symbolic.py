"""The symbolic oracle: cheap forms in-process, the rest in a forked child with hard limits."""

from __future__ import annotations

import time

import sympy

from tutor.checking import symbolic
from tutor.checking.symbolic import cheap_forms, in_child
from tutor.parsing import variable

x = variable("x")


def test_cheap_forms_prove_equal_and_different() -> None:
    assert cheap_forms((x + 1) ** 2 - (x**2 + 2 * x + 1), [x]).result == "equal"
    assert cheap_forms(x / sympy.Abs(x) - sympy.sign(x), [x]).result == "equal"
    assert cheap_forms(1 / (x + 1) - 1 / x, [x]).result == "different"
    assert cheap_forms(sympy.Rational(1, 10**9) + 0 * x, [x]).result == "different"
    assert cheap_forms(sympy.exp(x) * sympy.log(x) - sympy.log(x ** sympy.exp(x)), [x]).result == "unknown"


def test_trig_and_hyperbolic_identities_are_proved_in_process() -> None:
    """tan²x + 1 = sec²x, double angles, sin(x + 1), tanh: rational functions of tan(θ/2) or eˣ (rational_forms.py)."""
    sin, cos, tan, sec = sympy.sin, sympy.cos, sympy.tan, sympy.sec
    proved = [
        sympy.sin(2 * x) - 2 * sin(x) * cos(x),
        sec(x) ** 2 - tan(x) ** 2 - 1,
        sec(x) - sympy.diff(sympy.log(sympy.Abs(sec(x) + tan(x))), x),
        sin(x + 1) - sin(x) * cos(1) - cos(x) * sin(1),
        tan(3 * x) - (3 * tan(x) - tan(x) ** 3) / (1 - 3 * tan(x) ** 2),
        1 / sympy.cosh(x) ** 2 - sympy.diff(sympy.tanh(x), x) + 0 * sympy.sinh(2 * x),
        sympy.sinh(2 * x) - 2 * sympy.sinh(x) * sympy.cosh(x),
    ]
    for d in proved:
        outcome = cheap_forms(d, sorted(d.free_symbols, key=str))
        assert outcome.result == "equal" and not outcome.in_child, d
    # Only a zero is a proof: a wrong identity and independent angles stay unknown, never "equal".
    for d in (sec(x) ** 2 - tan(x) ** 2, sin(x) ** 2 + cos(x + 1) ** 2 - 1, sin(2 * x) - 2 * sin(x), tan(x) - tan(x**2)):
        assert cheap_forms(d, [x]).result in ("unknown", "different"), d


def test_cheap_forms_refuse_a_huge_expansion() -> None:
    a, b, c, d = (variable(n) for n in "abcd")
    huge = (a + b + c + d + x) ** 40 - (x + a + b + c + d + 1) ** 40  # expanded: 10⁵ terms each
    assert not symbolic._small_enough(huge)  # refused by counting terms, before cancel could expand them
    assert cheap_forms(huge, [a, b, c, d, x]).result == "unknown"


def test_the_child_decides_a_trig_identity() -> None:
    outcome = in_child(sympy.sin(2 * x) - 2 * sympy.sin(x) * sympy.cos(x), [x], 100.0, cpu_s=5.0)
    assert outcome.result == "equal" and outcome.in_child


def _forever(d, symbols):  # stands in for simplify running past any budget
    while True:
        pass


def test_the_child_is_killed_at_the_wall_clock_limit(monkeypatch) -> None:
    monkeypatch.setattr(symbolic, "_run_forms", _forever)
    start = time.monotonic()
    outcome = in_child(x, [x], 0.3, cpu_s=600.0)
    assert outcome.result == "unknown" and "did not finish" in outcome.how
    assert time.monotonic() - start < 30  # not 600: the wall clock stopped it (a bound no load reaches)


def test_the_child_stops_itself_after_its_cpu_time(monkeypatch) -> None:
    """The CPU limit does the same work under any load: the wall clock here is only a safety net."""
    monkeypatch.setattr(symbolic, "_run_forms", _forever)
    start = time.monotonic()
    outcome = in_child(x, [x], 600.0, cpu_s=0.2)
    assert outcome.result == "unknown" and "did not finish within 0.2 s" in outcome.how
    assert time.monotonic() - start < 300  # not 600: its own CPU time stopped it


def test_the_child_cannot_grab_unbounded_memory(monkeypatch) -> None:
    def hog(d, symbols):
        block = bytearray(symbolic.CHILD_MEMORY_BYTES * 2)  # past RLIMIT_AS: MemoryError in the child
        return symbolic.SymbolicOutcome("equal", f"allocated {len(block)}")

    monkeypatch.setattr(symbolic, "_run_forms", hog)
    outcome = in_child(x, [x], 3.0)
    assert outcome.result == "unknown"


def test_the_child_has_a_cpu_limit(monkeypatch) -> None:
    import resource

    def report(d, symbols):
        soft, _ = resource.getrlimit(resource.RLIMIT_CPU)
        return symbolic.SymbolicOutcome("unknown", str(soft))

    monkeypatch.setattr(symbolic, "_run_forms", report)
    outcome = in_child(x, [x], 2.0)
    assert int(outcome.how) == 2 + symbolic.CPU_GRACE_S


def test_no_time_means_no_child() -> None:
    assert in_child(x, [x], 0).result == "unknown"


def test_compound_absolute_values_are_split_by_sign() -> None:
    u = x**2 - 1
    d = x / u - sympy.diff(sympy.log(sympy.Abs(u)) / 2, x)
    assert cheap_forms(d, [x]).result == "equal"
    assert cheap_forms(x / (2 * sympy.Abs(u)) - sympy.diff(sympy.log(sympy.Abs(u)) / 2, x), [x]).result == "unknown"


def test_large_multiple_angles_are_not_expanded() -> None:
    d = 1000 * sympy.sec(1000 * x) ** 2 - sympy.diff(sympy.tan(1000 * x), x)
    outcome = in_child(d, [x], 100.0, cpu_s=5.0)  # a CPU limit: the same verdict under any load
    assert outcome.result == "equal"


def test_nested_bars_are_split_variable_first_then_argument() -> None:
    """d/dx ||x| − 2| = sign(x)·sign(|x| − 2): x → ±p, then |p − 2| → ±(p − 2)."""
    f = sympy.Abs(sympy.Abs(x) - 2)
    right = x * (sympy.Abs(x) - 2) / (sympy.Abs(x) * sympy.Abs(sympy.Abs(x) - 2))
    assert cheap_forms(right - sympy.diff(f, x), [x]).result == "equal"
    assert cheap_forms(x / sympy.Abs(x) - sympy.diff(f, x), [x]).result != "equal"
