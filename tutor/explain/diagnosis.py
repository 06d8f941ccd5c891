"""``diagnose``: which catalogued mistake turns the correct derivation into the student's answer.

The search: derive F with the rules, then inject one buggy rule at one node
(every node, every applicable buggy rule of the catalogue's rows), re-combine upwards and
compare the resulting derivative with the answer numerically at a few points
inside the domain; add the mistakes about the whole answer (sign, order,
variable, integration, rounding); only when nothing fits, try pairs of
injections until the time budget runs out. A correct answer is recognised
first and never diagnosed.
"""

from __future__ import annotations

import dataclasses
import math
import random
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping, Optional, Sequence

import sympy

from tutor.explain import steps as S
from tutor.explain.buggy import BuggyRule, SlipSite, buggy_rules
from tutor.explain.catalogue import MISTAKES, mistake_info
from tutor.explain.mistake import WHOLE_ANSWER
from tutor.explain.mistakes import CATALOGUE
from tutor.explain.derivation import explain
from tutor.autodiff.evaluator import Evaluator
from tutor.explain.verify import _draw
from tutor.explain.wording import show
from tutor.parsing.printer import operator

__all__ = ["MistakeMatch", "Diagnosis", "diagnose", "Comparator", "match_to_json", "diagnosis_to_json",
           "WHOLE_ANSWER_MISTAKES"]

Expr = Any
Path = tuple[int, ...]

SAMPLE_POINTS = 4  # agreeing points for a match: a wrong formula agreeing at 4 random reals is vanishingly rare
MAX_DRAWS = 80  # draws before giving up on finding points where F, F' and the answer are all defined
TOLERANCE = 1e-7  # relative; candidates and answers are double-precision values of the same formula
ROUNDED = 0.02  # within 2 %: a rounded number (0.33 for 1/3), not a different formula
PAIR_PENALTY = 1  # a pair of mistakes explains less than a single one of the same kind
QUOTIENT_VIEW_PENALTY = 2  # x·e^(−x) read as x/e^x: its slips rank with the whole-answer mistakes (1)
STOPPED_EARLY_PRIORITY = 4  # the answer is the previous derivative itself: above every slip (3 at most)

# The catalogue ids found by looking at the whole answer (``_global_matches``), not at one step:
# the rows whose ``applies_to`` says WHOLE_ANSWER.
WHOLE_ANSWER_MISTAKES = tuple(m.id for m in MISTAKES if WHOLE_ANSWER in m.applies_to)

_RULES_BY_STEP: dict[str, list[BuggyRule]] = {}
_RULES_OF: dict[str, BuggyRule] = {}
_RULES_FOR = [-1]  # the catalogue size the two tables were built for (a test may register a toy row)


def _rules_by_step() -> dict[str, list[BuggyRule]]:
    """Step rule -> the buggy rules that apply to it, rebuilt when rows were registered since."""
    if _RULES_FOR[0] != len(CATALOGUE):
        _RULES_BY_STEP.clear()
        _RULES_OF.clear()
        for row in buggy_rules():
            _RULES_OF[row.id] = row
            for rule in row.rules:
                _RULES_BY_STEP.setdefault(rule, []).append(row)
        _RULES_FOR[0] = len(CATALOGUE)
    return _RULES_BY_STEP


@dataclass(frozen=True)
class MistakeMatch:
    """One mistake that explains the answer, where it happened and what the student did."""

    id: str
    title: str
    message: str
    location: Optional[Expr]  # the sub-expression of F where the rule was misapplied
    candidate: Expr  # the derivative this mistake produces
    priority: int = 3
    depth: int = 0
    rarity: int = 0
    also: tuple[str, ...] = ()  # the other mistake of a pair

    @property
    def ids(self) -> tuple[str, ...]:
        return (self.id, *self.also)


