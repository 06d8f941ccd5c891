"""From the shape of an expression to the rule that differentiates it: one row per shape.

``RULES`` is read top to bottom; the first row whose ``match`` returns a match
builds the step. The rows keep the student's form: ``tan`` stays ``tan``,
``x·e^(−x)`` is a product (not a quotient), a quotient is recognised in SymPy's
``Mul(f, Pow(g, −n))`` form, a difference is an ``Add`` with negative terms,
and ``1/g`` is a reciprocal. Functions come from ``tutor.functions``: a new row
there is differentiated here without a new row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Optional

import sympy

from tutor.errors import UserError
from tutor.explain import steps as S
from tutor.functions import Function, by_sympy_class, sympy_namespace

__all__ = ["RULES", "Shape", "Context", "derive", "ExplainError", "split_constant"]

Expr = Any

# Fresh names for chain-rule substitutions, outermost first (u, then v, w…).
FRESH_NAMES = ("u", "v", "w", "s", "r", "p", "q", "z")


class ExplainError(UserError):
    """An expression no rule knows how to explain (names the shape)."""


@dataclass
class Context:
    """What a derivation threads through: names already taken, chain depth."""

    taken: frozenset[str] = frozenset()
    depth: int = 0
    _fresh: list[str] = field(default_factory=list)

    def fresh(self) -> str:
        if not self._fresh:
            pool = [n for n in FRESH_NAMES if n not in self.taken]
            pool += [f"u{i}" for i in range(1, 100) if f"u{i}" not in self.taken]
            self._fresh.extend(pool)
        return self._fresh[min(self.depth, len(self._fresh) - 1)]

    def deeper(self) -> "Context":
        return Context(self.taken, self.depth + 1, self._fresh)


@dataclass(frozen=True)
class Shape:
    """One row of ``RULES``: a shape of expression (``match`` returns something truthy), the derivative
    rule it takes (``name``, as the step classes name it) and the step it builds."""

    name: str
    match: Callable[[Expr, sympy.Symbol], Any]
    build: Callable[[Expr, str, Any, Context], S.Step]


@lru_cache(maxsize=1)
def _ns() -> Any:
    return sympy_namespace()


def _depends(e: Expr, x: sympy.Symbol) -> bool:
    return x in e.free_symbols


def _neg_number(e: Expr) -> bool:
    return e.is_Number and e < 0


# -- the shapes --------------------------------------------------------------------------


def _log_of(e: Expr, x: sympy.Symbol) -> Optional[Expr]:
    return e.args[0] if isinstance(e, sympy.log) and _depends(e, x) else None


def _log_base_divisor(e: Expr, x: sympy.Symbol) -> Optional[Expr]:
    """b when e is 1/ln(b) with b constant (SymPy writes log_b(g) as ln(g)/ln(b))."""
    if e.is_Pow and e.exp == -1 and isinstance(e.base, sympy.log) and not _depends(e, x):
        return e.base.args[0]
    return None


def split_constant(e: Expr, x: sympy.Symbol) -> tuple[Expr, Expr]:
    """(c, rest) with e = c·rest, c free of x; ln(g)/ln(b) stays together in rest."""
    factors = e.as_ordered_factors()
    has_log = any(_log_of(f, x) is not None for f in factors)
    const, rest = [], []
    for f in factors:
        if _depends(f, x) or (has_log and _log_base_divisor(f, x) is not None):
            rest.append(f)
        else:
            const.append(f)
    return sympy.Mul(*const), sympy.Mul(*rest)


def _match_log_base(e: Expr, x: sympy.Symbol) -> Any:
    if not e.is_Mul or len(e.args) != 2:
        return None
    a, b = e.args
    for g_fac, b_fac in ((a, b), (b, a)):
        g, base = _log_of(g_fac, x), _log_base_divisor(b_fac, x)
        if g is not None and base is not None:
            return g, base
    return None


def _match_constant_multiple(e: Expr, x: sympy.Symbol) -> Any:
    if not e.is_Mul:
        return None
    c, rest = split_constant(e, x)
    return (c, rest) if c != 1 else None


def _match_quotient(e: Expr, x: sympy.Symbol) -> Any:
    if not e.is_Mul:
        return None
    num: list[Expr] = []
    den: list[Expr] = []
    for f in e.as_ordered_factors():
        base, exp = f.as_base_exp()
        (den if _neg_number(exp) and _depends(f, x) else num).append(f)
    if not den:
        return None
    denominator = sympy.Mul(*(1 / f for f in den))
    return sympy.Mul(*num), denominator


def _match_function(e: Expr, x: sympy.Symbol) -> Any:
    if not isinstance(e, sympy.Function) or len(e.args) != 1:
        return None
    try:
        return by_sympy_class(e)
    except KeyError:
        return None


# -- the builders ------------------------------------------------------------------------


def _constant(e: Expr, x: str, m: Any, ctx: Context) -> S.Step:
    held = tuple(sorted(s.name for s in e.free_symbols))
    return S.ConstantRule(expr=e, wrt=x, result=sympy.Integer(0), held=held)


def _variable(e: Expr, x: str, m: Any, ctx: Context) -> S.Step:
    return S.VariableRule(expr=e, wrt=x, result=sympy.Integer(1))


def _with_substeps(cls: type, e: Expr, x: str, subs: tuple[S.Step, ...], **fields: Any) -> S.Step:
    """Build a step whose result is its own rule applied to its substeps' results."""
    proto = cls(expr=e, wrt=x, result=sympy.Integer(0), substeps=subs, **fields)
    return cls(expr=e, wrt=x, result=proto.combine(tuple(s.result for s in subs)), substeps=subs, **fields)


