"""SymPy -> the input language (canonical readings): ``parse(to_text(e)) == e`` for everything the parser builds.

Based on SymPy's ``StrPrinter`` (which already places parentheses by
precedence), with the spellings of the input language: ``^`` for powers,
``e`` and ``pi``, ``abs(u)``, ``e^u`` for exp(u), ``2x`` for a number times a
name, and integers longer than the 15-digit literal limit written as
``a*10^15 + b`` so they can be read back.
"""

from __future__ import annotations

import re
from typing import Any

from tutor.parsing.limits import MAX_DIGITS

__all__ = ["to_text"]

# A whole-number coefficient (not an exponent, not part of a fraction) before "*".
_COEFFICIENT_SHORT = re.compile(r"(?<![\w.^/*)])(\d+)\*(\(|[^\W\d_](?![\w(]))")
_COEFFICIENT_NAME = re.compile(r"(?<![\w.^/*)])(\d+)\*([^\W\d_])")
_CHUNK = 10**MAX_DIGITS  # integers are cut into 15-digit chunks, the literal limit


def _big_integer(n: int) -> str:
    """An integer with more than 15 digits as a sum the parser folds back exactly."""
    sign, n = ("-" if n < 0 else ""), abs(n)
    text = str(n)
    if text.strip("0") == "1":  # a power of ten: 10^k reads better than chunks
        return f"{sign}10^{len(text) - 1}"
    chunks = []
    while n:
        n, low = divmod(n, _CHUNK)
        chunks.append(low)
    terms = [
        (f"{c}*10^{MAX_DIGITS * k}" if c != 1 else f"10^{MAX_DIGITS * k}") if k else str(c)
        for k, c in enumerate(chunks)
        if c
    ]
    body = " + ".join(reversed(terms))
    return f"{sign}({body})"


def _printer_class() -> Any:
    from sympy import Integer, S
    from sympy import exp as exp_class
    from sympy.printing.precedence import PRECEDENCE, precedence
    from sympy.printing.str import StrPrinter

    class InputLanguagePrinter(StrPrinter):
        _default_settings = {**StrPrinter._default_settings, "order": None}

        def _print_Integer(self, expr: Any) -> str:
            n = int(expr)
            return str(n) if abs(n) < _CHUNK else _big_integer(n)

        def _print_Rational(self, expr: Any) -> str:
            if expr.q == 1:
                return self._print_Integer(Integer(expr.p))
            return f"{self._print_Integer(Integer(expr.p))}/{self._print_Integer(Integer(expr.q))}"

        def _print_Exp1(self, expr: Any) -> str:
            return "e"

        def _print_Pi(self, expr: Any) -> str:
            return "pi"

        def _print_Abs(self, expr: Any) -> str:
            return f"abs({self._print(expr.args[0])})"

        def _print_exp(self, expr: Any) -> str:
            return "e^" + self.parenthesize(expr.args[0], PRECEDENCE["Pow"] + 1, strict=False)

        def _print_Symbol(self, expr: Any) -> str:
            return expr.name

        def _print_Pow(self, expr: Any, rational: bool = False) -> str:
            base, exp = expr.as_base_exp()
            if exp is S.Half:
                return f"sqrt({self._print(base)})"
            if exp == -S.Half:
                return f"1/sqrt({self._print(base)})"
            if exp.is_Number and exp.is_negative:
                if exp == -1:
                    return "1/" + self.parenthesize(base, PRECEDENCE["Pow"], strict=False)
                return "1/" + self._print(expr.func(base, -exp, evaluate=False))
            b = self._print(base)
            atomic = base.is_Symbol or base.is_Function or (base.is_Integer and base >= 0) or base.is_NumberSymbol
            if not atomic or base.is_Pow or isinstance(base, exp_class):
                b = f"({b})"  # (1/x)^2, (x^2)^(1/3), (e^x)^y, (1/2)^x, (-1)^x
            e = self._print(exp)
            simple = exp.is_Symbol or (exp.is_Integer and exp >= 0) or (exp.is_Function and not exp.is_Pow)
            if not simple or precedence(exp) <= PRECEDENCE["Pow"]:
                e = f"({e})"
            return f"{b}^{e}"

        def _print_Mul(self, expr: Any) -> str:
            # 2*x -> 2x and 2*(x + 1) -> 2(x + 1), as students write; 2*sin(x) -> 2 sin(x).
            text = super()._print_Mul(expr)
            text = _COEFFICIENT_SHORT.sub(r"\1\2", text)
            return _COEFFICIENT_NAME.sub(r"\1 \2", text)

    return InputLanguagePrinter


_PRINTER: Any = None


def to_text(expr: Any) -> str:
    """The input-language spelling of a SymPy expression built from the language's pieces."""
    global _PRINTER
    if _PRINTER is None:
        _PRINTER = _printer_class()()
    return _PRINTER.doprint(expr)
