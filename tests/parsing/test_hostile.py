"""Hostile input: every entry of the corpus is refused with a ParseError and nothing runs.

Time bounds (each refusal within 0.2 s) are measured by benchmarks/parse.py, not here.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from tutor.parsing import PACK_FIELD_LENGTH, ParseError, read

_spec = importlib.util.spec_from_file_location("parsing_corpus", Path(__file__).with_name("corpus.py"))
corpus = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(corpus)  # type: ignore[union-attr]


def test_the_corpus_is_large_enough() -> None:
    assert len(corpus.HOSTILE) >= 60
    assert len(set(corpus.HOSTILE)) == len(corpus.HOSTILE)


@pytest.fixture(autouse=True)
def _no_marker() -> None:
    if os.path.exists(corpus.MARKER):
        os.remove(corpus.MARKER)
    yield
    assert not os.path.exists(corpus.MARKER), "an injection attempt created the marker file"


@pytest.mark.parametrize("text", corpus.HOSTILE, ids=[repr(h[:24]) for h in corpus.HOSTILE])
@pytest.mark.parametrize("max_length", [300, PACK_FIELD_LENGTH])
def test_hostile_input_is_refused(text: str, max_length: int) -> None:
    with pytest.raises(ParseError) as info:
        read(text, max_length=max_length)
    error = info.value
    assert error.message and error.span is not None
    assert 0 <= error.span.start <= len(text)
    # an error message stays short even when the input is a megabyte
    assert len(str(error)) < 600


@pytest.mark.parametrize("text", corpus.HOSTILE[:30], ids=[repr(h[:24]) for h in corpus.HOSTILE[:30]])
def test_hostile_input_with_declared_variables(text: str) -> None:
    with pytest.raises(ParseError):
        read(text, ["x", "y"])


@pytest.mark.parametrize("text", corpus.TYPICAL + corpus.TYPICAL_LATEX)
def test_typical_answers_are_read(text: str) -> None:
    reading = read(text)
    assert reading.text


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = "xyzesinco ptal^*/+-()|!.,'=√²⁻¹·−π0123456789_[]{}θε\t\u202e\x00"


@settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "400")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_ALPHABET, max_size=40) | st.text(max_size=20))
def test_any_text_gives_a_reading_or_a_parse_error(text: str) -> None:
    """Fuzzing: whatever is typed, the reader answers with a Reading or a ParseError, nothing else."""
    try:
        reading = read(text)
    except ParseError as error:
        assert error.span is not None and 0 <= error.span.start <= max(len(text), 0) + 1
        return
    assert isinstance(reading.text, str)


_VOCABULARY = ["x", "y", "2", "0.5", "1e3", "e", "pi", "sin", "cos", "sec", "asin", "ln", "log", "exp", "sqrt",
               "abs", "sinh", "factorial", "^", "**", "*", "/", "+", "-", "(", ")", "|", "√", "!", "²", "⁻¹",
               "θ", " ", "0", "10", "1000", "-1", "x2", "xy", "d", "dx", "'", "="]


@settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "400")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_VOCABULARY), max_size=16).map("".join))
def test_any_token_soup_gives_a_reading_or_a_parse_error(text: str) -> None:
    try:
        reading = read(text, ["x", "y", "θ"])
    except ParseError:
        return
    assert isinstance(reading.text, str)
