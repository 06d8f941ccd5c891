"""The numeric-difference kind: a forward, backward or symmetric difference quotient with step
``h``, or its error against the exact derivative; decimal answers to ``sigfigs`` significant figures
(docs/numeric-answers.md), more when the answer and a slip's value would round alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Mapping

from tutor.packs.kind import Kind
from tutor.packs.numeric_judge import judge_numbers
from tutor.packs.proofs import ad_value, close, finite
from tutor.packs.tasks import APPROX, FieldError, Fields, Task, _require, _sym, one_variable_function, printed, spoken

if TYPE_CHECKING:
    from tutor.packs.answers import Answer
    from tutor.packs.model import Exercise

__all__ = ["ROWS", "SCHEMES"]


# Each scheme: the quotient as a function of (f, a, h): of numbers to compute it, of trees to show it.
SCHEMES: Mapping[str, Callable[[Callable[[Any], Any], Any, Any], Any]] = {
    "forward": lambda f, a, h: (f(a + h) - f(a)) / h,
    "backward": lambda f, a, h: (f(a) - f(a - h)) / h,
    "symmetric": lambda f, a, h: (f(a + h) - f(a - h)) / (2 * h),
}
_SHOWN: Mapping[str, Callable[[Any, Any, Any], Any]] = {
    "forward": lambda M, f, h: M.div(M.sub(f(M.add("a", h)), f("a")), h),
    "backward": lambda M, f, h: M.div(M.sub(f("a"), f(M.sub("a", h))), h),
    "symmetric": lambda M, f, h: M.div(M.sub(f(M.add("a", h)), f(M.sub("a", h))), M.mul(2, h)),
}


def _scheme_shown(scheme: str) -> tuple[Any, ...]:
    """"forward difference quotient (f(a + h) − f(a))/h": the scheme's name and its quotient (pieces)."""
    from tutor.parsing import notation as M

    return (f"{scheme} difference quotient ", _SHOWN[scheme](M, lambda t: M.apply("f", t), "h"))


def build_numeric_difference(ex: "Exercise", fields: Fields) -> Task:
    import sympy

    of, name, point = one_variable_function(ex, fields, "a difference quotient")
    names = [name]
    x = _sym(name)
    a = point[names[0]]
    h = fields.parse("h", _require(fields.h, "h", "a step `h`, e.g. '0.1'"), ())
    if not (h.is_number and h > 0):
        raise FieldError("h", "h must be a positive number")
    quotient = SCHEMES[ex.scheme](lambda t: of.subs(x, t), a, h)
    exact = sympy.diff(of, x).subs(x, a)
    ask = ex.ask[0] if ex.ask else "quotient"
    if ask not in ("quotient", "error"):
        raise FieldError("ask", f"unknown question `{ask}`", "quotient or error")
    expected = quotient if ask == "quotient" else quotient - exact
    # As many figures as it takes to tell the answer from each slip's value (f'(a) for a quotient:
    # sin at 0 with h = 0.01 gives 0.99998…, which rounds to 1.000 at 4 figures like f'(0) = 1).
    from tutor.checking.numeric_answers import figures_to_separate, rounded_text
    from tutor.explain.wrong_answers import difference_candidates

    slips = {c.id + str(i): c.value for i, c in enumerate(difference_candidates(of, names[0], a, h, ex.scheme, ask))}
    sigfigs = figures_to_separate(expected, slips, ex.sigfigs)
    # h as the author wrote it (0.1), not as the exact rational it is read as (1/10)
    texts, trees = spoken({"of": of, "at": a, "x": names[0], "h": (fields.h or "").strip("() "),
                           "scheme": _scheme_shown(ex.scheme), "expected": rounded_text(expected, sigfigs),
                           "exact": exact, "sigfigs": str(sigfigs)})
    return Task(ex.kind, "number", (), expected, texts, of=of, wrt=(names[0],), at=point, trees=trees,
                info={"h": h, "scheme": ex.scheme, "ask": ask, "quotient": quotient, "exact": exact,
                      "sigfigs": sigfigs})


def prove(task: Task, seed: int) -> None:
    """The quotient and f'(a) again through the AD engine; an asked error must not be zero."""
    info = task.info
    x = task.wrt[0]
    a, h = (task.at or {})[x], info["h"]
    finite(info["quotient"])
    finite(info["exact"], "at")
    fa = lambda t: ad_value(task.of, {x: t})  # noqa: E731 - a one-line sampler
    steps = {"forward": lambda: (fa(a + h) - fa(a)) / float(h), "backward": lambda: (fa(a) - fa(a - h)) / float(h),
             "symmetric": lambda: (fa(a + h) - fa(a - h)) / (2 * float(h))}
    q = steps[info["scheme"]]()
    # The AD value subtracts nearby floats: cancellation costs ~|f|·2^-52/h, hence the looser tolerance.
    if abs(q - float(info["quotient"])) > 1e-6 * max(1.0, abs(q)):
        raise FieldError("of", "the quotient computed with the AD engine disagrees")
    if not close(ad_value(task.of, {x: a}, [x]), float(info["exact"])):
        raise FieldError("of", "f'(a) disagrees with the AD engine")
    if info["ask"] == "error" and info["quotient"] - info["exact"] == 0:
        raise FieldError("ask", "the error is exactly zero here", "pick a function or scheme with a visible error")


def explanation(task: Task) -> str:
    from tutor.checking.numeric_answers import approximation

    from tutor.parsing import notation as M

    q, d = task.info["quotient"], task.info["exact"]
    n = task.info["sigfigs"]
    value = M.eq(M.apply("f'", M.as_tree(task.trees["at"])), M.as_tree(task.trees["exact"]))  # f'(2) = cos(2)
    shown = printed(value if d.is_Rational else (value, APPROX, approximation(d, n)))
    return f"The quotient is {_about(q, n)}{approximation(q, n)}; {shown}."


def _about(value: Any, sigfigs: int) -> str:
    from tutor.checking.numeric_answers import approximation, literal_for, typed_decimals

    text = approximation(value, sigfigs)
    return "" if literal_for(abs(value), typed_decimals(text.lstrip("-"))) is not None else printed(APPROX).lstrip()


def steps(task: Task) -> Any:
    """The values, the quotient with the numbers in it, f'(a) and the error when asked; proved by AD."""
    from tutor.explain.worked_numdiff import difference_worked

    info, x = task.info, task.wrt[0]
    return difference_worked(task.of, x, (task.at or {})[x], info["h"], info["scheme"], ask=info["ask"],
                             sigfigs=info["sigfigs"], h_text=task.texts["h"])


def wrong_answers(task: Task) -> list[Any]:
    """Another scheme, h or 2h forgotten, f'(a) given, the error's sign (explain/wrong_answers.py)."""
    from tutor.explain.wrong_answers import difference_candidates

    info, x = task.info, task.wrt[0]
    return difference_candidates(task.of, x, (task.at or {})[x], info["h"], info["scheme"], info["ask"])


def diagnose(task: Task, answer: "Answer") -> Any:
    from tutor.packs.numeric_judge import diagnose_by_candidates

    return diagnose_by_candidates(task, answer, wrong_answers(task))


ROWS = (
    Kind("numeric-difference", build_numeric_difference,
         "Estimate f'({at}) for f({x}) = {of} with the {scheme}, h = {h} (give {sigfigs} significant figures).",
         ("numerical-differentiation",), ("of", "at", "h", "scheme", "ask", "tolerance", "sigfigs"),
         judge=judge_numbers, prove=prove, explanation=explanation, diagnose=diagnose, steps=steps,
         wrong_answers=wrong_answers, show_notes=True),
)
