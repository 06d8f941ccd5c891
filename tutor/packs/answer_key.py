"""The answer an instance shows a student (:skip, :steps, the answer after the last wrong try, preview,
answer keys): printed by the one printer, a derivative in its textbook form.

    answer_key(instance)                    # "−14/(x − 9)²", "[2x y, x²]", "7 + 42ε"
    answer_key(instance, target="latex")    # for a printed answer key

The kinds compute ``expected`` (the value the checker compares with); this module only decides
how it is written. A derivative is written as ``tutor.explain.textbook.textbook_form`` gives it
(one fraction, factored; sec²(x) for tan'; x/|x| for |x|'), the same string ``check`` and
``explain`` print. Computing that form forks a time-limited child, so it is done when an answer
is shown, never when an exercise is drawn (drawing must stay fast), and kept per instance.
Answers that are not formulas (a number rounded to N figures, a word) keep the kind's text.
"""

from __future__ import annotations

from typing import Any

__all__ = ["answer_key", "textbook_expected"]

# Forms whose expected value is printed from the value itself (entries of vectors and matrices too).
_PRINTED_FORMS = ("expression", "vector", "matrix", "dual")


def textbook_expected(task: Any) -> Any:
    """The expected derivative in textbook form (None when the task is not "differentiate F")."""
    from tutor.explain.textbook import textbook_form

    of, wrt = getattr(task, "of", None), getattr(task, "wrt", None)
    if task.form != "expression" or of is None or not wrt or isinstance(of, (tuple, list)):
        return None
    where = getattr(task, "where", None)
    if where:
        of = of.subs({s: where[s.name] for s in of.free_symbols if s.name in where})
    form = textbook_form(of, list(wrt))
    return form if _same_value(form, task.expected) else None


def _same_value(a: Any, b: Any) -> bool:
    """a = b at a few points (the textbook form is a rewriting: never show one that differs)."""
    import math

    from tutor.autodiff.evaluator import evaluate

    names = sorted({s.name for s in a.free_symbols | b.free_symbols})
    agreed = 0
    for k in range(12):
        point = {n: 0.37 + 0.61 * k + 0.23 * i for i, n in enumerate(names)}
        try:
            x, y = evaluate(a, point), evaluate(b, point)
        except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError):
            continue
        if not (math.isfinite(x) and math.isfinite(y)):
            continue
        if abs(x - y) > 1e-7 * max(1.0, abs(y)):
            return False
        agreed += 1
    return agreed >= 3 or not names


def answer_key(instance: Any, target: str = "unicode") -> str:
    """The instance's answer as shown to people (``target``: unicode, plain or latex)."""
    cache = instance.__dict__.setdefault("_answer_keys", {}) if hasattr(instance, "__dict__") else {}
    if target in cache:
        return cache[target]
    text = _answer(instance, target)
    cache[target] = text
    return text


def _answer(instance: Any, target: str) -> str:
    from tutor.parsing.printer import show

    task = getattr(instance, "task", None)
    fallback = str(getattr(instance, "expected_text", "") or "")
    if task is None or task.form not in _PRINTED_FORMS:
        if target == "plain" and task is not None and "expected" in task.trees:  # −40, 2.718 ≈ e in ASCII
            return task.text_in("expected", "plain")
        return fallback if target != "latex" else _latex_words(fallback)
    try:
        if task.form == "expression":
            form = textbook_expected(task)
            return show(form if form is not None else task.expected, target)
        if task.form == "dual":
            from tutor.autodiff.formulas import dual_number

            return show(dual_number(*task.expected), target)
        if task.form == "vector":
            return _bracketed([show(v, target) for v in task.expected], target)
        return _bracketed([_bracketed([show(v, target) for v in row], target) for row in task.expected], target)
    except Exception:  # noqa: BLE001 - a value the printer has no notation for: the kind's own text
        return fallback if target != "latex" else _latex_words(fallback)


def _bracketed(items: list[str], target: str) -> str:
    if target == "latex":
        return r"\left[" + ", ".join(items) + r"\right]"
    return "[" + ", ".join(items) + "]"


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                  "%": r"\%", "_": r"\_", "^": r"\^{}", "~": r"\~{}",
                  "≈": r"$\approx$", "−": "-", "ε": r"$\varepsilon$", "π": r"$\pi$", "·": r"$\cdot$"}


def _latex_words(text: str) -> str:
    """A kind's own answer text (a rounded number, a word) inside LaTeX math, special characters escaped."""
    return r"\text{" + "".join(_LATEX_SPECIAL.get(c, c) for c in text) + "}"
