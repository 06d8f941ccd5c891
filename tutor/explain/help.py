"""What a wrong derivative gets, in one place: the mistake that explains it and the correct steps.

``check`` (and each ``check --batch`` row, through ``tutor.grading.derivatives``), the
derivative kinds of the packs (practice, homework, ``grade``) and ``explain --answer`` ask
here. Both are a bonus to the verdict: a diagnosis that runs out of time, or F a rule
cannot derive, gives None, never an error that would cost the student the verdict.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

from tutor.explain.derivation import explain
from tutor.explain.diagnosis import Diagnosis, diagnose

__all__ = ["mistake_for", "steps_for"]


def mistake_for(of: Any, answer: Any, wrt: Sequence[str], where: Optional[Mapping[str, Any]] = None, *,
                budget_s: float) -> Optional[Diagnosis]:
    """The catalogued mistakes that reproduce ``answer`` (best first), or None."""
    try:
        found = diagnose(of, answer, list(wrt), where or None, budget_s=budget_s)
    except Exception:  # noqa: BLE001 — a diagnosis is a bonus; the verdict stands without it
        return None
    return found if found is not None and found.matches else None


def steps_for(of: Any, wrt: Sequence[str], where: Optional[Mapping[str, Any]] = None) -> Any:
    """The verified derivation of ``of`` (a ``Step`` tree), or None when no rule derives it."""
    try:
        return explain(of, list(wrt), where or None)
    except Exception:  # noqa: BLE001 — a rule explain lacks (or a function it cannot walk): no steps
        return None
