"""The resource limits of the input language, checked before SymPy sees anything.

Every number here bounds the work one typed answer (or one pack field) can
cause. They are generous for calculus answers and small enough that the
worst input is rejected in milliseconds; each has a why-comment.
"""

from __future__ import annotations

__all__ = [
    "ANSWER_LENGTH",
    "PACK_FIELD_LENGTH",
    "MAX_TOKENS",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_CONSTANT_BITS",
    "MAX_ROOT_BITS",
    "MAX_FACTORIAL",
    "MAX_ORDER",
]

# A typed answer longer than a terminal line or two is a paste accident, not calculus.
ANSWER_LENGTH = 300
# A pack's expected answer or template may be longer (sums of several terms), still one screen.
PACK_FIELD_LENGTH = 2000
# Tokens per input: ~half the pack field length, since most tokens are 1-3 characters.
MAX_TOKENS = 1000
# Nesting (parentheses, bars, exponents, unary signs, function applications): textbook
# answers nest fewer than 10 deep; 40 leaves room and keeps the recursive parser shallow.
MAX_DEPTH = 40
# Nodes of the parsed tree: the longest derivative answers in the course have ~60.
MAX_NODES = 250
# Digits of one number literal: beyond 15 a double can't hold it and no exercise needs it.
MAX_DIGITS = 15
# |n| for a constant exponent n (x^n, 10^n, 1e-n): (x+1)^100000 would make SymPy's expand hang.
MAX_EXPONENT = 1000
# Size of an exact constant computed while parsing (2^1000 is ~1000 bits; 10000 bits is
# ~3000 digits, below Python's 4300-digit int->str limit, and still instant to print).
MAX_CONSTANT_BITS = 10_000
# Base of a fractional power (SymPy factors it to pull out perfect powers: keep it small).
MAX_ROOT_BITS = 2_000
# n! only for small whole literals: 20! is the largest factorial that fits in 64 bits.
MAX_FACTORIAL = 20
# Highest derivative order (repeated --wrt, --order, a pack's wrt list). Mixed partials nest one
# dual number per order (cost 2^n: 60 --wrt never finished) and symbolic derivatives grow about
# 6x per order (x^x^x: 28,000 operations at the 6th); 10 is far above any exercise.
MAX_ORDER = 10
