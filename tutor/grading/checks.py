"""What ``calctutor validate`` proves about an assignment file, as data.

Beyond reading it (``load_assignment``: keys, packs, exercise references,
mistake ids of ``credit``), every assigned exercise is instantiated for a
sample of student ids, as ``homework`` will: a template that fails for some
students is reported once, at its line in the assignment, with the students'
seeds listed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tutor.grading.assignment import load_assignment
from tutor.packs.problems import PackError, PackProblem

__all__ = ["validate_assignment", "SAMPLE_STUDENTS"]

# Student ids tried per exercise: as many draws as validate makes of a pack's template.
SAMPLE_STUDENTS = 20


def validate_assignment(path: Path | str, *, students: int = SAMPLE_STUDENTS) -> tuple[Any, list[PackProblem]]:
    """(the assignment or None, every problem found)."""
    try:
        assignment = load_assignment(path)
    except PackError as error:
        return None, list(error.problems)
    problems: list[PackProblem] = []
    for item in assignment.exercises:
        failures: dict[str, list[int]] = {}
        for n in range(1, students + 1):
            seed = assignment.seed(f"student-{n}", item)
            try:
                item.instantiate(seed)
            except PackError as error:
                first = error.problems[0]
                failures.setdefault(f"{first.field}: {first.message}", []).append(seed)
        for message, seeds in failures.items():
            shown = ", ".join(str(s) for s in seeds[:5]) + (" …" if len(seeds) > 5 else "")
            problems.append(PackProblem(assignment.source, item.line, item.column, item.ref,
                                    f"{len(seeds)} of {students} students would get a broken variant ({message})",
                                    f"seeds {shown}; run `calctutor validate` on the pack"))
    return assignment, problems
