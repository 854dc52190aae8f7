"""A rule's `serverPath` spelled out: the path the API server writes, from the rule's
host, where it is no cut of the reported path.

`resources.containers[{1}][{key}].limits` (validatePodResourceConsistency builds its
path from the pod's resources), `initContainers[0].ports[{2}].hostPort`
(checkHostPortConflicts is handed one init container at a time), `HostPID`
(validateHostUsers' capital): names are the server's, `[0]` an index it fixes, `[{n}]`
the reported path's n-th index below the host, `[{key}]` the map key a compareMaps rule
compares.
"""

from __future__ import annotations

import re

from podspec_gen.model.rules.rule_error import RuleError
from podspec_gen.model.rules.vocab import Rule, Selector
from podspec_gen.model.types import TypeDef
from podspec_gen.spec.errors import Mark
from podspec_gen.spec.rule_records import SERVER_PATH_MODES

# A field's `serverName: ''`: the server checks each item of the list at the path of
# the object holding it (validateDownwardAPIVolumeSource passes its own fldPath for
# every item), so its paths leave out the list and the index. A NUL: no name.
DROPPED = "\0"


def server_step(server_name: str | None) -> str:
    """A Step's `server` for a field's `serverName`."""
    if server_name is None:
        return ""
    return server_name or DROPPED


# One step of a spelled path: a name (after a dot), a fixed index, a fixed map key,
# or a placeholder.
_STEP = re.compile(
    r"\.?([A-Za-z][A-Za-z0-9]*)|\[([0-9]+)\]|\[([A-Za-z][-A-Za-z0-9_./]*)\]"
    r"|\[\{([1-9]|key)\}\]"
)

# A name, a fixed index, a fixed map key (`[storage]`, as a map entry's step is), or a
# placeholder: (n,) the n-th index, ("key",) the map key.
ServerStep = str | int | tuple[int | str]


def is_spelled(server_path: str) -> bool:
    return bool(server_path) and server_path not in SERVER_PATH_MODES


def spelled_steps(server_path: str) -> tuple[ServerStep, ...]:
    steps: list[ServerStep] = []
    for name, fixed, key, placeholder in _STEP.findall(server_path):
        if name:
            steps.append(name)
        elif fixed:
            steps.append(int(fixed))
        elif key:
            steps.append(f"[{key}]")
        else:
            steps.append(("key",) if placeholder == "key" else (int(placeholder),))
    return tuple(steps)


def check_spelled(rule: Rule, host: TypeDef, mark: Mark) -> None:
    """A spelled path starts at a field of the host, as the server names it (in its
    case: `HostPID`; a list in the singular: `namespace`), or at an index of the
    host's own path, and names only what the reported path holds."""
    if not is_spelled(rule.server_path):
        return
    steps = spelled_steps(rule.server_path)
    first = str(steps[0]).lower()
    # An index first indexes the host's own path (ValidateMatchLabelKeysAndMismatch-
    # LabelKeys' `fldPath.Index(i)`, with the term's path).
    indexed = isinstance(steps[0], tuple) and steps[0] != ("key",)
    # The server may name a list's item in the singular (validatePodAffinityTerm's
    # `fldPath.Child("namespace")` for each of `namespaces`).
    names = {f.wire_name.lower() for f in host.fields}
    names |= {n[:-1] for n in names if n.endswith("s")}
    if not indexed and first not in names:
        modes = ", ".join(SERVER_PATH_MODES)
        raise RuleError(
            mark,
            f"serverPath: {rule.server_path!r} is neither one of: {modes}, nor a path"
            f" from a field of {host.name}",
        )
    depth = _indexes(rule)
    for step in steps:
        if not isinstance(step, tuple):
            continue
        if step == ("key",) and rule.kind != "compareMaps":
            raise RuleError(
                mark,
                "serverPath: '[{key}]' is the key a compareMaps rule compares;"
                f" this {rule.kind} rule compares none",
            )
        if isinstance(step[0], int) and step[0] > depth:
            raise RuleError(
                mark,
                f"serverPath: '[{{{step[0]}}}]', but the reported path has"
                f" {depth} index{'es' if depth != 1 else ''} below the host",
            )


def _indexes(rule: Rule) -> int:
    """How many list indexes every path the rule reports has below its host."""
    depth = _list_steps(rule.each) if rule.each is not None else 0
    if rule.kind in ("unique", "reference") and rule.lists:
        depth += min(_list_steps(s) for s in rule.lists)
    return depth


def _list_steps(selector: Selector) -> int:
    return sum(1 for step in selector.steps if step.each == "list")
