"""A tape: the Wengert list of an expression, and its interpreter in every mode.

A ``Tape`` is a straight-line program: instructions in evaluation order, each
naming a primitive of ``rules.py`` and the earlier instructions it reads.
Inputs come first (Baydin et al. number them v₋ₙ₊₁ … v₀), constants are
instructions too (traces print them inline). One tape serves:

* ``evaluate`` – primals over any number system (floats, mpmath, SymPy, duals);
* ``forward`` – primals and tangents for one seed direction (a column of J);
* ``reverse`` – primals, then adjoints in one backward sweep (a row of J),
  accumulating every edge: an instruction that reads v twice adds twice.

The interpreter is the checked, teaching-grade path: it raises ``DomainError``
naming the operation. ``codegen.py`` turns the same tape into fast Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from tutor.autodiff.dual import Dual, tangent
from tutor.autodiff.numbers import FLOAT_KIND, GENERIC, DomainError, Kind, new_tag
from tutor.autodiff.rules import Primitive, primitive

__all__ = ["Instr", "Tape", "evaluate", "forward", "reverse"]

INPUT, CONST = "input", "const"


@dataclass(frozen=True)
class Instr:
    """One line of the Wengert list."""

    op: str  # "input", "const" or a primitive name
    args: tuple[int, ...] = ()
    param: Any = None  # input: position; const: Fraction, float, "E" or "pi"; powc: the exponent

    @property
    def primitive(self) -> Primitive:
        return primitive(self.op)


@dataclass(frozen=True)
class Tape:
    """A straight-line program with named inputs and one or more outputs."""

    variables: tuple[str, ...]
    instrs: tuple[Instr, ...]
    outputs: tuple[int, ...]
    sources: tuple[Any, ...] | None = field(default=None, compare=False)  # SymPy subexpression per line

    @property
    def output(self) -> int:
        return self.outputs[0]

    def __len__(self) -> int:
        return len(self.instrs)

    def labels(self) -> list[int | None]:
        """Baydin numbering: inputs v₋ₙ₊₁…v₀, operations v₁, v₂…; constants have none."""
        n = len(self.variables)
        labels: list[int | None] = []
        counter = 0
        for ins in self.instrs:
            if ins.op == INPUT:
                labels.append(ins.param - n + 1)
            elif ins.op == CONST:
                labels.append(None)
            else:
                counter += 1
                labels.append(counter)
        return labels

    def point_values(self, point: Mapping[str, Any], kind: Kind = FLOAT_KIND) -> list[Any]:
        """The inputs in tape order, converted to ``kind``; a missing variable is a KeyError."""
        missing = [v for v in self.variables if v not in point]
        if missing:
            raise KeyError(f"no value given for {', '.join(missing)}")
        return [kind.number(point[v]) for v in self.variables]


def _step(ins: Instr, values: list[Any], kind: Kind) -> Any:
    op = ins.op
    if op == CONST:
        return kind.constant(ins.param)
    row = primitive(op)
    args = ins.args
    a = values[args[0]]
    b = values[args[1]] if len(args) > 1 else None
    return row.value(GENERIC, a, b, ins.param)


def evaluate(tape: Tape, inputs: Sequence[Any], kind: Kind = FLOAT_KIND) -> list[Any]:
    """Every instruction's value; ``inputs`` may be scalars of ``kind`` or engine values."""
    values: list[Any] = []
    try:
        for ins in tape.instrs:
            values.append(inputs[ins.param] if ins.op == INPUT else _step(ins, values, kind))
    except OverflowError:  # math.exp(1000), 10.0 ** 1000: a user's point, not a bug
        raise _overflow(tape.instrs[len(values)], values) from None
    return values


# Primitive ids that read badly in a message, as a person writes them.
_SHOWN_AS = {"powc": "the power u^k", "pow": "the power u^v", "mul": "the product", "div": "the quotient"}


def _overflow(ins: Instr, values: list[Any]) -> DomainError:
    """The error for an instruction whose float result (or partial) is beyond ±1.8e308."""
    operand = values[ins.args[0]] if ins.args and ins.args[0] < len(values) else None
    return DomainError(_SHOWN_AS.get(ins.op, ins.op), operand, "a result that fits in a float (it overflowed, beyond ±1.8e308)")


def forward(tape: Tape, inputs: Sequence[Any], seed: Sequence[Any], kind: Kind = FLOAT_KIND) -> tuple[list[Any], list[Any]]:
    """Primals and tangents of every instruction for the direction ``seed`` (one pass)."""
    tag = new_tag()
    lifted = [Dual(x, s, tag) for x, s in zip(inputs, seed)]
    values = evaluate(tape, lifted, kind)
    primals = [v.a if type(v) is Dual and v.tag == tag else v for v in values]
    tangents = [tangent(v, tag) for v in values]
    return primals, tangents


def reverse(tape: Tape, inputs: Sequence[Any], kind: Kind = FLOAT_KIND, output: int | None = None) -> tuple[list[Any], list[Any]]:
    """Primals, then every adjoint ∂out/∂v_i in one backward sweep (iterative, no recursion)."""
    values = evaluate(tape, inputs, kind)
    out = tape.output if output is None else output
    adjoints: list[Any] = [0] * len(values)
    adjoints[out] = 1
    instrs = tape.instrs
    for i in range(out, -1, -1):
        bar = adjoints[i]
        ins = instrs[i]
        if ins.op in (INPUT, CONST) or (type(bar) is not Dual and bar == 0):
            continue
        args = ins.args
        a = values[args[0]]
        b = values[args[1]] if len(args) > 1 else None
        try:
            partials = primitive(ins.op).partials(GENERIC, a, b, ins.param)
        except OverflowError:
            raise _overflow(ins, values) from None
        for j, local in zip(args, partials):
            if instrs[j].op != CONST:
                adjoints[j] = adjoints[j] + bar * local
    return values, adjoints
