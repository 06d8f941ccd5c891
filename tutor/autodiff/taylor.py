"""Truncated Taylor polynomials: the first k derivatives in one forward pass.

``Taylor([c0, c1, …, ck])`` is c0 + c1·ε + … + ck·εᵏ with ε^(k+1) = 0 — the
notes' "make ε³ = 0 for the second derivative", generalised. Seeding
x = x0 + ε and evaluating f gives f(x0 + ε) = Σ f⁽ⁿ⁾(x0)/n! εⁿ, so
f⁽ⁿ⁾(x0) = n!·cₙ.

Elementary functions are not restated: for f(u) with u = Σ uⱼεʲ we know
f'(u) from ``tutor.functions`` (evaluated on the polynomial one degree lower,
which recurses down to plain numbers), and d/dε f(u) = f'(u)·u' gives
cₙ = (1/n) Σⱼ j·uⱼ·hₙ₋ⱼ with h = f'(u). Tags work as for dual numbers, so
Taylor and dual perturbations nest without confusion.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Callable

from tutor.autodiff.numbers import GENERIC, LIFTED, DomainError, new_tag, primal_of
from tutor.functions import Function

__all__ = ["Taylor", "derivatives", "mixed_second"]


class Taylor:
    """c0 + c1 ε + … + ck εᵏ, ε^(k+1) = 0, perturbation tag ``tag``."""

    __slots__ = ("c", "tag")

    def __init__(self, coefficients: list[Any] | tuple[Any, ...], tag: int) -> None:
        self.c = tuple(coefficients)
        self.tag = tag

    @staticmethod
    def variable(x0: Any, order: int, tag: int) -> "Taylor":
        """x0 + ε with room for ``order`` derivatives."""
        return Taylor([x0, 1] + [0] * (order - 1), tag)

    @staticmethod
    def coefficient(y: Any, n: int, tag: int) -> Any:
        """cₙ of ``y`` for perturbation ``tag`` (a value not depending on it has cₙ = 0 for n > 0)."""
        if type(y) is Taylor and y.tag == tag:
            return y.c[n] if n < len(y.c) else 0
        return y if n == 0 else 0

    @property
    def primal(self) -> Any:
        return self.c[0]

    @property
    def degree(self) -> int:
        return len(self.c) - 1

    def _tangent(self, tag: int) -> Any:
        if self.tag == tag:
            return self.c[1] if len(self.c) > 1 else 0
        from tutor.autodiff.dual import tangent

        if self.tag > tag:
            return Taylor([tangent(c, tag) for c in self.c], self.tag)
        return 0

    def __repr__(self) -> str:
        return f"Taylor({list(self.c)!r}, tag={self.tag})"

    # -- arithmetic --------------------------------------------------------------
    def __add__(self, o: Any) -> Any:
        p = _operands(self, o)
        if p is None:
            return NotImplemented
        a, b, t = p
        return Taylor([x + y for x, y in zip(a, b)], t)

    __radd__ = __add__

    def __sub__(self, o: Any) -> Any:
        p = _operands(self, o)
        if p is None:
            return NotImplemented
        a, b, t = p
        return Taylor([x - y for x, y in zip(a, b)], t)

    def __rsub__(self, o: Any) -> Any:
        return (-self).__add__(o)

    def __neg__(self) -> "Taylor":
        return Taylor([-x for x in self.c], self.tag)

    def __mul__(self, o: Any) -> Any:
        p = _operands(self, o)
        if p is None:
            return NotImplemented
        a, b, t = p
        return Taylor([sum((a[i] * b[n - i] for i in range(1, n + 1)), a[0] * b[n]) for n in range(len(a))], t)

    __rmul__ = __mul__

    def __truediv__(self, o: Any) -> Any:
        p = _operands(self, o)
        if p is None:
            return NotImplemented
        return _divide(*p)

    def __rtruediv__(self, o: Any) -> Any:
        p = _operands(self, o)
        if p is None:
            return NotImplemented
        a, b, t = p
        return _divide(b, a, t)

    def __pow__(self, o: Any) -> Any:
        if isinstance(o, (int, Fraction)) and not isinstance(o, bool) or getattr(o, "is_Rational", False):
            k = Fraction(o) if isinstance(o, (int, Fraction)) else Fraction(int(o.p), int(o.q))
            return self._powc(k)
        return GENERIC.exp(o * GENERIC.log(self))

    def __rpow__(self, o: Any) -> Any:
        return GENERIC.exp(self * GENERIC.log(o))

    def _powc(self, k: Fraction) -> Any:
        if k == 0:
            return 1
        if k.denominator == 1:
            n = abs(int(k))
            result: Any = None
            base = self
            while n:  # square and multiply: exact, and fine at u = 0
                if n & 1:
                    result = base if result is None else result * base
                n >>= 1
                if n:
                    base = base * base
            return result if k > 0 else 1 / result
        value = GENERIC.powc(self.c[0], k)  # checks the domain
        return self._chain(value, lambda u: k * GENERIC.powc(u, k - 1))

    def _elementary(self, row: Function) -> "Taylor":
        value = getattr(GENERIC, row.name)(self.c[0])
        return self._chain(value, lambda u: row.derivative(u, GENERIC))

    def _chain(self, value: Any, derivative: Callable[[Any], Any]) -> "Taylor":
        """f(u) from f(u0) and f': cₙ = (1/n) Σ_{j=1..n} j·uⱼ·hₙ₋ⱼ, h = f'(u) one degree lower."""
        c, d = self.c, len(self.c) - 1
        if d == 0:
            return Taylor([value], self.tag)
        lower = Taylor(c[:d], self.tag) if d > 1 else c[0]
        h = _coefficients(derivative(lower), self.tag, d - 1)
        out = [value]
        for n in range(1, d + 1):
            s = sum((j * c[j] * h[n - j] for j in range(2, n + 1)), c[1] * h[n - 1])
            out.append(s // n if isinstance(s, int) and s % n == 0 else s / n)
        return Taylor(out, self.tag)


LIFTED[Taylor] = lambda row: lambda u: u._elementary(row)


def _tag(x: Any) -> int:
    return getattr(x, "tag", -1) if type(x) in LIFTED else -1


def _coefficients(x: Any, tag: int, degree: int) -> list[Any]:
    if type(x) is Taylor and x.tag == tag:
        c = list(x.c[: degree + 1])
        return c + [0] * (degree + 1 - len(c))
    return [x] + [0] * degree


def _operands(x: "Taylor", y: Any) -> tuple[list[Any], list[Any], int] | None:
    """Both operands as coefficient lists of the newest perturbation present."""
    tx, ty = x.tag, _tag(y)
    if ty > tx and type(y) is not Taylor:
        return None  # a newer dual number takes over and treats x as a number
    if ty > tx:
        x, y, swapped = y, x, True  # the newer Taylor polynomial leads
    else:
        swapped = False
    t = x.tag
    degree = len(x.c) - 1
    if type(y) is Taylor and y.tag == t:
        degree = min(degree, len(y.c) - 1)
    a, b = _coefficients(x, t, degree), _coefficients(y, t, degree)
    return (b, a, t) if swapped else (a, b, t)


def _divide(a: list[Any], b: list[Any], t: int) -> Taylor:
    if primal_of(b[0]) == 0:
        raise DomainError("division", b[0], "a divisor v ≠ 0")
    q: list[Any] = []
    for n in range(len(a)):
        s = a[n] - sum((b[i] * q[n - i] for i in range(1, n + 1)), 0)
        q.append(s / b[0])
    return Taylor(q, t)


def derivatives(f: Callable[[Any], Any], x: Any, order: int) -> list[Any]:
    """[f(x), f'(x), …, f⁽ᵏ⁾(x)] from one Taylor pass (safe to nest)."""
    tag = new_tag()
    y = f(Taylor.variable(x, order, tag))
    return [Taylor.coefficient(y, n, tag) * math.factorial(n) for n in range(order + 1)]


def mixed_second(f: Callable[[Any, Any], Any], x: Any, y: Any) -> Any:
    """∂²f/∂x∂y at (x, y): one perturbation per variable, each with ε² = 0, read off εₓε_y."""
    from tutor.autodiff.dual import Dual, tangent

    tx, ty = new_tag(), new_tag()
    result = f(Dual(x, 1, tx), Dual(y, 1, ty))
    return tangent(tangent(result, ty), tx)
