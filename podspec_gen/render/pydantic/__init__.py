"""The pydantic v2 flavour: datamodel-code-generator run on our own JSON Schema, and the
API server's rules (spec `rules:`) checked on its models by the dataclass SDK's walkers.

Codegen is slow (seconds) next to the rest of the pipeline, so it runs only when the
part of the schema it reads has changed. We feed it the schema's *structure* (types,
enums, ranges, patterns, required lists; no prose, no defaults), and keep its output in
the per-user cache (`podspec_gen.cache`) under a hash of that structure, the
options and the tool's pinned version, which the generated file's header also records.
Description edits therefore never pay for it, a render never reads the output folder,
and the models never depend on anything but the schema.

Three options make the models readable by the walkers (`package.py`): every model
derives from `rules.RulesModel`, attributes take the SDK's Python names (`--aliases`),
and named scalar types are type aliases rather than root models, so that a quantity
reads as the string or number it was given. A manifest kind's model derives from its
base in `kinds.py` instead (`--base-class-map`, itself a RulesModel), which gives it
the kind's constants and its `pod_spec` and `pod_metadata`; a free-form object's (a
status, FieldsV1: codegen's model of it would have no fields, and drop what it holds)
derives from `rules.ObjectModel`. The rules themselves are rendered from the
spec by `jobs`, outside codegen: a new rule never reruns it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from podspec_gen import cache
from podspec_gen.model.naming import python_name
from podspec_gen.render.pydantic.codegen import (
    CODEGEN_VERSION,
    FOLDER_PREFIX,
    STALE_AFTER,
    Codegen,
    PydanticError,
    cancel_all,
    launch,
)
from podspec_gen.render.pydantic.package import (
    BASE_CLASS,
    FILTERS,
    FOLDER,
    GLOBALS,
    OBJECT_BASE,
    jobs,
    kind_base,
)
from podspec_gen.render.python.literals import py_regex

# How the schema marks a kind's variant of a shared definition, and refers to one
# (render/schema/variants.py; the outputs import nothing of each other's).
VARIANT_OF = "x-podspec-variant-of"
_PREFIX = "#/$defs/"

__all__ = [
    "CODEGEN_VERSION",
    "FILTERS",
    "FOLDER_PREFIX",
    "GLOBALS",
    "OPTIONS",
    "OUTPUT",
    "SCHEMA",
    "STALE_AFTER",
    "Pending",
    "PydanticError",
    "aliases",
    "bases",
    "cancel_all",
    "jobs",
    "render",
    "start",
    "structure",
]

SCHEMA = "jsonschema/podspec.schema.json"
OUTPUT = f"{FOLDER}/__init__.py"
MARKER = "# podspec-gen: structure sha256="

# Keywords that carry prose or editor hints; the models do not depend on them.
_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "markdownDescription",
        "markdownEnumDescriptions",
        "deprecated",
        "doNotSuggest",
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
    # Its own formatter: black and isort would double its run time, for a file that is
    # read by pydantic, not by people editing it.
    "--formatters",
    "builtin",
    # What the rules need (see the module docstring).
    f"--base-class={BASE_CLASS}",
    "--use-type-alias",
)


def structure(node: Any) -> Any:
    """The schema without annotation keywords (names under `properties` etc. kept)."""
    if isinstance(node, list):
        return [structure(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        # The rules' exact forms (`allOf`) are checked by the rules modules instead;
        # datamodel-codegen would turn a definition with them into a union of models.
        if key in _ANNOTATIONS or key.startswith("x-") or key == "allOf":
            continue
        if key == "type":
            value = _types(value)
        elif key == "enum" and isinstance(value, list) and None in value:
            value = [v for v in value if v is not None]
        if key in ("items", "additionalProperties"):
            value = _without_null(value)
        if key == "pattern" and isinstance(value, str):
            # The models match with Python's re, whose `$` also matches before a last
            # "\n": "1Gi\n" would pass a quantity's pattern, which the server (and
            # the schema's ECMA `$`) refuses.
            value = py_regex(value)
        if key in _NAMED and isinstance(value, dict):
            out[key] = {name: structure(sub) for name, sub in value.items()}
        else:
            out[key] = structure(value)
    return out


def folded(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with one definition per type: each kind's variant of a shared
    definition (schema/variants.py) dropped, and referred to as the one it varies.
    The models check what the variants relax as the SDK does, by the kind."""
    defs = schema.get("$defs", {})
    of = {n: d[VARIANT_OF] for n, d in defs.items() if VARIANT_OF in d}
    if not of:
        return schema
    text = json.dumps(
        {**schema, "$defs": {n: d for n, d in defs.items() if n not in of}}
    )
    for name, base in of.items():
        text = text.replace(json.dumps(_PREFIX + name), json.dumps(_PREFIX + base))
    folded_schema: dict[str, Any] = json.loads(text)
    return folded_schema


