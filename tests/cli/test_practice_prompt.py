"""The interactive prompt driven through prompt_toolkit's pipe input: answers, hint keys, the live toolbar."""

from __future__ import annotations

import importlib.util
import io
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.formatted_text import to_plain_text
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from tutor.cli.exit_codes import ExitCode
from tutor.cli.practice_prompt import AnswerCompleter, PromptFrontEnd, toolbar_fragments
from tutor.cli.practice_run import drive
from tutor.render.session import render_event
from tutor.session.events import Checked, Finished, Hint, Presented
from tutor.session.practice import Entry, PracticeSession
from tutor.session.progress import open_store

_spec = importlib.util.spec_from_file_location("session_fakes", Path(__file__).parents[1] / "session" / "conftest.py")
fakes = importlib.util.module_from_spec(_spec)
sys.modules["session_fakes"] = fakes  # dataclasses look their module up while the file runs
_spec.loader.exec_module(fakes)  # type: ignore[union-attr]


@pytest.fixture
def session(tmp_path: Path):
    store, _ = open_store(tmp_path)
    entries = [Entry(e.pack, e) for e in fakes.FAKE_EXERCISES]
    s = PracticeSession(entries, topic="chain-rule", store=store, clock=fakes.Clock(), rng=random.Random(0), count=2)
    yield s
    store.close()


def run_with_keys(session: PracticeSession, keys: str, tmp_path: Path, extra: KeyBindings | None = None) -> tuple[list[Any], ExitCode]:
    shown: list[Any] = []
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        front = PromptFrontEnd(session, history_file=tmp_path / "history" / "t.txt", input=pipe, output=DummyOutput(), extra_bindings=extra)
        code = drive(session, front.read, shown.append)
    return shown, code


def plain(fragments: Any) -> str:
    return to_plain_text(fragments)


def test_an_answer_typed_at_the_prompt_is_returned_as_typed(session) -> None:
    session.start()
    answer = session.current.expected_text
    with create_pipe_input() as pipe:
        front = PromptFrontEnd(session, input=pipe, output=DummyOutput())
        pipe.send_text(answer + "\r")
        line = front.read()
    assert line == answer
    events = session.handle(line)
    assert isinstance(events[0], Checked) and events[0].correct


def test_a_whole_session_through_the_pipe(session, tmp_path: Path) -> None:
    keys = "cos(x^2\r" + ":skip\r" + ":skip\r"
    shown, code = run_with_keys(session, keys, tmp_path)
    assert code == ExitCode.OK
    kinds = [type(e).__name__ for e in shown]
    assert kinds == ["Presented", "Unreadable", "Skipped", "Presented", "Skipped", "Finished"]
    history = (tmp_path / "history" / "t.txt").read_text()
    assert "cos(x^2" in history and ":skip" in history


def test_ctrl_d_and_ctrl_c_end_with_the_summary(session, tmp_path: Path) -> None:
    shown, code = run_with_keys(session, "x\r\x04", tmp_path)
    assert code == ExitCode.OK and isinstance(shown[-1], Finished) and shown[-1].quit_early
    assert len(session.store.attempts()) == 1


def test_ctrl_c_exits_130(tmp_path: Path, session) -> None:
    shown, code = run_with_keys(session, "\x03", tmp_path)
    assert code == ExitCode.INTERRUPTED and isinstance(shown[-1], Finished)


@pytest.mark.parametrize("key", ["\x1bOP", "\x14"])  # F1, Ctrl-T
def test_the_hint_key_keeps_what_was_typed(session, tmp_path: Path, key: str) -> None:
    seen: list[str] = []
    extra = KeyBindings()

    @extra.add("c-x")
    def _record(event: Any) -> None:
        seen.append(event.app.current_buffer.text)
        event.app.exit(exception=EOFError())

    shown, _ = run_with_keys(session, "2x co" + key + "\x18", tmp_path, extra)
    hints = [e for e in shown if isinstance(e, Hint)]
    assert hints and hints[0].number == 1 and hints[0].text
    assert seen == ["2x co"]  # the half-typed answer came back after the hint


def test_the_live_toolbar_shows_the_reading_the_error_column_and_ambiguity(session, tmp_path: Path) -> None:
    snapshots: list[str] = []
    extra = KeyBindings()

    @extra.add("c-x")
    def _snap(event: Any) -> None:
        snapshots.append(plain(front_ref[0].toolbar()))

    @extra.add("c-y")
    def _clear(event: Any) -> None:
        event.app.current_buffer.text = ""

    front_ref: list[PromptFrontEnd] = []
    session.start()
    with create_pipe_input() as pipe:
        front = PromptFrontEnd(session, input=pipe, output=DummyOutput(), extra_bindings=extra)
        front_ref.append(front)
        pipe.send_text("\x18" + "log x" + "\x18" + "\x19" + "cos(x^2" + "\x18" + "\x19" + "sin x x" + "\x18" + "\x19" + ":hi" + "\x18" + "\x19" + "\x04")
        with pytest.raises(EOFError):
            front.read()
    empty, reading, error, ambiguous, command = snapshots
    assert "Type your answer" in empty and "F1" in empty
    assert "reads as: ln(x)" in reading and "natural logarithm" in reading
    assert "cannot read it column 4" in error and "never closed" in error
    assert "ambiguous column 1" in ambiguous and "sin(x)·x" in ambiguous and "sin(x·x)" in ambiguous
    assert ":hint" in command and "next hint" in command


def test_toolbar_fragments_directly(session) -> None:
    session.start()
    assert "reads as: 2x" in plain(toolbar_fragments(session, "2x"))
    assert "unknown command" in plain(toolbar_fragments(session, ":zz"))


def test_completion_of_functions_and_commands() -> None:
    from prompt_toolkit.document import Document

    comp = AnswerCompleter()

    def words(text: str) -> list[str]:
        return [c.text for c in comp.get_completions(Document(text), None)]

    assert "cos(" in words("2x co") and "cosh(" in words("2x co") and "cot(" in words("2x co")
    assert "arcsin(" in words("arcs")
    assert words(":h") == [":hint", ":help"]
    assert words("x :h") == []  # commands only at the start of the line
    assert words("2x ") == []


def test_every_event_renders_without_color(session) -> None:
    session.start()
    session.handle("x")
    session.handle(":hint")
    events = [*session.start(), *session.handle("x"), *session.handle(":plot"), *session.handle(":help"), *session.handle("cos(("),
              *session.handle(":steps"), *session.handle(":skip"), *session.handle(":nope")]
    console = Console(record=True, width=80, color_system=None, file=io.StringIO())
    for e in events:
        console.print(render_event(e))
    text = console.export_text()
    assert "Not quite" in text and "Steps" in text and "Skipped" in text and "F1 or Ctrl-T" in text
    assert "right derivative" in text and "not counted as an attempt" in text and "Session summary" in text
    assert "\x1b[" not in text


def test_drive_turns_a_crash_into_a_message_and_goes_on(session) -> None:
    from tutor.session.events import CommandFailed

    real_handle = session.handle
    calls: list[str] = []

    def flaky(line: str):
        calls.append(line)
        if line == ":boom":
            raise RuntimeError("kaput")
        return real_handle(line)

    session.handle = flaky  # type: ignore[method-assign]
    lines = iter([":boom", ":quit"])
    shown: list[Any] = []
    code = drive(session, lambda: next(lines), shown.append)
    assert code == ExitCode.OK and calls == [":boom", ":quit"]
    problem = next(e for e in shown if isinstance(e, CommandFailed))
    assert "RuntimeError: kaput" in problem.message
    assert isinstance(shown[-1], Finished)
