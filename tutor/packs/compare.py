"""Comparing answers by form: is a value the expected one, and if not, which part differs.

``same_value`` compares two values in a task's form (expression, number, dual, matrix,
vector, word) through the checker's ``equivalent`` or exact arithmetic, never by spelling;
``judge_value`` turns that into a ``Verdict`` with a reason a student can act on. It is the
default ``judge`` of a kind (``kind.py``).
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from tutor.packs.tasks import TIMES, Task, _sym, printed

__all__ = ["same_value", "judge_value", "plain_verdict", "same_expr"]


def _numbers_equal(a: Any, b: Any, rel: float = 0.0) -> bool:
    """Exact for rationals; otherwise compared at 30 significant digits (simplify() can take seconds
    on sin(2)-style constants, and digits that agree to 1e-9 relative are the same number here)."""
    diff = a - b
    if diff.is_Rational:
        if diff == 0:
            return True
        gap, scale = abs(float(diff)), abs(float(b)) if b.is_number else 0.0
    else:
        try:
            gap = abs(complex(diff.evalf(30)))  # 30 digits: far beyond the 1e-9 we ask for
            scale = abs(complex(b.evalf(30)))
        except (TypeError, ValueError):  # not numbers (a symbol slipped in)
            return False
    # rel = 0: exact questions still forgive float noise from decimals such as 0.1 (1e-9 ≫ 2^-52)
    return gap <= max(rel, 1e-9) * max(scale, 1e-12 if rel else 1.0)


def same_expr(a: Any, b: Any, variables: Sequence[str], seed: int = 0) -> Optional[bool]:
    """True / False, or None when the checker could not decide."""
    if not getattr(a, "free_symbols", None) and not getattr(b, "free_symbols", None):
        return _numbers_equal(a, b)
    from tutor.checking import equivalent

    names = sorted({s.name for s in (a - b).free_symbols} | set(variables))
    verdict = equivalent(a, b, names, seed=seed)
    return None if verdict.status == "undecided" else verdict.correct


def same_value(task: Task, a: Any, b: Any, *, seed: int = 0) -> Optional[bool]:
    """Whether two answers in ``task.form`` are the same value (None: undecided)."""
    form = task.form
    question = task.info.get("question")  # the course's other questions (kinds/_question.py): on the curve, as a line
    if question is not None and form in ("equation", "function", "slope", "expression"):
        from tutor.explain.question_mistakes import answers_agree

        return answers_agree(question, a, b, "equation" if form == "equation" else "expression", seed=seed)
    if form == "word":
        return a == b
    if form == "expression":
        if task.where:
            subs = {_sym(k): v for k, v in task.where.items()}
            a, b = a.subs(subs), b.subs(subs)
        return same_expr(a, b, task.variables, seed)
    if form == "number":
        return _numbers_equal(a, b, task.info.get("tolerance", 0.0))
    if form in ("dual", "vector"):
        if len(a) != len(b):
            return False
        return _all(same_expr(x, y, task.variables, seed) for x, y in zip(a, b))
    if form == "matrix":
        if not all(isinstance(r, tuple) for r in (*a, *b)):  # a flat list read for a matrix (a Hessian's gradient)
            return False
        if len(a) != len(b) or any(len(r) != len(s) for r, s in zip(a, b)):
            return False
        return _all(same_expr(x, y, task.variables, seed) for r, s in zip(a, b) for x, y in zip(r, s))
    raise ValueError(f"unknown answer form {form!r}")


def _all(results: Any) -> Optional[bool]:
    undecided = False
    for r in results:
        if r is False:
            return False
        undecided = undecided or r is None
    return None if undecided else True


def plain_verdict(ok: Optional[bool], reason: str, answer: Any, expected: Any) -> Any:
    from tutor.checking.verdict import NumericEvidence, Verdict

    status = {True: "correct", False: "incorrect", None: "undecided"}[ok]
    symbolic = {True: "equal", False: "different", None: "unknown"}[ok]
    return Verdict(status, symbolic, NumericEvidence(), reason, answer=answer, expected=expected)


def _shape_message(task: Task, value: Any) -> Optional[str]:
    """Why an answer of the wrong shape is wrong, before comparing values."""
    if task.form == "matrix":
        rows, cols = len(task.expected), len(task.expected[0])
        if len(value) != rows or any(len(r) != cols for r in value):
            return f"the answer should be a {rows}{printed(TIMES)}{cols} matrix"
    if task.form == "vector" and len(value) != len(task.expected):
        return f"the answer should have {len(task.expected)} elements"
    return None


def _what_differs(task: Task, value: Any, seed: int) -> str:
    """Which part of a compound answer is off: the ε part, element 2, row 1 column 2…"""
    if task.form in ("dual", "vector"):
        from tutor.parsing import notation as M
        from tutor.parsing.printer import show

        labels = ("the real part", f"the {show(M.var('ε'))} part") if task.form == "dual" else None
        wrong = [i for i, (x, y) in enumerate(zip(value, task.expected))
                 if same_expr(x, y, task.variables, seed) is False]
        if labels:
            return " and ".join(labels[i] for i in wrong) + (" is" if len(wrong) == 1 else " are") + " not right"
        return "element" + ("s " if len(wrong) > 1 else " ") + ", ".join(str(i + 1) for i in wrong) + \
            (" is" if len(wrong) == 1 else " are") + " not right"
    if task.form == "matrix":
        entries = [f"({i + 1}, {j + 1})" for i, (r, s) in enumerate(zip(value, task.expected))
                   for j, (x, y) in enumerate(zip(r, s)) if same_expr(x, y, task.variables, seed) is False]
        return "the entr" + ("ies " if len(entries) > 1 else "y ") + ", ".join(entries) + \
            (" are" if len(entries) > 1 else " is") + " not right"
    if task.form == "word":
        return f"{value} mode does not need fewer passes here"
    tolerance = task.info.get("tolerance")
    if task.form == "number" and tolerance and task.expected != 0:
        try:
            off = abs(float(value) / float(task.expected) - 1)
            return f"{off:.2%} away from the value; at most {tolerance:.2%} is allowed (give more digits?)"
        except (TypeError, ValueError, ZeroDivisionError):
            pass
    return "not the expected value"


def judge_value(task: Task, value: Any, shown: Any, seed: int) -> Any:
    """A ``Verdict`` on ``value`` (read as ``shown``) against ``task.expected``."""
    shape = _shape_message(task, value)
    ok = False if shape else same_value(task, value, task.expected, seed=seed)
    reason = shape or ("" if ok else _what_differs(task, value, seed))
    return plain_verdict(ok, reason, shown, task.expected)