def _without_null(node: Any) -> Any:
    """An item or map value's schema without its null branch (a null item is its
    type's zero value to the server): the models keep refusing null items, where
    codegen would type a quantity map `dict[str, Quantity | None]` and store them."""
    branches = node.get("anyOf") if isinstance(node, dict) else None
    if isinstance(branches, list) and len(branches) == 2 and "not" in branches[1]:
        rest = {k: v for k, v in node.items() if k != "anyOf"}
        return {**branches[0], **rest}
    return node


def _types(value: Any) -> Any:
    """A `type` keyword as codegen is to read it."""
    # datamodel-codegen loses a map's value type under `type: [object, null]`; the
    # models make every optional field `T | None` anyway, so drop the null.
    if isinstance(value, list) and "null" in value:
        rest = [t for t in value if t != "null"]
        value = rest[0] if len(rest) == 1 else rest
    # A JSON number may be written 2; pydantic's float would make it 2.0, which dumps
    # and prints (in a rule's message) unlike the manifest. Integers first keep it 2.
    if value == "number":
        return ["integer", "number"]
    return value


def aliases(shape: Any) -> dict[str, str]:
    """{wire name: the SDK's Python name} of every property whose names differ.

    Codegen's own snake_case differs from ours on a few (`targetWWNs`, `fieldsV1`); the
    walkers read attributes by our names, and users of both flavours may too. A name
    ours cannot spell is in no SDK class, and keeps codegen's."""
    names: set[str] = set()

    def collect(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                collect(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    names.update(value)
                collect(value)

    collect(shape)
    out = {}
    for wire in sorted(names):
        try:
            name = python_name(wire)
        except ValueError:
            continue
        if name != wire:
            out[wire] = name
    return out


def bases(shape: Any) -> dict[str, str]:
    """{model: its base} where it is not RulesModel: the manifest kinds (the definitions
    whose `kind` is fixed to their own name, as the schema writes every kind the spec
    has; `kinds.py`, rendered from the spec's kinds, declares the same bases), and the
    free-form objects (a definition that says only that it is an object: the spec's
    `scalar: object` types, a status, FieldsV1)."""
    definitions = shape.get("$defs", {}) if isinstance(shape, dict) else {}
    out = {}
    for name, definition in definitions.items():
        if not isinstance(definition, dict):
            continue
        if definition.get("properties", {}).get("kind", {}).get("const") == name:
            out[name] = kind_base(name)
        elif definition == {"type": "object"}:
            out[name] = OBJECT_BASE
    return out


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _header(key: str, body: str) -> str:
    return f"{MARKER}{key} body sha256={_digest(body)}\n"


CACHE = "pydantic"


def _reusable(key: str) -> str | None:
    """The package made before for this key, if the cache has it intact."""
    text = cache.read(CACHE, key)
    if text is None:
        return None
    first, _, body = text.partition("\n")
    return text if first + "\n" == _header(key, body) else None


def render(schema_text: str) -> dict[str, str]:
    """{path: text} of the pydantic package, from the cache when the structure is known."""
    return start(schema_text).result()


def start(schema_text: str) -> Pending:
    """Begin producing the package; datamodel-codegen, if needed, runs in the background
    (on another core) while the caller renders the other outputs."""
    shape = structure(folded(json.loads(schema_text)))
    canonical = json.dumps(shape, sort_keys=True, separators=(",", ":"))
    options = (
        *OPTIONS,
        f"--aliases={json.dumps(aliases(shape), sort_keys=True)}",
        f"--base-class-map={json.dumps(bases(shape), sort_keys=True)}",
    )
    # The options and the tool's (pinned) version decide the output as much as the
    # schema does. The pin, not whatever is installed, keys the cache: an up-to-date
    # tree checks clean even where the tool is absent.
    key = _digest("\n".join([canonical, *options, CODEGEN_VERSION]))
    text = _reusable(key)
    if text is not None:
        return Pending(key, text, None)
    return Pending(key, None, launch(json.dumps(shape, indent=1), options))


@dataclass
class Pending:
    key: str
    text: str | None
    job: Codegen | None

    def result(self) -> dict[str, str]:
        if self.text is None:
            assert self.job is not None
            body = self.job.wait()
            self.text = _header(self.key, body) + body
            cache.write(CACHE, self.key, self.text)
        return {OUTPUT: self.text, f"{FOLDER}/py.typed": ""}

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
