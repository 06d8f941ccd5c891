"""``read`` and ``parse``: the public entry points, checking length before anything else."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Optional, Sequence

from tutor.errors import Span
from tutor.parsing.build import Typed, build, build_typed
from tutor.parsing.errors import ParseError
from tutor.parsing.limits import ANSWER_LENGTH
from tutor.parsing.names import Names
from tutor.parsing.parser import Parser
from tutor.parsing.sympy_text import to_text
from tutor.parsing.latex import lex
from tutor.parsing.prefixes import split_prefix

__all__ = ["Reading", "read", "parse"]


@dataclass(frozen=True)
class Reading:
    """How a text was read: the expression, its canonical text, and remarks."""

    expr: Any  # sympy.Expr
    text: str  # canonical reading in the input language (to_text(expr))
    notes: tuple[str, ...]  # e.g. "log is read as the natural logarithm ln ..."
    variables: tuple[str, ...]  # names of the variables that occur, sorted
    typed: Typed = Typed()  # the domain and variables of the text as typed, before SymPy folded it


def read(
    text: str,
    variables: Optional[Iterable[str]] = None,
    *,
    max_length: int = ANSWER_LENGTH,
    epsilon: bool = False,
    settle: bool = True,
    wrt: Optional[Sequence[str]] = None,
) -> Reading:
    """Read ``text`` as an expression of the input language (ParseError if it isn't one).

    ``variables``: the declared names (None: any single letter is a variable);
    ``max_length``: 300 for answers, ``PACK_FIELD_LENGTH`` for pack fields;
    ``epsilon``: whether ε (dual numbers) may appear; ``settle=False`` keeps the first
    reading without reading its printed form again (the same value, for a caller that
    compares values and needs no ``parse(to_text(e)) == e``: batch grading, ~15 % faster).
    ``wrt``: when the text answers for a derivative, its variables in order (("x",) for
    d/dx, ("x", "x") for d²/dx²): a prefix naming it (``dy/dx =``, ``f'(x) =``) is then
    dropped with a note, and one naming another derivative is refused.
    """
    if not isinstance(text, str):
        raise TypeError(f"read() needs text, not {type(text).__name__}")
    if len(text) > max_length:
        raise ParseError(
            f"the input is {len(text)} characters long; at most {max_length} are allowed",
            Span(max_length, len(text)), text[: max_length + 40], hint="an answer is a short formula",
        )
    declared = None if variables is None else tuple(variables)
    try:
        names = _names(declared, epsilon)
    except TypeError:  # an unhashable "name": let Names say what is wrong with it
        names = Names(declared, epsilon)
    expr, notes, typed = _read(text, names, tuple(wrt) if wrt else None)
    canonical = to_text(expr)
    # SymPy's automatic evaluation is not always idempotent (Abs(x^2/y) becomes x^2*Abs(1/y),
    # which a second construction turns into x^2/Abs(y)): read the printed form again until it
    # is stable, so that parse(to_text(e)) == e holds for every result. Two rounds suffice in
    # practice; _ROUNDS bounds the loop.
    for _ in range(0 if names.shadows or not settle else _ROUNDS):
        try:
            again, _, _ = _read(canonical, names)
        except ParseError:
            break  # the printed form exceeds a limit (long integers): keep the first reading
        if again == expr or not _same_atoms(again, expr):
            break  # stable; or the text means something else (a variable named e): keep the first
        expr, canonical = again, to_text(again)
    used = tuple(sorted(s.name for s in expr.free_symbols))
    return Reading(expr, canonical, notes, used, typed)


_ROUNDS = 3


def _same_atoms(a: Any, b: Any) -> bool:
    from sympy import E, pi

    from sympy import exp

    return (a.free_symbols == b.free_symbols and a.has(E) == b.has(E) and a.has(pi) == b.has(pi)
            and a.has(exp) == b.has(exp))


def _plain(tree: Any) -> str:
    """An ambiguity's reading in the input language, printed by the one printer (what to type)."""
    from tutor.parsing.printer import show

    return show(tree, "plain")


@lru_cache(maxsize=64)  # an exercise reads many answers with the same variables
def _names(variables: Optional[tuple[str, ...]], epsilon: bool) -> Names:
    return Names(variables, epsilon)


def _read(text: str, names: Names, wrt: Optional[tuple[str, ...]] = None) -> tuple[Any, tuple[str, ...], Typed]:
    tokens, prefix_note = split_prefix(lex(text), text, wrt, names.canonical_variable)
    parser = Parser(text, tokens, names, lambda node: build(node, text), spell=_plain)
    tree = parser.parse()
    notes = ((prefix_note,) if prefix_note else ()) + tuple(parser.notes)
    expr, typed = build_typed(tree, text)
    return expr, notes, typed


def parse(
    text: str,
    variables: Optional[Iterable[str]] = None,
    *,
    max_length: int = ANSWER_LENGTH,
    epsilon: bool = False,
    wrt: Optional[Sequence[str]] = None,
) -> Any:
    """The SymPy expression of ``text`` (see ``read``)."""
    return read(text, variables, max_length=max_length, epsilon=epsilon, wrt=wrt).expr
