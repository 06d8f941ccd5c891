"""Judging and diagnosing answers made of numbers (the AD kinds), by the one numeric policy.

``judge_numbers`` compares an answer's numbers (a value, a dual number's parts, a vector's
or a matrix's entries) with the expected ones through ``tutor.checking.numeric_answers``:
exact forms, decimals correctly rounded to the exercise's significant figures (``sigfigs``,
default 4), "rounded wrong", "give more digits" only when more digits would make it right.
Its reason names the entry that is off (``∂g/∂y``, ``entry (1, 2) = ∂F₁/∂y``, ``the ε part``).

``diagnose_by_candidates`` is the mistake diagnosis of these kinds: the wrong answer each
catalogued slip gives for the drawn exercise (``tutor.explain.wrong_answers``) is compared
with the student's by the same policy, and the first that matches names the mistake.

(An answer of the wrong shape never gets here: ``answers.read_answer`` refuses it, not counted.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence

from tutor.packs.tasks import Task

if TYPE_CHECKING:
    from tutor.packs.answers import Answer

__all__ = ["judge_numbers", "diagnose_by_candidates", "sigfigs_of", "labels_of", "approximately", "NUMERIC_FORMS"]

NUMERIC_FORMS = ("number", "dual", "vector", "matrix")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sigfigs_of(task: Task) -> int:
    from tutor.checking.numeric_answers import DEFAULT_SIGFIGS

    return int(task.info.get("sigfigs", DEFAULT_SIGFIGS))


def _flat(value: Any, form: str) -> list[Any]:
    if form in ("dual", "vector"):
        return list(value)
    if form == "matrix":
        return [x for row in value for x in row]
    return [value]


def labels_of(task: Task) -> list[str]:
    """What each number of the answer is, in the answer's order (for feedback that names it)."""
    info, kind = task.info, task.kind
    n = len(_flat(task.expected, task.form))
    from tutor.parsing import notation as M
    from tutor.parsing.printer import current_target, operator, show

    if task.form == "dual":
        return ["the real part", f"the {show(M.var('ε'))} part"]
    if task.form == "matrix" and kind != "jacobian":
        cols = len(task.expected[0])
        return [f"entry ({i // cols + 1}, {i % cols + 1})" for i in range(n)]
    if kind == "jacobian":
        names = list(task.wrt)
        plain = current_target() == "plain"  # F1, as trace --plain writes v1
        F = lambda i: f"F{i}" if plain else f"F{str(i).translate(_SUB)}"  # noqa: E731 - F₁, the component's name
        if task.form == "matrix":
            cols = len(names)
            return [f"entry ({i // cols + 1}, {i % cols + 1}) = {operator(names[i % cols], True, of=F(i // cols + 1))}"
                    for i in range(n)]
        if info.get("part") == "column":
            return [operator(info["index"], True, of=F(i + 1)) for i in range(n)]
        return [operator(v, True, of=F(info["index"])) for v in names]
    if kind in ("graph-forward", "graph-backward"):
        ask = list(info.get("ask", ()))
        if kind == "graph-backward":
            out = list(info["nodes"])[-1]
            return [operator(a, True, of=out) for a in ask]
        return [f"node {a}" for a in ask]
    if n == 1:
        return ["the value"]
    return [f"element {i + 1}" for i in range(n)]


def approximately(value: Any, form: str, sigfigs: int = 4) -> str:
    """`` ≈ 0.909297 - 0.416147ε`` when a number of the answer does not end as a decimal, else "".

    The digits are the policy's own approximation (``approximation``): typed back, they are accepted.
    """
    from tutor.checking.numeric_answers import approximation

    parts = _flat(value, form)
    if all(getattr(p, "is_Rational", True) for p in parts):
        return ""
    from tutor.packs.answers import bracket_text
    from tutor.packs.tasks import APPROX, printed
    from tutor.parsing.printer import current_target, show

    about, target = printed(APPROX), current_target()
    decimals = [_decimal_tree(approximation(p, sigfigs)) for p in parts]
    if form == "dual":
        from tutor.parsing import notation as M

        a, b = decimals
        negative = b.op == "neg"
        return about + show(M.total([(False, a), (negative, M.mul(b.args[0] if negative else b, M.var("ε")))]))
    if form == "matrix":
        cols = len(value[0])
        return about + bracket_text(tuple(tuple(decimals[i:i + cols]) for i in range(0, len(decimals), cols)),
                                    target)
    if form == "vector":
        return about + bracket_text(tuple(decimals), target)
    return about + show(decimals[0])


def _decimal_tree(text: str) -> Any:
    """A decimal as typed (``-0.416147``) as a tree: the printer writes its digits as they are."""
    from fractions import Fraction

    from tutor.parsing import notation as M

    digits = text.lstrip("-")
    try:
        number = M.num(Fraction(digits), text=digits)
    except ValueError:  # not a number at all (zoo from a division by zero): validate reports it
        return M.words(text)
    return M.neg(number) if text.startswith("-") else number


def _exact_text(value: Any) -> str:
    from tutor.packs.tasks import _text

    return _text(value)


