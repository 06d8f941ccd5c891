"""Math as trees for people to read: build them, convert SymPy to them, read text back into them.

The tree is the parser's own (``tutor.parsing.tree.Node``): what ``parse`` reads
is exactly what the printer (``tutor.parsing.printer.show``) writes, so
``read_tree(show(t)) ≡ t`` is a law (``same`` compares structure, ignoring spans).
A tree keeps what SymPy would evaluate away: ``((x - 9)·1 - (x + 5)·1)/(x - 9)^2``
is a tree of eleven nodes, not ``-14/(x - 9)**2``.

Besides the parser's ops (see ``tutor.parsing.tree.OPS``) trees for display may hold:

    deriv   value: (variables, partial)  args: (operand,)   d/dx u, d²/dx² u, ∂²/∂y∂x u
    apply   value: name with primes      args: (points…)    f(2), f'(2), f''(1, 3)
    eq      args: (a, b, …)                                  a = b = …
    rate    value: (of, variables, partial)  no args         dy/dx, ∂z/∂x as a factor: 2y·dy/dx
    text    value: words                                     a word inside math ("undefined")
    group   args: (operand,)                                 brackets an author wrote: (1 + 6ε) + (4 + 6ε)

Builders (``num``, ``var``, ``add`` …) take trees or ints; ``from_sympy`` gives the
textbook tree of an evaluated SymPy expression (sums with their minus signs,
fractions over one bar, e^u, |u|, √u, ln).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Iterable, Optional, Sequence, Union

from tutor.errors import Span
from tutor.parsing.tree import Node

__all__ = [
    "Node", "num", "var", "const", "neg", "add", "sub", "mul", "div", "power", "call", "deriv", "apply",
    "rate", "group", "eq", "words", "product", "total", "from_sympy", "as_tree", "read_tree", "same", "to_sympy", "substitute",
    "tidy", "drawn", "DRAWN",
]

NOWHERE = Span(0, 0)
Tree = Node
TreeLike = Union[Node, int, Fraction, str]


def num(value: Union[int, Fraction], text: str = "") -> Node:
    """A non-negative number (negative ones are ``neg(num(…))``, as the parser reads them)."""
    value = Fraction(value)
    if value < 0:
        return neg(num(-value, text.lstrip("-")))
    if value.denominator != 1 and not text:
        return div(num(value.numerator), num(value.denominator))
    return Node("num", NOWHERE, value, text=text)


def var(name: str) -> Node:
    return Node("var", NOWHERE, name)


def const(name: str) -> Node:
    """``e`` or ``pi``."""
    return Node("const", NOWHERE, name)


def _t(x: TreeLike) -> Node:
    if isinstance(x, Node):
        return x
    if isinstance(x, (int, Fraction)):
        return num(x)
    if isinstance(x, str):
        return var(x)
    return from_sympy(x)


def neg(a: TreeLike) -> Node:
    return Node("neg", NOWHERE, args=(_t(a),))


def add(a: TreeLike, b: TreeLike) -> Node:
    return Node("add", NOWHERE, args=(_t(a), _t(b)))


def sub(a: TreeLike, b: TreeLike) -> Node:
    return Node("sub", NOWHERE, args=(_t(a), _t(b)))


def mul(a: TreeLike, b: TreeLike) -> Node:
    """a·b; a product on the right is re-hung to the left (the parser reads products left to right)."""
    a, b = _t(a), _t(b)
    while b.op == "mul":
        a, b = mul(a, b.args[0]), b.args[1]
    return Node("mul", NOWHERE, args=(a, b))


def div(a: TreeLike, b: TreeLike) -> Node:
    return Node("div", NOWHERE, args=(_t(a), _t(b)))


def power(a: TreeLike, b: TreeLike) -> Node:
    return Node("pow", NOWHERE, args=(_t(a), _t(b)))


def call(name: str, a: TreeLike) -> Node:
    """f(a) for a function of the catalogue by its canonical name (``log`` is shown ln, ``abs`` |a|)."""
    return Node("call", NOWHERE, name, args=(_t(a),))


def deriv(variables: Union[str, Sequence[str]], operand: TreeLike, partial: bool = False) -> Node:
    """d/dx u (one name) or a higher derivative (several names, the first differentiated first)."""
    names = (variables,) if isinstance(variables, str) else tuple(variables)
    return Node("deriv", NOWHERE, (names, partial), args=(_t(operand),))


def group(a: TreeLike) -> Node:
    """``a`` in the brackets an author wrote, kept where the fewest-brackets print would drop them."""
    return Node("group", NOWHERE, None, args=(_t(a),))


def rate(of: str, variables: Union[str, Sequence[str]], partial: bool = False) -> Node:
    """The derivative of the name ``of`` as one symbol (Leibniz): rate("y", "x") is dy/dx."""
    names = (variables,) if isinstance(variables, str) else tuple(variables)
    return Node("rate", NOWHERE, (of, names, partial))


def apply(name: str, *points: TreeLike) -> Node:
    """A named function at points: apply("f'", 2) is f'(2)."""
    return Node("apply", NOWHERE, name, args=tuple(_t(p) for p in points))


