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
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence


__all__ = ["Task", "Fields", "FieldError", "Spelled", "APPROX", "GRADIENT", "TIMES", "printed", "spoken", "point_shown", "listed",
           "number_shown", "dual_text",
           "one_variable_function"]


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
    # what some texts were printed from (a tree, or pieces: see ``printed``), so every target prints
    # them from the trees (--plain, steps), never by reading the printed words again
    trees: Mapping[str, Any] = field(default_factory=dict)

    def text_in(self, key: str, target: str = "unicode") -> str:
        """The text ``key`` in the printer's ``target`` (``texts[key]`` is the unicode one)."""
        return printed(self.trees[key], target) if key in self.trees else self.texts[key]

    def texts_in(self, target: str = "unicode") -> dict[str, str]:
        """Every text in the printer's ``target``."""
        return {key: self.text_in(key, target) for key in self.texts}


@dataclass(frozen=True)
class Spelled:
    """A sign between formulas that is no tree (``≈``, ``∇f``): the printer's ``glyph`` ``name`` as each
    target spells it, with words ``before`` and ``after`` it."""

    name: str
    before: str = ""
    after: str = ""


APPROX = Spelled("approximately", " ", " ")
TIMES = Spelled("times")  # a matrix's shape: 2×3
GRADIENT = Spelled("nabla", after="f")  # ∇f, plain grad f (as AsciiMath and `check --plain` write it)


def printed(shown: Any, target: str = "") -> str:
    """A text of a task in ``target`` (the printer's current target when none is named): a tree (or SymPy expression) by the one printer; pieces (a tuple of
    words, ``Spelled`` notation and trees, e.g. ``("the curve ", M.eq(lhs, rhs))``) each in turn; words as they are."""
    if isinstance(shown, str):
        return shown
    if not target:
        from tutor.parsing.printer import current_target

        target = current_target()
    if isinstance(shown, Spelled):
        from tutor.parsing.printer import glyph

        return shown.before + glyph(shown.name, target) + shown.after
    if isinstance(shown, tuple):
        return "".join(printed(piece, target) for piece in shown)
    from tutor.parsing.printer import show

    return show(shown, target)


def spoken(shown: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, Any]]:
    """(texts, trees) for a Task from texts given as words, trees or pieces (see ``printed``)."""
    texts = {key: printed(value, "unicode") for key, value in shown.items()}
    return texts, {key: value for key, value in shown.items() if not isinstance(value, str)}


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


def _operator(wrt: Sequence[str], partial: bool) -> Any:
    """d/dx, d²/dx², ∂/∂x, ∂²/∂y∂x — the operator a prompt names, as a tree (a rate of no name)."""
    from tutor.parsing import notation as M

    return M.rate("", list(wrt), partial)


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


def point_shown(point: Mapping[str, Any]) -> tuple[Any, ...]:
    """x = 2, y = −3 as pieces (see ``printed``)."""
    from tutor.parsing import notation as M

    return _listed(M.eq(k, M.as_tree(v)) for k, v in point.items())


def _listed(items: Iterable[Any], between: str = ", ") -> tuple[Any, ...]:
    """Pieces with ``between`` between them: (a, ", ", b)."""
    out: list[Any] = []
    for item in items:
        out += [between, item] if out else [item]
    return tuple(out)


def listed(items: Iterable[Any], open_: str = "(", close: str = ")") -> tuple[Any, ...]:
    """(a, b), [a, b]: trees in brackets, as pieces."""
    return (open_, *_listed(items), close)


def number_shown(value: Any) -> Any:
    """An exact number, with a decimal approximation (pieces) when it is not rational."""
    if value.is_Rational:
        return value
    from tutor.checking.numeric_answers import approximation

    # The policy's own digits (docs/numeric-answers.md): typed back, they are accepted.
    return (value, APPROX, approximation(value))


def dual_text(a: Any, b: Any, target: str = "unicode") -> str:
    """a + bε written the way the notes write it, real part first: 1/5 − (9/25) ε (the one printer)."""
    from tutor.autodiff.formulas import dual_number
    from tutor.parsing.printer import show

    return show(dual_number(a, b), target)
