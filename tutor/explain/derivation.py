"""``explain``: the whole derivation of a derivative as a tree of steps, and its JSON.

Stages: one per variable in ``wrt`` (successive partials); the first stage
uses the multivariable chain rule when ``where`` substitutes functions of the
variable for some of F's variables. Each stage is the rule tree, then (when
it changes anything) a simplification step that can be folded away. Every
step is verified against the AD engine before the tree is returned.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

import sympy

from tutor.explain import steps as S
from tutor.explain.rules import ExplainError, derive
from tutor.explain.textbook import textbook
from tutor.explain.verify import verify_tree
from tutor.explain.wording import formula, several_variables, show, shown, text_of, within

__all__ = ["explain", "step_to_json", "explanation_to_json", "simplify_derivative", "rule_step"]

Expr = Any

# A stage whose input has more operations than this is not explained: the rule tree, its
# verification and factor_terms grow superlinearly (x^x^x: 4,000 ops at order 5 took 1 s more,
# 28,000 at order 6 never finished), and no person reads a derivation that long.
MAX_STAGE_OPS = 1500


def simplify_derivative(expr: Expr, *, quick: bool = False) -> Expr:
    """The textbook form (``tutor.explain.textbook``), time-limited; ``factor_terms`` when it gives up.

    ``quick``: ``factor_terms`` only (no child process: the diagnosis has 1 s in all).
    """
    if not quick and expr.free_symbols:
        form = textbook(expr)
        if form is not None:
            return form
    # no printing on the quick path: str() of a big 5th-order partial costs 0.1 s
    factored = sympy.factor_terms(expr)
    return factored if sympy.count_ops(factored) < sympy.count_ops(expr) else expr


def rule_step(of: Expr, wrt: str) -> S.Step:
    """The rule tree for d/d(wrt) of, wrapped in a partial step when other variables are held."""
    step = derive(of, wrt)
    held = tuple(sorted(s.name for s in of.free_symbols if s.name != wrt))
    if held:
        return S.PartialRule(expr=of, wrt=wrt, result=step.result, held=held, substeps=(step,))
    return step


def _multichain(of: Expr, wrt: str, where: Mapping[str, Expr]) -> S.Step:
    names = {s.name for s in of.free_symbols}
    pairs = tuple((n, v) for n, v in where.items() if n in names)
    paths = tuple(n for n, _ in pairs) + ((wrt,) if wrt in names and wrt not in where else ())
    subs: list[S.Step] = []
    for v in paths:
        subs.append(rule_step(of, v))
        inner = dict(pairs).get(v, S.symbol(wrt))
        subs.append(derive(inner, wrt))
    composite = of.xreplace({S.symbol(n): v for n, v in pairs})
    proto = S.MultivariableChainRule(
        expr=composite, wrt=wrt, result=sympy.Integer(0), substeps=tuple(subs),
        function=of, where=pairs, paths=paths,
    )
    return S.MultivariableChainRule(
        expr=composite, wrt=wrt, result=proto.combine(tuple(s.result for s in subs)), substeps=tuple(subs),
        function=of, where=pairs, paths=paths,
    )


def _stage(
    of: Expr, wrt: str, where: Optional[Mapping[str, Expr]], simplify: bool = True, quick: bool = False
) -> S.Derivation:
    names = {s.name for s in of.free_symbols}
    # substitutions F does not use change nothing
    rules = _multichain(of, wrt, where) if where and any(n in names for n in where) else rule_step(of, wrt)
    final = simplify_derivative(rules.result, quick=quick) if simplify else rules.result
    parts: tuple[S.Step, ...] = (rules,)
    top = rules.substeps[0] if isinstance(rules, S.PartialRule) else rules
    written = formula(top)  # what the student read last: the rule's formula, substituted, unsimplified
    if final != rules.result or show(written) != show(final):
        parts += (S.SimplifyStep(expr=rules.expr, wrt=wrt, result=final, before=rules.result,
                                 shown_before=written),)
    return S.Derivation(expr=rules.expr, wrt=wrt, result=final, substeps=parts, order=(wrt,))


def explain(
    of: Expr,
    wrt: Sequence[str] | str,
    where: Optional[Mapping[str, Expr]] = None,
    *,
    verify: bool = True,
    simplify_result: bool = True,
) -> S.Step:
    """The derivation of d/d(wrt) of (successive partials for several variables), verified step by step.

    ``simplify_result=False`` leaves out the last simplification and keeps the
    others to the quick in-process forms (the diagnosis compares numbers, and
    ``simplify`` is the slowest part of a derivation).
    """
    order = (wrt,) if isinstance(wrt, str) else tuple(getattr(w, "name", w) for w in wrt)
    if not order:
        raise ExplainError("nothing to differentiate by", hint="name a variable, e.g. --wrt x")
    where = {getattr(k, "name", k): v for k, v in (where or {}).items()}
    stages: list[S.Derivation] = []
    current = of
    for k, var in enumerate(order):
        last = k == len(order) - 1
        if k and sympy.count_ops(current) > MAX_STAGE_OPS:  # the next stage would take minutes, not seconds
            raise ExplainError(
                f"the derivative of order {k} already has {sympy.count_ops(current)} operations; "
                f"order {len(order)} is too large to explain step by step",
                hint="ask for a lower order, or check the answer numerically with calctutor check --no-explain",
            )
        stage = _stage(current, var, where if k == 0 else None, simplify=simplify_result or not last,
                       quick=not simplify_result)
        stages.append(stage)
        current = stage.result
    if len(stages) == 1:
        root: S.Step = stages[0]
    else:
        first = stages[0].expr  # the composite when `where` was given
        root = S.Derivation(
            expr=first, wrt=",".join(order), result=current, substeps=tuple(stages), order=order
        )
    if verify:
        verify_tree(root)
    return root


def step_to_json(step: S.Step, partial: Optional[tuple[str, ...]] = None, *, target: str = "unicode") -> dict[str, Any]:
    """``{"rule", "expr", "wrt", "result", "shown", "text", "substeps"}``.

    ``expr`` and ``result`` are in SymPy's str() syntax (for programs); ``shown`` is the
    equation line the student reads, exactly as printed; ``text`` is the whole sentence.
    ``partial``: the variables of the explained function (default: this step's, as a root).
    ``target``: the printer's target of ``shown`` and ``text`` (plain for ``--plain``).
    """
    if partial is None:
        partial = several_variables(step)
    return {
        "rule": step.rule,
        "expr": str(step.expr),
        "wrt": step.wrt,
        "result": str(step.result),
        "shown": shown(step, partial, target),
        "text": text_of(step, partial, target),
        "substeps": [step_to_json(s, within(step, partial), target=target) for s in step.substeps],
    }


def explanation_to_json(root: S.Step, of: Optional[Expr] = None) -> dict[str, Any]:
    """The top-level document: ``{"of", "wrt", "result", "steps": [...]}``."""
    order = list(root.order) if isinstance(root, S.Derivation) else [root.wrt]
    steps = root.substeps if isinstance(root, S.Derivation) else (root,)
    return {
        "of": str(root.expr if of is None else of),
        "wrt": order,
        "result": str(root.result),
        "steps": [step_to_json(s, several_variables(root)) for s in steps],
    }
