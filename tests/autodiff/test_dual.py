"""Dual numbers: the course notes' rules, exactness, domain errors, nesting."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from tutor.autodiff import DomainError, Dual, derivative, ops
from tutor.autodiff.taylor import Taylor, derivatives, mixed_second


def test_exact_product_from_the_notes() -> None:
    z = Dual(sp.Integer(3), sp.Integer(2)) * Dual(sp.Integer(1), sp.Integer(-1))
    assert z.a == 3 and z.b == -1
    assert isinstance(z.a, sp.Integer) and isinstance(z.b, sp.Integer)
    assert str(z) == "3 − 1ε"


def test_exact_function_of_a_dual_keeps_symbolic_values() -> None:
    x = Dual(sp.Integer(2), sp.Integer(1))
    z = ops.sin(x**2)
    assert z.a == sp.sin(4)
    assert sp.simplify(z.b - 4 * sp.cos(4)) == 0


def test_quotient_and_conjugate() -> None:
    u, v = Dual(sp.Integer(1), sp.Integer(2)), Dual(sp.Integer(3), sp.Integer(4))
    q = u / v
    assert (q.a, q.b) == (sp.Rational(1, 3), sp.Rational(2 * 3 - 1 * 4, 9))
    # dividing by multiplying with the conjugate: z·z* = a²
    assert (v * v.conjugate()).a == 9 and (v * v.conjugate()).b == 0
    assert v.matrix() == ((3, 4), (0, 3))


def test_matrix_form_multiplies_like_the_dual() -> None:
    u, v = Dual(2, 5), Dual(3, 7)
    (a, b), (_, c) = u.matrix()
    (d, e), (_, f) = v.matrix()
    product = ((a * d, a * e + b * f), (0, c * f))
    assert product == (u * v).matrix()


@pytest.mark.parametrize(
    ("make", "operation"),
    [
        (lambda: ops.log(Dual(-2.0, 1.0)), "log"),
        (lambda: Dual(1.0, 1.0) / Dual(0.0, 1.0), "division"),
        (lambda: abs(Dual(0.0, 1.0)), "abs"),
        (lambda: ops.sqrt(Dual(-1.0, 1.0)), "sqrt"),
        (lambda: ops.asin(Dual(2.0, 1.0)), "asin"),
        (lambda: Dual(-2.0, 1.0) ** Dual(0.5, 0.0), "power"),
    ],
)
def test_domain_errors_name_the_operation_and_value(make, operation: str) -> None:
    with pytest.raises(DomainError) as info:
        make()
    assert info.value.operation.startswith(operation)
    # a function is named as students read it (ln(u), √u, |u|), never by the engine's name (log, sqrt, abs)
    if operation in ("abs", "sqrt", "asin", "log"):
        from tutor.parsing import notation as M
        from tutor.parsing.printer import show

        assert str(info.value).startswith(show(M.call(operation, M.var("u")))), str(info.value)
    assert isinstance(info.value, ValueError)


def test_log_error_message_names_the_value() -> None:
    with pytest.raises(DomainError, match=r"ln\(u\) and its derivative need u > 0; here u = −2"):
        ops.log(Dual(-2.0, 1.0))


@pytest.mark.parametrize("name", ["sin", "cos", "tan", "exp", "log", "sqrt", "atan", "asin", "acos",
                                  "sinh", "cosh", "tanh", "sec", "csc", "cot", "acot", "abs"])
def test_every_function_matches_sympy(name: str) -> None:
    x0 = 0.4  # inside every domain above
    z = getattr(ops, name)(Dual(x0, 1.0))
    x = sp.Symbol("x", real=True)
    f = getattr(sp, "Abs" if name == "abs" else name)(x)
    assert math.isclose(z.a, float(f.subs(x, x0)), rel_tol=1e-12)
    assert math.isclose(z.b, float(sp.diff(f, x).subs(x, x0)), rel_tol=1e-12)


def test_perturbation_confusion_is_avoided() -> None:
    # d/dx [x · d/dy (x + y)] at x = 1 is 1 (d/dy (x+y) = 1); an untagged engine says 2
    assert derivative(lambda x: x * derivative(lambda y: x + y, 1.0), 1.0) == 1
    assert derivatives(lambda x: x * derivatives(lambda y: x * y, 2.0, 1)[1], 3.0, 2)[1:] == [6.0, 2.0]


def test_taylor_gives_k_derivatives_in_one_pass() -> None:
    ds = derivatives(lambda t: ops.exp(2 * t) * ops.sin(t), 0.3, 4)
    x = sp.Symbol("x")
    f = sp.exp(2 * x) * sp.sin(x)
    for n, d in enumerate(ds):
        assert math.isclose(d, float(sp.diff(f, x, n).subs(x, 0.3)), rel_tol=1e-10)


def test_taylor_exact_coefficients() -> None:
    y = (Taylor.variable(sp.Integer(1), 3, tag=99) + 1) ** 3  # (2 + ε)³ = 8 + 12ε + 6ε² + ε³
    assert y.c == (8, 12, 6, 1)


def test_mixed_second_partial() -> None:
    value = mixed_second(lambda x, y: ops.sin(x * y) + x**2 * y, 0.5, 2.0)
    x, y = sp.symbols("x y")
    expected = float(sp.diff(sp.sin(x * y) + x**2 * y, x, y).subs({x: 0.5, y: 2.0}))
    assert math.isclose(value, expected, rel_tol=1e-12)
