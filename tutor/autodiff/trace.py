"""Evaluation traces as data, in the style of Baydin et al. (JMLR 2018), tables 2 and 3.

``build_trace(tape, point, mode, wrt)`` returns a frozen ``Trace``: the primal
trace (v₋₁ = x1, …, v₁ = ln v₋₁, …), then either the tangent trace of one
forward pass (v̇ᵢ = Σ ∂vᵢ/∂vⱼ · v̇ⱼ, seeded with ẋ = 1 for ``wrt``) or the
adjoint trace of one backward sweep (v̄ⱼ += v̄ᵢ · ∂vᵢ/∂vⱼ, one line per edge,
newest first). Formulas are printed from the primitive table over ``Code``
values, so the trace shows exactly the rules the engine used. Rendering is
``tutor/render/traces.py``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional

from tutor.autodiff.numbers import FLOAT_KIND, GENERIC, UnsupportedExpression
from tutor.autodiff.formulas import FORMULA, Formula
from tutor.autodiff.rules import primitive
from tutor.parsing import notation as M
from tutor.parsing.notation import Node
from tutor.parsing.printer import show
from tutor.autodiff.tape import CONST, INPUT, Tape, forward, reverse

__all__ = ["TraceLine", "AdjointLine", "Trace", "build_trace", "subscript", "node_name", "plain_names", "adjoint_formula",
           "DOT", "BAR"]

_SUB = str.maketrans("-0123456789", "₋₀₁₂₃₄₅₆₇₈₉")


def subscript(n: int) -> str:
    return str(n).translate(_SUB)


DOT, BAR = "\u0307", "\u0304"  # the accents of tangents (v̇) and adjoints (v̄)
# ASCII spellings (the plain target, --plain): letters and digits, so a trace line reads back with the
# parser (given the names): vm1 for v₋₁ (as the generated program names it), vdot3, vbar5.
_PLAIN_ACCENTS = {"": "", DOT: "dot", BAR: "bar"}


def node_name(label: int, accent: str = "", target: str = "unicode") -> str:
    """v₋₁, v̇₃ (accent "\u0307"), v̄₃ (accent "\u0304"); plain: vm1, vdot3, vbar3."""
    if target == "plain":
        return f"v{_PLAIN_ACCENTS[accent]}{'m' if label < 0 else ''}{abs(label)}"
    return f"v{accent}{subscript(label)}"


def adjoint_formula(tree: Node, first: bool, target: str = "unicode") -> str:
    """v̄ⱼ = v̄ᵢ·∂vᵢ/∂vⱼ for a node's first edge, v̄ⱼ += … for the next ones (the sum so far grows)."""
    left, right = tree.args
    return f"{show(left, target)} {'=' if first else '+='} {show(right, target)}"


def plain_names(labels: Iterable[int]) -> dict[str, Node]:
    """Each node name of ``labels`` (every accent) -> its ASCII name as a tree (``M.substitute``)."""
    return {node_name(n, a): M.var(node_name(n, a, "plain")) for n in labels for a in _PLAIN_ACCENTS}


@dataclass(frozen=True)
class TraceLine:
    """vᵢ = formula = value (primal), or v̇ᵢ = formula = value (tangent)."""

    label: int
    op: str  # "input" or a primitive name
    formula: str  # e.g. "v₁ = ln(v₋₁)"
    value: float
    args: tuple[int, ...] = ()  # labels read (constants left out)
    source: str = ""  # the sub-expression it computes, e.g. "log(x1)"
    tree: Optional[Node] = None  # the equation ``formula`` is printed from (other targets: ``plain_names``)


@dataclass(frozen=True)
class AdjointLine:
    """v̄ⱼ += v̄ᵢ · ∂vᵢ/∂vⱼ: one edge of the backward sweep."""

    target: int  # j
    source: int  # i
    formula: str
    contribution: float
    total: float  # v̄ⱼ after this line
    tree: Optional[Node] = None  # v̄ⱼ = v̄ᵢ·∂vᵢ/∂vⱼ as an equation (``formula`` writes += after the first)


