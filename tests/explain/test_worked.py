"""Worked solutions of the AD exercises (tutor/explain/worked*.py): the lines a student reads,
every number proved by the AD engine, and the JSON shape."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given, settings, strategies as st

from tutor.explain.worked import WorkedStep, WorkedStepError, verify, walk_worked, worked_to_json
from tutor.explain.worked_dual import dual_arithmetic_worked, dual_evaluate_worked
from tutor.explain.worked_graph import bar, graph_backward_worked, graph_forward_worked
from tutor.explain.worked_jacobian import jacobian_worked, mode_worked
from tutor.explain.worked_numdiff import difference_worked
from tutor.parsing import parse

I = sympy.Integer


def lines(step: WorkedStep) -> list[str]:
    return [s.shown for s in walk_worked(step)]


def test_the_difference_quotient_shows_its_numbers():
    worked = difference_worked(parse("x^2", ["x"]), "x", I(6), sympy.Rational(1, 10), "backward", h_text="0.1")
    assert "(f(6) − f(5.9))/0.1 = (36 − 34.81)/0.1 = 11.90" in lines(worked)
    assert "f(5.9) = 5.9² = 34.81" in lines(worked)
    assert not any("179/10" in line or "2x" in line for line in lines(worked))  # no unrelated derivative


def test_an_error_question_adds_the_derivative_and_the_difference():
    worked = difference_worked(parse("cos(x)", ["x"]), "x", I(2), sympy.Rational(1, 2), "backward", ask="error",
                               h_text="0.5")
    text = lines(worked)
    assert "f'(x) = −sin(x), so f'(2) = −sin(2) ≈ −0.909297" in text
    assert text[-1] == "error = quotient − f'(2) = −0.973768 − (−0.909297) ≈ −0.06447"
    assert worked.result == worked.substeps[2].result - worked.substeps[3].result


def test_dual_arithmetic_keeps_the_operations_and_drops_the_written_numbers():
    worked = dual_arithmetic_worked(parse("(3+2ε)(1-ε)", [], epsilon=True))
    rules = [s.rule for s in worked.substeps]
    assert rules == ["product rule", "result"]  # not "2ε" or "3 + 2ε" built up step by step
    assert worked.result == (3, -1) and lines(worked)[-1].endswith("= 3 − ε   (ε² = 0)")


def test_f_of_a_plus_epsilon_ends_with_the_derivative_in_words():
    worked = dual_evaluate_worked(parse("x e^x", ["x"]), "x", I(1))
    assert lines(worked)[-1] == "f(1 + ε) = e + 2e ε: f(1) = e, and the ε part is f'(1) = 2e"
    matrix = dual_evaluate_worked(parse("x^2", ["x"]), "x", I(3), matrix=True)
    assert lines(matrix)[-1] == "a + b ε ↦ [[a, b], [0, a]]: [[9, 6], [0, 9]]"


def test_a_backward_pass_adds_one_line_per_edge_and_sums_a_shared_input():
    nodes = {"a": parse("x + y", ["x", "y"]), "b": parse("y + z", ["y", "z"])}
    nodes["f"] = parse("a b", ["a", "b"])
    worked = graph_backward_worked({"x": I(2), "y": I(-3), "z": I(4)}, nodes, ["y"])
    text = lines(worked)
    y, a, b = bar("y"), bar("a"), bar("b")
    assert f"{y} = {b}·∂b/∂y = (−1)·1 = −1" in text and f"{y} += {a}·∂a/∂y = 1·1 = 1, so {y} = 0" in text
    assert worked.result == 0 and text[-1] == f"∂f/∂y = {y} = 0"


def test_a_forward_pass_fills_in_the_values():
    nodes = {"p": parse("x + y", ["x", "y"]), "g": parse("p z", ["p", "z"])}
    worked = graph_forward_worked({"x": I(2), "y": I(3), "z": I(-4)}, nodes, ["g"])
    assert lines(worked)[1:] == ["p = x + y = 2 + 3 = 5", "g = p z = 5·(−4) = −20"]


def test_jacobian_column_row_and_matrix():
    f = [parse("x^2 y", ["x", "y"]), parse("x + sin(y)", ["x", "y"])]
    column = jacobian_worked(f, ["x", "y"], part="column", index="x")
    assert column.result == (2 * sympy.Symbol("x", real=True) * sympy.Symbol("y", real=True), 1)
    assert "one forward pass" in column.shown
    row = jacobian_worked(f, ["x", "y"], at={"x": I(1), "y": I(2)}, part="row", index="1")
    assert row.result == (4, 1) and "one backward pass" in row.shown
    matrix = jacobian_worked(f, ["x", "y"])
    assert [r.rule for r in matrix.substeps] == ["row 1", "row 2"]


def test_mode_counts_passes():
    worked = mode_worked(100, 1)
    assert worked.result == "reverse"
    assert "1 × 100: 1 row (outputs), 100 columns (inputs)" in worked.substeps[0].shown
    assert mode_worked(3, 7, "reverse-passes").result == 7


def test_a_line_the_engine_does_not_reproduce_is_refused():
    bad = WorkedStep("node p", "p = 2 + 3 = 6", I(6), oracle=lambda: 5.0)
    with pytest.raises(WorkedStepError, match="p = 2 \\+ 3 = 6"):
        verify(WorkedStep("forward pass", "…", None, (bad,)))


def test_json_has_explains_shape():
    data = worked_to_json(dual_arithmetic_worked(parse("1/(7+6ε)", [], epsilon=True)))
    assert set(data) >= {"rule", "shown", "result", "substeps"}
    assert data["result"] == ["1/7", "-6/49"] and data["substeps"][0]["verified"] is True


@settings(max_examples=10, deadline=None)
@given(st.integers(-5, 5), st.integers(-5, 5), st.integers(1, 5),
       st.sampled_from(["x^2 y", "sin(x) + y", "x y + x", "e^(x - y)"]))
def test_every_backward_pass_is_proved_by_the_engine(x, y, k, text):
    nodes = {"u": parse(text, ["x", "y"])}
    nodes["v"] = parse(f"u^{k} + u y", ["u", "y"])
    worked = graph_backward_worked({"x": I(x), "y": I(y)}, nodes, ["x", "y"])
    assert verify(worked) >= 4  # every edge and both answers were checked


@settings(max_examples=10, deadline=None)
@given(st.integers(-4, 4), st.sampled_from(["0.1", "0.5", "0.01"]), st.sampled_from(["forward", "backward", "symmetric"]),
       st.sampled_from(["x^3", "sin(x)", "e^x", "x^2 - 3x"]), st.sampled_from(["quotient", "error"]))
def test_every_difference_quotient_is_proved_by_the_engine(a, h, scheme, text, ask):
    worked = difference_worked(parse(text, ["x"]), "x", I(a), parse(h, []), scheme, ask=ask, h_text=h)
    assert verify(worked) >= 3


def test_each_slip_gives_its_own_wrong_answer():
    from tutor.explain.wrong_answers import (dual_candidates, difference_candidates, graph_candidates,
                                             jacobian_candidates, mode_candidates)

    by_id = lambda cands: {c.id: c.value for c in reversed(list(cands))}  # noqa: E731 - first value per id
    dual = by_id(dual_candidates(parse("(2+3ε)(4+5ε)", [], epsilon=True)))
    assert dual["dual.epsilon-squared-kept"] == (8, 22, 15)
    assert dual["dual.cross-term-missing"] == (8, 15)
    nodes = {"q": parse("x y", ["x", "y"])}
    nodes["f"] = parse("q + x", ["q", "x"])
    values = {"x": I(3), "y": I(5), "q": I(15), "f": I(18)}
    graph = graph_candidates({}, nodes, values, ["x"])
    assert {c.value for c in graph if c.id == "graph.path-missing"} == {1, 5}  # ∂f/∂x = y + 1 = 6
    assert any("f → q → x" in c.message for c in graph if c.id == "graph.path-missing")
    numdiff = by_id(difference_candidates(parse("x^2", ["x"]), "x", I(6), sympy.Rational(1, 10), "backward"))
    assert numdiff == {"numdiff.wrong-scheme": sympy.Rational(121, 10), "numdiff.not-divided-by-h": sympy.Rational(119, 100),
                       "numdiff.exact-derivative-given": 12}
    error = by_id(difference_candidates(parse("x^3", ["x"]), "x", I(2), sympy.Rational(1, 10), "symmetric", "error"))
    assert error["numdiff.error-sign"] == -sympy.Rational(1, 100)
    assert error["numdiff.divided-by-h-not-2h"] == 12 + sympy.Rational(2, 100)  # 2·12.01 − 12
    assert by_id(mode_candidates(3, 5, "forward-passes")) == {"mode.passes-swapped": 5}
    assert by_id(mode_candidates(3, 5, "mode")) == {"mode.reason-reversed": "reverse"}
    assert by_id(jacobian_candidates(((1, 2, 3), (4, 5, 6)), "matrix")) == {
        "jacobian.transposed": ((1, 4), (2, 5), (3, 6))}


def test_a_worked_solution_is_drawn_as_a_tree():
    from rich.console import Console

    from tutor.render.session import render_steps_or_text

    worked = difference_worked(parse("x^2", ["x"]), "x", I(6), sympy.Rational(1, 10), "backward", h_text="0.1")
    console = Console(record=True, width=100, color_system=None)
    console.print(render_steps_or_text(worked))
    text = console.export_text()
    assert "quotient: (f(6) − f(5.9))/0.1 = (36 − 34.81)/0.1 = 11.90" in text
    assert text.index("f(5.9) = 5.9² = 34.81") < text.index("quotient:")


def test_worked_lines_are_printed_math_that_reads_back() -> None:
    """No ASCII minus, star or SymPy name in a worked line; each value after the last '=' re-reads."""
    import re

    from tutor.parsing import notation as M

    worked = [
        graph_backward_worked({"x": I(1), "y": I(-2)}, {"e": parse("x y", ["x", "y"]),
                                                      "f": parse("sin(e) - e^2", ["e"])}, ["x", "y"]),
        difference_worked(parse("cos(x)", ["x"]), "x", I(2), sympy.Rational(1, 2), "backward", ask="error"),
        jacobian_worked([parse("x^2 y", ["x", "y"]), parse("x - sin(y)", ["x", "y"])], ["x", "y"],
                        at={"x": I(-1), "y": I(2)}),
    ]
    checked = 0
    for root in worked:
        for line in lines(root):
            assert not re.search(r"\*|(?<![a-z])-|\bpi\b|\bE\b|Abs|\blog\(|\^", line), line
        stack = [root]
        while stack:
            step = stack.pop()
            stack.extend(step.substeps)
            if step.rule.startswith(("node", "edge", "entry", "value", "derivative", "∂")):
                last = step.shown.split(", so ")[-1].split(" = ")[-1].split(" ≈ ")[0]
                M.read_tree(last)  # a printed value or formula reads back with the parser
                checked += 1
    assert checked >= 10
