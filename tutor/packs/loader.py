"""Reading a YAML pack safely, keeping the position of every value.

PyYAML composes the file into a node tree (each node knows its line and
column) using the *safe* resolver; nothing is constructed by YAML itself.
This module then walks the tree against the model's fields, so every
problem is reported as ``file:line:col: field: message`` with a hint.

Refused, because they make a pack mean something other than what it shows:
explicit tags (``!!python/object``), anchors and aliases (``&a``/``*a``),
duplicate keys (YAML would keep the last silently), and non-strings in math
fields: YAML 1.1 reads ``010`` as 8, ``no`` as false and ``1:30`` as 90.
Size caps keep a hostile file from eating memory or time.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import stat
import typing
from pathlib import Path
from typing import Any, Callable, Optional, Union

from tutor.parsing.limits import MAX_ORDER, PACK_FIELD_LENGTH
from tutor.packs.kind import COMMON_FIELDS
from tutor.packs.kinds import KIND_TABLE
from tutor.packs.model import REQUIRED, AnticipatedAnswer, Exercise, Pack, Param, Position, field_names
from tutor.packs.problems import PackError, PackProblem, did_you_mean

__all__ = ["load_pack", "load_pack_text", "MAX_FILE_BYTES", "MAX_EXERCISES", "MAX_STRING", "MAX_MATH"]

MAX_FILE_BYTES = 1_000_000  # a pack of 500 generous exercises is ~300 kB; more is a mistake or an attack
MAX_EXERCISES = 500  # far above any real pack; keeps validate (20 draws each) under a minute
MAX_STRING = 2_000  # a prompt or hint longer than this is no longer a hint
MAX_MATH = PACK_FIELD_LENGTH  # the parser's own cap for pack fields: longer would be refused there anyway
MAX_PARAM = 10**6  # parameters are small numbers a person computes with; wider ranges only make unreadable exercises
MAX_DEPTH = 20  # the format nests 5 levels; YAML composes recursively, so cap before Python's stack

_STR = "tag:yaml.org,2002:str"
_YAML_TYPE_NAMES = {
    "tag:yaml.org,2002:int": "the number",
    "tag:yaml.org,2002:float": "the number",
    "tag:yaml.org,2002:bool": "the truth value",
    "tag:yaml.org,2002:null": "nothing (null)",
    "tag:yaml.org,2002:timestamp": "a date",
}


def load_pack(path: Union[str, os.PathLike[str]]) -> Pack:
    """Load and check the structure of one pack file; raise ``PackError`` listing every problem."""
    path = Path(path)
    name = str(path)
    try:
        info = path.stat()
        size = info.st_size
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise PackError([PackProblem(name, 1, 1, "", f"cannot read the file: it is {what}",
                                     "give the path of a .yaml pack file")], unreadable=True)
        if size > MAX_FILE_BYTES:
            raise PackError([PackProblem(name, 1, 1, "", f"the file is {size} bytes; packs are capped at {MAX_FILE_BYTES}",
                                     "split it into several packs")])
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError([PackProblem(name, 1, 1, "", f"cannot read the file: {exc.strerror or exc}", None)],
                        unreadable=True) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PackError([PackProblem(name, line, 1, "", "the file is not UTF-8 text", "save it as UTF-8")]) from None
    return load_pack_text(text, name, default_id=path.stem)


def load_pack_text(text: str, name: str = "<pack>", *, default_id: Optional[str] = None) -> Pack:
    """Load a pack from YAML text (``name`` is used in the messages)."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise PackError([PackProblem(name, 1, 1, "", f"the pack is larger than {MAX_FILE_BYTES} bytes", "split it")])
    node, syntax = _compose_around_errors(text, name)
    reader = _Reader(name)
    pack = reader.dataclass(node, Pack, "", top=True)
    problems = syntax + list(reader.problems)
    if pack is _BAD:
        raise PackError(problems)
    assert isinstance(pack, Pack)
    if not pack.id and default_id:
        pack = dataclasses.replace(pack, id=default_id)
    exercises = tuple(dataclasses.replace(ex, pack_id=pack.id, source=name) for ex in pack.exercises)
    pack = dataclasses.replace(pack, source=name, exercises=exercises)
    # (with every exercise malformed there is nothing more to check: "no exercises" would mislead)
    value_problems = check_field_values(pack) if pack.exercises or not problems else []
    problems += value_problems
    if problems:
        # A broken exercise does not hide the others from validate: keep the ones with no problem.
        bad = {p.field.split(".", 1)[0] for p in problems if p.field}
        good = tuple(ex for ex in pack.exercises if ex.id not in bad)
        partial = dataclasses.replace(pack, exercises=good) if good and pack.id else None
        raise PackError(problems, partial=partial)
    return pack


