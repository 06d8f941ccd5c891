"""An exercise made concrete by a seed, and the feedback on one answer to it.

``instantiate(exercise, seed)`` draws the template's parameters, fills and
parses the math fields, builds the task (``kinds.py``) and words the prompt
and hints. ``Instance.check(text)`` reads the answer in the task's form and
compares it by the engines: derivatives through ``check_derivative``, other
values element by element through ``equivalent`` or exact arithmetic. A wrong
answer is then matched against the author's anticipated answers (by
equivalence), and else diagnosed by ``tutor.explain`` when it applies.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional, Sequence

from tutor.packs.answers import Answer, read_answer
from tutor.packs.kinds import DERIVATIVE_KINDS, KIND_TABLE, FieldError, Fields, Task, build_task, dual_text
from tutor.packs.model import Exercise
from tutor.packs.problems import PackError, Problem
from tutor.packs.tasks import display_math
from tutor.packs.templates import TemplateError, Value, draw, fill

__all__ = ["Instance", "Feedback", "instantiate", "same_value", "DIAGNOSIS_BUDGET_S"]

# Half of the 1 s a diagnosis may take: with the checker (~0.2 s at worst) the whole
# check stays under practice's 1 s worst case from Enter to feedback.
DIAGNOSIS_BUDGET_S = 0.5


@dataclass(frozen=True)
class Feedback:
    """What the tutor says about one answer."""

    correct: bool
    status: str  # "correct" | "incorrect" | "undecided"
    message: str
    verdict: Any = None  # tutor.checking.Verdict (for element-wise forms: the first element that failed)
    mistake: Any = None  # tutor.explain.MistakeMatch | None
    reading: Any = None  # how the answer was read (tutor.parsing.Reading)
    anticipated: bool = False  # the answer matched one the author anticipated
    make_steps: Optional[Callable[[], Any]] = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def steps(self) -> Any:
        """The derivation (``tutor.explain.Step``) for derivative kinds, else None.

        Built on first use: an explanation can take half a second, and a front end
        shows it only after the second wrong try.
        """
        return self.make_steps() if self.make_steps is not None else None


@dataclass(frozen=True)
class Instance:
    """One concrete question: what to show, how to read and check the answer."""

    exercise_id: str
    pack_id: str
    seed: int
    kind: str
    prompt: str
    hints: tuple[str, ...]
    skills: tuple[str, ...]
    difficulty: int
    variables: tuple[str, ...]  # names the answer may use (for the parser)
    epsilon: bool  # the answer may use ε
    answer_form: str  # expression, number, dual, matrix, vector, word
    expected_text: str
    task: Task = field(repr=False, compare=False)
    exercise: Exercise = field(repr=False, compare=False)
    values: Mapping[str, Value] = field(default_factory=dict, repr=False, compare=False)

    def read_answer(self, text: str) -> Any:
        """How ``text`` is read (a ``Reading``); raises ``ParseError`` with a column."""
        return read_answer(self.answer_form, text, self.variables).reading

    def anticipated(self) -> tuple[tuple[str, Optional[str], Optional[str]], ...]:
        """The author's anticipated wrong answers for these numbers: (answer text, mistake id, message)."""
        words = {k: v for k, v in self.task.texts.items() if k not in self.values}
        out = []
        for fb in self.exercise.feedback:
            text = fill(fb.answer, self.values, math=True)
            try:
                value = read_answer(self.answer_form, text, self.variables)
                text = dual_text(*value.value) if self.answer_form == "dual" else value.reading.text
                if self.answer_form == "expression":
                    text = display_math(text, value.reading.expr)
            except Exception:  # validate reports it; show the raw text here
                pass
            message = fill(fb.message, self.values, math=False, extra=words) if fb.message else None
            out.append((text, fb.mistake, message))
        return tuple(out)

    def check(self, text: str) -> Feedback:
        """Check an answer; an unreadable one raises ``ParseError`` (it is not an attempt)."""
        answer = read_answer(self.answer_form, text, self.variables)
        return _check(self, answer)


# -- making an instance ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)  # pack fields repeat across draws ("-2", "x + y"); SymPy values are immutable
def _parse_field(text: str, variables: Optional[tuple[str, ...]], epsilon: bool) -> Any:
    from tutor.parsing import PACK_FIELD_LENGTH, parse as parse_math

    return parse_math(text, None if variables is None else list(variables), epsilon=epsilon,
                      max_length=PACK_FIELD_LENGTH)


