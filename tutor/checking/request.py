"""Reading a check request typed by a person: answer, function, variables, inner functions.

The rules, so that ``calctutor check`` and batch grading read text alike:

- F (``--of``) is read with *any single letter* as a variable (the person
  typing F declares nothing else);
- ``where`` is ``"x = cos(t), y = sin(t)"``: comma- or semicolon-separated
  ``name = expression`` pairs, each expression read like F;
- without ``wrt``, F's one variable (after substituting the inner functions)
  is the variable; F with several is an error that names them;
- the answer is read with exactly the names of F, of the inner functions
  (and their targets) and of ``wrt`` declared, so ``2y`` for d/dx x² is an
  error naming the unknown ``y`` and ``xy`` splits into x·y when both exist.

Every problem is a ``UserError`` (``CheckInputError`` or the parser's
``ParseError``) with a span into the text it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from tutor.errors import Span, UserError
from tutor.parsing.limits import MAX_ORDER  # the highest order a check takes on (one limit for all)

__all__ = ["CheckRequest", "CheckInputError", "Question", "read_question", "read_answer", "read_request", "parse_where",
           "read_where",
           "split_wrt", "MAX_ORDER"]



class CheckInputError(UserError):
    """A check request that cannot be graded as given (missing or contradictory variables)."""


@dataclass(frozen=True)
class CheckRequest:
    """A request read and resolved: everything ``check_derivative`` needs, plus how the answer was read."""

    answer: Any  # parsing.Reading of the answer
    of: Any  # parsing.Reading of F
    wrt: tuple[str, ...]
    where: Mapping[str, Any]  # variable name -> inner function (SymPy)
    where_domain: tuple[Any, ...] = ()  # the inner functions' typed domain (parsing.Typed.domain)

    @property
    def function_variables(self) -> tuple[str, ...]:
        """F's variables once the inner functions are substituted (t for x y with x = cos t, y = sin t)."""
        from tutor.parsing import variable

        f = self.of.expr.xreplace({variable(name): inner for name, inner in self.where.items()})
        return tuple(sorted(str(s) for s in f.free_symbols))

    @property
    def where_text(self) -> str:
        return ", ".join(f"{name} = {inner}" for name, inner in self.where.items())


def _relabel(error: Exception, role: str, *, source: str | None = None, offset: int = 0) -> Exception:
    """Say which text a parse error is about (and shift its span when it came from a piece)."""
    if isinstance(error, UserError):
        error.message = f"in {role}: {error.message}"
        error.args = (error.message,)
        if source is not None:
            if error.span is not None:
                error.span = Span(error.span.start + offset, error.span.end + offset)
            error.source = source
    return error


def _pieces(text: str) -> Iterable[tuple[int, str]]:
    """Top-level pieces separated by ``,`` or ``;`` (commas inside parentheses belong to the expression)."""
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch in ",;" and depth == 0:
            yield start, text[start:i]
            start = i + 1
    yield start, text[start:]


_NAME = re.compile(r"\s*([^\W\d_][\w]*)\s*=\s*")


def parse_where(text: str) -> dict[str, Any]:
    """``"x = cos(t), y = sin(t)"`` → {"x": cos(t), "y": sin(t)}; a ``UserError`` points at the bad part."""
    return read_where(text)[0]


