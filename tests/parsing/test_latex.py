"""LaTeX as students paste it: read through the same parser, errors at the column typed."""

from __future__ import annotations

import pytest
import sympy as sp

from tutor.parsing import ParseError, parse, read, variable

x, y = variable("x"), variable("y")

# (LaTeX, the same expression typed in the plain language)
SAME_AS_PLAIN = [
    (r"\frac{1}{2\sqrt{x}}", "1/(2 sqrt(x))"),
    (r"\dfrac{d}{1}", "d"),
    (r"\frac{\frac{1}{x}}{\frac{2}{y}}", "(1/x)/(2/y)"),
    (r"\frac{x+1}{x-1}^2", "((x+1)/(x-1))^2"),
    (r"\sqrt{\frac{x}{2}}", "sqrt(x/2)"),
    (r"\sqrt[4]{x}", "x^(1/4)"),
    (r"2x\cos(x^2)", "2x cos(x^2)"),
    (r"\sin^2 x + \cos^2 x", "sin^2 x + cos^2 x"),
    (r"e^{x^2}\cdot 2x", "e^(x^2)*2x"),
    (r"\left(\frac{1}{2}\right)^{x}\ln\frac{1}{2}", "(1/2)^x ln(1/2)"),
    (r"\frac{1}{\sqrt{1-x^2}}", "1/sqrt(1-x^2)"),
    (r"\tan^{-1}\left(\frac{x}{2}\right)", "atan(x/2)"),
    (r"x^{2}y^{3}", "x^2 y^3"),
    (r"\frac12 x", "x/2"),
    (r"\frac{1}{2} x", "x/2"),
    (r"\sqrt{2}x", "sqrt(2) x"),
    (r"\ln\left(\left|x\right|\right)", "ln|x|"),
    (r"\operatorname{csch}^2 x", "csch(x)^2"),
]


@pytest.mark.parametrize("latex, plain", SAME_AS_PLAIN, ids=[s[0] for s in SAME_AS_PLAIN])
def test_latex_reads_as_the_plain_spelling(latex: str, plain: str) -> None:
    assert parse(latex) == parse(plain)


# (input, 1-based column of the error, words of the message)
ERRORS = [
    (r"\int x\,dx", 1, r"\int asks for a computation"),
    (r"2x + \int x", 6, r"\int asks for a computation"),
    (r"\sum_{k} x", 1, r"\sum"),
    (r"\lim x", 1, r"\lim"),
    (r"\infty", 1, "not a number"),
    (r"\def\x{1}", 1, r"\def is a TeX programming command"),
    (r"\input{/etc/passwd}", 1, r"\input is a TeX programming command"),
    (r"\catcode`\^=7", 1, r"\catcode is a TeX programming command"),
    (r"\csname x\endcsname", 1, r"\csname is a TeX programming command"),
    (r"x + \foo", 5, r"\foo is not part of an answer"),
    (r"\sinx", 1, r"unknown command \sinx"),
    (r"\text{for } x", 1, r"\text is text"),
    (r"\frac{1}{x", 9, "never closed"),
    (r"\frac", 1, "needs its numerator"),
    (r"\frac{1}", 1, "needs its denominator"),
    (r"\frac{}{x}", 6, "numerator of \\frac is empty"),
    (r"\frac+1", 6, "goes in braces"),
    (r"\sqrt", 1, "needs its radicand"),
    (r"\sqrt[]{x}", 6, "degree of the root"),
    (r"\left x", 1, "needs a bracket or a bar"),
    (r"x\right|", 2, "closing bar without an opening"),
    (r"\operatorname{foo}(x)", 1, "not a function of this course"),
    (r"x \\ y", 3, "line break"),
    (r"\(x", 1, "LaTeX delimiter"),
    (r"\frac{1}{\sqrt{-1}}", 9, "not a real number"),
    (r"$x", 1, "unexpected character '$'"),
]


@pytest.mark.parametrize("text, column, message", ERRORS, ids=[e[0] for e in ERRORS])
def test_latex_errors_point_at_the_column_typed(text: str, column: int, message: str) -> None:
    with pytest.raises(ParseError) as info:
        read(text)
    assert message in info.value.message, info.value.message
    assert info.value.span.column == column, (info.value.message, info.value.span)
    assert info.value.source == text


def test_an_error_inside_latex_keeps_the_columns_of_the_original_text() -> None:
    text = r"\frac{1}{2\sqrt{x}} + sen(x)"
    with pytest.raises(ParseError) as info:
        read(text, ["x"])
    assert text[info.value.span.start : info.value.span.end] == "sen"


def test_pasted_delimiters_are_stripped_and_columns_kept() -> None:
    for text in (r"$x^2 + \frac{1}{x}$", r"$$x^2 + \frac{1}{x}$$", r"\(x^2 + \frac{1}{x}\)", r"\[x^2 + \frac{1}{x}\]",
                 r"  $x^2 + \frac{1}{x}$  "):
        assert parse(text) == x**2 + 1 / x, text
    with pytest.raises(ParseError) as info:
        read(r"$x + y +$")
    assert info.value.span.column == 10  # the end, where the missing term is


def test_directed_bars_nest() -> None:
    assert parse(r"\lvert 2\lvert x\rvert - 1\rvert") == sp.Abs(2 * sp.Abs(x) - 1)
    assert parse(r"\left| x \left| y \right| \right|") == sp.Abs(x * sp.Abs(y))
    assert parse("||x| - 1|") == sp.Abs(sp.Abs(x) - 1)
    with pytest.raises(ParseError, match="empty absolute value bars"):
        parse("||")


def test_epsilon_spellings_in_dual_numbers() -> None:
    eps = variable("ε")
    for text in ("25 + 10eps", "25 + 10ε", "25 + 10 epsilon", r"25 + 10\varepsilon", r"25 + 10\epsilon"):
        assert parse(text, epsilon=True) == 25 + 10 * eps, text
    assert parse("(3+2eps)(1-eps)", ["x"], epsilon=True) == (3 + 2 * eps) * (1 - eps)
    with pytest.raises(ParseError, match="dual-number"):
        parse(r"1 + \varepsilon")


def test_latex_works_in_pack_fields_with_their_length() -> None:
    from tutor.parsing import PACK_FIELD_LENGTH

    field = " + ".join([r"\frac{x^{2}}{2}"] * 30)
    assert parse(field, ["x"], max_length=PACK_FIELD_LENGTH) == 15 * x**2


def test_nothing_in_latex_reaches_python() -> None:
    # commands are looked up in a table: a Python name after a backslash is just unknown
    for text in (r"\__import__", r"\eval{1}", r"\exec", r"\open{x}"):
        with pytest.raises(ParseError):
            read(text)