def _parser() -> Any:
    def parse(field_name: str, text: str, variables: Optional[Sequence[str]], epsilon: bool = False) -> Any:
        from tutor.parsing import ParseError

        try:
            return _parse_field(text, None if variables is None else tuple(variables), epsilon)
        except ParseError as exc:
            column = exc.span.column if exc.span is not None else 1
            raise FieldError(field_name, f"{exc.message} (column {column} of {text!r})", exc.hint) from None

    return parse


def fill_fields(ex: Exercise, values: Mapping[str, Value]) -> Fields:
    """The math fields of ``ex`` with the drawn values substituted (text, not yet parsed)."""

    def one(key: str, text: Optional[str]) -> Optional[str]:
        if text is None:
            return None
        try:
            return fill(text, values, math=True)
        except TemplateError as exc:
            raise FieldError(key, exc.message, exc.hint) from None

    def many(key: str, mapping: Optional[Mapping[str, str]]) -> dict[str, str]:
        return {k: one(f"{key}.{k}", v) or "" for k, v in (mapping or {}).items()}

    of: Any = ex.of
    if isinstance(of, tuple):
        of = tuple(one(f"of[{i}]", t) for i, t in enumerate(of))
    else:
        of = one("of", of)
    return Fields(
        of=of,
        where=many("where", ex.where),
        at=many("at", ex.at),
        nodes=many("nodes", ex.nodes),
        h=one("h", ex.h),
        inputs=one("inputs", ex.inputs),
        outputs=one("outputs", ex.outputs),
        answer=one("answer", ex.answer),
        parse=_parser(),
    )


def _problem(ex: Exercise, key: str, message: str, hint: Optional[str]) -> PackError:
    pos = ex.position(key)
    return PackError([Problem(ex.source, pos.line, pos.column, f"{ex.id}.{key}", message, hint)])


def instantiate(ex: Exercise, seed: int) -> Instance:
    """Draw, fill, parse and build; any problem is a ``PackError`` at the field's file:line:col."""
    try:
        values = draw(ex.params, ex.constraints, seed)
        fields = fill_fields(ex, values)
        task = build_task(ex, fields)
        # The numbers go in as values, not ready-made words: prose filling writes each one as it
        # reads in its place ("u = {a}x + {b}" with a = 1, b = -3 reads "u = x - 3").
        words = {k: v for k, v in task.texts.items() if k not in values}
        kind = KIND_TABLE[ex.kind]
        try:
            prompt = fill(ex.prompt or kind.prompt, values, math=False, extra=words)
        except TemplateError as exc:
            raise FieldError("prompt", exc.message, exc.hint) from None
        hints = []
        for i, hint in enumerate(ex.hints):
            try:
                hints.append(fill(hint, values, math=False, extra=words))
            except TemplateError as exc:
                raise FieldError(f"hints[{i}]", exc.message, exc.hint) from None
        expected_text = task.texts.get("expected", "")
        if fields.answer is not None:
            try:
                expected_text = read_answer(task.form, fields.answer, task.variables).reading.text
            except Exception as exc:  # a ParseError: the answer key itself does not parse
                raise FieldError("answer", getattr(exc, "message", str(exc)), getattr(exc, "hint", None)) from None
    except TemplateError as exc:
        raise _problem(ex, exc.field, exc.message, exc.hint) from None
    except FieldError as exc:
        raise _problem(ex, exc.field, exc.message, exc.hint) from None
    return Instance(
        exercise_id=ex.id,
        pack_id=ex.pack_id,
        seed=seed,
        kind=ex.kind,
        prompt=prompt,
        hints=tuple(hints),
        skills=ex.skills or kind.skills,
        difficulty=ex.difficulty,
        variables=task.variables,
        epsilon=task.epsilon,
        answer_form=task.form,
        expected_text=expected_text,
        task=task,
        exercise=ex,
        values=values,
    )


# -- comparing values ------------------------------------------------------------------------------


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