@dataclass(frozen=True)
class Trace:
    mode: str  # "forward" or "reverse"
    variables: tuple[str, ...]
    point: dict[str, float]
    wrt: str | None  # the seeded input of a forward trace
    primal: tuple[TraceLine, ...]
    tangent: tuple[TraceLine, ...]
    adjoint: tuple[AdjointLine, ...]
    value: float
    gradient: dict[str, float]
    output: int  # label of the output

    def to_json(self) -> dict[str, Any]:
        rows = []
        for line in self.primal:
            row: dict[str, Any] = {"v": line.label, "op": line.op, "primal": line.value, "formula": line.formula}
            rows.append(row)
        if self.mode == "forward":
            for row, t in zip(rows, self.tangent):
                row["tangent"] = t.value
                row["tangent_formula"] = t.formula
        else:
            totals: dict[int, float] = {}
            for a in self.adjoint:
                totals[a.target] = a.total
            totals.setdefault(self.output, 1.0)
            for row in rows:
                row["adjoint"] = totals.get(row["v"], 0.0)
        return {
            "mode": self.mode,
            "point": self.point,
            "wrt": self.wrt,
            "value": self.value,
            "gradient": self.gradient,
            "trace": rows,
            "adjoint_trace": [
                {"target": a.target, "source": a.source, "formula": a.formula, "contribution": a.contribution, "total": a.total}
                for a in self.adjoint
            ],
        }


def _display_names(tape: Tape, labels: list[int | None], accent: str = "") -> list[str]:
    out = []
    for ins, label in zip(tape.instrs, labels):
        if label is not None:
            out.append(node_name(label, accent))
        elif ins.param == "pi":
            out.append("π")
        elif ins.param == "E":
            out.append("e")
        else:
            out.append(str(ins.param) if float(ins.param) >= 0 else f"({ins.param})")
    return out


def _operand(tape: Tape, j: int, names: list[str]) -> Formula:
    """Node j as an operand of a formula: its name (v₁), or the constant itself (π, e, 2)."""
    ins = tape.instrs[j]
    if ins.op != CONST:
        return Formula(M.var(names[j]))
    if ins.param == "pi":
        return Formula(M.const("pi"))
    if ins.param == "E":
        return Formula(M.const("e"))
    value = ins.param
    if isinstance(value, float):
        from fractions import Fraction

        value = Fraction(repr(value))
    return Formula.of(value)


def _times(name: str, partial: Any) -> Any:
    """The chain-rule term name·partial as a tree (±name when the partial is ±1)."""
    if not isinstance(partial, Formula) and partial in (1, -1):
        return M.var(name) if partial == 1 else M.neg(M.var(name))
    return M.mul(M.var(name), Formula.of(partial).tree)


def _sum_of(terms: list[Any]) -> Any:
    return M.total((t.op == "neg", t.args[0] if t.op == "neg" else t) for t in terms) if terms else M.num(0)


def build_trace(tape: Tape, point: Mapping[str, float], mode: str = "forward", wrt: str | None = None) -> Trace:
    """The evaluation trace of ``tape`` at ``point`` in ``mode`` ("forward" or "reverse")."""
    if mode not in ("forward", "reverse"):
        raise ValueError(f"mode must be forward or reverse, not {mode!r}")
    if tape.instrs[tape.output].op == CONST:
        raise UnsupportedExpression("the expression is a constant: there is nothing to trace",
                                    hint="trace a function of the variables given with --at")
    xs = tape.point_values(point, FLOAT_KIND)
    labels = tape.labels()
    names = _display_names(tape, labels)
    dots = _display_names(tape, labels, DOT)
    bars = _display_names(tape, labels, BAR)
    values, adjoints = reverse(tape, xs, FLOAT_KIND)
    gradient = {v: float(adjoints[i]) for i, v in enumerate(tape.variables)}
    seed_name = wrt if wrt is not None else (tape.variables[0] if tape.variables else None)
    if mode == "forward" and seed_name is not None:
        seed = [1.0 if v == seed_name else 0.0 for v in tape.variables]
        _, tangents = forward(tape, xs, seed, FLOAT_KIND)
    else:
        tangents = [0.0] * len(values)
    primal, tangent_lines, edges = _node_lines(tape, labels, (names, dots), values, tangents, seed_name)
    adjoint_lines: list[AdjointLine] = []
    if mode == "reverse":
        adjoint_lines = _adjoint_lines(tape, values, labels, bars, edges)
    return Trace(
        mode=mode,
        variables=tape.variables,
        point={v: float(x) for v, x in zip(tape.variables, xs)},
        wrt=seed_name if mode == "forward" else None,
        primal=tuple(primal),
        tangent=tuple(tangent_lines) if mode == "forward" else (),
        adjoint=tuple(adjoint_lines),
        value=float(values[tape.output]),
        gradient=gradient,
        output=output_label if (output_label := labels[tape.output]) is not None else 0,
    )


