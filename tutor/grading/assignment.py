"""Assignment files: which exercises a class does, in which order, under which rules.

An assignment is a small YAML file (``docs/class.md``)::

    format: 1
    id: week-5
    title: Week 5 — the chain rule
    packs: [chain-rule, ./week5.yaml]        # built-in pack ids or paths (relative to this file)
    exercises:                               # in order: PACK/EXERCISE, or a bare id unique in the packs
      - chain-rule/sine-of-linear
      - power-of-quadratic
      - {exercise: dual-numbers/dual-product, attempts: 1, points: 2}
    attempts: 3                              # per exercise; omitted: unlimited
    steps: never                             # allowed | never
    hints: allowed                           # allowed | never
    due: 2026-12-10
    credit: {chain.missing-inner: 0.5}       # partial credit by mistake id

The keys are one table (``FIELDS``): the reader and the JSON Schema
(``tutor/schema/assignment.schema.json``) both derive from it. Problems are
``PackProblem``s at ``file:line:col``, like a pack's.

Each student's variant of an exercise is drawn from ``variant_seed(assignment
id, student id, exercise)``: a SHA-256 of the three, so the instructor can
reproduce any student's numbers on any machine and Python version (Python's
``hash()`` is salted per process).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from tutor.packs.problems import PackError, PackProblem, did_you_mean

__all__ = [
    "FORMAT_VERSION",
    "FIELDS",
    "Assignment",
    "AssignedExercise",
    "load_assignment",
    "load_assignment_text",
    "looks_like_assignment",
    "normalise_student",
    "variant_seed",
    "generate_schema",
    "schema_text",
    "SCHEMA_PATH",
]

FORMAT_VERSION = 1
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
MISTAKE_PATTERN = r"^[a-z0-9-]+\.[a-z0-9-]+$"  # the catalogue's ids: area.name
MAX_EXERCISES = 200  # a term's homework; more is a mistake
MAX_ATTEMPTS = 100
SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schema" / "assignment.schema.json"
SCHEMA_ID = "https://calctutor.invalid/schema/assignment.schema.json"  # an identifier, not a download
SEED_RANGE = 2**31  # the seeds practice draws: random.Random(seed) accepts any, 31 bits print short


# -- the model -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignedExercise:
    """One exercise of the assignment: the pack's exercise and its own rules."""

    ref: str  # "pack/exercise", as the student and the gradebook name it
    exercise: Any  # tutor.packs.Exercise
    attempts: Optional[int]  # None: unlimited
    points: float
    line: int = 1
    column: int = 1

    @property
    def pack_id(self) -> str:
        return self.ref.split("/", 1)[0]

    @property
    def exercise_id(self) -> str:
        return self.ref.split("/", 1)[1]

    def seed_for(self, assignment_id: str, student: str) -> int:
        return variant_seed(assignment_id, student, self.ref)

    def instantiate(self, seed: int) -> Any:
        from tutor.packs.instance import instantiate

        return instantiate(self.exercise, seed)


@dataclass(frozen=True)
class Assignment:
    """A loaded assignment: its rules and its exercises, resolved against their packs."""

    id: str
    title: str
    exercises: tuple[AssignedExercise, ...]
    attempts: Optional[int] = None
    steps: str = "allowed"
    hints: str = "allowed"
    due: Optional[_dt.date] = None
    credit: Mapping[str, float] = field(default_factory=dict)
    description: str = ""
    source: str = "<assignment>"
    content_hash: str = ""
    packs: tuple[Any, ...] = ()  # tutor.packs.Pack, as listed

    @property
    def total_points(self) -> float:
        return sum(e.points for e in self.exercises)

    def find(self, name: str) -> Optional[AssignedExercise]:
        """The assigned exercise named ``pack/exercise`` or by a bare id (None: not in the assignment)."""
        text = name.strip()
        for item in self.exercises:
            if item.ref == text:
                return item
        bare = [item for item in self.exercises if item.exercise_id == text]
        return bare[0] if len(bare) == 1 else None

    def seed(self, student: str, item: AssignedExercise) -> int:
        return variant_seed(self.id, student, item.ref)

    def credit_for(self, correct: bool, mistake: Optional[str]) -> float:
        """The fraction of an exercise's points an answer earns: 1 if right, the mistake's credit else."""
        if correct:
            return 1.0
        return float(self.credit.get(mistake or "", 0.0))


