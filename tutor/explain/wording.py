"""The words of each step: one row per rule id, a small function of the step.

Math is written in the input language (``tutor.parsing.to_text``) so a student
can type back what they read. The chain rule is told as a substitution:
"let u = x^2; d/du sin(u) = cos(u); du/dx = 2x; so d/dx sin(x^2) = cos(x^2)·2x"
— the unsimplified product first; simplification is a step of its own.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

import sympy

from tutor.explain import steps as S

__all__ = ["WORDING", "text_of", "show", "d_dx"]


@lru_cache(maxsize=1)
def _printer() -> Callable[[Any], str]:
    try:
        from tutor.parsing import to_text
    except ImportError:  # the parser's printer not built yet: SymPy's own str
        return str
    return to_text


def show(expr: Any) -> str:
    """An expression in the input language (falls back to SymPy's str)."""
    try:
        return _printer()(expr)
    except Exception:  # the printer must never stop an explanation; str is always readable
        return str(expr)


def _factor(expr: Any) -> str:
    """``show`` with brackets when the expression is a sum (so it can be a factor)."""
    text = show(expr)
    return f"({text})" if expr.is_Add or text.startswith("-") else text


def _times(*factors: Any) -> str:
    kept = [f for f in factors if f != 1]
    if len(kept) == 1:
        return show(kept[0])
    return "·".join(_factor(f) for f in kept) if kept else "1"


def d_dx(wrt: str, partial: bool = False) -> str:
    return f"∂/∂{wrt}" if partial else f"d/d{wrt}"


def _eq(step: S.Step) -> str:
    return f"{d_dx(step.wrt)} {show(step.expr)} = {show(step.result)}"


def _constant(s: S.ConstantRule) -> str:
    held = f" ({', '.join(s.held)} held constant)" if s.held else ""
    return f"constant: {show(s.expr)} does not depend on {s.wrt}{held}, so {d_dx(s.wrt)} {show(s.expr)} = 0"


def _power(s: S.PowerRule) -> str:
    n = s.exponent
    kind = " (a root)" if n.is_Rational and not n.is_Integer and n > 0 else ""
    kind = " (a negative exponent)" if n.is_negative else kind
    return f"power rule: {d_dx(s.wrt)} {s.wrt}^n = n·{s.wrt}^(n-1) with n = {show(n)}{kind}: {_eq(s)}"


def _sum_like(s: S.Step) -> str:
    parts = [show(sub.result) for sub in s.substeps]
    if isinstance(s, S.DifferenceRule):
        added = parts[: s.added] or ["0"]
        taken = [_factor(sub.result) for sub in s.substeps[s.added :]]
        joined = " + ".join(added) + "".join(f" − {t}" for t in taken)
        return f"difference rule: (f − g)' = f' − g', term by term: {d_dx(s.wrt)} {show(s.expr)} = {joined}"
    return f"sum rule: (f + g)' = f' + g', term by term: {d_dx(s.wrt)} {show(s.expr)} = {' + '.join(parts)}"


def _constant_multiple(s: S.ConstantMultipleRule) -> str:
    return (
        f"constant multiple rule: (c·f)' = c·f' with c = {show(s.constant)}: "
        f"{d_dx(s.wrt)} {show(s.expr)} = {_times(s.constant, s.substeps[0].result)}"
    )


def _product(s: S.ProductRule) -> str:
    terms = [
        _times(*(sub.result if i == j else f for j, f in enumerate(s.factors)))
        for i, sub in enumerate(s.substeps)
    ]
    return f"product rule: (f·g)' = f'·g + f·g': {d_dx(s.wrt)} {show(s.expr)} = {' + '.join(terms)}"


def _quotient(s: S.QuotientRule) -> str:
    f, g = s.numerator, s.denominator
    df, dg = (sub.result for sub in s.substeps)
    return (
        f"quotient rule: (f/g)' = (f'·g − f·g')/g² with f = {show(f)}, g = {show(g)}: "
        f"{d_dx(s.wrt)} {show(s.expr)} = ({_times(df, g)} − {_times(f, dg)})/{_factor(g)}^2"
    )


def _reciprocal(s: S.ReciprocalRule) -> str:
    g, dg = s.denominator, s.substeps[0].result
    return (
        f"reciprocal rule: (1/g)' = −g'/g² with g = {show(g)}: "
        f"{d_dx(s.wrt)} {show(s.expr)} = −{_factor(dg)}/{_factor(g)}^2"
    )


def _chain(s: S.ChainRule) -> str:
    u = s.name
    outer, inner = s.substeps
    back = outer.result.xreplace({S.symbol(u): s.inner})
    return (
        f"chain rule: let {u} = {show(s.inner)}; d/d{u} {show(s.outer)} = {show(outer.result)}; "
        f"d{u}/d{s.wrt} = {show(inner.result)}; "
        f"so {d_dx(s.wrt)} {show(s.expr)} = {_times(back, inner.result)}"
    )


def _function(s: S.FunctionRule) -> str:
    from tutor.functions import by_name

    return f"{by_name(s.function).title}: {_eq(s)}"


def _exp_base(s: S.ExpBaseRule) -> str:
    return f"exponential rule: (a^{s.wrt})' = a^{s.wrt}·ln(a) with a = {show(s.base)}: {_eq(s)}"


def _log_base(s: S.LogBaseRule) -> str:
    return f"logarithm in base b: (log_b {s.wrt})' = 1/({s.wrt}·ln(b)) with b = {show(s.base)}: {_eq(s)}"


def _log_diff(s: S.LogarithmicDifferentiation) -> str:
    df, dg = (sub.result for sub in s.substeps)
    f, g = s.base, s.exponent
    return (
        f"logarithmic differentiation: {s.wrt} is in both the base and the exponent, "
        f"f^g = e^(g·ln f), so (f^g)' = f^g·(g'·ln(f) + g·f'/f) with f = {show(f)}, g = {show(g)}: "
        f"{d_dx(s.wrt)} {show(s.expr)} = {_times(s.expr)}·({_times(dg, sympy.log(f))} + {_times(g, df)}/{_factor(f)})"
    )


def _partial(s: S.PartialRule) -> str:
    held = ", ".join(s.held)
    return f"partial derivative: differentiate with respect to {s.wrt}, holding {held} constant: ∂/∂{s.wrt} {show(s.expr)} = {show(s.result)}"


def _multichain(s: S.MultivariableChainRule) -> str:
    formula = " + ".join(f"∂f/∂{v}·d{v}/d{s.wrt}" for v in s.paths)
    terms = " + ".join(
        _times(s.substeps[2 * i].result.xreplace(s.substitution()), s.substeps[2 * i + 1].result)
        for i in range(len(s.paths))
    )
    where = ", ".join(f"{n} = {show(v)}" for n, v in s.where)
    # inner functions of several parameters (x = s·t, y = s + t): every derivative is partial, ∂z/∂s
    d = "∂" if any(v.free_symbols - {s.var} for _, v in s.where) else "d"
    formula = formula.replace(f"·d", f"·{d}").replace(f"/d{s.wrt}", f"/{d}{s.wrt}") if d == "∂" else formula
    return (
        f"multivariable chain rule: with {where}, {d}/{d}{s.wrt} f = {formula} "
        f"(one term per path): {d}/{d}{s.wrt} {show(s.function)} = {terms}"
    )


def _simplify(s: S.SimplifyStep) -> str:
    return f"simplify: {show(s.before)} = {show(s.result)}"


def _derivation(s: S.Derivation) -> str:
    if len(s.order) > 1:
        return f"successive derivatives, first by {', then by '.join(s.order)}: the result is {show(s.result)}"
    return _eq(s)


# fmt: off
WORDING: dict[str, Callable[[Any], str]] = {
    "constant": _constant,
    "variable": lambda s: f"variable: {d_dx(s.wrt)} {s.wrt} = 1",
    "power": _power,
    "sum": _sum_like,
    "difference": _sum_like,
    "constant-multiple": _constant_multiple,
    "product": _product,
    "quotient": _quotient,
    "reciprocal": _reciprocal,
    "chain": _chain,
    "exp": lambda s: f"exponential rule: (e^{s.wrt})' = e^{s.wrt}: {_eq(s)}",
    "exp-base": _exp_base,
    "log": lambda s: f"natural logarithm rule: (ln {s.wrt})' = 1/{s.wrt}: {_eq(s)}",
    "log-base": _log_base,
    "trig": _function,
    "inverse-trig": _function,
    "hyperbolic": _function,
    "abs": lambda s: f"absolute value rule: (|{s.wrt}|)' = sign({s.wrt}) for {s.wrt} ≠ 0: {_eq(s)}",
    "logarithmic-differentiation": _log_diff,
    "partial": _partial,
    "multivariable-chain": _multichain,
    "simplify": _simplify,
    "derivation": _derivation,
}
# fmt: on


def text_of(step: S.Step) -> str:
    """The sentence for one step (KeyError names a rule without wording)."""
    try:
        row = WORDING[step.rule]
    except KeyError:
        raise KeyError(f"no wording for rule {step.rule!r} in tutor.explain.wording") from None
    return row(step)
