"""Dual numbers a + bε with ε² = 0: forward-mode AD by operator overloading.

The rules are exactly the course notes' (``⟨u,u'⟩·⟨v,v'⟩ = ⟨uv, u'v + uv'⟩``,
quotient for v ≠ 0, log for u > 0, |u| for u ≠ 0 ...). The parts ``a`` and
``b`` may be floats, mpmath numbers, exact SymPy numbers (so ``(3+2ε)(1-ε)`` is
exactly ``3 − ε``) or *other dual numbers*.

Tags keep nested derivatives apart (perturbation confusion, Siskind &
Pearlmutter 2005): every ``derivative`` call perturbs with a fresh tag, and a
value carrying a newer tag holds the older ones inside its parts. Combining
two duals splits only the newest tag; a dual with an older tag is, to the
newer one, just a number. So d/dx [x · d/dy (x + y)] is 1, not 2.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable

from tutor.autodiff.fastfloat import HOT, lifted_function
from tutor.autodiff.numbers import GENERIC, LIFTED, DomainError, new_tag, primal_of, show_number
from tutor.functions import Function

__all__ = ["Dual", "derivative", "tangent", "EPSILON_TAG"]

EPSILON_TAG = 0  # the ε a student types; derivative() uses fresh tags from new_tag()
_new = object.__new__  # hot paths build duals inline: a constructor call is ~30% of an operation


class Dual:
    """a + bε, ε² = 0, with perturbation tag ``tag``."""

    __slots__ = ("a", "b", "tag")

    def __init__(self, a: Any, b: Any = 0, tag: int = EPSILON_TAG) -> None:
        self.a = a
        self.b = b
        self.tag = tag

    # -- views ----------------------------------------------------------------
    @property
    def primal(self) -> Any:
        return self.a

    @property
    def real(self) -> Any:
        return self.a

    @property
    def dual(self) -> Any:
        return self.b

    def conjugate(self) -> "Dual":
        """z* = a − bε (then z·z* = a²)."""
        return Dual(self.a, -self.b, self.tag)

    def matrix(self) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
        """a + bε as the matrix [[a, b], [0, a]] (scaling plus shear)."""
        return ((self.a, self.b), (0, self.a))

    def __repr__(self) -> str:
        return f"Dual({self.a!r}, {self.b!r}{'' if self.tag == EPSILON_TAG else f', tag={self.tag}'})"

    def __str__(self) -> str:
        b = self.b
        try:
            negative = bool(b < 0)
        except TypeError:  # symbolic or nested part
            negative = False
        sign, mag = ("−", -b) if negative else ("+", b)
        return f"{show_number(self.a) if type(self.a) is not Dual else f'({self.a})'} {sign} {_show_part(mag)}ε"

    def __eq__(self, other: object) -> bool:
        a, b = _split(other, self.tag)
        return bool(self.a == a and self.b == b)

    def __hash__(self) -> int:
        return hash((self.a, self.b, self.tag))

    # -- arithmetic (the notes' rules) -----------------------------------------
    # Fast paths first: same-tag dual or a plain float (the forward-mode hot loop);
    # the general path splits mixed tags (nesting) and exact numbers.
    def __add__(self, o: Any) -> Any:
        if type(o) is Dual and o.tag == self.tag:
            n = _new(Dual)
            n.a = self.a + o.a
            n.b = self.b + o.b
            n.tag = self.tag
            return n
        if type(o) is float:
            n = _new(Dual)
            n.a = self.a + o
            n.b = self.b
            n.tag = self.tag
            return n
        t = _newest(self, o)
        if t is None:
            return NotImplemented
        (a, b), (c, d) = _split(self, t), _split(o, t)
        return Dual(a + c, b + d, t)

    def __radd__(self, o: Any) -> Any:
        if type(o) is float:
            n = _new(Dual)
            n.a = o + self.a
            n.b = self.b
            n.tag = self.tag
            return n
        return self.__add__(o)

    def __sub__(self, o: Any) -> Any:
        if type(o) is Dual and o.tag == self.tag:
            n = _new(Dual)
            n.a = self.a - o.a
            n.b = self.b - o.b
            n.tag = self.tag
            return n
        if type(o) is float:
            n = _new(Dual)
            n.a = self.a - o
            n.b = self.b
            n.tag = self.tag
            return n
        t = _newest(self, o)
        if t is None:
            return NotImplemented
        (a, b), (c, d) = _split(self, t), _split(o, t)
        return Dual(a - c, b - d, t)

    def __rsub__(self, o: Any) -> Any:
        if type(o) is float:
            n = _new(Dual)
            n.a = o - self.a
            n.b = -self.b
            n.tag = self.tag
            return n
        return (-self).__add__(o)

    def __neg__(self) -> "Dual":
        n = _new(Dual)
        n.a = -self.a
        n.b = -self.b
        n.tag = self.tag
        return n

    def __pos__(self) -> "Dual":
        return self

    def __mul__(self, o: Any) -> Any:
        if type(o) is Dual and o.tag == self.tag:
            a, c = self.a, o.a
            n = _new(Dual)
            n.a = a * c
            n.b = self.b * c + a * o.b
            n.tag = self.tag
            return n
        if type(o) is float:
            n = _new(Dual)
            n.a = self.a * o
            n.b = self.b * o
            n.tag = self.tag
            return n
        t = _newest(self, o)
        if t is None:
            return NotImplemented
        (a, b), (c, d) = _split(self, t), _split(o, t)
        return Dual(a * c, b * c + a * d, t)

    def __rmul__(self, o: Any) -> Any:
        if type(o) is float:
            n = _new(Dual)
            n.a = o * self.a
            n.b = o * self.b
            n.tag = self.tag
            return n
        return self.__mul__(o)

    def __truediv__(self, o: Any) -> Any:
        if type(o) is Dual and o.tag == self.tag and type(o.a) is float:
            c = o.a
            if c == 0.0:
                raise DomainError("division", c, "a divisor v ≠ 0")
            n = _new(Dual)
            n.a = q = self.a / c
            n.b = (self.b - q * o.b) / c
            n.tag = self.tag
            return n
        if type(o) is float and o != 0.0:
            n = _new(Dual)
            n.a = self.a / o
            n.b = self.b / o
            n.tag = self.tag
            return n
        t = _newest(self, o)
        if t is None:
            return NotImplemented
        return _divide(_split(self, t), _split(o, t), t)

    def __rtruediv__(self, o: Any) -> Any:
        if type(o) is float and type(self.a) is float and self.a != 0.0:
            q = o / self.a
            return Dual(q, -q * self.b / self.a, self.tag)
        t = _newest(self, o)
        if t is None:
            return NotImplemented
        return _divide(_split(o, t), _split(self, t), t)

    def __pow__(self, o: Any) -> Any:
        a = self.a
        if type(o) is int and o >= 1 and type(a) is float:  # x**2 in the hot loop: no Fractions
            n = _new(Dual)
            p = a if o == 2 else a ** (o - 1)  # u^(k−1), shared by value and slope
            n.a = p * a
            n.b = o * p * self.b
            n.tag = self.tag
            return n
        if _is_constant_exponent(o):
            k = _fraction(o)
            a, b = self.a, self.b
            return Dual(GENERIC.powc(a, k), k * GENERIC.powc(a, k - 1) * b, self.tag)
        t = _newest(self, o)
        if t is None:
            return NotImplemented
        return _power(_split(self, t), _split(o, t), t)

    def __rpow__(self, o: Any) -> Any:
        t = _newest(self, o)
        if t is None:
            return NotImplemented
        return _power(_split(o, t), _split(self, t), t)

    def __abs__(self) -> Any:
        return GENERIC.abs(self)

    # -- functions: f⟨u,u'⟩ = ⟨f(u), u'·f'(u)⟩ with f' from tutor.functions --------
    def _elementary(self, row: Function) -> "Dual":
        a = self.a
        if type(a) is float:  # fast path: check the domain, then the float functions
            value_and_slope, domain = HOT[row.name]
            if domain is not None and not domain(a):
                raise DomainError(row.name, a, row.domain_text)
            n = _new(Dual)
            try:
                n.a, slope = value_and_slope(a)
            except (ValueError, ZeroDivisionError):  # see fastfloat.RAISES_OUTSIDE_DOMAIN
                raise DomainError(row.name, a, row.domain_text) from None
            n.b = self.b * slope
            n.tag = self.tag
            return n
        value = getattr(GENERIC, row.name)(a)  # checks the domain on the real part
        return Dual(value, self.b * row.derivative(a, GENERIC), self.tag)


def _lift(row: Function) -> Callable[[Dual], Dual]:
    """f⟨u,u'⟩ for one function row, generated whole (the forward-mode hot path)."""
    general = Dual._elementary

    def refuse(a: Any) -> Any:
        raise DomainError(row.name, a, row.domain_text)

    return lifted_function(row.name, "dual", {"new": _new, "Cls": Dual, "refuse": refuse,
                                               "general": lambda u: general(u, row)})


