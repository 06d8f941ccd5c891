"""Numbers for the numeric oracle: an expression's value (or a derivative) at a point, in floats or many digits.

Values come from the AD engine's compiled tape: fast floats for the first
pass, mpmath at a chosen number of digits (``precision=``) for rechecks. Both
the answer and the derivative are evaluated by the same engine, so they share
one reading of the real domain (the real cube root of a negative number,
|u|' undefined at 0). When the engine cannot compile an expression (a SymPy
function outside the catalogue, such as ``sign``, built by code), SymPy's
``evalf`` stands in; it is slower but adaptive.

A high-precision value is computed at ``digits`` and again at ``2·digits``:
their gap estimates the rounding error of the first, which is what lets the
comparison tell a real difference from cancellation noise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

__all__ = ["Undefined", "Precise", "ExpressionValues", "DerivativeValues", "Values", "Guards"]

Point = Mapping[str, float]


class Undefined(ValueError):
    """The expression has no real value at this point (the reason is the message)."""


@dataclass(frozen=True)
class Precise:
    """A value at ``2·digits`` digits with an estimate of the error of the ``digits`` value."""

    value: Any  # mpmath.mpf
    error: Any  # |value at digits - value at 2·digits|


def _as_float(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise Undefined(f"not a real number: {value}") from exc
    if not math.isfinite(number):
        raise Undefined(f"not finite: {number}")
    return number


def _mpf(value: Any) -> Any:
    import mpmath

    if isinstance(value, mpmath.mpc):
        if value.imag != 0:
            raise Undefined(f"not a real number: {value}")
        value = value.real
    number = mpmath.mpf(value)
    if not mpmath.isfinite(number):
        raise Undefined(f"not finite: {number}")
    return number


def _digits(digits: int) -> Any:
    """Work at ``digits`` (+ guard digits) around an engine call, so that its result is
    not rounded back to the default 15 digits when it is converted on the way out."""
    import mpmath

    return mpmath.workdps(digits + 10)


def _evalf(expr: Any, point: Point, digits: int) -> Any:
    """SymPy's adaptive evaluation of ``expr`` at ``point`` (the floats taken exactly)."""
    import mpmath
    import sympy

    from tutor.parsing import variable

    # Exact rationals, not Floats: a Float carries a precision that evalf
    # honours (and SymPy's caches may hand back a less precise twin of it).
    from tutor.checking.symbolic import textbook

    subs = {variable(name): sympy.Rational(v) for name, v in point.items()}
    result = textbook(expr).evalf(digits, subs=subs)
    if not result.is_number:
        raise Undefined(f"{expr} still has free symbols {sorted(map(str, result.free_symbols))}")
    re, im = result.as_real_imag()
    if im != 0 and abs(complex(im.evalf(digits))) > 0:
        raise Undefined(f"{expr} is not real at this point")
    if re.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise Undefined(f"{expr} is not finite at this point")
    with mpmath.workdps(digits + 10):  # mpf() rounds to the working precision
        return mpmath.mpf(sympy.Float(re, digits + 10)._mpf_)


def _tape(expr: Any, variables: Sequence[str]) -> Any | None:
    from tutor.autodiff import UnsupportedExpression, to_tape

    try:
        return to_tape(expr, list(variables))
    except UnsupportedExpression:
        return None


def _compile(expr: Any, variables: Sequence[str]) -> Any | None:
    from tutor.autodiff import UnsupportedExpression, compile_expression

    try:
        return compile_expression(expr, list(variables))
    except UnsupportedExpression:
        return None


def _run(tape: Any, point: Point, kind: Any) -> Any:
    """The tape's value by the engine's checked interpreter (raises Undefined outside the domain)."""
    from tutor.autodiff.tape import evaluate

    try:
        return evaluate(tape, tape.point_values(point, kind), kind)[tape.output]
    except (ArithmeticError, ValueError) as exc:
        raise Undefined(str(exc)) from exc


class Guards:
    """The domain an expression was typed with: sub-expressions that must be defined at a point.

    SymPy folds e^(ln x) to x and √x·√x to x; the parser records ln x and √x
    as typed (``parsing.Typed``), and here they are evaluated by the engine's
    interpreter at every point: where one is undefined, so is the expression.
    """

    def __init__(self, conditions: Sequence[Any], variables: Sequence[str]) -> None:
        self.conditions = tuple(conditions)
        self.tapes = [t for t in (_tape(c, variables) for c in self.conditions) if t is not None]

    def __bool__(self) -> bool:
        return bool(self.tapes)

    def check(self, point: Point) -> None:
        """Raise ``Undefined`` where a recorded sub-expression is outside its real domain.

        Evaluated with mpmath, which does not overflow: cosh 720 in 1/cosh(x)²
        is a large number, not the edge of a domain.
        """
        from tutor.autodiff.numbers import MP_KIND

        for tape in self.tapes:
            with _digits(GUARD_DIGITS):
                _run(tape, point, MP_KIND)  # raises Undefined outside the domain


