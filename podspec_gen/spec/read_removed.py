"""A manifest kind's `removedVersions`: the API versions the kind was once served at
and no server of the spec's release serves, each with the release that stopped, and
where that is stated. `validate` refuses a document at one of them, as the API server
does (`no matches for kind ... in version ...`), where another apiVersion is some
other API (a custom resource of the same kind name) and passes unchecked."""

from __future__ import annotations

import re

from podspec_gen.spec.errors import Mark, Problem
from podspec_gen.spec.shape import Entry, Key, mapping, one_line, read_mapping
from podspec_gen.spec.yaml_source import YMap, YScalar

_KEYS = {
    "source": Key(one_line, required=True),
    "versions": Key(mapping, required=True),
}
# A Kubernetes release, as the deprecation guide names it: 1.16, 1.25.
_RELEASE = re.compile(r"1\.[0-9]+")


def read_removed(
    entry: Entry | None, what: str, problems: list[Problem]
) -> tuple[tuple[tuple[str, str], ...], str | None, dict[str, Mark]]:
    """((apiVersion, release), ...), the source, and where each apiVersion is written;
    nothing when not written."""
    if entry is None:
        return (), None, {}
    here = f"{what}: 'removedVersions'"
    read = sourced_versions(entry, here, problems)
    if read is None:
        return (), None, {}
    versions, source = read
    removed: list[tuple[str, str]] = []
    marks: dict[str, Mark] = {}
    for key, value in versions.items:
        release = value.value if isinstance(value, YScalar) else None
        if not isinstance(key.value, str):
            problems.append(Problem(key.mark, f"{here}: {key.value!r} is no string"))
        elif not isinstance(release, str) or not _RELEASE.fullmatch(release):
            problems.append(
                Problem(
                    value.mark,
                    f"{here}: {key.value}: the release that stopped serving it, "
                    "quoted, such as '1.16'",
                )
            )
        else:
            removed.append((key.value, release))
            marks[key.value] = key.mark
    return tuple(removed), source, marks


def sourced_versions(
    entry: Entry, here: str, problems: list[Problem]
) -> tuple[YMap, str] | None:
    """A block of API-version facts (`removedVersions`, `servedKinds`): its `versions`
    mapping and the `source` that states them; None (reported) when ill-formed."""
    assert isinstance(entry.value, YMap)
    found: list[Problem] = []
    entries = read_mapping(entry.value, _KEYS, here, found)
    problems.extend(found)
    if entries is None or found:
        return None
    versions, source = entries["versions"].value, entries["source"].value
    assert isinstance(versions, YMap) and isinstance(source, str)
    return versions, source
