"""Reverse mode: a computational graph recorded as a Wengert list, one backward sweep.

Every operation on a ``GraphNode`` computes its primal (the forward pass) and its
local partial derivatives (``rules.py``'s rows, printed into the operators by
``fastarith.py``), and appends the
node to its ``Graph`` — so the graph's list *is* a topological order, the
order of creation. ``Graph.backward(out)`` walks that list once, backwards,
adding ``adjoint(out) · ∂out/∂parent`` into each parent's adjoint:

* a node used twice gets both contributions (``x*x`` has two edges, a=b=x);
* it is a plain loop: no recursion, so a 10⁶-node graph is fine;
* adjoints live in a fresh list per call, so calling it twice cannot double them.

A node has at most two parents stored in fixed slots (no per-node dict,
list or closure), which keeps it under ~200 bytes. GraphNode values are floats
(the fast path); the tape interpreter in ``tape.py`` covers other number systems.

``jacobian_forward`` (one column per dual-number pass) and
``jacobian_reverse`` (one row per backward sweep) compute the same matrix.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Iterator, Mapping, Sequence

from tutor.autodiff.dual import Dual, tangent
from tutor.autodiff.fastarith import node_methods, node_power
from tutor.autodiff.fastfloat import lifted_function
from tutor.autodiff.numbers import FLOATS, GENERIC, LIFTED, DomainError, new_tag, powc_domain
from tutor.autodiff.rules import PRIMITIVES
from tutor.autodiff.tape import CONST, INPUT, Instr, Tape
from tutor.functions import Function

__all__ = ["Graph", "GraphNode", "Gradient", "jacobian_forward", "jacobian_reverse"]



class Graph:
    """A Wengert list: nodes in creation order."""

    __slots__ = ("nodes", "inputs")

    def __init__(self) -> None:
        self.nodes: list[GraphNode] = []
        self.inputs: list[tuple[str, GraphNode]] = []

    def __len__(self) -> int:
        return len(self.nodes)

    def variable(self, value: float, name: str | None = None) -> "GraphNode":
        """An input node (a leaf whose adjoint is a partial derivative of the output)."""
        node = _node(float(value), INPUT, None, None, None, None, self.nodes)
        self.inputs.append((name or f"x{len(self.inputs) + 1}", node))
        return node

    def variables(self, values: Sequence[float]) -> list["GraphNode"]:
        return [self.variable(v) for v in values]

    def backward(self, output: "GraphNode") -> "Gradient":
        """Every adjoint ∂output/∂node in one reverse sweep over the list."""
        if output.tape is not self.nodes:
            raise ValueError("this node was recorded on another graph")
        return _backward(self.nodes, output)

    def tangents(self, seed: Mapping["GraphNode", float]) -> list[float]:
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

    def to_tape(self, output: "GraphNode") -> Tape:
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


def _backward(nodes: list["GraphNode"], output: "GraphNode") -> "Gradient":
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


class Gradient(Mapping["GraphNode", float]):
    """Adjoints of one backward sweep, looked up by node."""

    __slots__ = ("adjoints",)

    def __init__(self, adjoints: list[float]) -> None:
        self.adjoints = adjoints

    def __getitem__(self, node: "GraphNode") -> float:
        i = node.index
        return self.adjoints[i] if i < len(self.adjoints) else 0.0

    def __iter__(self) -> Iterator["GraphNode"]:
        raise TypeError("a Gradient is looked up by node: grad[x]")

    def __len__(self) -> int:
        return len(self.adjoints)


_new = object.__new__


def _node(value: Any, op: str, a: Any, b: Any, da: Any, db: Any, tape: list["GraphNode"]) -> "GraphNode":
    """A node appended to ``tape`` (the slow, general path; hot paths below inline this)."""
    n = _new(GraphNode)
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


class GraphNode:
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
    # What each slot holds (annotations only: slots cannot have class values).
    value: Any  # the primal, a float on the fast path
    op: str
    a: Any  # parent index, or a constant operand when ``da`` is None
    b: Any
    da: Any  # ∂node/∂a, None when a is a constant
    db: Any
    index: int  # position in ``tape``
    tape: list["GraphNode"]
    tag = -1  # to dual numbers a node is a number (forward-over-reverse works)

    @property
    def primal(self) -> Any:
        return self.value

    def __repr__(self) -> str:
        return f"GraphNode(v{self.index} = {self.op}, value={self.value!r})"

    def backward(self) -> "Gradient":
        return _backward(self.tape, self)

    # -- arithmetic: + − × ÷ and negation are generated from rules.py (fastarith.py) below
    # the class: value and local partials side by side, each node built inline.
    def _general_power(self, o: Any) -> Any:
        """u^k and u^v; ``__pow__`` (generated below the class) handles x**2 of floats inline first."""
        if type(o) is GraphNode:
            return _power(self, o)
        x = self.value
        if type(o) in LIFTED:
            return NotImplemented
        k = Fraction(o)  # any other constant exponent: the power rule, real roots
        if not (powc_domain(x, k) and powc_domain(x, k - 1)):
            raise DomainError(f"power ^({k})", x, "a base where u^k and k·u^(k−1) are real")
        ns = FLOATS if type(x) is float else GENERIC
        (slope,) = _POWC.partials(ns, x, None, k)
        return _node(_POWC.value(ns, x, None, k), "powc", self.index, k, float(slope), None, self.tape)

    def __rpow__(self, o: Any) -> Any:
        if type(o) in LIFTED:
            return NotImplemented
        return _power(o, self)

    def _elementary(self, row: Function) -> "GraphNode":
        """f(node) off the float path (exact numbers): the generated per-row functions (``_lift``)
        record float nodes inline and call this only for other values."""
        x = self.value
        return _node(getattr(GENERIC, row.name)(x), row.name, self.index, None, row.derivative(x, GENERIC), None, self.tape)


def _lift(row: Function) -> Callable[[GraphNode], GraphNode]:
    """One recorded elementary function, generated whole per row (the reverse-mode hot path)."""
    general = GraphNode._elementary

    def refuse(x: Any) -> Any:
        raise DomainError(row.name, x, row.domain_text)

    return lifted_function(row.name, "node", {"new": _new, "Cls": GraphNode, "refuse": refuse, "NAME": row.name,
                                               "general": lambda u: general(u, row)})


LIFTED[GraphNode] = _lift


def _power(u: Any, v: Any) -> GraphNode:
    """u^v with a variable exponent (u > 0); either side may be a constant number."""
    a = u.value if type(u) is GraphNode else u
    b = v.value if type(v) is GraphNode else v
    if not a > 0:
        raise DomainError("power u^v with a variable exponent", a, "u > 0")
    da, db = _POW.partials(FLOATS, a, b, None)
    a_ref = u.index if type(u) is GraphNode else u
    b_ref = v.index if type(v) is GraphNode else v
    return _node(_POW.value(FLOATS, a, b, None), "pow", a_ref, b_ref, da if type(u) is GraphNode else None,
                 db if type(v) is GraphNode else None, (u if type(u) is GraphNode else v).tape)


def _refuse(a: Any, c: Any) -> Any:
    return GENERIC.div(a, c)  # raises the engine's DomainError for a divisor 0


for _method, _function in node_methods({"Cls": GraphNode, "new": _new, "LIFTED": LIFTED, "refuse": _refuse}).items():
    setattr(GraphNode, _method, _function)
setattr(GraphNode, "__pow__", node_power({"Cls": GraphNode, "new": _new, "general": GraphNode._general_power}))
_POWC, _POW = PRIMITIVES["powc"], PRIMITIVES["pow"]


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
        if type(y) is not GraphNode:  # an output that does not depend on the inputs
            rows.append([0.0] * len(inputs))
            continue
        grad = graph.backward(y)
        rows.append([grad[v] for v in inputs])
    return rows
