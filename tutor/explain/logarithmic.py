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
from tutor.explain.question_steps import Claim, QuestionStep, _paren, question_step_json, verify_claims
from tutor.explain.rules import ExplainError
from tutor.parsing import to_text as show  # ASCII input language, as these lines were written (REQUESTS: i10 -> i15)

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


def logarithmic_steps(of: Expr, wrt: str, *, verify: bool = True) -> list[QuestionStep]:
    """The three steps of logarithmic differentiation of ``of`` (ExplainError when F has no such form)."""
    right = log_form(of, wrt)
    if right is None:
        raise ExplainError(f"{show(of)} is not a product, quotient or power with {wrt} in the exponent",
                           hint="logarithmic differentiation pays off for x^x, x^(sin x) and products of powers")
    tree = explain(right, [wrt])
    derivative = tree.result
    steps = [
        QuestionStep("ln-both-sides", f"let y = {show(of)}; take ln of both sides (ln(a·b) = ln a + ln b, "
                     f"ln(a^n) = n·ln a): ln y = {show(right)}", right,
                     (Claim(sympy.log(sympy.Abs(of)) - right, sympy.Integer(0)),)),
        QuestionStep("differentiate-both-sides", f"differentiate both sides (the left by the chain rule, "
                     f"(ln y)' = y'/y): y'/y = {show(derivative)}", derivative,
                     (Claim(right, derivative, (wrt,)),), (tree,)),
        QuestionStep("multiply-by-y", f"multiply by y = {show(of)}: y' = {_paren(of)}·({show(derivative)})",
                     of * derivative, (Claim(of, of * derivative, (wrt,)),)),
    ]
    if verify:
        verify_claims(steps)
    return steps


def logarithmic_steps_json(of: Expr, wrt: str) -> dict[str, Any]:
    steps = logarithmic_steps(of, wrt)
    final = steps[-1].result
    return {
        "rule": "logarithmic-differentiation",
        "expr": str(of),
        "wrt": wrt,
        "result": str(final),
        "text": f"logarithmic differentiation of {show(of)}: d/d{wrt} = {show(final)}",
        "substeps": [question_step_json(s) for s in steps],
    }
