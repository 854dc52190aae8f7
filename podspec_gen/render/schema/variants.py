"""Definitions of a manifest kind whose pod spec the server checks differently: a kind
with `serverClears` fields (a StatefulSet's hostname and subdomain, which the server
empties before it validates the template) reaches a copy of the pod spec definition
that accepts any string there, and copies of the shared definitions on the way to it.

Each copy says which definition it varies (`VARIANT_OF`), so that a reader that wants
one model per type (the pydantic flavour's codegen) can fold them back."""

from __future__ import annotations

import copy as copying
from typing import Any

import msgspec

from podspec_gen.model.types import ManifestKind, Spec

VARIANT_OF = "x-podspec-variant-of"
_PREFIX = "#/$defs/"
# What a cleared field's value is no longer checked against.
_CHECKS = frozenset(
    {"pattern", "patternErrorMessage", "format", "minLength", "maxLength", "enum"}
)


def with_variants(defs_text: str, spec: Spec) -> str:
    """The shared `$defs` (JSON text) with every kind's variants added."""
    kinds = [k for k in spec.kinds if k.cleared]
    if not kinds:
        return defs_text
    defs: dict[str, Any] = msgspec.json.decode(defs_text)
    for kind in kinds:
        _add(defs, kind, spec.root.name, defs_text)
    return msgspec.json.encode(defs).decode()


def _add(defs: dict[str, Any], kind: ManifestKind, root: str, text: str) -> None:
    """From the kind down its pod spec path: a definition only this path reaches is
    changed in place, a shared one (referred to more than once in `text`, the
    definitions before any variant) is copied under the kind's name."""
    owner = kind.name
    for key in kind.pod_spec_path:
        prop = defs[owner]["properties"][key]
        target = _ref(prop)
        if text.count(f'"{_PREFIX}{target}"') > 1:
            copy = f"{kind.name}{target}"
            # The extension keys (the rules as data, CEL) stay with the definition
            # varied: the copy checks the same rules, by its `allOf`.
            kept = {k: v for k, v in defs[target].items() if not k.startswith("x-")}
            defs[copy] = {**copying.deepcopy(kept), VARIANT_OF: target}
            _point(prop, copy)
            target = copy
        owner = target
    properties = defs[owner]["properties"]
    for wire in kind.cleared:
        properties[wire] = _unchecked(properties[wire], kind.name)
    assert owner == root or defs[owner].get(VARIANT_OF) == root


def _ref(node: Any) -> str:
    """The definition a property refers to (directly, or in its non-null branch)."""
    if "$ref" in node:
        return str(node["$ref"]).removeprefix(_PREFIX)
    return _ref(node["anyOf"][0])


def _point(node: dict[str, Any], name: str) -> None:
    if "$ref" in node:
        node["$ref"] = _PREFIX + name
    else:
        _point(node["anyOf"][0], name)


def _unchecked(prop: dict[str, Any], kind: str) -> dict[str, Any]:
    """A string property without its value checks, its hover saying why."""
    out = {k: v for k, v in prop.items() if k not in _CHECKS}
    if "anyOf" in out:
        out["anyOf"] = [
            {k: v for k, v in branch.items() if k not in _CHECKS}
            for branch in out["anyOf"]
        ]
    said = (
        f"In a {kind}, the API server empties this field before it validates the pod "
        "template (the controller sets it in every pod it makes): any string is "
        "accepted."
    )
    text = out.get("markdownDescription", "")
    body, _, link = text.rpartition("\n\n[Reference]")
    out["markdownDescription"] = (
        f"{body}\n\n{said}\n\n[Reference]{link}" if body else f"{text}\n\n{said}"
    )
    return out