LIFTED[Dual] = _lift


def _show_part(x: Any) -> str:
    if type(x) is Dual:
        return f"({x})"
    text = show_number(x)
    return text if text.replace(".", "").replace("/", "").isdigit() else f"({text})"


def _tag(x: Any) -> int:
    return x.tag if type(x) in LIFTED else -1


def _newest(x: Any, y: Any) -> int | None:
    """The tag the result carries, or None when ``y`` is a newer non-dual engine value."""
    tx = _tag(x)
    ty = _tag(y)
    if ty > tx and type(y) is not Dual:
        return None  # a Taylor polynomial (or node) with a newer tag takes over
    return tx if tx >= ty else ty


def _split(x: Any, tag: int) -> tuple[Any, Any]:
    if type(x) is Dual and x.tag == tag:
        return x.a, x.b
    return x, 0


def _divide(u: tuple[Any, Any], v: tuple[Any, Any], t: int) -> Dual:
    (a, b), (c, d) = u, v
    if primal_of(c) == 0:
        raise DomainError("division", c, "a divisor v ≠ 0")
    return Dual(a / c, (b * c - a * d) / (c * c), t)


def _power(u: tuple[Any, Any], v: tuple[Any, Any], t: int) -> Dual:
    (a, b), (c, d) = u, v
    value = GENERIC.pow(a, c)  # checks u > 0
    return Dual(value, value * (d * GENERIC.log(a) + c * b / a), t)


def _is_constant_exponent(o: Any) -> bool:
    if isinstance(o, bool):
        return False
    if isinstance(o, (int, Fraction)):
        return True
    return bool(getattr(o, "is_Rational", False))


def _fraction(o: Any) -> Fraction:
    if isinstance(o, (int, Fraction)):
        return Fraction(o)
    return Fraction(int(o.p), int(o.q))  # a SymPy Rational


def tangent(y: Any, tag: int) -> Any:
    """The ε-coefficient of ``y`` for perturbation ``tag`` (0 if y doesn't depend on it)."""
    if type(y) is Dual:
        if y.tag == tag:
            return y.b
        if y.tag > tag:  # only if a caller leaked an inner perturbation; map over the parts
            return Dual(tangent(y.a, tag), tangent(y.b, tag), y.tag)
        return 0
    if type(y) in LIFTED:
        return y._tangent(tag)
    return 0


def derivative(f: Callable[[Any], Any], x: Any) -> Any:
    """f'(x) by one forward pass with a fresh perturbation (safe to nest)."""
    tag = new_tag()
    return tangent(f(Dual(x, 1, tag)), tag)