def _same_expr(a: Any, b: Any, variables: Sequence[str], seed: int = 0) -> Optional[bool]:
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
    if form == "word":
        return a == b
    if form == "expression":
        if task.where:
            subs = {_sym(k): v for k, v in task.where.items()}
            a, b = a.subs(subs), b.subs(subs)
        return _same_expr(a, b, task.variables, seed)
    if form == "number":
        return _numbers_equal(a, b, task.info.get("tolerance", 0.0))
    if form in ("dual", "vector"):
        if len(a) != len(b):
            return False
        return _all(_same_expr(x, y, task.variables, seed) for x, y in zip(a, b))
    if form == "matrix":
        if len(a) != len(b) or any(len(r) != len(s) for r, s in zip(a, b)):
            return False
        return _all(_same_expr(x, y, task.variables, seed) for r, s in zip(a, b) for x, y in zip(r, s))
    raise ValueError(f"unknown answer form {form!r}")


def _all(results: Any) -> Optional[bool]:
    undecided = False
    for r in results:
        if r is False:
            return False
        undecided = undecided or r is None
    return None if undecided else True


def _sym(name: str) -> Any:
    from tutor.parsing import variable

    return variable(name)


# -- checking --------------------------------------------------------------------------------------


def _plain_verdict(ok: Optional[bool], reason: str, answer: Any, expected: Any) -> Any:
    from tutor.checking.verdict import NumericEvidence, Verdict

    status = {True: "correct", False: "incorrect", None: "undecided"}[ok]
    symbolic = {True: "equal", False: "different", None: "unknown"}[ok]
    return Verdict(status, symbolic, NumericEvidence(), reason, answer=answer, expected=expected)


def _shape_message(task: Task, value: Any) -> Optional[str]:
    """Why an answer of the wrong shape is wrong, before comparing values."""
    if task.form == "matrix":
        rows, cols = len(task.expected), len(task.expected[0])
        if len(value) != rows or any(len(r) != cols for r in value):
            return f"the answer should be a {rows}×{cols} matrix"
    if task.form == "vector" and len(value) != len(task.expected):
        return f"the answer should have {len(task.expected)} elements"
    return None


def _passes(n: int) -> str:
    return f"{n} pass" if n == 1 else f"{n} passes"


def _what_differs(task: Task, value: Any, seed: int) -> str:
    """Which part of a compound answer is off: the ε part, element 2, row 1 column 2…"""
    if task.form in ("dual", "vector"):
        labels = ("the real part", "the ε part") if task.form == "dual" else None
        wrong = [i for i, (x, y) in enumerate(zip(value, task.expected))
                 if _same_expr(x, y, task.variables, seed) is False]
        if labels:
            return " and ".join(labels[i] for i in wrong) + (" is" if len(wrong) == 1 else " are") + " not right"
        return "element" + ("s " if len(wrong) > 1 else " ") + ", ".join(str(i + 1) for i in wrong) + \
            (" is" if len(wrong) == 1 else " are") + " not right"
    if task.form == "matrix":
        wrong = [f"({i + 1}, {j + 1})" for i, (r, s) in enumerate(zip(value, task.expected))
                 for j, (x, y) in enumerate(zip(r, s)) if _same_expr(x, y, task.variables, seed) is False]
        return "the entr" + ("ies " if len(wrong) > 1 else "y ") + ", ".join(wrong) + \
            (" are" if len(wrong) > 1 else " is") + " not right"
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


def _explanation(task: Task) -> str:
    """The reasoning shown with every verdict of the non-derivative kinds."""
    info = task.info
    if task.kind == "mode-choice":
        n, m = info["n"], info["m"]
        return (f"F maps R^{n} to R^{m}: forward mode gives one Jacobian column per pass ({_passes(n)}), "
                f"reverse mode one row per pass ({_passes(m)}).")
    if task.kind == "numeric-difference":
        q, d = info["quotient"], info["exact"]
        return f"The quotient is ≈ {float(q):.6g}; f'({task.texts['at']}) = {task.texts['exact']} ≈ {float(d):.6g}."
    return ""


