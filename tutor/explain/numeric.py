"""Float values of SymPy expressions with a memo shared between many similar expressions.

The diagnosis compares dozens of candidate derivatives that share most of
their sub-expressions (f, g, f', g'…). Walking the SymPy tree with a memo
keyed by sub-expression means a new candidate costs only its new nodes, which
keeps a diagnosis well under its one-second budget. Values come from the
float column of ``tutor.functions``; anything outside the real domain raises
``ValueError``.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

import sympy

from tutor.functions import FLOAT, by_sympy_class

__all__ = ["evaluate", "Evaluator"]


class Evaluator:
    """Evaluates expressions at one point, remembering every sub-expression's value."""

    def __init__(self, point: Mapping[Any, float]) -> None:
        # keys may be names or symbols; store by symbol name
        self.point = {getattr(k, "name", k): float(v) for k, v in point.items()}
        self.memo: dict[Any, float] = {}

    def __call__(self, expr: Any) -> float:
        value = self.memo.get(expr)
        if value is None:
            try:
                value = self._eval(expr)
            except (ZeroDivisionError, OverflowError, TypeError, KeyError):
                value = math.nan
            except ValueError:
                value = math.nan
            if isinstance(value, complex):
                value = math.nan
            self.memo[expr] = value
        if math.isnan(value):
            raise ValueError(f"{expr} has no real value at {self.point}")
        return value

    def _eval(self, e: Any) -> float:
        if e.is_Symbol:
            return self.point[e.name]
        if e.is_Number or e.is_NumberSymbol:
            return float(e)
        if e.is_Add:
            return math.fsum(self(a) for a in e.args)
        if e.is_Mul:
            out = 1.0
            for a in e.args:
                out *= self(a)
            return out
        if e.is_Pow:
            base, exp = self(e.base), e.exp
            if exp.is_Integer:
                return base ** int(exp)
            if base < 0:  # a real root of a negative number is not a real power here
                return math.nan
            return base ** self(exp)
        if isinstance(e, sympy.sign):
            return FLOAT.sign(self(e.args[0]))
        if isinstance(e, sympy.Function) and len(e.args) == 1:
            return float(by_sympy_class(e).float_value(self(e.args[0])))
        value = complex(e.evalf(subs={sympy.Symbol(k, real=True): v for k, v in self.point.items()}))
        return value.real if abs(value.imag) < 1e-12 else math.nan


def evaluate(expr: Any, point: Mapping[Any, float]) -> float:
    """One value (ValueError when the expression has no real value there)."""
    return Evaluator(point)(expr)
