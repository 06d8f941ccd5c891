"""The cascade on expressions built in code: verdict rules, evidence, notes, where, budget."""

from __future__ import annotations

import math
import time

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.checking import Verdict, check_derivative, equivalent, verdict_to_json
from tutor.parsing import variable

x, y, t = variable("x"), variable("y"), variable("t")
R = sympy.Rational


def test_a_verdict_is_a_frozen_record_with_a_reason() -> None:
    v = check_derivative(2 * x, x**2, ["x"])
    assert isinstance(v, Verdict) and v.correct and v.status == "correct" and v.symbolic == "equal"
    assert v.numeric.points >= 8 and v.numeric.agree and v.numeric.counterexample is None
    assert v.expected == 2 * x and v.reason
    with pytest.raises(AttributeError):
        v.status = "incorrect"  # type: ignore[misc]


def test_a_tiny_constant_is_seen_by_looking_harder() -> None:
    v = check_derivative(2 * x + R(1, 10**9), x**2, ["x"])
    assert v.status == "incorrect" and v.symbolic == "different"
    below_floats = check_derivative(2 * x + R(1, 10**30), x**2, ["x"])
    assert below_floats.status == "incorrect" and below_floats.symbolic == "different"
    assert below_floats.numeric.counterexample is not None


def test_an_answer_that_agrees_at_every_integer_gets_a_non_integer_counterexample() -> None:
    v = check_derivative(2 * x + sympy.sin(sympy.pi * x), x**2, ["x"])
    assert v.status == "incorrect"
    point = v.numeric.counterexample.point["x"]
    assert point != round(point)
    assert v.numeric.counterexample.answer != pytest.approx(v.numeric.counterexample.expected)


def test_kas_reading_of_sin_squared_is_rejected() -> None:
    v = check_derivative(2 * x * sympy.cos(x) ** 2, sympy.sin(x**2), ["x"])
    assert v.status == "incorrect"


def test_real_domain_equivalence() -> None:
    assert check_derivative(2 / x, 2 * sympy.log(x), ["x"]).correct
    assert check_derivative(2 / x, 2 * sympy.log(sympy.Abs(x)), ["x"]).correct
    assert check_derivative(x / sympy.Abs(x), sympy.Abs(x), ["x"]).correct
    wrong = check_derivative(sympy.Integer(1), sympy.sqrt(x**2), ["x"])
    assert wrong.status == "incorrect" and wrong.numeric.counterexample.point["x"] < 0


def test_exact_decimals_pass_and_rounded_ones_fail_with_a_note() -> None:
    assert check_derivative(R(1, 2) * x ** R(-1, 2), sympy.sqrt(x), ["x"]).correct
    v = check_derivative(R(333, 1000) * x**2, x**3 / 9, ["x"])
    assert v.status == "incorrect"
    assert any("0.333" in note and "1/3" in note for note in v.notes)


def test_a_float_answer_built_in_code_is_compared_by_value() -> None:
    assert check_derivative(sympy.Float(0.5) * x ** sympy.Float(-0.5), sympy.sqrt(x), ["x"]).correct


def test_successive_partials_in_order() -> None:
    f = x**3 * y**2
    assert check_derivative(6 * x**2 * y, f, ["x", "y"]).correct
    assert check_derivative(6 * x * y**2, f, ["x", "x"]).correct
    assert check_derivative(6 * x * y**2, f, ["x", "y"]).status == "incorrect"


def test_where_substitutes_inner_functions_into_answer_and_function() -> None:
    where = {"x": sympy.cos(t), "y": sympy.sin(t)}
    mixed = y * -sympy.sin(t) + x * sympy.cos(t)
    v = check_derivative(mixed, x * y, ["t"], where)
    assert v.correct and v.expected.free_symbols == {t}
    assert any("x = cos(t)" in note for note in v.notes)
    assert check_derivative(sympy.cos(2 * t), x * y, ["t"], where).correct
    assert check_derivative(y * sympy.cos(t), x * y, ["t"], where).status == "incorrect"


