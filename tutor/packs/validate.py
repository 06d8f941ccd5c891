"""Everything ``calctutor validate`` proves about a pack, as a list of ``Problem``s.

For every exercise, every template is drawn ``draws`` times (20 by default)
and every instance must be well defined: its math parses, the function is
defined somewhere (sample points exist), the answer is finite (no division by
zero), and a derivative is not trivially zero. The expected answer is
computed by SymPy and proved again by the AD engine (``compile_expression``)
at sample points; an answer key the author wrote must agree with it.
Anticipated wrong answers must parse, differ from the right answer and from
each other. A template that never varies is reported too.

The expensive checks (answer key through the checker, anticipated answers by
equivalence) run on the first ``deep_draws`` instances; the cheap ones
(drawing, parsing, AD proof, well-definedness) on all of them.
"""

from __future__ import annotations

import math
import random
import re
from typing import Any, Callable, Mapping, Optional, Sequence

from tutor.packs.answers import read_answer
from tutor.packs.instance import Instance, fill_fields, instantiate, same_value
from tutor.packs.kinds import DERIVATIVE_KINDS, Task
from tutor.packs.model import Exercise, Pack
from tutor.packs.problems import PackError, Problem

__all__ = ["validate_pack", "validate_exercise", "DRAWS", "DEEP_DRAWS"]

DRAWS = 20  # the minimum: each template drawn at least 20 times
DEEP_DRAWS = 3  # checker-backed checks cost ~50 ms each; 3 draws catch a key that only fits some values
AD_POINTS = 3  # sample points per derivative instance for the AD proof
AD_DRAWS = 5  # draws proved by the AD engine (each costs a compile, ~5 ms); all 20 are checked for definedness
REL_TOL = 1e-7  # SymPy vs AD in floating point: both exact up to rounding of a few operations


class _Found(Exception):
    """One problem in one exercise (collected, never shown as a traceback)."""

    def __init__(self, field: str, message: str, hint: Optional[str] = None) -> None:
        super().__init__(message)
        self.field, self.message, self.hint = field, message, hint


class _FoundMany(Exception):
    """Several independent problems found by one check (each anticipated answer, say)."""

    def __init__(self, found: list[_Found]) -> None:
        super().__init__(f"{len(found)} problems")
        self.found = found


def validate_pack(pack: Pack, *, draws: int = DRAWS, deep_draws: int = DEEP_DRAWS) -> list[Problem]:
    """Every problem of ``pack`` (already loaded: structure and field values are fine)."""
    problems: list[Problem] = []
    for ex in pack.exercises:
        problems.extend(validate_exercise(ex, draws=draws, deep_draws=deep_draws))
    return problems


def validate_exercise(ex: Exercise, *, draws: int = DRAWS, deep_draws: int = DEEP_DRAWS) -> list[Problem]:
    found: dict[tuple[str, str], Problem] = {}

    def report(field: str, message: str, hint: Optional[str], seed: Optional[int]) -> None:
        pos = ex.position(field)
        where = f" (seed {seed})" if seed is not None and ex.params else ""
        key = (field, message)
        if key not in found:
            found[key] = Problem(ex.source, pos.line, pos.column, f"{ex.id}.{field}", message + where, hint)

    if not ex.hints:
        report("hints", "no hints", "write a ladder of hints, gentlest first", None)
    templated = bool(ex.params)
    prompts: set[str] = set()
    for seed in range(draws if templated else 1):
        try:
            inst = instantiate(ex, seed)
        except PackError as exc:
            for p in exc.problems:
                field = p.field.split(".", 1)[1] if "." in p.field else p.field
                report(field, p.message, p.hint, seed)
            continue
        prompts.add(inst.prompt)
        for check in CHECKS:
            if check is _deep and seed >= deep_draws:
                continue
            try:
                check(inst, seed)
            except _Found as exc:
                report(exc.field, exc.message, exc.hint, seed)
            except _FoundMany as many:
                for exc in many.found:
                    report(exc.field, exc.message, exc.hint, seed)
            except Exception as exc:  # an engine failing on a pack is itself a problem of the pack
                report("of", f"{type(exc).__name__}: {exc}", "simplify the exercise", seed)
    if templated and len(prompts) == 1 and draws > 1:
        report("params", f"all {draws} draws give the same exercise", "widen the parameters' ranges", None)
    return list(found.values())