@dataclass(frozen=True)
class Diagnosis:
    """Every mistake that fits the answer, best first."""

    matches: tuple[MistakeMatch, ...]
    expected: Expr
    answer: Expr

    @property
    def best(self) -> MistakeMatch:
        return self.matches[0]

    @property
    def ambiguous(self) -> bool:
        """Two different mistakes explain the answer equally well."""
        top = self.matches[0]
        return any(m.id != top.id and m.priority == top.priority for m in self.matches[1:])

    @property
    def message(self) -> str:
        text = self.best.message
        others = sorted({m.id for m in self.matches[1:] if m.id != self.best.id})
        if others:
            text += f" (the same answer also fits: {', '.join(others)})"
        return text


class Comparator:
    """The answer's values at a few points, and a cached test 'does this candidate give them?'."""

    def __init__(self, evaluators: list[Evaluator], answer_values: list[float]) -> None:
        self.evaluators = evaluators
        self.answer_values = answer_values

    def values(self, expr: Expr) -> Optional[list[float]]:
        try:
            return [ev(expr) for ev in self.evaluators]
        except (ValueError, TypeError):
            return None

    def fits(self, expr: Expr, tolerance: float = TOLERANCE) -> bool:
        vals = self.values(expr)
        return vals is not None and self.fits_values(vals, tolerance)

    def fits_values(self, vals: Sequence[float], tolerance: float = TOLERANCE) -> bool:
        return all(abs(v - a) <= tolerance * max(1.0, abs(a)) for v, a in zip(vals, self.answer_values))


def _ad_values(expr: Expr, order: list[str], cmp: Comparator) -> Optional[list[float]]:
    """d^k expr/d order at the comparator's points, by the AD engine (None where it cannot)."""
    from tutor.autodiff import compile_expression

    names = sorted(set(cmp.evaluators[0].point) | set(order))
    try:
        tape = compile_expression(expr, names)
        return [float(tape.derivative(ev.point, order)) for ev in cmp.evaluators]
    except Exception:  # unsupported (sign…) or outside the domain: this global mistake cannot be tested
        return None


def _sample(exprs: Sequence[Expr], names: Sequence[str], seed: int) -> list[Evaluator]:
    rng = random.Random(seed)
    out: list[Evaluator] = []
    for i in range(MAX_DRAWS):
        ev = Evaluator({n: _draw(rng, i) for n in names})
        try:
            vals = [ev(e) for e in exprs]
        except ValueError:
            continue
        if all(math.isfinite(v) and abs(v) < 1e8 for v in vals):
            out.append(ev)
            if len(out) >= SAMPLE_POINTS:
                break
    return out


# -- walking the correct derivation ----------------------------------------------------------


def _nodes(tree: S.Step) -> Iterator[tuple[Path, S.Step, dict]]:
    """(path, step, substitution back to F's variables) for every node, parents first."""
    stack: list[tuple[Path, S.Step, dict]] = [((), tree, {})]
    while stack:
        path, step, subs = stack.pop()
        yield path, step, subs
        for i, child in reversed(list(enumerate(step.substeps))):
            child_subs = subs
            if isinstance(step, S.ChainRule) and i == 0:
                child_subs = {**subs, S.symbol(step.name): step.inner.xreplace(subs)}
            stack.append((path + (i,), child, child_subs))


Injection = Callable[[S.Step, tuple[Expr, ...]], Expr]


def _putting(local: Expr) -> Injection:
    """The injection that puts ``local`` (a slip's result) where a step was."""
    return lambda step, results: local


def _rebuild(step: S.Step, path: Path, injections: Mapping[Path, Injection]) -> Expr:
    """The result of ``step`` when the injections replace the rules at their paths."""
    if not any(p[: len(path)] == path for p in injections):
        return step.result
    results = tuple(_rebuild(c, path + (i,), injections) for i, c in enumerate(step.substeps))
    if path in injections:
        return injections[path](step, results)
    return step.combine(results)


@dataclass(frozen=True)
class _Single:
    id: str
    path: Path
    variant: int
    location: Expr
    message: Callable[[], str]
    local: Expr


def _singles(tree: S.Step, multivariable: bool) -> list[_Single]:
    out = []
    for path, step, subs in _nodes(tree):
        node = SlipSite(step, tuple(c.result for c in step.substeps), multivariable)
        for row in _rules_by_step().get(step.rule, ()):
            if row.id.startswith("partial.") and not multivariable:
                continue  # "held constant" only means something with several variables
            for k, (wrong, message) in enumerate(row.variants(node)):
                out.append(_Single(row.id, path, k, step.expr.xreplace(subs), message, wrong))
    return out


