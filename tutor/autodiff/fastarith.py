"""The arithmetic of dual numbers and graph nodes, printed from the primitive table.

``rules.py`` holds each operation's value and local partials once. The hot
paths of forward mode (``Dual``) and reverse mode (graph ``GraphNode``) need them
as straight-line Python, without a lambda call per operation: this module
runs each row's ``value`` and ``partials`` over ``Code`` operands (as
``codegen.py`` and ``fastfloat.py`` do), which *prints* them, and assembles
one method per operator from fixed templates:

* a dual number: value from the row, tangent = Σ partialᵢ · tangentᵢ (the chain
  rule, the only rule stated here); the product rule ⟨uv, u'v + uv'⟩ is the
  ``mul`` row's partials (v, u) put into that sum;
* a graph node: value from the row, the partials stored for the backward sweep.

Every generated line is matched against a whitelist before it is compiled;
the operands are always the names ``a`` and ``c`` (and ``k``, an integer
exponent, for the inline x**2 of ``__pow__``). The slow, general paths (nested tags, exact numbers) take the row
lambdas directly: ``dual.py`` and ``graph.py`` restate no rule.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from tutor.autodiff.rules import CODE, PRIMITIVES, Code, code_literal, times_code

__all__ = ["printed", "dual_methods", "node_methods", "dual_power", "node_power"]

# Operators generated for both classes: Python method -> (row, reflected?)
OPERATORS = {
    "__add__": ("add", False), "__radd__": ("add", True),
    "__sub__": ("sub", False), "__rsub__": ("sub", True),
    "__mul__": ("mul", False), "__rmul__": ("mul", True),
    "__truediv__": ("div", False), "__rtruediv__": ("div", True),
}
# Rows whose float value raises outside the domain (a / 0): the hot path catches it and
# asks ``refuse(a, c)`` to raise the engine's DomainError.
RAISING = frozenset({"div"})

_SAFE_LINE = re.compile(
    r"^(def __\w+__\(self(, o)?\):"
    r"|( {4}| {8})(if|elif) [\w.]+ (is|is not|in) \w+( and o\.tag == self\.tag| and o >= 1)?:|    else:"
    r"|    t = o.__class__|( {4}| {8}| {12})tape.append\(n\)"
    r"|( {4}| {8}| {12})(try|except ZeroDivisionError):|( {4}| {8}| {12})return [\w ,.()*/+\-]+"
    r"|( {4}| {8}| {12})[\w.]+ = [\w ,.()*/+\-\[\]]+)$"
)


def printed(name: str, k: Any = None) -> tuple[str, list[str]]:
    """A row's value and partials as Python text over operands ``a`` (and ``c``); the value reused as ``v``."""
    row = PRIMITIVES[name]
    a, c = Code("a"), Code("c")
    value = code_literal(row.value(CODE, a, c, k))
    partials = []
    for p in row.partials(CODE, a, c, k):
        text = code_literal(p)
        partials.append("v" if text == value else text.replace(value, "v"))  # −(u/v)/v reuses u/v
    return value, partials


def _value_lines(name: str, indent: str, operands: str) -> list[str]:
    value, _ = printed(name)
    if name not in RAISING:
        return [f"{indent}v = {value}"]
    return [f"{indent}try:", f"{indent}    v = {value}", f"{indent}except ZeroDivisionError:",
            f"{indent}    return refuse({operands})"]


def _compile(lines: list[str], name: str, env: dict[str, Any]) -> Callable[..., Any]:
    for line in lines:
        if not _SAFE_LINE.match(line):
            raise ValueError(f"unexpected generated line for {name}: {line!r}")
    scope = dict(env, float=float, int=int, len=len, NotImplemented=NotImplemented, ZeroDivisionError=ZeroDivisionError,
                 __builtins__={})
    code = compile("\n".join(lines) + "\n", f"<calctutor:{name}>", "exec")  # safe-compile: assembled from fixed templates and the primitive table printed over Code values; every line matched against _SAFE_LINE
    exec(code, scope)  # safe-compile: defines that one checked function; no builtins
    return scope[name]


def _dual_method(method: str) -> list[str]:
    name, reflected = OPERATORS[method]
    _, partials = printed(name)
    pa, pc = partials
    guard = name in RAISING  # a non-float divisor (exact, nested) takes the general path
    if reflected:  # o (a float) ∘ self
        lines = [f"def {method}(self, o):", "    if o.__class__ is float:", "        a = o", "        c = self.a"]
        if guard:
            lines += ["        if c.__class__ is not float:", "            return general(o, self)"]
        lines += _value_lines(name, "        ", "a, c")
        return lines + ["        n = new(Cls)", "        n.a = v", f"        n.b = {times_code('self.b', pc)}",
                        "        n.tag = self.tag", "        return n", "    return general(o, self)"]
    lines = [f"def {method}(self, o):", "    if o.__class__ is Cls and o.tag == self.tag:", "        a = self.a",
             "        c = o.a"]
    if guard:
        lines += ["        if c.__class__ is not float:", "            return general(self, o)"]
    lines += _value_lines(name, "        ", "a, c")
    lines += ["        n = new(Cls)", "        n.a = v", f"        n.b = {times_code('self.b', pa)} + {times_code('o.b', pc)}",
              "        n.tag = self.tag", "        return n",
              "    if o.__class__ is float:", "        a = self.a", "        c = o"]
    lines += _value_lines(name, "        ", "a, c")
    return lines + ["        n = new(Cls)", "        n.a = v", f"        n.b = {times_code('self.b', pa)}",
                    "        n.tag = self.tag", "        return n", "    return general(self, o)"]


