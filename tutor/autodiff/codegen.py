"""Source transformation: from a tape, straight-line Python for value, tangent and adjoint.

The generator never sees input text. Every line is assembled from
* variable names it invents (``v3``, ``v3_dot``, ``v3_bar``, ``vm1`` for v₋₁),
* the primitive table, *printed* by running its lambdas over ``Code`` values,
* numeric constants, printed by ``code_literal`` (which refuses anything else).
That is why compiling it is safe, and why a test can read the generated code
as the teaching text of ``calctutor trace --code``.

Forward (tangent) program: each line ``v_i = op(...)`` is followed by
``v_i_dot = Σ ∂op/∂arg · arg_dot``. Reverse (adjoint) program: the forward
lines, then the lines in reverse order ``arg_bar += v_i_bar · ∂op/∂arg`` —
the first contribution assigns, later ones add, so a value read twice
(``x*x``) collects both edges.
"""

from __future__ import annotations

import math
import re
from typing import Any, Callable

from tutor.autodiff.numbers import FLOATS, _float_powpq, _strict_sign
from tutor.autodiff.rules import Code, CODE, code_literal, primitive, times_code
from tutor.autodiff.tape import CONST, INPUT, Tape
from tutor.functions import FUNCTIONS

__all__ = ["names", "value_source", "tangent_source", "adjoint_source", "compile_function"]


def names(tape: Tape) -> list[str]:
    """A Python name per instruction: v-numbers after Baydin, vm1 for v₋₁; constants inline."""
    out = []
    for ins, label in zip(tape.instrs, tape.labels()):
        if label is None:
            out.append(code_literal(_constant(ins.param)))
        else:
            out.append(f"vm{-label}" if label < 0 else f"v{label}")
    return out


def _constant(c: Any) -> float:
    if c == "E":
        return math.e
    if c == "pi":
        return math.pi
    return float(c)


def _lines(tape: Tape, var: list[str]) -> tuple[list[str], list[tuple[int, list[tuple[int, str]]]]]:
    """Forward lines, and for each operation its (arg index, local partial text) pairs."""
    forward: list[str] = []
    locals_: list[tuple[int, list[tuple[int, str]]]] = []
    for i, ins in enumerate(tape.instrs):
        if ins.op in (INPUT, CONST):
            continue
        row = primitive(ins.op)
        a = Code(var[ins.args[0]])
        b = Code(var[ins.args[1]]) if len(ins.args) > 1 else None
        value_text = code_literal(row.value(CODE, a, b, ins.param))
        forward.append(f"    {var[i]} = {value_text}")
        partials = row.partials(CODE, a, b, ins.param)
        pairs = []
        for j, p in zip(ins.args, partials):
            if tape.instrs[j].op == CONST:
                continue  # constants carry no derivative
            pairs.append((j, _reuse(code_literal(p), value_text, var[i])))
        locals_.append((i, pairs))
    return forward, locals_


def _reuse(partial: str, value_text: str, name: str) -> str:
    """exp' = exp: use the stored primal instead of computing it again."""
    if "(" not in value_text:
        return partial
    return re.sub(r"(?<![\w.])" + re.escape(value_text), name, partial)


def _header(tape: Tape, var: list[str], name: str, extra: str = "") -> list[str]:
    inputs = [var[i] for i, ins in enumerate(tape.instrs) if ins.op == INPUT]
    lines = [f"def {name}(x{extra}):"]
    lines.append(f"    {', '.join(inputs)}{',' if len(inputs) == 1 else ''} = x" if inputs else "    pass")
    return lines


def value_source(tape: Tape, name: str = "f") -> str:
    """The primal program alone."""
    var = names(tape)
    forward, _ = _lines(tape, var)
    return "\n".join([*_header(tape, var, name), *forward, f"    return {var[tape.output]}"]) + "\n"


