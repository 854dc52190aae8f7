"""Resolve a rule's field references and selectors against the spec's types.

`securityContext.privileged`, `$.hostNetwork`, `containers[*].volumeMounts[*]`: each
step must name a field of the type reached so far; `[*]` may follow only a list and
`{*}` only a map, and only a selector may use them.
"""

from __future__ import annotations

import re

from podspec_gen.model.kinds import Kind, ListOf, MapOf, ObjectRef, String
from podspec_gen.model.rules.server_paths import server_step
from podspec_gen.model.rules.vocab import Ref, Selector, Step
from podspec_gen.model.types import Field, Spec, TypeDef

# `name`, then `[*]` (each item), `{*}` (each value) or `[key]` (one map entry).
_SEGMENT = re.compile(r"([A-Za-z][A-Za-z0-9]*)(\[\*\]|\{\*\}|\[[^\]*]+\])?")
_DOT_OUTSIDE_BRACKETS = re.compile(r"\.(?![^\[]*\])")
SELF = "@"
KEY = "@key"
VALUE = "@value"  # the map value checked, also inside a count's `where`
HOST = "$."
EARLIER = "^."  # in a unique rule's `later`: the earlier item of the same key
EARLIER_ITEMS = "^"  # in a compareMaps `total`: the items before the one checked
# In an `each` ending in `[*]` or `{*}`: the object holding that list or map (an init
# container, for each of its resizePolicy items).
OWNER = "@owner."


class PathError(ValueError):
    """A path that does not fit the types; the message says which step and why."""


def resolve_ref(
    spec: Spec,
    item: TypeDef | None,
    host: TypeDef,
    text: str,
    owner: TypeDef | None = None,
) -> Ref:
    """A field reference (no `[*]`), from `item` or, with `$.`, from the host, or with
    `@owner.` from `owner`, the object holding the items an `each` visits. `@` is the
    object (or value) itself; `item` is None when the rule checks a plain value."""
    if text == SELF:
        return Ref(text, "item", (), None)
    if text == EARLIER + SELF:
        # The earlier value itself, in a pairwise rule over plain values.
        return Ref(text, "earlier", (), None)
    if text == KEY:
        # The key of the map value checked (`each: 'limits{*}'`): a string.
        return Ref(text, "key", (), String())
    base, start, path = "item", item, text
    if text.startswith(HOST):
        base, start, path = "host", host, text[len(HOST) :]
    elif text.startswith(EARLIER):
        base, path = "earlier", text[len(EARLIER) :]
    elif text.startswith(OWNER):
        if owner is None:
            raise PathError(
                f"'{text}': '@owner.' reads the object holding the items of an "
                "`each` that ends in [*] or {*}, inside another object"
            )
        base, start, path = "owner", owner, text[len(OWNER) :]
    if start is None:
        raise PathError(f"'{text}': the values checked here have no fields")
    steps, kind, last = _walk(spec, start, path, allow_each=False)
    return Ref(
        text, base, steps, kind, last.has_default, last.default, last.zero_means_unset
    )


def resolve_selector(spec: Spec, host: TypeDef, text: str) -> Selector:
    """The values a selector visits, starting at the host (`@`: the host itself)."""
    if text == SELF:
        return Selector(text, (), ObjectRef(host.name, host.group), host.name)
    steps, kind, _ = _walk(spec, host, text, allow_each=True)
    element = kind
    if steps and steps[-1].each:
        element = _inner(kind)
    name = element.ref if isinstance(element, ObjectRef) else None
    return Selector(text, steps, element, name)


def owner_type(spec: Spec, host: TypeDef, each: str) -> TypeDef | None:
    """The type of the object holding the last list or map an `each` steps into
    (`initContainers[*].resizePolicy[*]`: a Container), when that is not the host."""
    *holder, last = _DOT_OUTSIDE_BRACKETS.split(each)  # a key may hold dots
    if not holder or not last.endswith(("[*]", "{*}")):
        return None
    selector = resolve_selector(spec, host, ".".join(holder))
    return object_type(spec, selector.kind)


def object_type(spec: Spec, kind: Kind) -> TypeDef | None:
    return spec.type(kind.name) if isinstance(kind, ObjectRef) else None


def _walk(
    spec: Spec, start: TypeDef, path: str, *, allow_each: bool
) -> tuple[tuple[Step, ...], Kind, Field]:
    steps: list[Step] = []
    current: TypeDef | None = start
    kind: Kind | None = None
    last: Field | None = None
    for segment in _DOT_OUTSIDE_BRACKETS.split(path):
        match = _SEGMENT.fullmatch(segment)
        if match is None:
            raise PathError(f"'{path}': '{segment}' is not a field name")
        name, each = match.groups()
        if current is None:
            raise PathError(f"'{path}': '{name}' follows a value that has no fields")
        last = next((f for f in current.fields if f.wire_name == name), None)
        if last is None:
            raise PathError(f"'{path}': {current.name} has no field '{name}'")
        kind = last.kind
        mode = ""
        if each and each not in ("[*]", "{*}"):
            # One entry of a map, by its key: `limits[memory]`.
            if not isinstance(kind, MapOf):
                raise PathError(f"'{path}': '{name}' is not a map")
            steps.append(Step(name, last.python_name, "", last.must_be_set))
            steps.append(Step(each[1:-1], each[1:-1], "", False, key=True))
            kind = kind.value
            current = object_type(spec, kind)
            continue
        if each:
            if not allow_each:
                raise PathError(f"'{path}': only a selector may step into items")
            mode = "list" if each == "[*]" else "map"
            expected = ListOf if mode == "list" else MapOf
            if not isinstance(kind, expected):
                what = "a list" if mode == "list" else "a map"
                raise PathError(f"'{path}': '{name}' is not {what}")
        steps.append(
            Step(
                name,
                last.python_name,
                mode,
                last.must_be_set,
                server=server_step(last.server_name),
            )
        )
        current = object_type(spec, _inner(kind) if mode else kind)
    assert kind is not None and last is not None
    return tuple(steps), kind, last


def _inner(kind: Kind) -> Kind:
    if isinstance(kind, ListOf):
        return kind.item
    if isinstance(kind, MapOf):
        return kind.value
    return kind
