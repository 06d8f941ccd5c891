"""The symbolic oracle: is ``answer - expected`` zero? equal / different / unknown, with a reason.

Cheap canonical forms run in this process: SymPy's automatic simplification
(``d == 0``), exact numbers, and ``cancel`` (which treats sin(x), e^x... as
independent generators, so a zero result is a proof, and for a rational
function of the variables a nonzero result is a proof of difference). They are
guarded by a size estimate so they cannot blow up.

Everything else (trig expansion, rewriting in exponentials, ``trigsimp``,
``simplify``) runs in a *forked child* with CPU, memory and wall-clock limits:
``signal.alarm`` cannot interrupt SymPy inside long integer arithmetic, and a
correct double-angle answer for d/dx √cos(64x) keeps ``simplify`` busy for
many seconds. The child is a raw ``os.fork()`` of this process (SymPy already
imported, nothing re-imported, the expression inherited instead of pickled);
``multiprocessing.Process`` would refuse to start inside batch workers, which
are daemonic. The parent waits on a pipe with a timeout and kills the child.
"""

from __future__ import annotations

import math
import os
import resource
import select
import signal
from dataclasses import dataclass
from typing import Any, Callable, Iterable

__all__ = ["SymbolicOutcome", "cheap_forms", "textbook", "in_child", "run_limited", "CHILD_MEMORY_BYTES"]

# Above this many nodes the in-process forms are skipped (cancel is roughly
# quadratic in the size of what it multiplies out).
MAX_NODES = 400

# Terms a multinomial expansion may produce in-process: (x+y+z)^12 has 91,
# (a+b+c+d+e)^40 has 135,751 and would take seconds.
MAX_EXPANDED_TERMS = 2000

# Constants are evaluated to this many digits, SymPy's evalf raising its working
# precision up to NUMBER_MAX_DIGITS; a value with fewer than SIGNIFICANT_BITS
# correct bits is a zero it cannot prove ("0.e-377"), not a nonzero number.
NUMBER_DIGITS = 60
NUMBER_MAX_DIGITS = 300
SIGNIFICANT_BITS = 20

# Address space the child may add to what it inherited: simplify of a large
# trig expression stays far below; runaway expansion hits it and dies quickly.
CHILD_MEMORY_BYTES = 768 * 1024 * 1024

# Extra CPU seconds past the wall-clock timeout before the kernel kills the
# child (RLIMIT_CPU counts whole seconds; the wall clock is the real limit).
CPU_GRACE_S = 1


@dataclass(frozen=True)
class SymbolicOutcome:
    """What SymPy decided and how."""

    result: str  # "equal" | "different" | "unknown"
    how: str  # e.g. "the difference cancels to 0"
    in_child: bool = False
    constants_vanish: bool = False  # "unknown", but only constants SymPy cannot prove 0 stand in the way


UNKNOWN = SymbolicOutcome("unknown", "no canonical form decided")

# The difference reduces to constants that are 0 to NUMBER_MAX_DIGITS digits
# but that SymPy cannot prove 0 (ln 6 − ln 2 − ln 3): not a proof either way,
# and the expensive forms would only hunt for a proof of a constant identity,
# so the numbers decide at once.
VANISHING = SymbolicOutcome(
    "unknown", "the difference reduces to constants that are 0 to 60 digits", constants_vanish=True
)


def _nonzero_number(value: Any) -> bool | None:
    """True/False when a constant is provably (non)zero, None when it cannot tell.

    Zero needs SymPy's proof (``is_zero``). Nonzero needs an exact nonzero
    rational, or a value that SymPy's adaptive ``evalf`` returns with
    significant bits (it raises its working precision until the digits it
    reports are right, so 10⁻⁷⁰ comes back as 1.000…e-70 with 200 bits). A
    constant that evaluates to 0 at high precision (ln 6 − ln 2 − ln 3,
    √(3+2√2) − 1 − √2, sin²1 + cos²1 − 1 come back as "0.e-377", one bit) is
    *not* a proof of anything: SymPy cannot tell, and the numbers decide.
    """
    if value.is_Rational:
        return value != 0
    if value.is_zero:
        return False
    approx = _evaluated(value)
    if approx is None:
        return None
    return True if not approx.is_zero and getattr(approx, "_prec", 0) >= SIGNIFICANT_BITS else None