def _injection(single: _Single, multivariable: bool) -> Injection:
    _rules_by_step()
    row = _RULES_OF[single.id]

    def inject(step: S.Step, results: tuple[Expr, ...]) -> Expr:
        variants = row.variants(SlipSite(step, results, multivariable))
        return variants[single.variant][0] if single.variant < len(variants) else step.combine(results)

    return inject


def _match(single: _Single, candidate: Expr, also: tuple[str, ...] = (), message: str = "") -> MistakeMatch:
    info = mistake_info(single.id)
    return MistakeMatch(
        id=single.id, title=info.title, message=message or single.message(), location=single.location,
        candidate=candidate, priority=info.priority - (PAIR_PENALTY if also else 0), depth=len(single.path),
        rarity=info.rarity, also=also,
    )


def _global(mistake_id: str, candidate: Expr, of: Expr, message: str, priority: Optional[int] = None) -> MistakeMatch:
    if mistake_id not in WHOLE_ANSWER_MISTAKES:
        raise ValueError(f"{mistake_id} is not listed in WHOLE_ANSWER_MISTAKES")
    info = mistake_info(mistake_id)
    return MistakeMatch(mistake_id, info.title, message, of, candidate, info.priority if priority is None else priority)


# -- the search ---------------------------------------------------------------------------------


def diagnose(
    of: Expr,
    answer: Expr,
    wrt: Sequence[str] | str,
    where: Optional[Mapping[str, Expr]] = None,
    *,
    budget_s: float = 1.0,
    seed: int = 0,
) -> Optional["Diagnosis"]:
    """The catalogued mistakes that turn d/d(wrt) of into ``answer``, best first (None: correct or unexplained)."""
    deadline = time.perf_counter() + budget_s
    order = (wrt,) if isinstance(wrt, str) else tuple(getattr(w, "name", w) for w in wrt)
    where = {getattr(k, "name", k): v for k, v in (where or {}).items()}
    root = explain(of, order, where or None, verify=False, simplify_result=False)
    stages = list(root.substeps) if len(order) > 1 else [root]
    expected = root.result
    composite = of.xreplace({S.symbol(n): v for n, v in where.items()})
    answer = answer.xreplace({S.symbol(n): v for n, v in where.items()})
    names = sorted({s.name for e in (composite, expected, answer) for s in e.free_symbols} | set(order))
    evaluators = _sample([composite, expected, answer], names, seed)
    if not evaluators:
        return None
    cmp = Comparator(evaluators, [ev(answer) for ev in evaluators])
    if cmp.fits(expected):
        return None  # a correct answer is never diagnosed
    multivariable = len({s.name for s in of.free_symbols}) > 1

    def finish(stage_index: int, stage_result: Expr) -> Expr:
        rest = order[stage_index + 1 :]
        return sympy.diff(stage_result, *[S.symbol(v) for v in rest]) if rest else stage_result

    def fitting(stage_index: int, stage_result: Expr) -> Optional[Expr]:
        """The final derivative a slip in this stage gives, if it fits the answer (else None).

        The later derivatives of a candidate are compared through the AD engine
        (a tape per candidate, milliseconds); sympy.diff, 0.1 s and more on a
        fourth-order partial, runs only for the candidate that fits.
        """
        rest = order[stage_index + 1 :]
        if not rest:
            return stage_result if cmp.fits(stage_result) else None
        values = _ad_values(stage_result, list(rest), cmp)
        return finish(stage_index, stage_result) if values is not None and cmp.fits_values(values) else None

    matches, singles_by_stage = _single_matches(stages, multivariable, fitting, deadline)
    quotient_view = []
    if not matches and len(order) == 1 and not where:
        quotient_view = _quotient_view_matches(of, order[0], cmp, multivariable, deadline)
    matches += _global_matches(of, composite, expected, answer, order, stages, cmp, fallback=not (matches or quotient_view))
    matches += quotient_view  # after the whole-answer mistakes: a tie goes to them (the stable sort keeps the order)
    if not matches:
        matches += _pairs(singles_by_stage, fitting, multivariable, deadline)
    if not matches:
        return None
    unique: dict[tuple, MistakeMatch] = {}
    # Best first: the more specific mistake, then the commoner slip, then the one higher in F.
    for m in sorted(matches, key=lambda m: (-m.priority, m.rarity, m.depth)):
        unique.setdefault((m.ids, str(m.location)), m)
    return Diagnosis(tuple(unique.values()), expected, answer)