def normalise_student(student: str) -> str:
    """The student id as seeds see it: trimmed and case-folded (``S001 `` and ``s001`` are one student)."""
    return " ".join(str(student).split()).casefold()


def variant_seed(assignment_id: str, student: str, exercise_ref: str) -> int:
    """The seed of a student's variant: stable across runs, machines and Python versions."""
    key = "\x1f".join((assignment_id, normalise_student(student), exercise_ref)).encode("utf-8")
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") % SEED_RANGE


# -- the fields, one row each ----------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    name: str
    doc: str
    schema: Mapping[str, Any]
    required: bool = False


_EXERCISE_ITEM = {
    "anyOf": [
        {"type": "string", "description": "PACK/EXERCISE, or an exercise id unique among the packs."},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["exercise"],
            "properties": {
                "exercise": {"type": "string", "description": "PACK/EXERCISE, or a unique exercise id."},
                "attempts": {"type": "integer", "minimum": 1, "maximum": MAX_ATTEMPTS,
                             "description": "Attempts allowed at this exercise (overrides the assignment's)."},
                "points": {"type": "number", "minimum": 0, "maximum": 1000,
                           "description": "What the exercise is worth (default 1)."},
            },
        },
    ]
}

# fmt: off
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("format", "The assignment format version.",
              {"type": "integer", "minimum": 1, "maximum": FORMAT_VERSION}, required=True),
    FieldSpec("id", "The assignment id: lower-case words joined by '-'. It seeds every student's variant: "
              "do not change it once students have started.", {"type": "string", "pattern": ID_PATTERN},
              required=True),
    FieldSpec("title", "Shown to students and in the gradebook.", {"type": "string"}, required=True),
    FieldSpec("description", "A sentence or two for the students.", {"type": "string"}),
    FieldSpec("packs", "Packs the exercises come from: built-in pack ids or paths (relative to this file).",
              {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]},
              required=True),
    FieldSpec("exercises", "The exercises, in the order they are served.",
              {"type": "array", "items": _EXERCISE_ITEM, "minItems": 1, "maxItems": MAX_EXERCISES}, required=True),
    FieldSpec("attempts", "Attempts allowed per exercise (omit for unlimited).",
              {"type": "integer", "minimum": 1, "maximum": MAX_ATTEMPTS}),
    FieldSpec("steps", "May a student see the worked steps (:steps, and after wrong tries)?",
              {"type": "string", "enum": ["allowed", "never"], "default": "allowed"}),
    FieldSpec("hints", "May a student ask for hints (:hint)?",
              {"type": "string", "enum": ["allowed", "never"], "default": "allowed"}),
    FieldSpec("due", "The due date, YYYY-MM-DD.", {"type": "string", "format": "date"}),
    FieldSpec("credit", "Partial credit by mistake id (see `calctutor mistakes`), from 0 to 1.",
              {"type": "object", "propertyNames": {"pattern": MISTAKE_PATTERN},
               "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1}}),
)
# fmt: on
_BY_NAME = {f.name: f for f in FIELDS}


def generate_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an assignment file, from ``FIELDS``."""
    props = {f.name: {"description": f.doc, **f.schema} for f in FIELDS}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "calctutor assignment",
        "type": "object",
        "properties": props,
        "required": [f.name for f in FIELDS if f.required],
        "additionalProperties": False,
    }


def schema_text() -> str:
    import json

    return json.dumps(generate_schema(), indent=2, ensure_ascii=False) + "\n"


# -- reading ---------------------------------------------------------------------------------------


class _Problems:
    """Problems found while reading, each at the node it is about."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[PackProblem] = []

    def add(self, node: Any, field_name: str, message: str, hint: Optional[str] = None) -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
        self.items.append(PackProblem(self.name, line, column, field_name, message, hint))


def looks_like_assignment(path: Path) -> bool:
    """A YAML file whose top level has a ``packs`` key (a pack has none)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(200_000)
    except OSError:
        return False
    return re.search(r"(?m)^packs\s*:", head) is not None


def load_assignment(path: Path | str, *, catalog: Any = None) -> Assignment:
    """Read and resolve an assignment file; raise ``PackError`` listing every problem."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError([PackProblem(name, 1, 1, "", f"cannot read the file: {exc.strerror or exc}",
                                 "give the path of an assignment .yaml file")], unreadable=True) from None
    if len(raw) > 1_000_000:
        raise PackError([PackProblem(name, 1, 1, "", "the file is over 1 MB; an assignment is a few lines",
                                 "is this the right file?")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PackError([PackProblem(name, line, 1, "", "the file is not UTF-8 text", "save it as UTF-8")]) from None
    return load_assignment_text(text, name, base=path.parent, catalog=catalog)


def load_assignment_text(text: str, name: str = "<assignment>", *, base: Optional[Path] = None,
                         catalog: Any = None) -> Assignment:
    """Read an assignment from YAML text; pack paths are taken relative to ``base``."""
    import yaml

    from tutor.packs.loader import _compose  # the packs' safe composer: no tags, anchors, aliases

    node = _compose(text, name)
    problems = _Problems(name)
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, "", "an assignment is a mapping of keys (format, id, title, packs, exercises…)",
                     "start from the example in docs/class.md")
        raise PackError(problems.items)
    values: dict[str, tuple[Any, Any]] = {}  # key -> (key node, value node)
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str) or key not in _BY_NAME:
            allowed = [f.name for f in FIELDS]
            problems.add(key_node, str(key), f"unknown key `{key}`",
                         did_you_mean(str(key), allowed) or f"the keys are: {', '.join(allowed)}")
            continue
        if key in values:
            problems.add(key_node, key, f"duplicate key `{key}`", "keep one of them: YAML would drop the first")
            continue
        values[key] = (key_node, value_node)
    for spec in FIELDS:
        if spec.required and spec.name not in values:
            problems.add(node, spec.name, f"missing required key `{spec.name}`")
    read = _FieldReader(problems)
    fmt = read.integer(values.get("format"), "format", 1, FORMAT_VERSION)
    assignment_id = read.text(values.get("id"), "id", pattern=ID_PATTERN,
                              pattern_hint="lower-case words joined by '-', e.g. week-5")
    title = read.text(values.get("title"), "title")
    description = read.text(values.get("description"), "description") or ""
    attempts = read.integer(values.get("attempts"), "attempts", 1, MAX_ATTEMPTS)
    steps = read.choice(values.get("steps"), "steps", ("allowed", "never")) or "allowed"
    hints = read.choice(values.get("hints"), "hints", ("allowed", "never")) or "allowed"
    due = read.date(values.get("due"), "due")
    credit = read.credit(values.get("credit"))
    pack_nodes = read.text_list(values.get("packs"), "packs")
    packs = _resolve_packs(pack_nodes, base, catalog, problems)
    exercises = _resolve_exercises(values.get("exercises"), packs, attempts, problems, read)
    if problems.items or fmt is None or assignment_id is None or title is None:
        problems.items.sort(key=lambda p: (p.line, p.column))  # in reading order, as an editor lists them
        raise PackError(problems.items or [PackProblem(name, 1, 1, "", "the assignment could not be read")])
    digest = hashlib.sha256(text.encode("utf-8"))
    for item in exercises:  # a change to an exercise changes what the students saw
        digest.update(repr(replace(item.exercise, positions=None, source="")).encode("utf-8"))
    return Assignment(
        id=assignment_id, title=title, exercises=tuple(exercises), attempts=attempts, steps=steps,
        hints=hints, due=due, credit=credit, description=description, source=name,
        content_hash=digest.hexdigest()[:16], packs=tuple(p for p, _ in packs),
    )


