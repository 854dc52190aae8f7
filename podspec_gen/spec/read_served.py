"""The workloads file's `servedKinds`: every kind the spec's release serves in
Kubernetes' groups without a dot (core's, apps, batch, autoscaling, policy), by API
version, and where that is stated. A custom resource's group has a dot, so a document
in one of these groups names one of these kinds or none at all: `validate` and
`load_manifests` refuse a misspelt kind (`Deploymnet`) as kubectl does (`no matches
for kind ... in version ...`), where skipping it would pass the document unchecked."""

from __future__ import annotations

import re

from podspec_gen.spec.errors import Mark, Problem
from podspec_gen.spec.read_removed import sourced_versions
from podspec_gen.spec.shape import Entry, string_list

# An API version of a group without a dot: v1 (core's), apps/v1, autoscaling/v2.
_DOTLESS_VERSION = re.compile(
    r"([a-z0-9]([-a-z0-9]*[a-z0-9])?/)?v[0-9]+((alpha|beta)[0-9]+)?"
)
_KIND = re.compile(r"[A-Z][A-Za-z0-9]*")

ServedKinds = tuple[tuple[str, tuple[str, ...]], ...]


def read_served(
    entry: Entry | None, display: str, problems: list[Problem]
) -> tuple[ServedKinds, str, dict[str, Mark]]:
    """((apiVersion, kinds), ...), the source, and where each apiVersion is written;
    nothing when not written."""
    if entry is None:
        return (), "", {}
    here = f"{display}: servedKinds"
    read = sourced_versions(entry, here, problems)
    if read is None:
        return (), "", {}
    versions, source = read
    served: list[tuple[str, tuple[str, ...]]] = []
    marks: dict[str, Mark] = {}
    for key, value in versions.items:
        version = key.value
        kinds = string_list(value)
        if not (isinstance(version, str) and _DOTLESS_VERSION.fullmatch(version)):
            said = f"{version!r} is not the API version of a group without a dot"
            problems.append(Problem(key.mark, f"{here}: {said}"))
        elif not isinstance(kinds, tuple) or not kinds:
            said = "a list of the kinds served there, such as [Deployment, StatefulSet]"
            problems.append(Problem(value.mark, f"{here}: {version}: {said}"))
        elif odd := [k for k in kinds if not _KIND.fullmatch(k)]:
            said = f"{odd[0]!r} is not a kind's name (such as ConfigMap)"
            problems.append(Problem(value.mark, f"{here}: {version}: {said}"))
        else:
            served.append((version, tuple(kinds)))
            marks[version] = key.mark
    return tuple(served), source, marks
