"""One frozen dataclass per differentiation rule; the rule itself is the docstring.

A step says: the derivative of ``expr`` with respect to ``wrt`` is ``result``,
by this rule, given the derivatives in ``substeps``. ``combine(results)``
rebuilds ``result`` from the substeps' results: it *is* the rule, written
once as code. The mistake diagnosis swaps one combine for a buggy one and
re-combines upwards, so a mistake deep inside a product or a nested chain
propagates exactly as the student's would.

Results are kept as the rule produces them (SymPy's automatic evaluation
only); simplification is its own step (``SimplifyStep``) that can be folded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import sympy

from tutor.explain.walk import walk
from tutor.parsing import variable

__all__ = [
    "Step", "ConstantRule", "VariableRule", "ConstantMultipleRule", "PowerRule", "SumRule",
    "DifferenceRule", "ProductRule", "QuotientRule", "ReciprocalRule", "ChainRule", "ExpRule",
    "ExpBaseRule", "LogRule", "LogBaseRule", "FunctionRule", "TrigRule", "InverseTrigRule",
    "HyperbolicRule", "AbsRule", "LogarithmicDifferentiation", "PartialRule",
    "MultivariableChainRule", "SimplifyStep", "Derivation", "STEP_TYPES", "symbol", "walk",
]

Expr = Any  # a sympy.Expr; kept loose so dataclass fields stay cheap to declare


symbol = variable  # the one constructor of a variable (real), under the name explanations use


@dataclass(frozen=True, kw_only=True)
class Step:
    """d/d(wrt) expr = result."""

    expr: Expr
    wrt: str
    result: Expr
    substeps: tuple["Step", ...] = ()
    rule: ClassVar[str] = "step"

    def combine(self, results: tuple[Expr, ...]) -> Expr:
        """The result built from the substeps' results (leaves: their own result)."""
        return self.result

    @property
    def var(self) -> sympy.Symbol:
        return symbol(self.wrt)


# -- leaves ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ConstantRule(Step):
    """d/dx c = 0 when c does not depend on x (other variables are held constant)."""

    held: tuple[str, ...] = ()
    rule: ClassVar[str] = "constant"


@dataclass(frozen=True, kw_only=True)
class VariableRule(Step):
    """d/dx x = 1."""

    rule: ClassVar[str] = "variable"


@dataclass(frozen=True, kw_only=True)
class PowerRule(Step):
    """d/dx xⁿ = n·xⁿ⁻¹ for any constant n (roots: n = 1/2, 1/3…; negative n)."""

    exponent: Expr
    rule: ClassVar[str] = "power"


@dataclass(frozen=True, kw_only=True)
class ExpRule(Step):
    """d/dx eˣ = eˣ."""

    rule: ClassVar[str] = "exp"


@dataclass(frozen=True, kw_only=True)
class ExpBaseRule(Step):
    """d/dx aˣ = aˣ·ln(a) for a constant a > 0."""

    base: Expr
    rule: ClassVar[str] = "exp-base"


@dataclass(frozen=True, kw_only=True)
class LogRule(Step):
    """d/dx ln(x) = 1/x."""

    rule: ClassVar[str] = "log"


@dataclass(frozen=True, kw_only=True)
class LogBaseRule(Step):
    """d/dx log_b(x) = 1/(x·ln(b))."""

    base: Expr
    rule: ClassVar[str] = "log-base"


@dataclass(frozen=True, kw_only=True)
class FunctionRule(Step):
    """d/dx f(x) = f'(x), read from the function catalogue."""

    function: str  # canonical name in tutor.functions
    rule: ClassVar[str] = "function"


@dataclass(frozen=True, kw_only=True)
class TrigRule(FunctionRule):
    """d/dx of sin, cos, tan, sec, csc, cot (e.g. d/dx tan(x) = sec²(x))."""

    rule: ClassVar[str] = "trig"


@dataclass(frozen=True, kw_only=True)
class InverseTrigRule(FunctionRule):
    """d/dx of asin … acot (e.g. d/dx atan(x) = 1/(1 + x²))."""

    rule: ClassVar[str] = "inverse-trig"


@dataclass(frozen=True, kw_only=True)
class HyperbolicRule(FunctionRule):
    """d/dx of sinh, cosh, tanh (e.g. d/dx sinh(x) = cosh(x))."""

    rule: ClassVar[str] = "hyperbolic"


@dataclass(frozen=True, kw_only=True)
class AbsRule(FunctionRule):
    """d/dx |x| = sign(x) for x ≠ 0."""

    rule: ClassVar[str] = "abs"


@dataclass(frozen=True, kw_only=True)
class SimplifyStep(Step):
    """The derivative found by the rules (``before``), simplified; same function, same derivative."""

    before: Expr
    shown_before: Any = None  # the rule's formula as a tree (tutor.parsing.notation), as the student read it
    rule: ClassVar[str] = "simplify"


# -- rules with substeps ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ConstantMultipleRule(Step):
    """d/dx c·f = c·f' for a constant c."""

    constant: Expr
    inner: Expr
    rule: ClassVar[str] = "constant-multiple"

    def combine(self, results: tuple[Expr, ...]) -> Expr:
        return self.constant * results[0]