def _check(inst: Instance, answer: Answer) -> Feedback:
    task = inst.task
    verdict: Any
    if inst.kind in DERIVATIVE_KINDS:
        from tutor.checking import check_derivative

        verdict = check_derivative(answer.value, task.of, list(task.wrt), task.where, seed=inst.seed)
        ok: Optional[bool] = {"correct": True, "incorrect": False}.get(verdict.status)
        reason = verdict.reason
    else:
        shape = _shape_message(task, answer.value)
        ok = False if shape else same_value(task, answer.value, task.expected, seed=inst.seed)
        if task.kind == "mode-choice" and task.expected == "either" and task.form == "word":
            ok = True
        if ok and task.form == "word" and answer.reason and task.expected != "either":
            from tutor.packs.answers import reason_favours

            if reason_favours(answer.reason) not in (None, task.expected):
                ok = False
                shape = f"{task.expected} is right, but the reason argues for the other mode"
        reason = shape or ("" if ok else _what_differs(task, answer.value, inst.seed))
        verdict = _plain_verdict(ok, reason, answer.reading.expr, task.expected)
    status = {True: "correct", False: "incorrect", None: "undecided"}[ok]
    explanation = _explanation(task)
    if ok:
        # The explanation alone: front ends print their own "Correct." headline.
        return Feedback(True, status, explanation or "Correct.", verdict, reading=answer.reading)
    if ok is None:
        return Feedback(False, status, f"Could not decide: {reason}", verdict, reading=answer.reading)
    message, mistake, anticipated = _anticipated(inst, answer)
    if mistake is None and not anticipated:
        mistake = _diagnose(inst, answer)
    elif mistake is not None and not message.strip() or (mistake is not None and message == mistake.title):
        # Only an id was anticipated: the diagnosis says the same thing, with where and how.
        found = _diagnose(inst, answer)
        if found is not None and found.id == mistake.id:
            mistake, message = found, found.message
    if not message:
        message = getattr(mistake, "message", None) or (f"Not quite: {reason.rstrip('.')}." if reason else "Not quite.")
    if explanation and task.kind == "mode-choice":
        message = f"{message} {explanation}"
    return Feedback(False, status, message, verdict, mistake=mistake, reading=answer.reading,
                    anticipated=anticipated, make_steps=lambda: _steps(inst))


def _anticipated(inst: Instance, answer: Answer) -> tuple[str, Any, bool]:
    ex, task = inst.exercise, inst.task
    for fb in ex.feedback:
        try:
            wrong = read_answer(task.form, fill(fb.answer, inst.values, math=True), task.variables).value
        except Exception:  # validate reports an anticipated answer that does not parse
            continue
        if same_value(task, answer.value, wrong, seed=inst.seed):
            mistake = _mistake(fb.mistake, fb.message, answer.reading.expr) if fb.mistake else None
            words = {k: v for k, v in task.texts.items() if k not in inst.values}
            message = fill(fb.message, inst.values, math=False, extra=words) if fb.message \
                else getattr(mistake, "message", "")
            return message, mistake, True
    return "", None, False


def _mistake(mistake_id: str, message: Optional[str], candidate: Any) -> Any:
    try:
        from tutor.explain import MISTAKES, MistakeMatch
    except ImportError:  # the explain layer is optional for packs
        return None
    info = next((m for m in MISTAKES if m.id == mistake_id), None)
    if info is None:
        return None
    # The author anticipated this answer: the mistake is certain, its location is not known.
    return MistakeMatch(id=mistake_id, title=info.title, message=message or info.title, location=None,
                        candidate=candidate)


def _diagnose(inst: Instance, answer: Answer) -> Any:
    task = inst.task
    try:
        from tutor.explain import diagnose, diagnose_dual
    except ImportError:
        return None
    try:
        if inst.kind in DERIVATIVE_KINDS:
            found = diagnose(task.of, answer.value, list(task.wrt), task.where, budget_s=DIAGNOSIS_BUDGET_S)
        elif inst.kind == "dual-arithmetic" and task.form == "dual":
            found = diagnose_dual(task.of, answer.reading.expr)
        else:
            return None
    except Exception:  # a diagnosis is a bonus: never let it break the verdict
        return None
    return found.matches[0] if found is not None and found.matches else None


def _steps(inst: Instance) -> Any:
    task = inst.task
    if inst.kind not in (*DERIVATIVE_KINDS, "dual-evaluate"):
        return None
    try:
        from tutor.explain import explain

        return explain(task.of, list(task.wrt), task.where)
    except Exception:  # the explanation is optional (layer missing, or a rule it lacks)
        return None
