"""The labelled question corpus (tests/checking/data/questions_corpus.txt) answered through the pack kinds,
as practice and `calctutor grade` see the answers: no wrong verdict, the mistake named, as in `check`.

Each row that asks a question (an implicit curve, --tangent-at, --gradient …) becomes an exercise of the
matching kind; an answer the pack's form refuses (a vector for a Hessian, a formula where a number is asked)
is not an attempt, and is counted apart.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any, Optional

import pytest

from tutor.packs.instance import instantiate
from tutor.parsing import ParseError

from .conftest import exercise

_spec = importlib.util.spec_from_file_location(
    "question_corpus", Path(__file__).parents[1] / "checking" / "test_question_corpus.py")
_corpus = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(_corpus)  # type: ignore[union-attr]

# check's option -> (pack kind, the option that holds the point)
KIND_OF = {"tangent_at": ("tangent-line", "tangent_at"), "normal_at": ("normal-line", "normal_at"),
           "linearize_at": ("linear-approximation", "linearize_at"),
           "tangent_plane_at": ("tangent-plane", "tangent_plane_at"), "gradient": ("gradient", "at"),
           "hessian": ("hessian", "at"), "direction": ("directional-derivative", "at")}


def exercise_body(options: dict[str, Any], of: str) -> Optional[str]:
    """The exercise asking what ``check`` asks with these options (None: a plain derivative question)."""
    asked = next((KIND_OF[k] for k in options if k in KIND_OF), None)
    if asked is None and not ("=" in of and not options):
        return None
    kind, point_option = asked or ("implicit", "")
    lines = ["id: e", f"kind: {kind}", f"of: '{of}'", "hints: [h]"]
    point = options.get(point_option)
    if isinstance(point, str):
        pairs = [p.split("=") for p in point.replace(" ", "").split(",")]
        pairs = [["x", pairs[0][0]]] if len(pairs) == 1 and len(pairs[0]) == 1 else pairs
        lines.append("at: {" + ", ".join(f"{k}: '{v}'" for k, v in pairs) + "}")
    if kind == "directional-derivative":
        lines.append(f"direction: '{options['direction']}'")
    if "wrt" in options:
        lines.append(f"wrt: [{options['wrt']}]")
    return "\n".join(lines)


@pytest.mark.slow
def test_the_question_corpus_through_the_pack_kinds() -> None:
    cases = unreadable = labelled = named = 0
    problems = []
    for number, expect, mistake, options, of, answer in _corpus.rows():
        body = exercise_body(options, of)
        if body is None:
            continue
        inst = instantiate(exercise(body), 0)
        cases += 1
        try:
            feedback = inst.check(answer)
        except ParseError:
            unreadable += 1
            continue
        if feedback.status != expect:
            problems.append(f"line {number}: {expect} but {feedback.status}: {answer} ({feedback.message})")
        if expect == "incorrect" and mistake != "-":
            labelled += 1
            found = getattr(feedback.mistake, "id", None)
            named += found == mistake
            if found != mistake:
                problems.append(f"line {number}: {mistake} named {found}: {answer}")
    print(f"question corpus through the pack kinds: {cases} cases, {unreadable} not attempts (shape), "
          f"{sum('but' in p for p in problems)} wrong verdicts, mistakes named {named}/{labelled} "
          f"({named / max(1, labelled):.1%})")
    assert cases >= 200 and unreadable <= 12
    assert not [p for p in problems if " but " in p], problems
    assert named / labelled >= 0.95, problems
