"""Trig and hyperbolic functions as rational functions of one generator, so ``cancel`` proves their identities.

sec x = d/dx ln|sec x + tan x| rests on tan²x + 1 = sec²x, which ``cancel``
cannot see: it treats tan x and sec x as independent symbols, and the forms
that can (``trigsimp``, ``simplify``) take seconds in a child. With
t = tan(θ/2) (the Weierstrass substitution)

    sin θ = 2t/(1 + t²),   cos θ = (1 − t²)/(1 + t²),

every rational function of sin θ and cos θ is a rational function of t, so an
identity among them cancels to 0 in milliseconds. Multiple angles kθ (integer
k, |k| ≤ ``MAX_MULTIPLE``) come from cos kθ + i sin kθ = (cos θ + i sin θ)^k;
tan, sec, csc and cot are first written with sin and cos. Hyperbolic functions
become rational functions of e^u, which ``cancel`` already handles.

Only a zero is a proof. Angles that are not integer multiples of one base
(x and x + 1, x and x²) get independent t's; a zero is still a proof (it
holds for independent values, so for related ones too), but a nonzero
result says nothing: sin(x + 1) is not independent of sin x.
"""

from __future__ import annotations

from math import gcd, lcm
from typing import Any

__all__ = ["as_rational", "has_trig_or_hyperbolic", "degree_bound", "MAX_MULTIPLE", "MAX_BASES", "MAX_POWER"]

# Multiples k of a base angle: cos kθ has degree 2k in t, so 6 (sin 6x) keeps
# every polynomial small; tan(1000x) is left to the child.
MAX_MULTIPLE = 6
# Distinct base angles (one t each): cancel's cost grows with the generators.
MAX_BASES = 3
# sin(x)^n with |n| above this becomes a polynomial of degree 2n in t: left alone.
MAX_POWER = 12


def _classes() -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    import sympy

    return (
        (sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot),
        (sympy.sinh, sympy.cosh, sympy.tanh, sympy.sech, sympy.csch, sympy.coth),
    )


def has_trig_or_hyperbolic(expr: Any) -> bool:
    trig, hyperbolic = _classes()
    return bool(expr.has(*trig, *hyperbolic))


def _in_sin_cos(expr: Any) -> Any:
    """tan, sec, csc, cot written with sin and cos."""
    import sympy

    table = {
        sympy.tan: lambda u: sympy.sin(u) / sympy.cos(u),
        sympy.sec: lambda u: 1 / sympy.cos(u),
        sympy.csc: lambda u: 1 / sympy.sin(u),
        sympy.cot: lambda u: sympy.cos(u) / sympy.sin(u),
    }
    for function, written in table.items():
        if expr.has(function):
            expr = expr.replace(function, written)
    return expr


def _in_exponentials(expr: Any) -> Any:
    """sinh, cosh, tanh, sech, csch, coth written with e^u and e^(−u)."""
    import sympy

    def ratio(u: Any, top: int, bottom: int) -> Any:
        return (sympy.exp(u) + top * sympy.exp(-u)) / (sympy.exp(u) + bottom * sympy.exp(-u))

    table = {
        sympy.sinh: lambda u: (sympy.exp(u) - sympy.exp(-u)) / 2,
        sympy.cosh: lambda u: (sympy.exp(u) + sympy.exp(-u)) / 2,
        sympy.tanh: lambda u: ratio(u, -1, 1),
        sympy.coth: lambda u: ratio(u, 1, -1),
        sympy.sech: lambda u: 2 / (sympy.exp(u) + sympy.exp(-u)),
        sympy.csch: lambda u: 2 / (sympy.exp(u) - sympy.exp(-u)),
    }
    for function, written in table.items():
        if expr.has(function):
            expr = expr.replace(function, written)
    return expr


def _offsets_split(expr: Any) -> Any:
    """sin(g + c) → sin g cos c + cos g sin c for a constant c (sin(x + 1) and sin x share their t)."""
    import sympy

    def split(call: Any) -> Any:
        offset, rest = call.args[0].as_coeff_Add()
        if offset == 0 or rest == 0:
            return call
        if isinstance(call, sympy.sin):
            return sympy.sin(rest) * sympy.cos(offset) + sympy.cos(rest) * sympy.sin(offset)
        return sympy.cos(rest) * sympy.cos(offset) - sympy.sin(rest) * sympy.sin(offset)

    calls = [c for c in expr.atoms(sympy.sin, sympy.cos) if c.args[0].is_Add]
    return expr.xreplace({call: split(call) for call in calls}) if calls else expr