def judge_numbers(task: Task, answer: "Answer", seed: int) -> Any:
    """A ``Verdict`` on an answer made of numbers (formulas in it go to the checker's ``equivalent``)."""
    from tutor.checking.numeric_answers import judge_number, literal_for, typed_decimals
    from tutor.packs.compare import plain_verdict, same_expr

    shown = answer.reading.expr
    if task.form == "dual" and _dual_with_square(answer) is not None:
        # Equal once ε² = 0 is applied, but the question is that rule: an ε² term is a mistake to name.
        from tutor.parsing.prose import say

        return plain_verdict(False, say("`ε^2 = 0`, so the `ε^2` term vanishes: write the answer as `a + b ε`"),
                             shown, task.expected)
    got, want = _flat(answer.value, task.form), _flat(task.expected, task.form)
    if task.form == "matrix" and len(answer.value) != len(task.expected):  # rows and columns swapped
        from tutor.packs.answers import wanted_shape

        rows, cols = len(task.expected), len(task.expected[0])
        return plain_verdict(False, f"{wanted_shape('matrix', (rows, cols))}: {rows} rows for the outputs, "
                             f"{cols} columns for the inputs", shown, task.expected)
    if len(got) != len(want):
        from tutor.packs.answers import wanted_shape

        return plain_verdict(False, wanted_shape(task.form, (len(want),)), shown, task.expected)  # see other_lengths
    literals = typed_decimals(getattr(answer, "typed", "") or "")
    sigfigs = sigfigs_of(task)
    labels = labels_of(task)
    notes, wrong, undecided = [], [], False
    for label, g, w in zip(labels, got, want):
        if getattr(w, "free_symbols", None) or getattr(g, "free_symbols", None):
            same = same_expr(g, w, task.variables, seed)
            undecided = undecided or same is None
            if same is False:
                wrong.append((label, ""))
            continue
        verdict = judge_number(g, w, literal_for(g, literals), sigfigs, exact_text=_exact_text(w))
        if verdict.accepted:
            if verdict.message:
                notes.append(verdict.message if len(want) == 1 else f"{label}: {verdict.message}")
        else:
            wrong.append((label, verdict.message))
    if wrong:
        reason = _wrong_reason(wrong, len(want))
        return plain_verdict(False, reason, shown, task.expected)
    if undecided:
        return plain_verdict(None, "the checker could not decide a formula in the answer", shown, task.expected)
    from tutor.checking.verdict import NumericEvidence, Verdict

    return Verdict("correct", "equal", NumericEvidence(), "", notes=tuple(dict.fromkeys(notes)), answer=shown,
                   expected=task.expected)


def _wrong_reason(wrong: Sequence[tuple[str, str]], count: int) -> str:
    if count == 1:
        label, message = wrong[0]
        return message or "not the expected value"
    if len(wrong) == 1:
        label, message = wrong[0]
        return f"{label} is not right" + (f" ({message})" if message else "")
    labels = [label for label, _ in wrong]
    return ", ".join(labels[:-1]) + " and " + labels[-1] + " are not right"


# -- mistakes ----------------------------------------------------------------------------------


def _matches(task: Task, answer: "Answer", candidate: Any) -> bool:
    """Whether the student's value is the candidate's, by the numeric policy (any correct rounding)."""
    from tutor.checking.numeric_answers import judge_number, literal_for, typed_decimals
    from tutor.packs.compare import same_expr

    form = task.form
    if form == "word":
        return answer.value == candidate
    value = answer.value
    if form == "dual" and len(candidate) == 3:
        value = _dual_with_square(answer)
        if value is None:
            return False
        got, want = list(value), list(candidate)
    else:
        try:
            got, want = _flat(value, form), _flat(candidate, form)
        except TypeError:
            return False
    if len(got) != len(want):
        return False
    literals = typed_decimals(getattr(answer, "typed", "") or "")
    for g, w in zip(got, want):
        if getattr(w, "free_symbols", None) or getattr(g, "free_symbols", None):
            if same_expr(g, w, task.variables) is not True:
                return False
            continue
        literal = literal_for(g, literals)
        figures = literal.figures if literal is not None else sigfigs_of(task)
        verdict = judge_number(g, w, literal, max(2, min(figures, sigfigs_of(task))))
        if not (verdict.accepted or verdict.status == "rounded-wrong"):
            return False
    return True


def _dual_with_square(answer: "Answer") -> Optional[tuple[Any, Any, Any]]:
    """(a, b, c) of an answer a + bε + cε² (ε² kept), or None when it has no ε² term."""
    import sympy

    from tutor.parsing import variable

    eps = variable("ε")
    expr = sympy.expand(answer.reading.expr)
    if not expr.is_polynomial(eps):
        return None
    poly = sympy.Poly(expr, eps)
    if poly.degree() != 2:
        return None
    c = poly.all_coeffs()[::-1]
    return (c[0], c[1], c[2])


def diagnose_by_candidates(task: Task, answer: "Answer", candidates: Iterable[Any]) -> Any:
    """The first catalogued slip whose wrong answer is the student's, as a ``MistakeMatch`` (or None)."""
    from tutor.explain import MistakeMatch, mistake_info

    for candidate in candidates:
        if _matches(task, answer, candidate.value):
            try:
                title = mistake_info(candidate.id).title
            except KeyError:
                title = candidate.id
            return MistakeMatch(candidate.id, title, candidate.message, None, candidate.value)
    return None
