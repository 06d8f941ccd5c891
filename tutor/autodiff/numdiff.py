"""Numerical differentiation against AD: where difference quotients go wrong, as data.

For h = 10⁻¹ … 10⁻¹² the forward quotient (f(x+h) − f(x))/h has truncation
error ≈ h·|f''|/2 and the symmetric one (f(x+h) − f(x−h))/(2h) ≈ h²·|f'''|/6,
both falling as h shrinks; but f(x+h) − f(x) cancels about log₁₀(1/h) digits,
so round-off ≈ ε_machine·|f|/h rises. The AD value (exact to rounding) is the
reference. ``calctutor numdiff`` renders the table and a log-log plot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from tutor.autodiff.from_sympy import CompiledExpression
from tutor.autodiff.numbers import DomainError

__all__ = ["NumdiffRow", "NumdiffTable", "STEPS", "difference_table"]

STEPS = tuple(10.0**-k for k in range(1, 13))  # the range: both error regimes show on it


@dataclass(frozen=True)
class NumdiffRow:
    h: float
    forward: float | None  # None where f(x ± h) leaves the domain
    symmetric: float | None
    forward_error: float | None
    symmetric_error: float | None


@dataclass(frozen=True)
class NumdiffTable:
    point: dict[str, float]
    wrt: str
    value: float
    exact: float  # the AD derivative
    rows: tuple[NumdiffRow, ...]

    def best(self, which: str) -> NumdiffRow | None:
        """The row with the smallest ``which`` ("forward" or "symmetric") error."""
        rows = [r for r in self.rows if getattr(r, f"{which}_error") is not None]
        return min(rows, key=lambda r: getattr(r, f"{which}_error")) if rows else None

    def to_json(self) -> dict[str, Any]:
        return {
            "point": self.point,
            "wrt": self.wrt,
            "value": self.value,
            "ad": self.exact,
            "rows": [
                {"h": r.h, "forward": r.forward, "symmetric": r.symmetric,
                 "forward_error": r.forward_error, "symmetric_error": r.symmetric_error}
                for r in self.rows
            ],
        }


def difference_table(compiled: CompiledExpression, point: Mapping[str, Any], wrt: str,
                     steps: Sequence[float] = STEPS) -> NumdiffTable:
    """Forward and symmetric quotients at ``point`` for each h, with errors against AD."""
    at = {k: float(v) for k, v in point.items()}
    value, gradient = compiled.value_and_gradient(at)  # DomainError here means a bad point
    exact = gradient[wrt]

    def f(shift: float) -> float | None:
        moved = dict(at)
        moved[wrt] = at[wrt] + shift
        try:
            return compiled.value(moved)
        except DomainError:
            return None

    rows = []
    for h in steps:
        plus, minus = f(h), f(-h)
        fwd = (plus - value) / h if plus is not None else None
        sym = (plus - minus) / (2 * h) if plus is not None and minus is not None else None
        rows.append(NumdiffRow(h, fwd, sym, abs(fwd - exact) if fwd is not None else None,
                               abs(sym - exact) if sym is not None else None))
    return NumdiffTable(at, wrt, value, exact, tuple(rows))