def _evaluated(value: Any) -> Any:
    """``value`` by evalf at NUMBER_DIGITS (working precision up to NUMBER_MAX_DIGITS), a real Float or None."""
    import sympy

    try:
        approx = value.evalf(NUMBER_DIGITS, maxn=NUMBER_MAX_DIGITS)
    except (TypeError, ValueError, ArithmeticError):
        return None
    if approx.is_zero:
        return sympy.Float(0)
    return approx if isinstance(approx, sympy.Float) else None


def _vanishes_numerically(value: Any) -> bool:
    """A constant whose evaluation has no significant bits: 0 as far as NUMBER_MAX_DIGITS digits can tell."""
    approx = _evaluated(value)
    return approx is not None and (approx.is_zero or getattr(approx, "_prec", 0) < SIGNIFICANT_BITS)


def _coefficients(numerator: Any, symbols: tuple[Any, ...]) -> list[Any]:
    import sympy

    try:
        return sympy.Poly(numerator, *symbols).coeffs()
    except (sympy.PolynomialError, sympy.GeneratorsNeeded, ValueError, TypeError):
        return []


def _expansion_terms(expr: Any) -> float:
    """A rough upper bound on the terms ``expand`` would produce (multinomial counts)."""
    import sympy

    total = 1.0
    for node in sympy.preorder_traversal(expr):
        if node.is_Pow and node.exp.is_Integer and node.base.is_Add:
            n, k = abs(int(node.exp)), len(node.base.args)
            total *= math.comb(n + k - 1, k - 1) if n < 200 else math.inf
    return total


def _small_enough(expr: Any) -> bool:
    import sympy

    nodes = sum(1 for _ in sympy.preorder_traversal(expr))
    return nodes <= MAX_NODES and _expansion_terms(expr) <= MAX_EXPANDED_TERMS


def _judge(value: Any, how: str, symbols: Iterable[Any], *, rational_proof: bool) -> SymbolicOutcome | None:
    """Turn a canonical form of the difference into an outcome, or None if it says nothing."""
    if value == 0:
        return SymbolicOutcome("equal", how)
    if value.is_number:
        nonzero = _nonzero_number(value)
        if nonzero:
            return SymbolicOutcome("different", f"the difference is the constant {value}")
        if nonzero is False:
            return SymbolicOutcome("equal", how or "the difference is a constant that is exactly 0")
        if _vanishes_numerically(value):
            return VANISHING
        return None
    if rational_proof and value.is_rational_function(*symbols):
        # cancel() treats ln 2, ln 3, ln 6 (or √2 and √(3+2√2)) as independent
        # symbols, so a nonzero numerator is a proof only when one of its
        # coefficients is a provably nonzero constant: ln(6)/(x ln 2 ln 3) −
        # 1/(x ln 2) − 1/(x ln 3) cancels to (ln 6 − ln 2 − ln 3)/(x ln 2 ln 3), which is 0.
        numerator, _ = value.as_numer_denom()
        coefficients = _coefficients(numerator, tuple(symbols))
        if any(_nonzero_number(c) for c in coefficients):
            return SymbolicOutcome("different", "the difference is a nonzero rational function")
        if coefficients and all(_vanishes_numerically(c) for c in coefficients):
            return VANISHING
    return None