# -- composing: YAML text -> node tree, refusing tags, anchors and aliases -------------------------


def _base_loader() -> Any:
    """libyaml's parser when PyYAML has it (about 3× faster), else the pure-Python one.

    Either way the *composer* below is PyYAML's Python one with our checks, and the
    resolver is the safe one: nothing is ever constructed by YAML itself.
    """
    import yaml
    from yaml.composer import Composer
    from yaml.resolver import Resolver

    try:
        from yaml._yaml import CParser
    except ImportError:  # PyYAML built without libyaml
        return yaml.SafeLoader

    class _Fast(Composer, CParser, Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)

        def dispose(self) -> None:
            pass

    return _Fast


def _refusing_composer() -> Any:
    """The YAML composer (libyaml's when present) that refuses aliases, anchors, tags and deep nesting,
    each at its mark: a pack is plain data."""
    from yaml import events

    class _Composer(_base_loader()):  # type: ignore[misc]
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            mark = event.start_mark
            if isinstance(event, events.AliasEvent):
                raise _Refused(mark, f"alias *{event.anchor} is not allowed", "write the value out in full")
            if getattr(event, "anchor", None):
                raise _Refused(mark, f"anchor &{event.anchor} is not allowed", "remove it and repeat the value")
            tag = getattr(event, "tag", None)
            if tag not in (None, "!"):
                shown = tag.replace("tag:yaml.org,2002:", "!!")  # as the author wrote it
                raise _Refused(mark, f"tag {shown} is not allowed", "remove the tag; quote math as a string")
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _Refused(mark, f"values are nested more than {MAX_DEPTH} levels deep", "flatten the pack")
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return _Composer


def _compose(text: str, name: str) -> Any:
    """The pack's one YAML document as a node tree; every way it cannot be read is a PackProblem at its place."""
    import yaml

    loader = _refusing_composer()(text)
    try:
        node = loader.get_single_node()
    except _Refused as exc:
        raise _Unreadable([PackProblem(name, exc.mark.line + 1, exc.mark.column + 1, "", exc.message, exc.hint)],
                          (exc.mark.line,)) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, name) from None
    except yaml.reader.ReaderError as exc:  # a NUL or other control character: point at it, not at "<unicode string>"
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        raise _Unreadable([PackProblem(name, line, col, "", f"control character U+{exc.character:04X} is not allowed "
                                   "in YAML", "remove it; a pack is plain UTF-8 text")], (line - 1,)) from None
    except yaml.YAMLError as exc:
        raise PackError([PackProblem(name, 1, 1, "", f"YAML: {exc}", None)]) from None
    finally:
        loader.dispose()
    if node is None:
        raise PackError([PackProblem(name, 1, 1, "", "the file is empty", "start from docs/pack-format.md")])
    return node


