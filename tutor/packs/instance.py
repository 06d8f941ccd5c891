"""An exercise made concrete by a seed, and the feedback on one answer to it.

``instantiate(exercise, seed)`` draws the template's parameters, fills and
parses the math fields, builds the task (the kind's ``build``, ``tutor.packs.kinds``)
and words the prompt and hints. ``Instance.check(text)`` reads the answer in the
task's form and asks the kind's ``judge`` (derivatives through ``check_derivative``,
other values element by element, ``compare.py``). A wrong answer is then matched
against the author's anticipated answers (by equivalence), and else given to the
kind's ``diagnose`` hook; the kind's ``steps`` hook makes the worked steps.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional, Sequence

from tutor.packs.answers import Answer, bracket_text, read_answer
from tutor.packs.compare import same_value
from tutor.packs.kind import DIAGNOSIS_BUDGET_S
from tutor.packs.kinds import kind_named
from tutor.packs.model import Exercise
from tutor.packs.problems import PackError, PackProblem
from tutor.packs.tasks import FieldError, Fields, Task, dual_text
from tutor.packs.templates import TemplateError, Value, draw, fill

__all__ = ["Instance", "Feedback", "instantiate", "same_value", "shape_of", "DIAGNOSIS_BUDGET_S", "type_epsilon"]

def type_epsilon(target: str = "unicode") -> str:
    """The note on a question answered a + bε: how to type ε (ε printed in ``target``)."""
    from tutor.parsing import notation as M
    from tutor.parsing.printer import show

    return f" (Type {show(M.var('ε'), target)} as eps: 3 + 2eps.)"


def _answer_text(form: str, value: Answer, target: str) -> str:
    """An answer as a student types it, printed in ``target``: ln(x) (not log(x)), [3x^2 y^2, 2x y^3]."""
    from tutor.parsing.printer import show

    if form == "dual":
        real, tangent = value.value
        return dual_text(real, tangent, target)
    if form == "expression":
        return show(value.reading.expr, target)  # as the student's answer is echoed
    if form in ("vector", "matrix"):
        return bracket_text(value.value, target)
    return value.reading.text




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
        """How ``text`` is read (a ``Reading``); raises ``ParseError`` with a column (a wrong shape too)."""
        return read_answer(self.answer_form, text, self.variables, shape_of(self.task), self.task.wrt).reading

    def steps(self) -> Any:
        """The worked steps (a derivation, or a worked solution for the AD kinds), None where there are none."""
        return kind_named(self.kind).steps(self.task)

    def anticipated(self, target: str = "unicode") -> tuple[tuple[str, Optional[str], Optional[str]], ...]:
        """The author's anticipated wrong answers for these numbers: (answer, mistake id, message), the
        answer and the messages' math in the printer's ``target``."""
        words = self._words(target)
        out = []
        for fb in self.exercise.feedback:
            text = fill(fb.answer, self.values, math=True)
            try:
                value = read_answer(self.answer_form, text, self.variables)
                text = _answer_text(self.answer_form, value, target)
            except Exception:  # validate reports it; show the raw text here
                pass
            message = fill(fb.message, self.values, math=False, extra=words, target=target,
                           math_extra=self._words("unicode")) if fb.message else None
            out.append((text, fb.mistake, message))
        return tuple(out)

    def _words(self, target: str) -> dict[str, str]:
        """The kind's texts a prompt or hint quotes ({of}, {at}…), in the printer's ``target``; drawn
        values are not among them (prose filling writes each number as it reads in its place)."""
        return {k: self.task.text_in(k, target) for k in self.task.texts if k not in self.values}

    def plain(self) -> tuple[str, tuple[str, ...]]:
        """The prompt and hints for ``--plain``: their math in the printer's plain target (x^2, sqrt(u))."""
        ex = self.exercise
        words = self._words("plain")
        spans = self._words("unicode")  # backtick spans read the kind's texts as unicode reads them
        prompt = fill(ex.prompt or kind_named(ex.kind).prompt, self.values, math=False, extra=words, target="plain",
                      math_extra=spans)
        if self.prompt.endswith(type_epsilon()):  # the same note as the prompt, in ASCII
            prompt += type_epsilon("plain")
        return prompt, tuple(fill(h, self.values, math=False, extra=words, target="plain", math_extra=spans)
                             for h in ex.hints)

    def check(self, text: str) -> Feedback:
        """Check an answer; an unreadable one raises ``ParseError`` (it is not an attempt)."""
        answer = read_answer(self.answer_form, text, self.variables, shape_of(self.task), self.task.wrt)
        return _check(self, answer)


def shape_of(task: Task) -> Optional[tuple[int, ...]]:
    """The shape an answer must have: (rows, cols), (n,), () for one value; None: any (a word)."""
    if task.form == "matrix":  # and the lengths of a flat list a kind reads as a named mistake (a Hessian's gradient)
        return (len(task.expected), len(task.expected[0]), *task.info.get("vector_lengths", ()))
    if task.form == "vector":  # and the other orientation's length, where a kind names that mix-up
        return (len(task.expected), *task.info.get("other_lengths", ()))
    return None if task.form == "word" else ()


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
        direction=one("direction", ex.direction),
    )