SinglesByStage = list[tuple[int, S.Step, list[_Single]]]  # (stage index, its rule tree, its one-slip sites)


def _single_matches(stages: list, multivariable: bool, fitting: Callable[[int, Expr], Optional[Expr]],
                    deadline: float) -> tuple[list[MistakeMatch], SinglesByStage]:
    """Every one-slip candidate of every stage that fits the answer, and the singles per stage (for pairs)."""
    matches: list[MistakeMatch] = []
    singles_by_stage: SinglesByStage = []
    for k, stage in enumerate(stages):
        tree = stage.substeps[0]
        singles = _singles(tree, multivariable)
        singles_by_stage.append((k, tree, singles))
        for single in singles:
            if time.perf_counter() > deadline:
                break
            local = single.local
            candidate = fitting(k, _rebuild(tree, (), {single.path: _putting(local)}))
            if candidate is not None:
                matches.append(_match(single, candidate))
    return matches, singles_by_stage


def _quotient_view(of: Expr, wrt: str) -> Optional[S.Step]:
    """F = g·e^(−u) derived as the quotient g/e^u, the way the student probably wrote it.

    Our input is read into SymPy's canonical form, in which x/e^x and x·e^(−x)
    are the same expression (the derivation keeps the product). A student who
    wrote the quotient makes quotient-rule mistakes, which only this tree has.
    """
    from tutor.explain.rules import Context, _quotient

    x = S.symbol(wrt)
    if not of.is_Mul:
        return None
    num, den = [], []
    for f in of.args:
        if isinstance(f, sympy.exp) and f.has(x) and f.args[0].as_coeff_Mul()[0] < 0:
            den.append(sympy.exp(-f.args[0]))
        else:
            num.append(f)
    if not den or not any(f.has(x) for f in num):
        return None
    try:
        names = frozenset(s.name for s in of.free_symbols) | {wrt}  # as derive starts a derivation
        return _quotient(of, wrt, (sympy.Mul(*num), sympy.Mul(*den)), Context(names))
    except Exception:  # a part the rules cannot derive: no quotient view
        return None


def _quotient_view_matches(of: Expr, wrt: str, cmp: Comparator, multivariable: bool, deadline: float) -> list[MistakeMatch]:
    tree = _quotient_view(of, wrt)
    if tree is None:
        return []
    out = []
    for single in _singles(tree, multivariable):
        if time.perf_counter() > deadline:
            break
        candidate = _rebuild(tree, (), {single.path: _putting(single.local)})
        if cmp.fits(candidate):
            match = _match(single, candidate)
            # a reading of F the student may not have had: ranked below the slips in F's own form
            out.append(dataclasses.replace(match, priority=match.priority - QUOTIENT_VIEW_PENALTY))
    return out


