"""Hostile input never escapes as a traceback: pack text, answers in brackets, template values."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.packs import PackError, load_pack_text
from tutor.packs.answers import split_brackets
from tutor.parsing import ParseError

YAMLISH = st.text(alphabet=st.sampled_from(list("abcdefxyz01:- \n[]{}'\"!&*#|>%@`,.?") + ["\t", "ε"]),
                  max_size=120)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_any_text_loads_or_fails_with_pack_problems(text: str) -> None:
    try:
        load_pack_text("format: 1\nid: f\ntitle: F\nexercises:\n  - id: a\n    kind: derivative\n    of: " + text)
    except PackError as error:
        assert error.problems and all(p.line >= 1 and p.column >= 1 for p in error.problems)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[](), 12xy+")), max_size=40))
def test_bracketed_answers_split_or_fail_with_a_column(text: str) -> None:
    try:
        split_brackets(text)
    except ParseError as error:
        assert 0 <= error.span.start <= len(text)


@pytest.mark.parametrize("text", ["[[1, 2], [3, 4]]", "[1, 2, 3]", "[[1], [2]]", "[sin(x), (1, 2)]"])
def test_well_formed_lists_split_into_element_texts(text: str) -> None:
    items = split_brackets(text)
    flat = [i for row in items for i in (row if isinstance(row, list) else [row])]
    assert all(text[offset:offset + len(chunk)] == chunk for chunk, offset in flat)


def test_a_billion_laughs_style_pack_is_refused_early() -> None:
    text = "format: 1\nid: b\ntitle: B\nexercises: &a [*a, *a]\n"
    with pytest.raises(PackError, match="anchor &a"):
        load_pack_text(text)
