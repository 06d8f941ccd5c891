"""Buggy rules: what a student gets by misapplying one rule at one step.

Each function here goes from a node of the correct derivation (the step and
its substeps' results) to the wrong local derivative(s) — e.g.
``chain.missing-inner`` turns f'(g)·g' into f'(g). The catalogue's rows
(``tutor/explain/mistakes/``) say which step rules each applies to and name
the function in ``produce``; ``BUGGY_RULES`` is built from them. The diagnosis re-combines the wrong local result
upwards through the correct rules, so a slip deep inside a product or a nested
chain yields exactly the student's final answer. Messages are built lazily
(most candidates are never shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import sympy

from tutor.explain import steps as S
from tutor.explain.wording import show
from tutor.parsing import notation as M
from tutor.parsing.printer import operator
from tutor.parsing.prose import say


_RECIPROCAL_SLIP, _RECIPROCAL_RULE, _LOG_DERIVATIVE = "`1/g'`", "`(1/g)' = -g'/g^2`", "`y'/y`"


def _t(expr: Any) -> M.Node:
    return M.as_tree(expr)


def _exp_base_rule(x: str) -> M.Node:
    """(a^x)' = a^x ln(a), by the variable ``x``."""
    a_x = M.power(M.var("a"), M.var(x))
    return M.eq(M.deriv(x, a_x), M.mul(a_x, M.call("log", M.var("a"))))


def _log_base_rule(x: str) -> M.Node:
    """d/dx log_b(x) = 1/(x ln(b)), log_b written as the parser reads it: ln(x)/ln(b)."""
    ln_b = M.call("log", M.var("b"))
    return M.eq(M.deriv(x, M.div(M.call("log", M.var(x)), ln_b)), M.div(1, M.mul(M.var(x), ln_b)))

__all__ = ["SlipSite", "BuggyRule", "BUGGY_RULES", "Variant", "buggy_rules"]

Expr = Any
Variant = tuple[Expr, Callable[[], str]]  # the wrong local result, and the message naming the step


@dataclass(frozen=True)
class SlipSite:
    """Where a slip can happen: one step of the correct derivation, with its substeps' (possibly wrong) results.

    (Named apart from the parse tree's ``Node`` and the graph's ``GraphNode``.)
    """

    step: S.Step
    results: tuple[Expr, ...]
    multivariable: bool  # the function has more than one variable (partial derivatives)

    @property
    def x(self) -> sympy.Symbol:
        return S.symbol(self.step.wrt)


@dataclass(frozen=True)
class BuggyRule:
    id: str
    rules: tuple[str, ...]  # step rule ids it applies to
    variants: Callable[[SlipSite], list[Variant]]


# -- chain rule ----------------------------------------------------------------------------


def _chain_parts(n: SlipSite) -> tuple[S.ChainRule, sympy.Symbol, Expr, Expr]:
    s: S.ChainRule = n.step  # type: ignore[assignment]
    u = S.symbol(s.name)
    return s, u, n.results[0], n.results[1]


def _chain_missing_inner(n: SlipSite) -> list[Variant]:
    s, u, d_out, d_in = _chain_parts(n)
    return [(d_out.xreplace({u: s.inner}), lambda: (
        f"with {s.name} = {show(s.inner)}, you differentiated {show(s.outer)} but did not multiply "
        f"by d{s.name}/d{s.wrt} = {show(d_in)}"))]


def _chain_inner_function(n: SlipSite) -> list[Variant]:
    s, u, d_out, d_in = _chain_parts(n)
    return [(d_out.xreplace({u: s.inner}) * s.inner, lambda: (
        f"in {show(s.expr)} you multiplied by the inner function {show(s.inner)} instead of its derivative "
        f"d{s.name}/d{s.wrt} = {show(d_in)}"))]


def _chain_inner_substituted(n: SlipSite) -> list[Variant]:
    s, u, d_out, d_in = _chain_parts(n)
    if d_in == s.inner:
        return []
    return [(d_out.xreplace({u: d_in}), lambda: (
        f"in {show(s.expr)} you put the inner derivative {show(d_in)} inside {show(d_out)} instead of "
        f"the inner function {s.name} = {show(s.inner)}"))]


