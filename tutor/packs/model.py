"""The typed model of an exercise pack: frozen dataclasses, one field per YAML key.

The model is the single source of truth for the format. The loader
(``loader.py``) reads YAML into it field by field, reading each field's
``metadata`` (is it math? which values are allowed? what does it mean?), and
``schema.py`` generates the JSON Schema shipped in ``tutor/schema/`` from the
very same fields, so the documentation, the editor's autocompletion and the
loader cannot drift apart. The values of ``kind`` are the kinds' names in
``tutor.packs.kinds`` (one module per kind); the model does not list them. An
exercise becomes a concrete question through ``tutor.packs.instance.instantiate``.

Math fields (``of``, ``answer``, ``where`` values…) are always *strings*: they
are parsed later by ``tutor.parsing`` after template substitution.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Mapping, Optional, Union

__all__ = [
    "FORMAT_VERSION",
    "Position",
    "Param",
    "AnticipatedAnswer",
    "Exercise",
    "Pack",
    "field_names",
]

FORMAT_VERSION = 1  # bump when a pack written for this loader would be misread by the next

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"  # file-name and URL safe, as topic ids are file stems
NAME_PATTERN = r"^[A-Za-zα-ωΑ-Ω][A-Za-z0-9_]*$"  # a variable, node or parameter name


def _f(doc: str, *, default: Any = None, math: bool = False, internal: bool = False, **schema: Any) -> Any:
    """A dataclass field with the metadata the loader and the schema generator read."""
    meta = {"doc": doc, "math": math, "internal": internal, "schema": schema}
    if isinstance(default, (list, dict)):
        raise TypeError("use tuples/None as defaults in frozen models")
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Position:
    """Where a value was written: 1-based line and column, as editors count."""

    line: int
    column: int


@dataclass(frozen=True)
class Param:
    """One template parameter: exactly one of ``integer``, ``rational``, ``choice``."""

    integer: Optional[tuple[int, int]] = _f("Draw an integer from [low, high], both included.")
    rational: Optional[tuple[int, int]] = _f(
        "Draw a fraction p/q in [low, high] with q from `denominators` (integers excluded unless q = 1 is listed)."
    )
    denominators: tuple[int, ...] = _f("Denominators for a rational parameter.", default=(2, 3, 4), minimum=1)
    choice: Optional[tuple[str, ...]] = _f("Pick one of these math strings (or function names).", math=True)
    exclude: tuple[int, ...] = _f("Values never drawn (e.g. 0 or 1).", default=())


@dataclass(frozen=True)
class AnticipatedAnswer:
    """A wrong answer the author expects, matched by equivalence, never by spelling."""

    answer: str = _f("The wrong answer, in the same syntax a student types (templated).", default="", math=True)
    message: Optional[str] = _f("What to tell the student (templated).")
    mistake: Optional[str] = _f("A mistake id from `calctutor mistakes`, e.g. chain.missing-inner.")


@dataclass(frozen=True)
class Exercise:
    """One exercise (possibly a template that draws fresh numbers from a seed)."""

    id: str = _f("Unique within the pack.", default="", pattern=ID_PATTERN)
    # Its values are the names of tutor.packs.kinds.KIND_TABLE (the schema and the loader read them there).
    kind: str = _f("What is asked, and how the answer is checked.", default="derivative")
    prompt: Optional[str] = _f(
        "The question, with {placeholders}: parameters and {of}, {wrt}, {at}, {h}, {where}. "
        "Omit it for the kind's standard wording."
    )
    of: Union[str, tuple[str, ...], None] = _f(
        "The function (a list of components for `jacobian` and `mode-choice`; the dual expression for "
        "`dual-arithmetic`).",
        math=True,
    )
    variables: tuple[str, ...] = _f(
        "Variable names for parsing (default: the single letters in the function).", default=(), pattern=NAME_PATTERN
    )
    wrt: tuple[str, ...] = _f(
        "Differentiate with respect to these, in order: [x, y] is a mixed partial, by x first, then by y.",
        default=(),
        pattern=NAME_PATTERN,
    )
    where: Optional[Mapping[str, str]] = _f(
        "Inner functions of the multivariable chain rule, e.g. {x: 't^2', y: 'sin t'}.", math=True
    )
    at: Optional[Mapping[str, str]] = _f("A point, e.g. {x: '2'} (the graph's inputs for graph kinds).", math=True)
    direction: Optional[str] = _f(
        "A direction vector, e.g. '(3, 4)' (directional-derivative; the answer uses its unit vector).", math=True
    )
    nodes: Optional[Mapping[str, str]] = _f(
        "A computational graph, in evaluation order: {p: 'x + y', g: 'p z'}; the last node is the output.",
        math=True,
    )
    ask: tuple[str, ...] = _f(
        "What to ask: graph node names (graph kinds); quotient or error (numeric-difference); "
        "mode, forward-passes or reverse-passes (mode-choice).",
        default=(),
    )
    part: str = _f("Which part of the Jacobian (jacobian).", default="matrix", enum=("matrix", "column", "row"))
    index: Optional[str] = _f("The column's input variable, or the row's 1-based output number (jacobian).")
    form: str = _f("How a dual number is written (dual kinds).", default="dual", enum=("dual", "matrix"))
    h: Optional[str] = _f("The step of a difference quotient (numeric-difference).", math=True)
    scheme: str = _f(
        "The difference quotient (numeric-difference).", default="forward", enum=("forward", "backward", "symmetric")
    )
    inputs: Optional[str] = _f("n for a function from R^n to R^m (mode-choice; templated).", math=True)
    outputs: Optional[str] = _f("m for a function from R^n to R^m (mode-choice; templated).", math=True)
    tolerance: float = _f(
        "Deprecated and ignored: decimal answers follow `sigfigs` (docs/numeric-answers.md).",
        default=5e-3, minimum=0, maximum=0.5
    )
    sigfigs: int = _f(
        "Significant figures a decimal answer needs (answers made of numbers; docs/numeric-answers.md).",
        default=4, minimum=1, maximum=15
    )
    params: Optional[Mapping[str, Param]] = _f("Template parameters, drawn from the seed.")
    constraints: tuple[str, ...] = _f(
        "Conditions on the parameters, e.g. 'a != b', 'a + b > 0' (redrawn until all hold).", default=(), math=True
    )
    answer: Optional[str] = _f("The answer key (computed when omitted, verified when given).", math=True)
    hints: tuple[str, ...] = _f("A ladder of hints, gentlest first (templated).", default=())
    feedback: tuple[AnticipatedAnswer, ...] = _f("Anticipated wrong answers.", default=())
    difficulty: int = _f("1 (warm-up) to 5 (hard).", default=1, minimum=1, maximum=5)
    skills: tuple[str, ...] = _f("Skills practised, e.g. chain-rule, product-rule.", default=())
    positions: Mapping[str, Position] = _f("Where each field was written.", default=None, internal=True)
    pack_id: str = _f("The pack it belongs to.", default="", internal=True)
    source: str = _f("The file it came from.", default="<memory>", internal=True)

    def position(self, key: str) -> Position:
        """Where ``key`` (e.g. ``of`` or ``feedback[1].answer``) was written, or the exercise's start."""
        pos = self.positions or {}
        while key and key not in pos:
            key = key.rpartition(".")[0] if "." in key else ""
        return pos.get(key, pos.get("", Position(1, 1)))


