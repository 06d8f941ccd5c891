"""Everything ``calctutor validate`` proves about a pack, as a list of ``PackProblem``s.

For every exercise, every template is drawn ``draws`` times (20 by default)
and every instance must be well defined: its math parses, the function is
defined somewhere (sample points exist), the answer is finite (no division by
zero), and a derivative is not trivially zero. The expected answer is
computed by SymPy and proved again by the AD engine (``compile_expression``)
at sample points; an answer key the author wrote must agree with it.
Anticipated wrong answers must parse, differ from the right answer and from
each other. A template that never varies is reported too.

A variant must test something, in every kind: an answer of 0 (every entry, or the
ε part that carries a derivative), a derivative that is identically 0 (the function is
constant in the variable asked), an undefined answer, a mode question any answer
satisfies, or an anticipated wrong answer that equals the right one at the drawn
values is a problem, named by the parameter values that cause it.

The expensive checks (answer key through the checker, anticipated answers by
equivalence) run on the first ``deep_draws`` instances; the cheap ones
(drawing, parsing, AD proof, well-definedness) on all of them.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any, Callable, Optional

from tutor.packs.answers import Answer, read_answer
from tutor.packs.compare import same_value
from tutor.packs.instance import Instance, fill_fields, instantiate
from tutor.packs.kinds import kind_named
from tutor.packs.tasks import FieldError, Task
from tutor.parsing.prose import say
from tutor.packs.model import Exercise, Pack
from tutor.packs.problems import PackError, PackProblem
from tutor.packs.prose_math import Definitions, Equation
from tutor.packs.templates import draw

__all__ = ["validate_pack", "validate_exercise", "DRAWS", "DEEP_DRAWS"]

DRAWS = 20  # the minimum: each template drawn at least 20 times
CURVE_KINDS = ("implicit", "tangent-line", "normal-line")  # of is F(x, y) of a curve F = 0 when it names y
DEEP_DRAWS = 3  # checker-backed checks cost ~50 ms each; 3 draws catch a key that only fits some values


class _Found(Exception):
    """One problem in one exercise (collected, never shown as a traceback)."""

    def __init__(self, field: str, message: str, hint: Optional[str] = None, *, sometimes: bool = False) -> None:
        super().__init__(message)
        self.field, self.message, self.hint = field, message, hint
        self.sometimes = sometimes  # a problem only when some draws show it (in all: it is the exercise's point)


class _FoundMany(Exception):
    """Several independent problems found by one check (each anticipated answer, say)."""

    def __init__(self, found: list[_Found]) -> None:
        super().__init__(f"{len(found)} problems")
        self.found = found


def validate_pack(pack: Pack, *, draws: int = DRAWS, deep_draws: int = DEEP_DRAWS) -> list[PackProblem]:
    """Every problem of ``pack`` (already loaded: structure and field values are fine)."""
    problems: list[PackProblem] = []
    for ex in pack.exercises:
        problems.extend(validate_exercise(ex, draws=draws, deep_draws=deep_draws))
    return problems


def validate_exercise(ex: Exercise, *, draws: int = DRAWS, deep_draws: int = DEEP_DRAWS) -> list[PackProblem]:
    """Every problem of one exercise, each reported once with the parameter values it shows up with."""
    # (field, message shape) -> [first message, hint, seeds, a problem only in some draws]
    found: dict[tuple[str, str], list[Any]] = {}

    def report(field: str, message: str, hint: Optional[str], seed: Optional[int], sometimes: bool = False,
               offset: Optional[int] = None) -> None:
        key = (field, _shape(message))
        entry = found.setdefault(key, [message, hint, [], sometimes, offset])  # offset: where in the field's text
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
        for field, message, hint, offset in _false_prose_equations(ex, inst):
            report(field, message, hint, seed, offset=offset)
        for check in CHECKS:
            if check is _deep and seed >= deep_draws:
                continue
            try:
                check(inst, seed)
            except _Found as exc:
                report(exc.field, exc.message, exc.hint, seed, exc.sometimes)
            except _FoundMany as many:
                for one in many.found:
                    report(one.field, one.message, one.hint, seed, one.sometimes)
            except Exception as exc:  # an engine failing on a pack is itself a problem of the pack
                report("of", f"{type(exc).__name__}: {exc}", "simplify the exercise", seed)
    if templated and len(prompts) == 1 and draws > 1:
        report("params", f"all {draws} draws give the same exercise", "widen the parameters' ranges", None)
    problems = []
    for (field, _), (first, advice, seeds, sometimes, offset) in found.items():
        if sometimes and len(seeds) == len(tried):
            continue
        pos = _in_text(ex, field, offset)
        said: tuple[str, Optional[str]] = (first, advice)
        if seeds and ex.params and len(seeds) < len(tried):  # in every draw: the values do not matter
            said = _by_values(ex, first, advice, seeds, tried)
        problems.append(PackProblem(ex.source, pos.line, pos.column, f"{ex.id}.{field}", *said))
    return problems


def _in_text(ex: Exercise, field: str, offset: Optional[int]) -> Any:
    """The position of ``field``, moved to ``offset`` within its text when the file holds the text verbatim
    on one line (a quoted or plain scalar without escapes): file:line:col points at the math itself."""
    pos = ex.position(field)
    text = _field_text(ex, field)
    if offset is None or text is None:
        return pos
    try:
        line = Path(ex.source).read_text(encoding="utf-8").splitlines()[pos.line - 1]
    except (OSError, IndexError, UnicodeDecodeError):
        return pos
    start = pos.column - 1 + (1 if line[pos.column - 1:pos.column] in ('"', "'") else 0)
    if line[start:start + len(text)] != text:
        return pos
    return dataclasses.replace(pos, column=start + offset + 1)


def _field_text(ex: Exercise, field: str) -> Optional[str]:
    if field == "prompt":
        return ex.prompt
    found = re.fullmatch(r"hints\[(\d+)\]|feedback\[(\d+)\]\.message", field)
    if not found:
        return None
    if found.group(1) is not None:
        return ex.hints[int(found.group(1))]
    return ex.feedback[int(found.group(2))].message


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
    # A parameter whose failing values never occur in a passing draw is the culprit (one failing draw
    # of several parameters cannot tell which one: a relation between them, such as x + y = z, may be).
    if len(ex.params or {}) > 1 and len(failing) < 2:
        return head + message, (f"{hint}; " if hint else "") + "or add a constraint that rules these values out"
    for name in ex.params or {}:
        bad = {str(v.get(name)) for v in failing if name in v}
        good = {str(v.get(name)) for v in passing if name in v}
        if bad and not bad & good:
            return head + message, f"exclude {', '.join(sorted(bad))} from {name}" + (f" ({hint})" if hint else "")
    return head + message, hint


# -- the checks ------------------------------------------------------------------------------------


def prose_equations(ex: Exercise, inst: Instance) -> list[tuple[str, Equation]]:
    """(field, equation) for every ``A = B`` in backticks of the prompt, hints and feedback, decided at
    ``inst``'s values; definitions (``u = 3x``, ``f(x) = x^2``) carry from one text to the next."""
    from tutor.packs.prose_math import check_equations
    from tutor.packs.templates import TemplateError

    words = {k: v for k, v in inst.task.texts.items() if k not in inst.values}
    texts = [("prompt", ex.prompt or "")] + [(f"hints[{i}]", h) for i, h in enumerate(ex.hints)]
    texts += [(f"feedback[{i}].message", fb.message or "") for i, fb in enumerate(ex.feedback)]
    known = _known(inst.task)
    out = []
    for field, text in texts:
        try:
            out += [(field, equation) for equation in check_equations(text, inst.values, words, known)]
        except TemplateError:
            continue  # unreadable math is reported where the text is filled
    return out


