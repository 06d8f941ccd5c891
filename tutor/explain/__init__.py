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

from tutor.explain.catalogue import MISTAKES, MistakeInfo, mistake_info
from tutor.explain.derivation import explain, explanation_to_json, step_to_json
from tutor.explain.diagnosis import Diagnosis, MistakeMatch, diagnose
from tutor.explain.dual import diagnose_dual
from tutor.explain.rules import ExplainError
from tutor.explain.steps import Step
from tutor.explain.verify import StepVerificationError
from tutor.explain.wording import text_of
from tutor.explain.worked import WorkedStep, WorkedStepError, worked_to_json

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
