"""Tasks: what an instantiated exercise asks, as math, and the helpers every kind's builder uses.

A row (``Kind``) holds the builder that turns an exercise (its math already
filled from the template) into a ``Task`` (the parsed function, the expected
answer in the answer's form, the texts a prompt can quote) and the standard
prompt. How an answer is read and compared follows from the task's ``form``
(see ``answers.py`` and ``instance.py``); derivative answers go through
``tutor.checking.check_derivative``, never through string comparison.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional, Sequence


__all__ = ["Task", "Fields", "FieldError", "number_text", "dual_text", "one_variable_function"]


class FieldError(ValueError):
    """A field of an exercise that cannot be used (after filling the template)."""

    def __init__(self, field: str, message: str, hint: Optional[str] = None) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.hint = field, message, hint


@dataclass(frozen=True)
class Task:
    """One instantiated exercise as math: what to compare the answer with."""

    kind: str
    form: str  # how the answer is written: expression, number, dual, matrix, vector, word
    variables: tuple[str, ...]  # names the answer may use
    expected: Any  # in the form's value shape (Expr, (a, b), rows, elements, word)
    texts: Mapping[str, str]  # placeholder texts for the prompt and hints: of, wrt, ask, at, ...
    of: Any = None  # the function (Expr, or tuple of components)
    wrt: tuple[str, ...] = ()
    where: Optional[Mapping[str, Any]] = None
    at: Optional[Mapping[str, Any]] = None
    info: Mapping[str, Any] = field(default_factory=dict)  # kind-specific facts (nodes, h, n, m...)
    epsilon: bool = False
    # the trees some texts were printed from, so every target prints them from the tree (--plain, steps)
    trees: Mapping[str, Any] = field(default_factory=dict)


Parse = Callable[..., Any]  # (field, text, variables, epsilon=False) -> Expr


@dataclass(frozen=True)
class Fields:
    """The exercise's math fields after template filling, and the parser to read them."""

    of: Any  # str or tuple[str, ...] or None
    where: Mapping[str, str]
    at: Mapping[str, str]
    nodes: Mapping[str, str]
    h: Optional[str]
    inputs: Optional[str]
    outputs: Optional[str]
    answer: Optional[str]
    parse: Parse
    direction: Optional[str] = None  # a vector "(3, 4)" (directional-derivative)


# -- helpers ---------------------------------------------------------------------------------------


def _sym(name: str) -> Any:
    from tutor.parsing import variable

    return variable(name)




def _text(expr: Any) -> str:
    """``expr`` as prompts and answers show it: the one printer's student notation (x² sin(2x),
    √(ln(x² + 8)), e^(4x)), which the parser reads back as the same tree."""
    from tutor.parsing.printer import show

    return show(expr)


def display_math(text: str, expr: Any, target: str = "plain") -> str:
    """``expr`` (read from ``text``) as a student writes it, by the one printer: ``12x e^(6x^2)``, not
    ``12x*e^(6x^2)`` (the plain target reads back as ``expr``); ``text`` when there is no expression."""
    if expr is None or getattr(expr, "is_Matrix", False):
        return text
    from tutor.parsing.printer import show

    return show(expr, target)


def _names(expr: Any) -> tuple[str, ...]:
    return tuple(sorted(s.name for s in expr.free_symbols))


def _tidy(expr: Any) -> Any:
    """A computed answer as SymPy leaves it: simplify() costs ~40 ms an instance, and
    ``validate`` draws every template 20 times; the checker never needs the tidy form."""
    return expr


def _require(value: Any, field_name: str, what: str) -> Any:
    if value in (None, "", {}, ()):
        raise FieldError(field_name, f"this kind needs {what}")
    return value


def _single_of(fields: Fields) -> str:
    of = _require(fields.of, "of", "a function in `of`")
    if not isinstance(of, str):
        raise FieldError("of", "expected one function, found a list", "lists are for jacobian and mode-choice")
    return of


def _operator(wrt: Sequence[str], partial: bool) -> str:
    """d/dx, d²/dx², ∂/∂x, ∂²/∂y∂x, ∂²/∂x² — the operator a prompt names (last variable first)."""
    d = "∂" if partial else "d"
    sup = {1: "", 2: "²", 3: "³", 4: "⁴"}
    groups: list[list[Any]] = []
    for w in reversed(wrt):  # ∂²f/∂y∂x means: by x first, then by y
        if groups and groups[-1][0] == w:
            groups[-1][1] += 1
        else:
            groups.append([w, 1])
    denominator = "".join(f"{d}{w}{sup.get(k, f'^{k}')}" for w, k in groups)
    return f"{d}{sup.get(len(wrt), f'^{len(wrt)}')}/{denominator}"


def one_variable_function(ex: Any, fields: "Fields", needs: str) -> tuple[Any, str, dict[str, Any]]:
    """``of`` (a function of one variable), that variable's name and the point ``at`` (FieldError otherwise).

    ``needs`` finishes the sentence "… needs a function of one variable" (what the kind computes).
    """
    of = fields.parse("of", _single_of(fields), ex.variables or None)
    names = ex.variables or _names(of)
    if len(names) != 1:
        raise FieldError("of", f"{needs} needs a function of one variable")
    return of, names[0], _point(fields, names)


def _point(fields: Fields, names: Sequence[str], field_name: str = "at") -> dict[str, Any]:
    at = _require(fields.at, field_name, "a point in `at`, e.g. {x: '2'}")
    out = {}
    for name, text in at.items():
        value = fields.parse(f"at.{name}", text, ())
        out[name] = value
    missing = [n for n in names if n not in out]
    if missing:
        raise FieldError(field_name, f"no value for {', '.join(missing)}")
    return out


def _point_text(point: Mapping[str, Any]) -> str:
    return ", ".join(f"{k} = {_text(v)}" for k, v in point.items())


def number_text(value: Any) -> str:
    """An exact number as text, with a decimal approximation when it is not rational."""
    if value.is_Rational:
        return _text(value)
    from tutor.checking.numeric_answers import approximation

    # The policy's own digits (docs/numeric-answers.md): typed back, they are accepted.
    return f"{_text(value)} ≈ {approximation(value)}"


def dual_text(a: Any, b: Any, target: str = "unicode") -> str:
    """a + bε written the way the notes write it, real part first: 1/5 − (9/25) ε (the one printer)."""
    from tutor.autodiff.formulas import dual_number
    from tutor.parsing.printer import show

    return show(dual_number(a, b), target)
