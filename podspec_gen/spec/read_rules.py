"""Read a type's `rules:` list into raw rule records, checking each rule's shape.

The vocabulary is documented in spec/README.md ("Rules"). A rule with any shape problem
is left out (its problems are reported); names inside it are resolved by the model.
"""

from __future__ import annotations

import re

from podspec_gen.spec.errors import Mark, Problem
from podspec_gen.spec.read_predicates import opt_predicate, predicate
from podspec_gen.spec.read_server_paths import renamed_fields, server_names, server_path
from podspec_gen.spec.rule_records import (
    ERROR_TYPES,
    RULE_KINDS,
    RawAggregate,
    RawMapComparison,
    RawParams,
    RawRule,
    RawSummed,
)
from podspec_gen.spec.shape import (
    Entry,
    Invalid,
    Key,
    boolean,
    json_value,
    mapping,
    nonempty_string,
    one_line,
    one_of,
    read_mapping,
)
from podspec_gen.spec.yaml_source import YMap, YNode, YScalar, YSeq, describe

_ID = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def _node(node: YNode) -> object:
    return node


def _sequence_or_one(node: YNode) -> object:
    return (
        node
        if isinstance(node, YSeq | YScalar)
        else Invalid(f"expected a name or a list of names, got {describe(node)}")
    )


RULE_KEYS = {
    "id": Key(one_line, required=True),
    "error": Key(one_of(*ERROR_TYPES), required=True),
    "source": Key(one_line, required=True),
    "detail": Key(nonempty_string),
    "level": Key(one_of("error", "warning")),
    "each": Key(one_line),
    "when": Key(_node),
    "at": Key(one_line),
    # An assert's message shows this field's value, not the reported field's (the
    # server's `Invalid(tolerations[i].operator, Value, ...)`).
    "shows": Key(one_line),
    "valid": Key(json_value, required=True),
    "invalid": Key(json_value, required=True),
    # Rules the invalid example breaks too, as the server reports them with this one.
    "invalidAlso": Key(_sequence_or_one),
    # Where the server reports at another path than the item's (`_rt.server_path`), or
    # that path spelled out from the host (`_rt.server_at`).
    "serverPath": Key(server_path),
    # kindRules only: the manifest kinds that hold the rule (default: every one).
    "kinds": Key(_sequence_or_one),
    **{kind: Key(_node) for kind in RULE_KINDS},
}
UNIQUE_KEYS = {
    "lists": Key(_sequence_or_one, required=True),
    # A duplicate counts only when the later item holds this (warnings.go's env).
    "later": Key(_node),
    # Where the server reports: at the repeated key (default), at its item, or at one
    # field of a composite key.
    "at": Key(one_line),
    "key": Key(_sequence_or_one),
    "where": Key(_node),
    # A pairwise rule reports a later item once, at its first clash (checkForOverlap).
    "report": Key(one_of("later", "first", "once")),
    "show": Key(one_line),
}
REFERENCE_KEYS = {
    "values": Key(_sequence_or_one, required=True),
    "names": Key(_sequence_or_one, required=True),
    "at": Key(one_of("value", "item")),
    "where": Key(_node),
    # The values must be none of the names (a device path that no mount uses).
    "absent": Key(boolean),
    # Each name made of its item's fields: `{$.metadata.name}-{name}`.
    "nameAs": Key(one_line),
}
AT_MOST_ONE_KEYS = {
    "fields": Key(_sequence_or_one, required=True),
    "at": Key(one_of("object", "later")),
    # The names the server's path gives the fields, where they are not the fields'
    # own (validateVolumeSource's `cephFS` and `downwarAPI`): `at: later` only.
    "serverNames": Key(server_names),
}
AT_LEAST_ONE_KEYS = {"fields": Key(_sequence_or_one, required=True)}
SUMMED_KEYS = {"each": Key(one_line, required=True), "where": Key(_node)}
MAP_KEYS = {
    "left": Key(one_line, required=True),
    "right": Key(one_line, required=True),
    "keys": Key(one_of("all", "overcommit", "exact"), required=True),
    "op": Key(one_of("<=", "==", "present"), required=True),
    # Objects in each of which `left` is read, the maps added up key by key.
    "total": Key(_sequence_or_one),
    # What `{total}` shows: the server's aggregate of the containers' maps.
    "aggregate": Key(mapping),
}
AGGREGATE_KEYS = {
    "containers": Key(one_line, required=True),
    "init": Key(one_line, required=True),
    "sidecar": Key(_node, required=True),
}


