"""`matchLabelKeys` against the term's own label selector, held to a port of the server.

ValidateMatchLabelKeysAndMismatchLabelKeys (pkg/apis/core/validation/validation.go)
refuses a `matchLabelKeys` key that the selector's expressions name twice, or once while
its `matchLabels` names it too. On a Pod, PrepareForCreate (pkg/registry/core/pod/
strategy.go, applyLabelKeysToLabelSelector) first adds an expression `key In [value]` for
each such key the pod's labels carry; a template's pods get theirs when the controller
creates them, so a Deployment is checked without them. Every combination of two keys in
`matchLabels`, in the expressions, in `matchLabelKeys` and in the pod's labels is run
through both SDK flavours and the JSON Schema's CEL, in pod affinity, pod anti-affinity
and topology spread.
"""

from __future__ import annotations

import copy
import itertools
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import podspec
import podspec.fast as fast
import pytest
from podspec import ValidationError
from test_schema_cel import Cel, _cel_of, _instances, needs_cel
from test_schema_rules import RULES, SPEC

DETAIL = "exists in both matchLabelKeys and labelSelector"
KEYS = ("a", "b")
# Present on every pod, so that a Deployment's selector has a label to select.
BASE_LABELS = {"tier": "web"}


def server_errors(
    term: dict[str, Any], labels: dict[str, str], merged: bool
) -> list[tuple[int, str]]:
    """(index in matchLabelKeys, key) of each error check 2. reports, in order."""
    selector = term.get("labelSelector")
    keys = term.get("matchLabelKeys", [])
    if selector is None:
        return []
    expressions = [e["key"] for e in selector.get("matchExpressions", [])]
    if merged:
        expressions += [k for k in keys if k in labels]
    last_index = {k: i for i, k in enumerate(keys)}
    seen = set(selector.get("matchLabels", {}))
    errors = []
    for key in expressions:
        if key in last_index and key in seen:
            errors.append((last_index[key], key))
        seen.add(key)
    return errors


