"""Where the server reports a rule, as a rule says it: `serverPath` (a cut of the
reported path, or a path spelled out from the host) and atMostOne's `serverNames`."""

from __future__ import annotations

import re

from podspec_gen.spec.errors import Mark, Problem
from podspec_gen.spec.rule_records import SERVER_PATH_MODES
from podspec_gen.spec.shape import Entry, Invalid, one_line
from podspec_gen.spec.yaml_source import YMap, YNode, YScalar, describe

# A spelled-out server path: fields (`HostPID`), fixed indexes (`[0]`), fixed map keys
# (`[storage]`), the reported path's n-th index below the host (`[{1}]`, first too: an
# index of the host's own path) and the map key a rule compares (`[{key}]`).
SERVER_PATH_SPELLED = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9]*|\[\{[1-9]\}\])"
    r"(?:\[(?:[0-9]+|[A-Za-z][-A-Za-z0-9_./]*|\{[1-9]\}|\{key\})\]"
    r"|\.[A-Za-z][A-Za-z0-9]*)*"
)


def server_path(node: YNode) -> object:
    value = one_line(node)
    if not isinstance(value, str) or value in SERVER_PATH_MODES:
        return value
    if SERVER_PATH_SPELLED.fullmatch(value):
        return value
    modes = ", ".join(SERVER_PATH_MODES)
    return Invalid(
        f"{value!r} is neither one of: {modes} nor a path such as"
        " 'resources.containers[{1}][{key}].limits'"
    )


_SERVER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def server_names(node: YNode) -> object:
    """`{field: name}`: the name the server's path gives each field, each a name."""
    if not isinstance(node, YMap) or not node.items:
        return Invalid(f"expected a mapping of field names, got {describe(node)}")
    for key, value in node.items:
        if not (
            isinstance(key.value, str)
            and isinstance(value, YScalar)
            and isinstance(value.value, str)
            and _SERVER_NAME.fullmatch(value.value)
        ):
            return Invalid(
                "expected 'field: name', each name letters and digits", value.mark
            )
    return node


def renamed_fields(
    entry: Entry | None,
    fields: tuple[tuple[str, Mark], ...],
    report: str,
    where: str,
    problems: list[Problem],
) -> tuple[tuple[str, str], ...]:
    """atMostOne's `serverNames`, each a field of the rule: the rule reports at one
    field only with `at: later`."""
    if entry is None:
        return ()
    if report != "later":
        said = (
            f"{where}: 'serverNames' names the field reported, which needs 'at: later'"
        )
        problems.append(Problem(entry.mark, said))
        return ()
    assert isinstance(entry.value, YMap)
    listed = {name for name, _ in fields}
    renamed = []
    for key, value in entry.value.items:
        assert isinstance(key.value, str) and isinstance(value, YScalar)
        if key.value not in listed:
            said = (
                f"{where}: serverNames: '{key.value}' is not one of the rule's fields"
            )
            problems.append(Problem(key.mark, said))
        renamed.append((key.value, str(value.value)))
    return tuple(renamed)
