"""The mode-choice kind: for F from R^n to R^m, which mode of automatic differentiation needs
fewer passes (a word, with a reason after a comma), or how many passes a mode needs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from tutor.packs.kind import Kind
from tutor.packs.kinds.jacobian import components
from tutor.packs.tasks import FieldError, Fields, Task, _text, listed, spoken

if TYPE_CHECKING:
    from tutor.packs.answers import Answer
    from tutor.packs.model import Exercise

__all__ = ["ROWS"]


def _count_field(fields: Fields, key: str) -> Optional[int]:
    text = getattr(fields, key)
    if text is None:
        return None
    value = fields.parse(key, text, ())
    if not (value.is_Integer and value >= 1):
        raise FieldError(key, f"{key} must be a whole number, at least 1, found {_text(value)}")
    return int(value)


def build_mode_choice(ex: "Exercise", fields: Fields) -> Task:
    import sympy

    n, m = _count_field(fields, "inputs"), _count_field(fields, "outputs")
    texts: dict[str, str] = {}
    trees: dict[str, Any] = {}
    if n is None or m is None:
        comps, names = components(ex, fields)
        n, m = n or len(names), m or len(comps)
        texts, trees = spoken({"of": listed(comps), "variables": ", ".join(names)})
    ask = ex.ask[0] if ex.ask else "mode"
    texts.update({"n": str(n), "m": str(m)})
    info = {"n": n, "m": m, "ask": ask}
    if ask == "forward-passes":
        return Task(ex.kind, "number", (), sympy.Integer(n), {**texts, "expected": str(n)}, info=info, trees=trees)
    if ask == "reverse-passes":
        return Task(ex.kind, "number", (), sympy.Integer(m), {**texts, "expected": str(m)}, info=info, trees=trees)
    if ask != "mode":
        raise FieldError("ask", f"unknown question `{ask}`", "mode, forward-passes or reverse-passes")
    expected = "forward" if n < m else "reverse" if m < n else "either"
    shown = {"either": "either (as many inputs as outputs)"}.get(expected, expected)
    return Task(ex.kind, "word", (), expected, {**texts, "expected": shown}, info=info, trees=trees)


def judge(task: Task, answer: "Answer", seed: int) -> Any:
    """A word against the mode with fewer passes: "either" accepts both; a reason must not argue the other way."""
    from tutor.packs.compare import judge_value, plain_verdict

    if task.form != "word":
        from tutor.packs.numeric_judge import judge_numbers

        return judge_numbers(task, answer, seed)
    if task.expected == "either":
        return plain_verdict(True, "", answer.reading.expr, task.expected)
    verdict = judge_value(task, answer.value, answer.reading.expr, seed)
    if verdict.correct and answer.reason:
        from tutor.packs.answers import reason_favours

        if reason_favours(answer.reason) not in (None, task.expected):
            reason = f"{task.expected} is right, but the reason argues for the other mode"
            return plain_verdict(False, reason, answer.reading.expr, task.expected)
    return verdict


def _passes(n: int) -> str:
    return f"{n} pass" if n == 1 else f"{n} passes"


def explanation(task: Task) -> str:
    n, m = task.info["n"], task.info["m"]
    return (f"F maps R^{n} to R^{m}: forward mode gives one Jacobian column per pass ({_passes(n)}), "
            f"reverse mode one row per pass ({_passes(m)}).")


def wrong_answers(task: Task) -> list[Any]:
    """The other mode's passes; the other mode (explain/wrong_answers.py)."""
    from tutor.explain.wrong_answers import mode_candidates

    return mode_candidates(task.info["n"], task.info["m"], task.info["ask"])


def diagnose(task: Task, answer: "Answer") -> Any:
    from tutor.explain import MistakeMatch, mistake_info
    from tutor.packs.numeric_judge import diagnose_by_candidates

    found = diagnose_by_candidates(task, answer, wrong_answers(task))
    if found is None and task.form == "word" and answer.value == task.expected and answer.reason:
        # the right mode, argued the wrong way round: the same mix-up, in the reason
        n, m = task.info["n"], task.info["m"]
        info = mistake_info("mode.reason-reversed")
        found = MistakeMatch(info.id, info.title, f"{task.expected} is right, but your reason argues for the other "
                             f"mode: forward costs one pass per input ({n}), reverse one per output ({m})", None,
                             answer.value)
    return found


def steps(task: Task) -> Any:
    from tutor.explain.worked_jacobian import mode_worked

    return mode_worked(task.info["n"], task.info["m"], task.info["ask"])


ROWS = (
    Kind("mode-choice", build_mode_choice,
         "A function maps R^{n} to R^{m}. To get its whole Jacobian, which mode of automatic differentiation "
         "needs fewer passes: forward or reverse? (Add the reason after a comma.)", ("ad-modes",),
         ("inputs", "outputs", "of", "ask"), judge=judge, explanation=explanation, explain_wrong=True,
         diagnose=diagnose, steps=steps, wrong_answers=wrong_answers),
)