def _dual_negation() -> list[str]:
    value, (partial,) = printed("neg")
    return ["def __neg__(self):", "    a = self.a", f"    v = {value}", "    n = new(Cls)", "    n.a = v",
            f"    n.b = {times_code('self.b', partial)}", "    n.tag = self.tag", "    return n"]


def dual_methods(env: dict[str, Any]) -> dict[str, Callable[..., Any]]:
    """The arithmetic operators of ``Dual`` (eight and negation), printed from the table.

    ``env`` supplies ``Cls`` (the Dual class), ``new``, ``general(u, v)`` (takes a row name
    first: it is bound per operator here) and ``refuse(a, c)`` (raises the DomainError).
    """
    methods = {}
    for method, (name, _) in OPERATORS.items():
        general = env["general"]
        scope = dict(env, general=lambda u, v, name=name, general=general: general(name, u, v))
        methods[method] = _compile(_dual_method(method), method, scope)
    methods["__neg__"] = _compile(_dual_negation(), "__neg__", env)
    return methods


def _node_method(method: str) -> list[str]:
    name, reflected = OPERATORS[method]
    _, partials = printed(name)
    pa, pc = partials
    tail = ["    tape = self.tape", "    n.index = len(tape)", "    n.tape = tape", "    tape.append(n)", "    return n"]
    if reflected:  # o (a constant) ∘ self
        lines = [f"def {method}(self, o):", "    if o.__class__ in LIFTED:", "        return NotImplemented",
                 "    a = o", "    c = self.value"]
        lines += _value_lines(name, "    ", "a, c")
        return lines + ["    n = new(Cls)", "    n.value = v", "    n.op = NAME", "    n.a = o", "    n.b = self.index",
                        "    n.da = None", f"    n.db = {pc}"] + tail
    lines = [f"def {method}(self, o):", "    t = o.__class__", "    if t is Cls:", "        a = self.value",
             "        c = o.value"]
    lines += _value_lines(name, "        ", "a, c")
    lines += ["        n = new(Cls)", "        n.b = o.index", f"        n.db = {pc}",
              "    elif t in LIFTED:", "        return NotImplemented", "    else:", "        a = self.value", "        c = o"]
    lines += _value_lines(name, "        ", "a, c")
    lines += ["        n = new(Cls)", "        n.b = o", "        n.db = None"]
    return lines + ["    n.value = v", "    n.op = NAME", "    n.a = self.index", f"    n.da = {pa}"] + tail


def _node_negation() -> list[str]:
    value, (partial,) = printed("neg")
    return ["def __neg__(self):", "    a = self.value", f"    v = {value}", "    n = new(Cls)", "    n.value = v",
            "    n.op = NAME", "    n.a = self.index", "    n.b = None", f"    n.da = {partial}", "    n.db = None",
            "    tape = self.tape", "    n.index = len(tape)", "    n.tape = tape", "    tape.append(n)", "    return n"]


def node_methods(env: dict[str, Any]) -> dict[str, Callable[..., Any]]:
    """The arithmetic operators of a graph ``GraphNode`` (eight and negation), printed from the table.

    ``env`` supplies ``Cls`` (the GraphNode class), ``new``, ``LIFTED`` and ``refuse(a, c)``.
    """
    methods = {method: _compile(_node_method(method), method, dict(env, NAME=OPERATORS[method][0]))
               for method in OPERATORS}
    methods["__neg__"] = _compile(_node_negation(), "__neg__", dict(env, NAME="neg"))
    return methods


def _integer_power(fill: list[str]) -> list[str]:
    """``__pow__`` for an integer k ≥ 1 and a float base (the hot x**2), printed from the ``powc`` row."""
    row = PRIMITIVES["powc"]
    value = code_literal(row.value(CODE, Code("a"), None, Code("k")))
    (slope,) = (code_literal(p) for p in row.partials(CODE, Code("a"), None, Code("k")))
    return ["def __pow__(self, o):", "    if o.__class__ is int and o >= 1:", "        k = o", f"        a = self.{fill[0]}",
            "        if a.__class__ is float:", f"            v = {value}", f"            s = {slope}",
            *[f"            {line}" for line in fill[1:]], "            return n", "    return general(self, o)"]


def dual_power(env: dict[str, Any]) -> Callable[..., Any]:
    """``Dual.__pow__``: the integer power inline, anything else ``general(self, o)``."""
    fill = ["a", "n = new(Cls)", "n.a = v", "n.b = s * self.b", "n.tag = self.tag"]
    return _compile(_integer_power(fill), "__pow__", env)


def node_power(env: dict[str, Any]) -> Callable[..., Any]:
    """``GraphNode.__pow__``: the integer power inline, anything else ``general(self, o)``."""
    fill = ["value", "n = new(Cls)", "n.value = v", "n.op = NAME", "n.a = self.index", "n.b = o", "n.da = s",
            "n.db = None", "tape = self.tape", "n.index = len(tape)", "n.tape = tape", "tape.append(n)"]
    return _compile(_integer_power(fill), "__pow__", dict(env, NAME="powc"))
