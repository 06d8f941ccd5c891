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
from tutor.autodiff.numbers import FLOATS, GENERIC, LIFTED, DomainError, new_tag, powc_domain
from tutor.autodiff.tape import CONST, INPUT, Instr, Tape
from tutor.functions import Function

__all__ = ["Graph", "Node", "Gradient", "jacobian_forward", "jacobian_reverse"]


class Graph:
    """A Wengert list: nodes in creation order."""

    __slots__ = ("nodes", "_constants", "inputs")

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self._constants: dict[Any, Node] = {}
        self.inputs: list[tuple[str, Node]] = []

    def __len__(self) -> int:
        return len(self.nodes)

    def variable(self, value: float, name: str | None = None) -> "Node":
        """An input node (a leaf whose adjoint is a partial derivative of the output)."""
        node = Node(float(value), INPUT, None, None, None, None, self)
        self.inputs.append((name or f"x{len(self.inputs) + 1}", node))
        return node

    def variables(self, values: Sequence[float]) -> list["Node"]:
        return [self.variable(v) for v in values]

    def constant(self, value: Any) -> "Node":
        """A constant leaf, shared per value (its adjoint is never read)."""
        key = (type(value), value)
        node = self._constants.get(key)
        if node is None:
            node = self._constants[key] = Node(value, CONST, None, None, None, None, self)
        return node

    def backward(self, output: "Node") -> "Gradient":
        """Every adjoint ∂output/∂node in one reverse sweep over the list."""
        nodes = self.nodes
        n = output.index
        adjoints = [0.0] * (n + 1)
        adjoints[n] = 1.0
        for i in range(n, -1, -1):
            g = adjoints[i]
            if g == 0.0:
                continue  # nothing flows back through this node
            node = nodes[i]
            a = node.a
            if a is not None:
                adjoints[a.index] += g * node.da
                db = node.db
                if db is not None:
                    adjoints[node.b.index] += g * db
        return Gradient(adjoints)

    def to_tape(self, output: "Node") -> Tape:
        """The recorded list as a ``Tape`` (inputs first, dead nodes dropped) for ``codegen``."""
        nodes = self.nodes[: output.index + 1]
        live = [False] * len(nodes)
        live[output.index] = True
        for i in range(len(nodes) - 1, -1, -1):  # mark what the output reads, iteratively
            if live[i]:
                for parent in (nodes[i].a, nodes[i].b):
                    if parent is not None:
                        live[parent.index] = True
        index: dict[int, int] = {}
        instrs: list[Instr] = []
        names = []
        for position, (name, node) in enumerate(self.inputs):
            index[node.index] = len(instrs)
            instrs.append(Instr(INPUT, (), position))
            names.append(name)
        for i, node in enumerate(nodes):
            if not live[i] or node.op == INPUT:
                continue
            index[i] = len(instrs)
            if node.op == CONST:
                value = node.value
                instrs.append(Instr(CONST, (), Fraction(value) if isinstance(value, int) else value))
            elif node.op == "powc":
                instrs.append(Instr("powc", (index[node.a.index],), Fraction(node.b.value)))
            else:
                args = tuple(index[p.index] for p in (node.a, node.b) if p is not None)
                instrs.append(Instr(node.op, args))
        return Tape(tuple(names), tuple(instrs), (index[output.index],))


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


def _const(graph: Graph, x: Any) -> "Node":
    return x if type(x) is Node else graph.constant(x)


