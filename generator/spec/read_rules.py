"""Read a type's `rules:` list into raw rule records, checking each rule's shape.

The vocabulary is documented in spec/README.md ("Rules"). A rule with any shape problem
is left out (its problems are reported); names inside it are resolved by the model.
"""

from __future__ import annotations

import re

from generator.spec.errors import Mark, Problem
from generator.spec.rule_records import (
    COMPARISONS,
    ERROR_TYPES,
    NAMED_TESTS,
    RULE_KINDS,
    RawMapComparison,
    RawParams,
    RawPredicate,
    RawRule,
)
from generator.spec.shape import (
    Entry,
    Invalid,
    Key,
    json_value,
    nonempty_string,
    one_line,
    one_of,
    read_mapping,
)
from generator.spec.values import pattern
from generator.spec.yaml_source import YMap, YNode, YScalar, YSeq, describe

_ID = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
_FIELD_PLACEHOLDER = re.compile(r"\{[$@A-Za-z][$.A-Za-z0-9]*\}")


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
    "valid": Key(json_value, required=True),
    "invalid": Key(json_value, required=True),
    **{kind: Key(_node) for kind in RULE_KINDS},
}
UNIQUE_KEYS = {
    "lists": Key(_sequence_or_one, required=True),
    # A duplicate counts only when the later item holds this (warnings.go's env).
    "later": Key(_node),
    "key": Key(_sequence_or_one),
    "where": Key(_node),
    "report": Key(one_of("later", "first")),
    "show": Key(one_line),
}
REFERENCE_KEYS = {
    "values": Key(_sequence_or_one, required=True),
    "names": Key(_sequence_or_one, required=True),
    "where": Key(_node),
}
AT_MOST_ONE_KEYS = {
    "fields": Key(_sequence_or_one, required=True),
    "at": Key(one_of("object", "second")),
}
AT_LEAST_ONE_KEYS = {"fields": Key(_sequence_or_one, required=True)}
MAP_KEYS = {
    "left": Key(one_line, required=True),
    "right": Key(one_line, required=True),
    "keys": Key(one_of("all", "overcommit", "exact"), required=True),
    "op": Key(one_of("<=", "==", "present"), required=True),
}
_LEAF_OPS = ("equals", "in", "notIn", "set", "matches", "is", "compare")
_JOIN_OPS = ("all", "any", "not")


def read_rules(
    entry: Entry | None, host: str, problems: list[Problem]
) -> tuple[RawRule, ...]:
    """The rules of type `host`; ill-formed ones are reported and left out."""
    if entry is None:
        return ()
    if not isinstance(entry.value, YSeq):
        problems.append(Problem(entry.mark, f"type '{host}': 'rules' must be a list"))
        return ()
    rules = []
    for node in entry.value.items:
        rule = _read_rule(node, host, problems)
        if rule is not None:
            rules.append(rule)
    return tuple(rules)


def _read_rule(node: YNode, host: str, problems: list[Problem]) -> RawRule | None:
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
    when = _opt_predicate(entries.get("when"), what, found)
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
        valid=entries["valid"].value,
        invalid=entries["invalid"].value,
        params=params,
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
        check = _predicate(node, where, problems)
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
        return RawParams(maps=RawMapComparison(*(_text(params, k) for k in MAP_KEYS)))
    if kind in ("atMostOne", "atLeastOne"):
        fields = _names(params["fields"].value, where, problems)
        report = _text(params, "at") or "object"
        return None if fields is None else RawParams(fields=fields, report=report)
    list_key = "lists" if kind == "unique" else "values"
    lists = _names(params[list_key].value, where, problems)
    where_pred = _opt_predicate(params.get("where"), where, problems)
    if lists is None or len(problems) > before:
        return None
    if kind == "reference":
        targets = _names(params["names"].value, where, problems)
        if targets is None:
            return None
        return RawParams(lists=lists, names=targets, where=where_pred)
    key = _names(params["key"].value, where, problems) if "key" in params else ()
    if key is None:
        return None
    later = _opt_predicate(params.get("later"), where, problems)
    return RawParams(
        lists=lists,
        key=tuple(name for name, _ in key),
        where=where_pred,
        later=later,
        report=_text(params, "report") or "later",
        show=_text(params, "show") or None,
    )


def _names(
    node: object, what: str, problems: list[Problem]
) -> tuple[tuple[str, Mark], ...] | None:
    """A name, or a non-empty list of names, each with its position."""
    assert isinstance(node, YScalar | YSeq | YMap)
    items = node.items if isinstance(node, YSeq) else (node,)
    names = []
    for item in items:
        if not (
            isinstance(item, YScalar) and isinstance(item.value, str) and item.value
        ):
            problems.append(
                Problem(
                    item.mark, f"{what}: expected a field name, got {describe(item)}"
                )
            )
            return None
        names.append((item.value, item.mark))
    if not names:
        problems.append(Problem(node.mark, f"{what}: needs at least one field"))
        return None
    return tuple(names)


def _opt_predicate(
    entry: Entry | None, what: str, problems: list[Problem]
) -> RawPredicate | None:
    if entry is None:
        return None
    assert isinstance(entry.value, YScalar | YSeq | YMap)
    return _predicate(entry.value, what, problems)


