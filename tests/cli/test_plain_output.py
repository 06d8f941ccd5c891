"""``--plain``: what a screen reader reads and what is pasted is ASCII, and its math is the input language.

Each command's plain output is checked as printed: every character ASCII (so no box drawing, no
unicode math), and the formulas in it read back with the parser to what the command computed.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from tutor.autodiff.dual_steps import dual_steps
from tutor.cli.main import app
from tutor.parsing import notation as M
from tutor.parsing import parse
from tutor.parsing.printer import show

runner = CliRunner()
ENV = {"COLUMNS": "80", "NO_COLOR": "1"}


def _plain(*args: str, codes: tuple[int, ...] = (0,)) -> str:
    result = runner.invoke(app, [*args, "--plain"], env=ENV)
    assert result.exit_code in codes, (args, result.output)
    out = result.output
    assert out.isascii(), [line for line in out.splitlines() if not line.isascii()]
    return out


def _components(pair: str) -> list[str]:
    """``<a, b>`` split at its top-level comma (commas inside f(…) or a nested pair stay)."""
    assert pair.startswith("<") and pair.endswith(">"), pair
    depth, parts, start = 0, [], 1
    for i, ch in enumerate(pair[1:-1], start=1):
        depth += (ch in "(<") - (ch in ")>")
        if ch == "," and depth == 0:
            parts.append(pair[start:i].strip())
            start = i + 1
    return parts + [pair[start:-1].strip()]


DUAL_CASES = [
    ("x e^x", "x=1", None),
    ("(3+2ε)(1-ε)/(2+ε)", None, None),
    ("sin(x^2) + x^x + |x|", "x=2", None),
    ("x^2 y", "x=2,y=3", "y"),
    ("asin(x)/cosh(x) - sqrt(x) + cos(x)^3", "x=1/2", None),
    ("ln(x)/(x - 1) + tan(pi x)", "x=1/3", None),
]


@pytest.mark.parametrize("expression, at, wrt", DUAL_CASES)
def test_dual_plain_is_ascii_and_every_working_reads_back(expression: str, at: str | None, wrt: str | None) -> None:
    args = ["dual", expression] + (["--at", at] if at else []) + (["--wrt", wrt] if wrt else [])
    out = _plain(*args)
    point = dict(kv.split("=") for kv in at.split(",")) if at else {}
    exact = {k: parse(v) for k, v in point.items()}
    evaluation = dual_steps(parse(expression, list(point) + ([wrt] if wrt and wrt not in point else []) or None,
                                  epsilon=True), exact, wrt=wrt)
    workings = re.findall(r"^   .*?:  (<.*>) = (.*)$", out, flags=re.M)
    assert len(workings) == len(evaluation.steps)
    for (working, result), step in zip(workings, evaluation.steps):
        for text, tree in zip(_components(working), step.working_tree.args):
            assert M.same(M.read_tree(text), tree), (text, show(tree, "plain"))
        value = M.to_sympy(M.read_tree(result, epsilon=True))
        eps = next((s for s in value.free_symbols if s.name == "ε"), None)
        a, b = (value.subs(eps, 0), value.diff(eps)) if eps is not None else (value, 0)
        assert (a - step.result.a).simplify() == 0 and (b - step.result.b).simplify() == 0, result
    assert "<u, u'>" in out and "epsilon" in out


def test_dual_plain_names_the_derivative_it_found() -> None:
    out = _plain("dual", "x^2 + 3x", "--at", "x=2")
    assert out.splitlines()[-1].startswith("so f(2) = 10 and f'(2) = 7  (the epsilon part")
    assert "f(2 + epsilon) = 10 + 7 epsilon" in out


TRACE_CASES = [
    ("ln(x1) + x1*x2 - sin(x2)", "x1=2,x2=5", "reverse"),
    ("ln(x1) + x1*x2 - sin(x2)", "x1=2,x2=5", "forward"),
    ("x*x*exp(-x)/(x - 3) + pi x", "x=2", "reverse"),
    ("sqrt(x^2 + y^2) * atan(y/x) - |x - y|^3", "x=1,y=2", "forward"),
]


@pytest.mark.parametrize("expression, at, mode", TRACE_CASES)
def test_trace_plain_is_ascii_and_every_line_reads_back(expression: str, at: str, mode: str) -> None:
    from tutor.autodiff import to_tape
    from tutor.autodiff.points import parse_point
    from tutor.autodiff.trace import build_trace, plain_names

    out = _plain("trace", expression, "--at", at, "--mode", mode)
    point = parse_point(at)
    trace = build_trace(to_tape(parse(expression, list(point)), list(point)), point, mode)
    names = plain_names(p.label for p in trace.primal)
    known = [str(n.value) for n in names.values()] + list(point)
    lines = [ln.strip() for ln in out.splitlines() if ln.startswith("  ")][: len(trace.primal) + len(trace.tangent)
                                                                          + 1 + len(trace.adjoint)]
    trees = [p.tree for p in trace.primal] + [t.tree for t in trace.tangent]
    if mode == "reverse":
        lines.pop(len(trace.primal))  # vbarN = 1, the seed of the sweep
        trees += [a.tree for a in trace.adjoint]
    assert len(lines) == len(trees)
    for line, tree in zip(lines, trees):
        formula = line.split("   (")[0]
        left, right = re.split(r" \+?= ", formula, maxsplit=1)
        for text, side in zip((left, right), tree.args):
            assert M.same(M.read_tree(text, known), M.substitute(side, names)), (line, text)
    assert ("vbar" in out) == (mode == "reverse") and ("vdot" in out) == (mode == "forward")


BOX = set("│├└─┌┐┘┬┴┼━┃┏┓┗┛┡┩╇╭╮╰╯═║")


def _last_right_side_reads(line: str, variables: list[str] | None = None) -> None:
    """The formula a line ends with (after its last " = ") reads back with the parser."""
    right = line.rsplit(" = ", 1)[1].strip()
    M.read_tree(right, variables)


@pytest.mark.parametrize("function", ["(x + 5)/(x - 9)", "sin(x)/x^3", "x^2 e^(3x) ln|x|", "sqrt(x^2 + 1)^3",
                                      "asin(2x) + cosh(x)^2"])
def test_explain_plain_is_ascii_and_each_line_ends_in_math_that_reads(function: str) -> None:
    out = _plain("explain", function)
    for line in out.splitlines():
        if " = " in line:
            _last_right_side_reads(line)


@pytest.mark.parametrize("answer, of, code", [("2x cos(x^2)", "sin(x^2)", 0), ("-14/(x-9)^2", "(x+5)/(x-9)", 0),
                                              ("1/(x-9)^2", "(x+5)/(x-9)", 1), ("e^x", "x e^x", 1)])
def test_check_plain_draws_no_boxes_and_its_math_reads(answer: str, of: str, code: int) -> None:
    result = runner.invoke(app, ["check", answer, "--of", of, "--plain"], env=ENV)
    assert result.exit_code == code, result.output
    lines = result.output.splitlines()
    assert not BOX & set(result.output)
    assert result.output.isascii(), result.output  # the mistake's title and message too (f'(g) g', not f′(g)·g′)
    expected = next(line for line in lines if line.startswith("d/dx "))
    _last_right_side_reads(expected)
    for line in lines[lines.index("how to get it:") + 1:] if "how to get it:" in lines else []:
        if " = " in line:
            _last_right_side_reads(line)


@pytest.mark.parametrize("args, code", [
    (["y = 3x - 1", "--of", "x^2", "--tangent-at", "x=1"], 1),  # the reason quotes the line: y = 3x - 1
    (["y = -x/2 + 3/2", "--of", "sqrt(x)", "--normal-at", "x=1"], 1),  # the mistake: -1/f'(a)
    (["[2x, 3y^2]", "--of", "x^2 + y^3/2", "--gradient"], 1),  # (c f)' = c f'
    (["2x", "--of", "x^2 y"], 2),  # an error that quotes the function: x^2 y, not x² y
    (["2x", "--of", "x^2 y", "--normal-at", "x=1, y=1"], 2),
])
def test_check_plain_reasons_and_errors_quote_math_in_ascii(args: list[str], code: int) -> None:
    out = _plain("check", *args, codes=(code,))
    assert "- " in out or "^" in out, out  # math was printed (the minus and the power in ASCII)


def test_numdiff_and_parse_plain_are_ascii() -> None:
    out = _plain("numdiff", "sin(x)", "--at", "x=2")
    assert "h, forward" in out
    out = _plain("parse", "log x / (2x) + sqrt(x)")
    _last_right_side_reads(out.splitlines()[0].replace("read as: ", "r = "))


@pytest.mark.parametrize("args", [["mistakes"], ["topics"], ["progress"]])
def test_tables_under_plain_are_lines_without_box_drawing(args: list[str], tmp_path) -> None:
    result = runner.invoke(app, [*args, "--plain"], env={**ENV, "CALCTUTOR_HOME": str(tmp_path)})
    assert result.exit_code == 0, result.output
    assert not BOX & set(result.output), result.output[:400]
    if args == ["mistakes"]:
        assert "id: chain.missing-inner; mistake: chain rule: inner derivative missing" in result.output


def test_report_plain_writes_a_row_per_line(tmp_path) -> None:
    import json

    from tests.grading.test_report import ROWS

    graded = tmp_path / "graded.jsonl"
    graded.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    result = runner.invoke(app, ["report", str(graded), "--plain"], env=ENV)
    assert result.exit_code == 0, result.output
    assert not BOX & set(result.output)
    assert "11 records" in result.output


@pytest.mark.parametrize("answer, of, flag, label", [("[2x, 2]", "x^2 + y", "--gradient", "(del f/del y)"),
                                                     ("[x^2, 2x y]", "x^2 y", "--gradient", "grad f = (del f/del x, del f/del y)")])
def test_question_mistake_messages_follow_the_target(answer: str, of: str, flag: str, label: str) -> None:
    plain = runner.invoke(app, ["check", answer, "--of", of, flag, "--plain"], env=ENV)
    assert plain.exit_code == 1 and label in plain.output, plain.output
    drawn = runner.invoke(app, ["check", answer, "--of", of, flag], env={**ENV, "COLUMNS": "200"})
    assert "∂f/∂y" in drawn.output and label not in drawn.output
