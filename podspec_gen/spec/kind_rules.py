"""The workloads file's own keys: its `example`, a stream of manifests, and its
`kindRules`, rules every manifest kind holds, written once.

The API server validates every kind's own metadata alike (ObjectMeta validation: labels,
annotations, finalizers, owner references), each kind through its own validator. Each
kind gets a copy of each rule, with the id `<kind>-<id>` (`deployment-label-key-format`)
and examples made from the kind's document in the file's `example` stream: a rule's
`valid` and `invalid` give the keys that differ, one level deep (`metadata: {finalizers:
[x]}` keeps the document's name). A rule's `kinds` limits it to those kinds (a
warning of some kinds' create strategies only).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import yaml

from podspec_gen.spec.errors import Problem
from podspec_gen.spec.example import _in_file
from podspec_gen.spec.records import RawType
from podspec_gen.spec.rule_records import RawRule
from podspec_gen.spec.shape import Entry
from podspec_gen.spec.yaml_errors import malformed
from podspec_gen.spec.yaml_source import LOADER


def check_manifests(
    entry: Entry,
    display: str,
    source: str,
    types: list[RawType],
    problems: list[Problem],
) -> dict[str, Any]:
    """The workloads file's `example`: a YAML stream of manifests, at most one of each
    of the file's kinds, with its `apiVersion` and `kind`; the docs show each in turn.
    Its documents by kind."""
    text = str(entry.value)
    try:
        documents = list(yaml.load_all(text, Loader=LOADER))
    except yaml.MarkedYAMLError as exc:
        inner = malformed(exc, display, text, LOADER)
        message = inner.message.removeprefix("malformed YAML: ")
        where = _in_file(inner.mark, entry.mark, source.splitlines())
        problems.append(Problem(where, f"'example' is not valid YAML: {message}"))
        return {}
    kinds = {t.name: t.api_version for t in types if t.api_version}
    seen: dict[str, Any] = {}
    for number, doc in enumerate(documents, start=1):
        kind = doc.get("kind") if isinstance(doc, dict) else None
        if kind not in kinds or kind in seen:
            why = "is shown twice" if kind in seen else "is not a kind of this file"
            problems.append(
                Problem(
                    entry.mark,
                    f"'example': document {number}: kind {kind!r} {why} "
                    f"(each document is one manifest of {', '.join(kinds)})",
                )
            )
        elif doc.get("apiVersion") != kinds[kind]:
            problems.append(
                Problem(
                    entry.mark,
                    f"'example': document {number}: a {kind}'s apiVersion is "
                    f"{kinds[kind]!r}, not {doc.get('apiVersion')!r}",
                )
            )
        seen.setdefault(str(kind), doc)
    return seen


def spread(
    rules: tuple[RawRule, ...],
    types: list[RawType],
    documents: dict[str, Any],
    problems: list[Problem],
) -> list[RawType]:
    """`types` with each manifest kind holding a copy of every rule in `rules`."""
    said = "a kind rule's examples are the keys that differ from a kind's document"
    for rule in rules:
        if not isinstance(rule.valid, dict) or not isinstance(rule.invalid, dict):
            problems.append(Problem(rule.mark, f"rule '{rule.id}': {said}"))
    rules = tuple(
        r for r in rules if isinstance(r.valid, dict) and isinstance(r.invalid, dict)
    )
    if not rules:
        return types
    kinds = {t.name for t in types if t.api_version is not None}
    for rule in rules:
        for unknown in sorted(set(rule.kinds) - kinds):
            problems.append(
                Problem(
                    rule.kinds_mark or rule.mark,
                    f"rule '{rule.id}': kinds: {unknown!r} is not a kind of this file "
                    f"({', '.join(sorted(kinds))})",
                )
            )
    out = []
    for t in types:
        if t.api_version is None:
            out.append(t)
            continue
        document = documents.get(t.name)
        if not isinstance(document, dict):
            problems.append(
                Problem(
                    rules[0].mark,
                    f"'kindRules': the 'example' stream has no {t.name} document to "
                    "make their examples from",
                )
            )
            return types
        copies = tuple(
            _copy(rule, t.name, document)
            for rule in rules
            if not rule.kinds or t.name in rule.kinds
        )
        out.append(dataclasses.replace(t, rules=t.rules + copies))
    return out


def _copy(rule: RawRule, kind: str, document: dict[str, Any]) -> RawRule:
    assert isinstance(rule.valid, dict) and isinstance(rule.invalid, dict)
    return dataclasses.replace(
        rule,
        id=f"{kind.lower()}-{rule.id}",
        host=kind,
        valid=_example(document, rule.valid),
        invalid=_example(document, rule.invalid),
    )


def _example(document: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    made = dict(document)
    for key, value in changes.items():
        base = made.get(key)
        if isinstance(base, dict) and isinstance(value, dict):
            made[key] = {**base, **value}
        else:
            made[key] = value
    return made