def _known(task: Task) -> Definitions:
    """What the exercise itself defines for its prose: its function as f, its inner functions (where),
    its point, its graph's nodes and its step h."""
    from tutor.packs.prose_math import Definitions

    known = Definitions(variable=str((task.wrt or ("x",))[0]))
    if task.of is not None and not isinstance(task.of, tuple):
        names = {str(s) for s in getattr(task.of, "free_symbols", ())}
        if task.kind in CURVE_KINDS and tuple(task.wrt) == ("x",) and "y" in names:  # a curve F(x, y) = 0:
            # dy/dx = −F_x/F_y (y stays y)
            x, y = (next(s for s in task.of.free_symbols if str(s) == n) for n in ("x", "y"))
            known.rates[("y", "x")] = -task.of.diff(x) / task.of.diff(y)
        else:
            known.names["f"] = task.of
    for name, value in {**(task.where or {}), **(task.at or {}), **dict(task.info.get("nodes") or {})}.items():
        known.names[str(name)] = value
    if task.info.get("nodes"):
        known.output = str(list(task.info["nodes"])[-1])
    if task.info.get("h") is not None:
        known.names["h"] = task.info["h"]
    return known


def _false_prose_equations(ex: Exercise, inst: Instance) -> list[tuple[str, str, str, int]]:
    """(field, message, hint, offset in the text) for every false ``A = B`` in backticks of the prompt,
    hints and feedback, and every span that prints as other math."""
    drawn = ", ".join(f"{k} = {v}" for k, v in inst.values.items())
    out = []
    for field, equation in prose_equations(ex, inst):
        if equation.holds is False:
            where = f" (column {equation.offset + 1} of the text)"
            out.append((field, f"false equation {equation.printed}{where}" + (f" with {drawn}" if drawn else ""),
                        "correct the equation (math in backticks is checked at every draw)", equation.offset))
    return out + _misprinted(ex, inst)


