"""The walkers' gates never change a verdict.

A walker skips work it can prove idle: a rule waits for the host field it needs
(`model.rules.triggers.trigger`) or for one of the fields or flags its failure needs
(`rules_needs.failure_gate`), a loop over the containers waits for a flag saying some
container sets the field it goes into (`rules_emit.guard`), a uniqueness rule waits for
two items (`rules_emit.count`), a count that must reach one waits for such a flag
(`Reader._some_item_can_count`). A gate shut where the server would check passes a spec
the server refuses, and nothing else would notice. So the walkers are rendered a second
time with every gate open, and both sets walk the same documents: every rule's examples,
the same with each of their top-level fields left out, and the shared corpus; the
problems and warnings must be the same.
"""

from __future__ import annotations

import copy
import json
import types
import warnings
from collections.abc import Iterator
from typing import Any

import podspec
import podspec.fast
import pytest
from conftest import CORPUS, TEMPLATES, model
from podspec import _runtime

from podspec_gen.render import python as render_python
from podspec_gen.render.python import (
    rules_code,
    rules_emit,
    rules_memo,
    rules_values,
    rules_walkers,
)
from podspec_gen.render.run import environment

Walker = Any


@pytest.fixture(scope="module")
def ungated() -> dict[str, Walker]:
    """The walkers by class name, rendered with every gate open and loaded beside the
    SDK's (registered in a registry of their own)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rules_walkers, "trigger", lambda rule: None)
        patch.setattr(rules_emit, "guard", lambda em, selector, var: None)
        patch.setattr(rules_code, "picks", lambda em, selector, var: None)
        patch.setattr(rules_code, "count", lambda em, selector, var: None)
        patch.setattr(
            rules_values.Reader, "_some_item_can_count", lambda self, pred, x: None
        )
        patch.setattr(rules_walkers, "counted_union", lambda rule: False)
        patch.setattr(rules_code, "failure_gate", lambda reader, rule: None)
        patch.setattr(rules_walkers, "memoised", lambda rules: [])
        made = rules_walkers._walkers(model(), True)
    env = environment(TEMPLATES, render_python.FILTERS, render_python.GLOBALS)
    text = env.get_template("python/_rules.py.j2").render(
        spec=model(), **made.context()
    )
    assert "from . import _runtime as _rt\n" in text
    text = text.replace("from . import _runtime as _rt\n", "")
    runtime = types.SimpleNamespace(**vars(_runtime))
    runtime.WALKERS = {}
    exec(compile(text, "ungated_rules.py", "exec"), {"_rt": runtime})
    assert runtime.WALKERS.keys() == _runtime.WALKERS.keys()
    return dict(runtime.WALKERS)


def _documents() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(label, class name, document): the rules' examples, each also without each of
    its top-level fields, then the corpus's pod specs."""
    for rule in model().rules:
        for side in ("valid", "invalid"):
            example = getattr(rule, side)
            if not isinstance(example, dict):
                continue
            yield f"{rule.id}/{side}", rule.host, example
            for key in example:
                less = {k: v for k, v in example.items() if k != key}
                yield f"{rule.id}/{side}-{key}", rule.host, less
    for folder in ("valid", "edge_valid", "semantic", "invalid"):
        for path in sorted((CORPUS / folder).glob("*.json")):
            yield f"{folder}/{path.name}", "PodSpec", json.loads(path.read_text())
    for label, document, _ in DEEP:
        yield f"deep/{label}", "PodSpec", document


def _env(*refs: str) -> list[dict[str, Any]]:
    """Env vars: a plain one, then one reading a file of each volume named."""
    return [{"name": "PLAIN", "value": "1"}] + [
        {
            "name": f"V{i}",
            "valueFrom": {"fileKeyRef": {"volumeName": v, "path": "a.env", "key": "K"}},
        }
        for i, v in enumerate(refs)
    ]


_HOST_PROCESS = {"windowsOptions": {"hostProcess": True}}

# Documents whose rule reads a field deep in a later item, past items that set the
# first steps of its path only: the guard pass's flags follow the whole path
# (`rules_emit.Emitter.deep`). (label, pod spec, the rules it breaks)
DEEP: list[tuple[str, dict[str, Any], set[str]]] = [
    (
        "file-key-ref-in-a-later-container",
        {
            "containers": [
                {"name": "a", "image": "x", "env": _env()},
                {"name": "b", "image": "x", "env": _env("files", "missing")},
            ],
            "initContainers": [{"name": "i", "image": "x", "env": _env("conf")}],
            "volumes": [
                {"name": "files", "emptyDir": {}},
                {"name": "conf", "configMap": {"name": "c"}},
            ],
        },
        {"env-file-key-ref-volume-exists", "env-file-key-ref-volume-is-empty-dir"},
    ),
    (
        "host-process-in-a-later-container",
        {
            "securityContext": {"runAsNonRoot": True},
            "containers": [
                {"name": "a", "image": "x", "securityContext": {"runAsUser": 1}},
                {"name": "b", "image": "x", "securityContext": _HOST_PROCESS},
            ],
        },
        {
            "pod-host-process-requires-host-network",
            "pod-host-process-all-containers-or-none",
        },
    ),
    (
        "host-process-on-the-pod",
        {
            "securityContext": _HOST_PROCESS,
            "containers": [{"name": "a", "image": "x", "securityContext": {}}],
        },
        {"pod-host-process-requires-host-network"},
    ),
]


