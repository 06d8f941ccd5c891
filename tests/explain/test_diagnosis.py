"""Mistake diagnosis: the catalogue's own examples, a labelled corpus (≥ 95 %), correct answers untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

from tutor.checking.request import read_request
from tutor.explain import MISTAKES, diagnose, diagnose_dual
from tutor.explain.catalogue import MistakeInfo
from tutor.parsing import parse

CORPUS = Path(__file__).parent / "data" / "wrong_answers.txt"
x, y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)


def _rows() -> list[tuple[str, str, str, str, str]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            mistake, of, answer, wrt, where = (part.strip() for part in line.split(";"))
            rows.append((mistake, of, answer, wrt, where))
    return rows


def _diagnose(of: str, answer: str, wrt: str, where: str):
    request = read_request(answer, of, wrt.split(), where or None)
    return diagnose(request.of.expr, request.answer.expr, list(request.wrt), request.where or None)


def _example(m: MistakeInfo):
    if m.dual:
        return diagnose_dual(parse(m.example_of, epsilon=True), parse(m.example_answer, epsilon=True))
    return _diagnose(m.example_of, m.example_answer, m.wrt, m.where)


def test_the_catalogue_lists_each_id_once_and_every_id_is_produced_somewhere() -> None:
    from tutor.explain.buggy import BUGGY_RULES
    from tutor.explain.diagnosis import WHOLE_ANSWER_MISTAKES
    from tutor.explain.dual import ALGEBRAS

    ids = [m.id for m in MISTAKES]
    assert len(ids) == len(set(ids))
    assert all(m.title and m.example_of and m.example_answer for m in MISTAKES)
    from tutor.explain.wrong_answers import PRODUCED

    from tutor.explain.question_mistakes import MIXED_PARTIAL_ID, QUESTION_MISTAKES

    produced = {r.id for r in BUGGY_RULES} | set(WHOLE_ANSWER_MISTAKES) | {a.id for a in ALGEBRAS if a.id} | set(PRODUCED)
    produced |= {q.id for q in QUESTION_MISTAKES} | {MIXED_PARTIAL_ID}
    assert produced == set(ids), (set(ids) - produced, produced - set(ids))


def test_the_docs_table_is_the_catalogue() -> None:
    from tutor.explain.catalogue import catalogue_markdown

    docs = (Path(__file__).parents[2] / "docs" / "explanations.md").read_text(encoding="utf-8")
    assert catalogue_markdown() in docs, "paste tutor.explain.catalogue.catalogue_markdown() into docs/explanations.md"


@pytest.mark.parametrize("mistake", [m for m in MISTAKES if not m.practice], ids=lambda m: m.id)
def test_each_catalogue_example_is_diagnosed_as_itself(mistake: MistakeInfo) -> None:
    found = _example(mistake)
    assert found is not None and found.best.id == mistake.id, found and [m.id for m in found.matches]
    assert found.best.message


@pytest.mark.slow
def test_labelled_corpus_accuracy() -> None:
    rows = _rows()
    assert len(rows) >= 100
    misses = []
    for mistake, of, answer, wrt, where in rows:
        found = _diagnose(of, answer, wrt, where)
        top = found.best.id if found else None
        if top != mistake:
            misses.append(f"{mistake}: {of} -> {answer} diagnosed {top}")
    accuracy = 1 - len(misses) / len(rows)
    print(f"diagnosis accuracy: {accuracy:.1%} over {len(rows)} labelled wrong answers")
    assert accuracy >= 0.95, misses


def test_the_corpus_covers_deep_mistakes() -> None:
    deep = [r for r in _rows() if r[1] in ("sin(cos(2x))", "x*e^(cos(3x))", "(x^2*sin(x))^3", "ln(x*cos(x))")]
    assert len(deep) == 4


# fmt: off
CORRECT = [
    ("sin(x^2)", "2x cos(x^2)", "x", ""),
    ("x e^(-x)", "e^(-x) - x e^(-x)", "x", ""),
    ("x e^(-x)", "(1 - x)/e^x", "x", ""),
    ("tan(x)", "1/cos(x)^2", "x", ""),
    ("tan(x)", "1 + tan(x)^2", "x", ""),
    ("ln(x)", "1/x", "x", ""),
    ("sin(x)/x", "cos(x)/x - sin(x)/x^2", "x", ""),
    ("sqrt(x)", "0.5 x^(-0.5)", "x", ""),
    ("|x|", "x/|x|", "x", ""),
    ("2^x", "2^x ln(2)", "x", ""),
    ("sin(x)^2", "sin(2x)", "x", ""),
    ("x^x", "x^x (1 + ln(x))", "x", ""),
    ("x^2 y^3", "2x y^3", "x", ""),
    ("x^2 y^3", "6x y^2", "x y", ""),
    ("x y", "cos(t)^2 - sin(t)^2", "t", "x=cos(t), y=sin(t)"),
    ("asin(2x)", "2/sqrt(1 - 4x^2)", "x", ""),
    ("log(x)/log(2)", "1/(x ln(2))", "x", ""),
    ("sqrt(cos(64x))", "-64 sin(32x)cos(32x)/sqrt(cos(64x))", "x", ""),
    ("2x + tanh(cosh(x))", "-sinh(x)*tanh(cosh(x))^2 + sinh(x) + 2", "x", ""),
    ("z x^2 y", "2x y z", "x", ""),
    ("x e^x", "(x + 2) e^x", "x x", ""),
    ("ln|x^2 - 1|", "2x/(x^2 - 1)", "x", ""),
    ("x^(sin x)", "x^(sin x) (cos(x) ln(x) + sin(x)/x)", "x", ""),
    ("sin(xy)", "5t^4 cos(t^5)", "t", "x=t^2, y=t^3"),
]
# fmt: on


@pytest.mark.parametrize("of, answer, wrt, where", CORRECT)
def test_a_correct_answer_is_never_diagnosed(of: str, answer: str, wrt: str, where: str) -> None:
    assert _diagnose(of, answer, wrt, where) is None


def test_an_unexplained_answer_gets_no_diagnosis() -> None:
    assert _diagnose("x^3 cos(2x)", "17", "x", "") is None


def test_two_mistakes_that_fit_the_same_answer_are_both_named() -> None:
    found = _diagnose("x^3 - sin(x)", "3x^2 + cos(x)", "x", "")
    assert found is not None and found.best.id == "sum.sign-lost"
    assert found.ambiguous and "trig.sign" in found.message


def test_a_pair_of_mistakes_when_no_single_one_fits() -> None:
    found = _diagnose("x^3 cos(2x)", "3x^3 cos(2x) - x^3 sin(2x)", "x", "")
    assert found is not None and set(found.best.ids) == {"power.exponent-not-reduced", "chain.missing-inner"}


def test_location_and_message_name_the_step() -> None:
    found = _diagnose("x^2 sin(x^3)", "2x sin(x^3) + x^2 cos(x^3)", "x", "")
    assert found.best.id == "chain.missing-inner"
    assert found.best.location == sympy.sin(x**3)
    assert found.best.message == "with u = x³, you differentiated sin(u) but did not multiply by du/dx = 3x²"


def test_dual_correct_answer_is_not_diagnosed() -> None:
    assert diagnose_dual(parse("(2 + 3ε)(4 + 5ε)", epsilon=True), parse("8 + 22ε", epsilon=True)) is None


@pytest.mark.parametrize("question, answer, mistake", [
    ("(1 + 2ε)(3 + ε)", "3 + 2ε", "dual.cross-term-missing"),
    ("(1 + 2ε)(3 + ε)", "3", "dual.cross-term-missing"),
    ("(2 + ε)^2", "4 + 4ε + ε^2", "dual.epsilon-squared-kept"),
    ("exp(1 + 3ε)", "e + e ε", "dual.b-factor-missing"),
    ("cos(2 + 5ε)", "cos(2) - sin(2) ε", "dual.b-factor-missing"),
    ("(4 + 2ε)/(2 + ε)", "2 + 2ε", "dual.componentwise-division"),
])
def test_dual_mistakes(question: str, answer: str, mistake: str) -> None:
    found = diagnose_dual(parse(question, epsilon=True), parse(answer, epsilon=True))
    assert found is not None and found.best.id == mistake


def test_an_answer_of_zero_is_not_a_constant_factor() -> None:
    assert _diagnose("x^3 y^2 e^(xy)", "0", "x y", "") is None


def test_a_quotient_written_with_e_to_the_x_is_diagnosed_as_a_quotient() -> None:
    # x/e^x is read as x·e^(−x); quotient-rule slips are looked for in the quotient view
    found = _diagnose("x/e^x", "(e^x - x e^x)/e^x", "x", "")
    assert found is not None and found.best.id == "quotient.denominator-not-squared"


def test_the_quotient_view_does_not_beat_a_whole_answer_mistake() -> None:
    # the reversed numerator of any quotient is the derivative with the opposite sign
    found = _diagnose("e^(-x) sin(x)", "e^(-x) sin(x) - e^(-x) cos(x)", "x", "")
    assert found is not None and found.best.id == "sign.flipped"
    assert "quotient.reversed-numerator" in {m.id for m in found.matches}
