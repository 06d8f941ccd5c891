"""The JSON Schema is generated from the model; the shipped file must be the generated one."""

from __future__ import annotations

import json
from importlib.resources import files

from tutor.packs.model import Exercise, Pack, field_names
from tutor.packs.schema import SCHEMA_PATH, generate_schema, schema_text


def test_shipped_schema_equals_generated() -> None:
    shipped = files("tutor").joinpath("schema/pack.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(), "run: python -m tutor.packs.schema"
    assert SCHEMA_PATH.read_text(encoding="utf-8") == shipped


def test_schema_covers_every_model_field_and_forbids_others() -> None:
    schema = generate_schema()
    assert set(schema["properties"]) == set(field_names(Pack))
    exercise = schema["$defs"]["Exercise"]
    assert set(exercise["properties"]) == set(field_names(Exercise))
    assert exercise["additionalProperties"] is False and schema["additionalProperties"] is False
    assert "chain-rule" in exercise["properties"]["kind"]["enum"]
    assert "Math: always a quoted string." in exercise["properties"]["of"]["description"]
    json.dumps(schema)  # plain JSON


def test_builtin_packs_point_editors_at_the_schema() -> None:
    for entry in files("tutor.exercises").iterdir():
        if entry.name.endswith(".yaml"):
            first = entry.read_text(encoding="utf-8").splitlines()[0]
            assert first == "# yaml-language-server: $schema=../tutor/schema/pack.schema.json", entry.name
