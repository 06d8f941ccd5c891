"""The hot path of forward and reverse mode over floats: value and slope of f(u) in one call.

For every elementary function of ``tutor/functions.py`` this module prints
``value, slope = f(u), f'(u)`` from the catalogue's own ``derivative(u, m)``
(run over ``Code`` values, exactly as ``codegen.py`` does) and compiles it
once at import: ``exp`` becomes ``v = exp(u); return v, v``. It saves the
namespace lookups and lambda frames of the generic path — about a quarter of
the cost of a dual or graph operation on an elementary function.

``lifted_function`` goes one step further for dual numbers and graph nodes:
the whole f⟨u,u'⟩ (domain check, value, slope, result object) as one
generated function per row.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from tutor.autodiff.numbers import FAST_FLOAT, FLOATS, _float_powpq, _strict_sign
from tutor.autodiff.rules import CODE, Code, code_literal
from tutor.functions import FUNCTIONS

__all__ = ["VALUE_AND_SLOPE", "HOT", "RAISES_OUTSIDE_DOMAIN"]

_LINE = re.compile(r"^(def \w+\(u\):|    v = \w+\(u\)|    return v, [\w ,.()*/+\-]+)$")


def _source(name: str, derivative: Callable[[Any, Any], Any]) -> str:
    slope = code_literal(derivative(Code("u"), CODE))
    slope = re.sub(r"(?<![\w.])" + re.escape(f"{name}(u)"), "v", slope)  # reuse the value: exp' = exp
    return f"def {name}_vs(u):\n    v = {name}(u)\n    return v, {slope}\n"


def _build() -> dict[str, Callable[[float], tuple[float, float]]]:
    env: dict[str, Any] = {f.name: getattr(FLOATS, f.name) for f in FUNCTIONS}
    env.update(sign=_strict_sign, powpq=_float_powpq, pow=FLOATS.pow, __builtins__={})
    table = {}
    for f in FUNCTIONS:
        source = _source(f.name, f.derivative)
        if not all(_LINE.match(line) for line in source.splitlines()):
            raise ValueError(f"unexpected generated line for {f.name}: {source!r}")
        code = compile(source, f"<calctutor:{f.name}_vs>", "exec")  # safe-compile: printed from the function catalogue over Code values and numeric literals, each line checked against _LINE
        exec(code, env)  # safe-compile: defines one function from that checked source; no builtins
        table[f.name] = env[f"{f.name}_vs"]
    return table


VALUE_AND_SLOPE = _build()
"""name -> (u -> (f(u), f'(u))) over floats, generated from the catalogue."""

# Functions whose generated value-and-slope *raises* (ValueError or ZeroDivisionError)
# everywhere outside their domain, so the hot path may skip the domain check and
# translate the exception: log(0), sqrt(-1) and 1/(2·sqrt(0)), asin(2) and
# 1/sqrt(1 − 1), acot's atan(1/0), |u|'s strict sign(0). The trig functions are
# not here: tan(π/2) in floats is a huge number, not an error.
RAISES_OUTSIDE_DOMAIN = frozenset({"log", "sqrt", "asin", "acos", "asec", "acsc", "acot", "abs"})

HOT: dict[str, tuple[Callable[[float], tuple[float, float]], Callable[[float], bool] | None]] = {
    name: (VALUE_AND_SLOPE[name], None if name in RAISES_OUTSIDE_DOMAIN else FAST_FLOAT[name][2])
    for name in VALUE_AND_SLOPE
}
"""name -> (value-and-slope, domain check or None): one lookup on the hot path."""


# ---------------------------------------------------------------- lifted functions
#
# The dual-number and graph-node versions of each function, generated whole: one
# Python frame per f(u) instead of a dispatcher, a closure and a value-and-slope
# call. Templates differ only in how the result object is filled in.

_TEMPLATES = {
    "dual": ("a = u.a", ["n = new(Cls)", "n.a = v", "n.b = u.b * s", "n.tag = u.tag"]),
    "node": ("a = u.value", ["n = new(Cls)", "tape = u.tape", "n.value = v", "n.op = NAME", "n.a = u.index",
                             "n.b = None", "n.da = s", "n.db = None", "n.index = len(tape)", "n.tape = tape",
                             "tape.append(n)"]),
}
_LIFTED_LINE = re.compile(
    r"^(def \w+\(u\):"
    r"|    if a.__class__ is not float:|        return general\(u\)"
    r"|    if not domain\(a\):|        return refuse\(a\)"
    r"|    try:|    except \(ValueError, ZeroDivisionError\):"
    r"|( {4}| {8})[\w.]+ = [\w ,.()*/+\-]+|    tape.append\(n\)|    return n)$"
)


def lifted_function(name: str, kind: str, env: dict[str, Any]) -> Callable[[Any], Any]:
    """f(u) for a dual number (``kind="dual"``) or a graph node (``"node"``), compiled from the table.

    ``env`` supplies ``new``, ``Cls``, ``general`` (the slow path for non-float
    parts), ``refuse`` (raises the DomainError) and, for nodes, ``NAME``.
    """
    row = next(f for f in FUNCTIONS if f.name == name)
    slope = code_literal(row.derivative(Code("a"), CODE))
    slope = re.sub(r"(?<![\w.])" + re.escape(f"{name}(a)"), "v", slope)
    load, fill = _TEMPLATES[kind]
    lines = [f"def {name}_{kind}(u):", f"    {load}", "    if a.__class__ is not float:", "        return general(u)"]
    if name in RAISES_OUTSIDE_DOMAIN:
        lines += ["    try:", f"        v = {name}(a)", f"        s = {slope}",
                  "    except (ValueError, ZeroDivisionError):", "        return refuse(a)"]
    else:
        if FAST_FLOAT[name][2] is not None:
            lines += ["    if not domain(a):", "        return refuse(a)"]
        lines += [f"    v = {name}(a)", f"    s = {slope}"]
    lines += [f"    {line}" for line in fill] + ["    return n"]
    for line in lines:
        if not _LIFTED_LINE.match(line):
            raise ValueError(f"unexpected generated line for {name}: {line!r}")
    scope: dict[str, Any] = {f.name: getattr(FLOATS, f.name) for f in FUNCTIONS}
    scope.update(sign=_strict_sign, powpq=_float_powpq, pow=FLOATS.pow, len=len, float=float,
                 ValueError=ValueError, ZeroDivisionError=ZeroDivisionError,
                 domain=FAST_FLOAT[name][2])
    scope.update(env, __builtins__={})
    code = compile("\n".join(lines) + "\n", f"<calctutor:{name}_{kind}>", "exec")  # safe-compile: assembled from fixed templates, the catalogue printed over Code values and numeric literals; every line matched against _LIFTED_LINE
    exec(code, scope)  # safe-compile: defines that one checked function; no builtins
    return scope[f"{name}_{kind}"]