class _FieldReader:
    """Scalar readers that record a problem (and return None) instead of raising."""

    def __init__(self, problems: _Problems) -> None:
        self.problems = problems

    def _scalar(self, pair: Any, name: str) -> Any:
        import yaml

        if pair is None:
            return None
        _, node = pair
        if not isinstance(node, yaml.ScalarNode):
            self.problems.add(node, name, "expected a single value, found a list or mapping")
            return None
        return node

    def text(self, pair: Any, name: str, *, pattern: Optional[str] = None, pattern_hint: str = "") -> Optional[str]:
        node = self._scalar(pair, name)
        if node is None:
            return None
        if node.tag != "tag:yaml.org,2002:str":
            self.problems.add(node, name, f"expected text, YAML reads {node.value} as a non-string",
                              f'quote it: "{node.value}"')
            return None
        if pattern and not re.match(pattern, node.value):
            self.problems.add(node, name, f"{node.value!r} is not allowed here", pattern_hint or None)
            return None
        return str(node.value)

    def integer(self, pair: Any, name: str, low: int, high: int) -> Optional[int]:
        node = self._scalar(pair, name)
        if node is None:
            return None
        if node.tag != "tag:yaml.org,2002:int" or not re.fullmatch(r"[0-9]+", node.value):
            self.problems.add(node, name, f"expected a whole number, found {node.value!r}")
            return None
        value = int(node.value)
        if not low <= value <= high:
            self.problems.add(node, name, f"{value} is out of range", f"use a number from {low} to {high}")
            return None
        return value

    def choice(self, pair: Any, name: str, options: Sequence[str]) -> Optional[str]:
        node = self._scalar(pair, name)
        if node is None:
            return None
        if node.value not in options:
            self.problems.add(node, name, f"`{node.value}` is not one of: {', '.join(options)}",
                              did_you_mean(str(node.value), options))
            return None
        return str(node.value)

    def date(self, pair: Any, name: str) -> Optional[_dt.date]:
        node = self._scalar(pair, name)
        if node is None:
            return None
        try:
            return _dt.date.fromisoformat(str(node.value).strip())
        except ValueError:
            self.problems.add(node, name, f"{node.value!r} is not a date", "write it as YYYY-MM-DD, e.g. 2026-12-10")
            return None

    def text_list(self, pair: Any, name: str) -> list[Any]:
        import yaml

        if pair is None:
            return []
        _, node = pair
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        out = []
        for item in items:
            if not isinstance(item, yaml.ScalarNode) or item.tag != "tag:yaml.org,2002:str" or not item.value.strip():
                self.problems.add(item, name, "expected a pack id or a path", "e.g. chain-rule or ./week5.yaml")
                continue
            out.append(item)
        if not out and not self.problems.items:
            self.problems.add(node, name, "no packs listed", "e.g. packs: [chain-rule]")
        return out

    def credit(self, pair: Any) -> dict[str, float]:
        import yaml

        if pair is None:
            return {}
        _, node = pair
        if not isinstance(node, yaml.MappingNode):
            self.problems.add(node, "credit", "expected a mapping of mistake ids to credit",
                              "e.g. credit: {chain.missing-inner: 0.5}")
            return {}
        known = _mistake_ids()
        out: dict[str, float] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            where = f"credit.{key}"
            if known and key not in known:
                self.problems.add(key_node, where, f"unknown mistake id `{key}`",
                                  did_you_mean(key, known) or "`calctutor mistakes` lists the ids")
                continue
            if key in out:
                self.problems.add(key_node, where, f"duplicate key `{key}`", "keep one of them")
                continue
            try:
                value = float(value_node.value) if isinstance(value_node, yaml.ScalarNode) else None
            except ValueError:
                value = None
            if value is None or value_node.tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") \
                    or not 0 <= value <= 1:
                self.problems.add(value_node, where, f"credit must be a number from 0 to 1, found "
                                  f"{getattr(value_node, 'value', '?')!r}", "0.5 gives half the points")
                continue
            out[key] = value
        return out


