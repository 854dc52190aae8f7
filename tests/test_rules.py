"""Every rule of the spec, checked by its own examples in both SDK flavours.

Each rule carries an `invalid:` host object that breaks it (and nothing else) and a
`valid:` one that passes; the dataclass SDK and `podspec.fast` must reject the first
naming exactly that rule, at the same paths with the same messages, and accept the
second without a warning. Building the object in Python and calling `validate()` must
give what `from_dict` gives.
"""

from __future__ import annotations

import copy
import warnings
from typing import Any

import podspec
import podspec.fast as fast
import pytest
from conftest import model
from podspec import PodSpecWarning, ValidationError

from podspec_gen.model.rules.vocab import Rule

RULES = model().rules


def _report(cls: Any, data: Any) -> tuple[list[tuple[str, str, str | None]], list[str]]:
    """(path, message, rule) of every problem, and the warnings, of `from_dict`."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            cls.from_dict(copy.deepcopy(data))
        except ValidationError as exc:
            problems = [(p.path, p.message, p.rule) for p in exc.problems]
        else:
            problems = []
    warned = [str(w.message) for w in caught if issubclass(w.category, PodSpecWarning)]
    return problems, warned


def test_the_spec_has_the_rules_the_issue_asks_for() -> None:
    # Issue 14: at least 45 rules of ValidatePodSpec and what it calls.
    assert len([r for r in RULES if not r.is_warning]) >= 45


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_the_invalid_example_breaks_the_rule_and_nothing_else(rule: Rule) -> None:
    problems, warned = _report(getattr(podspec, rule.host), rule.invalid)
    if rule.is_warning:
        assert problems == []
        assert warned and all(w.endswith(f"[{rule.id}]") for w in warned), warned
        return
    assert problems, f"{rule.id}: the invalid example was accepted"
    assert {p[2] for p in problems} == {rule.id, *rule.invalid_also}, problems
    for _, message, _ in (p for p in problems if p[2] == rule.id):
        assert message.startswith(rule.heading), message
        if "{" not in rule.detail:
            assert message.endswith(rule.detail), message


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_the_valid_example_passes_every_check(rule: Rule) -> None:
    problems, warned = _report(getattr(podspec, rule.host), rule.valid)
    assert problems == []
    assert warned == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_podspec_fast_gives_the_same_verdicts_and_reports(rule: Rule) -> None:
    for example in (rule.invalid, rule.valid):
        slow = _report(getattr(podspec, rule.host), example)
        assert _report(getattr(fast, rule.host), example) == slow


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_validate_on_an_object_built_in_python_matches_from_dict(rule: Rule) -> None:
    cls = getattr(podspec, rule.host)
    # Build without the rules (a user's constructor calls check nothing), then validate.
    built = cls._parse(copy.deepcopy(rule.invalid), "", [], False)
    expected, _ = _report(cls, rule.invalid)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        try:
            built.validate()
        except ValidationError as exc:
            got = [(p.path, p.message, p.rule) for p in exc.problems]
        else:
            got = []
    assert got == expected


def test_a_container_built_with_keywords_validates_like_its_manifest() -> None:
    probe = podspec.Probe(
        exec=podspec.ExecAction(command=["true"]),
        tcp_socket=podspec.TCPSocketAction(port=80),
    )
    with pytest.raises(ValidationError) as info:
        probe.validate()
    (problem,) = info.value.problems
    assert problem.path == "tcpSocket"
    assert problem.rule == "probe-one-handler"
    assert str(problem) == (
        "tcpSocket: Forbidden: may not specify more than 1 handler type"
        " [probe-one-handler]"
    )
    fixed = podspec.Probe(exec=podspec.ExecAction(command=["true"]))
    assert fixed.validate() is fixed


@pytest.mark.parametrize("flavour", [podspec, fast], ids=["podspec", "fast"])
def test_an_object_of_another_class_in_a_field_is_refused_by_validate(
    flavour: Any,
) -> None:
    # A pod's security context where a container's belongs: to_dict writes fsGroup
    # there, which from_dict refuses as an unknown field; validate() names the mistake.
    spec = flavour.PodSpec(
        containers=[
            flavour.Container(
                name="app",
                image="nginx",
                security_context=flavour.PodSecurityContext(fs_group=1),
            )
        ]
    )
    with pytest.raises(ValidationError) as info:
        spec.validate()
    with pytest.raises(ValidationError) as parsed:
        flavour.PodSpec.from_dict(spec.to_dict())
    assert [p.path for p in parsed.value.problems] == [
        "containers[0].securityContext.fsGroup"
    ]
    assert [str(p) for p in info.value.problems] == [
        "containers[0].securityContext: expected a SecurityContext, got a"
        " PodSecurityContext"
    ]


def test_validate_leaves_out_what_a_lenient_parse_kept() -> None:
    manifest = {
        "containers": [{"name": "app", "image": "nginx", "x-note": 1, "env": None}],
        "x-team": "web",
    }
    spec = podspec.PodSpec.from_dict(manifest, lenient=True)
    assert spec.validate() is spec
    assert spec.to_dict() == manifest
    spec.containers[0].security_context = podspec.SecurityContext(run_as_user=-1)
    with pytest.raises(ValidationError) as info:
        spec.validate()
    assert [p.path for p in info.value.problems] == [
        "containers[0].securityContext.runAsUser"
    ]


def test_rule_problems_come_alongside_field_problems() -> None:
    spec = {
        "containers": [{"name": "app", "image": "nginx", "ports": "80"}],
        "initContainers": [{"name": "app", "image": "busybox"}],
    }
    with pytest.raises(ValidationError) as info:
        podspec.PodSpec.from_dict(spec)
    found = {(p.path, p.rule) for p in info.value.problems}
    assert ("containers[0].ports", None) in found
    assert ("initContainers[0].name", "container-names-unique") in found


@pytest.mark.parametrize("ip", ["10.0.0.10", "10.0.0.100", "fd00::10"])
def test_legacy_ip_fields_take_a_plain_address(ip: str) -> None:
    # ValidateHostAliases and validatePodDNSConfig parse these strictly
    # (StrictIPCIDRValidation, on since 1.36): test_ip_strictness.py has the refusals.
    spec = {
        "containers": [{"name": "app", "image": "nginx"}],
        "dnsPolicy": "None",
        "dnsConfig": {"nameservers": [ip]},
        "hostAliases": [{"ip": ip, "hostnames": ["db.local"]}],
    }
    assert podspec.PodSpec.from_dict(spec).to_dict() == spec
    assert fast.PodSpec.from_dict(spec).to_dict() == spec


@pytest.mark.parametrize("ip", ["256.0.0.1", "10.0.0", "fe80::1%eth0", "db.local"])
def test_what_is_no_ip_is_refused_there(ip: str) -> None:
    spec = {
        "containers": [{"name": "app", "image": "nginx"}],
        "hostAliases": [{"ip": ip, "hostnames": ["db.local"]}],
    }
    with pytest.raises(ValidationError) as info:
        podspec.PodSpec.from_dict(spec)
    assert [p.path for p in info.value.problems] == ["hostAliases[0].ip"]


@pytest.mark.parametrize("divisor", [1, "1", "1000m", "0.001"])
def test_a_divisor_is_compared_as_a_quantity(divisor: object) -> None:
    # validateContainerResourceDivisor compares the quantity, not how it is written.
    selector = {"resource": "limits.cpu", "divisor": divisor}
    assert podspec.ResourceFieldSelector.from_dict(selector).to_dict() == selector


def test_one_exa_is_a_quantity_not_an_exponent() -> None:
    assert podspec.parse_quantity("1E") == 10**18
    assert podspec.parse_quantity("2e3") == 2000
    selector = {"resource": "limits.memory", "divisor": "1E"}
    assert podspec.ResourceFieldSelector.from_dict(selector).to_dict() == selector


def test_a_statefulset_volume_its_claim_replaces_is_given_back_as_written() -> None:
    from podspec.manifests import pod_specs

    volume = {"name": "data", "emptyDir": {"sizeLimit": "1Gi"}}
    spec = {
        "containers": [
            {
                "name": "db",
                "image": "postgres",
                "volumeMounts": [{"name": "data", "mountPath": "/d"}],
            }
        ],
        "volumes": [volume],
    }
    document = {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "db"},
        "spec": {
            "template": {"spec": spec},
            "volumeClaimTemplates": [{"metadata": {"name": "data"}}],
        },
    }
    for loader in (pod_specs, fast.pod_specs):
        (found,) = loader([copy.deepcopy(document)])
        assert found.spec.to_dict()["volumes"] == [volume]