def _syntax_error(exc: Any, text: str, name: str) -> _Unreadable:
    """A YAML syntax error said where the author can fix it: an unclosed quote, a tab, an extra '---'."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = f"YAML syntax: {exc.problem or exc.context}"
    begun = exc.context_mark
    if exc.problem and exc.context and begun is not None and mark is not None and begun.line != mark.line:
        message += f" ({exc.context} that begins at line {begun.line + 1}, column {begun.column + 1})"
    hint = "check indentation and quoting near here"
    if exc.problem and "expected a single document" in str(exc.context or "") + str(exc.problem):
        message = "a pack is one YAML document; remove the extra '---'"
    lines = text.splitlines()
    quote = _unclosed_quote(lines, mark.line) if mark else None
    if quote is not None:
        hint = f"is the quote opened at line {quote[0] + 1}, column {quote[1] + 1} closed?"
    if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        tab = lines[mark.line].index("\t")  # name the tab itself, where it is
        line, col = mark.line + 1, tab + 1
        message, hint = "a tab character: YAML indents with spaces only", "replace the tab with spaces"
    # The culprit is where the construct began (an unclosed quote) when that is inside an exercise.
    # An unclosed quote is the culprit wherever the error shows; else the construct the error is in.
    marks = (quote[0],) if quote else tuple(m.line for m in (exc.context_mark, exc.problem_mark) if m is not None)
    return _Unreadable([PackProblem(name, line, col, "", message, hint)], marks)


def _unclosed_quote(lines: list[str], upto: int) -> Optional[tuple[int, int]]:
    """(line, column) of the last double quote before line ``upto`` that its line leaves open."""
    for i in range(min(upto, len(lines) - 1), max(-1, upto - 20), -1):
        line = lines[i].split(" #", 1)[0]
        quotes = [m.start() for m in re.finditer(r'(?<!\\)"', line)]
        if len(quotes) % 2:
            return i, quotes[-1]
    return None


class _Unreadable(PackError):
    """YAML that cannot be composed; ``lines`` (0-based) are where the trouble is, most likely first."""

    def __init__(self, problems: list[PackProblem], lines: tuple[int, ...]) -> None:
        super().__init__(problems)
        self.lines = lines


# An exercise begins with a list item under the top-level `exercises:` key.
_EXERCISES_KEY = re.compile(r"^exercises\s*:\s*(#.*)?$")
_ITEM = re.compile(r"^(\s*)-(\s|$)")
_ID = re.compile(r"^\s*(?:-\s+)?id\s*:\s*[\"']?([A-Za-z0-9][\w-]*)")


def _exercise_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """[start, end) line ranges of the exercises' list items, found by indentation alone
    (the file does not parse, so there is no tree to ask)."""
    top = next((i for i, line in enumerate(lines) if _EXERCISES_KEY.match(line)), None)
    if top is None:
        return []
    starts: list[int] = []
    indent: Optional[int] = None
    end = len(lines)
    for i in range(top + 1, len(lines)):
        line = lines[i].expandtabs(8)  # a tab-indented line still belongs to its exercise
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        depth = len(line) - len(line.lstrip(" "))
        item = _ITEM.match(line) is not None
        if indent is None:
            if not item:  # `exercises:` holds no list
                return []
            indent = depth
        if depth < indent or (depth == indent and not item):  # the next top-level key ends the list
            end = i
            break
        if depth == indent:
            starts.append(i)
    return [(a, b) for a, b in zip(starts, starts[1:] + [end])]


def _compose_around_errors(text: str, name: str) -> tuple[Any, list[PackProblem]]:
    """The node tree, and the syntax problems of exercises left out to get it.

    A YAML syntax error inside one exercise does not hide the others: that exercise's
    lines are blanked (line numbers stay true) and the file is composed again, until it
    composes or the error is outside every exercise (then every error found is raised).
    """
    found: list[PackProblem] = []
    lines = text.split("\n")
    blanked: set[tuple[int, int]] = set()
    for _ in range(MAX_EXERCISES + 1):
        try:
            return _compose("\n".join(lines), name), found
        except _Unreadable as error:
            blocks = _exercise_blocks(lines)
            culprit = next((b for line in error.lines for b in blocks if b[0] <= line < b[1]), None)
            if culprit is None or culprit in blanked or len(blocks) < 2:
                raise PackError(found + list(error.problems)) from None
            ident = next((m.group(1) for m in map(_ID.match, lines[culprit[0]:culprit[1]]) if m), "")
            found += [dataclasses.replace(p, field=ident) for p in error.problems]
            blanked.add(culprit)
            for i in range(*culprit):
                lines[i] = ""
    raise PackError(found)


class _Refused(Exception):
    def __init__(self, mark: Any, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


# -- reading: node tree -> model, collecting every problem -----------------------------------------


def _pos(node: Any) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def _kind(node: Any) -> str:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "a value"


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[PackProblem] = []
        self.positions: dict[str, Position] = {}

    def problem(self, node: Any, path: str, message: str, hint: Optional[str] = None) -> None:
        pos = _pos(node)
        self.problems.append(PackProblem(self.name, pos.line, pos.column, path, message, hint))

    # Each reader returns the value, or _BAD after recording a problem.

    def dataclass(self, node: Any, cls: type, path: str, local: str = "", *, top: bool = False) -> Any:
        import yaml

        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, f"expected a mapping of {cls.__name__.lower()} fields, found {_kind(node)}")
            return _BAD
        hints, meta = _hints(cls)
        allowed = field_names(cls)
        values: dict[str, Any] = {}
        outer_positions = self.positions
        own_positions: dict[str, Position] = {"": _pos(node)}
        scoped = cls in (Exercise, Pack)
        if scoped:
            self.positions = own_positions
        prefix = "" if scoped else (local + "." if local else "")
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            field_path = f"{path}.{key}" if path else str(key)
            if key is None or key_node.tag != _STR:
                shown = repr(key_node.value) if isinstance(key_node, yaml.ScalarNode) else (
                    "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping")  # not the node's repr
                self.problem(key_node, path, f"keys must be words, found {shown}")
                continue
            if key not in allowed:
                hint = did_you_mean(key, allowed) or f"the keys of {cls.__name__.lower()} are: {', '.join(allowed)}"
                self.problem(key_node, field_path, f"unknown key `{key}`", hint)
                continue
            if key in values:
                self.problem(key_node, field_path, f"duplicate key `{key}`", "keep one of them: YAML would drop the first")
                continue
            self.positions[prefix + key] = _pos(value_node)
            local = key if scoped else prefix + key
            values[key] = self.value(value_node, hints[key], meta[key], field_path, local)
        if scoped:
            self.positions = outer_positions
        for key in REQUIRED[cls]:
            if key not in values:
                self.problem(node, f"{path}.{key}" if path else key, f"missing required key `{key}`")
        if any(v is _BAD for v in values.values()) or any(k not in values for k in REQUIRED[cls]):
            return _BAD
        if cls is Pack:
            if len(values.get("exercises", ())) > 0:
                self._unique_ids(node, values["exercises"])
        if scoped:
            values["positions"] = own_positions
        return cls(**values)

    def _unique_ids(self, node: Any, exercises: tuple[Exercise, ...]) -> None:
        seen: set[str] = set()
        for ex in exercises:
            if ex.id in seen:
                pos = ex.position("id")
                self.problems.append(PackProblem(self.name, pos.line, pos.column, f"{ex.id}.id",
                                             f"exercise id `{ex.id}` is used twice", "ids must be unique in a pack"))
            seen.add(ex.id)

    def value(self, node: Any, hint: Any, meta: Any, path: str, local: str) -> Any:
        import yaml

        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin is Union:
            options = [a for a in args if a is not type(None)]
            if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null" and len(options) < len(args):
                return None
            if len(options) > 1:  # str | tuple[str, ...]: chosen by the node's shape
                seq = [a for a in options if typing.get_origin(a) is tuple]
                hint = seq[0] if isinstance(node, yaml.SequenceNode) and seq else next(a for a in options if a is str)
            else:
                hint = options[0]
            return self.value(node, hint, meta, path, local)
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            return self.dataclass(node, hint, path, local)
        if origin is tuple:
            return self.tuple(node, args, meta, path, local)
        if origin in (typing.Mapping, dict) or str(origin) == "<class 'collections.abc.Mapping'>":
            return self.mapping(node, args[1], meta, path, local)
        return self.scalar(node, hint, meta, path)

    def tuple(self, node: Any, args: tuple[Any, ...], meta: Any, path: str, local: str) -> Any:
        import yaml

        variadic = len(args) == 2 and args[1] is Ellipsis
        if isinstance(node, yaml.ScalarNode) and variadic and args[0] is str:
            return (self.scalar(node, str, meta, path),)  # `wrt: x` is short for `wrt: [x]`
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, path, f"expected a list, found {_kind(node)}")
            return _BAD
        if not variadic and len(node.value) != len(args):
            self.problem(node, path, f"expected a list of {len(args)} values, found {len(node.value)}",
                         "write it as [low, high]")
            return _BAD
        if len(node.value) > MAX_EXERCISES:
            self.problem(node, path, f"a list of {len(node.value)} items; the cap is {MAX_EXERCISES}",
                         "split the pack")
            return _BAD
        items = []
        for i, item in enumerate(node.value):
            item_hint = args[0] if variadic else args[i]
            item_path = f"{path}[{i}]"
            if variadic and dataclasses.is_dataclass(args[0]) and args[0] is Exercise:
                item_path = self._exercise_label(item, i, path)
            self.positions[f"{local}[{i}]"] = _pos(item)
            items.append(self.value(item, item_hint, meta, item_path, f"{local}[{i}]"))
        if variadic and args[0] is Exercise:
            # A broken exercise is dropped (its problems are recorded): the pack still fails to
            # load, but validate can check the well-formed exercises' answer keys.
            return tuple(v for v in items if v is not _BAD)
        return _BAD if any(v is _BAD for v in items) else tuple(items)

    @staticmethod
    def _exercise_label(node: Any, i: int, path: str) -> str:
        # Problems inside an exercise name it by its id, which an author can search for.
        import yaml

        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if getattr(k, "value", None) == "id" and isinstance(v, yaml.ScalarNode) and v.value:
                    return str(v.value)
        return f"{path}[{i}]"

    def mapping(self, node: Any, value_hint: Any, meta: Any, path: str, local: str) -> Any:
        import yaml

        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, f"expected a mapping (name: value), found {_kind(node)}")
            return _BAD
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                self.problem(key_node, path, f"names must be words, found {key!r}", "quote it if it is a name")
                continue
            if key in out:
                self.problem(key_node, f"{path}.{key}", f"duplicate key `{key}`", "keep one of them")
                continue
            self.positions[f"{local}.{key}"] = _pos(value_node)
            out[key] = self.value(value_node, value_hint, meta, f"{path}.{key}", f"{local}.{key}")
        return _BAD if any(v is _BAD for v in out.values()) else out

    def scalar(self, node: Any, hint: Any, meta: Any, path: str) -> Any:
        import yaml

        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, path, f"expected a single value, found {_kind(node)}")
            return _BAD
        tag, text = node.tag, node.value
        if hint is str:
            if tag != _STR:
                seen = _YAML_TYPE_NAMES.get(tag, "a non-string")
                if meta.get("math"):
                    self.problem(node, path, f"math must be a quoted string: YAML reads {text} as {seen} "
                                 f"{_constructed(node)!r}", f'write it in quotes: "{text}"')
                else:
                    self.problem(node, path, f"expected text, YAML reads {text} as {seen}", f'quote it: "{text}"')
                return _BAD
            cap = MAX_MATH if meta.get("math") else MAX_STRING
            if len(text) > cap:
                self.problem(node, path, f"{len(text)} characters; the cap is {cap}", "shorten it")
                return _BAD
            return text
        if hint is bool:
            if tag != "tag:yaml.org,2002:bool":
                self.problem(node, path, f"expected true or false, found {text!r}")
                return _BAD
            return _constructed(node)
        if hint in (int, float):
            allowed = {"tag:yaml.org,2002:int"} | ({"tag:yaml.org,2002:float"} if hint is float else set())
            if tag not in allowed or (tag == "tag:yaml.org,2002:int" and ":" in text):
                self.problem(node, path, f"expected {'an integer' if hint is int else 'a number'}, found {text!r}")
                return _BAD
            value = hint(_constructed(node))
            schema = meta.get("schema", {})
            low, high = schema.get("minimum"), schema.get("maximum")
            if (low is not None and value < low) or (high is not None and value > high):
                self.problem(node, path, f"{text} is out of range", f"use a value from {low} to {high}")
                return _BAD
            return value
        raise TypeError(f"no reader for {hint!r}")  # a model field of a type this module does not know


@functools.lru_cache(maxsize=None)
def _hints(cls: type) -> tuple[dict[str, Any], dict[str, Any]]:
    """Type hints and field metadata of a model class (resolving hints is slow: once per class)."""
    return typing.get_type_hints(cls), {f.name: f.metadata for f in dataclasses.fields(cls)}


_CONSTRUCTOR: list[Any] = []


def _constructed(node: Any) -> Any:
    """A plain scalar's value as YAML's safe constructor reads it (int, float, bool, None)."""
    import yaml

    if not _CONSTRUCTOR:
        _CONSTRUCTOR.append(yaml.SafeLoader(""))
    constructor = _CONSTRUCTOR[0]
    try:
        return constructor.construct_object(node, deep=True)
    finally:
        constructor.constructed_objects.clear()  # it memoizes by node; keep nothing between packs


class _Bad:
    def __repr__(self) -> str:
        return "<bad value>"


_BAD: Any = _Bad()


def check_field_values(pack: Pack) -> list[PackProblem]:
    """Checks of single values the types cannot express: patterns, enums, one-of for params."""
    import re

    out: list[PackProblem] = []
    name = pack.source

    def add(ex: Optional[Exercise], key: str, message: str, hint: Optional[str] = None) -> None:
        pos = ex.position(key) if ex else (pack.positions or {}).get(key, Position(1, 1))
        label = f"{ex.id}.{key}" if ex else key
        out.append(PackProblem(name, pos.line, pos.column, label, message, hint))

    id_re = re.compile(r"^[a-z0-9][a-z0-9-]*$")
    name_re = re.compile(r"^[A-Za-zα-ωΑ-Ω][A-Za-z0-9_]*$")
    if not id_re.match(pack.id):
        add(None, "id", f"pack id {pack.id!r} must be lower-case words joined by '-'", "e.g. chain-rule")
    if pack.topic is not None and not id_re.match(pack.topic):
        add(None, "topic", f"topic {pack.topic!r} must be lower-case words joined by '-'")
    if not pack.exercises:
        add(None, "exercises", "the pack has no exercises")
    enums = {f.name: f.metadata["schema"].get("enum") for f in dataclasses.fields(Exercise)}
    enums["kind"] = tuple(KIND_TABLE)  # one module per kind: the table is the list
    for ex in pack.exercises:
        if not id_re.match(ex.id):
            add(ex, "id", f"exercise id {ex.id!r} must be lower-case words joined by '-'")
        for key in ("kind", "part", "form", "scheme"):
            value = getattr(ex, key)
            if value not in enums[key]:
                add(ex, key, f"unknown {key} `{value}`", did_you_mean(value, enums[key]) or
                    f"one of: {', '.join(enums[key])}")
        _check_kind_fields(ex, add)
        for key in ("variables", "wrt"):
            for v in getattr(ex, key):
                if not name_re.match(v):
                    add(ex, key, f"{v!r} is not a variable name")
        if len(ex.wrt) > MAX_ORDER:  # mixed partials cost 2^order: 60 entries never finished
            add(ex, "wrt", f"{len(ex.wrt)} variables: derivatives go up to order {MAX_ORDER}", "list fewer")
        _check_params(ex, add, name_re)
        for i, fb in enumerate(ex.feedback):
            if not fb.message and not fb.mistake:
                add(ex, f"feedback[{i}]", "an anticipated answer needs a message or a mistake id")
        if ex.hints and any(not h.strip() for h in ex.hints):
            add(ex, "hints", "a hint is empty")
    return out


Add = Callable[..., None]  # add(exercise, key, message, hint=None): one problem at the key's position


def _check_kind_fields(ex: Exercise, add: Add) -> None:
    """Keys the exercise's kind does not read (``Kind.fields`` besides the common ones)."""
    if ex.kind in KIND_TABLE:
        used = set(COMMON_FIELDS) | set(KIND_TABLE[ex.kind].fields)
        for key in (ex.positions or {}):
            if "." not in key and "[" not in key and key and key not in used:
                users = [k.name for k in KIND_TABLE.values() if key in k.fields]
                add(ex, key, f"`{key}` is not used by the kind `{ex.kind}`",
                    f"remove it, or use a kind that reads it ({', '.join(users)})" if users else "remove it")


def _check_params(ex: Exercise, add: Add, name_re: Any) -> None:
    """Each template parameter: exactly one of integer, rational, choice, with a sane range and name."""
    for pname, spec in (ex.params or {}).items():
        chosen = [k for k in ("integer", "rational", "choice") if getattr(spec, k) is not None]
        if len(chosen) != 1:
            add(ex, f"params.{pname}", "a parameter needs exactly one of integer, rational, choice",
                "e.g. {integer: [2, 9]}")
        elif spec.integer is not None or spec.rational is not None:
            low, high = spec.integer or spec.rational  # type: ignore[misc]
            if low > high:
                add(ex, f"params.{pname}", f"the range [{low}, {high}] is empty", "write [low, high]")
            elif max(abs(low), abs(high)) > MAX_PARAM:
                add(ex, f"params.{pname}", f"the range [{low}, {high}] goes beyond ±{MAX_PARAM}",
                    "parameters are small numbers: narrow the range")
        elif not spec.choice:
            add(ex, f"params.{pname}", "choice needs at least one value")
        if not name_re.match(pname):
            add(ex, f"params.{pname}", f"{pname!r} is not a parameter name")