class Node:
    """One recorded operation: primal value, ≤ 2 parents and their local partials."""

    __slots__ = ("value", "op", "a", "b", "da", "db", "index", "graph")
    tag = -1  # to dual numbers a node is a number (forward-over-reverse works)

    def __init__(self, value: Any, op: str, a: Any, b: Any, da: Any, db: Any, graph: Graph) -> None:
        self.value = value
        self.op = op
        self.a = a
        self.b = b
        self.da = da
        self.db = db
        nodes = graph.nodes
        self.index = len(nodes)
        self.graph = graph
        nodes.append(self)

    @property
    def primal(self) -> Any:
        return self.value

    def __repr__(self) -> str:
        return f"Node(v{self.index} = {self.op}, value={self.value!r})"

    def backward(self) -> Gradient:
        return self.graph.backward(self)

    # -- arithmetic: value and local partials side by side (rules.py formulas) ------
    def __add__(self, o: Any) -> Any:
        if type(o) is not Node:
            if type(o) in LIFTED:
                return NotImplemented
            o = self.graph.constant(o)
        return Node(self.value + o.value, "add", self, o, 1.0, 1.0, self.graph)

    def __radd__(self, o: Any) -> Any:
        return _const(self.graph, o).__add__(self)

    def __sub__(self, o: Any) -> Any:
        if type(o) is not Node:
            if type(o) in LIFTED:
                return NotImplemented
            o = self.graph.constant(o)
        return Node(self.value - o.value, "sub", self, o, 1.0, -1.0, self.graph)

    def __rsub__(self, o: Any) -> Any:
        return _const(self.graph, o).__sub__(self)

    def __neg__(self) -> "Node":
        return Node(-self.value, "neg", self, None, -1.0, None, self.graph)

    def __mul__(self, o: Any) -> Any:
        if type(o) is not Node:
            if type(o) in LIFTED:
                return NotImplemented
            o = self.graph.constant(o)
        return Node(self.value * o.value, "mul", self, o, o.value, self.value, self.graph)

    def __rmul__(self, o: Any) -> Any:
        return _const(self.graph, o).__mul__(self)

    def __truediv__(self, o: Any) -> Any:
        if type(o) is not Node:
            if type(o) in LIFTED:
                return NotImplemented
            o = self.graph.constant(o)
        v = o.value
        if v == 0:
            raise DomainError("division", v, "a divisor v ≠ 0")
        out = self.value / v
        return Node(out, "div", self, o, 1.0 / v, -out / v, self.graph)

    def __rtruediv__(self, o: Any) -> Any:
        return _const(self.graph, o).__truediv__(self)

    def __pow__(self, o: Any) -> Any:
        if type(o) is Node:
            return _power(self, o)
        if type(o) in LIFTED:
            return NotImplemented
        k = Fraction(o)  # a constant exponent: the power rule
        x = self.value
        if not (powc_domain(x, k) and powc_domain(x, k - 1)):
            raise DomainError(f"power ^({k})", x, "a base where u^k and k·u^(k−1) are real")
        value = FLOATS.powc(x, k) if type(x) is float else GENERIC.powc(x, k)
        slope = float(k) * (FLOATS.powc(x, k - 1) if type(x) is float else GENERIC.powc(x, k - 1))
        return Node(value, "powc", self, self.graph.constant(o), slope, None, self.graph)

    def __rpow__(self, o: Any) -> Any:
        return _power(_const(self.graph, o), self)

    def _elementary(self, row: Function) -> "Node":
        x = self.value
        if type(x) is float:
            if not row.domain(x):
                raise DomainError(row.name, x, row.domain_text)
            ns = FLOATS
        else:
            ns = GENERIC
        return Node(getattr(ns, row.name)(x), row.name, self, None, row.derivative(x, ns), None, self.graph)


LIFTED[Node] = None


def _power(u: Node, v: Node) -> Node:
    a, b = u.value, v.value
    if not a > 0:
        raise DomainError("power u^v with a variable exponent", a, "u > 0")
    value = math.pow(a, b)
    db = value * math.log(a) if v.op != CONST else None
    return Node(value, "pow", u, v, b * math.pow(a, b - 1), db, u.graph)


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
    outputs = [_const(graph, y) for y in f(inputs)]
    rows = []
    for y in outputs:
        grad = graph.backward(y)
        rows.append([grad[v] for v in inputs])
    return rows
