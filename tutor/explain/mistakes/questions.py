"""The course's other questions: implicit derivatives, tangent and normal lines, linear approximations,
tangent planes, gradients, Hessians and directional derivatives (found by the wrong answer each
produces: explain/question_mistakes.py)."""

from __future__ import annotations

from tutor.explain.mistake import Mistake

# fmt: off
ROWS = (
    Mistake("implicit.y-treated-as-constant", "implicit differentiation: y treated as a constant (the `dy/dx` factor missing)", "dy/dx on the curve x^3 + y^3 = 6x y", "(6y - 3x^2)/(3y^2)", practice="implicit"),
    Mistake("implicit.sign-slip", "implicit differentiation: a sign lost moving terms across the equation", "dy/dx on the curve x^2 + y^2 = 25", "x/y", practice="implicit"),
    Mistake("implicit.not-solved", "implicit differentiation: not solved for `dy/dx`", "dy/dx on the curve x^2 + y^2 = 25", "-2x", practice="implicit"),
    Mistake("tangent.slope-not-evaluated", "tangent line: the slope left as `f'(x)` instead of the number `f'(a)`", "tangent line to y = x^2 at x = 1", "y - 1 = 2x(x - 1)", practice="tangent-line"),
    Mistake("tangent.slope-point-swapped", "tangent line: slope and point mixed up (`f(a)` used as the slope, or a point's coordinates swapped)", "tangent line to y = x^3 at x = 1", "y = 3 + (x - 1)", practice="tangent-line"),
    Mistake("normal.slope-not-negative-reciprocal", "normal line: the slope is not `-1/f'(a)`", "normal line to y = x^2 at x = 1", "y - 1 = 2(x - 1)", practice="normal-line"),
    Mistake("linearization.constant-missing", "linear approximation or tangent plane: the constant term `f(a)` missing or wrong", "linear approximation of x^2 at x = 1", "2(x - 1)", practice="linear-approximation"),
    Mistake("plane.partials-not-evaluated", "tangent plane: the partial derivatives not evaluated at the point", "tangent plane to z = x^2 + y^2 at x = 1, y = 2", "z = 5 + 2x(x - 1) + 2y(y - 2)", practice="tangent-plane"),
    Mistake("gradient.components-swapped", "gradient: components in the wrong order", "gradient of x^2 y", "[x^2, 2x y]", practice="gradient"),
    Mistake("hessian.gradient-instead", "Hessian: the gradient given instead of the matrix of second partials", "Hessian of x^2 + y^2", "[2x, 2y]", practice="hessian"),
    Mistake("hessian.mixed-partial-wrong", "Hessian: a mixed partial derivative `∂²f/∂x∂y` wrong", "Hessian of x^2 y + y^3", "[[2y, 2y], [2x, 6y]]", practice="hessian"),
    Mistake("directional.not-normalised", "directional derivative: the direction not normalised to a unit vector", "directional derivative of x^2 + y^2 at x = 1, y = 2 in the direction (3, 4)", "22", practice="directional-derivative"),
)
# fmt: on