def eq(*sides: TreeLike) -> Node:
    return Node("eq", NOWHERE, args=tuple(_t(s) for s in sides))


def words(text: str) -> Node:
    return Node("text", NOWHERE, text)


def product(factors: Iterable[TreeLike]) -> Node:
    """The product of the factors left to right (1 when there are none)."""
    out: Optional[Node] = None
    for f in factors:
        out = _t(f) if out is None else mul(out, f)
    return out if out is not None else num(1)


def total(terms: Iterable[tuple[bool, TreeLike]]) -> Node:
    """A sum of (negative?, term) pairs: a - b + c; a first negative term is -a."""
    out: Optional[Node] = None
    for negative, term in terms:
        t = _t(term)
        if out is None:
            out = neg(t) if negative else t
        else:
            out = sub(out, t) if negative else add(out, t)
    return out if out is not None else num(0)


# ---------------------------------------------------------------- SymPy -> tree


def as_tree(x: Any) -> Node:
    """A tree as is; a SymPy expression as its textbook tree; an int as a number."""
    return _t(x)


_TRIG_ORDER = ("sin", "cos", "sec", "csc", "tan", "cot")  # sin x cos x, sec x tan x, csc x cot x


def _order_key(factor: Any) -> tuple[int, int, str]:
    """Factors as textbooks write them: 2πx² y eˣ 3ˣ sin(x) cos(x) (x + 1)."""
    from tutor.functions import FUNCTIONS

    base = factor.base if factor.is_Pow else factor
    if factor.is_Number:
        return (0, 0, "")
    if factor.is_NumberSymbol:
        return (1, 0, str(factor))
    if base.is_Symbol:
        return (2, 0, base.name)
    if base.is_Add:
        return (6, 0, str(factor))
    if type(base).__name__ == "exp":
        return (3, 0, str(factor))
    if base.is_Function:
        name = type(base).__name__
        rank = _TRIG_ORDER.index(name) if name in _TRIG_ORDER else len(_TRIG_ORDER) + next(
            (i for i, f in enumerate(FUNCTIONS) if f.sympy_attr == name), len(FUNCTIONS))
        return (5, rank, str(factor))
    return (4, 0, str(factor))


def _split_mul(expr: Any) -> tuple[Any, list[Any], list[Any]]:
    """(rational coefficient, numerator factors, denominator factors) of a SymPy product."""
    import sympy

    coefficient = sympy.Integer(1)
    top: list[Any] = []
    bottom: list[Any] = []
    for factor in expr.as_ordered_factors():
        if factor.is_Rational:
            coefficient *= factor
        elif factor.is_Pow and factor.exp.is_Rational and factor.exp.is_negative:
            bottom.append(factor.base if factor.exp == -1 else sympy.Pow(factor.base, -factor.exp, evaluate=False))
        else:
            top.append(factor)
    return coefficient, sorted(top, key=_order_key), sorted(bottom, key=_order_key)