def read_where(text: str) -> tuple[dict[str, Any], tuple[Any, ...]]:
    """``parse_where`` and the typed domain of the inner functions (u = e^(ln t) lives on t > 0)."""
    from tutor.parsing import ParseError, parse, read

    where: dict[str, Any] = {}
    domain: list[Any] = []
    spans: dict[str, Span] = {}
    pieces = list(_pieces(text))
    for index, (offset, piece) in enumerate(pieces):
        if not piece.strip():
            if index == len(pieces) - 1 and where:
                break  # a trailing comma
            raise CheckInputError(
                "empty inner function", source=text, span=Span(offset, offset + max(1, len(piece))),
                hint='write inner functions as "x = cos(t), y = sin(t)"',
            )
        match = _NAME.match(piece)
        if match is None:
            raise CheckInputError(
                "an inner function must be written name = expression",
                source=text, span=Span(offset, offset + len(piece)), hint='for example "x = cos(t), y = sin(t)"',
            )
        name = match.group(1)
        try:
            named = parse(name)
        except ParseError as exc:
            raise _relabel(exc, "the inner functions", source=text, offset=offset + match.start(1)) from None
        if not named.is_Symbol:
            raise CheckInputError(
                f"{name!r} is not a variable name", source=text,
                span=Span(offset + match.start(1), offset + match.end(1)), hint="use one letter, e.g. x = cos(t)",
            )
        if str(named) in where:
            raise CheckInputError(
                f"{named} is given two inner functions", source=text,
                span=Span(offset + match.start(1), offset + match.end(1)), hint="give each variable once",
            )
        body = piece[match.end():]
        try:
            inner = read(body)
        except ParseError as exc:
            raise _relabel(exc, "the inner functions", source=text, offset=offset + match.end()) from None
        where[str(named)] = inner.expr
        domain += inner.typed.domain
        spans[str(named)] = Span(offset, offset + len(piece))
    _refuse_nested(where, spans, text)
    return where, tuple(domain)


def _refuse_nested(where: Mapping[str, Any], spans: Mapping[str, Span], text: str) -> None:
    """x = cos(x), u = v with v = u, u = v^2 with v = sin t: refused.

    The inner functions are substituted all at once, so one that uses a
    replaced name would leave it in the result (u = v^2, v = sin t gave a
    derivative of 0) or define a variable by itself.
    """
    for name, inner in where.items():
        used = sorted(str(s) for s in inner.free_symbols if str(s) in where)
        if used:
            other = used[0]
            what = "itself" if other == name else f"{other}, which is replaced too"
            raise CheckInputError(
                f"the inner function of {name} uses {what}", source=text, span=spans[name],
                hint="write every inner function in the final variables only, e.g. x = cos(t), y = sin(t)",
            )