NO_GUARDS = Guards((), ())

# Digits for evaluating the recorded domain conditions: they only need to be defined.
GUARD_DIGITS = 15


class Values:
    """Float and precise values of something at a point; subclasses say of what."""

    def float(self, point: Point) -> float:
        raise NotImplementedError

    def at_digits(self, point: Point, digits: int) -> Any:
        raise NotImplementedError

    def precise(self, point: Point, digits: int) -> Precise:
        import mpmath

        low = self.at_digits(point, digits)
        high = self.at_digits(point, 2 * digits)
        with mpmath.workdps(2 * digits):
            return Precise(high, abs(low - high))


class ExpressionValues(Values):
    """The value of an expression (the student's answer, or an expected expression).

    The answer is evaluated a dozen times or so: the engine's interpreter over
    its tape costs less than compiling the tape to Python first.
    """

    def __init__(self, expr: Any, variables: Sequence[str], guards: Guards = NO_GUARDS) -> None:
        self.expr = expr
        self.variables = list(variables)
        self.tape = _tape(expr, variables)
        self.guards = guards

    def float(self, point: Point) -> float:
        from tutor.autodiff.numbers import FLOAT_KIND

        if self.guards:
            self.guards.check(point)
        if self.tape is None:
            return _as_float(self.at_digits(point, 15))
        return _as_float(_run(self.tape, point, FLOAT_KIND))

    def at_digits(self, point: Point, digits: int) -> Any:
        if self.guards:
            self.guards.check(point)
        if self.tape is not None:
            from tutor.autodiff.numbers import MP_KIND

            with _digits(digits):
                return _mpf(_run(self.tape, point, MP_KIND))
        try:
            return _evalf(self.expr, point, digits)
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise Undefined(str(exc)) from exc


class DerivativeValues(Values):
    """∂ⁿF/∂wrt… at a point, by the AD engine (falls back to the symbolic derivative).

    F is compiled: the sampler evaluates F and F' at every candidate point and
    its neighbours, and a first derivative comes with the value from one run
    of the compiled adjoint program.
    """

    def __init__(
        self, of: Any, wrt: Sequence[str], variables: Sequence[str], expected: Any, guards: Guards = NO_GUARDS
    ) -> None:
        self.of = of
        self.wrt = list(wrt)
        self.tape = _compile(of, variables)
        self.guards = guards
        self.fallback = ExpressionValues(expected, variables, guards) if self.tape is None else None
        self.of_values = ExpressionValues(of, variables, guards) if self.tape is None else None

    def _compiled(self) -> Any:
        """F's compiled program (the methods reach here only when F compiled: else the fallbacks answer)."""
        assert self.tape is not None
        return self.tape

    def value_of_f(self, point: Point) -> float:
        """F itself (the sampler keeps to F's domain, as typed)."""
        if self.guards:
            self.guards.check(point)
        if self.of_values is not None:
            return self.of_values.float(point)
        try:
            return _as_float(self._compiled().value(point))
        except (ArithmeticError, ValueError) as exc:
            raise Undefined(str(exc)) from exc

    def value_and_float(self, point: Point) -> tuple[float, float]:
        """F and the derivative, in one pass when it is a first derivative."""
        if self.tape is None or len(self.wrt) != 1:
            return self.value_of_f(point), self.float(point)
        if self.guards:
            self.guards.check(point)
        if self.wrt[0] not in self.tape.variables:
            return self.value_of_f(point), 0.0  # F does not depend on it
        try:
            value, gradient = self.tape.value_and_gradient(point)
        except (ArithmeticError, ValueError) as exc:
            raise Undefined(str(exc)) from exc
        return _as_float(value), _as_float(gradient[self.wrt[0]])

    def float(self, point: Point) -> float:
        if self.fallback is not None:
            return self.fallback.float(point)
        if self.guards:
            self.guards.check(point)
        if len(self.wrt) == 1:
            return self.value_and_float(point)[1]
        try:
            return _as_float(self._compiled().derivative(point, self.wrt))
        except (ArithmeticError, ValueError) as exc:
            raise Undefined(str(exc)) from exc

    def at_digits(self, point: Point, digits: int) -> Any:
        if self.fallback is not None:
            return self.fallback.at_digits(point, digits)
        if self.guards:
            self.guards.check(point)
        try:
            with _digits(digits):
                return _mpf(self._compiled().derivative(point, self.wrt, precision=digits))
        except (ArithmeticError, ValueError) as exc:
            raise Undefined(str(exc)) from exc
