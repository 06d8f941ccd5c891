"""validate: the built-in packs pass (the CI check), and each kind of broken exercise is caught."""

from __future__ import annotations

from importlib.resources import files

import pytest

from tutor.packs import load_pack_text
from tutor.packs.validate import validate_pack

from .conftest import pack_from

BUILTIN = sorted(e.name for e in files("tutor.exercises").iterdir() if e.name.endswith(".yaml"))
TOPICS = ["automatic-differentiation", "chain-rule", "computational-graphs", "derivative-rules", "dual-numbers",
          "gradients-and-directional-derivatives", "higher-derivatives", "implicit-differentiation",
          "multivariable-chain-rule", "numerical-differentiation", "partial-derivatives",
          "tangent-lines-and-linear-approximation"]


def test_every_topic_has_its_pack() -> None:
    assert [name.removesuffix(".yaml") for name in BUILTIN] == TOPICS


@pytest.mark.slow
@pytest.mark.parametrize("name", BUILTIN)
def test_builtin_pack_validates(name: str) -> None:
    """The issue's CI check: 20 draws of every template, keys proved by SymPy and the AD engine."""
    text = files("tutor.exercises").joinpath(name).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    pack = load_pack_text(text, name)
    assert pack.id == pack.topic_id == name.removesuffix(".yaml")
    assert len(pack.exercises) >= 15
    templated = [ex for ex in pack.exercises if ex.params]
    assert len(templated) * 2 > len(pack.exercises), "mostly templated"
    assert all(len(ex.hints) >= 2 for ex in pack.exercises), "a ladder of hints"
    levels = [ex.difficulty for ex in pack.exercises]
    assert levels[0] == min(levels) and max(levels) >= 3, "rising difficulty"
    assert validate_pack(pack, draws=20) == []


def _problems(body: str) -> list[str]:
    return [str(p) for p in validate_pack(pack_from(body), draws=20)]


def test_a_wrong_answer_key_is_caught_at_its_line() -> None:
    (message,) = _problems("""\
        - id: bad-key
          kind: derivative
          of: "x^3"
          answer: "3x^3"
          hints: [h]
        """)
    assert message.startswith("t.yaml:8:13: bad-key.answer: the answer key is incorrect")


def test_a_wrong_numeric_key_is_caught() -> None:
    (message,) = _problems("""\
        - id: bad-graph
          kind: graph-forward
          nodes: {p: "x + y"}
          at: {x: "1", y: "2"}
          answer: "4"
          hints: [h]
        """)
    assert "bad-graph.answer: the answer key is wrong; the computed answer is 3" in message


def test_division_by_zero_in_some_draw_is_caught() -> None:
    found = _problems("""\
        - id: pole
          kind: dual-evaluate
          of: "1/x"
          at: {x: "{a}"}
          params: {a: {integer: [-2, 2]}}
          hints: [h]
        """)
    assert any("pole." in f and ("division" in f or "undefined" in f) and "with a = 0" in f for f in found), found


def test_outside_the_domain_is_caught() -> None:
    found = _problems("""\
        - id: log-negative
          kind: dual-evaluate
          of: "ln(x)"
          at: {x: "-1"}
          hints: [h]
        """)
    assert any("log-negative" in f and ("domain" in f or "finite real" in f) for f in found), found


def test_trivially_zero_derivatives_are_caught() -> None:
    (message,) = _problems("""\
        - id: constant
          kind: derivative
          of: "sin(x)^2 + cos(x)^2"
          wrt: [x]
          hints: [h]
        """)
    assert "identically zero" in message


def test_anticipated_answers_must_be_wrong_and_distinct() -> None:
    found = _problems("""\
        - id: fb
          kind: derivative
          of: "x^2"
          hints: [h]
          feedback:
            - {answer: "x + x", message: "oops"}
            - {answer: "x^2", message: "kept"}
            - {answer: "x*x", message: "same again"}
            - {answer: "x^", message: "broken"}
        """)
    assert any("fb.feedback[0].answer: this anticipated wrong answer is actually right" in f for f in found)
    assert any("fb.feedback[2].answer: the same answer as feedback[1]" in f for f in found)
    assert any("fb.feedback[3].answer: does not parse" in f for f in found)


def test_unknown_placeholders_and_fixed_templates() -> None:
    found = _problems("""\
        - id: misc
          kind: derivative
          of: "{a} x^2"
          prompt: "Differentiate {of} at {b}."
          params: {a: {integer: [2, 5]}}
          hints: [h]
        - id: fixed
          kind: derivative
          of: "{a} x^2"
          params: {a: {integer: [3, 3]}}
          hints: [h]
        """)
    assert any("misc.prompt: unknown placeholder {b}" in f for f in found)
    assert any("fixed.params: all 20 draws give the same exercise" in f for f in found)


def test_unknown_mistake_id_is_reported_with_a_suggestion() -> None:
    (message,) = _problems("""\
        - id: typo
          kind: derivative
          of: "sin(2x)"
          hints: [h]
          feedback:
            - {answer: "cos(2x)", mistake: chain.missing-iner}
        """)
    assert "unknown mistake id `chain.missing-iner`" in message and "chain.missing-inner" in message


def test_math_that_does_not_parse_is_reported_with_its_line() -> None:
    (message,) = _problems("""\
        - id: unparsable
          kind: derivative
          of: "sin(x"
          hints: [h]
        """)
    assert message.startswith("t.yaml:7:9: unparsable.of:")


MIXED = """\
format: 1
id: mixed
title: Mixed
exercises:
  - id: broken
    kind: derivative
    of: "x^2"
    hnits: ["typo"]
  - id: bad-kind
    kind: derivatve
    of: "x^2"
    hints: ["h"]
  - id: wrong-key
    kind: derivative
    of: "x^3"
    answer: "3x"
    hints: ["power rule"]
"""


def test_answer_keys_are_checked_even_when_another_exercise_is_malformed(tmp_path) -> None:
    from tutor.packs.batch import validate_paths

    path = tmp_path / "mixed.yaml"
    path.write_text(MIXED, encoding="utf-8")
    report = validate_paths([path])
    fields = [p.field for p in report.results[0].problems]
    assert "broken.hnits" in fields and "bad-kind.kind" in fields  # the schema problems
    assert "wrong-key.answer" in fields  # and the well-formed exercise's key is still proved wrong
    assert not any(f.startswith("broken.") and f != "broken.hnits" for f in fields)  # malformed: not drawn
    assert report.results[0].pack_id == "mixed"


def test_a_wrong_key_is_called_the_answer_key_not_your_answer() -> None:
    pack = pack_from("""
    - id: wrong-key
      kind: derivative
      of: "x^3"
      answer: "3x"
      hints: ["power rule"]
    """)
    (problem,) = validate_pack(pack)
    assert "your answer" not in problem.message.lower()
    assert "the key gives" in problem.message and "the derivative is" in problem.message
