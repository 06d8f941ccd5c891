"""The mistake catalogue: every id students' answers are diagnosed with, with an example each.

The ids are part of calctutor's interface (``mistake.id`` in the JSON of
``check`` and ``explain``; ``calctutor mistakes`` lists them). ``priority``
orders matches when several mistakes explain the same answer: a mistake in one
rule (3) explains more than a mistake about the whole answer (2, 1), which in
turn beats "off by a constant factor" (0). Between mistakes of the same
priority, ``rarity`` 0 (a common slip) beats 1 (a slip that often coincides
with a commoner one, e.g. f'·g' equals f'·g when g = eˣ).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MistakeInfo", "MISTAKES", "mistake_info", "catalogue_markdown"]


@dataclass(frozen=True)
class MistakeInfo:
    """One catalogued mistake: id, title, an example function and the wrong answer it leads to."""

    id: str
    title: str
    example_of: str  # in the input language
    example_answer: str  # the wrong derivative, in the input language
    wrt: str = "x"
    where: str = ""  # substitutions for the multivariable chain rule, e.g. "x=cos(t), y=sin(t)"
    priority: int = 3
    rarity: int = 0
    dual: bool = False  # a dual-number arithmetic mistake (example_of is the question)
    practice: str = ""  # a mistake of this practice kind, diagnosed by its wrong answer (explain/wrong_answers.py);
    # example_of then describes the exercise in words and example_answer is the wrong answer


# fmt: off
MISTAKES: tuple[MistakeInfo, ...] = (
    MistakeInfo("chain.missing-inner", "chain rule: inner derivative missing, f'(g) instead of f'(g)·g'", "sin(x^2)", "cos(x^2)"),
    MistakeInfo("chain.inner-function-not-derivative", "chain rule: multiplied by the inner function instead of its derivative, f'(g)·g", "sin(x^2)", "cos(x^2)*x^2", rarity=1),
    MistakeInfo("chain.inner-substituted", "chain rule: the inner derivative put inside the outer derivative, f'(g')", "sin(x^2)", "cos(2x)", rarity=1),
    MistakeInfo("chain.outer-not-kept", "chain rule: outer derivative taken at x instead of at the inner function, f'(x)·g'", "ln(5x)", "5/x"),
    MistakeInfo("product.derivatives-multiplied", "product rule: the derivatives multiplied, f'·g'", "x^2*sin(x)", "2x*cos(x)", rarity=1),
    MistakeInfo("product.missing-term", "product rule: one of the terms f'·g, f·g' missing", "x^2*sin(x)", "2x*sin(x)"),
    MistakeInfo("quotient.reversed-numerator", "quotient rule: numerator reversed, (f·g' − f'·g)/g²", "sin(x)/x", "(sin(x) - x*cos(x))/x^2"),
    MistakeInfo("quotient.denominator-not-squared", "quotient rule: denominator not squared, (f'·g − f·g')/g", "sin(x)/x", "(x*cos(x) - sin(x))/x"),
    MistakeInfo("quotient.derivatives-divided", "quotient rule: the derivatives divided, f'/g'", "sin(x)/x", "cos(x)"),
    MistakeInfo("quotient.plus-sign", "quotient rule: plus instead of minus, (f'·g + f·g')/g²", "sin(x)/x", "(x*cos(x) + sin(x))/x^2"),
    MistakeInfo("reciprocal.derivative-inverted", "reciprocal rule: 1/g' instead of −g'/g²", "1/(x^2+1)", "1/(2x)"),
    MistakeInfo("power.exponent-not-reduced", "power rule: exponent not reduced, n·xⁿ", "x^3", "3x^3"),
    MistakeInfo("power.exponent-increased", "power rule: exponent increased, n·xⁿ⁺¹", "x^3", "3x^4"),
    MistakeInfo("power.negative-exponent-sign", "power rule with a negative exponent: sign slip in n − 1 or in the coefficient", "x^(-2)", "-2x^(-1)"),
    MistakeInfo("power.coefficient-missing", "power rule: the coefficient n missing, xⁿ⁻¹", "x^3", "x^2"),
    MistakeInfo("power.antiderivative", "power rule run backwards: xⁿ⁺¹/(n+1), the antiderivative", "x^3", "x^4/4"),
    MistakeInfo("exp.power-rule", "a^x differentiated with the power rule, x·a^(x−1)", "2^x", "x*2^(x-1)"),
    MistakeInfo("exp.missing-log-factor", "a^x: the factor ln(a) missing", "2^x", "2^x"),
    MistakeInfo("log.reciprocal-of-log", "logarithm: 1/ln(x) instead of 1/x", "ln(x)", "1/ln(x)"),
    MistakeInfo("log.base-factor-missing", "logarithm in base b: the factor 1/ln(b) missing", "log(x)/log(2)", "1/x"),
    MistakeInfo("trig.sign", "trig derivative with the wrong sign (e.g. (cos x)' = sin x)", "cos(x)", "sin(x)"),
    MistakeInfo("trig.tan-sec-swapped", "tan and sec derivatives swapped", "tan(x)", "sec(x)*tan(x)"),
    MistakeInfo("constant.kept", "a constant term kept instead of differentiated to 0, (f + c)' = f' + c", "x^2 + 5", "2x + 5"),
    MistakeInfo("constant.treated-as-variable", "a constant differentiated as if it were a variable", "x^2 + pi^2", "2x + 2pi"),
    MistakeInfo("constant-multiple.dropped", "the constant factor dropped, (c·f)' = f'", "5x^3", "3x^2", rarity=1),
    MistakeInfo("sum.sign-lost", "difference rule: the minus sign lost, (f − g)' = f' + g'", "x^3 - x^2", "3x^2 + 2x"),
    MistakeInfo("partial.other-variable-differentiated", "partial derivative: a variable held constant was differentiated too", "x^2*y^3", "2x*3y^2", rarity=1),
    MistakeInfo("partial.wrong-variable", "partial derivative with respect to the wrong variable", "x^2*y^3", "3x^2*y^2", priority=2),
    MistakeInfo("partial.factor-dropped", "partial derivative: a factor held constant dropped", "x^2*y^3", "2x"),
    MistakeInfo("multichain.missing-term", "multivariable chain rule: one path's term missing", "x*y", "sin(t)*(-sin(t))", "t", "x=cos(t), y=sin(t)"),
    MistakeInfo("multichain.missing-inner", "multivariable chain rule: partials without dx/dt, dy/dt", "x*y", "sin(t) + cos(t)", "t", "x=cos(t), y=sin(t)"),
    MistakeInfo("multichain.terms-multiplied", "multivariable chain rule: the path terms multiplied instead of added", "x*y", "-sin(t)^2*cos(t)^2", "t", "x=cos(t), y=sin(t)"),
    MistakeInfo("logdiff.product-rule", "logarithmic differentiation: the product rule on g·ln(f) half done", "x^x", "x^x*ln(x)"),
    MistakeInfo("logdiff.not-multiplied-by-y", "logarithmic differentiation: y'/y not multiplied by y", "x^x", "ln(x) + 1"),
    MistakeInfo("order.wrong", "derivative of the wrong order (one derivative too few or too many)", "x^3", "6x", priority=2),
    MistakeInfo("sign.flipped", "the whole answer has the wrong sign", "x^2*e^x", "-(2x*e^x + x^2*e^x)", priority=1),
    MistakeInfo("numeric.rounded", "a number rounded (the answer is close, not equal)", "x^3/3 + sin(x)", "0.33*3x^2 + cos(x)", priority=1),
    MistakeInfo("integrated-instead", "integrated instead of differentiated", "2x", "x^2", priority=2),
    MistakeInfo("dual.cross-term-missing", "dual product without the cross terms a·d + b·c", "(2 + 3ε)(4 + 5ε)", "8 + 15ε", dual=True),
    MistakeInfo("dual.epsilon-squared-kept", "ε² kept instead of set to 0", "(2 + 3ε)(4 + 5ε)", "8 + 22ε + 15ε^2", dual=True),
    MistakeInfo("dual.b-factor-missing", "f(a + bε) = f(a) + f'(a)·ε: the factor b missing", "sin(0 + 2ε)", "ε", dual=True),
    MistakeInfo("dual.componentwise-division", "dual division done component by component", "(6 + 4ε)/(3 + 2ε)", "2 + 2ε", dual=True),
    MistakeInfo("dual.real-part-wrong", "dual number: the ε part right, the real part not (a + c for a product, the point a for f(a))", "(2 + 3ε)(4 + 5ε)", "6 + 22ε", practice="dual-arithmetic"),
    MistakeInfo("jacobian.transposed", "Jacobian transposed: rows must be outputs, columns inputs", "J of F(x, y) = (x y, x + 3y)", "[[y, 1], [x, 3]]", practice="jacobian"),
    MistakeInfo("jacobian.row-for-column", "a Jacobian row where forward mode gives a column (or a column where reverse mode gives a row)", "forward mode seeded at x, F(x, y) = (x^2 y, x + sin(y))", "[2x y, x^2]", practice="jacobian"),
    MistakeInfo("mode.passes-swapped", "passes of the modes swapped: forward needs one per input, reverse one per output", "forward passes for F: R^3 → R^5", "5", practice="mode-choice"),
    MistakeInfo("mode.reason-reversed", "the mode with more passes chosen (forward and reverse costs turned round)", "fewer passes for F: R^100 → R^1", "forward", practice="mode-choice"),
    MistakeInfo("graph.path-missing", "backward pass: one path of the sum over paths left out", "∂f/∂y for a = x + y, b = y + z, f = a b at x = 1, y = 2, z = 3", "5", practice="graph-backward"),
    MistakeInfo("graph.adjoint-not-summed", "backward pass: the paths' terms multiplied instead of added", "∂f/∂y for a = x + y, b = y + z, f = a b at x = 1, y = 2, z = 3", "15", practice="graph-backward"),
    MistakeInfo("graph.local-derivative-wrong", "backward pass: one local derivative wrong", "∂L/∂y for d = x - y, L = d^2 at x = 3, y = 1", "4", practice="graph-backward"),
    MistakeInfo("numdiff.wrong-scheme", "difference quotient: another scheme (forward, backward, symmetric) computed", "backward quotient of x^2 at 6, h = 0.1", "12.1", practice="numeric-difference"),
    MistakeInfo("numdiff.not-divided-by-h", "difference quotient: the difference of values not divided by h", "backward quotient of x^2 at 6, h = 0.1", "1.19", practice="numeric-difference"),
    MistakeInfo("numdiff.divided-by-h-not-2h", "symmetric quotient divided by h instead of 2h", "symmetric quotient of x^3 at 2, h = 0.1", "24.02", practice="numeric-difference"),
    MistakeInfo("numdiff.exact-derivative-given", "the exact derivative f'(a) given for the difference quotient", "backward quotient of x^2 at 6, h = 0.1", "12", practice="numeric-difference"),
    MistakeInfo("numdiff.error-sign", "error with the wrong sign: f'(a) − quotient instead of quotient − f'(a)", "error of the forward quotient of x^2 at 3, h = 0.1", "-0.1", practice="numeric-difference"),
)
# fmt: on

_BY_ID = {m.id: m for m in MISTAKES}


def mistake_info(mistake_id: str) -> MistakeInfo:
    """The catalogue row for an id (KeyError names an unknown id)."""
    try:
        return _BY_ID[mistake_id]
    except KeyError:
        raise KeyError(f"no mistake {mistake_id!r} in the catalogue") from None


def catalogue_markdown(mistakes: tuple[MistakeInfo, ...] = MISTAKES) -> str:
    """The catalogue as the Markdown table of docs/explanations.md (a test keeps the docs equal to it)."""
    lines = ["| id | mistake | example F | wrong answer |", "|---|---|---|---|"]
    for m in mistakes:
        asked = f"({m.practice})" if m.practice else "" if m.dual else f"d/d{m.wrt}" + (f", {m.where}" if m.where else "")
        lines.append(f"| `{m.id}` | {m.title} | `{m.example_of}` {asked} | `{m.example_answer}` |")
    return "\n".join(lines) + "\n"
