"""Read Kubernetes' own API definitions and reduce them to what the spec describes.

Accepts both shapes in circulation: the OpenAPI v2 `swagger.json` (`definitions`,
`$ref: #/definitions/...`) and kubernetes-validate's `_definitions.json` (`$defs`,
nullable types written as `["string", "null"]`). The result is the closure of types
reachable from PodSpec and from the workload kinds that carry it, keyed by the short
Kubernetes type name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = "io.k8s.api.core.v1.PodSpec"
# The kinds of manifest that carry a pod spec, which the spec describes whole.
KINDS = (
    "io.k8s.api.apps.v1.Deployment",
    "io.k8s.api.apps.v1.StatefulSet",
    "io.k8s.api.apps.v1.DaemonSet",
    "io.k8s.api.apps.v1.ReplicaSet",
    "io.k8s.api.batch.v1.Job",
    "io.k8s.api.batch.v1.CronJob",
    "io.k8s.api.core.v1.ReplicationController",
    "io.k8s.api.core.v1.PodTemplate",
    "io.k8s.api.core.v1.Pod",
)
ROOTS = (ROOT, *KINDS)

# Primitive wrappers whose upstream encoding differs between the two shapes.
_WRAPPERS = {
    "io.k8s.apimachinery.pkg.api.resource.Quantity": "quantity",
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "int-or-string",
}


class UpstreamError(ValueError):
    pass


@dataclass(frozen=True)
class UpstreamField:
    name: str
    type: str  # a spec type expression
    description: str
    required: bool
    list_type: str | None
    list_map_keys: tuple[str, ...]
    patch_strategy: str | None
    patch_merge_key: str | None
    map_type: str | None


@dataclass(frozen=True)
class UpstreamType:
    name: str
    full_name: str
    description: str
    scalar: str | None
    format: str | None
    map_type: str | None
    fields: tuple[UpstreamField, ...]

    def field(self, name: str) -> UpstreamField | None:
        return next((f for f in self.fields if f.name == name), None)


def load_definitions(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UpstreamError(f"{path}: cannot read definitions: {exc}") from None
    defs = (
        document.get("definitions") or document.get("$defs")
        if isinstance(document, dict)
        else None
    )
    if not isinstance(defs, dict) or ROOT not in defs:
        raise UpstreamError(f"{path}: no '{ROOT}' under 'definitions' or '$defs'")
    return defs


def closure(
    defs: dict[str, Any],
    roots: tuple[str, ...] = ROOTS,
    stop: frozenset[str] = frozenset(),
) -> dict[str, UpstreamType]:
    """Every type reachable from `roots`, in breadth-first order from them.

    A type named (short) in `stop` is kept but not entered: the spec accepts it
    unchecked (a read-only status), so what only it reaches is not the spec's.
    """
    order: list[str] = []
    seen = set(roots)
    queue = [r for r in roots if r in defs]
    while queue:
        name = queue.pop(0)
        order.append(name)
        if name.rsplit(".", 1)[-1] in stop:
            continue
        for ref in _refs(defs[name]):
            if ref not in seen:
                seen.add(ref)
                queue.append(ref)
    result: dict[str, UpstreamType] = {}
    for full in order:
        t = _convert(full, defs[full])
        if t.name in result:
            raise UpstreamError(
                f"two types named {t.name}: {result[t.name].full_name} and {full}"
            )
        result[t.name] = t
    return result


def read_closure(
    path: Path, stop: frozenset[str] = frozenset()
) -> dict[str, UpstreamType]:
    return closure(load_definitions(path), stop=stop)


def _short(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _refs(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                found.append(_short(value))
            else:
                found.extend(_refs(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_refs(value))
    return found


def _json_type(node: dict[str, Any]) -> str | None:
    t = node.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), None)
    return t if isinstance(t, str) else None


def type_expr(node: dict[str, Any]) -> str:
    """Upstream property schema -> spec type expression."""
    if "$ref" in node:
        return _short(node["$ref"]).rsplit(".", 1)[-1]
    t = _json_type(node)
    if t == "array":
        return f"list[{type_expr(node.get('items', {}))}]"
    if t == "object":
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            return f"map[{type_expr(extra)}]"
        return "map[string]"
    if t == "integer":
        return "int32" if node.get("format") == "int32" else "int64"
    if t in ("string", "boolean", "number"):
        return t
    raise UpstreamError(f"unsupported upstream schema: {json.dumps(node)[:120]}")


def _convert(full: str, node: dict[str, Any]) -> UpstreamType:
    name = full.rsplit(".", 1)[-1]
    description = str(node.get("description", "")).strip()
    props = node.get("properties")
    if props is None:
        scalar = _WRAPPERS.get(full)
        fmt = None
        if scalar is None:
            kind = _json_type(node)
            scalar = {"string": "string", "integer": "integer", "object": "object"}.get(
                kind or "", "object"
            )
            fmt = node.get("format")
        return UpstreamType(
            name, full, description, scalar, fmt, node.get("x-kubernetes-map-type"), ()
        )
    required = set(node.get("required", ()))
    fields = tuple(
        UpstreamField(
            name=fname,
            type=type_expr(prop),
            description=str(prop.get("description", "")).strip(),
            required=fname in required,
            list_type=prop.get("x-kubernetes-list-type"),
            list_map_keys=tuple(prop.get("x-kubernetes-list-map-keys", ())),
            patch_strategy=prop.get("x-kubernetes-patch-strategy"),
            patch_merge_key=prop.get("x-kubernetes-patch-merge-key"),
            map_type=prop.get("x-kubernetes-map-type"),
        )
        for fname, prop in props.items()
    )
    return UpstreamType(
        name, full, description, None, None, node.get("x-kubernetes-map-type"), fields
    )
