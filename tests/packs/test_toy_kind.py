"""A kind is one module: a toy kind written in a temporary module is seen by the loader, the
schema, validate, preview and the judge — nothing else is edited.

The toy ("toy-double": double the number in ``of``) is registered the way the built-in kinds
are found (``load_kinds`` on its folder) and removed afterwards.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

TOY = '''
"""A toy kind for the test: double the number in `of`."""

from tutor.packs.kind import Kind
from tutor.packs.tasks import FieldError, Task, _single_of


def build(exercise, fields):
    value = fields.parse("of", _single_of(fields), ())
    if not value.is_number:
        raise FieldError("of", "toy-double doubles a number", "write a number in `of`")
    return Task(exercise.kind, "number", (), 2 * value, {"of": str(value), "expected": str(2 * value)})


ROWS = (Kind("toy-double", build, "Double {of}.", ("doubling",), ("of",)),)
'''

PACK = """\
format: 1
id: toy
title: Toy
version: "1.0"
author: test
license: CC-BY-4.0
description: A pack of the toy kind.
topic: dual-numbers
exercises:
  - id: double
    kind: toy-double
    of: "21"
    hints: ["add it to itself"]
    difficulty: 1
"""


@pytest.fixture()
def toy_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from tutor.packs import kinds

    package = tmp_path / "toy_kinds"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "toy_double.py").write_text(textwrap.dedent(TOY), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    kinds.load_kinds([str(package)], "toy_kinds")
    yield kinds.KIND_TABLE["toy-double"]
    kinds.KIND_TABLE.pop("toy-double", None)
    for name in [m for m in sys.modules if m.startswith("toy_kinds")]:
        del sys.modules[name]


def _run(*args: str) -> tuple[int, str]:
    from tutor.cli.main import app

    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "120"})
    return result.exit_code, result.output


def test_the_schema_and_validate_know_the_toy(toy_kind, tmp_path: Path) -> None:
    from tutor.packs.schema import generate_schema

    assert "toy-double" in generate_schema()["$defs"]["Exercise"]["properties"]["kind"]["enum"]
    pack = tmp_path / "toy.yaml"
    pack.write_text(PACK, encoding="utf-8")
    code, out = _run("validate", str(pack))
    assert code == 0, out
    code, out = _run("preview", str(pack))
    assert code == 0, out
    assert "Double 21." in out and "42" in out


def test_the_loader_applies_the_toys_fields(toy_kind, tmp_path: Path) -> None:
    pack = tmp_path / "toy.yaml"
    pack.write_text(PACK.replace('    of: "21"\n', '    of: "21"\n    wrt: x\n'), encoding="utf-8")
    code, out = _run("validate", str(pack))
    assert code == 1, out
    assert "wrt" in out and "toy.yaml:" in out  # a field the toy does not read, at its line


def test_the_toy_judges_by_its_answer_form(toy_kind, tmp_path: Path) -> None:
    from tutor.packs import instantiate, load_pack

    pack = tmp_path / "toy.yaml"
    pack.write_text(PACK, encoding="utf-8")
    [exercise] = load_pack(pack).exercises
    instance = instantiate(exercise, 0)
    assert instance.check("42").correct
    assert not instance.check("41").correct


def test_without_the_toy_the_kind_is_unknown(tmp_path: Path) -> None:
    pack = tmp_path / "toy.yaml"
    pack.write_text(PACK, encoding="utf-8")
    code, out = _run("validate", str(pack))
    assert code != 0 and "toy-double" in out