def _chain_outer_not_kept(n: SlipSite) -> list[Variant]:
    s, u, d_out, d_in = _chain_parts(n)
    if s.inner == n.x:
        return []
    return [(d_out.xreplace({u: n.x}) * d_in, lambda: (
        f"in {show(s.expr)} you took the outer derivative {show(d_out)} at {s.wrt} instead of at "
        f"{s.name} = {show(s.inner)}"))]


# -- product, quotient, reciprocal -------------------------------------------------------


def _product_multiplied(n: SlipSite) -> list[Variant]:
    s: S.ProductRule = n.step  # type: ignore[assignment]
    return [(sympy.Mul(*n.results), lambda: (
        f"in {show(s.expr)} you multiplied the derivatives of the factors; the product rule is "
        + say("`(f g)' = f' g + f g'`")))]


def _product_missing_term(n: SlipSite) -> list[Variant]:
    s: S.ProductRule = n.step  # type: ignore[assignment]
    terms = [
        sympy.Mul(*(r if i == j else f for j, f in enumerate(s.factors))) for i, r in enumerate(n.results)
    ]
    out: list[Variant] = []
    for i, factor in enumerate(s.factors):
        kept = sympy.Add(*(t for j, t in enumerate(terms) if j != i))
        out.append((kept, lambda factor=factor: (  # type: ignore[misc]  # a lambda with default arguments (mypy#4226)
            f"in the product {show(s.expr)} you left out the term with the derivative of {show(factor)}; "
            f"the product rule needs one term per factor")))
    return out


_QUOTIENT_SLIPS: dict[str, tuple[Callable[[Expr, Expr, Expr, Expr], Expr | None], str]] = {
    "reversed": (lambda f, g, df, dg: (f * dg - df * g) / g**2, "you wrote `f g' - f' g` in the numerator; it is `f' g - f g'`"),
    "not-squared": (lambda f, g, df, dg: (df * g - f * dg) / g, "you did not square the denominator g"),
    "divided": (lambda f, g, df, dg: df / dg if dg != 0 else None, "you divided the derivatives, `f'/g'`; that is not the quotient rule"),
    "plus": (lambda f, g, df, dg: (df * g + f * dg) / g**2, "you added `f g'` in the numerator; it is subtracted: `f' g - f g'`"),
}


def _quotient_variants(kind: str) -> Callable[[SlipSite], list[Variant]]:
    wrong_of, why = _QUOTIENT_SLIPS[kind]

    def variants(n: SlipSite) -> list[Variant]:
        s: S.QuotientRule = n.step  # type: ignore[assignment]
        f, g = s.numerator, s.denominator
        wrong = wrong_of(f, g, *n.results)
        if wrong is None:
            return []
        return [(wrong, lambda: f"in {show(s.expr)} (f = {show(f)}, g = {show(g)}) {say(why)}")]

    return variants


def _reciprocal_inverted(n: SlipSite) -> list[Variant]:
    s: S.ReciprocalRule = n.step  # type: ignore[assignment]
    dg = n.results[0]
    if dg == 0:
        return []
    return [(1 / dg, lambda: (
        f"you wrote {say(_RECIPROCAL_SLIP)} for {show(s.expr)}; the reciprocal rule is {say(_RECIPROCAL_RULE)} "
        f"with g = {show(s.denominator)}"))]


# -- power, exp, log, trig -------------------------------------------------------------------


# Each power-rule slip: (applies to exponent k?, [(wrong derivative of x^k, why)]) built lazily per kind.
_POWER_SLIPS: dict[str, Callable[[Expr, Expr], list[tuple[Expr, Callable[[], str]]]]] = {
    "not-reduced": lambda x, k: [(k * x**k, lambda: f"you kept the exponent {show(k)}; it goes down by one")],
    "increased": lambda x, k: [(k * x ** (k + 1), lambda: f"you raised the exponent to {show(k + 1)}; it goes down to {show(k - 1)}")]
    if k.is_positive else [],
    "negative": lambda x, k: [
        (k * x ** (k + 1), lambda: f"with the negative exponent {show(k)}, {show(M.eq(M.sub(_t(k), 1), _t(k - 1)))}, not {show(k + 1)}"),
        (-k * x ** (k - 1), lambda: f"with the negative exponent {show(k)} the coefficient is {show(k)}, negative"),
    ] if k.is_negative else [],
    "coefficient": lambda x, k: [(x ** (k - 1), lambda: f"you left out the coefficient {show(k)} in front")] if k != 1 else [],
    "antiderivative": lambda x, k: [(x ** (k + 1) / (k + 1), lambda: say("you wrote the antiderivative `x^(n + 1)/(n + 1)` instead of `n x^(n - 1)`"))]
    if k != -1 else [],
}