# -- the checks ------------------------------------------------------------------------------------


def _finite(value: Any, field: str = "of") -> None:
    import sympy

    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise _Found(field, "the answer is undefined (a division by zero?)", "change the parameters or the point")
    if value.free_symbols:
        return
    number = complex(value.evalf())
    if not math.isfinite(number.real) or abs(number.imag) > 1e-12:  # 1e-12: evalf noise on a real number
        raise _Found(field, f"the value {value} is not a finite real number (outside the domain?)",
                     "choose a point inside the domain")


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= REL_TOL * max(1.0, abs(a), abs(b))


def _ad_value(expr: Any, point: Mapping[str, Any], wrt: Sequence[str] = ()) -> float:
    from tutor.autodiff import compile_expression

    names = sorted({s.name for s in expr.free_symbols} | set(point) | set(wrt))
    tape = compile_expression(expr, names)
    floats = {k: float(point.get(k, 0)) for k in names}
    return float(tape.derivative(floats, list(wrt)) if wrt else tape.value(floats))


def _check_values(inst: Instance, seed: int) -> None:
    """Well defined, and proved by the AD engine."""
    task = inst.task
    kind = inst.kind
    if kind in DERIVATIVE_KINDS:
        _check_derivative_task(task, seed)
    elif kind == "dual-arithmetic":
        a, b = _dual(task)
        eps = {"ε": 0.0}
        _finite(a), _finite(b)
        if not (_close(_ad_value(task.of, eps), float(a)) and _close(_ad_value(task.of, eps, ["ε"]), float(b))):
            raise _Found("of", "the AD engine disagrees with the dual-number answer")
    elif kind == "dual-evaluate":
        a, b = _dual(task)
        _finite(a, "at"), _finite(b, "at")
        x = task.wrt[0]
        if not (_close(_ad_value(task.of, task.at), float(a)) and _close(_ad_value(task.of, task.at, [x]), float(b))):
            raise _Found("of", "the AD engine disagrees with f(a + ε)")
    elif kind in ("graph-forward", "graph-backward"):
        _check_graph(task, prove=seed < AD_DRAWS)
    elif kind == "jacobian":
        _check_jacobian(task, seed)
    elif kind == "numeric-difference":
        _check_difference(task)


def _dual(task: Task) -> tuple[Any, Any]:
    if task.form == "matrix":
        return task.expected[0][0], task.expected[0][1]
    return task.expected


def _check_derivative_task(task: Task, seed: int) -> None:
    import sympy

    from tutor.checking import sample_points
    from tutor.parsing import variable

    of = task.of.subs({variable(k): v for k, v in task.where.items()}) if task.where else task.of
    names = sorted(s.name for s in of.free_symbols) or list(task.wrt)
    expected = task.expected
    _finite(expected)
    if expected == 0 or sympy.expand(expected) == 0:
        raise _Found("of", "the derivative is identically zero", "change the function or the parameters")
    points = sample_points(of, names, AD_POINTS, random.Random(seed))
    if not points:
        raise _Found("of", "no point of the real domain found: the function is undefined everywhere?")
    if seed >= AD_DRAWS:
        return
    from tutor.autodiff import compile_expression

    tape = compile_expression(of, names)
    try:
        key: Any = compile_expression(expected, names)
    except Exception:  # an expression the AD engine cannot compile (sign(x)…): SymPy evaluates it
        key = None
    for point in points:
        ad = float(tape.derivative(point, list(task.wrt)))
        if key is not None:
            sym = complex(key.value(point))
        else:
            sym = complex(expected.evalf(subs={variable(k): v for k, v in point.items()}))
        if abs(sym.imag) > 1e-9 or not _close(ad, sym.real):  # 1e-9: evalf noise on a real value
            raise _Found("of", f"SymPy ({sym.real:.6g}) and the AD engine ({ad:.6g}) disagree at {point}")