def textbook(expr: Any) -> Any:
    """``expr`` with the course's conventions where SymPy's differ, for SymPy to reason about.

    acot has range (0, π) as in Stewart (continuous, acot u = π/2 − atan u);
    SymPy's acot is atan(1/u), range (−π/2, π/2], which jumps at 0. asec and
    acsc are acos(1/u) and asin(1/u) in both (docs/checking.md, "Conventions").
    """
    import sympy

    if not expr.has(sympy.acot):
        return expr
    return expr.replace(sympy.acot, lambda u: sympy.pi / 2 - sympy.atan(u))


def cheap_forms(difference: Any, symbols: Iterable[Any]) -> SymbolicOutcome:
    """Decide in-process with forms that cannot blow up; "unknown" leaves it to the child."""
    import sympy

    symbols = tuple(symbols)
    if difference == 0:
        return SymbolicOutcome("equal", "the answer and the derivative are the same expression")
    judged = _judge(difference, "", symbols, rational_proof=False)
    if judged is not None:
        return judged
    if not _small_enough(difference):
        return UNKNOWN
    # cancel() brings everything over one denominator and cancels common
    # factors; for a rational function of the variables that is a canonical
    # form, so a nonzero result proves the difference is not zero.
    rational = difference.is_rational_function(*symbols)
    judged = _judge(sympy.cancel(difference), "the difference cancels to 0", symbols, rational_proof=rational)
    if judged is not None:
        return judged
    judged = _judge(sympy.expand(difference), "the difference expands to 0", symbols, rational_proof=False)
    return (judged or _by_sign(difference, symbols) or _by_sign_of_arguments(difference)
            or _by_rational_forms(difference) or UNKNOWN)


def _cancels(expr: Any) -> bool:
    import sympy

    return sympy.cancel(expr) == 0


def _cancels_as_rational(expr: Any) -> bool:
    """Zero once sin/cos/tan…/sinh… are rational functions of tan(θ/2) or e^u (rational_forms.py)."""
    import sympy

    from tutor.checking.rational_forms import as_rational

    rational = as_rational(expr)
    return rational is not None and sympy.cancel(rational) == 0


# In-process, the rational forms of trig and hyperbolic functions are tried only
# up to this degree bound (rational_forms.degree_bound): cancel takes
# milliseconds there; (sin 6x)^12-sized ones go to the CPU-limited child.
IN_PROCESS_DEGREE = 24


def _by_rational_forms(difference: Any, max_degree: int | None = IN_PROCESS_DEGREE) -> SymbolicOutcome | None:
    """Trig and hyperbolic identities (tan²x + 1 = sec²x) by rational_forms.py: each |u| split by sign as below."""
    import sympy

    from tutor.checking.rational_forms import degree_bound, has_trig_or_hyperbolic

    if not has_trig_or_hyperbolic(difference):
        return None
    if max_degree is not None and degree_bound(difference) > max_degree:
        return None
    how = "the difference, with the trig and hyperbolic functions as rational functions, cancels to 0"
    if difference.has(sympy.Abs, sympy.sign):
        return _by_sign_of_arguments(difference, _cancels_as_rational, how + " for either sign of each absolute value")
    return SymbolicOutcome("equal", how) if _cancels_as_rational(difference) else None


# Variables whose sign patterns _by_sign tries (2^n substitutions each).
MAX_SIGN_VARIABLES = 3


def _by_sign(difference: Any, symbols: tuple[Any, ...]) -> SymbolicOutcome | None:
    """|x| and sign(x): the difference is 0 if it cancels for x > 0 and for x < 0 (each variable).

    x/|x| against sign(x), 1/x against d/dx ln|x|: with x replaced by p or -p
    for a positive symbol p, SymPy resolves |±p| and sign(±p) by itself.
    """
    import itertools

    import sympy

    if not difference.has(sympy.Abs, sympy.sign) or not 0 < len(symbols) <= MAX_SIGN_VARIABLES:
        return None
    positives = [sympy.Dummy(f"{s}_pos", positive=True) for s in symbols]
    for signs in itertools.product((1, -1), repeat=len(symbols)):
        replaced = _real_odd_roots(difference.xreplace({s: sign * p for s, sign, p in zip(symbols, signs, positives)}))
        # What is left of nested bars (||x| − 2| → |p − 2|) is split by the sign of its argument.
        if sympy.cancel(replaced) != 0 and _by_sign_of_arguments(replaced) is None:
            return None
    return SymbolicOutcome("equal", "the difference cancels to 0 for either sign of each variable")


