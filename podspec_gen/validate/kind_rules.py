"""The API server's rules for a whole manifest: the SDK's class of its kind checks them
(its own rules and its pod spec's), on the manifest as the controller's pods will have
it, and each broken rule is placed on the node its path names.
"""

from __future__ import annotations

import re
from typing import Any

from podspec_gen.validate.manifest_load import Path
from podspec_gen.validate.manifests import Whole
from podspec_gen.validate.rule_check import Finding, locate
from podspec_gen.validate.sdk import RuleProblem, Sdk


def kind_findings(sdk: Sdk, whole: Whole, spec: dict[str, Any] | None) -> list[Finding]:
    """The rules the manifest breaks; `spec` is its pod spec (at `whole.pod_spec`), or
    None when it has none (its own rules are still checked). A controller's volumes (a
    StatefulSet's claim templates) are added to the pod spec checked, and what is said
    of them alone is not reported. Raises sdk.SdkError."""
    document: Any = whole.value
    synthetic: frozenset[int] = frozenset()
    if spec is not None:
        added = sdk.controller_volumes(whole.kind, whole.value)
        checked, synthetic = sdk.as_made(spec, added)
        document = _replaced(whole.value, whole.pod_spec, checked)
    volume = _volume_pattern(whole.pod_spec)
    return [
        _place(whole, problem)
        for problem in sdk.kind_rule_problems(whole.kind, document)
        if not _about(volume, problem.path, synthetic)
    ]


def _replaced(value: Any, steps: Path, new: dict[str, Any]) -> Any:
    """A copy of `value` with `new` at `steps` (copied along the path only; the caller
    has found a mapping at every step)."""
    if not steps:
        return new
    head = steps[0]
    return {**value, head: _replaced(value[head], steps[1:], new)}


def _volume_pattern(pod_spec: Path) -> re.Pattern[str]:
    prefix = "".join(f"{step}." for step in pod_spec)
    return re.compile(rf"^{re.escape(prefix)}volumes\[(\d+)\]")


def _about(volume: re.Pattern[str], path: str, synthetic: frozenset[int]) -> bool:
    """Whether a problem's path is in one of the volumes the controller added."""
    match = volume.match(path)
    return match is not None and int(match[1]) in synthetic


def _place(whole: Whole, problem: RuleProblem) -> Finding:
    found, tail = locate(whole.value, problem.path)
    node: Any = whole.value
    for step in found:
        node = node[step]
    path = (*whole.path, *found)
    # A mapping or list starts on the line after its key: the key is what to show.
    at_key = (
        bool(found) and isinstance(found[-1], str) and isinstance(node, dict | list)
    )
    message = f"{problem.message} [{problem.rule}]" if problem.rule else problem.message
    return Finding(path, tail, message, problem.warning, at_key)
