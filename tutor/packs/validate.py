"""Everything ``calctutor validate`` proves about a pack, as a list of ``Problem``s.

For every exercise, every template is drawn ``draws`` times (20 by default)
and every instance must be well defined: its math parses, the function is
defined somewhere (sample points exist), the answer is finite (no division by
zero), and a derivative is not trivially zero. The expected answer is
computed by SymPy and proved again by the AD engine (``compile_expression``)
at sample points; an answer key the author wrote must agree with it.
Anticipated wrong answers must parse, differ from the right answer and from
each other. A template that never varies is reported too.

The expensive checks (answer key through the checker, anticipated answers by
equivalence) run on the first ``deep_draws`` instances; the cheap ones
(drawing, parsing, AD proof, well-definedness) on all of them.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Optional

from tutor.packs.answers import Answer, read_answer
from tutor.packs.compare import same_value
from tutor.packs.instance import Instance, fill_fields, instantiate
from tutor.packs.kinds import kind_named
from tutor.packs.tasks import FieldError, Task
from tutor.packs.model import Exercise, Pack
from tutor.packs.problems import PackError, Problem
from tutor.packs.templates import draw

__all__ = ["validate_pack", "validate_exercise", "DRAWS", "DEEP_DRAWS"]

DRAWS = 20  # the minimum: each template drawn at least 20 times
DEEP_DRAWS = 3  # checker-backed checks cost ~50 ms each; 3 draws catch a key that only fits some values


class _Found(Exception):
    """One problem in one exercise (collected, never shown as a traceback)."""

    def __init__(self, field: str, message: str, hint: Optional[str] = None) -> None:
        super().__init__(message)
        self.field, self.message, self.hint = field, message, hint


class _FoundMany(Exception):
    """Several independent problems found by one check (each anticipated answer, say)."""

    def __init__(self, found: list[_Found]) -> None:
        super().__init__(f"{len(found)} problems")
        self.found = found


def validate_pack(pack: Pack, *, draws: int = DRAWS, deep_draws: int = DEEP_DRAWS) -> list[Problem]:
    """Every problem of ``pack`` (already loaded: structure and field values are fine)."""
    problems: list[Problem] = []
    for ex in pack.exercises:
        problems.extend(validate_exercise(ex, draws=draws, deep_draws=deep_draws))
    return problems


def validate_exercise(ex: Exercise, *, draws: int = DRAWS, deep_draws: int = DEEP_DRAWS) -> list[Problem]:
    """Every problem of one exercise, each reported once with the parameter values it shows up with."""
    found: dict[tuple[str, str], list[Any]] = {}  # (field, message shape) -> [first message, hint, seeds]

    def report(field: str, message: str, hint: Optional[str], seed: Optional[int]) -> None:
        key = (field, _shape(message))
        entry = found.setdefault(key, [message, hint, []])
        if seed is not None and seed not in entry[2]:
            entry[2].append(seed)

    if not ex.hints:
        report("hints", "no hints", "write a ladder of hints, gentlest first", None)
    templated = bool(ex.params)
    prompts: set[str] = set()
    tried: list[int] = []
    for seed in range(draws if templated else 1):
        tried.append(seed)
        try:
            inst = instantiate(ex, seed)
        except PackError as exc:
            for p in exc.problems:
                field = p.field.split(".", 1)[1] if "." in p.field else p.field
                report(field, p.message, p.hint, seed)
            continue
        prompts.add(inst.prompt)
        for field, message in _false_prose_equations(ex, inst):
            report(field, message, "correct the equation (math in backticks is checked at every draw)", seed)
        for check in CHECKS:
            if check is _deep and seed >= deep_draws:
                continue
            try:
                check(inst, seed)
            except _Found as exc:
                report(exc.field, exc.message, exc.hint, seed)
            except _FoundMany as many:
                for exc in many.found:
                    report(exc.field, exc.message, exc.hint, seed)
            except Exception as exc:  # an engine failing on a pack is itself a problem of the pack
                report("of", f"{type(exc).__name__}: {exc}", "simplify the exercise", seed)
    if templated and len(prompts) == 1 and draws > 1:
        report("params", f"all {draws} draws give the same exercise", "widen the parameters' ranges", None)
    problems = []
    for (field, _), (message, hint, seeds) in found.items():
        pos = ex.position(field)
        if seeds and ex.params and len(seeds) < len(tried):  # in every draw: the values do not matter
            message, hint = _by_values(ex, message, hint, seeds, tried)
        problems.append(Problem(ex.source, pos.line, pos.column, f"{ex.id}.{field}", message, hint))
    return problems


def _shape(message: str) -> str:
    """A message with its numbers blanked: the same problem at other parameter values."""
    return re.sub(r"-?\d+(?:[./]\d+)?", "#", message)


def _values(ex: Exercise, seed: int) -> dict[str, Any]:
    try:
        return dict(draw(ex.params, ex.constraints, seed))
    except Exception:  # noqa: BLE001 - a template that cannot be drawn says so elsewhere
        return {}


def _by_values(ex: Exercise, message: str, hint: Optional[str], seeds: list[int],
               tried: list[int]) -> tuple[str, Optional[str]]:
    """Name the problem by the parameter values that show it, and which values to exclude."""
    failing = [_values(ex, s) for s in seeds]
    passing = [_values(ex, s) for s in tried if s not in seeds]
    shown = []
    for values in failing:
        text = ", ".join(f"{k} = {v}" for k, v in values.items())
        if text and text not in shown:
            shown.append(text)
    more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
    head = f"with {'; with '.join(shown[:3])}{more}: " if shown else ""
    # A parameter whose failing values never occur in a passing draw is the culprit.
    for name in ex.params or {}:
        bad = {str(v.get(name)) for v in failing if name in v}
        good = {str(v.get(name)) for v in passing if name in v}
        if bad and not bad & good:
            return head + message, f"exclude {', '.join(sorted(bad))} from {name}" + (f" ({hint})" if hint else "")
    return head + message, hint


# -- the checks ------------------------------------------------------------------------------------


def _false_prose_equations(ex: Exercise, inst: Instance) -> list[tuple[str, str]]:
    """(field, message) for every false ``A = B`` in backticks of the prompt, hints and feedback."""
    from tutor.packs.templates import TemplateError, false_equations

    words = {k: v for k, v in inst.task.texts.items() if k not in inst.values}
    texts = [("prompt", ex.prompt or "")] + [(f"hints[{i}]", h) for i, h in enumerate(ex.hints)]
    texts += [(f"feedback[{i}].message", fb.message or "") for i, fb in enumerate(ex.feedback)]
    drawn = ", ".join(f"{k} = {v}" for k, v in inst.values.items())
    out = []
    for field, text in texts:
        try:
            for offset, equation in false_equations(text, inst.values, words):
                where = f" (column {offset + 1} of the text)"
                out.append((field, f"false equation {equation}{where}" + (f" with {drawn}" if drawn else "")))
        except TemplateError:
            continue  # unreadable math is reported where the text is filled
    return out


def _check_values(inst: Instance, seed: int) -> None:
    """Well defined, and proved by the AD engine: the kind's ``prove`` hook."""
    try:
        kind_named(inst.kind).prove(inst.task, seed)
    except FieldError as exc:
        raise _Found(exc.field, exc.message, exc.hint) from None


