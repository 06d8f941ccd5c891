"""Reverse mode: a computational graph recorded as a Wengert list, one backward sweep.

Every operation on a ``Node`` computes its primal (the forward pass) and its
local partial derivatives (from ``rules.py``'s formulas), and appends the
node to its ``Graph`` — so the graph's list *is* a topological order, the
order of creation. ``Graph.backward(out)`` walks that list once, backwards,
adding ``adjoint(out) · ∂out/∂parent`` into each parent's adjoint:

* a node used twice gets both contributions (``x*x`` has two edges, a=b=x);
* it is a plain loop: no recursion, so a 10⁶-node graph is fine;
* adjoints live in a fresh list per call, so calling it twice cannot double them.

A node has at most two parents stored in fixed slots (no per-node dict,
list or closure), which keeps it under ~200 bytes. Node values are floats
(the fast path); the tape interpreter in ``tape.py`` covers other number systems.

``jacobian_forward`` (one column per dual-number pass) and
``jacobian_reverse`` (one row per backward sweep) compute the same matrix.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Callable, Iterator, Mapping, Sequence

from tutor.autodiff.dual import Dual, tangent
from tutor.autodiff.fastfloat import HOT, lifted_function
from tutor.autodiff.numbers import FLOATS, GENERIC, LIFTED, DomainError, new_tag, powc_domain
from tutor.autodiff.tape import CONST, INPUT, Instr, Tape
from tutor.functions import Function

__all__ = ["Graph", "Node", "Gradient", "jacobian_forward", "jacobian_reverse"]



class Graph:
    """A Wengert list: nodes in creation order."""

    __slots__ = ("nodes", "inputs")

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.inputs: list[tuple[str, Node]] = []

    def __len__(self) -> int:
        return len(self.nodes)

    def variable(self, value: float, name: str | None = None) -> "Node":
        """An input node (a leaf whose adjoint is a partial derivative of the output)."""
        node = _node(float(value), INPUT, None, None, None, None, self.nodes)
        self.inputs.append((name or f"x{len(self.inputs) + 1}", node))
        return node

    def variables(self, values: Sequence[float]) -> list["Node"]:
        return [self.variable(v) for v in values]

    def backward(self, output: "Node") -> "Gradient":
        """Every adjoint ∂output/∂node in one reverse sweep over the list."""
        if output.tape is not self.nodes:
            raise ValueError("this node was recorded on another graph")
        return _backward(self.nodes, output)

    def tangents(self, seed: Mapping["Node", float]) -> list[float]:
        """Forward mode over the recorded list: every v̇ᵢ for one seed direction (one sweep).

        Once a graph is recorded, each further Jacobian column costs one loop
        over the stored partials — no new nodes.
        """
        nodes = self.nodes
        dots = [0.0] * len(nodes)
        for node, s in seed.items():
            dots[node.index] = s
        for i, node in enumerate(nodes):
            da = node.da
            db = node.db
            if da is not None:
                dots[i] = da * dots[node.a] if db is None else da * dots[node.a] + db * dots[node.b]
            elif db is not None:
                dots[i] = db * dots[node.b]
        return dots

    def to_tape(self, output: "Node") -> Tape:
        """The recorded list as a ``Tape`` (inputs first, dead nodes dropped) for ``codegen``."""
        nodes = self.nodes[: output.index + 1]
        live = [False] * len(nodes)
        live[output.index] = True
        for i in range(len(nodes) - 1, -1, -1):  # mark what the output reads, iteratively
            if live[i]:
                node = nodes[i]
                if node.da is not None:
                    live[node.a] = True
                if node.db is not None:
                    live[node.b] = True
        index: dict[int, int] = {}
        instrs: list[Instr] = []
        constants: dict[Any, int] = {}
        names = []
        for position, (name, node) in enumerate(self.inputs):
            index[node.index] = len(instrs)
            instrs.append(Instr(INPUT, (), position))
            names.append(name)

        def operand(x: Any, partial: Any) -> int:
            if partial is not None:  # a node's index
                return index[x]
            c = Fraction(x) if isinstance(x, int) else float(x)
            if c not in constants:
                constants[c] = len(instrs)
                instrs.append(Instr(CONST, (), c))
            return constants[c]

        for i, node in enumerate(nodes):
            if not live[i] or node.op == INPUT:
                continue
            if node.op == "powc":
                args: tuple[int, ...] = (operand(node.a, node.da),)
                param: Any = Fraction(node.b)
            else:
                args = tuple(operand(p, d) for p, d in ((node.a, node.da), (node.b, node.db)) if p is not None)
                param = None
            index[i] = len(instrs)
            instrs.append(Instr(node.op, args, param))
        return Tape(tuple(names), tuple(instrs), (index[output.index],))


def _backward(nodes: list["Node"], output: "Node") -> "Gradient":
    """One reverse sweep over the Wengert list, newest node first (a loop, never recursion)."""
    n = output.index
    adjoints = [0.0] * (n + 1)
    adjoints[n] = 1.0
    for i in range(n, -1, -1):
        g = adjoints[i]
        if g == 0.0:
            continue  # nothing flows back through this node
        node = nodes[i]
        da = node.da
        if da is not None:
            adjoints[node.a] += g * da
        db = node.db
        if db is not None:
            adjoints[node.b] += g * db
    return Gradient(adjoints)


class Gradient(Mapping["Node", float]):
    """Adjoints of one backward sweep, looked up by node."""

    __slots__ = ("adjoints",)

    def __init__(self, adjoints: list[float]) -> None:
        self.adjoints = adjoints

    def __getitem__(self, node: "Node") -> float:
        i = node.index
        return self.adjoints[i] if i < len(self.adjoints) else 0.0

    def __iter__(self) -> Iterator["Node"]:
        raise TypeError("a Gradient is looked up by node: grad[x]")

    def __len__(self) -> int:
        return len(self.adjoints)


_new = object.__new__


def _node(value: Any, op: str, a: Any, b: Any, da: Any, db: Any, tape: list["Node"]) -> "Node":
    """A node appended to ``tape`` (the slow, general path; hot paths below inline this)."""
    n = _new(Node)
    n.value = value
    n.op = op
    n.a = a
    n.b = b
    n.da = da
    n.db = db
    n.index = len(tape)
    n.tape = tape
    tape.append(n)
    return n


class Node:
    """One recorded operation: primal value, ≤ 2 parents and their local partials.

    ``a``/``b`` hold the parents' *indices* in the list when the partial
    ``da``/``db`` is set (the backward sweep indexes the adjoint list with
    them directly), or a constant operand as a plain number when the partial
    is None: constants are not nodes, which saves time and memory, and
    ``to_tape`` turns them back into constant instructions.
    The arithmetic methods build nodes inline (no ``__init__`` frame): node
    creation *is* the cost of reverse mode, and a call is a quarter of it.
    """

    __slots__ = ("value", "op", "a", "b", "da", "db", "index", "tape")
    tag = -1  # to dual numbers a node is a number (forward-over-reverse works)

    @property
    def primal(self) -> Any:
        return self.value

    def __repr__(self) -> str:
        return f"Node(v{self.index} = {self.op}, value={self.value!r})"

    def backward(self) -> "Gradient":
        return _backward(self.tape, self)

    # -- arithmetic: value and local partials side by side (rules.py formulas) ------
    def __add__(self, o: Any) -> Any:
        t = o.__class__
        if t is Node:
            n = _new(Node)
            n.value = self.value + o.value
            n.b = o.index
            n.db = 1.0
        elif t in LIFTED:
            return NotImplemented
        else:
            n = _new(Node)
            n.value = self.value + o
            n.b = o
            n.db = None
        tape = self.tape
        n.op = "add"
        n.a = self.index
        n.da = 1.0
        n.index = len(tape)
        n.tape = tape
        tape.append(n)
        return n

    def __radd__(self, o: Any) -> Any:
        if o.__class__ in LIFTED:
            return NotImplemented
        n = _new(Node)
        tape = self.tape
        n.value = o + self.value
        n.op = "add"
        n.a = o
        n.b = self.index
        n.da = None
        n.db = 1.0
        n.index = len(tape)
        n.tape = tape
        tape.append(n)
        return n

    def __sub__(self, o: Any) -> Any:
        t = o.__class__
        if t is Node:
            n = _new(Node)
            n.value = self.value - o.value
            n.b = o.index
            n.db = -1.0
        elif t in LIFTED:
            return NotImplemented
        else:
            n = _new(Node)
            n.value = self.value - o
            n.b = o
            n.db = None
        tape = self.tape
        n.op = "sub"
        n.a = self.index
        n.da = 1.0
        n.index = len(tape)
        n.tape = tape
        tape.append(n)
        return n

    def __rsub__(self, o: Any) -> Any:
        if o.__class__ in LIFTED:
            return NotImplemented
        return _node(o - self.value, "sub", o, self.index, None, -1.0, self.tape)

    def __neg__(self) -> "Node":
        return _node(-self.value, "neg", self.index, None, -1.0, None, self.tape)

    def __mul__(self, o: Any) -> Any:
        t = o.__class__
        if t is Node:
            n = _new(Node)
            v = o.value
            n.value = self.value * v
            n.b = o.index
            n.da = v
            n.db = self.value
        elif t in LIFTED:
            return NotImplemented
        else:
            n = _new(Node)
            n.value = self.value * o
            n.b = o
            n.da = o
            n.db = None
        tape = self.tape
        n.op = "mul"
        n.a = self.index
        n.index = len(tape)
        n.tape = tape
        tape.append(n)
        return n

    def __rmul__(self, o: Any) -> Any:
        if o.__class__ in LIFTED:
            return NotImplemented
        n = _new(Node)
        tape = self.tape
        n.value = o * self.value
        n.op = "mul"
        n.a = o
        n.b = self.index
        n.da = None
        n.db = o
        n.index = len(tape)
        n.tape = tape
        tape.append(n)
        return n

    def __truediv__(self, o: Any) -> Any:
        if type(o) is Node:
            v = o.value
            if v == 0:
                raise DomainError("division", v, "a divisor v ≠ 0")
            out = self.value / v
            return _node(out, "div", self.index, o.index, 1.0 / v, -out / v, self.tape)
        if type(o) in LIFTED:
            return NotImplemented
        if o == 0:
            raise DomainError("division", o, "a divisor v ≠ 0")
        return _node(self.value / o, "div", self.index, o, 1.0 / o, None, self.tape)

    def __rtruediv__(self, o: Any) -> Any:
        if type(o) in LIFTED:
            return NotImplemented
        v = self.value
        if v == 0:
            raise DomainError("division", v, "a divisor v ≠ 0")
        out = o / v
        return _node(out, "div", o, self.index, None, -out / v, self.tape)

    def __pow__(self, o: Any) -> Any:
        if type(o) is Node:
            return _power(self, o)
        x = self.value
        if type(o) is int and o >= 1 and type(x) is float:  # the common x**2: no Fractions
            p = x if o == 2 else x ** (o - 1)  # u^(k−1), shared by value and slope
            return _node(p * x, "powc", self.index, o, o * p, None, self.tape)
        if type(o) in LIFTED:
            return NotImplemented
        k = Fraction(o)  # any other constant exponent: the power rule, real roots
        if not (powc_domain(x, k) and powc_domain(x, k - 1)):
            raise DomainError(f"power ^({k})", x, "a base where u^k and k·u^(k−1) are real")
        ns = FLOATS if type(x) is float else GENERIC
        return _node(ns.powc(x, k), "powc", self.index, k, float(k) * ns.powc(x, k - 1), None, self.tape)

    def __rpow__(self, o: Any) -> Any:
        if type(o) in LIFTED:
            return NotImplemented
        return _power(o, self)

    def _elementary(self, row: Function) -> "Node":
        x = self.value
        if type(x) is float:
            name = row.name
            value_and_slope, domain = HOT[name]
            if domain is not None and not domain(x):
                raise DomainError(name, x, row.domain_text)
            n = _new(Node)
            tape = self.tape
            try:
                n.value, n.da = value_and_slope(x)
            except (ValueError, ZeroDivisionError):  # see fastfloat.RAISES_OUTSIDE_DOMAIN
                raise DomainError(name, x, row.domain_text) from None
            n.op = name
            n.a = self.index
            n.b = None
            n.db = None
            n.index = len(tape)
            n.tape = tape
            tape.append(n)
            return n
        return _node(getattr(GENERIC, row.name)(x), row.name, self.index, None, row.derivative(x, GENERIC), None, self.tape)


def _lift(row: Function) -> Callable[[Node], Node]:
    """One recorded elementary function, generated whole per row (the reverse-mode hot path)."""
    general = Node._elementary

    def refuse(x: Any) -> Any:
        raise DomainError(row.name, x, row.domain_text)

    return lifted_function(row.name, "node", {"new": _new, "Cls": Node, "refuse": refuse, "NAME": row.name,
                                               "general": lambda u: general(u, row)})


LIFTED[Node] = _lift


def _power(u: Any, v: Any) -> Node:
    """u^v with a variable exponent (u > 0); either side may be a constant number."""
    a = u.value if type(u) is Node else u
    b = v.value if type(v) is Node else v
    if not a > 0:
        raise DomainError("power u^v with a variable exponent", a, "u > 0")
    value = math.pow(a, b)
    da = b * math.pow(a, b - 1) if type(u) is Node else None
    db = value * math.log(a) if type(v) is Node else None
    a_ref = u.index if type(u) is Node else u
    b_ref = v.index if type(v) is Node else v
    return _node(value, "pow", a_ref, b_ref, da, db, (u if type(u) is Node else v).tape)


# ---------------------------------------------------------------- Jacobians


def jacobian_forward(f: Callable[[list[Any]], Sequence[Any]], x: Sequence[float]) -> list[list[Any]]:
    """J[i][j] = ∂f_i/∂x_j, one forward (dual-number) pass per column j."""
    n = len(x)
    columns = []
    for j in range(n):
        tag = new_tag()
        outputs = f([Dual(xk, 1.0 if k == j else 0.0, tag) for k, xk in enumerate(x)])
        columns.append([tangent(y, tag) for y in outputs])
    return [[columns[j][i] for j in range(n)] for i in range(len(columns[0]) if columns else 0)]


def jacobian_reverse(f: Callable[[list[Any]], Sequence[Any]], x: Sequence[float]) -> list[list[float]]:
    """J[i][j] = ∂f_i/∂x_j: record f once, then one backward sweep per row i."""
    graph = Graph()
    inputs = graph.variables(x)
    rows = []
    for y in f(inputs):
        if type(y) is not Node:  # an output that does not depend on the inputs
            rows.append([0.0] * len(inputs))
            continue
        grad = graph.backward(y)
        rows.append([grad[v] for v in inputs])
    return rows
