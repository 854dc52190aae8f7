"""The API server's rules across fields for each pod spec validate finds: the generated
SDK checks them (sdk.py); this module hands it the pod spec as the API server will see
it and places each broken rule on the manifest's node that its path names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from podspec_gen.validate.manifest_load import Path
from podspec_gen.validate.manifests import Site
from podspec_gen.validate.sdk import RuleProblem, Sdk

# Where the pod spec is inside each kind of site (manifests.Site.definition).
SPEC_IN: dict[str, Path] = {
    "Pod": ("spec",),
    "PodTemplateSpec": ("spec",),
    "PodSpec": (),
}

_INDEX = re.compile(r"\[(\d+)\]")
_VOLUME = re.compile(r"^volumes\[(\d+)\]")


@dataclass(frozen=True)
class Finding:
    """A broken rule placed in its document."""

    path: Path  # from the document root to the deepest node of the rule's path
    tail: str  # the rest of the rule's path, naming what does not exist (".image")
    message: str  # the SDK's message and the rule's id
    warning: bool
    at_key: bool  # point at the key holding the node (a mapping or list value)


def site_findings(sdk: Sdk, site: Site) -> list[Finding]:
    """The rules the site's pod spec breaks, checked as the pods will have it; nothing
    when it has no pod spec to check (the schema check reports that). Raises
    sdk.SdkError."""
    spec: Any = site.value
    for step in SPEC_IN[site.definition]:
        spec = spec.get(step) if isinstance(spec, dict) else None
    if not isinstance(spec, dict):
        return []
    prefix = (*site.path, *SPEC_IN[site.definition])
    added = (
        sdk.controller_volumes(site.kind, site.workload)
        if site.workload is not None
        else []
    )
    checked, synthetic = sdk.as_made(spec, added)
    return [
        _place(spec, prefix, problem)
        for problem in sdk.rule_problems(checked)
        if not _about(problem.path, synthetic)
    ]


def _about(path: str, volumes: frozenset[int]) -> bool:
    """Whether a problem's path is in one of these volumes."""
    match = _VOLUME.match(path)
    return match is not None and int(match[1]) in volumes


def _place(spec: dict[str, Any], prefix: Path, problem: RuleProblem) -> Finding:
    found, tail = locate(spec, problem.path)
    node: Any = spec
    for step in found:
        node = node[step]
    path = (*prefix, *found)
    # A mapping or list starts on the line after its key: the key is what to show.
    at_key = bool(path) and isinstance(path[-1], str) and isinstance(node, dict | list)
    message = f"{problem.message} [{problem.rule}]" if problem.rule else problem.message
    return Finding(path, tail, message, problem.warning, at_key)


def locate(value: Any, text: str) -> tuple[Path, str]:
    """The nodes of `value` that the SDK's path `text` walks through, as far as they
    exist, and the rest of `text` as a continuation (`.image`, `[2]`, or `` when the
    whole path exists). Map keys may hold dots (`limits.nvidia.com/gpu`), so a key is
    matched against the value's own keys, the longest first."""
    found: list[str | int] = []
    rest = text
    while rest:
        if rest.startswith("["):
            match = _INDEX.match(rest)
            if match is None or not isinstance(value, list):
                break
            index = int(match[1])
            if index >= len(value):
                break
            found.append(index)
            value = value[index]
            rest = rest[match.end() :]
            continue
        body = rest[1:] if found and rest.startswith(".") else rest
        key = _key(value, body)
        if key is None:
            break
        found.append(key)
        value = value[key]
        rest = body[len(key) :]
    if rest and not found and not rest.startswith("["):
        rest = "." + rest
    return tuple(found), rest


def _key(value: Any, body: str) -> str | None:
    """The longest key of a mapping `value` that `body` starts with, as a whole step."""
    if not isinstance(value, dict):
        return None
    keys = [
        k
        for k in value
        if isinstance(k, str)
        and (body == k or body.startswith(k + ".") or body.startswith(k + "["))
    ]
    return max(keys, key=len) if keys else None