def _misprinted(ex: Exercise, inst: Instance) -> list[tuple[str, str, str, int]]:
    """(field, message, hint) for each math span the student would read as other math."""
    from tutor.packs.prose_math import misprinted_spans
    from tutor.packs.templates import TemplateError

    words = {k: v for k, v in inst.task.texts.items() if k not in inst.values}
    texts = [("prompt", ex.prompt or "")] + [(f"hints[{i}]", h) for i, h in enumerate(ex.hints)]
    texts += [(f"feedback[{i}].message", fb.message or "") for i, fb in enumerate(ex.feedback)]
    out = []
    for field, text in texts:
        try:
            found = misprinted_spans(text, inst.values, words)
        except TemplateError:
            continue  # unreadable math is reported where the text is filled
        out += [(field, f"math printed as {printed} (column {offset + 1} of the text) reads back as other math",
                 say("write it another way: a derivative first on its side, or worked out (`2y dy/dx`, not "
                     "`d/dx y^2`)"), offset)
                for offset, printed in found]
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

    def printed(text: str) -> str:  # the value as the one printer writes it: 4^2 -> 16, pi/3 -> π/3
        try:
            from tutor.parsing import parse
            from tutor.parsing.printer import show

            return re.sub(r"\s+", "", show(parse(text, []))).replace("−", "-")
        except Exception:  # noqa: BLE001 - a value validate reports elsewhere
            return bare(text)

    given = [(name, bare(text), printed(text)) for name, text in (*(fields.at or {}).items(), ("h", fields.h))
             if text]
    if any(value not in said and value_printed not in said for _, value, value_printed in given):
        # named in full: the same message in every draw
        shown = ", ".join(f"{name} = {value}" for name, value, _ in given)
        raise _Found("prompt", f"the prompt does not say {shown}, and the answer depends on it",
                     "quote it in the prompt: {at} or {h}, or leave `prompt` out for the standard wording")


# -- degenerate variants: an answer a student could give without doing the exercise ----------------

# Sample points for comparing expressions in every draw (the checker's full equivalence is the deep
# check): four points where the expected answer is defined tell two different functions apart.
SHALLOW_POINTS = 4


def _asked_field(inst: Instance) -> str:
    """The field to fix when the answer degenerates: what is asked, else the point, else the function."""
    positions = inst.exercise.positions or {}
    return next((k for k in ("ask", "at", "inputs", "of", "nodes") if k in positions), "of")


def _entries(task: Task) -> list[Any]:
    if task.form in ("dual", "vector"):
        return list(task.expected)
    if task.form == "matrix":
        return [e for row in task.expected for e in row]
    return [task.expected]


def _zero(value: Any) -> bool:
    return getattr(value, "is_zero", None) is True or (not getattr(value, "free_symbols", True) and value == 0)