def _base_and_multiple(argument: Any) -> tuple[Any, Any]:
    """(g, c) with argument = c·g, c rational (2x + 2 → (x + 1, 2))."""
    import sympy

    coefficient, base = sympy.factor_terms(argument).as_coeff_Mul()
    if not coefficient.is_Rational:
        return argument, sympy.Integer(1)
    return base, coefficient


def _multiples(t: Any, largest: int) -> tuple[list[Any], list[Any]]:
    """cos kθ and sin kθ for k = 0 … largest as rational functions of t = tan(θ/2)."""
    import sympy

    c1, s1 = (1 - t**2) / (1 + t**2), 2 * t / (1 + t**2)
    cosines, sines = [sympy.Integer(1)], [sympy.Integer(0)]
    for _ in range(largest):
        c, s = cosines[-1], sines[-1]
        cosines.append(sympy.cancel(c * c1 - s * s1))
        sines.append(sympy.cancel(s * c1 + c * s1))
    return cosines, sines


def _too_high_a_power(expr: Any, functions: tuple[Any, ...]) -> bool:
    import sympy

    return any(
        power.exp.is_Integer and abs(int(power.exp)) > MAX_POWER and power.base.has(*functions)
        for power in expr.atoms(sympy.Pow)
    )


def degree_bound(expr: Any) -> int:
    """A rough bound on the degree in t of ``as_rational(expr)`` brought over one denominator.

    sin(kθ) has degree 2k, a power multiplies, sums and products add (a common
    denominator multiplies the terms' denominators). ``cancel``'s cost grows
    steeply with it: degree 30 takes milliseconds, degree 300 minutes.
    """
    import sympy

    trig, hyperbolic = _classes()
    if isinstance(expr, trig + hyperbolic):
        _, multiple = _base_and_multiple(expr.args[0])
        return 2 * max(1, int(abs(multiple.p))) + degree_bound(expr.args[0])
    if expr.is_Pow and expr.exp.is_Integer:
        return abs(int(expr.exp)) * degree_bound(expr.base)
    return sum(degree_bound(arg) for arg in expr.args)


def as_rational(expr: Any) -> Any | None:
    """``expr`` with every sin/cos (and tan, sec, … , sinh, …) as a rational function of one generator per angle.

    None when there is nothing to rewrite, or when the result could be large
    (more than ``MAX_BASES`` base angles, a multiple above ``MAX_MULTIPLE``, a
    power above ``MAX_POWER``). Equal to ``expr`` wherever both are defined.
    """
    import sympy

    trig, hyperbolic = _classes()
    if not expr.has(*trig, *hyperbolic) or _too_high_a_power(expr, trig + hyperbolic):
        return None
    if expr.has(*hyperbolic):
        expr = _in_exponentials(expr)
    expr = _offsets_split(_in_sin_cos(expr))
    calls = expr.atoms(sympy.sin, sympy.cos)
    groups: dict[Any, dict[Any, Any]] = {}
    for call in calls:
        base, multiple = _base_and_multiple(call.args[0])
        groups.setdefault(base, {})[call] = multiple
    if len(groups) > MAX_BASES:
        return None
    replacements: dict[Any, Any] = {}
    for index, members in enumerate(groups.values()):
        step = sympy.Rational(gcd(*(int(m.p) for m in members.values())), lcm(*(int(m.q) for m in members.values())))
        ks = {call: int(multiple / step) for call, multiple in members.items()}
        largest = max(abs(k) for k in ks.values())
        if largest > MAX_MULTIPLE:
            return None
        t = sympy.Dummy(f"t{index}", real=True)
        cosines, sines = _multiples(t, largest)
        for call, k in ks.items():
            sign = -1 if k < 0 else 1
            replacements[call] = cosines[abs(k)] if isinstance(call, sympy.cos) else sign * sines[abs(k)]
    return expr.xreplace(replacements)
