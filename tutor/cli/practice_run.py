"""Running ``calctutor practice``: choose the topic, open the store, drive the session.

Two front ends share one loop (``drive``): the interactive prompt with its live
preview when both ends are a terminal, and plain line-by-line reading when
standard input is a pipe or a file (scripts, tests), which echoes each line so
the output reads as a transcript. Ctrl-C, Ctrl-D and the end of the input all
end the session with its summary; every attempt is already in the store.
"""

from __future__ import annotations

import importlib
import random
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from tutor.cli.common import Terminal
from tutor.cli.exit_codes import ExitCode
from tutor.errors import UserError

__all__ = ["TopicChoice", "drive", "entries_for", "run_practice", "topic_choices"]


@dataclass(frozen=True)
class TopicChoice:
    topic: str
    title: str
    exercises: int
    resume: bool = False  # "continue where you left off"


def topic_choices(catalog: Any, last_topic: str | None) -> list[TopicChoice]:
    """The menu: the last topic first (to continue), then every topic with its exercise count."""
    topics = sorted(catalog.topics(), key=lambda t: t.id)
    choices = [TopicChoice(t.id, t.title or t.id, len(t.exercises)) for t in topics]
    resume = next((c for c in choices if c.topic == last_topic), None)
    if resume is not None:
        choices.insert(0, TopicChoice(resume.topic, resume.title, resume.exercises, resume=True))
    return choices


def entries_for(catalog: Any, topic: str) -> tuple[str, list[Any]]:
    """The topic's id (a pack id is accepted too) and every exercise of it, from every pack on it."""
    from tutor.session.practice import Entry

    found = catalog.find_topic(topic)
    if found is None or not found.exercises:
        known = sorted(t.id for t in catalog.topics())
        suggestion = catalog.suggest(topic) if found is None else None
        raise UserError(
            f"no topic named {topic!r}" if found is None else f"the topic {topic!r} has no exercises",
            hint=" ".join(
                x for x in (suggestion, ("topics: " + ", ".join(known)) if known else "no packs were found") if x
            ),
        )
    return found.id, [Entry(pack.id, exercise) for pack in found.packs for exercise in pack.exercises]


DEFAULT_TOPIC = "chain-rule"  # the Quickstart's topic, offered first to a new student


def _default(choices: Sequence[TopicChoice]) -> str:
    """Enter alone: continue where you left off, else the chain rule, else the first topic."""
    if choices[0].resume:
        return choices[0].topic
    return next((c.topic for c in choices if c.topic == DEFAULT_TOPIC), choices[0].topic)


def _pick(choices: Sequence[TopicChoice], answer: str) -> str | None:
    """The topic an answer to the menu names: Enter, a number, an id, or a unique beginning of an id
    or title (``dual`` → dual-numbers); None when it names none or several (the menu asks again)."""
    text = answer.strip().lower()
    if not text and choices:
        return _default(choices)
    if text.isdigit():
        return choices[int(text) - 1].topic if 1 <= int(text) <= len(choices) else None
    topics = list(dict.fromkeys(c.topic for c in choices))
    if text in topics:
        return text
    by_id = [t for t in topics if t.startswith(text)]
    if len(by_id) == 1:
        return by_id[0]
    by_title = list(dict.fromkeys(c.topic for c in choices if c.title.lower().startswith(text)))
    return by_title[0] if not by_id and len(by_title) == 1 else None


def _menu_problem(choices: Sequence[TopicChoice], answer: str) -> str:
    """Why a menu answer was not taken, and what would be."""
    text = answer.strip().lower()
    if text.isdigit():
        return f"there is no topic {text}: type a number from 1 to {len(choices)}, or a topic's name"
    several = sorted({c.topic for c in choices if c.topic.startswith(text)})
    if several:
        return f"{answer.strip()!r} could be {', '.join(several)}: type more of the name"
    return f"no topic is called {answer.strip()!r}: type a number from 1 to {len(choices)}, or a topic's name"