@pytest.mark.parametrize(
    "flavour", [podspec, podspec.fast], ids=["dataclasses", "fast"]
)
@pytest.mark.parametrize(("label", "document", "rules"), DEEP, ids=[d[0] for d in DEEP])
def test_a_guard_finds_a_deep_field_in_any_item(
    flavour: Any, label: str, document: dict[str, Any], rules: set[str]
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(podspec.ValidationError) as raised:
            flavour.PodSpec.from_dict(document)
    assert {p.rule for p in raised.value.problems} == rules, raised.value.problems


def _problems(walker: Walker, obj: Any) -> tuple[list[str], list[str]]:
    errors: list[Any] = []
    found: list[Any] = []
    walker(obj, "", errors, found)
    return sorted(map(str, errors)), sorted(map(str, found))


def test_the_gates_change_no_verdict(ungated: dict[str, Walker]) -> None:
    walked = 0
    differ = []
    for label, name, document in _documents():
        cls = getattr(podspec, name)
        errors: list[Any] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            obj = cls._parse(copy.deepcopy(document), "", errors, False)
            if errors:
                continue  # the field checks refuse it; the rules do not run alone
            made = _runtime.made_document(name, document)
            if made is not None:
                obj = cls._parse(made, "", [], False)
        gated = _problems(_runtime.WALKERS[name], obj)
        if gated != _problems(ungated[name], obj):
            differ.append(label)
        walked += 1
    assert walked > 1000  # the corpus and the examples were all there
    assert differ == []


class _Blank:
    """An object whose every unset attribute reads as null."""

    def __getattr__(self, name: str) -> None:
        return None


def _counted_unions() -> list[Any]:
    return [r for r in model().rules if rules_walkers.counted_union(r)]


def test_the_counted_unions_include_the_volume_sources() -> None:
    assert "volume-one-source" in {r.id for r in _counted_unions()}


@pytest.mark.parametrize("rule", _counted_unions(), ids=lambda r: r.id)
def test_a_counted_union_breaks_at_every_pair_of_its_members_and_no_one(
    rule: Any,
) -> None:
    """The walkers count a union's members inside the blocks that test each member
    anyway (`rules_walkers.counted_union`): a member those blocks missed would let two
    sources through, so every member is set alone and beside every other."""
    walker = _runtime.WALKERS[rule.host]
    members = [ref.steps[0] for ref in rule.fields]

    def broken(*chosen: Any) -> list[str]:
        obj = _Blank()
        for step in chosen:
            setattr(obj, step.attr, _Blank())
            setattr(obj, f"_{step.attr}_slot", getattr(obj, step.attr))
        errors: list[Any] = []
        walker(obj, "", errors, [])
        return [p.path for p in errors if p.rule == rule.id]

    for one in members:
        assert broken(one) == [], one.wire
    # reported at each later one, under the name the server's path gives it
    named = dict(rule.server_names)
    for i, first in enumerate(members):
        for second in members[i + 1 :]:
            at = named.get(second.wire, second.wire)
            expected = [at] if rule.report == "later" else [""]
            assert broken(first, second) == expected, (first.wire, second.wire)
    if len(members) > 2:
        # three set: the server's `if numVolumes > 0` fires for the second and third
        later = [named.get(m.wire, m.wire) for m in members[1:3]]
        expected = later if rule.report == "later" else [""]
        assert broken(*members[:3]) == expected


def _memoised_rules() -> list[Any]:
    by_host: dict[str, list[Any]] = {}
    for rule in model().rules:
        by_host.setdefault(rule.host, []).append(rule)
    return [r for rules in by_host.values() for r in rules_memo.memoised(rules)]


def test_some_walkers_check_their_rules_once_per_set_of_values() -> None:
    hosts = {r.host for r in _memoised_rules()}
    assert {"ObjectFieldSelector", "ResourceFieldSelector"} <= hosts


@pytest.mark.parametrize("rule", _memoised_rules(), ids=lambda r: r.id)
def test_a_memoised_rule_reports_the_same_values_every_time(rule: Any) -> None:
    """Values that passed are kept and skipped after (`rules_memo`); values that broke
    the rule must never be, whatever passed before or after them."""
    cls = getattr(podspec, rule.host)
    walker = _runtime.WALKERS[rule.host]

    def walk(example: Any) -> tuple[list[str], list[str]]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            obj = cls._parse(copy.deepcopy(example), "", [], False)
        return _problems(walker, obj)

    broken = walk(rule.invalid)
    assert any(rule.id in line for line in broken[0] + broken[1])
    passed = walk(rule.valid)
    for _ in range(3):
        assert walk(rule.invalid) == broken
        assert walk(rule.valid) == passed


def test_the_values_kept_are_bounded() -> None:
    memo: set[tuple[Any, ...]] = set()
    _runtime.keep_values(memo, ("v1", "x" * 65))
    _runtime.keep_values(memo, ("v1", 10**30))
    assert memo == set()
    _runtime.keep_values(memo, (None, True, 1.5, -(2**63)))
    assert memo == {(None, True, 1.5, -(2**63))}
    memo.clear()
    for n in range(600):
        _runtime.keep_values(memo, ("v1", f"metadata.labels['k{n}']"))
    assert len(memo) == 512