def read_rules(
    entry: Entry | None, host: str, problems: list[Problem], kind_rules: bool = False
) -> tuple[RawRule, ...]:
    """The rules of type `host` (or the workloads file's `kindRules`); ill-formed ones
    are reported and left out."""
    if entry is None:
        return ()
    if not isinstance(entry.value, YSeq):
        problems.append(Problem(entry.mark, f"type '{host}': 'rules' must be a list"))
        return ()
    rules = []
    for node in entry.value.items:
        rule = _read_rule(node, host, problems, kind_rules)
        if rule is not None:
            rules.append(rule)
    return tuple(rules)


def _read_rule(
    node: YNode, host: str, problems: list[Problem], kind_rules: bool
) -> RawRule | None:
    what = f"type '{host}': rule"
    found: list[Problem] = []
    entries = read_mapping(node, RULE_KEYS, what, found)
    if entries is None:
        problems.extend(found)
        return None
    rule_id = entries["id"].value if "id" in entries else ""
    if isinstance(rule_id, str) and rule_id:
        what = f"rule '{rule_id}'"
        if not _ID.fullmatch(rule_id):
            found.append(Problem(entries["id"].mark, f"{what}: an id is kebab-case"))
    kinds = [k for k in RULE_KINDS if k in entries]
    if len(kinds) != 1:
        shown = ", ".join(kinds) if kinds else "none"
        found.append(
            Problem(
                node.mark,
                f"{what}: needs exactly one of {', '.join(RULE_KINDS)} (got {shown})",
            )
        )
        problems.extend(found)
        return None
    kind = kinds[0]
    params = _read_kind(kind, entries[kind], what, found)
    when = opt_predicate(entries.get("when"), what, found)
    also = entries.get("invalidAlso")
    invalid_also = _names(also.value, f"{what}: invalidAlso", found) if also else ()
    kinds_entry = entries.get("kinds")
    if kinds_entry is not None and not kind_rules:
        said = f"{what}: 'kinds' belongs to a rule of 'kindRules'"
        found.append(Problem(kinds_entry.mark, said))
    only = (
        _names(kinds_entry.value, f"{what}: kinds", found, "kind")
        if kinds_entry
        else ()
    )
    problems.extend(found)
    if found or params is None:
        return None
    assert isinstance(rule_id, str)
    return RawRule(
        id=rule_id,
        kind=kind,
        host=host,
        mark=node.mark,
        kind_mark=entries[kind].mark,
        error=_text(entries, "error"),
        source=_text(entries, "source"),
        detail=_text(entries, "detail"),
        level=_text(entries, "level") or "error",
        each=_text(entries, "each") or None,
        each_mark=entries["each"].mark if "each" in entries else None,
        when=when,
        at=_text(entries, "at") or None,
        at_mark=entries["at"].mark if "at" in entries else None,
        shows=_text(entries, "shows") or None,
        shows_mark=entries["shows"].mark if "shows" in entries else None,
        valid=entries["valid"].value,
        invalid=entries["invalid"].value,
        invalid_also=invalid_also or (),
        server_path=_text(entries, "serverPath"),
        server_path_mark=(
            entries["serverPath"].mark if "serverPath" in entries else None
        ),
        params=params,
        kinds=tuple(name for name, _ in only or ()),
        kinds_mark=kinds_entry.mark if kinds_entry else None,
    )


def _text(entries: dict[str, Entry], key: str) -> str:
    value = entries[key].value if key in entries else ""
    assert isinstance(value, str)
    return value