def _power(kind: str) -> Callable[[SlipSite], list[Variant]]:
    def variants(n: SlipSite) -> list[Variant]:
        s: S.PowerRule = n.step  # type: ignore[assignment]
        return [
            (wrong, lambda why=why: f"power rule on {show(s.expr)}: {why()}")  # type: ignore[misc]  # a lambda with default arguments (mypy#4226)
            for wrong, why in _POWER_SLIPS[kind](n.x, s.exponent)
        ]

    return variants


def _exp_power_rule(n: SlipSite) -> list[Variant]:
    s = n.step
    base = s.base if isinstance(s, S.ExpBaseRule) else sympy.E
    return [(n.x * base ** (n.x - 1), lambda: (
        f"you used the power rule on {show(s.expr)}; the variable is in the exponent, so "
        + show(_exp_base_rule(s.wrt))))]


def _exp_missing_log(n: SlipSite) -> list[Variant]:
    s: S.ExpBaseRule = n.step  # type: ignore[assignment]
    return [(s.expr, lambda: f"{show(_exp_base_rule(s.wrt))}: you left out the factor {show(M.call('log', _t(s.base)))}")]


def _log_reciprocal(n: SlipSite) -> list[Variant]:
    s = n.step
    return [(1 / s.expr, lambda: f"the derivative of {show(s.expr)} is 1/{s.wrt}, not 1/{show(s.expr)}")]


def _log_base_missing(n: SlipSite) -> list[Variant]:
    s: S.LogBaseRule = n.step  # type: ignore[assignment]
    return [(1 / n.x, lambda: f"{show(_log_base_rule(s.wrt))}: you left out the factor {show(M.div(1, M.call('log', _t(s.base))))}")]


def _trig_sign(n: SlipSite) -> list[Variant]:
    s = n.step
    return [(-s.result, lambda: f"the derivative of {show(s.expr)} is {show(s.result)}: the sign is wrong")]


# The derivative a student confuses with the right one, per function (u is the argument).
_SWAPPED: dict[str, tuple[Callable[[Expr], Expr], ...]] = {
    "tan": (lambda u: sympy.sec(u) * sympy.tan(u), lambda u: sympy.sec(u)),
    "sec": (lambda u: sympy.sec(u) ** 2, lambda u: sympy.tan(u) ** 2),
    "cot": (lambda u: -sympy.csc(u) * sympy.cot(u), lambda u: -sympy.csc(u)),
    "csc": (lambda u: -sympy.csc(u) ** 2, lambda u: -sympy.cot(u) ** 2),
}


def _tan_sec(n: SlipSite) -> list[Variant]:
    s: S.FunctionRule = n.step  # type: ignore[assignment]
    return [
        (wrong(n.x), lambda: f"the derivative of {show(s.expr)} is {show(s.result)}; you mixed up the tan/sec rules")
        for wrong in _SWAPPED.get(s.function, ())
    ]


# -- constants, sums, partial derivatives ----------------------------------------------------


def _constant_kept(n: SlipSite) -> list[Variant]:
    s = n.step
    if s.expr == 0:
        return []
    return [(s.expr, lambda: f"{show(s.expr)} is a constant: its derivative is 0, it does not stay")]