_YOUR_ANSWER = re.compile(r"\b([Yy])our answer")


def _key_reason(verdict: Any) -> str:
    """The checker's reason, about the pack's answer key: the checker words it for a student
    ("your answer is …"), but here the answer is the author's key."""
    example = getattr(getattr(verdict, "numeric", None), "counterexample", None)
    if example is not None and not getattr(example, "why", "") and example.point:
        try:
            at = ", ".join(f"{k} = {float(v):.6g}" for k, v in example.point.items())
            return f"at {at} the key gives {float(example.answer):.10g}, but the derivative is {float(example.expected):.10g}"
        except (TypeError, ValueError):  # not plain numbers: keep the checker's words
            pass
    return _YOUR_ANSWER.sub(lambda m: "The answer key" if m.group(1) == "Y" else "the answer key", verdict.reason)


def _deep(inst: Instance, seed: int) -> None:
    """The answer key and the anticipated answers, through the checker."""
    ex, task = inst.exercise, inst.task
    fields = fill_fields(ex, inst.values)
    if fields.answer is not None:
        key = _read(task, fields.answer, "answer")
        verdict = kind_named(inst.kind).judge(task, key, seed)
        if verdict.status != "correct" and task.form == "expression":
            raise _Found("answer", f"the answer key is {verdict.status}: {_key_reason(verdict)}",
                         f"the derivative is {task.texts.get('expected')}")
        if verdict.status != "correct":
            raise _Found("answer", f"the answer key is wrong; the computed answer is {task.texts.get('expected')}")
    from tutor.packs.templates import fill

    wrongs: list[tuple[int, Any]] = []
    found: list[_Found] = []
    for i, fb in enumerate(ex.feedback):
        try:
            value = _read(task, fill(fb.answer, inst.values, math=True), f"feedback[{i}].answer")
            if fb.mistake:
                _known_mistake(fb.mistake, f"feedback[{i}].mistake")
            if _is_right(inst, value, seed):
                raise _Found(f"feedback[{i}].answer", "this anticipated wrong answer is actually right")
            for j, other in wrongs:
                if same_value(task, value.value, other.value, seed=seed) is True:
                    raise _Found(f"feedback[{i}].answer", f"the same answer as feedback[{j}]", "merge them")
            wrongs.append((i, value))
        except _Found as exc:
            found.append(exc)
    if found:
        raise _FoundMany(found)


