"""What ``calctutor validate`` proves about an instance, as helpers the kinds' ``prove`` hooks share.

A proof recomputes the expected answer with an independent engine (the AD tape of
``tutor.autodiff``) and checks that values are finite real numbers. A failure raises
``FieldError`` naming the field to fix; validate turns it into a problem at that field's
file:line:col.
"""

from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

from tutor.packs.tasks import FieldError

__all__ = ["AD_POINTS", "AD_DRAWS", "REL_TOL", "finite", "close", "ad_value", "ad_gradient", "dual_parts_of"]

AD_POINTS = 3  # sample points per derivative instance for the AD proof
AD_DRAWS = 5  # draws proved by the AD engine (each costs a compile, ~5 ms); all 20 are checked for definedness
REL_TOL = 1e-7  # SymPy vs AD in floating point: both exact up to rounding of a few operations


def finite(value: Any, field: str = "of") -> None:
    """Raise unless ``value`` is a finite real number (or still has free symbols)."""
    import sympy

    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise FieldError(field, "the answer is undefined (a division by zero?)", "change the parameters or the point")
    if value.free_symbols:
        return
    number = complex(value.evalf())
    if not math.isfinite(number.real) or abs(number.imag) > 1e-12:  # 1e-12: evalf noise on a real number
        raise FieldError(field, f"the value {value} is not a finite real number (outside the domain?)",
                         "choose a point inside the domain")


def close(a: float, b: float) -> bool:
    return abs(a - b) <= REL_TOL * max(1.0, abs(a), abs(b))


def ad_value(expr: Any, point: Mapping[str, Any], wrt: Sequence[str] = ()) -> float:
    """The value (or the derivative by ``wrt``) of ``expr`` at ``point``, through the AD tape."""
    from tutor.autodiff import compile_expression

    names = sorted({s.name for s in expr.free_symbols} | set(point) | set(wrt))
    tape = compile_expression(expr, names)
    floats = {k: float(point.get(k, 0)) for k in names}
    return float(tape.derivative(floats, list(wrt)) if wrt else tape.value(floats))


def ad_gradient(expr: Any, point: Mapping[str, Any]) -> dict[str, float]:
    """Reverse mode: every input's adjoint in one backward pass."""
    from tutor.autodiff import compile_expression

    names = list(point)
    tape = compile_expression(expr, names)
    gradient = tape.gradient({k: float(v) for k, v in point.items()})
    return {k: float(gradient.get(k, 0.0)) for k in names}


def dual_parts_of(task: Any) -> tuple[Any, Any]:
    """(a, b) of a dual-number task's expected answer, whether written a + bε or as a matrix."""
    if task.form == "matrix":
        return task.expected[0][0], task.expected[0][1]
    return task.expected
