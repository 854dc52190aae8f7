"""Where the pod specs are in a manifest, by kind.

A Pod is checked whole (apiVersion, kind, metadata and spec); every workload kind is
checked from its pod template down, which is the part our schema describes. Lists
(`kind: List`, `kind: DeploymentList`...) are searched item by item. A bare PodSpec (no
kind, a `containers` key) is accepted too, for `*.podspec.yaml` files.

A workload's Site carries its kind and the workload itself: a controller may add to
the pods it creates (a StatefulSet, one volume per claim template), and the rules are
checked on the pod spec as those pods will have it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.validate.manifest_load import Path

# The schema's annotation saying where each kind keeps its pod spec (generated from
# spec/podspec.yaml's podSpecPaths).
PATHS_KEYWORD = "x-podspec-pod-spec-paths"


def template_paths(schema: Mapping[str, Any]) -> dict[str, Path]:
    """Path from the object to its pod template, per kind that embeds one: a pod spec
    at `...template.spec` is checked from its template (metadata included)."""
    table = schema.get(PATHS_KEYWORD)
    if not isinstance(table, dict):
        raise ValueError(f"the schema has no {PATHS_KEYWORD} table")
    return {
        kind: tuple(steps[:-1])
        for kind, steps in table.items()
        if isinstance(steps, list) and len(steps) > 1
    }


@dataclass(frozen=True)
class Site:
    """A part of a document to check against one schema definition."""

    path: Path  # from the document root
    definition: str  # "Pod" | "PodTemplateSpec" | "PodSpec"
    value: Any
    kind: str = ""  # of the workload whose pod template this is
    workload: dict[str, Any] | None = None


@dataclass(frozen=True)
class Missing:
    """A workload whose pod template is absent or not a mapping: nothing to check."""

    path: Path
    message: str


def find(
    value: Any, templates: Mapping[str, Path], path: Path = ()
) -> Iterator[Site | Missing]:
    """The pod-carrying parts of one document (nothing for kinds that carry no pod);
    `templates` is `template_paths` of the schema."""
    if not isinstance(value, dict):
        return
    kind = value.get("kind")
    if kind is None and "containers" in value:
        yield Site(path, "PodSpec", value)
    elif kind == "Pod":
        yield Site(path, "Pod", value)
    elif isinstance(kind, str) and kind in templates:
        yield from _template(value, path, templates[kind], kind)
    elif isinstance(kind, str) and kind.endswith("List"):
        items = value.get("items")
        if isinstance(items, list):
            for i, item in enumerate(items):
                yield from find(item, templates, (*path, "items", i))


def _template(
    value: Any, path: Path, steps: Path, kind: str
) -> Iterator[Site | Missing]:
    workload = value
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
    yield Site(here, "PodTemplateSpec", value, kind, workload)