def _mul_tree(expr: Any) -> Node:
    coefficient, top, bottom = _split_mul(expr)
    negative = coefficient < 0
    p, q = abs(coefficient.p), coefficient.q
    numerator = [num(p)] if p != 1 or not top else []
    numerator += [from_sympy(f) for f in top]
    denominator = ([num(q)] if q != 1 else []) + [from_sympy(f) for f in bottom]
    tree = product(numerator)
    if denominator:
        tree = div(tree, product(denominator))
    return neg(tree) if negative else tree


def _add_tree(expr: Any) -> Node:
    terms = []
    for term in expr.as_ordered_terms():
        negative = term.could_extract_minus_sign()
        terms.append((negative, from_sympy(-term if negative else term)))
    if terms and terms[0][0] and any(not n for n, _ in terms):
        # -x + 1 reads better as 1 - x: start with a positive term.
        first = next(i for i, (n, _) in enumerate(terms) if not n)
        terms.insert(0, terms.pop(first))
    return total(terms)


def _pow_tree(expr: Any) -> Node:
    import sympy

    base, exponent = expr.base, expr.exp
    if exponent.is_Rational and exponent.is_negative:
        return div(num(1), from_sympy(sympy.Pow(base, -exponent, evaluate=False) if exponent != -1 else base))
    if exponent == sympy.S.Half:
        return call("sqrt", from_sympy(base))
    return power(from_sympy(base), from_sympy(exponent))


def from_sympy(expr: Any) -> Node:
    """The textbook tree of a SymPy expression built from the input language's pieces.

    ValueError names a piece the language has no notation for (an unknown function, I, oo).
    """
    import sympy

    from tutor.functions import by_sympy_class

    if isinstance(expr, Node):
        return expr
    if isinstance(expr, (int, Fraction)):
        return num(expr)
    if expr.has(sympy.sign):  # sign(u) = u/|u| where it is differentiable: no SymPy name on screen
        expr = expr.replace(sympy.sign, lambda u: u / sympy.Abs(u))
    if expr.is_Integer:
        return num(int(expr))
    if expr.is_Rational:
        return num(Fraction(int(expr.p), int(expr.q)))
    if expr.is_Float:
        return num(Fraction(str(expr)).limit_denominator(10**12), text=_float_text(expr))
    if expr.is_Symbol:
        return var(expr.name)
    if expr is sympy.E:
        return const("e")
    if expr is sympy.pi:
        return const("pi")
    if expr is sympy.I:  # only ever from SymPy evaluating outside the real domain (asin(2)): never re-read
        return words("i")
    if expr in (sympy.zoo, sympy.nan):
        return words("undefined")
    if expr in (sympy.oo, -sympy.oo):
        return words("∞") if expr is sympy.oo else neg(words("∞"))
    if isinstance(expr, sympy.re):  # SymPy's guard for a possibly complex u; calculus here is real
        return from_sympy(expr.args[0])
    if isinstance(expr, sympy.im):
        return num(0)
    if expr.is_Add:
        return _add_tree(expr)
    if expr.is_Mul:
        return _mul_tree(expr)
    if expr.is_Pow:
        return _pow_tree(expr)
    if isinstance(expr, sympy.exp):
        return power(const("e"), from_sympy(expr.args[0]))
    if expr.is_Function and len(expr.args) == 1:
        try:
            row = by_sympy_class(expr)
        except KeyError:
            raise ValueError(f"no notation for the function {type(expr).__name__}") from None
        return call(row.name, from_sympy(expr.args[0]))
    raise ValueError(f"no notation for {type(expr).__name__} ({expr})")


def _float_text(expr: Any) -> str:
    text = f"{float(expr):.12g}"
    return text.lstrip("-")


# ---------------------------------------------------------------- text -> tree, comparison