@dataclass(frozen=True)
class Pack:
    """A file of exercises on one topic."""

    format: int = _f("The pack format version.", default=FORMAT_VERSION, minimum=1, maximum=FORMAT_VERSION)
    id: str = _f("Unique pack id.", default="", pattern=ID_PATTERN)
    title: str = _f("Shown in `calctutor topics`.", default="")
    version: str = _f("The pack's own version, quoted: \"1.0\".", default="1")
    author: str = _f("Who wrote it.", default="")
    license: str = _f("An SPDX id such as CC-BY-4.0.", default="")
    description: str = _f("A sentence or two.", default="")
    topic: Optional[str] = _f("The topic id (default: the pack id).", pattern=ID_PATTERN)
    exercises: tuple[Exercise, ...] = _f("The exercises, in rising difficulty.", default=())
    source: str = _f("The file it came from.", default="<memory>", internal=True)
    positions: Mapping[str, Position] = _f("Where each field was written.", default=None, internal=True)

    @property
    def topic_id(self) -> str:
        return self.topic or self.id


REQUIRED: Mapping[type, tuple[str, ...]] = {
    Pack: ("format", "id", "title", "exercises"),
    Exercise: ("id", "kind"),
    AnticipatedAnswer: ("answer",),
    Param: (),
}


def field_names(cls: type) -> tuple[str, ...]:
    """The YAML keys of a model class (internal bookkeeping fields excluded)."""
    return tuple(f.name for f in fields(cls) if not f.metadata.get("internal"))
