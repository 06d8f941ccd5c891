"""The primitive table printed as math: run a row's lambdas over ``Formula`` operands.

``Code`` (rules.py) runs the rows to print *Python source*; ``Formula`` runs the
same rows to build *expression trees* (``tutor.parsing.notation``) that the one
math printer shows: the working of ``calctutor dual`` and ``calctutor trace``
(``cos(4)·4``, ``⟨3·1, 2·1 + 3·(−1)⟩``) is the row itself, filled in, never text
pasted together.

    value = row.value(FORMULA, Formula.of(3), Formula.of(1), None).tree      # 3·1
"""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace
from typing import Any

from tutor.functions import FUNCTIONS
from tutor.parsing import notation as M
from tutor.parsing.notation import Node

__all__ = ["Formula", "FORMULA", "pair", "dual_number"]


def _tree(x: Any) -> Node:
    if isinstance(x, Formula):
        return x.tree
    if isinstance(x, Fraction) and x.denominator == 1:
        x = int(x)
    if isinstance(x, int) and x < 0:
        return M.neg(M.num(-x))
    return M.as_tree(x)


class Formula:
    """A tree under construction; arithmetic builds bigger trees (nothing is evaluated)."""

    __slots__ = ("tree",)

    def __init__(self, tree: Node) -> None:
        self.tree = tree

    @staticmethod
    def of(x: Any) -> "Formula":
        """A value (exact number, SymPy expression, tree) as a formula operand."""
        return x if isinstance(x, Formula) else Formula(_tree(x))

    def __add__(self, o: Any) -> "Formula":
        return Formula(M.add(self.tree, _tree(o)))

    def __radd__(self, o: Any) -> "Formula":
        return Formula(M.add(_tree(o), self.tree))

    def __sub__(self, o: Any) -> "Formula":
        return Formula(M.sub(self.tree, _tree(o)))

    def __rsub__(self, o: Any) -> "Formula":
        return Formula(M.sub(_tree(o), self.tree))

    def __mul__(self, o: Any) -> "Formula":
        return Formula(M.mul(self.tree, _tree(o)))

    def __rmul__(self, o: Any) -> "Formula":
        return Formula(M.mul(_tree(o), self.tree))

    def __truediv__(self, o: Any) -> "Formula":
        return Formula(M.div(self.tree, _tree(o)))

    def __rtruediv__(self, o: Any) -> "Formula":
        return Formula(M.div(_tree(o), self.tree))

    def __pow__(self, o: Any) -> "Formula":
        return Formula(M.power(self.tree, _tree(o)))

    def __neg__(self) -> "Formula":
        return Formula(M.neg(self.tree))


def _call(name: str) -> Any:
    return lambda u: Formula(M.call(name, _tree(u)))


def _powc(a: Any, k: Any) -> Formula:
    k = Fraction(k)
    if k == 1:
        return Formula.of(a)
    if k == Fraction(1, 2):
        return Formula(M.call("sqrt", _tree(a)))
    return Formula(M.power(_tree(a), _tree(k)))


FORMULA = SimpleNamespace(**{f.name: _call(f.name) for f in FUNCTIONS})
FORMULA.sign = lambda u: Formula(M.div(_tree(u), M.call("abs", _tree(u))))  # sign(u) = u/|u|, u ≠ 0
FORMULA.powc = _powc
FORMULA.pow = lambda a, b: Formula(M.power(_tree(a), _tree(b)))
FORMULA.div = lambda a, b: Formula(M.div(_tree(a), _tree(b)))
FORMULA.exp = lambda u: Formula(M.const("e") if _tree(u) == M.num(1) else M.power(M.const("e"), _tree(u)))  # e^u; e^1 is e
"""Namespace whose functions build trees instead of computing."""


def pair(a: Any, b: Any) -> Node:
    """⟨a, b⟩: a dual number as the rules write it."""
    return M.Node("pair", M.NOWHERE, args=(_tree(a), _tree(b)))


def dual_number(a: Any, b: Any, epsilon: str = "ε") -> Node:
    """a + bε (a − bε, bε, a) as a tree."""
    eps = M.var(epsilon)
    if b == 0:
        return _tree(a)
    negative = b.could_extract_minus_sign() if hasattr(b, "could_extract_minus_sign") else b < 0
    size = -b if negative else b
    term = eps if size == 1 else M.mul(_tree(size), eps)
    if a == 0:
        return M.neg(term) if negative else term
    return M.total([(False, _tree(a)), (negative, term)])