# Loaded while the student reads the first exercise: the checker and the explanations
# cost about a second of imports, which would otherwise land on the first Enter.
WARM_UP_MODULES = ("tutor.checking", "tutor.explain", "tutor.render.steps")


def _warm_up(session: Any, ahead: Callable[[], None] | None = None) -> threading.Thread:
    def load() -> None:
        _ = session.current  # a first exercise shown from a prepared variant is made now (SymPy with it)
        for name in WARM_UP_MODULES:
            importlib.import_module(name)
        if ahead is not None:
            ahead()

    thread = threading.Thread(target=load, name="calctutor-warm-up", daemon=True)
    thread.start()
    return thread


def drive(
    session: Any,
    read_line: Callable[[], str],
    show: Callable[[Any], None],
    ahead: Callable[[], None] | None = None,
) -> ExitCode:
    """The loop: read, hand to the session, show its events, until it finishes.

    ``read_line`` raises EOFError at the end of input (or Ctrl-D) and
    KeyboardInterrupt on Ctrl-C; both end the session with its summary.
    ``ahead`` runs on the warm-up thread, while the student reads the first exercise.
    """
    for event in session.start():
        show(event)
    warm_up = _warm_up(session, ahead)
    code = ExitCode.OK
    while not session.finished:
        try:
            line = read_line()
            # The checker forks: never while the warm-up thread may hold an import lock.
            warm_up.join()
            events = session.handle(line)
        except EOFError:
            events = session.quit()
        except KeyboardInterrupt:
            events = session.quit()
            code = ExitCode.INTERRUPTED
        except UserError:
            raise  # the topic cannot go on (no exercise can be made): reported by the caller
        except Exception as exc:  # noqa: BLE001 - a bug in one command must not end the session
            from tutor.session.events import CommandFailed

            events = [CommandFailed(f"calctutor failed on that line ({type(exc).__name__}: {exc})",
                              hint="this is a bug worth reporting; your progress is saved")]
        for event in events:
            show(event)
    return code


def _prompt_reader(session: Any, history: Path, no_color: bool, plain: bool = False) -> Callable[[], str]:
    """The interactive prompt, made when the first line is read: prompt_toolkit's import then
    comes after the first exercise is on the screen, not before it."""
    front_end: Any = None

    def read() -> str:
        nonlocal front_end
        if front_end is None:
            from tutor.cli.practice_prompt import PromptFrontEnd

            front_end = PromptFrontEnd(session, history_file=history, no_color=no_color, plain=plain)
        return str(front_end.read())

    return read


def run_practice(
    topic: str | None,
    *,
    packs: Sequence[Path] = (),
    count: int = 10,
    seed: int | None = None,
    data_dir: Path | None = None,
    no_color: bool = False,
    steps_after: int = 2,
    stdin: TextIO | None = None,
    interactive: bool | None = None,
    plain: bool = False,
) -> ExitCode:
    """Everything ``calctutor practice`` does; returns the exit code. ``plain`` (``--plain``): ASCII,
    no box drawing, every formula in the printer's plain target (what ``calctutor parse`` reads)."""
    from tutor.cli.common import fail, open_terminal
    from tutor.parsing.printer import printing
    from tutor.session.progress import open_store

    term = open_terminal(stdin, interactive, no_color, plain)
    try:
        store, notice = open_store(data_dir)
    except UserError as error:
        fail(error)
    if notice is not None:
        term.note(notice.message)
    with store, printing("plain" if plain else "unicode"):
        catalog = _catalog(packs, term)
        try:
            session, prepared_file = _start(catalog, topic, store, term, seed=seed, count=count,
                                            steps_after=steps_after)
        except UserError as error:
            fail(error)
        except (EOFError, KeyboardInterrupt) as stop:
            term.err.print("No topic chosen.")
            return ExitCode.INTERRUPTED if isinstance(stop, KeyboardInterrupt) else ExitCode.INVALID_INPUT
        try:
            return drive(session, _reader(session, term, data_dir, no_color), _shower(term),
                         ahead=_preparer(session.entries, prepared_file))
        except UserError as error:  # e.g. no exercise of the topic could be made
            fail(error)


