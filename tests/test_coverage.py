"""The generated schema covers the upstream Kubernetes v1.37 closure completely: the
PodSpec, and the workload kinds that carry it.

Upstream is kubernetes-validate's copy of the v1.37.0 definitions. Every type and field
must be in our schema with the same JSON type, integer format, required list and list/map
semantics; the only extra requirements are the API-server rules the spec marks
`serverRequired`, and those are named here, and a manifest kind's apiVersion and kind.
A status, written by the system, is accepted unchecked: the closure does not enter it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
from conftest import model

from podspec_gen.sync.upstream import KINDS, ROOT, closure, load_definitions

UPSTREAM = (
    Path(kubernetes_validate.__file__).parent
    / "kubernetes-json-schema"
    / "v1.37.0-local-strict"
    / "_definitions.json"
)
DEFS: dict[str, Any] = load_definitions(UPSTREAM)
MODEL = model()
READ_ONLY = frozenset(t.name for t in MODEL.types if t.read_only)
CLOSURE = closure(DEFS, stop=READ_ONLY)
# What the spec checks field by field: everything but the read-only statuses.
CHECKED = {name: t for name, t in CLOSURE.items() if name not in READ_ONLY}
SEMANTICS = (
    "x-kubernetes-list-type",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-patch-strategy",
    "x-kubernetes-patch-merge-key",
    "x-kubernetes-map-type",
)


def _short(ref: str) -> str:
    return ref.rsplit("/", 1)[-1].rsplit(".", 1)[-1]


def _shape(node: dict[str, Any]) -> Any:
    """A property's JSON type, nulls and annotations aside: what must match upstream."""
    if "anyOf" in node:
        # An optional field: anyOf [its value's keywords, null]; the keywords of one
        # type only (items, format...) sit beside the anyOf.
        value, *_ = node["anyOf"]
        node = {k: v for k, v in node.items() if k != "anyOf"} | value
    if "$ref" in node:
        return ("ref", _short(node["$ref"]))
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "array":
        return ("array", _shape(node["items"]))
    if kind == "object" and isinstance(node.get("additionalProperties"), dict):
        return ("map", _shape(node["additionalProperties"]))
    return (kind, node.get("format") if kind == "integer" else None)


def _varies(schema: dict[str, Any], name: str) -> str:
    return str(schema["$defs"][name].get("x-podspec-variant-of", name))


def _upstream_shape(node: dict[str, Any]) -> Any:
    shape = _shape(node)
    if shape[0] == "integer" and shape[1] is None:
        return ("integer", "int64")  # an unformatted upstream integer is an int64
    return shape


def test_closure_is_the_size_the_issue_states() -> None:
    pod_spec = closure(DEFS, (ROOT,))
    assert len(pod_spec) == 114
    assert sum(len(t.fields) for t in pod_spec.values()) == 530


def test_the_kinds_and_their_statuses_are_all_described() -> None:
    """Each of the nine kinds is a manifest kind of the spec, with upstream's API
    version; its status is read-only and nothing else is."""
    kinds = {k.name: k.api_version for k in MODEL.kinds}
    expected = {}
    for full in KINDS:
        group, version, name = full.split(".")[-3:]
        expected[name] = version if group == "core" else f"{group}/{version}"
    assert kinds == expected
    statuses = {
        field.type.rsplit(".", 1)[-1]
        for t in CLOSURE.values()
        for field in t.fields
        if field.name == "status" and field.type[0].isupper()
    }
    assert statuses == READ_ONLY


def test_every_upstream_type_and_field_is_in_the_schema(schema: dict[str, Any]) -> None:
    ours = schema["$defs"]
    missing_types = sorted(set(CLOSURE) - set(ours))
    missing_fields = sorted(
        f"{name}.{field.name}"
        for name, t in CHECKED.items()
        if name in ours
        for field in t.fields
        if field.name not in ours[name].get("properties", {})
    )
    assert not missing_types, f"types missing from the schema: {missing_types}"
    assert not missing_fields, f"fields missing from the schema: {missing_fields}"


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_json_types_formats_and_semantics_match_upstream(
    name: str, schema: dict[str, Any]
) -> None:
    upstream = DEFS[CLOSURE[name].full_name]
    ours = schema["$defs"][name]
    assert set(ours.get("properties", {})) == set(upstream.get("properties", {}))
    for field, node in upstream.get("properties", {}).items():
        mine = ours["properties"][field]
        shape = _shape(mine)
        if shape[0] == "ref":
            # A kind's variant of a definition (a StatefulSet's pod spec) is that one.
            shape = ("ref", _varies(schema, shape[1]))
        assert shape == _upstream_shape(node), f"{name}.{field}"
        for key in SEMANTICS:
            assert mine.get(key) == node.get(key), f"{name}.{field}: {key}"
    assert ours.get("x-kubernetes-map-type") == upstream.get("x-kubernetes-map-type")


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_required_lists_match_upstream_plus_named_server_rules(
    name: str, schema: dict[str, Any]
) -> None:
    upstream = set(DEFS[CLOSURE[name].full_name].get("required", ()))
    ours = set(schema["$defs"][name].get("required", ()))
    fields = MODEL.type(name).fields
    server = {f.wire_name for f in fields if f.server_required}
    const = {f.wire_name for f in fields if f.const is not None}
    unchecked = {f.wire_name for f in fields if f.server_optional}
    assert unchecked <= upstream, "serverOptional is only for what upstream requires"
    assert ours == (upstream - unchecked) | server | const
    assert (
        not server & upstream
    ), "serverRequired is only for what upstream leaves optional"


def test_server_rules_beyond_upstream_cite_the_server() -> None:
    """Each requirement upstream's schema lacks is the server's, and says where."""
    extra = {
        f"{t.name}.{f.wire_name}": dict(f.sources).get("serverRequired")
        for t in MODEL.types
        for f in t.fields
        if f.server_required
    }
    assert {"Container.image", "EphemeralContainer.image"} <= set(extra)
    uncited = sorted(name for name, source in extra.items() if not source)
    assert not uncited, f"serverRequired without a source: {uncited}"


def test_root_is_upstream_podspec() -> None:
    assert MODEL.root.upstream == ROOT
    assert {t.name: t.upstream for t in MODEL.types} == {
        name: t.full_name for name, t in CLOSURE.items()
    }