def tangent_source(tape: Tape, name: str = "f_tangent") -> str:
    """Forward mode: (value, directional derivative) for inputs x and seed direction dx."""
    var = names(tape)
    forward, locals_ = _lines(tape, var)
    lines = _header(tape, var, name, ", dx")
    inputs = [i for i, ins in enumerate(tape.instrs) if ins.op == INPUT]
    dots = [f"{var[i]}_dot" for i in inputs]
    if dots:
        lines.append(f"    {', '.join(dots)}{',' if len(dots) == 1 else ''} = dx")
    by_index = dict(locals_)
    k = 0
    for i, ins in enumerate(tape.instrs):
        if ins.op in (INPUT, CONST):
            continue
        lines.append(forward[k])
        k += 1
        terms = [times_code(f"{var[j]}_dot", p) for j, p in by_index[i]]
        lines.append(f"    {var[i]}_dot = {' + '.join(terms) if terms else '0.0'}".replace("+ -", "- "))
    out = tape.output
    out_dot = f"{var[out]}_dot" if tape.instrs[out].op != CONST else "0.0"
    lines.append(f"    return {var[out]}, {out_dot}")
    return "\n".join(lines) + "\n"


def adjoint_source(tape: Tape, name: str = "f_gradient") -> str:
    """Reverse mode: (value, gradient tuple) — the whole gradient in one backward sweep.

    A sum passes its adjoint through unchanged (∂(u+v)/∂u = 1), so when an
    operand's first contribution is exactly its consumer's adjoint the
    generator reuses that name instead of emitting a copy line.
    """
    var = names(tape)
    forward, locals_ = _lines(tape, var)
    lines = [*_header(tape, var, name), *forward]
    out = tape.output
    bar: dict[int, str] = {}  # instruction -> the name holding its adjoint
    owned: set[int] = set()  # adjoints held in their own variable (safe to += into)
    if tape.instrs[out].op != CONST:
        lines.append(f"    {var[out]}_bar = 1.0")
        bar[out] = f"{var[out]}_bar"
        owned.add(out)
    for i, pairs in reversed(locals_):
        if i not in bar:
            continue  # not on a path to the output
        for j, p in pairs:
            contribution = times_code(bar[i], p)
            if j not in bar:
                if p == "1" and tape.instrs[j].op != INPUT:
                    bar[j] = bar[i]  # an alias: no line, no copy
                    continue
                lines.append(f"    {var[j]}_bar = {contribution}")
                bar[j] = f"{var[j]}_bar"
                owned.add(j)
            elif j in owned:
                lines.append(f"    {var[j]}_bar += {contribution}")
            else:  # j so far aliased another adjoint: give it its own variable now
                lines.append(f"    {var[j]}_bar = {bar[j]} + {contribution}")
                bar[j] = f"{var[j]}_bar"
                owned.add(j)
    grads = [bar.get(i, "0.0") for i, ins in enumerate(tape.instrs) if ins.op == INPUT]
    lines.append(f"    return {var[out]}, ({', '.join(grads)}{',' if len(grads) == 1 else ''})")
    return "\n".join(lines) + "\n"


def _runtime() -> dict[str, Any]:
    """The only names generated code may call: the table's float implementations."""
    env: dict[str, Any] = {f.name: getattr(FLOATS, f.name) for f in FUNCTIONS}
    env.update(sign=_strict_sign, powpq=_float_powpq, pow=FLOATS.pow, __builtins__={})
    return env


_SAFE_LINE = re.compile(r"^(def \w+\(x(, dx)?\):|    [\w ,]+ (=|\+=) [\w ,.()*/+\-]+|    return [\w ,.()*/+\-]+|    pass)$")


def compile_function(source: str, name: str) -> Callable[..., Any]:
    """Compile a program produced by this module (checked line by line first)."""
    for line in source.splitlines():
        if not _SAFE_LINE.match(line):
            raise ValueError(f"refusing to compile a line the generator did not write: {line!r}")
    env = _runtime()
    code = compile(source, f"<calctutor:{name}>", "exec")  # safe-compile: source built only from the primitive table, invented names and numeric literals, each line re-checked against _SAFE_LINE
    exec(code, env)  # safe-compile: runs that checked, self-assembled program with a runtime of table functions and no builtins
    return env[name]
