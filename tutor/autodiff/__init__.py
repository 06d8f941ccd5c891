"""calctutor's automatic-differentiation engine: the checker's second oracle and a teaching object.

* ``rules.py`` – THE table of primitives (value and local derivatives side by side,
  plus the dual-number rule as the course notes write it);
* ``numbers.py`` – the number systems (floats, mpmath, exact SymPy) and ``DomainError``;
* ``dual.py`` – forward mode: dual numbers a + bε (tagged, so derivatives nest);
* ``fastarith.py`` / ``fastfloat.py`` – the operators of duals and graph nodes, printed from
  the table (no rule is restated there);
* ``evaluator.py`` – THE evaluator: an expression's value at a point through a tape
  (floats or exact), used by explanations, questions and packs alike;
* ``taylor.py`` – truncated Taylor polynomials: k derivatives in one pass;
* ``graph.py`` – reverse mode: a Wengert list of nodes, one backward sweep; Jacobians;
* ``tape.py`` – a compiled expression's instruction list and its interpreter;
* ``codegen.py`` – source transformation: tangent and adjoint programs as Python text;
* ``from_sympy.py`` – the bridge: SymPy tree → tape → ``compile_expression``.

Depends on ``tutor.functions`` (the elementary-function catalogue) and ``tutor.errors``;
SymPy and mpmath are imported lazily. Pure Python, no NumPy.
"""

from __future__ import annotations

from tutor.autodiff.dual import Dual, derivative
from tutor.autodiff.from_sympy import CompiledExpression, compile_expression, to_tape
from tutor.autodiff.graph import Graph, jacobian_forward, jacobian_reverse
from tutor.autodiff.numbers import GENERIC as ops
from tutor.autodiff.numbers import DomainError, UnsupportedExpression
from tutor.autodiff.tape import Tape
from tutor.autodiff.taylor import Taylor

__all__ = [
    "Dual",
    "Taylor",
    "DomainError",
    "UnsupportedExpression",
    "CompiledExpression",
    "compile_expression",
    "to_tape",
    "Tape",
    "Graph",
    "jacobian_forward",
    "jacobian_reverse",
    "derivative",
    "ops",
]
