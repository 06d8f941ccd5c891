"""The words and the formula of each step: one row per rule id.

A row has two small functions of the step: ``rhs`` builds the right-hand side as
the rule writes it, *substituted into the rule's formula as a tree*
(``((x − 9)·1 − (x + 5)·1)/(x − 9)²`` for the quotient rule, not SymPy's evaluated
``-14/(x - 9)**2``); ``say`` is the sentence before it. The step's ``shown`` line is
``d/dx F = rhs`` printed by the one printer (``tutor.parsing.printer``), the same
string in the human output and in the JSON, and ``rhs`` is re-read by tests and
checked to equal the step's result. Simplification is a step of its own.
The chain rule is told as a substitution: let u = x²; d/du sin(u) = cos(u); du/dx = 2x.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from tutor.explain import steps as S
from tutor.parsing import notation as M
from tutor.parsing.notation import Node
from tutor.parsing.printer import current_target, operator, printing
from tutor.parsing.printer import show as _print
from tutor.parsing.prose import say

__all__ = ["printing", "current_target", "signed", "WORDING", "Wording", "text_of", "show", "shown", "formula", "equation", "d_dx", "several_variables", "within"]


def show(expr: Any, target: str = "") -> str:
    """An expression (SymPy or tree) in student notation (``tutor.parsing.printer.show``)."""
    return _print(expr, target or current_target())


def d_dx(wrt: str, partial: bool = False) -> str:
    """The derivative operator's one label (``tutor.parsing.printer.operator``)."""
    return operator(wrt, partial)


def _t(expr: Any) -> Node:
    return M.as_tree(expr)


def _times(constant: Any, tree: Node) -> Node:
    """c·t as written: −t for c = −1, −(|c|·t) for a negative c."""
    if constant == -1:
        return M.neg(tree)
    if constant.could_extract_minus_sign():
        return M.neg(M.mul(_t(-constant), tree))
    return M.mul(_t(constant), tree)


# ---------------------------------------------------------------- right-hand sides


def _result(s: S.Step) -> Node:
    return _t(s.result)


def _sum(s: S.Step) -> Node:
    return M.total((False, _t(sub.result)) for sub in s.substeps)


def _difference(s: S.DifferenceRule) -> Node:
    return M.total((i >= s.added, _t(sub.result)) for i, sub in enumerate(s.substeps))


def _constant_multiple(s: S.ConstantMultipleRule) -> Node:
    return _times(s.constant, _t(s.substeps[0].result))


def _product(s: S.ProductRule) -> Node:
    terms = (
        M.product(_t(sub.result) if i == j else _t(f) for j, f in enumerate(s.factors))
        for i, sub in enumerate(s.substeps)
    )
    return M.total((False, t) for t in terms)


def _quotient(s: S.QuotientRule) -> Node:
    f, g = _t(s.numerator), _t(s.denominator)
    df, dg = (_t(sub.result) for sub in s.substeps)
    return M.div(M.sub(M.mul(g, df), M.mul(f, dg)), M.power(g, 2))


def _reciprocal(s: S.ReciprocalRule) -> Node:
    return M.neg(M.div(_t(s.substeps[0].result), M.power(_t(s.denominator), 2)))


def _chain_back(s: S.ChainRule) -> Any:
    return s.substeps[0].result.xreplace({S.symbol(s.name): s.inner})


def _signed(first: Any, rest: Node) -> Node:
    """first·rest with the factors' signs put in front: −sin(x²)·2x, not (−sin(x²))·2x."""
    negative = first.could_extract_minus_sign()
    head = _t(-first if negative else first)
    if rest.op == "neg":
        negative, rest = not negative, rest.args[0]
    product = M.mul(head, rest)
    return M.neg(product) if negative else product


signed = _signed


def _chain(s: S.ChainRule) -> Node:
    return _signed(_chain_back(s), _t(s.substeps[1].result))


def _log_diff(s: S.LogarithmicDifferentiation) -> Node:
    f, g = _t(s.base), _t(s.exponent)
    df, dg = (_t(sub.result) for sub in s.substeps)
    inside = M.add(M.mul(dg, M.call("log", f)), M.div(M.mul(g, df), f))
    return M.mul(_t(s.expr), inside)