def read_tree(text: str, variables: Optional[Iterable[str]] = None, *, epsilon: bool = False) -> Node:
    """The parser's tree of ``text`` (ParseError if it is not in the language); nothing is evaluated."""
    from tutor.parsing.build import build
    from tutor.parsing.latex import lex
    from tutor.parsing.names import Names
    from tutor.parsing.parser import Parser

    names = Names(None if variables is None else tuple(variables), epsilon)
    return Parser(text, lex(text), names, lambda node: build(node, text)).parse()


def same(a: Node, b: Node) -> bool:
    """Structural equality: same ops, values and shape (spans and literal spellings ignored)."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if x.op != y.op or x.value != y.value or len(x.args) != len(y.args):
            return False
        stack.extend(zip(x.args, y.args))
    return True


def substitute(tree: Node, values: dict[str, Node]) -> Node:
    """``tree`` with each variable named in ``values`` replaced by its tree (values in, as trees)."""
    if tree.op == "var" and tree.value in values:
        return values[str(tree.value)]
    if not tree.args:
        return tree
    return Node(tree.op, tree.span, tree.value, tuple(substitute(a, values) for a in tree.args), tree.text)


DRAWN = Span(-1, -1)  # the span that marks a value written into a formula (see ``tidy``)


def drawn(tree: Node) -> Node:
    """``tree`` marked as a drawn value: ``tidy`` may rewrite around it."""
    return Node(tree.op, DRAWN, tree.value, tree.args, tree.text)


def tidy(tree: Node) -> Node:
    """Exact identities that writing drawn numbers into a formula calls for: 1·x → x, x + (−3) → x − 3,
    x + 0 → x, 0·x → 0, x¹ → x, −(−x) → x, (−2)x → −2x. Every rewrite keeps the value.

    Only values marked ``drawn`` are tidied away: an author's own ``0 + ε`` stays.
    """

    def number(node: Node, value: int) -> bool:
        return node.span == DRAWN and node.op == "num" and node.value == value

    def negative(node: Node) -> bool:
        return node.span == DRAWN and node.op == "neg"

    def walk(node: Node) -> Node:
        args = tuple(walk(a) for a in node.args)
        op = node.op
        if op == "mul":
            a, b = args
            if (number(a, 0) or number(b, 0)) and not (a.op == "num" and b.op == "num"):
                return drawn(num(0))
            arithmetic = a.op == "num" and b.op == "num"  # 7·1 shows the working: keep it
            if number(a, 1) and not arithmetic:
                return b
            if number(b, 1) and not arithmetic:
                return a
            if a.op == "mul" and b.op != "num" and a.args[0].op == "num" == a.args[1].op and (
                    number(a.args[0], 1) or number(a.args[1], 1)):  # {a}·2x, 2·{a}x with a = 1: 2x
                return mul(a.args[1] if number(a.args[0], 1) else a.args[0], b)
            if negative(a) and b.op not in ("num", "neg"):
                return drawn(neg(walk(mul(drawn(a.args[0]), b))))  # (−1)·x → −x, not −1·x
            if negative(a):
                return drawn(neg(mul(a.args[0], b)))
            if negative(b):
                return drawn(neg(mul(a, b.args[0])))
        if op in ("div", "pow") and number(args[1], 1):
            return args[0]
        if op == "pow" and number(args[1], 0):
            return drawn(num(1))
        if op == "neg" and negative(args[0]):
            return args[0].args[0]
        if op in ("add", "sub"):
            a, b = args
            if number(b, 0):
                return a
            if number(a, 0):
                return b if op == "add" else neg(b)
            if negative(b):
                return Node("sub" if op == "add" else "add", node.span, None, (a, b.args[0]))
        return Node(op, node.span, node.value, args, node.text)

    return walk(tree)


def to_sympy(tree: Node) -> Any:
    """The SymPy value of a tree of the parser's ops (evaluated, under the parser's caps)."""
    from tutor.parsing.build import build

    return build(tree, "")