def _problem(ex: Exercise, key: str, message: str, hint: Optional[str]) -> PackError:
    pos = ex.position(key)
    return PackError([PackProblem(ex.source, pos.line, pos.column, f"{ex.id}.{key}", message, hint)])


def instantiate(ex: Exercise, seed: int) -> Instance:
    """Draw, fill, parse and build; any problem is a ``PackError`` at the field's file:line:col."""
    try:
        values = draw(ex.params, ex.constraints, seed)
        fields = fill_fields(ex, values)
        kind = kind_named(ex.kind)
        task = kind.build(ex, fields)
        if "sigfigs" not in task.info:  # the numeric-answer policy's N (a kind may ask for more)
            task = dataclasses.replace(task, info={**task.info, "sigfigs": ex.sigfigs})
        # The numbers go in as values, not ready-made words: prose filling writes each one as it
        # reads in its place ("u = {a}x + {b}" with a = 1, b = -3 reads "u = x - 3").
        words = {k: v for k, v in task.texts.items() if k not in values}
        try:
            prompt = fill(ex.prompt or kind.prompt, values, math=False, extra=words)
        except TemplateError as exc:
            raise FieldError("prompt", exc.message, exc.hint) from None
        if task.epsilon and "eps" not in prompt:
            prompt += type_epsilon()  # every question answered a + bε says how to type ε
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


# -- checking --------------------------------------------------------------------------------------


def _check(inst: Instance, answer: Answer) -> Feedback:
    task = inst.task
    kind = kind_named(inst.kind)
    verdict = kind.judge(task, answer, inst.seed)
    ok: Optional[bool] = {"correct": True, "incorrect": False}.get(verdict.status)
    reason = verdict.reason
    status = {True: "correct", False: "incorrect", None: "undecided"}[ok]
    explanation = kind.explanation(task)
    if ok:
        # The explanation alone (and what the judge noted, e.g. the exact value of a rounded
        # decimal): front ends print their own "Correct." headline.
        notes = "; ".join(getattr(verdict, "notes", ()) or ()) if kind.show_notes else ""
        note = (notes[0].upper() + notes[1:] + ".") if notes else ""
        message = " ".join(x for x in (note, explanation) if x) or "Correct."
        return Feedback(True, status, message, verdict, reading=answer.reading)
    if ok is None:
        return Feedback(False, status, f"Could not decide: {reason}", verdict, reading=answer.reading)
    message, mistake, anticipated = _anticipated(inst, answer)
    if mistake is None and not anticipated:
        mistake = _diagnose(inst, answer)
    elif mistake is None and message:
        # The author's words, with the catalogue's id when a diagnosed mistake gives the same answer.
        found = _diagnose(inst, answer)
        if found is not None:
            mistake = dataclasses.replace(found, message=message)
    elif mistake is not None and not message.strip() or (mistake is not None and message == mistake.title):
        # Only an id was anticipated: the diagnosis says the same thing, with where and how.
        found = _diagnose(inst, answer)
        if found is not None and found.id == mistake.id:
            mistake, message = found, found.message
    if not message:
        message = getattr(mistake, "message", None) or (f"Not quite: {reason.rstrip('.')}." if reason else "Not quite.")
    if explanation and kind.explain_wrong:
        message = f"{message} {explanation}"
    return Feedback(False, status, message, verdict, mistake=mistake, reading=answer.reading,
                    anticipated=anticipated, make_steps=lambda: kind.steps(task))


def _anticipated(inst: Instance, answer: Answer) -> tuple[str, Any, bool]:
    from tutor.parsing.printer import current_target

    ex, task = inst.exercise, inst.task
    for fb in ex.feedback:
        try:
            wrong = read_answer(task.form, fill(fb.answer, inst.values, math=True), task.variables).value
        except Exception:  # validate reports an anticipated answer that does not parse
            continue
        if same_value(task, answer.value, wrong, seed=inst.seed):
            # The author's message filled in, its math in the printer's current target (plain under
            # practice --plain); the mistake carries the same filled message, never the template.
            target = current_target()
            filled = fill(fb.message, inst.values, math=False, extra=inst._words(target), target=target,
                          math_extra=inst._words("unicode")) \
                if fb.message else None
            mistake = _mistake(fb.mistake, filled, answer.reading.expr) if fb.mistake else None
            return filled or str(getattr(mistake, "message", "")), mistake, True
    return "", None, False


def _mistake(mistake_id: str, message: Optional[str], candidate: Any) -> Any:
    from tutor.explain import MISTAKES, MistakeMatch
    info = next((m for m in MISTAKES if m.id == mistake_id), None)
    if info is None:
        return None
    # The author anticipated this answer: the mistake is certain, its location is not known.
    return MistakeMatch(id=mistake_id, title=info.title, message=message or info.title, location=None,
                        candidate=candidate)


def _diagnose(inst: Instance, answer: Answer) -> Any:
    try:
        return kind_named(inst.kind).diagnose(inst.task, answer)
    except Exception:  # a diagnosis is a bonus: never let it break the verdict
        return None
