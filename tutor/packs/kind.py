"""What a kind of exercise is: the one record that says everything about it.

A ``Kind`` holds, for one value of an exercise's ``kind:`` field,

- ``fields``: the YAML keys it reads besides the common ones (the loader flags any other key);
- ``build``: instantiation and validation of the fields: an exercise with its template filled
  (``Fields``) becomes a ``Task`` (``tasks.py``) whose ``form`` says how an answer is written
  (``answers.py``); a field that cannot be used raises ``FieldError``;
- ``prompt`` and ``skills``: the standard wording and the skills practised;
- ``judge``: whether an answer is right, as a ``tutor.checking.Verdict`` (default: compared
  value by value in the task's form, ``compare.py``);
- ``prove``: what ``calctutor validate`` proves about each instance (the AD engine agrees with
  the expected answer; values are finite), raising ``FieldError``;
- ``explanation``: the reasoning shown with a verdict;
- ``diagnose`` and ``steps``: the mistake hook (a ``tutor.explain.MistakeMatch`` for a wrong
  answer) and the worked steps, or ``None`` where the kind has none;
- ``wrong_answers``: the wrong answer each catalogued mistake gives for the task
  (``tutor.explain.wrong_answers.Candidate`` rows), which ``diagnose`` compares with the
  student's (``numeric_judge.diagnose_by_candidates``) and the corpus tests draw on;
- ``show_notes``: a right answer's feedback repeats the judge's notes (the exact value of a
  decimal answer, ``numeric_judge``).

Kinds live one module (or one family) each under ``tutor/packs/kinds/``; each module defines
``ROWS: tuple[Kind, ...]`` and is found by name (``tutor.packs.kinds``), so adding a kind is
adding one module. Nothing here imports SymPy: the hooks import it when they run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Optional

if TYPE_CHECKING:
    from tutor.packs.answers import Answer
    from tutor.packs.model import Exercise
    from tutor.packs.tasks import Fields, Task

__all__ = ["Kind", "COMMON_FIELDS", "DIAGNOSIS_BUDGET_S", "judge_by_form", "no_explanation", "no_proof",
           "no_diagnosis", "no_steps", "no_wrong_answers"]

# The keys every kind reads; a kind's ``fields`` are the ones it reads besides these.
COMMON_FIELDS = ("id", "kind", "prompt", "variables", "params", "constraints", "answer", "hints", "feedback",
                 "difficulty", "skills")

# Half of the 1 s a diagnosis may take: with the checker (~0.2 s at worst) the whole
# check stays under practice's 1 s worst case from Enter to feedback.
DIAGNOSIS_BUDGET_S = 0.5


def judge_by_form(task: "Task", answer: "Answer", seed: int) -> Any:
    """The default judge: the answer's value against the expected one, in the task's form."""
    from tutor.packs.compare import judge_value

    return judge_value(task, answer.value, answer.reading.expr, seed)


def no_explanation(task: "Task") -> str:
    return ""


def no_proof(task: "Task", seed: int) -> None:
    return None


def no_diagnosis(task: "Task", answer: "Answer") -> Any:
    return None


def no_steps(task: "Task") -> Any:
    return None


def no_wrong_answers(task: "Task") -> tuple[Any, ...]:
    return ()


@dataclass(frozen=True)
class Kind:
    """One kind of exercise (see the module docstring for what each hook does)."""

    name: str
    build: Callable[["Exercise", "Fields"], "Task"]
    prompt: str  # the standard wording, with {placeholders} from the task's texts
    skills: tuple[str, ...]  # default skills when the exercise names none
    fields: tuple[str, ...]  # YAML keys read besides COMMON_FIELDS
    judge: Callable[["Task", "Answer", int], Any] = judge_by_form  # -> tutor.checking.Verdict
    prove: Callable[["Task", int], None] = no_proof  # raises FieldError
    explanation: Callable[["Task"], str] = no_explanation
    explain_wrong: bool = False  # also append the explanation to the message of a wrong answer
    diagnose: Callable[["Task", "Answer"], Any] = no_diagnosis  # -> MistakeMatch | None
    steps: Callable[["Task"], Any] = no_steps  # -> tutor.explain Step or WorkedStep | None
    wrong_answers: Callable[["Task"], Any] = no_wrong_answers  # -> the catalogued slips' values (Candidate rows)
    show_notes: bool = False  # a right answer's feedback shows the judge's notes (the exact value of a decimal)

    def __post_init__(self) -> None:
        unknown = set(self.fields) & set(COMMON_FIELDS)
        if unknown:
            raise ValueError(f"kind {self.name}: {', '.join(sorted(unknown))} are common fields")


def optional_steps(task: "Task") -> Optional[Any]:
    """The derivation of ``task.of`` by ``task.wrt`` (a ``tutor.explain`` Step), None when explain lacks a rule."""
    from tutor.explain.help import steps_for

    return steps_for(task.of, task.wrt, task.where)
