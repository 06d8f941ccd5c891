"""The textbook final form of a derivative: the one form every command shows.

A calculus text prints the derivative the rule table gives, over one common
denominator with numerator and denominator factored, and no identity the
function did not have:

    d/dx ((x + 5)/(x − 9)) = −14/(x − 9)²      one fraction, factored
    d/dx tan(x) = sec²(x)                       the rule's form, not tan²(x) + 1
    d/dx ln|x| = 1/x,  d/dx |x| = x/|x|         sign(x)/|x| cancelled; sign written x/|x|
    d/dx sin²(x) = 2 sin(x) cos(x)              not sin(2x): no double angle, trig powers kept

``textbook_form(f, wrt)`` differentiates by the rules (``tutor.explain.rules``),
then tidies with operations that never rewrite trig identities (``together``,
``cancel``, ``factor`` of a polynomial denominator, ``expand`` of polynomials,
``factor_terms``), each on a bounded size.
The check header, explain's last line, practice :skip/:steps, preview and answer
keys all call it.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Optional, Sequence

import sympy

__all__ = ["textbook_form", "textbook", "tidy", "TIDY_MAX_OPS"]

Expr = Any

# Wall-clock limit of the tidying, run in a limited child: even a small derivative can keep
# cancel or factor busy for minutes (cancel expands (2x + 1)(x^2 + x + 1)^999 into 2000
# terms). A textbook form is a nicety: when it does not finish, the rules' form is kept.
REWRITE_MAX_S = 0.5
# The child hands its form back as text in the input language (read back by our parser,
# never evaluated); a longer text is no simplification.
REWRITE_MAX_TEXT = 3000

# factor() and together() are superlinear; above this many operations the rules' own
# (already readable) result is kept: a derivative this long is not read as a whole anyway.
TIDY_MAX_OPS = 120


def _without_sign(expr: Expr) -> Expr:
    """sign(u) -> u/|u| and |u|^(2k) -> u^(2k): what the derivative means where it exists (u ≠ 0)."""
    if expr.has(sympy.sign):
        expr = expr.replace(sympy.sign, lambda u: u / sympy.Abs(u))
    if expr.has(sympy.Abs):
        expr = expr.replace(
            lambda e: e.is_Pow and isinstance(e.base, sympy.Abs) and e.exp.is_Integer and e.exp % 2 == 0,
            lambda e: e.base.args[0] ** e.exp,
        )
    return expr


def _score(expr: Expr) -> tuple[int, int]:
    return (sympy.count_ops(expr), len(str(expr)))


def _power_of_a_sum(expr: Expr) -> bool:
    """A product with a squared (or higher) sum, as the chain rule leaves it: 9(3x + 9)², which a
    textbook keeps (expanded, 81x² + 486x + 729, the chain rule's shape is lost)."""
    factors = expr.args if expr.is_Mul else (expr,)
    return any(f.is_Pow and f.base.is_Add and f.exp.is_Integer and f.exp >= 2 for f in factors)


def _polynomial_form(expr: Expr) -> Expr:
    """A sum: a polynomial expanded when that is about as short (−18x − 5, not −(18x + 5); but
    15(3x + 1)⁴ stays); otherwise common factors taken out when that is shorter (eˣ(x + 1))."""
    candidates = [expr, sympy.factor_terms(expr)]
    best = min(candidates, key=_score)
    if expr.is_polynomial() and not _power_of_a_sum(best):
        expanded = sympy.expand(expr)
        if _score(expanded)[0] <= _score(best)[0] + 2:
            return expanded
    return best


def _bars_back(expr: Expr) -> Expr:
    """u^(2k)/|u|^m written |u|^(2k − m): 2x²/|x| is 2|x| (SymPy keeps x² for a real x)."""
    if not expr.has(sympy.Abs):
        return expr

    def merge(product: Expr) -> Expr:
        factors = list(product.args)
        for i, f in enumerate(factors):
            if not (f.is_Pow and isinstance(f.base, sympy.Abs) and f.exp.is_Integer and f.exp < 0):
                continue
            u = f.base.args[0]
            for j, g in enumerate(factors):
                if g.is_Pow and g.base == u and g.exp.is_Integer and g.exp % 2 == 0 and g.exp > 0:
                    factors[j], factors[i] = sympy.Integer(1), sympy.Abs(u) ** (g.exp + f.exp)
                    return sympy.Mul(*factors)
        return product

    return expr.replace(lambda e: e.is_Mul, merge)


def tidy(expr: Expr) -> Expr:
    """The textbook form of an expression already differentiated (no trig identities applied)."""
    expr = _without_sign(expr)
    if sympy.count_ops(expr) > TIDY_MAX_OPS:
        return expr
    try:
        numerator, denominator = sympy.fraction(sympy.together(expr))
        if denominator == 1:
            return _bars_back(_polynomial_form(expr))
        if numerator.is_polynomial() and denominator.is_polynomial() and sympy.gcd(numerator, denominator).free_symbols:
            # A common factor: cancel it, and write the denominator factored again (x − 9)².
            numerator, denominator = sympy.fraction(sympy.cancel(numerator / denominator))
            denominator = sympy.factor(denominator)
    except (sympy.PolynomialError, NotImplementedError, RecursionError):
        return expr
    top = _polynomial_form(sympy.expand(numerator) if numerator.is_polynomial() else numerator)
    form = _bars_back(top / denominator)
    return form if _score(form)[0] <= _score(expr)[0] + 4 else expr  # one fraction, unless much longer


@functools.cache
def _warm_up() -> None:
    """Run the tidying once in this process on a tiny fixed expression (a few ms when warm).

    Its first call imports SymPy's polynomial machinery (~0.2 s); done here, every
    forked child inherits it instead of importing it again.
    """
    t = sympy.Dummy("t", real=True)
    tidy(sympy.sin(t) ** 2 / (t + 1) + t / (t + t**2))


def _limited(rewrite: Callable[[Expr], Expr], expr: Expr) -> Optional[Expr]:
    """``rewrite(expr)`` computed in a forked child with CPU, memory and time limits (None: gave up)."""
    from tutor.checking.symbolic import run_limited
    from tutor.parsing import parse, to_text

    _warm_up()

    def task() -> bytes:
        text = to_text(rewrite(expr)).encode("utf-8")
        return text if len(text) <= REWRITE_MAX_TEXT else b""

    data = run_limited(task, REWRITE_MAX_S)
    if not data:
        return None
    names = sorted(s.name for s in expr.free_symbols)
    try:
        back = parse(data.decode("utf-8"), names, max_length=REWRITE_MAX_TEXT)
    except Exception:  # noqa: BLE001 - the printed form did not read back: keep the rules' form
        return None
    return back if back.free_symbols <= expr.free_symbols else None


def textbook(expr: Expr) -> Optional[Expr]:
    """``tidy(expr)``, time-limited in a child process (None when it did not finish)."""
    if not expr.free_symbols:
        return expr
    return _limited(tidy, expr)


def textbook_form(of: Expr, wrt: Sequence[str] | str, *, limited: bool = True) -> Expr:
    """d/d(wrt) of, by the rules of the rule table, in textbook form (successive for several variables).

    ``limited=False`` tidies in this process (no time limit: for small known functions, tests).
    """
    from tutor.explain.rules import derive

    order = (wrt,) if isinstance(wrt, str) else tuple(wrt)
    current = of
    for name in order:
        derivative = derive(current, name).result
        form = textbook(derivative) if limited else tidy(derivative)
        current = form if form is not None else derivative
    return current