def _mistake_ids() -> list[str]:
    from tutor.explain import MISTAKES  # the explain layer is below grading: always there

    return [m.id for m in MISTAKES]


def _resolve_packs(nodes: Sequence[Any], base: Optional[Path], catalog: Any,
                   problems: _Problems) -> list[tuple[Any, Any]]:
    """(Pack, node) for each listed pack: a path (relative to the assignment) or a built-in id."""
    from tutor.packs import load_pack

    out: list[tuple[Any, Any]] = []
    for node in nodes:
        text = str(node.value).strip()
        is_path = text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text
        if is_path:
            path = Path(text).expanduser()
            if not path.is_absolute() and base is not None:
                path = base / path
            if not path.exists():
                problems.add(node, "packs", f"no pack file {text!r}", f"looked for {path}")
                continue
            try:
                out.append((load_pack(path), node))
            except PackError as exc:
                first = exc.problems[0]
                problems.add(node, "packs", f"the pack {text!r} has problems: {first}",
                             f"run `calctutor validate {path}`")
            continue
        catalog = catalog if catalog is not None else _catalog()
        pack = catalog.find_pack(text)
        if pack is None:
            problems.add(node, "packs", f"no installed pack with the id {text!r}",
                         did_you_mean(text, [p.id for p in catalog.packs]) or
                         "give a path (./week5.yaml) or an id from `calctutor topics`")
            continue
        out.append((pack, node))
    return out