def _predicate(node: YNode, what: str, problems: list[Problem]) -> RawPredicate | None:
    if not isinstance(node, YMap):
        problems.append(
            Problem(
                node.mark, f"{what}: a predicate is a mapping, got {describe(node)}"
            )
        )
        return None
    keys = {k.value: (k, v) for k, v in node.items}
    ops = [op for op in (*_LEAF_OPS, *_JOIN_OPS) if op in keys]
    unknown = sorted(
        str(k) for k in keys if k not in (*_LEAF_OPS, *_JOIN_OPS, "field", "to")
    )
    if unknown or len(ops) != 1:
        problems.append(
            Problem(
                node.mark,
                f"{what}: a predicate has 'field' and one of "
                f"{', '.join(_LEAF_OPS)}, or one of {', '.join(_JOIN_OPS)}"
                + (f" (unknown: {', '.join(unknown)})" if unknown else ""),
            )
        )
        return None
    op = ops[0]
    value = keys[op][1]
    if op in _JOIN_OPS:
        return _join(op, value, node.mark, what, problems)
    field = keys.get("field")
    if field is None or not (
        isinstance(field[1], YScalar) and isinstance(field[1].value, str)
    ):
        problems.append(
            Problem(node.mark, f"{what}: '{op}' needs a 'field' (a field name)")
        )
        return None
    name = field[1].value
    assert isinstance(name, str)
    return _leaf(op, name, value, keys.get("to"), node.mark, what, problems)


def _join(
    op: str, value: YNode, mark: Mark, what: str, problems: list[Problem]
) -> RawPredicate | None:
    items = (
        (value,) if op == "not" else (value.items if isinstance(value, YSeq) else None)
    )
    if items is None or (op != "not" and len(items) < 2):
        problems.append(
            Problem(
                value.mark, f"{what}: '{op}' takes a list of at least two predicates"
            )
        )
        return None
    parts = [_predicate(item, what, problems) for item in items]
    if any(p is None for p in parts):
        return None
    return RawPredicate(op, mark, parts=tuple(p for p in parts if p is not None))


def _leaf(
    op: str,
    field: str,
    value: YNode,
    to: tuple[YScalar, YNode] | None,
    mark: Mark,
    what: str,
    problems: list[Problem],
) -> RawPredicate | None:
    def bad(message: str) -> None:
        problems.append(Problem(value.mark, f"{what}: '{op}': {message}"))

    if op in ("in", "notIn"):
        if not isinstance(value, YSeq) or not value.items:
            bad("expected a non-empty list of values")
            return None
        values = [json_value(item) for item in value.items]
        if any(isinstance(v, Invalid) for v in values):
            bad("expected plain values")
            return None
        return RawPredicate(op, mark, field, values=tuple(values))
    if op == "equals":
        single = json_value(value)
        if isinstance(single, Invalid):
            bad(single.message)
            return None
        return RawPredicate(op, mark, field, values=(single,))
    if op == "set":
        if not (isinstance(value, YScalar) and isinstance(value.value, bool)):
            bad("expected true or false")
            return None
        return RawPredicate(op, mark, field, flag=value.value)
    text = value.value if isinstance(value, YScalar) else None
    if op == "matches":
        # `{field}` placeholders stand for a field's (escaped) value: check the rest.
        plain = value
        if isinstance(value, YScalar) and isinstance(value.value, str):
            plain = YScalar(_FIELD_PLACEHOLDER.sub("x", value.value), value.mark)
        checked = pattern(plain)
        if isinstance(checked, Invalid):
            bad(checked.message)
            return None
        return RawPredicate(op, mark, field, text=str(text))
    if op == "is":
        if text not in NAMED_TESTS:
            bad(f"expected one of: {', '.join(NAMED_TESTS)}")
            return None
        return RawPredicate(op, mark, field, text=str(text))
    return _compare(field, value, to, mark, what, problems)


def _compare(
    field: str,
    value: YNode,
    to: tuple[YScalar, YNode] | None,
    mark: Mark,
    what: str,
    problems: list[Problem],
) -> RawPredicate | None:
    text = value.value if isinstance(value, YScalar) else None
    if text not in COMPARISONS:
        problems.append(
            Problem(
                value.mark,
                f"{what}: 'compare': expected one of: {', '.join(COMPARISONS)}",
            )
        )
        return None
    if to is None:
        problems.append(
            Problem(mark, f"{what}: 'compare' needs 'to': a number or {{field: name}}")
        )
        return None
    target = to[1]
    if isinstance(target, YScalar) and type(target.value) in (int, float):
        number = target.value
        assert isinstance(number, int | float)
        return RawPredicate("compare", mark, field, text=str(text), number=number)
    if isinstance(target, YMap) and len(target.items) == 1:
        ((key, other),) = target.items
        if (
            key.value == "field"
            and isinstance(other, YScalar)
            and isinstance(other.value, str)
        ):
            return RawPredicate(
                "compare", mark, field, text=str(text), other=other.value
            )
    problems.append(
        Problem(target.mark, f"{what}: 'to' is a number or {{field: name}}")
    )
    return None
