"""The one math printer: a tree (or SymPy expression) in student notation, three targets.

    from tutor.parsing.printer import show, operator
    show(tree_or_sympy, target="unicode")      # (x − 9)·1, x², √x, π, ε, ∂/∂x   (the default)
    show(tree_or_sympy, target="plain")        # ASCII input language: what `calctutor parse` reads
    show(tree_or_sympy, target="latex")        # \\frac{d}{dx}\\left(x^{2}\\right)

Laws (tests/parsing/test_printer.py): for the plain and unicode targets
``read_tree(show(t)) ≡ t`` (the same tree, not merely an equal value), with the
fewest parentheses that keep it so, plus those readers expect: ``-(x + 1)``,
``(x^3)^2``, ``2^(x^2)``, ``e^(2x)``, ``d/dx (x + 5)``. Products are written by
juxtaposition (``2x``, ``x y``, ``2 sin(x)``, ``(x + 1)(x − 1)``); ``·`` (unicode)
only before a factor that starts with a digit; ``*`` (plain) only between two numbers.
Natural logs are ``ln``, absolute values ``|u|``, e^u never ``exp`` unless typed.
Precedence decides parentheses, one method per op, as SymPy's own printers do.
See docs/notation.md.

A caller that does not name a target gets the *current* one: unicode, unless some
code up the stack runs inside ``printing("plain")`` (``check --plain``, ``practice
--plain``). So a sentence built deep in the checker or the diagnosis prints its math
in the target the command was asked for, without every function taking a parameter.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from fractions import Fraction
from typing import Any, Callable, Iterator, Sequence, cast

from tutor.parsing.limits import MAX_DIGITS
from tutor.parsing.notation import Node, as_tree
from tutor.parsing.sympy_text import to_text

__all__ = ["show", "operator", "glyph", "relations", "printing", "use_target", "current_target", "TARGETS", "to_text"]

TARGETS = ("unicode", "plain", "latex")
# The target of whatever is being printed now (``printing``), for calls that name none.
_CURRENT: ContextVar[str] = ContextVar("printer_target", default="unicode")


@contextmanager
def printing(target: str) -> Iterator[None]:
    """Print in ``target`` everything inside that names no target of its own."""
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}: one of {', '.join(TARGETS)}")
    token = _CURRENT.set(target)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def use_target(target: str) -> Callable[[], None]:
    """Print in ``target`` from now on in this context (a command's ``--plain``, for the whole command);
    returns the function that puts the previous target back (call it when the command ends)."""
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}: one of {', '.join(TARGETS)}")
    token = _CURRENT.set(target)
    return lambda: _CURRENT.reset(token)


def current_target() -> str:
    """The target ``show`` and ``operator`` print in when given none (``printing``): unicode by default."""
    return _CURRENT.get()

_SUPERSCRIPT = str.maketrans("0123456789-nxyitk", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻ⁿˣʸⁱᵗᵏ")
_SUPERSCRIPT_LETTERS = set("nxyitk")
_RAISED = set("⁰¹²³⁴⁵⁶⁷⁸⁹ⁿˣʸⁱᵗᵏ")
# Names as each target spells them; a function not listed here is spelled by its catalogue name.
_UNICODE_NAMES = {"log": "ln", "asin": "arcsin", "acos": "arccos", "atan": "arctan", "asec": "arcsec",
                  "acsc": "arccsc", "acot": "arccot"}
_PLAIN_NAMES = {"log": "ln"}
_ASCII_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_PLAIN_WORDS = str.maketrans({"…": "...", "∞": "infinity"})  # a word inside math, in ASCII
_LATEX_NAMES = {"sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "sec": r"\sec", "csc": r"\csc", "cot": r"\cot",
                "asin": r"\arcsin", "acos": r"\arccos", "atan": r"\arctan", "sinh": r"\sinh", "cosh": r"\cosh",
                "tanh": r"\tanh", "exp": r"\exp", "log": r"\ln"}
_LATEX_GREEK = {"α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\varepsilon",
                "ζ": r"\zeta", "η": r"\eta", "θ": r"\theta", "ι": r"\iota", "κ": r"\kappa", "λ": r"\lambda",
                "μ": r"\mu", "ν": r"\nu", "ξ": r"\xi", "ρ": r"\rho", "σ": r"\sigma", "τ": r"\tau",
                "υ": r"\upsilon", "φ": r"\varphi", "χ": r"\chi", "ψ": r"\psi", "ω": r"\omega"}
_BAR = "\u0304"  # a combining macron: x̄
_SUM_LIKE = ("add", "sub")
_PRODUCT_LIKE = ("mul", "div")


def show(expr: Any, target: str = "") -> str:
    """``expr`` (a tree from ``tutor.parsing.notation`` or a SymPy expression) as ``target`` text
    (the current target, ``printing``, when none is named)."""
    target = target or _CURRENT.get()
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}: one of {', '.join(TARGETS)}")
    return _Printer(target).print(as_tree(expr))


# Signs that join formulas in a sentence (not operators of the input language), per target.
_SYMBOLS = {
    "maps to": ("↦", "|->", r"\mapsto"),  # a + bε ↦ [[a, b], [0, a]]
    "to": ("→", "->", r"\to"),  # F: R³ → R²
    "approximately": ("≈", "~", r"\approx"),  # sin(2) ≈ 0.909297; plain 0.909297 ~ as the kinds' feedback
    "times": ("×", "x", r"\times"),  # a 2 × 3 matrix
    "not equal": ("≠", "!=", r"\neq"),  # (v ≠ 0)
    "nabla": ("∇", "grad ", r"\nabla "),  # ∇f, grad f (as AsciiMath spells it)
    "ellipsis": ("…", "...", r"\ldots"),
    "minus": ("−", "-", "-"),  # the sign of a decimal written as text: −0.2879
    "dot": ("·", " . ", r" \cdot "),  # a dot product: ∇f·u
}


_ASCII_RELATIONS = str.maketrans({"≠": "!=", "≤": "<=", "≥": ">=", "−": "-", "·": " "})


def relations(condition: str, target: str = "") -> str:
    """A condition in words with relation signs ("u ≠ 0", "u ≥ 0 (an even root)") as ``target`` writes
    them: plain "u != 0". For the domains of rules, which are words, not trees."""
    return condition.translate(_ASCII_RELATIONS) if (target or _CURRENT.get()) == "plain" else condition


def glyph(name: str, target: str = "") -> str:
    """A sign between formulas, as ``target`` (the current one by default) writes it: ``glyph("to")`` is
    → in unicode and -> in plain. One table, so no sentence hand-writes a unicode sign."""
    unicode, plain, latex = _SYMBOLS[name]
    return {"unicode": unicode, "plain": plain, "latex": latex}[target or _CURRENT.get()]


def operator(variables: Sequence[str] | str, partial: bool = False, target: str = "", of: str = "") -> str:
    """The derivative operator: d/dx, d²/dx², ∂/∂x, ∂²/∂y∂x (the last variable differentiated first).

    ``of``: the name differentiated, written in the numerator: du/dx, ∂f/∂y.
    """
    names = (variables,) if isinstance(variables, str) else tuple(variables)
    return _Printer(target or _CURRENT.get()).operator(names, partial, of)


def _greek_name(letter: str) -> str:
    from tutor.parsing.tokens import GREEK_LETTERS

    for name, g in GREEK_LETTERS.items():
        if g == letter:
            return name
    return letter


class _Printer:
    def __init__(self, target: str) -> None:
        self.target = target
        self.latex = target == "latex"
        self.minus = "−" if target == "unicode" else "-"

    # ---- helpers ------------------------------------------------------------------
    def wrap(self, text: str) -> str:
        return rf"\left({text}\right)" if self.latex else f"({text})"

    def print(self, node: Node) -> str:
        return getattr(self, "_" + node.op)(node)

    def operator(self, names: tuple[str, ...], partial: bool, of: str = "") -> str:
        """d/dx, d²/dx², ∂²/∂y∂x, ∂³f/∂y∂x² (a run of one variable as a power); plain spells ∂ ``del``:
        del/del x, del^2 f/(del y del x) (ASCII has no ∂; AsciiMath's word for it)."""
        n = len(names)
        if partial and self.target == "plain":
            return self._plain_partial(names, of)
        d = (r"\partial" if self.latex else "∂") if partial else "d"
        names = tuple(self.name(v) for v in names)
        if self.latex:
            top = (d if n == 1 else f"{d}^{{{n}}}") + (f" {self.name(of)}" if of else "")
            if len(set(names)) == 1:
                bottom = f"{d} {names[0]}" + (f"^{{{n}}}" if n > 1 else "")
            else:
                bottom = r"\,".join(f"{d} {v}" for v in reversed(names))
            return rf"\frac{{{top}}}{{{bottom}}}"
        top = f"{d}{self._order(n)}{self.name(of)}" if of else f"{d}{self._order(n)}"
        return f"{top}/" + "".join(f"{d}{v}{self._order(k)}" for v, k in _runs(names))

    def _order(self, n: int) -> str:
        """The order of a derivative as a power: "" for 1, ² (unicode), ^2 (plain)."""
        return "" if n == 1 else (f"^{n}" if self.target == "plain" else str(n).translate(_SUPERSCRIPT))

    def _plain_partial(self, names: tuple[str, ...], of: str) -> str:
        """∂ in ASCII: del/del x, del f/del y, del^2/del x^2, del^2 f/(del y del x)."""
        top = "del" + self._order(len(names)) + (f" {self.name(of)}" if of else "")
        runs = _runs(tuple(self.name(v) for v in names))
        bottom = " ".join(f"del {v}{self._order(k)}" for v, k in runs)
        return f"{top}/" + (bottom if len(runs) == 1 else f"({bottom})")

    def name(self, name: str) -> str:
        if self.target == "plain" and not name.isascii():
            if name.endswith(_BAR):  # x̄, an adjoint: xbar, as trace --plain writes vbar5
                return self.name(name[: -len(_BAR)]) + "bar"
            return _greek_name(name).translate(_ASCII_SUBSCRIPTS)  # ε: epsilon; F₁: F1
        if self.latex:
            return _LATEX_GREEK.get(name, name) if len(name) == 1 else rf"\mathrm{{{name}}}"
        return name

    # ---- atoms ----------------------------------------------------------------------
    def _num(self, node: Node) -> str:
        value = node.value
        assert isinstance(value, Fraction)
        if value.denominator == 1:
            if value.numerator >= 10**MAX_DIGITS and not self.latex:
                return self.wrap(self.print(_chunks(value.numerator)))  # the parser reads 15 digits at most
            return str(value.numerator)
        if node.text:
            return node.text
        return self.print(Node("div", node.span, args=(Node("num", node.span, Fraction(value.numerator)),
                                                         Node("num", node.span, Fraction(value.denominator)))))

    def _var(self, node: Node) -> str:
        return self.name(str(node.value))

    def _const(self, node: Node) -> str:
        if node.value == "pi":
            return {"unicode": "π", "plain": "pi", "latex": r"\pi"}[self.target]
        return "e"

    def _text(self, node: Node) -> str:
        if self.latex:
            return rf"\text{{{node.value}}}"
        return str(node.value).translate(_PLAIN_WORDS) if self.target == "plain" else str(node.value)

    # ---- sums -----------------------------------------------------------------------
    def _add(self, node: Node) -> str:
        items: list[tuple[str, Node]] = []
        while node.op in _SUM_LIKE:  # iterative along the left spine: long sums don't recurse
            items.append((node.op, node.args[1]))
            node = node.args[0]
        out = self.print(node) if node.op != "eq" else self.wrap(self.print(node))
        for op, right in reversed(items):
            text = self.print(right)
            if right.op in _SUM_LIKE or right.op in ("neg", "eq"):
                text = self.wrap(text)
            out += (" + " if op == "add" else f" {self.minus} ") + text
        return out

    _sub = _add

    def _neg(self, node: Node) -> str:
        inner = node.args[0]
        text = self.print(inner)
        if inner.op in _SUM_LIKE or inner.op in ("neg", "eq"):
            text = self.wrap(text)
        return self.minus + text

    # ---- products -------------------------------------------------------------------
    def _mul(self, node: Node) -> str:
        items: list[tuple[str, Node]] = []
        while node.op in _PRODUCT_LIKE:
            items.append((node.op, node.args[1]))
            node = node.args[0]
        items.reverse()
        if self.latex:
            return self._latex_product(node, items)
        out = self._factor(node, followed=bool(items) and items[0][0] == "mul")
        if node.op in _SUM_LIKE or node.op in ("neg", "eq") or (node.op == "deriv" and items):
            out = self.wrap(out)  # (d/dx sin(x)) x: an operator takes everything after it
        previous, divided = node, False
        for k, (op, right) in enumerate(items):
            followed = k + 1 < len(items) and items[k + 1][0] == "mul"
            text = self._factor(right, followed)
            if op == "div":
                if not self._atomic(right, denominator=True):
                    text = self.wrap(text)
                if previous.op == "rate":  # (∂F/∂x)/(∂F/∂y): one fraction bar over another reads as neither
                    out = self.wrap(out)
                out, divided = f"{out}/{text}", True
            else:
                if right.op in _SUM_LIKE or right.op in _PRODUCT_LIKE or right.op in ("neg", "eq") or (
                        right.op == "deriv" and k + 1 < len(items)):
                    text = self.wrap(text)
                if divided:  # a/b c is ambiguous to the parser (and to people): (a/b) c
                    out, previous, divided = self.wrap(out), Node("div", node.span), False
                out = self._juxtapose(out, previous, text, right)
            previous = right
        return out

    _div = _mul

    def _factor(self, node: Node, followed: bool) -> str:
        """A factor of a product; one followed by another factor keeps its call's parentheses: ln(|x|) y."""
        if followed and node.op == "call":
            return self._call(node, bare=False)
        return self.print(node)

    def _juxtapose(self, left: str, previous: Node, right: str, node: Node) -> str:
        """Two factors side by side: 2x, 2(x + 1), 2√x, x y, 2 sin(x), (x + 1)(x − 1); (x − 9)·1."""
        if node.op == "rate" or previous.op == "rate":  # 2y·dy/dx: a fraction bar inside a product
            return f"{left}·{right}" if self.target == "unicode" else f"{left} * {right}"
        if right[:1].isdigit():
            if self.target == "unicode":
                return f"{left}·{right}"
            return f"{left}*{right}" if left[-1:].isdigit() or previous.op == "num" else f"{left}{self.wrap(right)}"
        if self.target == "unicode" and (previous.op == "num" and previous.value in (0, 1) or node.op == "neg"):
            return f"{left}·{right}"  # a rule filled in: 1·cos(π/2), 1·e, 3·(−1); not 1 cos(π/2), 1e, 3(−1)
        lettered = node.op == "var" or (node.op == "pow" and node.args[0].op in ("var", "const"))
        if self.target == "plain" and _spelled(node):
            lettered = False  # 3 epsilon, not 3epsilon: a Greek letter spelled out is a word
        tight = right.startswith(("(", "√", "|")) or lettered or (node.op == "const" and right == "e")
        tight = tight or (right == "π")  # 2π; plain writes 2 pi (2pix would be hard to read)
        number_like = previous.op == "num" or (previous.op == "const" and right[:1] != "π" and left.endswith("π"))
        grouped = previous.op in _SUM_LIKE or previous.op in _PRODUCT_LIKE or previous.op in ("neg", "group")
        raised = self.target == "unicode" and left[-1:] in _RAISED  # x²(x + 1), eˣ(x + 1)
        letter = previous.op == "var" and len(str(previous.value)) == 1 and str(previous.value).isascii()
        if number_like and tight or (grouped or raised or letter) and right.startswith("("):
            return left + right  # 2x, πx, 2(x + 1), (x + 1)(x − 1), x(x + 1)
        return f"{left} {right}"

    def _latex_product(self, first: Node, items: list[tuple[str, Node]]) -> str:
        """LaTeX: a/b as \\frac (numerator: everything before), factors side by side, \\cdot before a digit."""
        bare = self.print(first)
        grouped = first.op in _SUM_LIKE or first.op in ("neg", "eq") or (first.op == "deriv" and items[0][0] == "mul")
        out = self.wrap(bare) if grouped else bare
        for k, (op, right) in enumerate(items):
            text = self.print(right)
            if op == "div":  # the numerator is everything before: no parentheses inside \frac
                out = rf"\frac{{{bare if k == 0 else out}}}{{{text}}}"
                continue
            if right.op in _SUM_LIKE or right.op in ("neg", "mul", "eq") or (right.op == "deriv" and k + 1 < len(items)):
                text = self.wrap(text)
            out += rf" \cdot {text}" if text[:1].isdigit() or right.op == "rate" else f" {text}"
        return out

    @staticmethod
    def _atomic(node: Node, denominator: bool = False) -> bool:
        """Needs no parentheses as a denominator (or as a base, the same set): x, 2, e, sin(x), x², |x|.

        Not dy/dx: its fraction bar would take the other operand (1/(dy/dx), (dy/dx)²)."""
        if node.op in ("var", "const", "num", "fact", "apply", "pair", "group"):
            return True
        if node.op == "call":
            return True
        return denominator and node.op == "pow"

    # ---- powers and calls ---------------------------------------------------------
    def _pow(self, node: Node) -> str:
        base, exponent = node.args
        if self.latex:
            b = self.print(base)
            if not self._atomic(base):
                b = self.wrap(b)
            elif base.op == "call" and base.value not in ("abs", "sqrt") and _whole(exponent):
                return self._call(base, power=self.print(exponent))
            return f"{b}^{{{self.print(exponent)}}}"
        if (base.op == "call" and base.value not in ("abs", "sqrt", "exp") and _whole(exponent)
                and self.target == "unicode"):
            return self._call(base, power=self.print(exponent).translate(_SUPERSCRIPT))  # sin²(x)
        b = self.print(base)
        if not self._atomic(base) or (base.op == "call" and base.value == "sqrt" and self.target == "unicode"):
            b = self.wrap(b)
        if self.target == "unicode" and _superscriptable(exponent):
            return b + self.print(exponent).replace("−", "-").translate(_SUPERSCRIPT)
        e = self.print(exponent)
        if exponent.op not in ("var", "const", "num", "call", "fact", "pair") or (
                exponent.op == "num" and not _whole(exponent)):
            e = self.wrap(e)
        return f"{b}^{e}"

    def _call(self, node: Node, power: str = "", bare: bool = True) -> str:
        name, arg = str(node.value), node.args[0]
        text = self.print(arg)
        if name == "abs":
            if text.startswith("|") or text.endswith("|"):  # ||x| - 1| would read as an empty pair of bars
                text = self.wrap(text)
            return rf"\left|{text}\right|" if self.latex else f"|{text}|"
        if name == "sqrt":
            if self.latex:
                return rf"\sqrt{{{text}}}"
            if self.target == "plain":
                return f"sqrt({text})"
            return "√" + (text if arg.op in ("var", "num", "const", "pair") else self.wrap(text))
        if arg.op == "pair" and not power:  # a rule over dual numbers: sin⟨u, u'⟩ (the brackets group)
            spelled = _LATEX_NAMES.get(name, name) if self.latex else (
                (_UNICODE_NAMES if self.target == "unicode" else _PLAIN_NAMES).get(name, name))
            return spelled + text
        if self.latex:
            spelled = _LATEX_NAMES.get(name, rf"\operatorname{{{_UNICODE_NAMES.get(name, name)}}}")
            return spelled + (f"^{{{power}}}" if power else "") + self.wrap(text)
        spelled = (_UNICODE_NAMES if self.target == "unicode" else _PLAIN_NAMES).get(name, name)
        if bare and name == "log" and arg.op == "call" and arg.value == "abs" and not power:
            return f"{spelled}{text}"  # ln|x|, as texts write it (not before a factor: ln|x| y reads as ln(|x| y))
        return f"{spelled}{power}({text})"

    def _fact(self, node: Node) -> str:
        inner = node.args[0]
        text = self.print(inner)
        return (text if self._atomic(inner) else self.wrap(text)) + "!"

    # ---- display-only ops -----------------------------------------------------------
    def _deriv(self, node: Node) -> str:
        names, partial = cast("tuple[tuple[str, ...], bool]", node.value)
        operand = node.args[0]
        text = self.print(operand)
        bare = operand.op in ("var", "num", "const", "call", "apply") or (
            operand.op == "pow" and self._atomic(operand.args[0]))
        if self.latex:
            return f"{self.operator(names, partial)} {text if bare else self.wrap(text)}"
        return f"{self.operator(names, partial)} {text if bare else self.wrap(text)}"

    def _rate(self, node: Node) -> str:
        of, names, partial = cast("tuple[str, tuple[str, ...], bool]", node.value)
        return self.operator(names, partial, of)

    def _apply(self, node: Node) -> str:
        points = ", ".join(self.print(p) for p in node.args)
        return f"{node.value}{self.wrap(points)}"

    def _group(self, node: Node) -> str:
        return self.wrap(self.print(node.args[0]))

    def _pair(self, node: Node) -> str:
        inside = ", ".join(self.print(a) for a in node.args)
        if self.latex:
            return rf"\left\langle {inside} \right\rangle"
        return f"<{inside}>" if self.target == "plain" else f"⟨{inside}⟩"

    def _eq(self, node: Node) -> str:
        return " = ".join(self.print(side) for side in node.args)


def _runs(names: tuple[str, ...]) -> list[tuple[str, int]]:
    """The variables of a derivative as written under the bar, last differentiated first, each run of
    one variable once with its count: (x, x, y) -> [(y, 1), (x, 2)] (∂y∂x²)."""
    runs: list[tuple[str, int]] = []
    for name in reversed(names):
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + 1)
        else:
            runs.append((name, 1))
    return runs


def _chunks(n: int) -> Node:
    """A whole number past the 15-digit literal limit as a sum of 15-digit chunks: c·10^30 + c·10^15 + c."""
    from tutor.parsing import notation as M

    terms, k = [], 0
    while n:
        n, low = divmod(n, 10**MAX_DIGITS)
        if low:
            chunk = M.num(low)
            terms.append(chunk if k == 0 else M.mul(chunk, M.power(10, MAX_DIGITS * k)))
        k += 1
    return M.total((False, t) for t in reversed(terms))


def _whole(node: Node) -> bool:
    """A positive whole-number literal (sin²(x) but never sin⁻¹(x), which is arcsin)."""
    return node.op == "num" and isinstance(node.value, Fraction) and node.value.denominator == 1 and node.value > 0


def _spelled(node: Node) -> bool:
    """A factor whose name the plain target spells as a word (ε: epsilon), alone or as a power's base."""
    base = node.args[0] if node.op == "pow" else node
    return base.op == "var" and not str(base.value).isascii()


def _superscriptable(exponent: Node) -> bool:
    if exponent.op == "num":
        return isinstance(exponent.value, Fraction) and exponent.value.denominator == 1
    if exponent.op == "neg":
        return _superscriptable(exponent.args[0]) and exponent.args[0].op == "num"
    return exponent.op == "var" and exponent.value in _SUPERSCRIPT_LETTERS
