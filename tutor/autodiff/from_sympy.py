"""The bridge: a SymPy expression compiles once to a tape, then evaluates fast.

``compile_expression(expr, variables)`` walks the SymPy tree (iteratively,
sharing repeated subtrees) into a ``Tape``, then generates and compiles the
value and adjoint programs (``codegen.py``). The checker calls ``.value`` and
``.gradient`` at thousands of points; ``.derivative`` gives any order via
nested tagged duals (mixed partials) or one Taylor pass (one variable), and
``precision=`` digits via mpmath when cancellation would eat a float.

Powers follow SymPy's *real* reading: x^n for integer n at any real x;
x^(p/q) for q odd is the real root at negative x ((-8)^(1/3) = -2, where
SymPy's principal branch would give a complex number), for q even needs x > 0;
u^v with a non-constant exponent needs u > 0; sqrt(u) is the ``sqrt`` row;
sign(u) (|u|' in explanations) is u/|u|, defined for u ≠ 0.
Compiled code that fails (1/0, log of a negative...) is re-run through the
checked interpreter so the error names the operation: ``DomainError``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Mapping, Sequence

from tutor.autodiff import codegen
from tutor.autodiff.dual import Dual, tangent
from tutor.autodiff.numbers import FLOAT_KIND, MP_KIND, DomainError, Kind, UnsupportedExpression, new_tag
from tutor.autodiff.tape import CONST, INPUT, Instr, Tape, evaluate, reverse
from tutor.autodiff.taylor import Taylor
from tutor.functions import by_sympy_class

__all__ = ["to_tape", "extend", "compile_expression", "CompiledExpression"]


class _Builder:
    """Appends instructions, sharing identical ones (common subexpressions)."""

    def __init__(self, variables: Sequence[str]) -> None:
        self.instrs: list[Instr] = []
        self.sources: list[Any] = []
        self.index: dict[Instr, int] = {}
        self.variables = tuple(variables)
        for position in range(len(self.variables)):
            self.add(Instr(INPUT, (), position))

    def add(self, ins: Instr) -> int:
        found = self.index.get(ins)
        if found is None:
            found = self.index[ins] = len(self.instrs)
            self.instrs.append(ins)
            self.sources.append(None)
        return found

    def const(self, value: Any) -> int:
        return self.add(Instr(CONST, (), value))

    def op(self, name: str, *args: int, param: Any = None) -> int:
        return self.add(Instr(name, tuple(args), param))


def _number(expr: Any) -> Any:
    """A SymPy number as a tape constant, or None if ``expr`` is not a plain real number."""
    import sympy

    if expr is sympy.E:
        return "E"
    if expr is sympy.pi:
        return "pi"
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))
    if expr.is_Float:
        return float(expr)
    return None


def _fraction(expr: Any) -> Fraction | None:
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))
    if expr.is_Float:
        return Fraction(float(expr))
    return None


def to_tape(expr: Any, variables: Sequence[str]) -> Tape:
    """The Wengert list of a SymPy expression over ``variables`` (in that order)."""
    import sympy

    b = _Builder(variables)
    out = extend(b, {}, expr, sympy)
    return Tape(b.variables, tuple(b.instrs), (out,), tuple(b.sources))


def extend(b: _Builder, done: dict[Any, int], expr: Any, sympy: Any) -> int:
    """Append ``expr``'s instructions to ``b`` (nodes already in ``done`` are shared); its line number.

    ``done`` maps SymPy sub-expressions to lines: passing the same builder and
    ``done`` for many expressions is how ``evaluator.Evaluator`` computes only
    what a new expression adds.
    """
    position = {name: i for i, name in enumerate(b.variables)}
    stack: list[tuple[Any, bool]] = [(expr, False)]
    while stack:  # iterative post-order: children first, no recursion limit
        node, ready = stack.pop()
        if node in done:
            continue
        children = _children(node)
        if not ready and children:
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(children) if c not in done)
            continue
        done[node] = _emit(node, b, done, position, sympy)
        if b.sources[done[node]] is None:
            b.sources[done[node]] = node
    return done[expr]


def _children(node: Any) -> tuple[Any, ...]:
    if node.is_Atom:
        return ()
    if node.is_Mul:
        num, den = _mul_parts(node)
        return tuple(num + den)
    if node.is_Add:
        return tuple(-t if _negative(t) else t for t in _terms(node))
    if node.is_Pow:
        base, exp = node.args
        k = _fraction(exp)
        if k is not None and k < 0:
            return (base,) if k == -1 else (base**-exp,)
        return (base,) if k is not None else (base, exp)
    return tuple(node.args)


def _terms(node: Any) -> list[Any]:
    """The terms of a sum, positive ones first (SymPy's own order otherwise; sorting for print is slow)."""
    return sorted(node.args, key=_negative)


def _negative(term: Any) -> bool:
    return bool(term.as_coeff_Mul()[0].is_negative)


def _mul_parts(node: Any) -> tuple[list[Any], list[Any]]:
    """Numerator and denominator factors of a product (x·y/z → [x, y], [z])."""
    import sympy

    num, den = [], []
    for factor in node.args:  # SymPy keeps the numeric coefficient first
        if factor.is_Pow and (k := _fraction(factor.exp)) is not None and k < 0:
            den.append(factor.base if factor.exp == -1 else factor.base ** (-factor.exp))
        elif factor.is_Rational and factor.q != 1:
            if factor.p != 1:
                num.append(sympy.Integer(factor.p))
            den.append(sympy.Integer(factor.q))
        else:
            num.append(factor)
    return num, den


def _emit(node: Any, b: _Builder, done: dict[Any, int], position: dict[str, int], sympy: Any) -> int:
    if node.is_Symbol:
        if node.name not in position:
            raise UnsupportedExpression(
                f"the expression uses {node.name}, which is not one of the variables {', '.join(b.variables) or '(none)'}",
                hint="declare every variable the expression uses",
            )
        return position[node.name]
    if node.is_Atom:
        c = _number(node)
        if c is None or node.is_extended_real is False:
            raise UnsupportedExpression(f"the AD engine computes with real numbers only, not {node}")
        return b.const(c)
    if node.is_Add:
        terms = _terms(node)
        first = terms[0]
        acc = b.op("neg", done[-first]) if _negative(first) else done[first]
        for term in terms[1:]:
            if _negative(term):
                acc = b.op("sub", acc, done[-term])
            else:
                acc = b.op("add", acc, done[term])
        return acc
    if node.is_Mul:
        num, den = _mul_parts(node)
        if num and num[0] == -1:
            inner = _product(b, done, num[1:]) if len(num) > 1 else b.const(Fraction(1))
            top = b.op("neg", inner)
        else:
            top = _product(b, done, num) if num else b.const(Fraction(1))
        return b.op("div", top, _product(b, done, den)) if den else top
    if node.is_Pow:
        base, exp = node.args
        k = _fraction(exp)
        if k is None:
            return b.op("pow", done[base], done[exp])
        if k < 0:
            positive = base if k == -1 else base**-exp
            return b.op("div", b.const(Fraction(1)), done[positive])
        if k == Fraction(1, 2):
            return b.op("sqrt", done[base])
        return b.op("powc", done[base], param=k)
    if isinstance(node, sympy.sign):  # |u|' = sign(u) = u/|u|: defined, like the derivative of |u|, for u ≠ 0
        u = done[node.args[0]]
        return b.op("div", u, b.op("abs", u))
    if node.is_Function:
        try:
            row = by_sympy_class(node)
        except KeyError:
            raise UnsupportedExpression(
                f"the AD engine has no primitive for the function {type(node).__name__}",
                hint="the functions it knows are listed in tutor/functions.py",
            ) from None
        if len(node.args) != 1:
            raise UnsupportedExpression(f"{row.name} takes one argument")
        return b.op(row.name, done[node.args[0]])
    raise UnsupportedExpression(f"the AD engine cannot differentiate {type(node).__name__} expressions ({node})")


def _product(b: _Builder, done: dict[Any, int], factors: list[Any]) -> int:
    acc = done[factors[0]]
    for f in factors[1:]:
        acc = b.op("mul", acc, done[f])
    return acc


_FAILURES = (ArithmeticError, ValueError, TypeError)  # what math raises outside a domain


class CompiledExpression:
    """A compiled expression: ``value``, ``gradient``, ``derivative`` at many points."""

    def __init__(self, tape: Tape) -> None:
        self.tape = tape
        self.variables = tape.variables
        self._value_fn: Any = None  # compiled on first use: derivative() alone never needs them
        self._gradient_fn: Any = None

    @property
    def _value(self) -> Any:
        if self._value_fn is None:
            self._value_fn = codegen.compile_function(codegen.value_source(self.tape, "f"), "f")
        return self._value_fn

    @property
    def _gradient(self) -> Any:
        if self._gradient_fn is None:
            source = codegen.adjoint_source(self.tape, "f_gradient")
            self._gradient_fn = codegen.compile_function(source, "f_gradient")
        return self._gradient_fn

    def _inputs(self, point: Mapping[str, Any]) -> list[float]:
        try:
            return [float(point[v]) for v in self.variables]
        except KeyError as exc:
            raise KeyError(f"no value given for {exc.args[0]}") from None

    def _explain(self, xs: list[float], error: Exception) -> DomainError:
        """Re-run the checked interpreter to find which operation failed."""
        try:
            reverse(self.tape, xs, FLOAT_KIND)
        except DomainError as found:
            return found
        except OverflowError:
            return DomainError("evaluation", dict(zip(self.variables, xs)), "results that fit in a float (it overflowed)")
        except _FAILURES:
            pass
        return DomainError("evaluation", dict(zip(self.variables, xs)), f"a point where it is defined ({error})")

    def value(self, point: Mapping[str, Any]) -> float:
        xs = self._inputs(point)
        try:
            return self._value(xs)
        except _FAILURES as exc:
            raise self._explain(xs, exc) from None

    def value_and_gradient(self, point: Mapping[str, Any]) -> tuple[float, dict[str, float]]:
        xs = self._inputs(point)
        try:
            value, grad = self._gradient(xs)
        except _FAILURES as exc:
            raise self._explain(xs, exc) from None
        return value, dict(zip(self.variables, grad))

    def gradient(self, point: Mapping[str, Any]) -> dict[str, float]:
        """Every ∂f/∂x_i by one reverse sweep of the compiled adjoint program."""
        return self.value_and_gradient(point)[1]

    def derivative(self, point: Mapping[str, Any], wrt: Sequence[str], *, precision: int | None = None) -> Any:
        """∂ⁿf/∂wrt[n-1]…∂wrt[0] at ``point`` (``["x", "y"]`` = ∂²f/∂y∂x).

        One variable repeated uses one Taylor pass; mixed partials nest one
        tagged dual per entry. ``precision`` = decimal digits computed with mpmath.
        """
        unknown = [w for w in wrt if w not in self.variables]
        if unknown:
            raise KeyError(f"cannot differentiate with respect to {', '.join(unknown)}: not a variable")
        if precision is None:
            return float(self._derivative(point, wrt, FLOAT_KIND))
        import mpmath

        digits = int(precision)
        with mpmath.workdps(digits + 10):  # guard digits against rounding in long chains
            result = self._derivative(point, wrt, MP_KIND)
        with mpmath.workdps(digits):
            return +mpmath.mpf(result)  # rounded to the digits asked for; the mpf keeps them

    def _derivative(self, point: Mapping[str, Any], wrt: Sequence[str], kind: Kind) -> Any:
        xs = self.tape.point_values(point, kind)
        if not wrt:
            return evaluate(self.tape, xs, kind)[self.tape.output]
        if len(set(wrt)) == 1 and len(wrt) > 1:
            i = self.variables.index(wrt[0])
            order = len(wrt)
            tag = new_tag()
            xs[i] = Taylor.variable(xs[i], order, tag)
            y = evaluate(self.tape, xs, kind)[self.tape.output]
            return Taylor.coefficient(y, order, tag) * math.factorial(order)
        tags = []
        for w in wrt:
            tag = new_tag()
            tags.append(tag)
            i = self.variables.index(w)
            xs[i] = Dual(xs[i], 1, tag)
        y = evaluate(self.tape, xs, kind)[self.tape.output]
        for tag in reversed(tags):
            y = tangent(y, tag)
        return y


def compile_expression(expr: Any, variables: Sequence[str]) -> CompiledExpression:
    """Compile a SymPy expression once; evaluate value, gradient, derivatives many times."""
    return CompiledExpression(to_tape(expr, variables))