def _read_kind(
    kind: str, entry: Entry, what: str, problems: list[Problem]
) -> RawParams | None:
    """The parameters of the rule's kind."""
    node = entry.value
    assert isinstance(node, YScalar | YSeq | YMap)
    where = f"{what}: '{kind}'"
    if kind in ("require", "forbid"):
        names = _names(node, where, problems)
        return None if names is None else RawParams(fields=names)
    if kind == "assert":
        check = predicate(node, where, problems)
        return None if check is None else RawParams(check=check)
    table = {
        "unique": UNIQUE_KEYS,
        "reference": REFERENCE_KEYS,
        "atMostOne": AT_MOST_ONE_KEYS,
        "atLeastOne": AT_LEAST_ONE_KEYS,
        "compareMaps": MAP_KEYS,
    }[kind]
    before = len(problems)
    params = read_mapping(node, table, where, problems)
    if params is None or len(problems) > before:
        return None
    if kind == "compareMaps":
        total = _summed(params.get("total"), where, problems)
        if total is None:
            return None
        left, right = _text(params, "left"), _text(params, "right")
        keys, op = _text(params, "keys"), _text(params, "op")
        aggregate = _aggregate(params.get("aggregate"), where, problems)
        if len(problems) > before:
            return None
        maps = RawMapComparison(left, right, keys, op, total, aggregate)
        return RawParams(maps=maps)
    if kind in ("atMostOne", "atLeastOne"):
        fields = _names(params["fields"].value, where, problems)
        report = _text(params, "at") or "object"
        if fields is None:
            return None
        renamed = renamed_fields(
            params.get("serverNames"), fields, report, where, problems
        )
        return RawParams(fields=fields, report=report, server_names=renamed)
    list_key = "lists" if kind == "unique" else "values"
    lists = _names(params[list_key].value, where, problems)
    where_pred = opt_predicate(params.get("where"), where, problems)
    if lists is None or len(problems) > before:
        return None
    if kind == "reference":
        targets = _names(params["names"].value, where, problems)
        if targets is None:
            return None
        at_item = _text(params, "at") == "item"
        absent = "absent" in params and params["absent"].value is True
        return RawParams(
            lists=lists,
            names=targets,
            where=where_pred,
            at_item=at_item,
            absent=absent,
            name_as=_text(params, "nameAs"),
        )
    key = _names(params["key"].value, where, problems) if "key" in params else ()
    if key is None:
        return None
    later = opt_predicate(params.get("later"), where, problems)
    return RawParams(
        lists=lists,
        key=tuple(name for name, _ in key),
        where=where_pred,
        later=later,
        at_item=_text(params, "at") == "item",
        at_key=(
            "" if _text(params, "at") in ("", "key", "item") else _text(params, "at")
        ),
        report=_text(params, "report") or "later",
        show=_text(params, "show") or None,
    )


def _names(
    node: object, what: str, problems: list[Problem], noun: str = "field"
) -> tuple[tuple[str, Mark], ...] | None:
    """A name, or a non-empty list of names (of a `noun`), each with its position."""
    assert isinstance(node, YScalar | YSeq | YMap)
    items = node.items if isinstance(node, YSeq) else (node,)
    names = []
    for item in items:
        if not (
            isinstance(item, YScalar) and isinstance(item.value, str) and item.value
        ):
            problems.append(
                Problem(
                    item.mark, f"{what}: expected a {noun} name, got {describe(item)}"
                )
            )
            return None
        names.append((item.value, item.mark))
    if not names:
        problems.append(Problem(node.mark, f"{what}: needs at least one {noun}"))
        return None
    return tuple(names)


def _aggregate(
    entry: Entry | None, what: str, problems: list[Problem]
) -> RawAggregate | None:
    """compareMaps' `aggregate`: {containers: sel, init: sel, sidecar: pred}."""
    if entry is None:
        return None
    assert isinstance(entry.value, YMap)  # the key's `mapping` check
    before = len(problems)
    params = read_mapping(entry.value, AGGREGATE_KEYS, what, problems)
    if params is None or len(problems) > before:
        return None
    node = params["sidecar"].value
    assert isinstance(node, YScalar | YSeq | YMap)
    sidecar = predicate(node, what, problems)
    if sidecar is None:
        return None
    containers, init = _text(params, "containers"), _text(params, "init")
    return RawAggregate(containers, init, sidecar, entry.mark)


def _summed(
    entry: Entry | None, what: str, problems: list[Problem]
) -> tuple[RawSummed, ...] | None:
    """compareMaps' `total`: selectors, each a name or `{each: sel, where: pred}`."""
    if entry is None:
        return ()
    node = entry.value
    assert isinstance(node, YScalar | YSeq)
    found = []
    for item in node.items if isinstance(node, YSeq) else (node,):
        if isinstance(item, YScalar) and isinstance(item.value, str) and item.value:
            found.append(RawSummed(item.value, item.mark))
            continue
        before = len(problems)
        params = read_mapping(item, SUMMED_KEYS, what, problems)
        if params is None or len(problems) > before:
            return None
        where = opt_predicate(params.get("where"), what, problems)
        if len(problems) > before:
            return None
        found.append(RawSummed(_text(params, "each"), params["each"].mark, where))
    return tuple(found)
