"""F's derivative over the reals, in real notation (no ``re``, ``im``, ``atan2``).

SymPy differentiates |u| as if u could be complex unless it can prove u real:
d/dx |√x − 1| comes out with ``atan2(0, x)``, ``re`` and ``im``. In this
course every variable is real and a derivative is taken where F is defined,
so |u|′ = sign(u)·u′ and sign(u)′ = 0 (where u ≠ 0). ``real_derivative``
differentiates with those two rules and SymPy's for everything else.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

__all__ = ["real_derivative"]


@lru_cache(maxsize=1)
def _real_functions() -> tuple[Any, Any]:
    """Stand-ins for Abs and sign with the real derivative rules (built once, lazily)."""
    import sympy

    class RealAbs(sympy.Function):
        """|u| for real u: (|u|)′ = sign(u)."""

        nargs = 1

        def fdiff(self, argindex: int = 1) -> Any:
            return sympy.sign(self.args[0])

    class RealSign(sympy.Function):
        """sign(u) for real u ≠ 0: its derivative is 0."""

        nargs = 1

        def fdiff(self, argindex: int = 1) -> Any:
            return sympy.S.Zero

    return RealAbs, RealSign


def real_derivative(f: Any, wrt: Sequence[Any]) -> Any:
    """∂ⁿf/∂wrt… (successive, in order) with |u|′ = sign(u)·u′ and sign(u)′ = 0."""
    import sympy

    real_abs, real_sign = _real_functions()
    derivative = f
    for variable in wrt:  # one at a time: each derivative brings new sign(u) to stand in for
        if not derivative.has(sympy.Abs, sympy.sign):
            derivative = sympy.diff(derivative, variable)
            continue
        standing_in = derivative.replace(sympy.Abs, real_abs).replace(sympy.sign, real_sign)
        derivative = sympy.diff(standing_in, variable).replace(real_abs, sympy.Abs).replace(real_sign, sympy.sign)
    return derivative
