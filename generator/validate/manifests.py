"""Where the pod specs are in a manifest, by kind.

A Pod is checked whole (apiVersion, kind, metadata and spec); every workload kind is
checked from its pod template down, which is the part our schema describes. Lists
(`kind: List`, `kind: DeploymentList`...) are searched item by item. A bare PodSpec (no
kind, a `containers` key) is accepted too, for `*.podspec.yaml` files.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.validate.manifest_load import Path

# Path from the object to its pod template, per kind that embeds one.
TEMPLATE_PATHS: dict[str, Path] = {
    "PodTemplate": ("template",),
    "Deployment": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "ReplicationController": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "Job": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
}


@dataclass(frozen=True)
class Site:
    """A part of a document to check against one schema definition."""

    path: Path  # from the document root
    definition: str  # "Pod" | "PodTemplateSpec" | "PodSpec"
    value: Any


@dataclass(frozen=True)
class Missing:
    """A workload whose pod template is absent or not a mapping: nothing to check."""

    path: Path
    message: str


def find(value: Any, path: Path = ()) -> Iterator[Site | Missing]:
    """The pod-carrying parts of one document (nothing for kinds that carry no pod)."""
    if not isinstance(value, dict):
        return
    kind = value.get("kind")
    if kind is None and "containers" in value:
        yield Site(path, "PodSpec", value)
    elif kind == "Pod":
        yield Site(path, "Pod", value)
    elif isinstance(kind, str) and kind in TEMPLATE_PATHS:
        yield from _template(value, path, TEMPLATE_PATHS[kind], kind)
    elif isinstance(kind, str) and kind.endswith("List"):
        items = value.get("items")
        if isinstance(items, list):
            for i, item in enumerate(items):
                yield from find(item, (*path, "items", i))


def _template(
    value: Any, path: Path, steps: Path, kind: str
) -> Iterator[Site | Missing]:
    here = path
    for step in steps:
        if not isinstance(value, dict) or step not in value:
            yield Missing(here, f"a {kind} needs {'.'.join(map(str, steps))}")
            return
        value = value[step]
        here = (*here, step)
    if not isinstance(value, dict):
        yield Missing(here, "the pod template must be a mapping")
        return
    yield Site(here, "PodTemplateSpec", value)
