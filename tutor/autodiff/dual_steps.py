"""Dual-number arithmetic step by step, as data for ``calctutor dual``.

``dual_steps(expr, point)`` evaluates an expression over *exact* dual numbers
and records one ``DualStep`` per operation: the rule from the primitive table
(the notes' wording), the rule filled in with the operands, and the result.

* With ε in the expression (``(3+2ε)(1-ε)``), ε is ⟨0, 1⟩ and every variable
  is a plain number ⟨x, 0⟩ (from ``point``, or kept as a symbol).
* Without ε (``sin(x^2)`` at x = 2), the variable becomes x + ε, so the result
  reads f(2 + ε) = f(2) + f'(2)ε.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from tutor.autodiff.dual import Dual
from tutor.errors import UserError
from tutor.autodiff.numbers import EXACT_KIND, GENERIC, UnsupportedExpression
from tutor.autodiff.formulas import FORMULA, Formula, dual_number, pair
from tutor.autodiff.rules import primitive
from tutor.autodiff.tape import CONST, INPUT, Tape
from tutor.autodiff.from_sympy import to_tape
from tutor.parsing import notation as M
from tutor.parsing import variable
from tutor.parsing.notation import Node
from tutor.parsing.printer import relations, show

__all__ = ["DualStep", "DualEvaluation", "dual_steps", "show_exact", "show_dual", "rule_of"]

EPSILON = "ε"

# A condition of a rule ("v ≠ 0") is words, not an expression the parser reads; the plain target
# spells its relation signs in ASCII.


@dataclass(frozen=True)
class DualStep:
    """One operation on dual numbers: rule, rule filled in, result — as trees, printed per target."""

    title: str  # "product rule"
    rule_tree: Node  # ⟨u, u'⟩ ⟨v, v'⟩ = ⟨u v, u' v + u v'⟩
    condition: str  # where the rule holds, in words ("v ≠ 0"), or ""
    source: Optional[Node]  # the sub-expression, e.g. (3 + 2ε)(1 − ε)
    operand_trees: tuple[Node, ...]  # ⟨3, 2⟩, ⟨1, −1⟩
    working_tree: Node  # ⟨3·1, 2·1 + 3·(−1)⟩: the rule's tree filled in
    result: Dual

    def rule_in(self, target: str = "") -> str:
        """The rule as ``target`` prints it, its condition after it: ⟨u, u'⟩/⟨v, v'⟩ = … (v ≠ 0)."""
        condition = relations(self.condition, target)
        return show(self.rule_tree, target) + (f"  ({condition})" if condition else "")

    def expression_in(self, target: str = "") -> str:
        return show(self.source, target) if self.source is not None else ""

    def operands_in(self, target: str = "") -> tuple[str, ...]:
        return tuple(show(t, target) for t in self.operand_trees)

    def working_in(self, target: str = "") -> str:
        return show(self.working_tree, target)

    def result_in(self, target: str = "") -> str:
        return show_dual(self.result, target)

    @property
    def rule(self) -> str:
        return self.rule_in()

    @property
    def expression(self) -> str:
        return self.expression_in()

    @property
    def operands(self) -> tuple[str, ...]:
        return self.operands_in()

    @property
    def working(self) -> str:
        return self.working_in()


@dataclass(frozen=True)
class DualEvaluation:
    source: Any  # the expression evaluated (SymPy)
    seed_duals: dict[str, Dual]  # variable -> the dual it became, e.g. {"x": 2 + ε}
    perturbed: str | None  # the variable seeded with ε (None when ε was typed)
    steps: tuple[DualStep, ...]
    result: Dual
    point: dict[str, Any] | None = None  # the values given with --at (exact)

    @property
    def expression(self) -> str:
        return show(self.source)

    @property
    def seeds(self) -> dict[str, str]:
        """variable -> the dual it became, printed: {"x": "2 + ε"}."""
        return {name: show_dual(d) for name, d in self.seed_duals.items()}

    @property
    def real(self) -> Any:
        return self.result.a

    @property
    def dual(self) -> Any:
        return self.result.b

    def to_json(self) -> dict[str, Any]:
        return {
            "input": self.expression,
            "real": str(self.real),  # SymPy's exact spelling, for programs
            "dual": str(self.dual),
            "value": show_dual(self.result),
            "perturbed": self.perturbed,
            "seeds": self.seeds,
            "steps": [
                {"title": s.title, "rule": s.rule, "expression": s.expression, "operands": list(s.operands),
                 "working": s.working, "result": show_dual(s.result)}
                for s in self.steps
            ],
        }


def show_exact(x: Any, target: str = "") -> str:
    """An exact number the way the notes write it: 4 cos(4), 1/3, −1 (the one math printer)."""
    return show(Formula.of(x).tree, target)


def _pair(d: Any) -> Node:
    return pair(d.a, d.b) if type(d) is Dual else pair(d, 0)


def show_dual(d: Dual, target: str = "") -> str:
    """a + bε, e.g. 3 − ε, sin(4) + 4 cos(4) ε (plain: 3 - epsilon)."""
    return show(dual_number(d.a, d.b, EPSILON), target)


def dual_steps(expr: Any, point: Mapping[str, Any], *, wrt: str | None = None) -> DualEvaluation:
    """Evaluate ``expr`` over exact dual numbers, one step per operation."""
    import sympy

    names = sorted(s.name for s in expr.free_symbols)
    has_epsilon = EPSILON in names
    variables = [n for n in names if n != EPSILON]
    _refuse_unused(point, variables)
    perturbed = None
    if not has_epsilon:
        if wrt is None:
            if len(variables) != 1:
                raise UnsupportedExpression(
                    "say which variable to perturb" if variables else "there is no ε and no variable to perturb",
                    hint="write ε in the expression, e.g. (3+2ε)(1-ε), or give --wrt x with --at x=2",
                )
            wrt = variables[0]
        elif wrt not in variables:
            raise UnsupportedExpression(f"{wrt} does not occur in the expression", hint=f"variables: {', '.join(variables)}")
        perturbed = wrt
    order = ([EPSILON] if has_epsilon else []) + variables
    tape = to_tape(expr, order)
    inputs: list[Any] = []
    seeds: dict[str, Dual] = {}
    for name in order:
        if name == EPSILON:
            value = Dual(sympy.Integer(0), sympy.Integer(1))
        else:
            base = EXACT_KIND.number(point[name]) if name in point else variable(name)
            value = Dual(base, sympy.Integer(1 if name == perturbed else 0))
            seeds[name] = value
        inputs.append(value)
    steps, result = _run(tape, inputs)
    return DualEvaluation(expr, seeds, perturbed, tuple(steps), result if type(result) is Dual else Dual(result, 0),
                          point=dict(point))


def _refuse_unused(point: Mapping[str, Any], variables: list[str]) -> None:
    """A value for a variable the expression does not have would be silently ignored: say so.

    (``dual "(3+2ε)" --at x=2`` most likely meant a function of x; answering 3 + 2ε as if
    --at had been read would hide that.)"""
    unused = [name for name in point if name not in variables]
    if not unused:
        return
    listed = ", ".join(unused)
    given = ", ".join(f"{n}={point[n]}" for n in unused)
    if not variables:
        raise UserError(
            f"--at {given} is not used: the expression has no {listed}",
            hint='drop --at (ε already makes it a dual number), or write a function of the variable, '
                 'e.g. calctutor dual "sin(x^2)" --at x=2',
        )
    raise UserError(
        f"--at {given} is not used: the expression has no {listed} (its variables: {', '.join(variables)})",
        hint=f"drop {given} from --at",
    )


def _run(tape: Tape, inputs: list[Any]) -> tuple[list[DualStep], Any]:
    values: list[Any] = []
    steps: list[DualStep] = []
    for i, ins in enumerate(tape.instrs):
        if ins.op == INPUT:
            values.append(inputs[ins.param])
            continue
        if ins.op == CONST:
            values.append(EXACT_KIND.constant(ins.param))
            continue
        row = primitive(ins.op)
        args = [values[j] for j in ins.args]
        a, b = args[0], (args[1] if len(args) > 1 else None)
        result = row.value(GENERIC, a, b, ins.param)
        values.append(result)
        steps.append(_step(tape, i, row, args, result))
    return steps, values[tape.output]


# The ε part of the rules whose formula is not "u' times a partial", filled in exactly as the
# rule (rules.py) writes it, as trees: (u, u', v, v', k) -> the tree. A step's working then
# reads as the formula printed above it, term for term, zeros included.
WORKING: dict[str, Any] = {
    "add": lambda u, du, v, dv, k: du + dv,
    "sub": lambda u, du, v, dv, k: du - dv,
    "neg": lambda u, du, v, dv, k: -du,
    "mul": lambda u, du, v, dv, k: du * v + u * dv,
    "div": lambda u, du, v, dv, k: (du * v - u * dv) / v**2,
    "powc": lambda u, du, v, dv, k: k * u ** (k - 1) * du,
    "pow": lambda u, du, v, dv, k: u**v * (dv * FORMULA.log(u) + v * du / u),
}


def _step(tape: Tape, i: int, row: Any, args: list[Any], result: Any) -> DualStep:
    ins = tape.instrs[i]
    reals = [Formula.of(x.a if type(x) is Dual else x) for x in args]
    tangents = [x.b if type(x) is Dual else 0 for x in args]
    v = reals[1] if len(reals) > 1 else None
    value = row.value(FORMULA, reals[0], v, ins.param)
    if row.name in WORKING:
        dparts = [Formula.of(t) for t in tangents]
        dv = dparts[1] if len(dparts) > 1 else None
        k = Formula.of(ins.param) if ins.param is not None else None
        slope = WORKING[row.name](reals[0], dparts[0], v, dv, k)
        return _made(tape, i, row, args, result, pair(value, slope))
    partials = row.partials(FORMULA, reals[0], v, ins.param)
    terms: list[tuple[bool, Any]] = []
    for t, p in zip(tangents, partials):
        if t == 0:
            continue
        if not isinstance(p, Formula) and p in (1, -1):
            terms.append((p == -1, Formula.of(t).tree))  # ±1: the sum and difference rules
        else:
            terms.append((False, (Formula.of(t) * p).tree))
    slope_tree = M.total(terms) if terms else M.num(0)
    return _made(tape, i, row, args, result, pair(value, slope_tree))


def _made(tape: Tape, i: int, row: Any, args: list[Any], result: Any, working: Node) -> DualStep:
    source = tape.sources[i] if tape.sources else None
    dual_result = result if type(result) is Dual else Dual(result, 0)
    rule, condition = rule_of(row.name)
    return DualStep(row.title, rule, condition, Formula.of(source).tree if source is not None else None,
                    tuple(_pair(x) for x in args), working, dual_result)


# The left side of each arithmetic rule over the dual numbers P = ⟨u, u'⟩, Q = ⟨v, v'⟩ (k: a constant
# power), and where the rule holds. The right side is the row itself run over names (value) and the
# WORKING table (ε part): the rule printed is the rule the engine uses.
_LEFT: dict[str, Any] = {
    "add": lambda P, Q, k: M.add(P, Q), "sub": lambda P, Q, k: M.sub(P, Q), "neg": lambda P, Q, k: M.neg(P),
    "mul": lambda P, Q, k: M.mul(P, Q), "div": lambda P, Q, k: M.div(P, Q),
    "powc": lambda P, Q, k: M.power(P, k), "pow": lambda P, Q, k: M.power(P, Q),
}
_CONDITIONS = {"div": "v ≠ 0", "powc": "u ≠ 0", "pow": "u > 0"}


def _chain(du: Node, local: Node) -> Node:
    """u' times the local derivative, as the notes write it: u'/√(1 − u²) (not u'(1/…)), −u' sin(u)
    (not u'·(−sin(u))), −u' csc(u) cot(u)."""
    if local.op == "neg":
        return M.neg(_chain(du, local.args[0]))
    if local.op == "div" and local.args[0] == M.num(1):
        return M.div(du, local.args[1])
    if local.op == "div" and local.args[0].op == "neg":
        return M.neg(_chain(du, M.div(local.args[0].args[0], local.args[1])))
    if local.op == "div":  # u' u/|u|
        return M.div(_chain(du, local.args[0]), local.args[1])
    factors = []
    while local.op == "mul":  # the left spine of a product: −csc(u) cot(u)
        factors.append(local.args[1])
        local = local.args[0]
    if local.op == "neg":
        return M.neg(M.product([du, local.args[0], *reversed(factors)]))
    return M.product([du, local, *reversed(factors)])


def rule_of(name: str) -> tuple[Node, str]:
    """The dual-number rule of primitive ``name`` as a tree, and its condition in words:
    ⟨u, u'⟩/⟨v, v'⟩ = ⟨u/v, (u' v − u v')/v²⟩ with "v ≠ 0"; sin⟨u, u'⟩ = ⟨sin(u), u' cos(u)⟩."""
    row = primitive(name)
    u, du, v, dv, k = (Formula(M.var(n)) for n in ("u", "u'", "v", "v'", "k"))
    P, Q = pair(u, du), pair(v, dv)
    if name in _LEFT:
        value = u**k if name == "powc" else row.value(FORMULA, u, v, k)
        return M.eq(_LEFT[name](P, Q, k.tree), pair(value, WORKING[name](u, du, v, dv, k))), _CONDITIONS.get(name, "")
    f = row.function
    assert f is not None, name
    slope = _chain(du.tree, f.derivative(u, FORMULA).tree)
    left = M.power(M.const("e"), P) if name == "exp" else M.call(name, P)
    condition = "" if f.domain_text == "every real u" else f.domain_text
    return M.eq(left, pair(row.value(FORMULA, u, None, None), slope)), condition
