"""THE evaluator: the value of a SymPy expression at a point, through the engine's tape.

Every part of calctutor that needs "f at this point" asks here (or compiles a
tape with ``compile_expression``), so every part reads f alike: powers the
real way ((-8)^(1/3) = -2, x^(1/4) needs x ≥ 0), each elementary function
on its real domain from ``tutor/functions.py``, sign(u) defined for u ≠ 0.

``Evaluator(point)`` keeps one growing tape for that point: an expression
adds only the sub-expressions no earlier expression had, and each new line
is computed once by the checked interpreter. The diagnosis of a wrong answer
compares dozens of candidate derivatives sharing f, g, f', g'…, so a new
candidate costs its new nodes only. ``kind=EXACT_KIND`` computes with SymPy
numbers (an exact value: f(-8) = -2, not SymPy's 2·(-1)^(1/3)).

Outside the domain, or for something the engine has no primitive for, a
call raises ``DomainError`` or ``UnsupportedExpression`` (both ValueErrors).
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from tutor.autodiff.from_sympy import _Builder, extend
from tutor.autodiff.numbers import EXACT_KIND, FLOAT_KIND, DomainError, Kind
from tutor.autodiff.tape import INPUT, _overflow, _step

__all__ = ["Evaluator", "evaluate", "exact_value"]


class Evaluator:
    """Values of many expressions at one point, each shared sub-expression computed once."""

    def __init__(self, point: Mapping[Any, Any], kind: Kind = FLOAT_KIND) -> None:
        # keys may be names or SymPy symbols; the tape's inputs are the names
        self.point = {getattr(k, "name", k): kind.number(v) for k, v in point.items()}
        self.kind = kind
        self._builder = _Builder(tuple(self.point))
        self._lines: dict[Any, int] = {}  # SymPy sub-expression -> tape line
        self._values: list[Any] = []
        self._errors: dict[int, ValueError] = {}  # line -> why it has no value (its readers inherit it)

    def __len__(self) -> int:
        """Lines on the tape so far (each sub-expression seen, once)."""
        return len(self._builder.instrs)

    def __call__(self, expr: Any) -> Any:
        import sympy

        try:
            line = extend(self._builder, self._lines, expr, sympy)
        finally:  # lines added before an unsupported node still get their values
            self._compute_new_lines()
        error = self._errors.get(line)
        if error is not None:
            raise error
        value = self._values[line]
        if self.kind is FLOAT_KIND and math.isnan(value):
            raise DomainError("evaluation", self.point, "a point where it is defined (it is not a number there)")
        return value

    def _compute_new_lines(self) -> None:
        values, errors, inputs = self._values, self._errors, list(self.point.values())
        for index in range(len(values), len(self._builder.instrs)):
            ins = self._builder.instrs[index]
            value: Any = None
            inherited = next((errors[j] for j in ins.args if j in errors), None)
            if inherited is not None:
                errors[index] = inherited
            elif ins.op == INPUT:
                value = inputs[ins.param]
            else:
                try:
                    value = _step(ins, values, self.kind)
                except OverflowError:
                    errors[index] = _overflow(ins, values)
                except ValueError as exc:  # DomainError names the operation
                    errors[index] = exc
                except (ArithmeticError, TypeError) as exc:
                    errors[index] = DomainError(ins.op, values[ins.args[0]], f"a point where it is defined ({exc})")
            values.append(value)


def evaluate(expr: Any, point: Mapping[Any, Any]) -> float:
    """One float value of ``expr`` at ``point`` (a ValueError when it has none there)."""
    return float(Evaluator(point)(expr))


def exact_value(expr: Any, point: Mapping[Any, Any], *, strict: bool = True) -> Any:
    """``expr`` at ``point`` exactly (a simplified SymPy number), read as the engine reads it.

    Where the point leaves some of ``expr``'s variables free, the given ones are
    substituted and the formula comes back (simplified). Outside the domain a
    ValueError, or with ``strict=False`` SymPy's own value there (``zoo`` at a
    pole: the line questions draw an infinite slope as a vertical line).
    """
    import sympy

    given = {getattr(k, "name", k): v for k, v in point.items()}
    substituted = {s: given[s.name] for s in expr.free_symbols if s.name in given}
    if len(substituted) < len(expr.free_symbols):
        return sympy.simplify(expr.xreplace(substituted))
    try:
        return sympy.simplify(Evaluator(given, EXACT_KIND)(expr))
    except ValueError:
        if strict:
            raise
        return sympy.simplify(expr.xreplace(substituted))