def split_wrt(values: Sequence[str] | str | None) -> tuple[str, ...]:
    """``["x", "y"]``, ``"x y"`` or ``"x,y"`` → ("x", "y") (batch files write them in one cell)."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    names: list[str] = []
    for value in values:
        parts = [part for part in re.split(r"[\s,;]+", str(value)) if part]
        if not parts:  # --wrt "" is a mistake, not "the default variable"
            raise CheckInputError("--wrt is empty", hint="give a variable, e.g. --wrt x, or leave --wrt out")
        names += parts
    return tuple(names)


def _variable_name(name: str) -> str:
    from tutor.parsing import ParseError, parse

    try:
        expr = parse(name)
    except ParseError as exc:
        raise _relabel(exc, "--wrt") from None
    if not expr.is_Symbol:
        raise CheckInputError(
            f"--wrt {name!r} is not a variable", source=name, span=Span(0, len(name)),
            hint="give one variable per --wrt, e.g. --wrt x --wrt y",
        )
    return str(expr)


def _with_order(names: list[str], order: int) -> list[str]:
    """``--order 3`` is ``--wrt x`` three times (one variable only)."""
    if order == 1:
        return names
    if not 1 <= order <= MAX_ORDER:
        raise CheckInputError(f"--order {order} is not between 1 and {MAX_ORDER}",
                              hint="a calculus exercise asks for a first, second or third derivative")
    if len(names) != 1:
        raise CheckInputError(f"--order repeats one variable; --wrt names {len(names)}",
                              hint="give --wrt once with --order (or repeat --wrt for mixed partials)")
    return names * order


@dataclass(frozen=True)
class Question:
    """F, the variables and the inner functions read, and the names an answer may use: read once per question."""

    of: Any  # parsing.Reading of F
    wrt: tuple[str, ...]
    where: Mapping[str, Any]
    declared: tuple[str, ...]  # the names the answer is read with
    where_domain: tuple[Any, ...] = ()  # the inner functions' typed domain


def read_question(
    of: str,
    wrt: Sequence[str] | str | None = None,
    where: str | Mapping[str, str] | None = None,
    order: int = 1,
) -> Question:
    """Read F, ``wrt`` and ``where`` (see the module docstring for the rules); raises ``UserError``.

    ``order`` n > 1 (``--order``) differentiates n times by the one ``wrt`` (or F's one variable).
    """
    from tutor.parsing import ParseError, read
    from tutor.parsing.printer import show

    try:
        f = read(of)
    except ParseError as exc:
        raise _relabel(exc, "the function") from None
    if isinstance(where, Mapping):
        where = ", ".join(f"{k} = {v}" for k, v in where.items())
    inner, inner_domain = read_where(where) if where and where.strip() else ({}, ())
    names = [_variable_name(w) for w in split_wrt(wrt)]
    if len(names) > MAX_ORDER:
        raise CheckInputError(
            f"--wrt is given {len(names)} times: derivatives are checked up to order {MAX_ORDER}",
            hint="a calculus exercise asks for a first, second or third derivative; give --wrt at most "
                 f"{MAX_ORDER} times",
        )
    # The variables as typed: x^(1/ln x) folds to the constant e, but x is its variable.
    typed = {str(s) for s in f.expr.free_symbols} or set(f.typed.variables)
    substituted = {name for name in typed if name not in inner}
    substituted |= {str(s) for e in inner.values() for s in e.free_symbols}
    for name in names:
        if name in inner:
            raise CheckInputError(
                f"{name} is replaced by {show(inner[name])} through the inner functions, so it cannot be differentiated by",
                hint=f"differentiate with respect to {', '.join(sorted(substituted)) or 'the inner variable'}",
            )
    if not names:
        if len(substituted) == 1:
            names = [next(iter(substituted))]
        elif not substituted:
            raise CheckInputError(
                f"{show(f.expr)} has no variable, so there is nothing to differentiate by",
                source=of, span=Span(0, len(of)), hint="name the variable with --wrt",
            )
        else:
            shown = ", ".join(sorted(substituted))
            raise CheckInputError(
                f"{show(f.expr)} has several variables ({shown}): say which to differentiate by",
                source=of, span=Span(0, len(of)),
                hint=" or ".join(f"--wrt {n}" for n in sorted(substituted)) + " (repeat --wrt for higher partials)",
            )
    names = _with_order(names, order)
    declared = set(f.variables) | set(inner) | substituted | set(names)
    return Question(of=f, wrt=tuple(names), where=inner, declared=tuple(sorted(declared)), where_domain=inner_domain)


def read_answer(question: Question, answer: str, *, settle: bool = True) -> CheckRequest:
    """Read an answer to a question read by ``read_question``; raises ``UserError``.

    ``settle=False``: the parser's first reading, not re-read until printing is stable (see ``read``)."""
    from tutor.parsing import ParseError, read

    try:
        # wrt: an answer may start with the derivative's name (dy/dx = ..., f'(x) = ...)
        reading = read(answer, list(question.declared), settle=settle, wrt=question.wrt)
    except ParseError as exc:
        raise _relabel(exc, "the answer") from None
    return CheckRequest(answer=reading, of=question.of, wrt=question.wrt, where=question.where,
                        where_domain=question.where_domain)


def read_request(
    answer: str,
    of: str,
    wrt: Sequence[str] | str | None = None,
    where: str | Mapping[str, str] | None = None,
    order: int = 1,
) -> CheckRequest:
    """Read the texts of a check (see the module docstring for the rules); raises ``UserError``.

    ``order`` n > 1 (``--order``) differentiates n times by the one ``wrt`` (or F's one variable).
    """
    return read_answer(read_question(of, wrt, where, order), answer)
