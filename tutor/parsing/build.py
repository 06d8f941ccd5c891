"""Tree -> SymPy, with exact constant arithmetic under caps.

Constant sub-expressions (``9^9^9^9``, ``2^1000 * 3^1000``...) are folded here
with Python fractions *before* SymPy sees them, each step bounded by the
limits in ``limits.py``, so SymPy's eager evaluation never meets a huge number.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Optional

from tutor.errors import Span
from tutor.functions import FUNCTIONS, by_name
from tutor.parsing.errors import ParseError
from tutor.parsing.limits import MAX_CONSTANT_BITS, MAX_EXPONENT, MAX_FACTORIAL, MAX_ROOT_BITS
from tutor.parsing.tree import Node

__all__ = ["build", "build_typed", "Typed", "variable"]


def variable(name: str) -> Any:
    """The SymPy symbol of a variable: every variable of calctutor is real."""
    import sympy

    return sympy.Symbol(name, real=True)


def _bits(q: Fraction) -> int:
    return max(abs(q.numerator).bit_length(), q.denominator.bit_length())


@dataclass(frozen=True)
class Typed:
    """What the typed text said before SymPy's automatic evaluation folded it.

    ``domain``: the sub-expressions that restrict the real domain, as typed and
    unevaluated (ln u, √u, u^(1/2)·…, 1/u, asin u, tan u, u^v …): e^(ln x) folds
    to x and √x·√x to x, but the text is defined for x > 0 only. The checker
    keeps F and the answer to these domains (docs/checking.md, "Domains as typed").
    ``variables``: the variables the text names, even those that fold away
    (x^(1/ln x) is the constant e).
    """

    domain: tuple[Any, ...] = ()
    variables: tuple[str, ...] = ()


class _Builder:
    def __init__(self, source: str) -> None:
        import sympy

        self.sympy = sympy
        self.source = source
        self.infinite = (sympy.zoo, sympy.oo, -sympy.oo, sympy.nan)  # -oo is its own singleton: has(oo) misses it
        self.allowed = {f.sympy_attr for f in FUNCTIONS}
        self.domain: list[Any] = []  # see Typed
        self.variables: set[str] = set()

    def restricts(self, cls: Any, *args: Any) -> None:
        """Record ``cls(*args)``, unevaluated, as a condition on the typed domain."""
        try:
            self.domain.append(cls(*args, evaluate=False))
        except Exception:  # noqa: BLE001 - a record is a bonus; the expression itself was built
            pass

    def error(self, message: str, span: Span, hint: Optional[str] = None) -> ParseError:
        return ParseError(message, span, self.source, hint)

    def construct(self, cls: Any, node: Node, *args: Any) -> Any:
        """``cls(*args)``, falling back to ``evaluate=False`` where SymPy's evaluation itself fails.

        SymPy has rare bugs in automatic evaluation (``sec(pi + cosh(x))`` raises
        AttributeError in 1.14): the expression is still meaningful, so keep it
        unevaluated; if even that fails, the input gets a ParseError, never a traceback.
        """
        try:
            return cls(*args)
        except (ParseError, MemoryError):
            raise
        except Exception:  # noqa: BLE001 - any failure inside SymPy's evaluation
            try:
                return cls(*args, evaluate=False)
            except Exception:  # noqa: BLE001
                raise self.error(
                    "this expression could not be built", node.span, hint="try writing it another way"
                ) from None

    def exact(self, q: Fraction, span: Span) -> Fraction:
        if _bits(q) > MAX_CONSTANT_BITS:
            raise self.error(
                "this number is too large to work with (more than ~3000 digits)", span,
                hint="answers to calculus exercises don't need numbers this big",
            )
        return q

    def build(self, node: Node) -> tuple[Any, Optional[Fraction]]:
        """(SymPy expression, exact rational value if the node is a rational constant)."""
        handler = getattr(self, "_" + node.op)
        return handler(node)

    def rational(self, q: Fraction) -> Any:
        return self.sympy.Rational(q.numerator, q.denominator)

    def _num(self, node: Node) -> tuple[Any, Optional[Fraction]]:
        q = self.exact(node.value, node.span)  # type: ignore[arg-type]
        return self.rational(q), q

    def _var(self, node: Node) -> tuple[Any, Optional[Fraction]]:
        self.variables.add(str(node.value))
        return variable(str(node.value)), None

    def _const(self, node: Node) -> tuple[Any, Optional[Fraction]]:
        return (self.sympy.E if node.value == "e" else self.sympy.pi), None

    def _neg(self, node: Node) -> tuple[Any, Optional[Fraction]]:
        expr, q = self.build(node.args[0])
        if q is not None:
            return self.rational(-q), -q
        return self.construct(self.sympy.Mul, node, self.sympy.S.NegativeOne, expr), None

    def _terms(self, node: Node, op: str, flip: str) -> list[tuple[Node, bool]]:
        """Flatten a left-leaning chain of + and - (or * and /) without deep recursion."""
        out: list[tuple[Node, bool]] = []
        stack = [(node, False)]
        while stack:
            current, inverted = stack.pop()
            if current.op in (op, flip):
                left, right = current.args
                stack.append((left, inverted))
                stack.append((right, inverted != (current.op == flip)))
            else:
                out.append((current, inverted))
        out.reverse()
        return out

    def _add(self, node: Node) -> tuple[Any, Optional[Fraction]]:
        parts = self._terms(node, "add", "sub")
        total: Optional[Fraction] = Fraction(0)
        exprs = []
        for child, negative in parts:
            expr, q = self.build(child)
            exprs.append(self.construct(self.sympy.Mul, child, self.sympy.S.NegativeOne, expr) if negative else expr)
            if total is not None and q is not None:
                total = self.exact(total - q if negative else total + q, node.span)
            else:
                total = None
        if total is not None:
            return self.rational(total), total
        return self.construct(self.sympy.Add, node, *exprs), None

    _sub = _add

    def _mul(self, node: Node) -> tuple[Any, Optional[Fraction]]:
        parts = self._terms(node, "mul", "div")
        product: Optional[Fraction] = Fraction(1)
        exprs = []
        for child, divide in parts:
            expr, q = self.build(child)
            if divide:
                if q == 0 or expr == 0:
                    raise self.error("division by zero", child.span, hint="check the denominator")
                if q is None:
                    self.restricts(self.sympy.Pow, expr, self.sympy.S.NegativeOne)
                exprs.append(self.construct(self.sympy.Pow, child, expr, self.sympy.S.NegativeOne))
            else:
                exprs.append(expr)
            if product is not None and q is not None:
                product = self.exact(product / q if divide else product * q, node.span)
            else:
                product = None
        if product is not None:
            return self.rational(product), product
        return self.construct(self.sympy.Mul, node, *exprs), None

    _div = _mul

    def _pow(self, node: Node) -> tuple[Any, Optional[Fraction]]:
        base_node, exp_node = node.args
        base, qb = self.build(base_node)
        exponent, qe = self.build(exp_node)
        if qe is not None and abs(qe) > MAX_EXPONENT:
            raise self.error(
                f"the exponent {self._show(qe)} is beyond ±{MAX_EXPONENT}", exp_node.span,
                hint="exponents in answers are small numbers or expressions",
            )
        if qb is not None and qe is not None and qe.denominator > MAX_EXPONENT:
            # Only a number's root costs work at once (SymPy looks for an exact root);
            # x^0.4999 is an ordinary power and stays allowed.
            raise self.error(
                f"a root of degree {qe.denominator} of a number is beyond {MAX_EXPONENT}", exp_node.span,
                hint="exponents in answers are small numbers or expressions",
            )
        if qb is not None and qe is not None:
            if qb == 0 and qe < 0:
                raise self.error("division by zero (0 to a negative power)", node.span)
            if qe.denominator == 1:
                if _bits(qb) * abs(qe.numerator) > MAX_CONSTANT_BITS:
                    raise self.error(
                        "this power is too large to work with (more than ~3000 digits)", node.span,
                        hint="answers to calculus exercises don't need numbers this big",
                    )
                q = qb ** qe.numerator
                return self.rational(q), q
            if qb < 0:
                # SymPy's principal root of a negative number is complex: (-8)^(1/3) is not -2.
                raise self.error(
                    "a fractional power of a negative number is not a real number here", node.span,
                    hint="for the real cube root of -8 write -(8^(1/3))",
                )
            if _bits(qb) > MAX_ROOT_BITS:
                raise self.error("the base of this root is too large to work with", base_node.span)
        if qb is None and (qe is None or qe.denominator != 1 or qe < 0):
            self.restricts(self.sympy.Pow, base, exponent)  # a root, a negative power, a variable exponent
        result = self.settle(self.sympy.Pow, node, base, exponent)
        if result.is_Pow and result.exp.is_Number and abs(result.exp) > MAX_EXPONENT:
            raise self.error(
                f"this power amounts to an exponent beyond ±{MAX_EXPONENT}", node.span,
                hint="exponents in answers are small numbers or expressions",
            )
        return result, None

    def _call(self, node: Node) -> tuple[Any, Optional[Fraction]]:
        arg, q = self.build(node.args[0])
        if node.value == "exp" and q is not None and abs(q) > MAX_EXPONENT:
            # exp(u) is e^u: the same cap on a constant exponent.
            raise self.error(f"the exponent {self._show(q)} is beyond ±{MAX_EXPONENT}", node.args[0].span,
                             hint="exponents in answers are small numbers or expressions")
        row = by_name(str(node.value))
        if q is None and row.domain_text != "every real u" and row.name != "abs":  # |u| is defined everywhere
            self.restricts(row.sympy(), arg)
        return self.settle(row.sympy(), node, arg), None

    def settle(self, cls: Any, node: Node, *args: Any) -> Any:
        """``cls(*args)`` kept inside the language, and real.

        SymPy's evaluation sometimes leaves the language: |2^(x^x)| becomes 2^re(x^x),
        sec(x + cosh 2 + pi) becomes -sec(x + 1/sec(2i)). Such a result is replaced
        by the unevaluated application, which prints and reads back. A constant that
        is truly not real (√-1, ln 0, ln(-1)) is refused: calculus here is real.
        """
        result = self.construct(cls, node, *args)
        if result.has(*self.infinite):
            raise self._not_real(node)
        if result.has(self.sympy.I) or self._foreign(result):
            if result.is_number and not self._numerically_real(result):
                raise self._not_real(node)
            result = cls(*args, evaluate=False)
        return result

    def _foreign(self, expr: Any) -> bool:
        from sympy import preorder_traversal

        return any(
            sub.is_Function and type(sub).__name__ not in self.allowed for sub in preorder_traversal(expr)
        )

    @staticmethod
    def _numerically_real(number: Any) -> bool:
        try:
            value = complex(number.evalf(20))
        except Exception:  # noqa: BLE001 - SymPy could not evaluate it: not a usable real number
            return False
        # Relative 1e-12: far above evalf's 20-digit noise, far below any genuine imaginary part.
        return abs(value.imag) <= 1e-12 * max(1.0, abs(value.real))

    def _not_real(self, node: Node) -> ParseError:
        return self.error(
            "this is not a real number", node.span,
            hint="check the signs: roots of negatives and logarithms of numbers ≤ 0 are undefined",
        )

    def _fact(self, node: Node) -> tuple[Any, Optional[Fraction]]:
        arg = node.args[0]
        q = arg.value if arg.op == "num" else None
        if not isinstance(q, Fraction) or q.denominator != 1 or not 0 <= q <= MAX_FACTORIAL:
            raise self.error(
                f"factorial only of a whole number from 0 to {MAX_FACTORIAL}", node.span,
                hint="write the value instead, e.g. 6 for 3!",
            )
        value = 1
        for k in range(2, int(q) + 1):
            value *= k
        return self.sympy.Integer(value), Fraction(value)

    @staticmethod
    def _show(q: Fraction) -> str:
        if _bits(q) > 64:  # too long to print in a message: say how big instead
            return f"of about {len(str(abs(q.numerator)))} digits" if q.denominator == 1 else "(a large fraction)"
        return str(q)


def build(node: Node, source: str) -> Any:
    """The SymPy expression of a checked tree (ParseError if a constant outgrows the caps)."""
    return build_typed(node, source)[0]


def build_typed(node: Node, source: str) -> tuple[Any, Typed]:
    """``build``, plus what the typed text said before SymPy folded it (``Typed``)."""
    builder = _Builder(source)
    expr, _ = builder.build(node)
    _check_combined_powers(expr, node.span, source)
    return expr, Typed(tuple(builder.domain), tuple(sorted(builder.variables)))


def _check_combined_powers(expr: Any, span: Span, source: str) -> None:
    """SymPy merges x^1000*x^1000 into x^2000: hold the merged exponents to the same cap."""
    from sympy import preorder_traversal

    from sympy import exp

    for sub in preorder_traversal(expr):
        power = sub.exp if sub.is_Pow else sub.args[0] if isinstance(sub, exp) else None
        if power is None or not power.is_Rational:
            continue
        # A huge denominator matters only on a number (an exact root to look for), not on x.
        root_of_number = sub.is_Pow and sub.base.is_number and power.q > MAX_EXPONENT
        if abs(power) > MAX_EXPONENT or root_of_number:
            raise ParseError(
                f"this amounts to a power beyond ±{MAX_EXPONENT}", span, source,
                hint="exponents in answers are small numbers or expressions",
            )
