"""What the JSON Schema templates need: JSON types and keyword values per field."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from generator.model import INT_RANGES, Field, FieldType, Spec, TypeDef

if TYPE_CHECKING:
    from generator.render import Job

SCHEMA_ID = "https://podspec-gen.dev/schemas/{version}/podspec.schema.json"
DOCS_BASE = "https://github.com/podspec-gen/podspec-gen/blob/main/generated/docs"

PRIMITIVE_JSON = {
    "string": "string",
    "boolean": "boolean",
    "int32": "integer",
    "int64": "integer",
    "number": "number",
}


def tojson(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def field_markdown(spec: Spec, owner: TypeDef, field: Field) -> str:
    """The hover text editors show: description, then the facts as data."""
    parts = [field.description]
    if field.has_default:
        parts.append(f"Default: `{json.dumps(field.default)}`")
    if field.immutable:
        parts.append("Cannot be updated.")
    parts.append(
        f"[Reference]({DOCS_BASE}/{spec.type(owner.name).group}.md#{owner.name.lower()})"
    )
    return "\n\n".join(parts)


def int_range(t: FieldType) -> tuple[int, int] | None:
    return INT_RANGES.get(t.name) if t.kind == "primitive" else None


def jobs(spec: Spec) -> list[Job]:
    from generator.render import Job, canonical_json

    return [
        Job(
            "jsonschema/podspec.schema.json",
            "jsonschema/podspec.schema.json.j2",
            {},
            canonical_json,
        )
    ]


FILTERS: dict[str, Any] = {
    "tojson": tojson,
    "json_required_one": lambda name: {"required": [name]},
}
GLOBALS: dict[str, Any] = {
    "schema_id": SCHEMA_ID,
    "json_primitive": PRIMITIVE_JSON,
    "json_int_range": int_range,
    "json_field_markdown": field_markdown,
}