def _real_odd_roots(expr: Any) -> Any:
    """(−1)^(a/b) with b odd → (−1)^a: the real reading of odd roots (∛(−p) = −∛p).

    With x → −p, SymPy writes (−p)^(−2/3) as (−1)^(−2/3)·p^(−2/3), the principal
    complex branch; the course (and the AD engine) mean the real root.
    """
    import sympy

    odd = {
        power: sympy.Integer(-1) ** power.exp.p
        for power in expr.atoms(sympy.Pow)
        if power.base == -1 and power.exp.is_Rational and power.exp.q % 2 == 1
    }
    return expr.xreplace(odd) if odd else expr


def _by_sign_of_arguments(
    difference: Any,
    vanishes: Callable[[Any], bool] = _cancels,
    how: str = "the difference cancels to 0 for either sign of each absolute value",
) -> SymbolicOutcome | None:
    """|u| and sign(u) for compound u (ln|x² − 1|): replace |u| by ±u and sign(u) by ±1, each sign.

    Sound where every u ≠ 0: each point has some sign pattern, and the
    difference cancels under every pattern (infeasible ones included).
    Nested |…| inside |…| is left to the child.
    """
    import itertools

    import sympy

    calls = difference.atoms(sympy.Abs, sympy.sign)
    arguments = sorted({call.args[0] for call in calls}, key=sympy.default_sort_key)
    if not 0 < len(arguments) <= MAX_SIGN_VARIABLES or any(a.has(sympy.Abs, sympy.sign) for a in arguments):
        return None
    for signs in itertools.product((1, -1), repeat=len(arguments)):
        of = dict(zip(arguments, signs))
        replaced = difference.xreplace(
            {call: (of[call.args[0]] * call.args[0] if isinstance(call, sympy.Abs) else sympy.Integer(of[call.args[0]]))
             for call in calls}
        )
        if not vanishes(replaced):
            return None
    return SymbolicOutcome("equal", how)


def _rational(d: Any) -> Any:
    outcome = _by_rational_forms(d, max_degree=None)
    if outcome is None or outcome.result != "equal":
        raise ValueError("not an identity of the rational forms")  # says nothing: the next form
    return 0


def _rewrite_exp(d: Any) -> Any:
    import sympy

    return sympy.cancel(sympy.expand(d.rewrite(sympy.exp)))


# expand_trig turns sin(n·x) into a polynomial of degree n in sin x and cos x:
# fine for double and triple angles, hopeless for tan(1000x).
MAX_TRIG_MULTIPLE = 6


def _expand_trig(d: Any) -> Any:
    import sympy

    for call in d.atoms(sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot):
        coefficient, _ = call.args[0].as_coeff_Mul()
        if abs(coefficient) > MAX_TRIG_MULTIPLE:
            raise ValueError(f"{call} is too large a multiple angle to expand")
    return sympy.cancel(sympy.expand_trig(d))


def _logs(d: Any) -> Any:
    import sympy

    return sympy.cancel(sympy.expand_log(sympy.logcombine(d)))


def _powers(d: Any) -> Any:
    import sympy

    return sympy.cancel(sympy.powsimp(sympy.powdenest(d)))


def _trigsimp(d: Any) -> Any:
    import sympy

    return sympy.trigsimp(d)


def _simplify(d: Any) -> Any:
    import sympy

    return sympy.simplify(d)