def _catalog(packs: Sequence[Path], term: Terminal) -> Any:
    """Every pack found (built-in, the user's, $CALCTUTOR_PACKS, --pack), its warnings printed."""
    from tutor.packs import discover_packs

    catalog = discover_packs(extra_paths=tuple(packs))
    if catalog.warnings:
        from tutor.render.packs import render_warnings

        term.err.print(render_warnings(catalog.warnings))
    return catalog


def _start(catalog: Any, topic: str | None, store: Any, term: Terminal, *, seed: int | None, count: int,
           steps_after: int) -> tuple[Any, Path | None]:
    """The session on the topic (asked for from a menu when not given) and the file of its prepared variant."""
    from tutor.packs.cache import cache_dir, code_fingerprint
    from tutor.session.practice import PracticeSession
    from tutor.session.prepared import load_prepared, prepared_path, with_plain_prompts

    if topic is None:
        topic = _choose_topic(catalog, store.last_topic(), term.out, term.line_reader(), term.interactive,
                              dash=" - " if term.plain else " — ")
    topic, entries = entries_for(catalog, topic)
    # Without --seed the first exercise comes from a variant an earlier session made (shown
    # before SymPy is imported), and this session makes the next one's: tutor.session.prepared.
    # --plain shows only variants saved with their plain prompt.
    prepared_file = None if seed is not None else prepared_path(cache_dir(), topic)
    shown_ahead = load_prepared(prepared_file) if prepared_file else None
    if shown_ahead is not None and term.plain:
        shown_ahead = with_plain_prompts(shown_ahead)
    session = PracticeSession(
        entries, topic=topic, store=store, rng=random.Random(seed), count=count, steps_after=steps_after,
        prepared=shown_ahead, code=code_fingerprint,
    )
    return session, prepared_file


def _reader(session: Any, term: Terminal, data_dir: Path | None, no_color: bool) -> Callable[[], str]:
    """The prompt (with the topic's own history file) on a terminal, else plain echoed lines."""
    if not term.interactive:
        return term.line_reader()
    from tutor.session.progress import resolve_data_dir

    return _prompt_reader(session, resolve_data_dir(data_dir) / "history" / f"{session.topic}.txt", no_color,
                          term.plain)


def _shower(term: Terminal) -> Callable[[Any], None]:
    from tutor.render.session import render_event

    def show(event: Any) -> None:
        term.show(render_event(event, term.plain))

    return show


def _preparer(entries: Sequence[Any], prepared_file: Path | None) -> Callable[[], None]:
    """What the warm-up thread does ahead: make the next session's first variant (none with --seed)."""
    def prepare_next() -> None:
        if prepared_file is not None:
            from tutor.packs.cache import code_fingerprint
            from tutor.session.prepared import prepare, save_prepared

            save_prepared(prepared_file, prepare(entries, code_fingerprint()))

    return prepare_next


def _choose_topic(
    catalog: Any, last: str | None, out: Any, read_plain: Callable[[], str], interactive: bool, dash: str = " — "
) -> str:
    from rich.text import Text

    choices = topic_choices(catalog, last)
    if not choices:
        raise UserError("no exercise packs were found", hint="reinstall calctutor, or pass --pack PATH")
    out.print(Text("Choose a topic:", style="bold"))
    for i, c in enumerate(choices, 1):
        label = f"continue where you left off: {c.topic}" if c.resume else f"{c.topic}{dash}{c.title}"
        out.print(f"  {i}. {label} ({c.exercises} exercises)")
    while True:  # a typo asks again; Ctrl-C / Ctrl-D (EOFError) leave
        if interactive:
            from prompt_toolkit import prompt

            answer = prompt(f"number or name [Enter = {_default(choices)}]: ")
        else:
            answer = read_plain()
        picked = _pick(choices, answer)
        if picked is not None:
            return picked
        out.print(Text("! " + _menu_problem(choices, answer), style="yellow"))
