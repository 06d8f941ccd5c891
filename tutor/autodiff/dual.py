"""Dual numbers a + bε with ε² = 0: forward-mode AD by operator overloading.

The rules are exactly the course notes' (``⟨u,u'⟩·⟨v,v'⟩ = ⟨uv, u'v + uv'⟩``,
quotient for v ≠ 0, log for u > 0, |u| for u ≠ 0 ...), taken from the one
table: ``rules.py`` for + − × ÷ and powers (the operators are printed from it
by ``fastarith.py``), ``tutor/functions.py`` for the elementary functions. The parts ``a`` and
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

from tutor.autodiff.fastarith import dual_methods, dual_power
from tutor.autodiff.fastfloat import HOT, lifted_function
from tutor.autodiff.numbers import GENERIC, LIFTED, DomainError, new_tag, show_number
from tutor.autodiff.rules import PRIMITIVES
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

    # -- arithmetic: + − × ÷ and negation are generated from rules.py (fastarith.py) ---------
    # below the class; each method's hot paths are a same-tag dual or a float, and
    # everything else (nested tags, exact numbers) goes through _by_row.
    def __pos__(self) -> "Dual":
        return self

    def _general_power(self, o: Any) -> Any:
        """u^k and u^v; ``__pow__`` (generated below the class) handles x**2 of floats inline first."""
        a = self.a
        if _is_constant_exponent(o):
            k = _fraction(o)
            (slope,) = _POWC.partials(GENERIC, a, None, k)
            return Dual(_POWC.value(GENERIC, a, None, k), slope * self.b, self.tag)
        return _by_row("pow", self, o)

    def __rpow__(self, o: Any) -> Any:
        return _by_row("pow", o, self)

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


def _by_row(name: str, u: Any, v: Any) -> Any:
    """u ∘ v by the row of ``rules.py``: ⟨f(a, c), ∂f/∂a·b + ∂f/∂c·d⟩ for the newest tag (the general path)."""
    t = _newest(u, v)
    if t is None:
        return NotImplemented
    (a, b), (c, d) = _split(u, t), _split(v, t)
    row = PRIMITIVES[name]
    da, dc = row.partials(GENERIC, a, c, None)
    return Dual(row.value(GENERIC, a, c, None), da * b + dc * d, t)


def _refuse(a: Any, c: Any) -> Any:
    return GENERIC.div(a, c)  # raises the engine's DomainError for a divisor 0


for _method, _function in dual_methods({"Cls": Dual, "new": _new, "general": _by_row, "refuse": _refuse}).items():
    setattr(Dual, _method, _function)
setattr(Dual, "__pow__", dual_power({"Cls": Dual, "new": _new, "general": Dual._general_power}))
_POWC = PRIMITIVES["powc"]


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
