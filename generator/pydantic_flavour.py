"""The pydantic v2 flavour: datamodel-code-generator run on our own JSON Schema.

It is slow (seconds) next to the rest of the pipeline, so it runs only when the part of
the schema it reads has changed. We feed it the schema's *structure* (types, enums,
ranges, patterns, required lists; no prose, no defaults) and record a hash of that
structure, and of the output, in the generated file's header: when both still match what
is on disk, the existing file is reused as is. Description edits therefore never pay for
it, and the output never depends on anything but the schema.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

SCHEMA = "jsonschema/podspec.schema.json"
OUTPUT = "pydantic/podspec_pydantic/__init__.py"
MARKER = "# podspec-gen: structure sha256="

# Keywords that carry prose or editor hints; the models do not depend on them.
_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "markdownDescription",
        "markdownEnumDescriptions",
        "deprecated",
        "deprecationMessage",
        "defaultSnippets",
        "patternErrorMessage",
        "default",
        "examples",
        "$comment",
        "$id",
    }
)
# Keywords whose values map names (not keywords) to schemas.
_NAMED = frozenset({"properties", "$defs", "patternProperties", "dependentSchemas"})

OPTIONS = (
    "--input-file-type=jsonschema",
    "--output-model-type=pydantic_v2.BaseModel",
    "--target-python-version=3.11",
    "--use-standard-collections",
    "--use-union-operator",
    "--snake-case-field",
    "--allow-population-by-field-name",
    "--enum-field-as-literal=all",
    "--field-constraints",
    # The API does not coerce "80" to 80 or "true" to true; neither may the models.
    "--strict-types",
    "str",
    "int",
    "float",
    "bool",
    "--use-double-quotes",
    "--disable-timestamp",
    "--formatters",
    "black",
    "isort",
)


class PydanticError(Exception):
    pass


def structure(node: Any) -> Any:
    """The schema without annotation keywords (names under `properties` etc. kept)."""
    if isinstance(node, list):
        return [structure(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        # datamodel-codegen loses a map's value type under `type: [object, null]`; the
        # models make every optional field `T | None` anyway, so drop the null.
        if key == "type" and isinstance(value, list) and "null" in value:
            rest = [t for t in value if t != "null"]
            value = rest[0] if len(rest) == 1 else rest
        elif key == "enum" and isinstance(value, list) and None in value:
            value = [v for v in value if v is not None]
        if key in _NAMED and isinstance(value, dict):
            out[key] = {name: structure(sub) for name, sub in value.items()}
        else:
            out[key] = structure(value)
    return out


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _header(key: str, body: str) -> str:
    return f"{MARKER}{key} body sha256={_digest(body)}\n"


def _reusable(previous: Path | None, key: str) -> str | None:
    if previous is None:
        return None
    path = previous / OUTPUT
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    first, _, body = text.partition("\n")
    return text if first + "\n" == _header(key, body) else None


def render(schema_text: str, previous: Path | None) -> dict[str, str]:
    """{path: text} of the pydantic package, reusing `previous`'s when still valid."""
    shape = structure(json.loads(schema_text))
    canonical = json.dumps(shape, sort_keys=True, separators=(",", ":"))
    # The options and the tool's version decide the output as much as the schema does.
    key = _digest("\n".join([canonical, *OPTIONS, _codegen_version()]))
    text = _reusable(previous, key)
    if text is None:
        body = _run_codegen(json.dumps(shape, indent=1))
        text = _header(key, body) + body
    return {OUTPUT: text, "pydantic/podspec_pydantic/py.typed": ""}


def _codegen_version() -> str:
    try:
        return metadata.version("datamodel-code-generator")
    except metadata.PackageNotFoundError:
        return "absent"


def _run_codegen(schema: str) -> str:
    with tempfile.TemporaryDirectory(prefix="podspec-gen-") as tmp:
        source = Path(tmp) / "podspec.schema.json"
        target = Path(tmp) / "models.py"
        source.write_text(schema, encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "datamodel_code_generator",
            f"--input={source}",
            f"--output={target}",
            "--custom-file-header=# Generated by podspec-gen with datamodel-code-generator"
            " from jsonschema/podspec.schema.json. Do not edit.",
            *OPTIONS,
        ]
        result = subprocess.run(command, capture_output=True, text=True, cwd=tmp)
        if result.returncode != 0 or not target.is_file():
            detail = (result.stderr or result.stdout).strip().splitlines()[-1:]
            raise PydanticError(f"datamodel-codegen failed: {' '.join(detail)}")
        return target.read_text(encoding="utf-8")