def _multichain(s: S.MultivariableChainRule) -> Node:
    subs = s.substitution()
    return M.total(
        (False, _signed(s.substeps[2 * i].result.xreplace(subs), _t(s.substeps[2 * i + 1].result)))
        for i in range(len(s.paths))
    )


# ---------------------------------------------------------------- sentences


# Each rule's statement, its math in backticks: read and printed in the target of the sentence being
# worded (``tutor.parsing.prose.say``), so --plain and unicode come from one text. A prime on a bracket,
# (f g)', is the derivative by x: printed d/dx (f g), as the step's own line writes it.
# fmt: off
STATEMENTS: dict[str, str] = {
    "power": "`(x^n)' = n x^(n - 1)`",
    "sum": "`(f + g)' = f' + g'`",
    "difference": "`(f - g)' = f' - g'`",
    "constant-multiple": "`(c f)' = c f'`",
    "product": "`(f g)' = f' g + f g'`",
    "quotient": "`(f/g)' = (g f' - f g')/g^2`",
    "reciprocal": "`(1/g)' = -g'/g^2`",
    "exp": "`(e^x)' = e^x`",
    "exp-base": "`(a^x)' = a^x ln(a)`",
    "log": "`(ln(x))' = 1/x`",
    "log-base": "`(log_b(x))' = 1/(x ln(b))`",
    "abs": "`(|x|)' = x/|x|` away from `x = 0`",
    "logarithmic-differentiation": "`f^g = e^(g ln(f))`, so `(f^g)' = f^g (g' ln(f) + g f'/f)`",
}
# fmt: on


def statement(rule: str) -> str:
    """The rule's formula as the target of the sentence being worded prints it."""
    return say(STATEMENTS[rule])


def _power(s: S.PowerRule) -> str:
    n = s.exponent
    kind = " (a root)" if n.is_Rational and not n.is_Integer and n > 0 else ""
    kind = " (a negative exponent)" if n.is_negative else kind
    return f"power rule: {statement('power')} with n = {show(n)}{kind}"


def _constant(s: S.ConstantRule) -> str:
    held = f" ({', '.join(s.held)} held constant)" if s.held else ""
    return f"constant: {show(s.expr)} does not depend on {s.wrt}{held}"


def _quotient_say(s: S.QuotientRule) -> str:
    return f"quotient rule: {statement('quotient')} with f = {show(s.numerator)}, g = {show(s.denominator)}"


def _chain_say(s: S.ChainRule) -> str:
    u = s.name
    outer, inner = s.substeps
    return (
        f"chain rule: let {u} = {show(s.inner)}; {show(M.eq(M.deriv(u, _t(s.outer)), _t(outer.result)))}; "
        f"{operator(s.wrt, target=current_target(), of=u)} = {show(inner.result)}; so"
    )


def _function_say(s: S.FunctionRule) -> str:
    from tutor.functions import by_name

    return by_name(s.function).title


def _log_diff_say(s: S.LogarithmicDifferentiation) -> str:
    return (
        f"logarithmic differentiation: {s.wrt} is in both the base and the exponent, "
        f"{statement('logarithmic-differentiation')} with f = {show(s.base)}, g = {show(s.exponent)}"
    )


def _multichain_say(s: S.MultivariableChainRule) -> str:
    # inner functions of several parameters (x = s·t, y = s + t): every derivative is partial, ∂z/∂s
    several = any(v.free_symbols - {s.var} for _, v in s.where)
    paths = M.total((False, M.mul(M.rate("f", v, True), M.rate(v, s.wrt, several))) for v in s.paths)
    where = ", ".join(show(M.eq(M.var(n), _t(v))) for n, v in s.where)
    return (f"multivariable chain rule: with {where}, {show(M.eq(M.rate('f', s.wrt, several), paths))} "
            "(one term per path)")


def _derivation_say(s: S.Derivation) -> str:
    if len(s.order) > 1:
        return f"successive derivatives, first by {', then by '.join(s.order)}"
    return ""


@dataclass(frozen=True)
class Wording:
    say: Callable[[Any], str]  # the sentence before the equation ("" for none)
    rhs: Callable[[Any], Node] = _result  # the right-hand side as the rule writes it