def _not_degenerate(inst: Instance, seed: int) -> None:
    """An answer that is 0 (every entry, or the ε part that carries the derivative), identically 0 as a
    function, or a mode question any answer satisfies: the variant tests nothing."""
    task = inst.task
    field = _asked_field(inst)
    if task.form == "word":
        if task.expected == "either":
            n, m = task.info.get("n"), task.info.get("m")
            raise _Found(field, f"the function has as many inputs as outputs ({n}): either mode is right",
                         "make the numbers of inputs and outputs differ")
        return
    entries = _entries(task)
    if task.form == "expression":
        if _identically_zero(task, task.expected):
            raise _Found("of", "the derivative is identically zero", "change the function or the parameters")
        return
    if all(_zero(e) for e in entries):
        what = "the answer is 0" if len(entries) == 1 else "every part of the answer is 0"
        raise _Found(field, f"{what}: a student could guess it", "change the parameters or the point")
    if task.form == "dual" and _zero(entries[1]):
        # In dual arithmetic a 0 ε part in every draw is the lesson (a conjugate product); in some, a slip.
        raise _Found(field, "the ε part of the answer is 0: the derivative it carries is 0, easy to guess",
                     "change the parameters or the point", sometimes=task.kind == "dual-arithmetic")


def _points(task: Task, expr: Any, seed: int) -> tuple[list[str], list[dict[str, float]]]:
    import random

    from tutor.checking import sample_points

    names = sorted({s.name for s in expr.free_symbols} | set(task.wrt if not task.where else ()))
    if not names:
        return [], []
    return names, sample_points(expr, names, SHALLOW_POINTS, random.Random(seed))


def _values_at(expr: Any, names: list[str], points: list[dict[str, float]]) -> Optional[list[complex]]:
    from tutor.autodiff import compile_expression

    try:
        tape = compile_expression(expr, names)
        return [complex(tape.value(p)) for p in points]
    except Exception:  # noqa: BLE001 - not comparable this way: the deep check decides
        return None


def _in_terms_of_wrt(task: Task, expr: Any) -> Any:
    if task.where:
        return expr.subs({_symbol(k): v for k, v in task.where.items()})
    return expr


def _symbol(name: str) -> Any:
    from tutor.packs.tasks import _sym

    return _sym(name)


def _identically_zero(task: Task, expr: Any) -> bool:
    expr = _in_terms_of_wrt(task, expr)
    if not getattr(expr, "free_symbols", None):
        return _zero(expr)
    of = _in_terms_of_wrt(task, task.of) if not isinstance(task.of, tuple) else None
    names, points = _points(task, of if of is not None and of.free_symbols else expr, 0)
    values = _values_at(expr, names, points) if len(points) >= 2 else None
    return values is not None and bool(values) and all(abs(v) < 1e-12 for v in values)  # 1e-12: rounding of a value that is 0


def _close(a: complex, b: complex) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))  # 1e-9: far above float rounding, far below a slip


def _feedback_is_right(inst: Instance, seed: int) -> None:
    """In every draw (the deep check does the first few through the checker): an anticipated
    wrong answer that equals the right answer with these values would mark right answers wrong."""
    from tutor.packs.templates import fill

    ex, task = inst.exercise, inst.task
    if seed < DEEP_DRAWS or not ex.feedback:
        return
    found = []
    for i, fb in enumerate(ex.feedback):
        try:
            value = read_answer(task.form, fill(fb.answer, inst.values, math=True), task.variables).value
        except Exception:  # noqa: BLE001 - an unreadable anticipated answer is reported by the deep check
            continue
        if _equal_cheaply(task, value, seed):
            found.append(_Found(f"feedback[{i}].answer", "this anticipated wrong answer is actually right"))
    if found:
        raise _FoundMany(found)


def _equal_cheaply(task: Task, value: Any, seed: int) -> bool:
    if task.form != "expression":
        return same_value(task, value, task.expected, seed=seed) is True  # exact arithmetic: cheap
    expected, value = _in_terms_of_wrt(task, task.expected), _in_terms_of_wrt(task, value)
    names, points = _points(task, expected, seed)
    names = sorted(set(names) | {s.name for s in value.free_symbols})
    if len(points) < 2:
        return False
    points = [{n: p.get(n, 0.5) for n in names} for p in points]
    a, b = _values_at(value, names, points), _values_at(expected, names, points)
    return a is not None and b is not None and all(_close(x, y) for x, y in zip(a, b))


CHECKS: tuple[Callable[[Instance, int], None], ...] = (_check_values, _prompt_says_the_values, _not_degenerate,
                                                      _feedback_is_right, _deep)