def affinity_term(selector: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {
        "topologyKey": "kubernetes.io/hostname",
        "labelSelector": selector,
        "matchLabelKeys": keys,
    }


def spread(selector: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {
        "maxSkew": 1,
        "topologyKey": "topology.kubernetes.io/zone",
        "whenUnsatisfiable": "DoNotSchedule",
        "labelSelector": selector,
        "matchLabelKeys": keys,
    }


# Where the term sits in a pod spec, and the server's path of the term.
Place = tuple[Callable[[dict[str, Any]], dict[str, Any]], str]
PLACES: dict[str, Place] = {
    "pod-affinity-required": (
        lambda t: {
            "affinity": {
                "podAffinity": {
                    "requiredDuringScheduling" "IgnoredDuringExecution": [t]
                }
            }
        },
        "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]",
    ),
    "pod-anti-affinity-preferred": (
        lambda t: {
            "affinity": {
                "podAntiAffinity": {
                    "preferredDuringScheduling"
                    "IgnoredDuringExecution": [{"weight": 5, "podAffinityTerm": t}]
                }
            }
        },
        "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]"
        ".podAffinityTerm",
    ),
    "topology-spread": (
        lambda t: {"topologySpreadConstraints": [t]},
        "topologySpreadConstraints[0]",
    ),
}


def document(kind: str, spec: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    pod_spec = {"containers": [{"name": "app", "image": "nginx"}], **spec}
    metadata = {"name": "web", "labels": {**BASE_LABELS, **labels}}
    if kind == "Pod":
        return {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": metadata,
            "spec": pod_spec,
        }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {
            "selector": {"matchLabels": BASE_LABELS},
            "template": {"metadata": metadata, "spec": pod_spec},
        },
    }


@dataclass(frozen=True)
class Case:
    kind: str  # Pod (the merge), or Deployment (a template: none)
    labels: dict[str, str]  # the pod's own, besides BASE_LABELS
    keys: list[str]  # matchLabelKeys
    place: str  # a key of PLACES
    term: dict[str, Any]
    doc: dict[str, Any]
    expected: list[tuple[int, str]]  # server_errors


def cases() -> list[Case]:
    """Every combination of the pod's labels, the selector and matchLabelKeys, in
    every place, on a Pod and in a Deployment's template."""
    label_sets = [{}, {"a": "x"}, {"a": "x", "b": "y"}]
    match_labels = [{}, {"a": "v"}, {"a": "v", "b": "w"}]
    expressions = [list(p) for n in range(3) for p in itertools.product(KEYS, repeat=n)]
    key_lists = [["a"], ["a", "a"], ["a", "b"], ["b", "a"]]
    found = []
    for kind, labels, ml, ex, keys, place in itertools.product(
        ("Pod", "Deployment"), label_sets, match_labels, expressions, key_lists, PLACES
    ):
        selector: dict[str, Any] = {}
        if ml:
            selector["matchLabels"] = ml
        if ex:
            selector["matchExpressions"] = [
                {"key": k, "operator": "Exists"} for k in ex
            ]
        if not selector:
            selector = {"matchLabels": {"tier": "web"}}
        make = spread if place == "topology-spread" else affinity_term
        term = make(selector, keys)
        doc = document(kind, PLACES[place][0](term), labels)
        expected = server_errors(term, labels, merged=kind == "Pod")
        found.append(Case(kind, labels, keys, place, term, doc, expected))
    return found


def reported(flavour: Any, doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(path, message) of each problem of this check the flavour reports."""
    cls = getattr(flavour, doc["kind"])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cls.from_dict(copy.deepcopy(doc))
    except ValidationError as caught:
        found = [(p.path, p.message) for p in caught.problems]
        others = [f for f in found if DETAIL not in f[1]]
        assert not others, others
        return found
    return []


@pytest.mark.parametrize("flavour", [podspec, fast], ids=lambda f: f.__name__)
def test_every_combination_has_the_servers_verdict(flavour: Any) -> None:
    mismatches = []
    for case in cases():
        term_path = PLACES[case.place][1]
        prefix = "spec." if case.kind == "Pod" else "spec.template.spec."
        got = reported(flavour, case.doc)
        server_paths = {f"{prefix}{term_path}[{i}]" for i, _ in case.expected}
        server_keys = {key for _, key in case.expected}
        # One report per key and index holding it, where the server reports each
        # extra expression at the key's last index: the same keys, and paths among
        # the key's indexes, the server's included.
        allowed = {
            f"{prefix}{term_path}[{i}]"
            for i, k in enumerate(case.keys)
            if k in server_keys
        }
        got_paths = {path for path, _ in got}
        got_keys = {msg.split('"')[1] for _, msg in got}
        if (
            bool(got) != bool(case.expected)
            or got_keys != server_keys
            or not server_paths <= got_paths <= allowed
        ):
            mismatches.append((case, got))
    assert not mismatches, mismatches[:5]
    # The enumeration reaches both verdicts, and refusals that only the merge makes.
    verdicts = {
        (bool(c.expected), bool(server_errors(c.term, c.labels, merged=False)))
        for c in cases()
        if c.kind == "Pod"
    }
    assert verdicts == {(True, True), (True, False), (False, False)}


def test_the_merge_alone_can_refuse() -> None:
    """A key only in matchLabels passes in a template and fails on a Pod that carries
    the label: the server's own example of why a template is not a Pod."""
    term = affinity_term({"matchLabels": {"a": "v"}}, ["a"])
    spec = PLACES["pod-affinity-required"][0](term)
    assert reported(podspec, document("Deployment", spec, {"a": "x"})) == []
    assert reported(podspec, document("Pod", spec, {})) == []
    assert reported(podspec, document("Pod", spec, {"a": "x"})) == [
        (
            "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution"
            "[0][0]",
            f'Invalid value: "a": {DETAIL}',
        )
    ]


# The rules of this check: the terms' own, and the Pod's after the merge.
CHECK_RULES = [r for r in RULES if r.detail == DETAIL]


@needs_cel
def test_the_schemas_cel_has_the_servers_verdict() -> None:
    cel = Cel()
    assert len(CHECK_RULES) == 7, [r.id for r in CHECK_RULES]
    mismatches = []
    for case in cases():
        refused = any(
            not cel.holds(_cel_of(rule), obj)
            for name, obj in _instances(SPEC.type(case.kind).kind, case.doc)
            for rule in CHECK_RULES
            if rule.host == name
        )
        if refused != bool(case.expected):
            mismatches.append(case)
    assert not mismatches, mismatches[:5]