# Cheapest first: most trig/log/power identities fall to one targeted rewrite
# in milliseconds; simplify is the expensive catch-all, last.
CHILD_FORMS: tuple[tuple[str, Callable[[Any], Any]], ...] = (
    ("the difference, with the trig and hyperbolic functions as rational functions, cancels to 0", _rational),
    ("the difference, with powers combined, cancels to 0", _powers),
    ("the difference, with trig functions expanded, cancels to 0", _expand_trig),
    ("the difference, rewritten with exponentials, cancels to 0", _rewrite_exp),
    ("the difference, with logarithms expanded, cancels to 0", _logs),
    ("trigsimp reduces the difference to 0", _trigsimp),
    ("simplify reduces the difference to 0", _simplify),
)


def _run_forms(difference: Any, symbols: tuple[Any, ...]) -> SymbolicOutcome:
    for how, form in CHILD_FORMS:
        try:
            value = form(difference)
        except Exception:  # noqa: BLE001 — a form SymPy cannot apply says nothing
            continue
        judged = _judge(value, how, symbols, rational_proof=False)
        if judged is not None:
            return judged
    return SymbolicOutcome("unknown", "no canonical form reduced the difference to 0")


def _current_address_space() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_child(cpu_s: float) -> None:
    # SIGPROF's default action ends the process: the kernel stops the child after cpu_s seconds of
    # its own CPU time, even inside long integer arithmetic, whatever the machine's load.
    signal.signal(signal.SIGPROF, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_PROF, cpu_s)
    cpu = int(math.ceil(cpu_s)) + CPU_GRACE_S
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    base = _current_address_space()
    if base:
        limit = base + CHILD_MEMORY_BYTES
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


_CODES = {"equal": b"E", "different": b"D", "unknown": b"U"}
_RESULTS = {code: result for result, code in _CODES.items()}


def run_limited(task: Callable[[], bytes], timeout_s: float, cpu_s: float | None = None) -> bytes:
    """``task()`` in a forked child limited in CPU, memory and wall-clock time; b"" if it did not finish.

    The child writes the task's bytes (at most 4000) to a pipe and exits at
    once (``os._exit``: no cleanup, no flushing of the parent's buffers). The
    parent waits on the pipe up to ``timeout_s``, then kills the child; the
    child ends itself after ``cpu_s`` seconds of CPU (default ``timeout_s``).
    A CPU limit does the same work on a loaded machine as on an idle one, so
    a check with a CPU limit and a generous wall clock is reproducible.
    """
    if timeout_s <= 0:
        return b""
    cpu_s = timeout_s if cpu_s is None else cpu_s
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        status = 0
        try:
            os.close(read_end)
            _limit_child(cpu_s)
            os.write(write_end, task()[:4000])
        except BaseException:  # noqa: BLE001 — MemoryError, anything: report nothing
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    data = b""
    try:
        ready, _, _ = select.select([read_end], [], [], timeout_s)
        if ready:
            chunks = []
            while chunk := os.read(read_end, 4096):
                chunks.append(chunk)
            data = b"".join(chunks)
    finally:
        os.close(read_end)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    return data


def in_child(difference: Any, symbols: Iterable[Any], timeout_s: float, cpu_s: float | None = None) -> SymbolicOutcome:
    """Run the expensive forms in a forked child limited in CPU, memory and wall-clock time (see ``run_limited``)."""
    symbols = tuple(symbols)
    if timeout_s <= 0:
        return SymbolicOutcome("unknown", "no time left for the symbolic check")

    def task() -> bytes:
        outcome = _run_forms(difference, symbols)
        return _CODES[outcome.result] + outcome.how.encode("utf-8")

    data = run_limited(task, timeout_s, cpu_s)
    if not data:
        limit = timeout_s if cpu_s is None else min(timeout_s, cpu_s)
        return SymbolicOutcome("unknown", f"the symbolic check did not finish within {limit:.1f} s", True)
    result = _RESULTS.get(data[:1], "unknown")
    return SymbolicOutcome(result, data[1:].decode("utf-8", "replace"), True)
