"""The safe loader: every refused construct is reported at file:line:col with a hint."""

from __future__ import annotations

import re

import pytest

from tutor.packs import PackError, load_pack, load_pack_text
from tutor.packs.loader import MAX_EXERCISES, MAX_FILE_BYTES, MAX_STRING

GOOD = """\
format: 1
id: demo
title: Demo
exercises:
  - id: one
    kind: derivative
    of: "x^2"
    hints: [power rule]
"""


def problems(text: str, name: str = "p.yaml") -> list[str]:
    with pytest.raises(PackError) as info:
        load_pack_text(text, name)
    return [str(p) for p in info.value.problems]


def test_a_good_pack_loads_with_positions() -> None:
    pack = load_pack_text(GOOD, "p.yaml")
    ex = pack.exercises[0]
    assert (pack.id, ex.id, ex.of, ex.hints) == ("demo", "one", "x^2", ("power rule",))
    assert (ex.position("of").line, ex.position("of").column) == (7, 9)
    assert ex.pack_id == "demo" and ex.source == "p.yaml"


@pytest.mark.parametrize(
    ("snippet", "line", "col", "words"),
    [
        ('    of: !!python/object:os.system "x"\n', 7, 9, "tag !!python/object"),
        ('    of: &f "x^2"\n', 7, 9, "anchor &f"),
        ("    hints: [a]\n  - id: two\n    kind: derivative\n    of: *f\n", 10, 9, "alias *f"),
    ],
)
def test_tags_anchors_and_aliases_are_refused(snippet: str, line: int, col: int, words: str) -> None:
    text = GOOD.replace('    of: "x^2"\n', snippet)
    found = problems(text)
    assert len(found) == 1
    assert found[0].startswith(f"p.yaml:{line}:{col}: ") and words in found[0], found


def test_duplicate_keys_are_refused_where_the_second_one_is() -> None:
    text = GOOD + "    of: \"x^3\"\n"
    (message,) = problems(text)
    assert message.startswith("p.yaml:9:5: one.of: duplicate key `of`")


@pytest.mark.parametrize(
    ("value", "seen"),
    [("010", "the number 8"), ("no", "the truth value False"), ("1:30", "the number 90"), ("2.50", "the number 2.5")],
)
def test_unquoted_math_tells_the_author_to_quote_it(value: str, seen: str) -> None:
    (message,) = problems(GOOD.replace('"x^2"', value))
    assert message.startswith("p.yaml:7:9: one.of: math must be a quoted string")
    assert seen in message and f'hint: write it in quotes: "{value}"' in message


def test_unknown_key_suggests_the_close_one() -> None:
    (message,) = problems(GOOD.replace("hints:", "hnits:"))
    assert message.startswith("p.yaml:8:5: one.hnits: unknown key `hnits`")
    assert "did you mean `hints`?" in message


def test_every_problem_is_reported_not_just_the_first() -> None:
    text = GOOD.replace("hints:", "hnits:").replace('"x^2"', "no").replace("title: Demo", "titel: Demo")
    found = problems(text)
    assert len(found) >= 3
    assert all(re.match(r"p\.yaml:\d+:\d+: ", f) for f in found)


def test_missing_required_keys_and_wrong_types() -> None:
    found = problems("format: 1\nid: demo\nexercises:\n  - id: one\n    kind: derivative\n    difficulty: hard\n")
    assert any("missing required key `title`" in f for f in found)
    assert any(f.startswith("p.yaml:6:17: one.difficulty: expected an integer") for f in found)


def test_unknown_kind_is_named_with_a_suggestion() -> None:
    (message,) = problems(GOOD.replace("kind: derivative", "kind: derivatve"))
    assert "unknown kind `derivatve`" in message and "did you mean `derivative`?" in message


def test_yaml_syntax_errors_have_a_position() -> None:
    (message,) = problems(GOOD + "  - id: [unclosed\n")
    assert re.match(r"p\.yaml:\d+:\d+: YAML syntax", message)


def test_size_caps(tmp_path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.yaml"
    big.write_text(GOOD + "#" * (MAX_FILE_BYTES + 1), encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(big)
    assert "capped" in str(info.value.problems[0])
    many = "format: 1\nid: m\ntitle: M\nexercises:\n" + "".join(
        f"  - {{id: e{i}, kind: derivative, of: 'x'}}\n" for i in range(MAX_EXERCISES + 1)
    )
    assert any("the cap is" in p for p in problems(many))
    long_hint = GOOD.replace("[power rule]", "[" + "a" * (MAX_STRING + 1) + "]")
    (message,) = problems(long_hint)
    assert message.startswith("p.yaml:8:13: one.hints[0]:") and "the cap is" in message


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    deep = GOOD + "    where: " + "[" * 500 + "]" * 500 + "\n"
    (message,) = problems(deep)
    assert "nested more than" in message


def test_unreadable_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PackError) as info:
        load_pack(tmp_path / "missing.yaml")
    assert info.value.unreadable
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"id: \xff\xfe\n")
    with pytest.raises(PackError) as info:
        load_pack(binary)
    assert "not UTF-8" in str(info.value.problems[0])


def test_duplicate_exercise_ids() -> None:
    text = GOOD + "  - id: one\n    kind: derivative\n    of: \"x\"\n"
    (message,) = problems(text)
    assert "exercise id `one` is used twice" in message


def test_fields_the_kind_does_not_read_are_reported() -> None:
    (message,) = problems(GOOD.replace("    hints:", "    nodes: {p: \"x + y\"}\n    hints:"))
    assert message.startswith("p.yaml:8:12: one.nodes: `nodes` is not used by the kind `derivative`")
    assert "graph-forward" in message