def _is_right(inst: Instance, answer: Answer, seed: int) -> bool:
    return bool(kind_named(inst.kind).judge(inst.task, answer, seed).status == "correct")


def _read(task: Task, text: str, field: str) -> Answer:
    from tutor.parsing import ParseError

    try:
        return read_answer(task.form, text, task.variables)
    except ParseError as exc:
        raise _Found(field, f"does not parse as a {task.form}: {exc.message}", exc.hint) from None


def _known_mistake(mistake_id: str, field: str) -> None:
    from tutor.explain import MISTAKES

    ids = [m.id for m in MISTAKES]
    if mistake_id not in ids:
        from tutor.packs.problems import did_you_mean

        raise _Found(field, f"unknown mistake id `{mistake_id}`",
                     did_you_mean(mistake_id, ids) or "see `calctutor mistakes`")


def _prompt_says_the_values(inst: Instance, seed: int) -> None:
    """The answer depends on the point (``at``) and the step (``h``): the prompt must say them."""
    fields = fill_fields(inst.exercise, inst.values)
    said = re.sub(r"\s+", "", inst.prompt).replace("−", "-")
    def bare(text: str) -> str:  # a filled value is bracketed when negative: (-2)
        text = re.sub(r"\s+", "", text)
        return text[1:-1] if text.startswith("(") and text.endswith(")") and text.count("(") == 1 else text

    missing = [f"{name} = {bare(text)}" for name, text in (*(fields.at or {}).items(), ("h", fields.h))
               if text and bare(text) not in said]
    if missing:
        raise _Found("prompt", f"the prompt does not say {', '.join(missing)}, and the answer depends on it",
                     "quote it in the prompt: {at} or {h}, or leave `prompt` out for the standard wording")


CHECKS: tuple[Callable[[Instance, int], None], ...] = (_check_values, _prompt_says_the_values, _deep)