def _treat_number_as_variable(c: Expr) -> list[Expr]:
    """d/dk of a numeric constant built on a number k: π² → 2π, e³ → 3e², ln 2 → 1/2; a bare number → 1."""
    out = []
    if c.is_Number and c != 1:  # 5 differentiated like x: 1
        out.append(sympy.Integer(1))
    if c.is_Pow and c.exp.is_Number:  # π² → 2π, 2^(1/2) → (1/2)·2^(−1/2)
        out.append(c.exp * c.base ** (c.exp - 1))
    if isinstance(c, sympy.exp) and c.args[0].is_Number:  # e³ read as a power of e: 3e²
        out.append(c.args[0] * sympy.E ** (c.args[0] - 1))
    if isinstance(c, sympy.Function) and len(c.args) == 1:
        from tutor.functions import by_sympy_class, sympy_namespace

        try:
            out.append(by_sympy_class(c).derivative(c.args[0], sympy_namespace()))
        except KeyError:
            pass
    return [w for w in out if w != 0]


def _constant_as_variable(n: SlipSite) -> list[Variant]:
    s = n.step
    if s.expr.free_symbols:
        return []
    return [
        (wrong, lambda: f"{show(s.expr)} is a constant, its derivative is 0; you differentiated it as if it varied")
        for wrong in _treat_number_as_variable(s.expr)
    ]


def _other_variable(n: SlipSite) -> list[Variant]:
    s = n.step
    out: list[Variant] = []
    if isinstance(s, S.ConstantRule):
        for y in sorted(s.expr.free_symbols, key=lambda v: v.name):
            dy = sympy.diff(s.expr, y)
            out.append((dy, lambda y=y: (  # type: ignore[misc]  # a lambda with default arguments (mypy#4226)
                f"{show(s.expr)} is held constant in {operator(s.wrt, True)}: its derivative is 0, "
                f"but you differentiated it with respect to {y.name}")))
    elif isinstance(s, S.ConstantMultipleRule):
        inner = n.results[0]
        for y in sorted(s.constant.free_symbols, key=lambda v: v.name):
            dc = sympy.diff(s.constant, y)

            def msg(y: sympy.Symbol = y) -> str:  # built only for the match shown (printing is slow)
                return (
                    f"in {show(s.expr)} the factor {show(s.constant)} is held constant in {operator(s.wrt, True)}, "
                    f"but you differentiated it with respect to {y.name} too"
                )

            out.append((dc * inner, msg))
            out.append((dc * s.inner + s.constant * inner, msg))
    return out


def _factor_dropped(symbolic: bool) -> Callable[[SlipSite], list[Variant]]:
    """The whole constant factor dropped, or one factor of it (z in ∂/∂x z·y·x² → 2xy; 5 in 5y·x²)."""

    def variants(n: SlipSite) -> list[Variant]:
        s: S.ConstantMultipleRule = n.step  # type: ignore[assignment]
        out: list[Variant] = []
        if bool(s.constant.free_symbols) == symbolic and s.constant != -1:
            out.append((n.results[0], lambda: (
                f"in {show(s.expr)} the constant factor {show(s.constant)} stays: " + say("`(c f)' = c f'`"))))
        factors = sympy.Mul.make_args(s.constant)
        if len(factors) > 1:
            for k, factor in enumerate(factors):
                if bool(factor.free_symbols) != symbolic or factor in (1, -1):
                    continue
                kept = sympy.Mul(*(factors[:k] + factors[k + 1 :]))
                out.append((kept * n.results[0], lambda factor=factor: (  # type: ignore[misc]  # a lambda with default arguments (mypy#4226)
                    f"in {show(s.expr)} the constant factor {show(factor)} stays: " + say("`(c f)' = c f'`"))))
        return out

    return variants


def _sign_lost(n: SlipSite) -> list[Variant]:
    s: S.DifferenceRule = n.step  # type: ignore[assignment]
    return [(sympy.Add(*n.results), lambda: (
        f"in {show(s.expr)} you added the derivatives of the subtracted terms: " + say("`(f - g)' = f' - g'`")))]


# -- multivariable chain rule ---------------------------------------------------------------


