"""Checking: is an answer the derivative of F? A verdict with its reasons, from two oracles.

The numeric oracle evaluates the answer and F's derivative (by the AD engine)
at random points of F's real domain; the symbolic oracle asks SymPy whether
the difference is zero, cheap canonical forms first and ``simplify`` last in a
resource-limited child process. ``check_derivative`` combines them into a
``Verdict`` (correct / incorrect / undecided, never a bare bool);
``batch.grade_row`` grades one row of a batch (the engine in tutor.grading runs many); ``request.read_request``
reads the texts a person typed; ``numeric_answers`` is the one policy for numbers typed
as answers (exact forms, decimals and their significant figures).

Depends on: ``tutor.parsing`` (variables, reading text), ``tutor.autodiff``
(compiled tapes), SymPy and mpmath. Nothing here prints.
"""

from tutor.checking.equivalence import check_derivative, check_request, equivalent
from tutor.checking.sampling import sample_points
from tutor.checking.verdict import Counterexample, NumericEvidence, Verdict, verdict_to_json

__all__ = [
    "check_derivative",
    "check_request",
    "equivalent",
    "sample_points",
    "Verdict",
    "NumericEvidence",
    "Counterexample",
    "verdict_to_json",
]