def _global_matches(
    of: Expr, composite: Expr, expected: Expr, answer: Expr, order: tuple[str, ...], stages: list, cmp: Comparator,
    *, fallback: bool,
) -> list[MistakeMatch]:
    """Mistakes about the whole answer; the vague ones (rounding, a factor) only as a fallback."""
    x = S.symbol(order[-1])
    out = []
    if cmp.fits(-expected):
        out.append(_global("sign.flipped", -expected, of, f"your answer is the derivative {show(expected)} with the opposite sign"))
    if len(order) == 1:
        # Derivatives of whole expressions come from the AD engine: sympy.diff of a large
        # derivative can take seconds, a tape takes milliseconds.
        second = _ad_values(composite, [x.name, x.name], cmp)
        if second is not None and cmp.fits_values(second):
            out.append(_global("order.wrong", answer, of, f"you gave the second derivative; the first was asked: {show(expected)}"))
        of_values = cmp.values(composite)
        of_answer = _ad_values(answer, [x.name], cmp)
        if of_values and of_answer is not None and Comparator(cmp.evaluators, of_values).fits_values(of_answer):
            out.append(_global("integrated-instead", answer, of, f"the derivative of your answer is {show(of)}: you integrated instead of differentiating"))
        for y in sorted(of.free_symbols - {x}, key=lambda s: s.name):
            other = _ad_values(composite, [y.name], cmp)
            if other is not None and cmp.fits_values(other):
                out.append(_global("partial.wrong-variable", answer, of, f"you differentiated with respect to {y.name}; the question asks for {operator(x.name, True)}"))
    else:
        earlier = stages[-2].result
        if cmp.fits(earlier):
            # The answer is exactly an earlier derivative: the simplest explanation, above any
            # slip inside the last derivative that happens to give the same result.
            out.append(_global("order.wrong", earlier, of, f"you stopped one derivative early: {operator(order[-1])} of {show(earlier)} was still to take",
                               priority=STOPPED_EARLY_PRIORITY))
        further = _ad_values(composite, [*order, order[-1]], cmp)
        if further is not None and cmp.fits_values(further):  # one derivative too many
            out.append(_global("order.wrong", answer, of, f"you took one derivative too many: the derivative of order "
                               f"{len(order)} is {show(expected)}", priority=STOPPED_EARLY_PRIORITY))
    if fallback and not out and cmp.fits(expected, ROUNDED):
        out.append(_global("numeric.rounded", expected, of, f"your answer is close to {show(expected)} but not equal: keep exact numbers (fractions, {show(sympy.pi)}, e)"))
    vals = cmp.values(expected)
    if fallback and not out and vals and all(abs(v) > 1e-9 for v in vals):
        ratios = [a / v for a, v in zip(cmp.answer_values, vals)]
        constant = all(abs(r - ratios[0]) <= TOLERANCE * max(1.0, abs(ratios[0])) for r in ratios)
        # ratio 1 is the derivative itself, −1 is sign.flipped, 0 is an answer of 0: no factor went wrong
        if constant and abs(abs(ratios[0]) - 1) > 1e-6 and abs(ratios[0]) > 1e-6:
            message = f"your answer is the derivative {show(expected)} times a constant factor: a constant multiple went wrong"
            out.append(_global("constant-multiple.dropped", answer, of, message, priority=0))
    return out


def _pairs(singles_by_stage: SinglesByStage, fitting: Callable[[int, Expr], Optional[Expr]], multivariable: bool,
           deadline: float) -> list[MistakeMatch]:
    out: list[MistakeMatch] = []
    for k, tree, singles in singles_by_stage:
        for i, a in enumerate(singles):
            for b in singles[i + 1 :]:
                if time.perf_counter() > deadline:
                    return out
                if a.path == b.path:
                    continue
                inj = {a.path: _injection(a, multivariable), b.path: _injection(b, multivariable)}
                candidate = fitting(k, _rebuild(tree, (), inj))
                if candidate is not None:
                    first, second = sorted((a, b), key=lambda s: len(s.path))
                    message = f"{first.message()}; and {second.message()}"
                    out.append(_match(first, candidate, also=(second.id,), message=message))
    return out


def match_to_json(match: MistakeMatch) -> dict[str, Any]:
    """``{"id", "title", "message", "location", "also"}`` (location in SymPy's str() syntax)."""
    return {
        "id": match.id,
        "title": match.title,
        "message": match.message,
        "location": None if match.location is None else str(match.location),
        "also": list(match.also),
    }


def diagnosis_to_json(diagnosis: Optional[Diagnosis]) -> Optional[dict[str, Any]]:
    """The best match as JSON plus the other ids that fit (``None`` stays ``None``)."""
    if diagnosis is None:
        return None
    data = match_to_json(diagnosis.best)
    data["alternatives"] = [match_to_json(m) for m in diagnosis.matches[1:]]
    return data
