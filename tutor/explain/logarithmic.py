"""Logarithmic differentiation told as the technique: take ln of both sides, differentiate, multiply by y.

For y = f^g (x in base and exponent: xˣ, x^(sin x)) and for products and
quotients of powers (y = x²(x + 1)³/√(x − 1)), ``calctutor explain F --log``
explains

1. ln of both sides: ln y = g·ln f (or Σ nᵢ·ln fᵢ), the laws of logarithms;
2. differentiate both sides: y'/y = (the derivative of the right side), each
   term its own verified derivation (the product rule for g·ln f);
3. multiply by y: y' = y·(…), with y written back as F.

Every step carries a claim the AD engine checks (``question_steps.Claim``).
The mistakes of the technique are rows of the buggy-rule table
(``logdiff.product-rule``, ``logdiff.not-multiplied-by-y``).
"""

from __future__ import annotations

from typing import Any

import sympy

from tutor.explain.derivation import explain
from tutor.explain.question_steps import Claim, QuestionStep, question_step_json, verify_claims
from tutor.explain.rules import ExplainError
from tutor.parsing import notation as M
from tutor.parsing.printer import show

__all__ = ["log_form", "logarithmic_steps", "logarithmic_steps_json"]

Expr = Any


def log_form(of: Expr, wrt: str) -> Expr | None:
    """ln F expanded by the laws of logarithms (None when F is not a power, product or quotient of powers)."""
    from tutor.explain.steps import symbol

    x = symbol(wrt)
    factors = sympy.Mul.make_args(of)
    terms = []
    for factor in factors:
        base, exponent = factor.as_base_exp()
        if isinstance(factor, sympy.exp):
            base, exponent = sympy.E, factor.args[0]
        if not factor.has(x):
            terms.append(sympy.log(sympy.Abs(factor)) if factor.is_negative else sympy.log(factor))
            continue
        terms.append(exponent * sympy.log(base) if base != sympy.E else exponent)
    if len([f for f in factors if f.has(x)]) < 2 and not (of.is_Pow and of.exp.has(x) and of.base.has(x)):
        return None  # one plain power: the power or chain rule says it all
    return sympy.Add(*terms)


_A, _B, _N, _Y, _DY = M.var("a"), M.var("b"), M.var("n"), M.var("y"), M.var("y'")
# The laws used, as trees (printed like every other formula): ln(a b) = ln(a) + ln(b), ln(aⁿ) = n ln(a).
LOG_LAWS = (M.eq(M.call("log", M.mul(_A, _B)), M.add(M.call("log", _A), M.call("log", _B))),
            M.eq(M.call("log", M.power(_A, _N)), M.mul(_N, M.call("log", _A))))
CHAIN_OF_LN = M.eq(M.deriv("x", M.call("log", _Y)), M.div(_DY, _Y))  # d/dx ln(y) = y'/y


def logarithmic_steps(of: Expr, wrt: str, *, verify: bool = True, target: str = "unicode") -> list[QuestionStep]:
    """The three steps of logarithmic differentiation of ``of`` (ExplainError when F has no such form)."""
    right = log_form(of, wrt)
    if right is None:
        raise ExplainError(f"{show(of)} is not a product, quotient or power with {wrt} in the exponent",
                           hint="logarithmic differentiation pays off for x^x, x^(sin x) and products of powers")
    tree = explain(right, [wrt])
    derivative = tree.result
    laws = ", ".join(show(law, target) for law in LOG_LAWS)
    chain = show(M.substitute(CHAIN_OF_LN, {"x": M.var(wrt)}), target)
    ln_y = show(M.eq(M.call("log", _Y), right), target)
    rate = show(M.eq(M.div(_DY, _Y), derivative), target)
    product = show(M.eq(_DY, M.mul(of, derivative)), target)
    steps = [
        QuestionStep("ln-both-sides", f"let {show(M.eq(_Y, of), target)}; take ln of both sides ({laws}): {ln_y}",
                     right, (Claim(sympy.log(sympy.Abs(of)) - right, sympy.Integer(0)),), shown=ln_y),
        QuestionStep("differentiate-both-sides", f"differentiate both sides (the left by the chain rule, "
                     f"{chain}): {rate}", derivative, (Claim(right, derivative, (wrt,)),), (tree,), shown=rate),
        QuestionStep("multiply-by-y", f"multiply by {show(M.eq(_Y, of), target)}: {product}",
                     of * derivative, (Claim(of, of * derivative, (wrt,)),), shown=product),
    ]
    if verify:
        verify_claims(steps)
    return steps


def logarithmic_steps_json(of: Expr, wrt: str, target: str = "unicode") -> dict[str, Any]:
    steps = logarithmic_steps(of, wrt, target=target)
    final = steps[-1].result
    shown = show(M.eq(M.deriv(wrt, of), final), target)
    return {
        "rule": "logarithmic-differentiation",
        "expr": str(of),
        "wrt": wrt,
        "result": str(final),
        "shown": shown,
        "text": f"logarithmic differentiation: {shown}",
        "substeps": [question_step_json(s, target) for s in steps],
    }