def _multichain(kind: str) -> Callable[[SlipSite], list[Variant]]:
    def variants(n: SlipSite) -> list[Variant]:
        s: S.MultivariableChainRule = n.step  # type: ignore[assignment]
        terms = s.path_terms(n.results)
        t = s.wrt
        if kind == "missing-term":
            return [
                (sympy.Add(*(term for j, term in enumerate(terms) if j != i)), lambda v=v: (  # type: ignore[misc]  # a lambda with default arguments (mypy#4226)
                    f"you left out the path through {v}: the term {show(M.mul(M.rate('f', v, True), M.rate(v, t)))}"))
                for i, v in enumerate(s.paths) if len(s.paths) > 1
            ]
        if kind == "missing-inner":
            subs = s.substitution()
            partials = sympy.Add(*(n.results[2 * i].xreplace(subs) for i in range(len(s.paths))))
            return [(partials, lambda: (
                f"you added the partial derivatives "
                f"{show(M.total((False, M.rate('f', v, True)) for v in s.paths))} but did not multiply each by its "
                f"{', '.join(show(M.rate(v, t)) for v in s.paths)}"))]
        return [(sympy.Mul(*terms), lambda: "you multiplied the path terms; the multivariable chain rule adds them")] \
            if len(terms) > 1 else []

    return variants


# -- logarithmic differentiation -------------------------------------------------------------


def _logdiff(kind: str) -> Callable[[SlipSite], list[Variant]]:
    """y = f^g, ln y = g·ln f: the product rule on g·ln f half done, or y'/y left without the factor y."""

    def variants(n: SlipSite) -> list[Variant]:
        s: S.LogarithmicDifferentiation = n.step  # type: ignore[assignment]
        f, g = s.base, s.exponent
        df, dg = n.results
        if kind == "not-multiplied":
            return [(dg * sympy.log(f) + g * df / f, lambda: (
                f"you differentiated {show(M.eq(M.call('log', M.var('y')), _t(g * sympy.log(f))))} but did not multiply "
                f"{say(_LOG_DERIVATIVE)} by {show(M.eq(M.var('y'), _t(s.expr)))}"))]
        return [
            (s.expr * dg * sympy.log(f), lambda: (
                f"in {show(M.deriv(s.wrt, M.mul(_t(g), M.call('log', _t(f)))))} you kept only the term with the "
                f"derivative of {show(g)}; the product rule adds {show(M.mul(_t(g), M.div(_t(df), _t(f))))}")),
            (s.expr * g * df / f, lambda: (
                f"in {show(M.deriv(s.wrt, M.mul(_t(g), M.call('log', _t(f)))))} you kept only the term with the "
                f"derivative of {show(M.call('log', _t(f)))}; the product rule adds "
                f"{show(M.mul(_t(dg), M.call('log', _t(f))))}")),
        ]

    return variants


# The variants of the parametrised rules above, by the names the catalogue's rows give in ``produce``.
_quotient_reversed_numerator = _quotient_variants("reversed")
_quotient_denominator_not_squared = _quotient_variants("not-squared")
_quotient_derivatives_divided = _quotient_variants("divided")
_quotient_plus_sign = _quotient_variants("plus")
_power_exponent_not_reduced = _power("not-reduced")
_power_exponent_increased = _power("increased")
_power_negative_exponent_sign = _power("negative")
_power_coefficient_missing = _power("coefficient")
_power_antiderivative = _power("antiderivative")
_constant_multiple_dropped = _factor_dropped(symbolic=False)
_partial_factor_dropped = _factor_dropped(symbolic=True)
_multichain_missing_term = _multichain("missing-term")
_multichain_missing_inner = _multichain("missing-inner")
_multichain_terms_multiplied = _multichain("terms-multiplied")
_logdiff_product_rule = _logdiff("product-rule")
_logdiff_not_multiplied_by_y = _logdiff("not-multiplied")


def buggy_rules(mistakes: Any = None) -> tuple[BuggyRule, ...]:
    """The buggy rules of the catalogued mistakes that apply to derivation steps (each row's ``produce``).

    ``mistakes`` defaults to every registered row (built-in and added since).
    """
    from tutor.explain.catalogue import all_mistakes
    from tutor.explain.mistake import resolve

    rows = all_mistakes() if mistakes is None else mistakes
    return tuple(BuggyRule(m.id, m.step_rules, resolve(m.produce)) for m in rows if m.produce and m.step_rules)


def _built_in() -> tuple[BuggyRule, ...]:
    from tutor.explain.catalogue import MISTAKES

    return buggy_rules(MISTAKES)


BUGGY_RULES: tuple[BuggyRule, ...] = _built_in()  # the built-in ones, in catalogue order
