"""The wrong answers each catalogued mistake of the AD exercises produces, for the drawn numbers.

A mistake is diagnosed the way the derivative mistakes are: make the wrong answer the slip
would give for *this* exercise and compare it with the student's. Each producer returns
``Candidate`` rows (the mistake id, the wrong value in the answer's form, and where the slip
is: which entry, node, edge or scheme), and ``tutor.packs`` compares the student's value with
each through the numeric-answer policy. Order matters: when two slips give the same value,
the first one listed names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations
from typing import Any, Iterable, Mapping, Optional, Sequence

from tutor.parsing import notation as M
from tutor.parsing import variable
from tutor.parsing.printer import glyph
from tutor.parsing.prose import say

PRIME = "f'"  # f'(a): the derivative at a point, as a named function applied to it

__all__ = ["PRODUCED", "Candidate", "dual_candidates", "graph_candidates", "jacobian_candidates", "mode_candidates",
           "difference_candidates"]


# The catalogue ids these producers give (besides the dual algebras' own, explain/dual.py); the AD corpus
# (tests/packs/data/ad_corpus.txt) holds a wrong answer of each, made for the drawn numbers.
PRODUCED = ("dual.real-part-wrong", "graph.path-missing", "graph.adjoint-not-summed", "graph.local-derivative-wrong",
            "jacobian.transposed", "jacobian.row-for-column", "mode.passes-swapped", "mode.reason-reversed",
            "numdiff.wrong-scheme", "numdiff.not-divided-by-h", "numdiff.divided-by-h-not-2h",
            "numdiff.exact-derivative-given", "numdiff.error-sign")


@dataclass(frozen=True)
class Candidate:
    """One slip: the catalogue id, the value it produces, and what it did, where (a sentence part)."""

    id: str
    value: Any
    message: str


# -- dual numbers ------------------------------------------------------------------------------


def dual_candidates(question: Any) -> list[Candidate]:
    """Slips in dual arithmetic, for ``question`` written in ε (f(a + ε) written out, for dual-evaluate)."""
    import sympy

    from tutor.explain.dual import ALGEBRAS, dual_value

    show = _show

    correct = dual_value(question, ALGEBRAS[0])
    out: list[Candidate] = []
    for algebra in ALGEBRAS[1:]:
        try:
            wrong = dual_value(question, algebra)
        except (ZeroDivisionError, TypeError, KeyError):
            continue
        if any(w.has(sympy.nan, sympy.zoo) for w in wrong) or wrong == correct:
            continue
        value: tuple[Any, ...] = (sympy.nsimplify(wrong[0]) if wrong[0].is_Float else wrong[0], wrong[1])
        if wrong[2] != 0:
            value = (wrong[0], wrong[1], wrong[2])  # ε² kept: the answer has an ε² term
        out.append(Candidate(algebra.id, value, f"in {show(question)}: {algebra.said}"))
    a, b = correct[0], correct[1]
    for real in _real_part_slips(question):
        if real != a:
            out.append(Candidate("dual.real-part-wrong", (real, b),
                                 f"the {show(M.var('ε'))} part {show(b)} is right, but the real part is {show(a)}"))
    return out


def _real_part_slips(question: Any) -> list[Any]:
    """Real parts a student writes by mistake: the sum for a product, the point itself for f(a + ε)."""
    import sympy

    eps = variable("ε")
    slips = []
    if question.is_Mul:
        factors = [f.subs(eps, 0) for f in question.args]
        slips.append(sympy.Add(*factors))
    if question.is_Pow and question.exp.is_Integer and question.exp > 1:
        slips.append(question.exp * question.base.subs(eps, 0))  # (a + bε)² read as 2a
    inner = _lifted_point(question)
    if inner is not None:
        slips.append(inner)
    return slips


def _lifted_point(question: Any) -> Optional[Any]:
    """a, when ``question`` is f(a + ε) for one function f (the point a student writes for f(a))."""
    import sympy

    eps = variable("ε")
    args = [arg for arg in sympy.preorder_traversal(question) if arg.is_Add and arg.has(eps)
            and sympy.Poly(arg, eps).degree() == 1]
    return args[0].subs(eps, 0) if args else None


# -- graphs ------------------------------------------------------------------------------------


def _paths(nodes: Mapping[str, Any], start: str, out: str) -> list[list[tuple[str, str]]]:
    """Every path from ``start`` to ``out`` as its edges (parent, child), input side first."""
    children: dict[str, list[str]] = {}
    for name, expr in nodes.items():
        for s in sorted(expr.free_symbols, key=lambda v: v.name):
            children.setdefault(s.name, []).append(name)
    result: list[list[tuple[str, str]]] = []
    stack: list[tuple[str, list[tuple[str, str]]]] = [(start, [])]
    while stack:
        node, path = stack.pop()
        if node == out:
            result.append(path)
            continue
        for child in children.get(node, []):
            stack.append((child, path + [(node, child)]))
    return result


def _local(nodes: Mapping[str, Any], values: Mapping[str, Any], edge: tuple[str, str]) -> Any:
    import sympy

    from tutor.explain.steps import symbol

    parent, child = edge
    point = {symbol(k): v for k, v in values.items()}
    return sympy.diff(nodes[child], symbol(parent)).xreplace(point)


def _wrong_locals(nodes: Mapping[str, Any], values: Mapping[str, Any], edge: tuple[str, str]) -> list[tuple[Any, str]]:
    """Wrong local derivatives ∂child/∂parent people write, each with what went wrong."""
    import sympy

    from tutor.explain.steps import symbol

    parent, child = edge
    expr, var = nodes[child], symbol(parent)
    point = {symbol(k): v for k, v in values.items()}
    right = sympy.diff(expr, var)
    slips: list[tuple[Any, str]] = []
    if expr.is_Mul:
        slips.append((var, f"{_show(M.rate(child, parent, True))} is the other factor, not {parent} itself"))
    if expr.is_Pow and expr.base == var and expr.exp.is_Number:
        k = expr.exp
        slips.append((k * var**k, "the power rule lowers the exponent by one"))
        slips.append((var ** (k - 1), f"the power rule keeps the factor {k}"))
    if expr.is_Add:
        slips.append((-right, "a minus sign in the node was lost (or added)"))
    if expr.is_Function and len(expr.args) == 1:
        slips.append((expr, f"the derivative of {type(expr).__name__.lower()} is not itself"))
        slips.append((-right, "the sign of the function's derivative"))
    out = []
    for wrong, why in slips:
        value = wrong.xreplace(point)
        if value != right.xreplace(point):
            out.append((value, why))
    return out


def graph_candidates(inputs: Mapping[str, Any], nodes: Mapping[str, Any], values: Mapping[str, Any],
                     ask: Sequence[str]) -> list[Candidate]:
    """Slips in a backward pass, for the asked adjoints (one slip in one asked adjoint at a time)."""
    import sympy

    out_name = list(nodes)[-1]
    per_name: dict[str, list[Candidate]] = {}
    right: dict[str, Any] = {}
    for name in ask:
        paths = _paths(nodes, name, out_name)
        terms = [sympy.Mul(*(_local(nodes, values, e) for e in p)) for p in paths]
        right[name] = sympy.Add(*terms)
        slips: list[Candidate] = []
        if len(terms) > 1:
            for p, t in zip(paths, terms):
                route = f" {glyph('to')} ".join([out_name, *[e[0] for e in reversed(p)]])
                slips.append(Candidate("graph.path-missing", right[name] - t,
                                       f"{_show(M.rate(out_name, name, True))} sums over every path; the path {route} "
                                       "is missing"))
            slips.append(Candidate("graph.adjoint-not-summed", sympy.Mul(*terms),
                                   f"{name} reaches {out_name} along {len(terms)} paths: add their terms, "
                                   "do not multiply them"))
        for p in paths:
            for e in p:
                for wrong, why in _wrong_locals(nodes, values, e):
                    local = _local(nodes, values, e)
                    term = sympy.Mul(*(_local(nodes, values, f) for f in p if f != e)) * wrong
                    value = right[name] - sympy.Mul(*(_local(nodes, values, f) for f in p if f != e)) * local + term
                    slips.append(Candidate("graph.local-derivative-wrong", value,
                                           f"on the edge {e[0]} {glyph('to')} {e[1]}: {why} "
                                           f"({_show(M.eq(M.rate(e[1], e[0], True), local))})"))
        per_name[name] = slips
    if len(ask) == 1:
        return per_name[ask[0]]
    candidates = []
    for i, name in enumerate(ask):
        for slip in per_name[name]:
            value = tuple(slip.value if j == i else right[n] for j, n in enumerate(ask))
            candidates.append(Candidate(slip.id, value, f"{_show(M.rate(out_name, name, True))}: {slip.message}"))
    return candidates


def _show(value: Any) -> str:
    """A value or a tree, printed by the one printer."""
    from tutor.parsing.printer import show

    return show(value)


# -- Jacobians and modes -----------------------------------------------------------------------


def jacobian_candidates(expected: Any, part: str, mixed_up: Optional[Any] = None,
                        what: str = "") -> list[Candidate]:
    """Slips with a Jacobian: the transpose of the matrix; a row where forward mode gives a column
    (or the reverse): ``mixed_up`` is that other vector, ``what`` says which it is."""
    out = []
    if part == "matrix":
        rows = len(expected)
        cols = len(expected[0])
        transposed = tuple(tuple(expected[i][j] for i in range(rows)) for j in range(cols))
        if transposed != expected:
            out.append(Candidate("jacobian.transposed", transposed,
                                 "rows are outputs and columns are inputs: entry (i, j) is the derivative of "
                                 "output i by input j; this is its transpose"))
    elif mixed_up is not None and tuple(mixed_up) != tuple(expected):
        out.append(Candidate("jacobian.row-for-column", tuple(mixed_up), what))
    return out


def mode_candidates(n: int, m: int, ask: str) -> list[Candidate]:
    """Slips with the cost of the modes: the passes of the other mode; the reason turned round."""
    import sympy

    if ask == "forward-passes" and n != m:
        return [Candidate("mode.passes-swapped", sympy.Integer(m),
                          f"{m} is the number of reverse passes (one per output); forward mode needs one per "
                          f"input: {n}.")]
    if ask == "reverse-passes" and n != m:
        return [Candidate("mode.passes-swapped", sympy.Integer(n),
                          f"{n} is the number of forward passes (one per input); reverse mode needs one per "
                          f"output: {m}.")]
    if ask == "mode" and n != m:
        right = "forward" if n < m else "reverse"
        wrong = "reverse" if right == "forward" else "forward"
        return [Candidate("mode.reason-reversed", wrong,
                          f"forward mode costs one pass per input ({n}) and reverse mode one per output ({m}), "
                          f"so {right} needs fewer here.")]
    return []


# -- difference quotients ----------------------------------------------------------------------

SCHEMES = ("forward", "backward", "symmetric")


def _quotient(of: Any, x: str, a: Any, h: Any, scheme: str, divide: Any = None) -> Any:
    from tutor.explain.steps import symbol

    var = symbol(x)
    f = lambda t: of.xreplace({var: t})  # noqa: E731
    numerator = {"forward": f(a + h) - f(a), "backward": f(a) - f(a - h), "symmetric": f(a + h) - f(a - h)}[scheme]
    return numerator / (divide if divide is not None else (2 * h if scheme == "symmetric" else h))


def difference_candidates(of: Any, x: str, a: Any, h: Any, scheme: str, ask: str = "quotient") -> list[Candidate]:
    """Slips with a difference quotient (or its error): another scheme, h forgotten, 2h forgotten,
    f'(a) given for the quotient, the error's sign."""
    import sympy

    from tutor.explain.steps import symbol
    from tutor.explain.worked_numdiff import SCHEME_QUOTIENTS

    exact = sympy.diff(of, symbol(x)).xreplace({symbol(x): a})
    right = _quotient(of, x, a, h, scheme)
    names = {name: say(quotient) for name, quotient in SCHEME_QUOTIENTS.items()}
    raw: list[Candidate] = []
    if ask == "quotient":  # first: f'(a) is what a student most likely means by it, whatever else equals it
        raw.append(Candidate("numdiff.exact-derivative-given", exact,
                             f"that is the exact derivative {_show(M.eq(M.apply(PRIME, M.var('a')), exact))}; "
                             "the question asks for the "
                             "difference quotient, which differs from it by the discretization error"))
    for other in SCHEMES:
        if other != scheme:
            raw.append(Candidate("numdiff.wrong-scheme", _quotient(of, x, a, h, other),
                                 f"that is the {other} quotient {names[other]}; this one is the {scheme} "
                                 f"quotient {names[scheme]}"))
    raw.append(Candidate("numdiff.not-divided-by-h", _quotient(of, x, a, h, scheme, divide=sympy.Integer(1)),
                         "the difference of the values is not yet divided by "
                         + ("2h" if scheme == "symmetric" else "h")))
    if scheme == "symmetric":
        raw.append(Candidate("numdiff.divided-by-h-not-2h", _quotient(of, x, a, h, scheme, divide=h),
                             "the symmetric quotient divides by 2h: the two points are 2h apart"))
    if ask == "quotient":
        return [c for c in raw if c.value != right]
    out = []
    slope = M.apply(PRIME, M.var("a"))
    if right != exact:
        out.append(Candidate("numdiff.error-sign", exact - right,
                             f"the error is {_show(M.sub(M.words('quotient'), slope))}; this is "
                             f"{_show(M.sub(slope, M.words('quotient')))}"))
    for c in raw:  # the same slips inside the error: (wrong quotient) − f'(a)
        if c.id == "numdiff.exact-derivative-given":
            continue
        out.append(Candidate(c.id, c.value - exact, c.message + ", before subtracting f'(a)"))
    return [c for c in out if c.value != right - exact]
