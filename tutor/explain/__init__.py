"""Step-by-step derivations and automatic mistake diagnosis.

    from tutor.explain import explain, Step, step_to_json, diagnose, Diagnosis, MistakeMatch, MISTAKES

``explain(of, wrt, where)`` builds a tree of frozen steps (steps.py, one
dataclass per rule) by dispatching on the expression's shape (rules.py),
words each step from a table (wording.py) and verifies every step against the
AD engine (verify.py). ``diagnose(of, answer, wrt)`` injects buggy rules
(buggy.py; catalogue ids in catalogue.py) into the correct derivation and
names the mistake that reproduces the student's answer (diagnosis.py);
``diagnose_dual`` does the same for dual-number arithmetic (dual.py).

The AD exercises (dual numbers, graphs, Jacobians, modes, difference quotients) are
*worked* rather than derived: ``worked*.py`` build a tree of ``WorkedStep`` lines with the
exercise's numbers in, each proved by the AD engine; ``wrong_answers.py`` produces the wrong
answer each of their catalogued mistakes gives.

Depends on: tutor.functions (derivatives of the elementary functions),
tutor.autodiff (the oracle that verifies each step), tutor.parsing (to_text
for the wording), SymPy. Never prints, never parses strings.
"""

import importlib
from typing import Any

# name -> the module defining it, imported on first use (PEP 562): `calctutor mistakes` reads the
# catalogue without loading SymPy, the derivation rules or the diagnosis.
_EXPORTS = {
    "MISTAKES": "tutor.explain.catalogue",
    "MistakeInfo": "tutor.explain.catalogue",
    "mistake_info": "tutor.explain.catalogue",
    "explain": "tutor.explain.derivation",
    "explanation_to_json": "tutor.explain.derivation",
    "step_to_json": "tutor.explain.derivation",
    "Diagnosis": "tutor.explain.diagnosis",
    "MistakeMatch": "tutor.explain.diagnosis",
    "diagnose": "tutor.explain.diagnosis",
    "diagnose_dual": "tutor.explain.dual",
    "ExplainError": "tutor.explain.rules",
    "Step": "tutor.explain.steps",
    "StepVerificationError": "tutor.explain.verify",
    "text_of": "tutor.explain.wording",
    "WorkedStep": "tutor.explain.worked",
    "WorkedStepError": "tutor.explain.worked",
    "worked_to_json": "tutor.explain.worked",
}


__all__ = [
    "explain",
    "Step",
    "step_to_json",
    "explanation_to_json",
    "text_of",
    "diagnose",
    "diagnose_dual",
    "Diagnosis",
    "MistakeMatch",
    "MISTAKES",
    "MistakeInfo",
    "mistake_info",
    "ExplainError",
    "StepVerificationError",
    "WorkedStep",
    "WorkedStepError",
    "worked_to_json",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tutor.explain' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value
