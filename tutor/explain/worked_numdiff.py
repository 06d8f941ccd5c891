"""Worked difference quotients: the function's values, the quotient with the numbers in it,
and, when the error is asked, f'(a) and quotient − f'(a).

``(f(6) − f(5.9))/0.1 = (36 − 34.81)/0.1 = 11.90``: points and values are written as decimals
(exact where they end, ≈ with N + 2 figures where they do not), the answer rounded to the N
significant figures the exercise asks for. The AD engine recomputes every value, the
quotient from its own values, and f'(a) by forward mode.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from fractions import Fraction

from tutor.checking.numeric_answers import DEFAULT_SIGFIGS, approximation, rounded_text
from tutor.explain.worked import WorkedStep, ad_partial, ad_value, signed_decimal, verify
from tutor.parsing import notation as M
from tutor.parsing.printer import glyph, show
from tutor.parsing.prose import say

__all__ = ["difference_worked", "SCHEME_POINTS", "SCHEME_QUOTIENTS"]

# Each scheme: the points it samples (as multiples of h from a), how the quotient combines the values
# at them, and how the notes write it.
SCHEME_POINTS: Mapping[str, tuple[int, ...]] = {"forward": (1, 0), "backward": (0, -1), "symmetric": (1, -1)}
SCHEME_QUOTIENTS: Mapping[str, str] = {  # backtick math, printed per target by tutor.parsing.prose.say
    "forward": "`(f(a + h) - f(a))/h`",
    "backward": "`(f(a) - f(a - h))/h`",
    "symmetric": "`(f(a + h) - f(a - h))/(2h)`",
}


PRIME = "f'"  # f'(a): the derivative at a point, as a named function applied to it


def _combine(scheme: str, first: Any, second: Any, h: Any) -> Any:
    return (first - second) / (2 * h if scheme == "symmetric" else h)


def _decimal(value: Any, sigfigs: int) -> str:
    """A point or a value as a decimal: exact when it ends (5.9, 34.81), else ≈ N + 2 figures."""
    return approximation(value, sigfigs)


def _is_exact_decimal(value: Any) -> bool:
    from tutor.checking.numeric_answers import typed_decimals

    if not getattr(value, "is_Rational", False):
        return False
    text = approximation(value)
    found = typed_decimals(text.lstrip("-"))
    return len(found) == 1 and found[0].value == abs(value)


def _value_text(value: Any, sigfigs: int) -> str:
    text = signed_decimal(_decimal(value, sigfigs))
    return text if _is_exact_decimal(value) else f"{glyph('approximately')} {text}"


def _decimal_tree(value: Any, text: str) -> M.Node:
    """A number as a tree spelled as ``text`` (5.9, 34.81, −0.5): the decimal the line shows."""
    return M.num(Fraction(text), text)


def _point_tree(value: Any, text: str) -> M.Node:
    """A sampled point: its decimal when it is one, else the exact number (π/4 + 1/10)."""
    return _decimal_tree(value, text) if getattr(value, "is_Rational", False) else M.from_sympy(value)


def difference_worked(of: Any, x: str, a: Any, h: Any, scheme: str, *, ask: str = "quotient",
                      sigfigs: int = DEFAULT_SIGFIGS, h_text: str = "") -> WorkedStep:
    """The worked quotient (or its error against f'(a)) for f = ``of`` in ``x``, verified by the AD engine."""
    import sympy

    from tutor.explain.steps import symbol

    var = symbol(x)
    h_shown = h_text or _decimal(h, sigfigs)
    f: Callable[[Any], Any] = lambda t: of.xreplace({var: t})  # noqa: E731
    points = [a + k * h for k in SCHEME_POINTS[scheme]]
    values = [f(p) for p in points]
    lines = []
    tree = M.from_sympy(of)
    for p, v in zip(points, values):
        p_tree = _point_tree(p, _decimal(p, sigfigs))
        at = show(M.apply("f", p_tree))
        formula = show(M.substitute(tree, {x: p_tree}))
        value_text = _value_text(v, sigfigs)
        approximate = value_text.startswith(glyph("approximately"))
        sep = " " if approximate else " = "
        shown = f"{at} = {formula}{sep}{value_text}" if formula != value_text.removeprefix(glyph("approximately")).strip() \
            else f"{at} = {value_text}"
        lines.append(WorkedStep("value", shown, v, oracle=lambda p=p: ad_value(of, {x: p})))  # type: ignore[misc]  # a lambda with default arguments (mypy#4226)
    quotient = _combine(scheme, values[0], values[1], h)
    p_trees = [_point_tree(p, _decimal(p, sigfigs)) for p in points]
    v_trees = [_decimal_tree(v, _decimal(v, sigfigs)) for v in values]
    h_tree = _point_tree(h, h_shown)
    denominator = M.mul(2, h_tree) if scheme == "symmetric" else h_tree
    rounded = rounded_text(quotient, sigfigs)
    quotient_tree = M.div(M.sub(M.apply("f", p_trees[0]), M.apply("f", p_trees[1])), denominator)
    q_shown = (f"{show(M.eq(quotient_tree, M.div(M.sub(v_trees[0], v_trees[1]), denominator)))} "
               f"{_about(quotient, rounded)} {show(_decimal_tree(quotient, rounded))}")
    ad_quotient = lambda: _combine(scheme, ad_value(of, {x: points[0]}), ad_value(of, {x: points[1]}), float(h))  # noqa: E731
    lines.append(WorkedStep("quotient", q_shown, quotient, oracle=ad_quotient))
    result = quotient
    if ask == "error":
        derivative = sympy.diff(of, var)
        exact = derivative.xreplace({var: a})
        a_tree = _point_tree(a, _decimal(a, sigfigs))
        slope_at = M.apply("f'", a_tree)
        exact_text = show(M.eq(slope_at, exact))
        if not exact.is_Rational:
            exact_text += f" {glyph('approximately')} {show(_decimal_tree(exact, _decimal(exact, sigfigs)))}"
        lines.append(WorkedStep("derivative", f"{show(M.eq(M.apply(PRIME, M.var(x)), derivative))}, so {exact_text}",
                                exact, oracle=lambda: ad_partial(of, {x: a}, x)))
        result = quotient - exact
        e_rounded = rounded_text(result, sigfigs)
        difference = M.sub(_decimal_tree(quotient, _decimal(quotient, sigfigs)),
                           _decimal_tree(exact, _decimal(exact, sigfigs)))
        lines.append(WorkedStep(
            "error", f"error = {show(M.sub(M.words('quotient'), slope_at))} = {show(difference)} "
            f"{_about(result, e_rounded)} {show(_decimal_tree(result, e_rounded))}", result,
            oracle=lambda: ad_quotient() - ad_partial(of, {x: a}, x)))
    head = (f"The {scheme} difference quotient {say(SCHEME_QUOTIENTS[scheme])} for {show(M.eq(M.apply('f', M.var(x)), of))} at "
            f"{show(M.eq(M.var('a'), _point_tree(a, _decimal(a, sigfigs))))}, {show(M.eq(M.var('h'), h_tree))}")
    if ask == "error":
        head += f", and its error against {show(M.apply(PRIME, M.var('a')))}"
    root = WorkedStep("difference quotient", head + f" (to {sigfigs} significant figures)", result, tuple(lines))
    verify(root)
    return root


def _about(value: Any, rounded: str) -> str:
    """``=`` when the rounded decimal is the value exactly (11.90 for 119/10), else ``≈``."""
    import sympy

    from tutor.checking.numeric_answers import typed_decimals

    found = typed_decimals(rounded.lstrip("-"))
    exact = getattr(value, "is_Rational", False) and len(found) == 1 and \
        sympy.Rational(found[0].value.numerator, found[0].value.denominator) == abs(value)
    return "=" if exact else glyph("approximately")
