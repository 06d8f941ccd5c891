"""The JSON Schema of a pack, generated from the model's fields (never written by hand).

The ``kind`` enum comes from the kind modules (``tutor.packs.kinds``).
``python -m tutor.packs.schema`` rewrites ``tutor/schema/pack.schema.json``;
a test checks that the shipped file equals ``generate_schema()``, so an
editor with yaml-language-server always sees the format the loader reads.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from pathlib import Path
from typing import Any, Union

from tutor.packs.kinds import KIND_TABLE
from tutor.packs.model import REQUIRED, AnticipatedAnswer, Exercise, Pack, Param, field_names

__all__ = ["generate_schema", "schema_text", "SCHEMA_PATH", "SCHEMA_ID"]

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schema" / "pack.schema.json"
SCHEMA_ID = "https://calctutor.invalid/schema/pack.schema.json"  # an identifier, not a download


def _type(hint: Any, meta: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is Union:
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            return _type(options[0], meta, defs)
        return {"anyOf": [_type(a, meta, defs) for a in options]}
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        name = hint.__name__
        if name not in defs:
            defs[name] = {}  # reserve before recursing
            defs[name] = _object(hint, defs)
        return {"$ref": f"#/$defs/{name}"}
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            array = {"type": "array", "items": _type(args[0], meta, defs)}
            # The loader reads a single word as a one-item list (`wrt: x`), so the schema allows it.
            return {"anyOf": [array["items"], array]} if args[0] is str else array
        return {"type": "array", "items": _type(args[0], meta, defs), "minItems": len(args), "maxItems": len(args)}
    if origin is not None and "Mapping" in str(origin):
        return {"type": "object", "additionalProperties": _type(args[1], meta, defs)}
    schema: dict[str, Any] = {str: {"type": "string"}, int: {"type": "integer"}, float: {"type": "number"},
                              bool: {"type": "boolean"}}[hint]
    extra = meta.get("schema", {})
    for key in ("enum", "pattern", "minimum", "maximum"):
        if key in extra and (key != "pattern" or hint is str):
            schema[key] = list(extra[key]) if key == "enum" else extra[key]
    return schema


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in field_names(cls):
            continue
        prop = _type(hints[f.name], dict(f.metadata), defs)
        doc = f.metadata.get("doc", "")
        if f.metadata.get("math"):
            doc += " Math: always a quoted string."
        prop = {"description": doc.strip(), **prop}
        if (f.default is not dataclasses.MISSING and f.default not in (None, "") and not isinstance(f.default, tuple)
                and f.name not in REQUIRED[cls]):
            prop["default"] = f.default
        props[f.name] = prop
    out: dict[str, Any] = {"type": "object", "description": (cls.__doc__ or "").strip(), "properties": props,
                           "additionalProperties": False}
    if REQUIRED[cls]:
        out["required"] = list(REQUIRED[cls])
    return out


def generate_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a pack file."""
    defs: dict[str, Any] = {}
    for cls in (Exercise, Param, AnticipatedAnswer):
        _type(cls, {}, defs)
    root = _object(Pack, defs)
    # The kinds are modules, not a list in the model: their names become the enum here.
    defs["Exercise"]["properties"]["kind"]["enum"] = list(KIND_TABLE)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "calctutor exercise pack",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    return json.dumps(generate_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m tutor.packs.schema: regenerate the shipped file
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