def _check_graph(task: Task, prove: bool = True) -> None:
    """The asked values (forward) or adjoints (backward), proved by the AD engine on the expanded graph."""
    from tutor.parsing import variable

    nodes, values = task.info["nodes"], task.info["values"]
    inputs = task.at or {}
    expanded: dict[str, Any] = {}
    for name, expr in nodes.items():
        expanded[name] = expr.subs({variable(k): v for k, v in expanded.items()})
        _finite(values[name], f"nodes.{name}")
    if not prove:
        for name in task.info["ask"]:
            _finite(task.info.get("adjoints", values)[name], "ask")
        return
    if task.kind == "graph-forward":
        for name in task.info["ask"]:
            if not _close(_ad_value(expanded[name], inputs), float(values[name])):
                raise _Found(f"nodes.{name}", "the AD engine disagrees with the node's value")
        return
    out = expanded[list(nodes)[-1]]
    gradient = _ad_gradient(out, inputs)
    for name in inputs:
        if not _close(gradient[name], float(task.info["adjoints"][name])):
            raise _Found("nodes", f"the adjoint of {name} disagrees with the AD engine ({gradient[name]:.6g})")
    for name in task.info["ask"]:
        _finite(task.info["adjoints"][name], "ask")


def _ad_gradient(expr: Any, point: Mapping[str, Any]) -> dict[str, float]:
    """Reverse mode: every input's adjoint in one backward pass."""
    from tutor.autodiff import compile_expression

    names = list(point)
    tape = compile_expression(expr, names)
    gradient = tape.gradient({k: float(v) for k, v in point.items()})
    return {k: float(gradient.get(k, 0.0)) for k in names}


def _check_jacobian(task: Task, seed: int) -> None:
    from tutor.checking import sample_points
    from tutor.parsing import variable

    names = list(task.wrt)
    point = task.at
    if point is None:
        points = sample_points(sum(task.of), names, 1, random.Random(seed))
        if not points:
            raise _Found("of", "no point of the real domain found")
        point = points[0]
    subs = {variable(k): v for k, v in point.items()}
    for i, comp in enumerate(task.of):
        for name in names:
            ad = _ad_value(comp, point, [name])
            from sympy import diff

            sym = complex(diff(comp, variable(name)).evalf(subs=subs))
            if not _close(ad, sym.real):
                raise _Found(f"of[{i}]", f"SymPy and the AD engine disagree on d/d{name}")
    flat = task.expected if task.form == "vector" else [e for row in task.expected for e in row]
    for e in flat:
        _finite(e)


def _check_difference(task: Task) -> None:
    info = task.info
    x = task.wrt[0]
    a, h = task.at[x], info["h"]
    _finite(info["quotient"]), _finite(info["exact"], "at")
    fa = lambda t: _ad_value(task.of, {x: t})  # noqa: E731 - a one-line sampler
    steps = {"forward": lambda: (fa(a + h) - fa(a)) / float(h), "backward": lambda: (fa(a) - fa(a - h)) / float(h),
             "symmetric": lambda: (fa(a + h) - fa(a - h)) / (2 * float(h))}
    q = steps[info["scheme"]]()
    # The AD value subtracts nearby floats: cancellation costs ~|f|·2^-52/h, hence the looser tolerance.
    if abs(q - float(info["quotient"])) > 1e-6 * max(1.0, abs(q)):
        raise _Found("of", "the quotient computed with the AD engine disagrees")
    if not _close(_ad_value(task.of, {x: a}, [x]), float(info["exact"])):
        raise _Found("of", "f'(a) disagrees with the AD engine")
    if info["ask"] == "error" and info["quotient"] - info["exact"] == 0:
        raise _Found("ask", "the error is exactly zero here", "pick a function or scheme with a visible error")


