"""The JSON Schemas in content/schema/ are current: regenerate with `backcare content schema`
whenever a content model changes."""

from __future__ import annotations

import json

import yaml

from backcare.cli.content_cmds import schema_documents

from .conftest import CONTENT


def test_committed_schemas_are_current() -> None:
    for name, text in schema_documents().items():
        path = CONTENT / "schema" / name
        assert path.is_file(), f"missing {path}: run `backcare content schema`"
        assert path.read_text(encoding="utf-8") == text, (
            f"stale {name}: run `backcare content schema`"
        )


def test_exercise_schema_describes_the_exercise_files() -> None:
    schema = json.loads(schema_documents()["exercise.json"])
    assert {"id", "name", "steps", "dosing", "sources"} <= set(schema["required"])
    example = yaml.safe_load((CONTENT / "exercises" / "wall_angel.yaml").read_text("utf-8"))
    assert set(example) <= set(schema["properties"])


def test_list_files_get_array_schemas() -> None:
    assert json.loads(schema_documents()["source.json"])["type"] == "array"
    assert json.loads(schema_documents()["safety_rule.json"])["type"] == "array"


def test_schemas_accept_the_loaders_short_forms() -> None:
    """`sets: [2, 4]` and `name: Wall angel` load, so the schema must allow them too."""
    defs = json.loads(schema_documents()["exercise.json"])["$defs"]
    range_forms = [form.get("type") for form in defs["IntRange"]["anyOf"]]
    assert range_forms == ["object", "array"]
    text_forms = [form.get("type") for form in defs["_LocalizedText"]["anyOf"]]
    assert text_forms == ["string", "object"]