# fmt: off
WORDING: dict[str, Wording] = {
    "constant": Wording(_constant),
    "variable": Wording(lambda s: "variable"),
    "power": Wording(_power),
    "sum": Wording(lambda s: f"sum rule: {statement('sum')}, term by term", _sum),
    "difference": Wording(lambda s: f"difference rule: {statement('difference')}, term by term", _difference),
    "constant-multiple": Wording(
        lambda s: f"constant multiple rule: {statement('constant-multiple')} with c = {show(s.constant)}",
        _constant_multiple),
    "product": Wording(lambda s: f"product rule: {statement('product')}", _product),
    "quotient": Wording(_quotient_say, _quotient),
    "reciprocal": Wording(lambda s: f"reciprocal rule: {statement('reciprocal')} with g = {show(s.denominator)}",
                          _reciprocal),
    "chain": Wording(_chain_say, _chain),
    "exp": Wording(lambda s: f"exponential rule: {statement('exp')}"),
    "exp-base": Wording(lambda s: f"exponential rule: {statement('exp-base')} with a = {show(s.base)}"),
    "log": Wording(lambda s: f"natural logarithm rule: {statement('log')}"),
    "log-base": Wording(lambda s: f"logarithm in base b: {statement('log-base')} with b = {show(s.base)}"),
    "trig": Wording(_function_say),
    "inverse-trig": Wording(_function_say),
    "hyperbolic": Wording(_function_say),
    "abs": Wording(lambda s: f"absolute value rule: {statement('abs')}"),
    "logarithmic-differentiation": Wording(_log_diff_say, _log_diff),
    "partial": Wording(lambda s: f"partial derivative: differentiate with respect to {s.wrt}, "
                                 f"holding {', '.join(s.held)} constant"),
    "multivariable-chain": Wording(_multichain_say, _multichain),
    "simplify": Wording(lambda s: "simplify"),
    "derivation": Wording(_derivation_say),
}
# fmt: on


def _row(step: S.Step) -> Wording:
    try:
        return WORDING[step.rule]
    except KeyError:
        raise KeyError(f"no wording for rule {step.rule!r} in tutor.explain.wording") from None


def formula(step: S.Step) -> Node:
    """The right-hand side of the step's equation, as the rule writes it (a tree)."""
    return _row(step).rhs(step)


def several_variables(root: S.Step) -> tuple[str, ...]:
    """The variables of the function explained when it has several (its steps then write ∂), else ()."""
    names = tuple(sorted(s.name for s in root.expr.free_symbols))
    order = root.order if isinstance(root, S.Derivation) else (root.wrt,)
    return names if len(names) > 1 or len(set(order)) > 1 else ()


def within(step: S.Step, partial: tuple[str, ...]) -> tuple[str, ...]:
    """``partial`` for the substeps of ``step``: below a partial derivative, its variables write ∂ too."""
    if isinstance(step, S.PartialRule):
        return tuple(sorted(set(partial) | {step.wrt, *step.held}))
    return partial


def equation(step: S.Step, partial: tuple[str, ...] = ()) -> Node:
    """The step's equation as a tree: d/dx F = rhs (simplify: before = after).

    ``partial``: the variables of a function of several variables (``several_variables(root)``):
    a step by one of them writes ∂/∂x; with one variable d/dx.
    """
    if isinstance(step, S.SimplifyStep):
        before = step.shown_before if step.shown_before is not None else _t(step.before)
        return M.eq(before, _t(step.result))
    order = step.order if isinstance(step, S.Derivation) else (step.wrt,)
    is_partial = isinstance(step, S.PartialRule) or any(v in partial for v in order)
    return M.eq(M.deriv(order, _t(step.expr), is_partial), formula(step))


def shown(step: S.Step, partial: tuple[str, ...] = (), target: str = "unicode") -> str:  # noqa: D401
    """The equation line the student reads (the JSON "shown" field is this exact string)."""
    return show(equation(step, partial), target)


def text_of(step: S.Step, partial: tuple[str, ...] = (), target: str = "unicode") -> str:
    """The sentence for one step: the rule's words, then its equation (``target``: the printer's)."""
    with printing(target):
        words = _row(step).say(step)
    line = shown(step, partial, target)
    if not words:
        return line
    return f"{words} {line}" if words.endswith("so") else f"{words}: {line}"