def _sum(e: Expr, x: str, m: Any, ctx: Context) -> S.Step:
    terms = e.as_ordered_terms()
    added = [t for t in terms if not t.as_coeff_Mul()[0] < 0]
    taken = [-t for t in terms if t.as_coeff_Mul()[0] < 0]
    subs = tuple(derive(t, x, ctx) for t in added + taken)
    if not taken:
        return _with_substeps(S.SumRule, e, x, subs)
    return _with_substeps(S.DifferenceRule, e, x, subs, added=len(added))


def _constant_multiple(e: Expr, x: str, m: Any, ctx: Context) -> S.Step:
    c, rest = m
    return _with_substeps(S.ConstantMultipleRule, e, x, (derive(rest, x, ctx),), constant=c, inner=rest)


def _quotient(e: Expr, x: str, m: Any, ctx: Context) -> S.Step:
    num, den = m
    if num == 1:
        return _with_substeps(S.ReciprocalRule, e, x, (derive(den, x, ctx),), denominator=den)
    subs = (derive(num, x, ctx), derive(den, x, ctx))
    return _with_substeps(S.QuotientRule, e, x, subs, numerator=num, denominator=den)


def _product(e: Expr, x: str, m: Any, ctx: Context) -> S.Step:
    factors = tuple(e.as_ordered_factors())
    subs = tuple(derive(f, x, ctx) for f in factors)
    return _with_substeps(S.ProductRule, e, x, subs, factors=factors)


def _chain(e: Expr, x: str, inner: Expr, outer_of: Callable[[Expr], Expr], ctx: Context) -> S.Step:
    name = ctx.fresh()
    u = S.symbol(name)
    outer = outer_of(u)
    subs = (derive(outer, name, ctx.deeper()), derive(inner, x, ctx.deeper()))
    return _with_substeps(S.ChainRule, e, x, subs, name=name, inner=inner, outer=outer)


def _power(e: Expr, x: str, m: Any, ctx: Context) -> S.Step:
    X = S.symbol(x)
    base, exp = e.base, e.exp
    if not _depends(exp, X):
        if base == X:
            return S.PowerRule(expr=e, wrt=x, result=exp * base ** (exp - 1), exponent=exp)
        if exp == -1:
            return _with_substeps(S.ReciprocalRule, e, x, (derive(base, x, ctx),), denominator=base)
        return _chain(e, x, base, lambda u: u**exp, ctx)
    if not _depends(base, X):
        if exp == X:
            return S.ExpBaseRule(expr=e, wrt=x, result=base**exp * sympy.log(base), base=base)
        return _chain(e, x, exp, lambda u: base**u, ctx)
    subs = (derive(base, x, ctx), derive(exp, x, ctx))
    return _with_substeps(S.LogarithmicDifferentiation, e, x, subs, base=base, exponent=exp)


def _log_base(e: Expr, x: str, m: Any, ctx: Context) -> S.Step:
    g, b = m
    if g == S.symbol(x):
        return S.LogBaseRule(expr=e, wrt=x, result=1 / (g * sympy.log(b)), base=b)
    return _chain(e, x, g, lambda u: sympy.log(u) / sympy.log(b), ctx)


# Which step type explains d/du f(u) for each family of tutor.functions.
FAMILY_STEP: dict[str, type[S.FunctionRule]] = {
    "trig": S.TrigRule,
    "inverse-trig": S.InverseTrigRule,
    "hyperbolic": S.HyperbolicRule,
    "abs": S.AbsRule,
}


def _function(e: Expr, x: str, fn: Function, ctx: Context) -> S.Step:
    arg = e.args[0]
    if arg != S.symbol(x):
        return _chain(e, x, arg, lambda u: e.func(u), ctx)
    result = fn.derivative(arg, _ns())
    if fn.family == "exp":
        return S.ExpRule(expr=e, wrt=x, result=result)
    if fn.family == "log":
        return S.LogRule(expr=e, wrt=x, result=result)
    try:
        cls = FAMILY_STEP[fn.family]
    except KeyError:
        raise ExplainError(f"no step type for the {fn.family} function {fn.name}") from None
    return cls(expr=e, wrt=x, result=result, function=fn.name)


# fmt: off
RULES: tuple[Shape, ...] = (
    Shape("constant",          lambda e, x: not _depends(e, x),  _constant),
    Shape("variable",          lambda e, x: e == x,              _variable),
    Shape("sum",               lambda e, x: e.is_Add,            _sum),
    Shape("log-base",          _match_log_base,                  _log_base),
    Shape("constant-multiple", _match_constant_multiple,         _constant_multiple),
    Shape("quotient",          _match_quotient,                  _quotient),
    Shape("product",           lambda e, x: e.is_Mul,            _product),
    Shape("power",             lambda e, x: e.is_Pow,            _power),
    Shape("function",          _match_function,                  _function),
)
# fmt: on


def derive(expr: Expr, wrt: str, ctx: Optional[Context] = None) -> S.Step:
    """The step tree for d/d(wrt) expr, dispatched on the expression's shape."""
    ctx = ctx or Context(frozenset(s.name for s in expr.free_symbols) | {wrt})
    x = S.symbol(wrt)
    for row in RULES:
        m = row.match(expr, x)
        if m is not None and m is not False:
            return row.build(expr, wrt, m, ctx)
    kind = type(expr).__name__
    raise ExplainError(
        f"no differentiation rule for {kind} ({expr})",
        hint="explanations cover sums, differences, products, quotients, powers and the functions of the input language",
    )