@dataclass(frozen=True, kw_only=True)
class SumRule(Step):
    """d/dx (f + g) = f' + g'."""

    rule: ClassVar[str] = "sum"

    def combine(self, results: tuple[Expr, ...]) -> Expr:
        return sympy.Add(*results)


@dataclass(frozen=True, kw_only=True)
class DifferenceRule(Step):
    """d/dx (f − g) = f' − g' (substeps: the added terms, then the subtracted ones without their sign)."""

    added: int  # how many leading substeps are added; the rest are subtracted
    rule: ClassVar[str] = "difference"

    def combine(self, results: tuple[Expr, ...]) -> Expr:
        return sympy.Add(*results[: self.added]) - sympy.Add(*results[self.added :])


@dataclass(frozen=True, kw_only=True)
class ProductRule(Step):
    """d/dx (f·g) = f'·g + f·g' (one term per factor for longer products)."""

    factors: tuple[Expr, ...]
    rule: ClassVar[str] = "product"

    def combine(self, results: tuple[Expr, ...]) -> Expr:
        return sympy.Add(*(
            sympy.Mul(*(r if i == j else f for j, f in enumerate(self.factors)))
            for i, r in enumerate(results)
        ))


@dataclass(frozen=True, kw_only=True)
class QuotientRule(Step):
    """d/dx (f/g) = (f'·g − f·g')/g²."""

    numerator: Expr
    denominator: Expr
    rule: ClassVar[str] = "quotient"

    def combine(self, results: tuple[Expr, ...]) -> Expr:
        f, g = self.numerator, self.denominator
        return (results[0] * g - f * results[1]) / g**2


@dataclass(frozen=True, kw_only=True)
class ReciprocalRule(Step):
    """d/dx (1/g) = −g'/g²."""

    denominator: Expr
    rule: ClassVar[str] = "reciprocal"

    def combine(self, results: tuple[Expr, ...]) -> Expr:
        return -results[0] / self.denominator**2


@dataclass(frozen=True, kw_only=True)
class ChainRule(Step):
    """d/dx f(g(x)) = f'(g(x))·g'(x): let u = g(x); dy/dx = dy/du·du/dx.

    substeps: (d/du f(u), d/dx g(x)).
    """

    name: str  # the fresh variable u, v, w…
    inner: Expr  # g(x)
    outer: Expr  # f(u)
    rule: ClassVar[str] = "chain"

    def combine(self, results: tuple[Expr, ...]) -> Expr:
        return results[0].xreplace({symbol(self.name): self.inner}) * results[1]


@dataclass(frozen=True, kw_only=True)
class LogarithmicDifferentiation(Step):
    """d/dx f^g = f^g·(g'·ln(f) + g·f'/f): take ln of both sides, then differentiate.

    substeps: (d/dx f, d/dx g).
    """

    base: Expr
    exponent: Expr
    rule: ClassVar[str] = "logarithmic-differentiation"

    def combine(self, results: tuple[Expr, ...]) -> Expr:
        f, g = self.base, self.exponent
        return f**g * (results[1] * sympy.log(f) + g * results[0] / f)


@dataclass(frozen=True, kw_only=True)
class PartialRule(Step):
    """∂f/∂x: differentiate with respect to x, holding the other variables constant."""

    held: tuple[str, ...]
    rule: ClassVar[str] = "partial"

    def combine(self, results: tuple[Expr, ...]) -> Expr:
        return results[0]


@dataclass(frozen=True, kw_only=True)
class MultivariableChainRule(Step):
    """d/dt f(x(t), y(t)) = ∂f/∂x·dx/dt + ∂f/∂y·dy/dt: one term per path from f to t.

    ``expr`` is the composite f(x(t), y(t)); ``function`` is f itself.
    substeps: pairs (∂f/∂v, dv/dt), one pair per path v, in ``paths`` order.
    """

    function: Expr
    where: tuple[tuple[str, Expr], ...]
    paths: tuple[str, ...]
    rule: ClassVar[str] = "multivariable-chain"

    def substitution(self) -> dict[sympy.Symbol, Expr]:
        return {symbol(name): value for name, value in self.where}

    def path_terms(self, results: tuple[Expr, ...]) -> list[Expr]:
        subs = self.substitution()
        return [results[2 * i].xreplace(subs) * results[2 * i + 1] for i in range(len(self.paths))]

    def combine(self, results: tuple[Expr, ...]) -> Expr:
        return sympy.Add(*self.path_terms(results))


@dataclass(frozen=True, kw_only=True)
class Derivation(Step):
    """The whole derivation: the rule steps, then simplification (successive partials: one stage each)."""

    order: tuple[str, ...]
    rule: ClassVar[str] = "derivation"

    def combine(self, results: tuple[Expr, ...]) -> Expr:
        return self.result


STEP_TYPES: tuple[type[Step], ...] = (
    ConstantRule, VariableRule, ConstantMultipleRule, PowerRule, SumRule, DifferenceRule,
    ProductRule, QuotientRule, ReciprocalRule, ChainRule, ExpRule, ExpBaseRule, LogRule,
    LogBaseRule, TrigRule, InverseTrigRule, HyperbolicRule, AbsRule,
    LogarithmicDifferentiation, PartialRule, MultivariableChainRule, SimplifyStep, Derivation,
)


