"""`servedKinds` agrees with the manifest kinds: a kind the spec models in a group
without a dot is served at its own apiVersion, and not at one it lists as removed."""

from __future__ import annotations

from podspec_gen.model.types import ManifestKind
from podspec_gen.spec.errors import Problem
from podspec_gen.spec.records import RawSpec


def check_served(
    raw: RawSpec, kinds: tuple[ManifestKind, ...], problems: list[Problem]
) -> None:
    holder = next((f for f in raw.files if f.served_kinds), None)
    if holder is None:
        return
    served = dict(holder.served_kinds)
    for kind in kinds:
        if "." in kind.api_version.rpartition("/")[0]:
            continue
        version = kind.api_version
        mark = holder.served_marks.get(version, holder.mark_of("servedKinds"))
        if kind.name not in served.get(version, ()):
            said = f"servedKinds: {version} does not list {kind.name}, served there"
            problems.append(Problem(mark, said))
        for gone, _ in kind.removed_versions:
            if kind.name in served.get(gone, ()):
                said = (
                    f"servedKinds: {gone} lists {kind.name}, whose removedVersions "
                    "says it is no longer served there"
                )
                problems.append(Problem(holder.served_marks[gone], said))