_YOUR_ANSWER = re.compile(r"\b([Yy])our answer")


def _key_reason(verdict: Any) -> str:
    """The checker's reason, about the pack's answer key: the checker words it for a student
    ("your answer is …"), but here the answer is the author's key."""
    example = getattr(getattr(verdict, "numeric", None), "counterexample", None)
    if example is not None and not getattr(example, "why", "") and example.point:
        try:
            at = ", ".join(f"{k} = {float(v):.6g}" for k, v in example.point.items())
            return f"at {at} the key gives {float(example.answer):.10g}, but the derivative is {float(example.expected):.10g}"
        except (TypeError, ValueError):  # not plain numbers: keep the checker's words
            pass
    return _YOUR_ANSWER.sub(lambda m: "The answer key" if m.group(1) == "Y" else "the answer key", verdict.reason)


def _deep(inst: Instance, seed: int) -> None:
    """The answer key and the anticipated answers, through the checker."""
    ex, task = inst.exercise, inst.task
    fields = fill_fields(ex, inst.values)
    if fields.answer is not None:
        key = _read(task, fields.answer, "answer")
        if inst.kind in DERIVATIVE_KINDS:
            from tutor.checking import check_derivative

            verdict = check_derivative(key, task.of, list(task.wrt), task.where, seed=seed)
            if verdict.status != "correct":
                raise _Found("answer", f"the answer key is {verdict.status}: {_key_reason(verdict)}",
                             f"the derivative is {task.texts.get('expected')}")
        elif same_value(task, key, task.expected, seed=seed) is not True:
            raise _Found("answer", f"the answer key is wrong; the computed answer is {task.texts.get('expected')}")
    from tutor.packs.templates import fill

    wrongs: list[tuple[int, Any]] = []
    found: list[_Found] = []
    for i, fb in enumerate(ex.feedback):
        try:
            value = _read(task, fill(fb.answer, inst.values, math=True), f"feedback[{i}].answer")
            if fb.mistake:
                _known_mistake(fb.mistake, f"feedback[{i}].mistake")
            if _is_right(inst, value, seed):
                raise _Found(f"feedback[{i}].answer", "this anticipated wrong answer is actually right")
            for j, other in wrongs:
                if same_value(task, value, other, seed=seed) is True:
                    raise _Found(f"feedback[{i}].answer", f"the same answer as feedback[{j}]", "merge them")
            wrongs.append((i, value))
        except _Found as exc:
            found.append(exc)
    if found:
        raise _FoundMany(found)


def _is_right(inst: Instance, value: Any, seed: int) -> bool:
    task = inst.task
    if inst.kind in DERIVATIVE_KINDS:
        from tutor.checking import check_derivative

        return check_derivative(value, task.of, list(task.wrt), task.where, seed=seed).status == "correct"
    return same_value(task, value, task.expected, seed=seed) is True


def _read(task: Task, text: str, field: str) -> Any:
    from tutor.parsing import ParseError

    try:
        return read_answer(task.form, text, task.variables).value
    except ParseError as exc:
        raise _Found(field, f"does not parse as a {task.form}: {exc.message}", exc.hint) from None


def _known_mistake(mistake_id: str, field: str) -> None:
    try:
        from tutor.explain import MISTAKES
    except ImportError:  # the catalogue is not there: nothing to check against
        return
    ids = [m.id for m in MISTAKES]
    if mistake_id not in ids:
        from tutor.packs.problems import did_you_mean

        raise _Found(field, f"unknown mistake id `{mistake_id}`",
                     did_you_mean(mistake_id, ids) or "see `calctutor mistakes`")


CHECKS: tuple[Callable[[Instance, int], None], ...] = (_check_values, _deep)