def _node_lines(tape: Tape, labels: list[int | None], display: tuple[list[str], list[str]], values: list[Any],
                tangents: list[Any], seed_name: str | None,
                ) -> tuple[list[TraceLine], list[TraceLine], list[tuple[int, int, Any]]]:
    """Every labelled node's primal line (v₃ = v₁·v₂) and tangent line (v̇₃ = v̇₁·v₂ + v₁·v̇₂), and the
    graph's edges (node, operand, local partial); ``display`` holds the nodes' names and dotted names."""
    names, dots = display
    primal: list[TraceLine] = []
    tangent_lines: list[TraceLine] = []
    edges: list[tuple[int, int, Any]] = []
    for i, ins in enumerate(tape.instrs):
        label = labels[i]
        if label is None:
            continue
        source = show(tape.sources[i]) if tape.sources and tape.sources[i] is not None else ""
        if ins.op == INPUT:
            var = tape.variables[ins.param]
            tree = M.eq(M.var(names[i]), M.var(var))
            primal.append(TraceLine(label, INPUT, show(tree), float(values[i]), (), var, tree))
            tree = M.eq(M.var(dots[i]), M.num(1 if var == seed_name else 0))
            tangent_lines.append(TraceLine(label, INPUT, show(tree), float(tangents[i]), tree=tree))
            continue
        row = primitive(ins.op)
        a = _operand(tape, ins.args[0], names)
        b = _operand(tape, ins.args[1], names) if len(ins.args) > 1 else None
        args = tuple(shown for j in ins.args if (shown := labels[j]) is not None)
        value_tree = Formula.of(row.value(FORMULA, a, b, ins.param)).tree
        tree = M.eq(M.var(names[i]), value_tree)
        primal.append(TraceLine(label, ins.op, show(tree), float(values[i]), args, source, tree))
        partials = row.partials(FORMULA, a, b, ins.param)
        terms = [_times(dots[j], p) for j, p in zip(ins.args, partials) if tape.instrs[j].op != CONST]
        tree = M.eq(M.var(dots[i]), _sum_of(terms))
        tangent_lines.append(TraceLine(label, ins.op, show(tree), float(tangents[i]), args, tree=tree))
        edges.extend((i, j, p) for j, p in zip(ins.args, partials) if tape.instrs[j].op != CONST)
    return primal, tangent_lines, edges


def _adjoint_lines(tape: Tape, values: list[Any], labels: list[int | None], bars: list[str],
                   edges: list[tuple[int, int, Any]]) -> list[AdjointLine]:
    """One line per edge, newest node first, re-accumulated to show running totals."""
    xs = values
    totals: dict[int, float] = {tape.output: 1.0}
    lines: list[AdjointLine] = []
    for i, j, partial in sorted(edges, key=lambda e: -e[0]):
        if i not in totals:
            continue  # not on a path to the output
        source, target = labels[i], labels[j]
        assert source is not None and target is not None  # edges join operations and inputs: never constants
        ins = tape.instrs[i]
        row = primitive(ins.op)
        a = xs[ins.args[0]]
        b = xs[ins.args[1]] if len(ins.args) > 1 else None
        local = row.partials(GENERIC, a, b, ins.param)
        position = list(ins.args).index(j) if ins.args.count(j) == 1 else None
        # an operation reading j twice (x·x) contributes once per edge, in argument order
        if position is None:
            position = sum(1 for line in lines if line.source == source and line.target == target)
        contribution = float(totals[i] * local[position])
        totals[j] = totals.get(j, 0.0) + contribution
        first = sum(1 for line in lines if line.target == target) == 0
        tree = M.eq(M.var(bars[j]), _times(bars[i], partial))
        lines.append(AdjointLine(target, source, adjoint_formula(tree, first), contribution, totals[j], tree))
    return lines
