"""The interactive prompt of ``calctutor practice``: prompt_toolkit with a live preview.

* The bottom toolbar shows, while the student types, how the answer will be
  read (``tutor.session.preview``), or the parse error with its column, or the
  readings of an ambiguous answer, before Enter is pressed.
* Tab completes function names (from ``tutor.functions``) and commands.
* F1 or Ctrl-T asks for the next hint without losing what was typed.
  (Ctrl-H is not used: most terminals send it for Backspace.)
* Up/Down walk the earlier answers to the same topic (a history file per topic).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Mapping, Optional

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.output import ColorDepth

from tutor.functions import by_name, names_and_aliases
from tutor.session.practice import COMMANDS, PracticeSession
from tutor.session.preview import Preview, preview

__all__ = ["HINT_KEYS", "AnswerCompleter", "PromptFrontEnd", "toolbar_fragments"]

HINT_KEYS = ("f1", "c-t")  # both: some terminals (and tmux setups) grab F1
HINT_RESULT = "\x00hint"  # what the prompt returns when a hint key is pressed
_WORD = re.compile(r"(:?[A-Za-z]+)$")


def _usages(commands: Optional[Mapping[str, str]]) -> Mapping[str, str]:
    """name → usage of the commands on offer (practice's unless a session has its own, as homework)."""
    return commands if commands is not None else {name: c.usage for name, c in COMMANDS.items()}


class AnswerCompleter(Completer):
    """Completes the word before the cursor: function names anywhere, commands at the start.

    ``commands`` (name → usage): the commands this session has; practice's by default.
    """

    def __init__(self, commands: Optional[Mapping[str, str]] = None) -> None:
        self._functions = sorted(names_and_aliases())
        self._commands = _usages(commands)

    def get_completions(self, document: Document, complete_event: Any) -> Iterable[Completion]:
        match = _WORD.search(document.text_before_cursor)
        if not match:
            return
        word = match.group(1)
        if word.startswith(":"):
            if document.text_before_cursor.strip() != word:
                return
            for name, usage in self._commands.items():
                if name.startswith(word.lower()):
                    yield Completion(name, -len(word), display_meta=usage)
            return
        for name in self._functions:
            if name.startswith(word) and name != word:
                yield Completion(name + "(", -len(word), display=name, display_meta=by_name(name).title)


def toolbar_fragments(session: PracticeSession, text: str, commands: Optional[Mapping[str, str]] = None,
                      plain: bool = False) -> FormattedText:
    """The live preview for ``text`` as prompt_toolkit formatted text; ``plain`` (``--plain``): ASCII,
    the reading in the printer's plain target."""
    return _fragments(preview(session.current, text), _usages(commands), plain)


def _fragments(p: Preview, commands: Mapping[str, str], plain: bool = False) -> FormattedText:
    dot, dash = (";", "-") if plain else (" ·", "—")
    if p.kind == "empty":
        return FormattedText([("", f" Type your answer, Enter to check{dot} :help{dot} F1/Ctrl-T hint{dot} Tab completes ")])
    if p.kind == "command":
        name = p.text.split()[0].lower()
        matches = [c for c in commands if c.startswith(name)]
        usage = commands[matches[0]] if len(matches) == 1 else "unknown command: :help lists them"
        return FormattedText([("bold", f" {matches[0] if len(matches) == 1 else name} "), ("", f"{dash} {usage} ")])
    if p.kind == "reading":
        parts = [("", " reads as: "), ("bold", p.shown("plain" if plain else "unicode"))]
        if p.notes:
            parts.append(("italic", "   (" + "; ".join(p.notes) + ")"))
        return FormattedText(parts)
    where = f" column {p.column}:" if p.column else ""
    if p.kind == "ambiguous":
        parts = [("bg:ansiyellow fg:ansiblack", f" ambiguous{where} "), ("", f" {p.text}")]
        if p.notes and not all(n in p.text for n in p.notes):
            parts.append(("", f" {dash} could be " + " or ".join(p.notes)))
        if p.hint:
            parts.append(("italic", f" ({p.hint})"))
        return FormattedText(parts)
    parts = [("bg:ansired fg:ansiwhite", f" cannot read it{where} "), ("", f" {p.text}")]
    if p.hint:
        parts.append(("italic", f" ({p.hint})"))
    return FormattedText(parts)


class PromptFrontEnd:
    """Reads one line at a time with the live preview; hint keys return ``HINT_RESULT``."""

    def __init__(
        self,
        session: PracticeSession,
        *,
        history_file: Path | None = None,
        input: Any = None,
        output: Any = None,
        extra_bindings: KeyBindings | None = None,
        no_color: bool = False,
        commands: Optional[Mapping[str, str]] = None,
        plain: bool = False,
    ) -> None:
        self.session = session
        self.commands = _usages(commands)
        self.plain = plain  # --plain: ASCII prompt and toolbar, the reading in the plain target
        self._saved = ""  # what was typed when a hint key was pressed, offered again
        bindings = KeyBindings()

        for key in HINT_KEYS:

            @bindings.add(key)
            def _hint(event: Any) -> None:
                self._saved = event.app.current_buffer.text
                event.app.exit(result=HINT_RESULT)

        history: History = InMemoryHistory()
        if history_file is not None:
            try:
                history_file.parent.mkdir(parents=True, exist_ok=True)
                history = FileHistory(str(history_file))
            except OSError:  # a read-only data folder: practise without history rather than fail
                pass
        merged: list[KeyBindings] = [bindings] + ([extra_bindings] if extra_bindings else [])
        from prompt_toolkit.key_binding import merge_key_bindings

        self.prompt_session: PromptSession[str] = PromptSession(
            history=history,
            completer=AnswerCompleter(self.commands),
            complete_while_typing=False,  # Tab only: a pop-up on every letter hides the preview
            bottom_toolbar=self.toolbar,
            key_bindings=merge_key_bindings(merged),
            input=input,
            output=output,
            # --no-color, --plain: black and white toolbar (prompt_toolkit reads NO_COLOR by itself).
            color_depth=ColorDepth.MONOCHROME if no_color or plain else None,
        )

    def toolbar(self) -> FormattedText:
        return toolbar_fragments(self.session, self.prompt_session.default_buffer.text, self.commands, self.plain)

    def message(self) -> FormattedText:
        """The prompt before the answer: ``[2/10] answer › `` (``answer > `` under ``--plain``)."""
        return FormattedText([("bold", f"[{self.session.number}/{self.session.count}] "),
                              ("", "answer > " if self.plain else "answer › ")])

    def read(self) -> str:
        """The next line; raises EOFError (Ctrl-D) or KeyboardInterrupt (Ctrl-C)."""
        default, self._saved = self._saved, ""
        line = self.prompt_session.prompt(self.message(), default=default)
        return ":hint" if line == HINT_RESULT else line