def _catalog() -> Any:
    from tutor.packs import discover_packs

    return discover_packs()


def _resolve_exercises(pair: Any, packs: Sequence[tuple[Any, Any]], default_attempts: Optional[int],
                       problems: _Problems, read: _FieldReader) -> list[AssignedExercise]:
    import yaml

    if pair is None:
        return []
    _, node = pair
    if not isinstance(node, yaml.SequenceNode):
        problems.add(node, "exercises", "expected a list of exercises", "e.g. exercises: [chain-rule/sine-of-linear]")
        return []
    if len(node.value) > MAX_EXERCISES:
        problems.add(node, "exercises", f"{len(node.value)} exercises; the cap is {MAX_EXERCISES}", "split it")
        return []
    by_ref: dict[str, Any] = {}
    for pack, _ in packs:
        for ex in pack.exercises:
            by_ref.setdefault(f"{pack.id}/{ex.id}", ex)
    out: list[AssignedExercise] = []
    seen: set[str] = set()
    for i, item in enumerate(node.value):
        where = f"exercises[{i}]"
        attempts, points, ref_node = default_attempts, 1.0, item
        if isinstance(item, yaml.MappingNode):
            keys = {str(k.value): (k, v) for k, v in item.value}
            for key, (key_node, _) in keys.items():
                if key not in ("exercise", "attempts", "points"):
                    problems.add(key_node, f"{where}.{key}", f"unknown key `{key}`",
                                 did_you_mean(key, ["exercise", "attempts", "points"]) or
                                 "an exercise entry has: exercise, attempts, points")
            if "exercise" not in keys:
                problems.add(item, where, "missing required key `exercise`", "e.g. {exercise: chain-rule/sine-of-linear}")
                continue
            ref_node = keys["exercise"][1]
            if "attempts" in keys:
                attempts = read.integer(keys["attempts"], f"{where}.attempts", 1, MAX_ATTEMPTS)
            if "points" in keys:
                points = _points(keys["points"][1], f"{where}.points", problems)
        if not isinstance(ref_node, yaml.ScalarNode) or ref_node.tag != "tag:yaml.org,2002:str":
            problems.add(ref_node, where, "expected PACK/EXERCISE or an exercise id",
                         "e.g. chain-rule/sine-of-linear")
            continue
        ref = _resolve_ref(str(ref_node.value).strip(), by_ref, ref_node, where, problems)
        if ref is None:
            continue
        if ref in seen:
            problems.add(ref_node, where, f"`{ref}` is listed twice", "each exercise is served once; list it once")
            continue
        seen.add(ref)
        out.append(AssignedExercise(ref, by_ref[ref], attempts, points,
                                    ref_node.start_mark.line + 1, ref_node.start_mark.column + 1))
    return out


def _points(node: Any, where: str, problems: _Problems) -> float:
    try:
        value = float(node.value)
        if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and 0 <= value <= 1000:
            return value
    except (TypeError, ValueError):
        pass
    problems.add(node, where, f"points must be a number from 0 to 1000, found {getattr(node, 'value', '?')!r}")
    return 1.0


def _resolve_ref(text: str, by_ref: Mapping[str, Any], node: Any, where: str, problems: _Problems) -> Optional[str]:
    if "/" in text:
        if text in by_ref:
            return text
        pack_id = text.split("/", 1)[0]
        in_pack = [r for r in by_ref if r.startswith(pack_id + "/")]
        if not in_pack:
            problems.add(node, where, f"`{text}`: no pack `{pack_id}` among the assignment's packs",
                         "add the pack to `packs`, or check the spelling")
        else:
            problems.add(node, where, f"no exercise `{text}`",
                         did_you_mean(text, in_pack) or f"{pack_id} has: {', '.join(r.split('/', 1)[1] for r in in_pack)}")
        return None
    matches = [r for r in by_ref if r.split("/", 1)[1] == text]
    if len(matches) == 1:
        return matches[0]
    if matches:
        problems.add(node, where, f"`{text}` is in several packs: {', '.join(matches)}",
                     "write it as PACK/EXERCISE")
        return None
    problems.add(node, where, f"no exercise `{text}` in the assignment's packs",
                 did_you_mean(text, [r.split("/", 1)[1] for r in by_ref]) or "write it as PACK/EXERCISE")
    return None


if __name__ == "__main__":  # python -m tutor.grading.assignment: regenerate the shipped schema
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
