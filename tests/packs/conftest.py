"""Helpers for the packs tests: a pack from a YAML snippet, one exercise from a few lines."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from tutor.packs import Exercise, Pack, load_pack_text

HEADER = "format: 1\nid: t\ntitle: T\nexercises:\n"


def pack_from(body: str, name: str = "t.yaml") -> Pack:
    """A pack whose `exercises:` list is ``body`` (indented YAML list items)."""
    return load_pack_text(HEADER + textwrap.indent(textwrap.dedent(body), "  "), name)


def exercise(body: str) -> Exercise:
    """The single exercise of a pack made from ``body`` (the item without its leading '- ')."""
    lines = textwrap.dedent(body).strip("\n").splitlines()
    item = "- " + lines[0] + "\n" + "\n".join("  " + line for line in lines[1:]) + "\n"
    pack = pack_from(item)
    return pack.exercises[0]


@pytest.fixture
def make_exercise() -> Any:
    return exercise
