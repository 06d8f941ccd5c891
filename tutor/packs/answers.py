"""Reading an answer in the form an exercise asks for, through the parser, never by eval.

Forms (one row each in ``FORMS``):

- ``expression``: a formula in the declared variables, e.g. ``2x cos(x^2)``;
- ``number``: a constant, e.g. ``-3``, ``0.41``, ``sin(2)/2``;
- ``dual``: ``a + bε`` (``eps`` or ``ε``); any polynomial in ε is reduced with ε² = 0
  and split into its parts (a, b);
- ``matrix``: ``[[a, b], [c, d]]``, every element parsed on its own;
- ``vector``: ``[a, b, c]`` (also ``(a, b, c)`` or ``⟨a, b, c⟩``; a column may be written ``[[a], [b]]``);
- ``word``: one of a few words (``forward`` / ``reverse``);
- ``equation``: a line or plane, any equation of it (``y - 1 = 2(x - 1)``, ``2x - y = 1``) or
  the last coordinate's expression; the value is g of g = 0 (``calctutor check``'s reader);
- ``function``: an expression, or ``L(x) = …`` / ``y = …`` naming it;
- ``slope``: dy/dx in x and y, or ``dy/dx = …`` / ``y' = …`` naming it (implicit derivatives).

Each reader returns the ``Reading`` (for the live preview) and the value to check.
A parse error inside a bracketed element points at its column in the whole answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

__all__ = ["FORMS", "Answer", "read_answer", "split_brackets", "WORDS", "wanted_shape", "bracket_text"]

MAX_ELEMENTS = 64  # an 8×8 Jacobian; more is no longer an exercise


@dataclass(frozen=True)
class Answer:
    """A parsed answer: the reading to show, and the value to compare."""

    reading: Any  # tutor.parsing.Reading
    value: Any  # Expr, (a, b), tuple of rows of Expr, tuple of Expr, or a word
    reason: str = ""  # for word answers: the reason given after a comma or "because"
    typed: str = ""  # the text as typed: its decimals carry the significant figures the student gave


# Words accepted for mode-choice, each mapped to its canonical meaning.
WORDS: Mapping[str, str] = {
    "forward": "forward",
    "forward mode": "forward",
    "forward-mode": "forward",
    "tangent": "forward",
    "reverse": "reverse",
    "reverse mode": "reverse",
    "reverse-mode": "reverse",
    "backward": "reverse",
    "backward mode": "reverse",
    "backpropagation": "reverse",
    "adjoint": "reverse",
}


def _parse_error(message: str, text: str, start: int, end: int, hint: str) -> Exception:
    from tutor.errors import Span
    from tutor.parsing import ParseError

    return ParseError(message, Span(start, max(end, start + 1)), text, hint)


def _shifted(exc: Any, text: str, offset: int) -> Exception:
    """The same parse error, pointing into the whole answer instead of one element."""
    from tutor.errors import Span
    from tutor.parsing import ParseError

    span = exc.span or Span(0, 1)
    return ParseError(exc.message, Span(span.start + offset, span.end + offset), text, exc.hint)


def _reading(expr: Any, text: str, notes: Sequence[str] = (), variables: Sequence[str] = ()) -> Any:
    from tutor.parsing import Reading

    return Reading(expr=expr, text=text, notes=tuple(notes), variables=tuple(variables))


def read_expression(text: str, variables: Sequence[str], epsilon: bool = False,
                    wrt: Sequence[str] = ()) -> Answer:
    """``wrt``: the derivative asked for (("x",) is d/dx): ``dy/dx = …`` is then read with a note."""
    from tutor.parsing import read

    reading = read(text, variables=list(variables), epsilon=epsilon, wrt=tuple(wrt) or None)
    return Answer(reading, reading.expr)


_PLAIN_DECIMAL = re.compile(r"\s*[-−]?\s*(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


def read_number(text: str, variables: Sequence[str] = ()) -> Answer:
    from tutor.parsing import read

    reading = read(text, variables=[])
    if reading.expr.free_symbols:
        raise _parse_error("the answer should be a number", text, 0, len(text),
                           "evaluate it at the given point, e.g. 0.42 or sin(2)")
    if _PLAIN_DECIMAL.fullmatch(text) and not reading.expr.is_Integer:
        # A decimal is read as the decimal it is (0.4974, not 2487/5000): its digits are the claim.
        reading = _reading(reading.expr, text.strip().replace("−", "-"), (), reading.variables)
    return Answer(reading, reading.expr)


def dual_parts(expr: Any) -> tuple[Any, Any]:
    """(a, b) of ``expr`` = a + bε + O(ε²), by the rule ε² = 0 (a Taylor step in ε)."""
    import sympy

    from tutor.parsing import variable

    eps = variable("ε")
    return _tidy_part(expr.subs(eps, 0)), _tidy_part(sympy.diff(expr, eps).subs(eps, 0))


def _tidy_part(part: Any) -> Any:
    """A part over one denominator. Not simplify(): it costs 50–300 ms a call (every dual answer
    graded and every dual instance), and parts are compared by value, never by spelling."""
    if part.is_Rational:  # what a typed a + bε gives: nothing to do
        return part
    import sympy

    try:
        return sympy.cancel(part)
    except sympy.PolynomialError:  # not a rational function of its generators: as it is
        return part


_EPS_WORD = re.compile(r"(?<![A-Za-z])eps(?:ilon)?(?![A-Za-z])")


# A bare e where ε belongs ("25 + 10e"): e not in a name, not raised to a power, not called.
_BARE_E = re.compile(r"(?<![A-Za-z])e(?![A-Za-z^(])")


def read_dual(text: str, variables: Sequence[str] = ()) -> Answer:
    from tutor.parsing import read, variable

    if not _EPS_WORD.search(text) and "ε" not in text:
        bare = _BARE_E.search(text)
        if bare is not None:
            # Read as Euler's number it would be a wrong attempt; the student meant ε (not counted).
            raise _parse_error("e is Euler's number 2.718…; type ε as eps", text, bare.start(), bare.end(),
                               "e.g. 3 + 2eps (or ε, or epsilon); for Euler's number with an ε part, "
                               "write the ε part too: e + e eps")

    # "eps" is how people type ε without a Greek keyboard (columns shift; the text is short).
    reading = read(_EPS_WORD.sub("ε", text), variables=list(variables), epsilon=True)
    expr = reading.expr
    eps = variable("ε")
    if not expr.is_polynomial(eps):
        raise _parse_error("write the dual number as a + bε", text, 0, len(text),
                           "no ε in a denominator or a function: work it out first, e.g. 3 + 2ε")
    from tutor.packs.tasks import dual_text

    a, b = dual_parts(expr)
    notes = tuple(reading.notes)
    if sympy_degree(expr, eps) > 1:
        from tutor.parsing.printer import current_target
        from tutor.parsing.prose import say

        notes += (say("`ε^2 = 0`, so this is ") + dual_text(a, b, current_target()),)
    # Shown real part first, as the notes write a + bε (to_text would print 3ε + 8).
    text = dual_text(a, b) if sympy_degree(expr, eps) <= 1 else reading.text
    return Answer(_reading(expr, text, notes, reading.variables), (a, b))


def sympy_degree(expr: Any, eps: Any) -> int:
    import sympy

    return int(sympy.Poly(sympy.expand(expr), eps).degree()) if expr.has(eps) else 0


def split_brackets(text: str) -> Any:
    """``"[[a, b], [c]]"`` → ``[[("a", 2), ("b", 5)], [("c", 10)]]``: element texts with their offsets.

    Raises a ParseError pointing at the bracket or comma that is out of place.
    """
    stack: list[list[Any]] = []
    root: list[Any] | None = None
    start = None  # start offset of the element being read
    depth_paren = 0

    def close_element(end: int) -> None:
        nonlocal start
        if start is not None:
            chunk = text[start:end]
            stripped = chunk.strip()
            if stripped:
                stack[-1].append((stripped, start + len(chunk) - len(chunk.lstrip())))
            start = None

    for i, ch in enumerate(text):
        if ch == "[" and depth_paren == 0:
            if start is not None and text[start:i].strip():
                raise _parse_error("unexpected '[' inside an element", text, i, i + 1, "separate elements with commas")
            new: list[Any] = []
            if stack:
                stack[-1].append(new)
            elif root is not None:
                raise _parse_error("text after the closing ']'", text, i, i + 1, "write one bracketed list")
            else:
                root = new
            stack.append(new)
            start = i + 1
        elif ch == "]" and depth_paren == 0:
            if not stack:
                raise _parse_error("unmatched ']'", text, i, i + 1, "remove it or add '['")
            close_element(i)
            stack.pop()
            start = None
        elif ch == "," and depth_paren == 0:
            if not stack:
                raise _parse_error("',' outside brackets", text, i, i + 1, "write [a, b]")
            if start is None and stack[-1] and isinstance(stack[-1][-1], list):
                start = i + 1  # the comma after a nested list
                continue
            if start is None or not text[start:i].strip():
                raise _parse_error("an element is missing", text, i, i + 1, "remove the extra ','")
            close_element(i)
            start = i + 1
        elif ch == "(":
            depth_paren += 1
        elif ch == ")":
            depth_paren -= 1
        elif not stack and not ch.isspace():
            raise _parse_error("expected '[' to start the list", text, i, i + 1, "e.g. [[1, 2], [3, 4]] or [1, 2]")
    if stack:
        raise _parse_error("a '[' is never closed", text, len(text) - 1, len(text), "add ']'")
    if root is None:
        raise _parse_error("expected a bracketed list", text, 0, len(text), "e.g. [[1, 2], [3, 4]] or [1, 2]")
    return root


def _parse_elements(text: str, items: list[Any], variables: Sequence[str]) -> tuple[Any, ...]:
    from tutor.parsing import ParseError, parse

    out = []
    for item in items:
        if isinstance(item, list):
            out.append(_parse_elements(text, item, variables))
            continue
        chunk, offset = item
        try:
            out.append(parse(chunk, variables=list(variables)))
        except ParseError as exc:
            raise _shifted(exc, text, offset) from None
    return tuple(out)


def _count(items: Any) -> int:
    return sum(_count(i) if isinstance(i, list) else 1 for i in items)


def bracket_text(value: Any, target: str = "plain") -> str:
    """A vector or matrix (nested tuples) as typed, ``[3x^2 y^2, 2x y^3]``: each entry by the one printer."""
    from tutor.parsing.printer import show

    if isinstance(value, tuple):
        return "[" + ", ".join(bracket_text(v, target) for v in value) + "]"
    return show(value, target)


def read_matrix(text: str, variables: Sequence[str] = ()) -> Answer:
    items = split_brackets(text)
    if _count(items) > MAX_ELEMENTS:
        raise _parse_error(f"more than {MAX_ELEMENTS} elements", text, 0, len(text), "check the brackets")
    if not items or not all(isinstance(row, list) for row in items):
        raise _parse_error("a matrix is a list of rows", text, 0, len(text), "e.g. [[1, 2], [3, 4]]")
    widths = {len(row) for row in items}
    if len(widths) != 1 or any(isinstance(x, list) for row in items for x in row):
        raise _parse_error("every row needs the same number of elements", text, 0, len(text),
                           "e.g. [[1, 2], [3, 4]]")
    value = _parse_elements(text, items, variables)
    return Answer(_reading(_as_matrix(value), bracket_text(value), (), variables), value)


def read_vector(text: str, variables: Sequence[str] = ()) -> Answer:
    items = split_brackets(text)
    if _count(items) > MAX_ELEMENTS:
        raise _parse_error(f"more than {MAX_ELEMENTS} elements", text, 0, len(text), "check the brackets")
    if items and all(isinstance(row, list) and len(row) == 1 and not isinstance(row[0], list) for row in items):
        items = [row[0] for row in items]  # a column written as [[a], [b]]
    if not items or any(isinstance(x, list) for x in items):
        raise _parse_error("expected a flat list", text, 0, len(text), "e.g. [1, 2, 3]")
    value = _parse_elements(text, items, variables)
    return Answer(_reading(_as_matrix(tuple((v,) for v in value)), bracket_text(value), (), variables), value)


def _as_matrix(rows: Any) -> Any:
    import sympy

    return sympy.ImmutableMatrix([list(r) for r in rows])


def read_word(text: str, variables: Sequence[str] = ()) -> Answer:
    import sympy

    key = re.sub(r"\s+", " ", text.strip().lower()).rstrip(".")
    parts = re.split(r"(?:,|;|:| because | since | as )", key, maxsplit=1)
    word, reason = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
    if word not in WORDS:
        raise _parse_error("answer forward or reverse", text, 0, len(text),
                           "type forward or reverse (you may add a reason after a comma)")
    meaning = WORDS[word]
    notes = (f"reason: {reason}",) if reason else ()
    return Answer(_reading(sympy.Symbol(meaning), meaning, notes, ()), meaning, reason)


# What a reason claims, one pattern per claim (lower-case text): fewer outputs favour
# reverse mode (one pass per output), fewer inputs favour forward mode.
REASON_CLAIMS: Mapping[str, str] = {
    "reverse": r"(fewer|less|one|single|1|few) outputs?|more inputs|m ?< ?n|n ?> ?m|outputs? ?< ?inputs?|scalar|gradient",
    "forward": r"(fewer|less|one|single|1|few) inputs?|more outputs|n ?< ?m|m ?> ?n|inputs? ?< ?outputs?",
}


def reason_favours(reason: str) -> str | None:
    """The mode a free-text reason argues for, or None when it says neither (or both)."""
    claims = {mode for mode, pattern in REASON_CLAIMS.items() if re.search(pattern, reason)}
    return claims.pop() if len(claims) == 1 else None


def _question_answer(read: Callable[[], Any], variables: Sequence[str], text: str,
                     wanted: tuple[str, str] | None = None) -> Answer:
    """A line, plane or L(x) read by the question reader of ``calctutor check`` (tutor.checking);
    ``wanted``: (message, hint) for an equation that does not name the answer (default: check's words)."""
    from tutor.errors import UserError
    from tutor.parsing import ParseError

    try:
        answer = read()
    except ParseError:
        raise
    except UserError as exc:  # "write the answer as an expression": unusable, not an attempt
        message, hint = wanted or (exc.message, exc.hint or "")
        raise _parse_error(message, text, 0, len(text), hint) from None
    return Answer(_reading(answer.value, _displayed(answer.text, variables), answer.notes, variables), answer.value)


def _displayed(text: str, variables: Sequence[str]) -> str:
    """``y - 9 = 2x*(x - 3)`` as a student writes it, ``y - 9 = 2x (x - 3)``: each side read back to be sure."""
    from tutor.packs.tasks import display_math
    from tutor.parsing import parse

    sides = text.split(" = ")
    try:
        return " = ".join(display_math(side, parse(side, list(variables))) for side in sides)
    except Exception:  # noqa: BLE001 - a side the parser reads otherwise alone (a label): keep check's text
        return text


def read_line_equation(text: str, variables: Sequence[str] = ()) -> Answer:
    """A line or plane in the coordinates ``variables`` (the last one is y or z): any equation of it,
    or the last coordinate's expression; the value is g of the equation g = 0."""
    from tutor.checking.question_request import _answer_equation

    return _question_answer(lambda: _answer_equation(text, tuple(variables), variables[-1]), variables, text)


def read_function_value(text: str, variables: Sequence[str] = ()) -> Answer:
    """An expression, or ``L(x) = …`` / ``y = …`` naming it (a linear approximation)."""
    from tutor.checking.question_request import _answer_expression

    return _question_answer(lambda: _answer_expression(text, tuple(variables), ("L", "y", "f", "z")), variables,
                            text)


def read_slope(text: str, variables: Sequence[str] = ()) -> Answer:
    """dy/dx in x and y (``variables`` = (x, y)): an expression, or ``dy/dx = …`` / ``y' = …`` naming it."""
    from tutor.checking.question_request import _answer_expression

    x, y = variables[0], variables[-1]
    labels = (f"d{y}/d{x}", f"d{y} / d{x}", f"{y}'", f"{y}’", f"{y}_{x}")
    wanted = (f"write d{y}/d{x} as a formula in {x} and {y}", f"e.g. -{x}/{y}, or d{y}/d{x} = -{x}/{y}")
    return _question_answer(lambda: _answer_expression(text, tuple(variables), labels, (x,)), variables, text, wanted)


FORMS: Mapping[str, Callable[..., Answer]] = {
    "expression": read_expression,
    "number": read_number,
    "dual": read_dual,
    "matrix": read_matrix,
    "vector": read_vector,
    "word": read_word,
    "equation": read_line_equation,
    "function": read_function_value,
    "slope": read_slope,
}


def _template(rows: int, cols: int) -> str:
    letters = iter("abcdefghijklmnopqrstuvwxyz")
    return "[" + ", ".join("[" + ", ".join(next(letters, "·") for _ in range(cols)) + "]"
                           for _ in range(rows)) + "]"


def wanted_shape(form: str, shape: Sequence[int] = ()) -> str:
    """What a question of ``form`` and ``shape`` wants, in words and a template (its signs in the
    printer's current target: ``2 x 3``, ``a + b epsilon`` under --plain)."""
    from tutor.packs.tasks import TIMES, printed
    from tutor.parsing.prose import say

    if form == "matrix" and len(shape) == 2:
        return f"this question wants a {shape[0]} {printed(TIMES)} {shape[1]} matrix {_template(shape[0], shape[1])}"
    if form == "vector" and len(shape) == 1:
        return f"this question wants {shape[0]} numbers in brackets, {_template(1, shape[0])[1:-1]}"
    return {"number": "this question wants one number",
            "dual": say("this question wants one dual number `a + b ε` (type `ε` as eps)"),
            "expression": "this question wants one formula",
            "equation": "this question wants the equation of a line or plane, e.g. y = 2x - 1",
            "function": "this question wants one formula, e.g. L(x) = 2x - 1",
            "slope": "this question wants dy/dx as one formula in x and y, e.g. -x/y",
            "word": "this question wants a word: forward or reverse"}.get(form, "this answer has the wrong shape")


def _shape_of(value: Any, form: str) -> tuple[int, ...]:
    if form == "vector":
        return (len(value),)
    if form == "matrix":
        return (len(value), len(value[0]) if value else 0)
    return ()


def read_answer(form: str, text: str, variables: Sequence[str], shape: Sequence[int] | None = None,
                wrt: Sequence[str] = ()) -> Answer:
    """Read ``text`` in ``form``; raises the parser's ``ParseError`` with a column.

    ``wrt``: for a formula that is a derivative, its variables in order (("x",) for d/dx):
    an answer may then start with its name (``dy/dx =``, ``f'(x) =``), dropped with a note;
    a name of another derivative (``dy/dt =``) is refused. Other forms ignore it.

    With ``shape`` ((rows, cols) of a matrix, (n,) of a vector), an answer of another shape
    is refused the same way (it is not an attempt): a list for one number, a number for a
    matrix, a 2 × 2 for a 2 × 3. A matrix with rows and columns swapped is read, and so is a
    vector of the length in ``shape[1]`` (a Jacobian row where a column is asked): they are
    mistakes to name, not typos.
    """
    if not text.strip():
        raise _parse_error("the answer is empty", text, 0, max(1, len(text)), "type an answer")
    if form == "vector":
        text = _square_brackets(text)
    elif form == "matrix" and shape is not None and len(shape) > 2 and _square_brackets(text) != text:
        flat = _square_brackets(text)  # (2x, 2y) for a Hessian: the gradient, written as the books write it
        items = split_brackets(flat)
        if not any(isinstance(i, list) or "," in i[0] for i in items) and len(items) in shape[2:]:
            vector = read_vector(flat, variables)
            return Answer(vector.reading, vector.value, "", text)
    bracket = text.lstrip().startswith("[")
    if shape is not None:
        if (form in ("matrix", "vector")) != bracket:
            raise _parse_error(wanted_shape(form, shape[:2] if form == "matrix" else shape), text, 0, len(text),
                               _shape_hint(form))
    if form == "matrix" and shape is not None and len(shape) > 2:
        items = split_brackets(text)  # (rows, cols, k…): a flat list of k is read too, a mistake its kind names
        if items and not any(isinstance(i, list) for i in items) and len(items) in shape[2:]:
            vector = read_vector(text, variables)
            return Answer(vector.reading, vector.value, "", text)
        shape = shape[:2]
    answer = read_expression(text, variables, wrt=wrt) if form == "expression" else FORMS[form](text, variables)
    if shape is not None and form in ("matrix", "vector"):
        got, want = _shape_of(answer.value, form), tuple(shape)
        if form == "matrix" and got != want and got != want[::-1]:
            raise _parse_error(wanted_shape(form, shape), text, 0, len(text), _shape_hint(form))
        if form == "vector" and got[0] not in want:  # (n, m): n numbers, or m for the other orientation
            raise _parse_error(wanted_shape(form, shape[:1]), text, 0, len(text), _shape_hint(form))
    return Answer(answer.reading, answer.value, answer.reason, text)


# A vector as the books write it: (2x, 2y), ⟨2x, 2y⟩, <2x, 2y> read as [2x, 2y] (same length, so columns hold).
_VECTOR_BRACKETS = {"(": ")", "⟨": "⟩", "<": ">"}


def _square_brackets(text: str) -> str:
    stripped = text.strip()
    close = _VECTOR_BRACKETS.get(stripped[:1])
    if close is None or not stripped.endswith(close) or "," not in stripped:
        return text
    inner = stripped[1:-1]
    depth = 0
    for ch in inner:  # "(a, b)(c)" is not one bracketed list: the first ")" must close the last
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return text
    start = text.index(stripped[0])
    return text[:start] + "[" + inner + "]" + text[start + len(stripped):]


def _shape_hint(form: str) -> str:
    return {"matrix": "rows in brackets, separated by commas", "vector": "the numbers in one pair of brackets",
            "dual": "the real part plus the ε part, e.g. 3 - 2eps"}.get(form, "one value, e.g. 0.42 or sin(2)")
