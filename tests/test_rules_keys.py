"""Rules about a map key alone run once per key text (render/python/rules_keys.py).

A key that passed them is kept and skipped later; these tests hold that the skip never
hides a problem: a bad key is reported on every parse, in every container and both
flavours, and the rules about the value of a kept key still run.
"""

from __future__ import annotations

import copy
from typing import Any

import podspec
import podspec.fast as fast
import pytest
from podspec import ValidationError, _rules

from podspec_gen.model.types import Spec
from podspec_gen.render.python.rules_keys import about_key, runs

FLAVOURS = [podspec, fast]


def _rule(spec: Spec, rule_id: str) -> Any:
    return next(r for r in spec.rules if r.id == rule_id)


def test_only_rules_whose_verdict_reads_the_key_alone_are_about_it(
    spec_model: Spec,
) -> None:
    assert about_key(_rule(spec_model, "resources-limits-standard-names"))
    assert about_key(_rule(spec_model, "resources-limits-name-format"))
    # The value's sign, the value's integrality behind a key test, other entries.
    assert not about_key(_rule(spec_model, "resources-limits-non-negative"))
    assert not about_key(_rule(spec_model, "resources-limits-extended-integer"))
    assert not about_key(_rule(spec_model, "resources-hugepages-need-cpu-or-memory"))


def test_runs_join_consecutive_key_rules_and_keep_the_spec_order(
    spec_model: Spec,
) -> None:
    ids = [
        "resources-limits-non-negative",
        "resources-limits-standard-names",
        "resources-limits-extended-name",
        "resources-limits-extended-integer",
        "resources-limits-name-format",
    ]
    rules = [_rule(spec_model, i) for i in ids]
    grouped = [[r.id for r in run] for run in runs(rules, keyed=True)]
    assert grouped == [ids[:1], ids[1:3], ids[3:4], ids[4:]]
    # Not a map's values: nothing is joined.
    assert [len(run) for run in runs(rules, keyed=False)] == [1] * len(ids)


def _pod(*limits: dict[str, str]) -> dict[str, Any]:
    containers = [
        {"name": f"c{i}", "image": "nginx", "resources": {"limits": lim}}
        for i, lim in enumerate(limits)
    ]
    return {"containers": containers}


def _rules_broken(flavour: Any, document: dict[str, Any]) -> list[tuple[str, str]]:
    try:
        flavour.PodSpec.from_dict(copy.deepcopy(document))
    except ValidationError as error:
        return [(p.path, p.rule) for p in error.problems]
    return []


@pytest.mark.parametrize("flavour", FLAVOURS, ids=lambda f: f.__name__)
def test_a_bad_key_is_reported_every_time(flavour: Any) -> None:
    document = _pod({"memroy": "1Gi"}, {"cpu": "1", "memroy": "1Gi"})
    # validateResourceName's words and the containers' own, for each container
    expected = [
        (f"containers[{i}].resources.limits[memroy]", f"resources-limits-{rule}")
        for i in (0, 1)
        for rule in ("standard-names", "standard-or-qualified")
    ]
    for _ in range(3):
        assert _rules_broken(flavour, document) == expected


@pytest.mark.parametrize("flavour", FLAVOURS, ids=lambda f: f.__name__)
def test_the_value_of_a_kept_key_is_still_checked(flavour: Any) -> None:
    assert _rules_broken(flavour, _pod({"cpu": "1"})) == []
    assert _rules_broken(flavour, _pod({"cpu": "-1"})) == [
        ("containers[0].resources.limits[cpu]", "resources-limits-non-negative")
    ]


def test_the_kept_keys_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # Empty sets, whatever earlier tests in this process kept.
    for name in [k for k in vars(_rules) if k.startswith("_K")]:
        monkeypatch.setattr(_rules, name, set())
    many = {f"example.com/r{i}": "1" for i in range(700)}
    long_name = "example.com/" + "r" * 60
    podspec.PodSpec.from_dict(_pod({**many, long_name: "1"}))
    memos = [v for k, v in vars(_rules).items() if k.startswith("_K")]
    assert memos and all(len(memo) <= 512 for memo in memos)
    assert any("example.com/r0" in memo for memo in memos)
    assert not any(long_name in memo for memo in memos)