def test_an_answer_in_a_variable_f_does_not_have_is_wrong() -> None:
    assert check_derivative(2 * y, x**2, ["x"]).status == "incorrect"


def test_an_empty_domain_is_undecided() -> None:
    v = check_derivative(sympy.Integer(0), sympy.sqrt(-1 - x**2), ["x"])
    assert v.status == "undecided" and "points" in v.reason


def test_no_budget_is_undecided_not_a_guess() -> None:
    v = check_derivative(sympy.sin(2 * x), sympy.sin(x) ** 2, ["x"], budget_s=0.0)
    assert v.status == "undecided"


def test_the_double_angle_trap_is_decided_with_the_child_cut_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """simplify alone runs for many seconds here; the child is cut off at its CPU limit and the numbers decide.

    No wall clock: the child's limit is its own CPU time (``budget_s=inf``), the same on a loaded machine.
    """
    from tutor.checking import equivalence

    limits: list[tuple[float, float | None]] = []
    real_in_child = equivalence.in_child

    def spy(difference, symbols, timeout_s, cpu_s=None):
        limits.append((timeout_s, cpu_s))
        return real_in_child(difference, symbols, timeout_s, cpu_s)

    monkeypatch.setattr(equivalence, "in_child", spy)
    s, c = sympy.sin(32 * x), sympy.cos(32 * x)
    answer = -64 * s * c / sympy.sqrt(c**2 - s**2)
    v = check_derivative(answer, sympy.sqrt(sympy.cos(64 * x)), ["x"], budget_s=math.inf)
    assert v.correct  # proved by a rewrite within the CPU limit, or verified numerically when cut off
    assert limits == [(equivalence.CHILD_MAX_S * equivalence.UNHURRIED_WALL_FACTOR, equivalence.CHILD_MAX_S)]


def test_a_finite_budget_bounds_the_child_by_what_is_left() -> None:
    from tutor.checking.equivalence import RESERVE_S, _child_limits
    from tutor.checking.numeric import Comparison

    problem = Comparison(answer=x, expected=x, variables=["x"], answer_values=None, expected_values=None,
                      probe=None, seed=0, budget_s=1.0, start=time.monotonic())
    wall, cpu = _child_limits(problem, 5.0)
    assert wall == cpu and wall <= 1.0 - RESERVE_S


def test_equivalent_compares_expressions_on_a_domain() -> None:
    assert equivalent(sympy.log(x**2), 2 * sympy.log(x), ["x"]).correct
    assert equivalent(sympy.log(x**2), 2 * sympy.log(x), ["x"], domain_of=sympy.log(x**2)).status == "incorrect"
    assert equivalent(sympy.sin(x) ** 2 + sympy.cos(x) ** 2, sympy.Integer(1), ["x"]).correct


def test_json_shape() -> None:
    data = verdict_to_json(check_derivative(sympy.cos(x), sympy.cos(x), ["x"]))
    assert set(data) == {"verdict", "answer", "expected", "symbolic", "numeric", "mistake", "steps", "message"}
    assert set(data["numeric"]) == {"points", "agree", "counterexample"}
    assert data["verdict"] == "incorrect" and data["expected"] == "-sin(x)"
    assert set(data["numeric"]["counterexample"]) == {"point", "answer", "expected"}


def test_same_seed_same_verdict() -> None:
    a = check_derivative(2 * x + 1, x**2, ["x"], seed=5)
    b = check_derivative(2 * x + 1, x**2, ["x"], seed=5)
    assert a == b


polynomials = st.lists(st.integers(-9, 9), min_size=1, max_size=5)


@settings(max_examples=25, deadline=None)
@given(coefficients=polynomials, shift=st.integers(-5, 5).filter(bool))
def test_law_sympy_derivative_accepted_and_shifted_one_rejected(coefficients: list[int], shift: int) -> None:
    f = sum(c * sympy.sin(x) ** k * x ** (k + 1) for k, c in enumerate(coefficients))
    d = sympy.diff(f, x)
    assert check_derivative(sympy.expand(d), f, ["x"]).correct
    assert check_derivative(d + R(shift, 10**6), f, ["x"]).status == "incorrect"
