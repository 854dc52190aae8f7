"""The API server's verdicts on whole workloads (issue 15): the envelope rules of
spec/workloads.yaml, checked when a kind (or one of its parts) is loaded, as
kube-apiserver v1.37 decides them; and no real workload refused.

Each rule's own examples are checked by test_rules.py; these cases follow a rule
through a whole manifest, through the defaults it reads, and through the `selects`
predicate's label selector semantics.
"""

from __future__ import annotations

import copy
import json
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import podspec
import podspec.fast as fast
import pytest
from conftest import CORPUS as SHARED_CORPUS
from conftest import model
from podspec import ValidationError
from podspec._runtime import selects
from podspec.validator import check_text

CORPUS = SHARED_CORPUS / "workloads"
# The two documents the corpus README marks invalid (`protocol: tcp`).
INVALID = ("aws-ebs-web__0", "cinder-web__0")
SPEC = model()
# The rules of the types spec/workloads.yaml owns.
WORKLOAD_RULES = {r.id for r in SPEC.rules if SPEC.type(r.host).group == "workloads"}


def _problems(cls: Any, data: Any) -> list[tuple[str, str, str | None]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            cls.from_dict(copy.deepcopy(data))
        except ValidationError as exc:
            return [(p.path, p.message, p.rule) for p in exc.problems]
    return []


def _deployment(**spec: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "app", "image": "nginx"}]},
        },
    }
    base.update(spec)
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": base,
    }


def _job(pod: dict[str, Any], **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "pi"},
        "spec": {"template": {"spec": pod}, **spec},
    }


POD = {"containers": [{"name": "app", "image": "busybox"}]}


# --- the corpus ------------------------------------------------------------------


def _corpus() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not here")
    return sorted(CORPUS.glob("*.json"))


def test_the_workload_rules_refuse_no_real_workload() -> None:
    kinds: Counter[str] = Counter()
    for path in _corpus():
        document = json.loads(path.read_text(encoding="utf-8"))
        kinds[document["kind"]] += 1
        for flavour in (podspec, fast):
            found = _problems(getattr(flavour, document["kind"]), document)
            assert not [p for p in found if p[2] in WORKLOAD_RULES], (path.name, found)
    assert sum(kinds.values()) == 288
    assert set(kinds) >= {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"}


def test_every_real_workload_template_is_selected_by_its_selector() -> None:
    # The selects predicate agrees with the documents the server accepted.
    for path in _corpus():
        document = json.loads(path.read_text(encoding="utf-8"))
        spec = document.get("spec") or {}
        if "selector" not in spec or "template" not in spec:
            continue
        labels = (spec["template"].get("metadata") or {}).get("labels")
        selector = spec["selector"]
        if document["kind"] != "ReplicationController":
            selector = podspec.LabelSelector.from_dict(selector)
        assert selects(selector, labels), path.name


# --- the selects predicate -------------------------------------------------------


def _selector(**fields: Any) -> Any:
    # Built without the rules: a selector the server cannot parse is refused by
    # another rule, and here only the predicate is asked about it.
    return podspec.LabelSelector._parse(fields, "", [], False)


@pytest.mark.parametrize(
    ("selector", "labels", "held"),
    [
        ({"matchLabels": {"app": "web"}}, {"app": "web", "tier": "a"}, True),
        ({"matchLabels": {"app": "web"}}, {"app": "api"}, False),
        ({"matchLabels": {"app": "web"}}, None, False),
        ({}, None, True),  # an empty selector selects everything
        (
            {"matchExpressions": [{"key": "t", "operator": "In", "values": ["a"]}]},
            {"t": "a"},
            True,
        ),
        (
            {"matchExpressions": [{"key": "t", "operator": "In", "values": ["a"]}]},
            {},
            False,
        ),
        (
            {"matchExpressions": [{"key": "t", "operator": "NotIn", "values": ["a"]}]},
            {},
            True,
        ),
        (
            {"matchExpressions": [{"key": "t", "operator": "NotIn", "values": ["a"]}]},
            {"t": "a"},
            False,
        ),
        ({"matchExpressions": [{"key": "t", "operator": "Exists"}]}, {"t": ""}, True),
        (
            {"matchExpressions": [{"key": "t", "operator": "DoesNotExist"}]},
            {"t": "x"},
            False,
        ),
        # Both parts are ANDed.
        (
            {
                "matchLabels": {"app": "web"},
                "matchExpressions": [{"key": "t", "operator": "Exists"}],
            },
            {"app": "web"},
            False,
        ),
    ],
)
def test_selects_decides_as_label_selector_as_selector_matches(
    selector: dict[str, Any], labels: dict[str, str] | None, held: bool
) -> None:
    assert selects(_selector(**selector), labels) is held


def test_a_selector_the_server_cannot_parse_is_not_matched() -> None:
    # LabelSelectorAsSelector fails (In without values): the server skips the match.
    broken = _selector(matchExpressions=[{"key": "t", "operator": "In", "values": []}])
    assert selects(broken, {"app": "web"})
    assert not selects(None, {"app": "web"})  # an unset selector selects nothing


@pytest.mark.parametrize("flavour", [podspec, fast], ids=["dataclasses", "fast"])
@pytest.mark.parametrize("operator", ["Foo", "", None])
def test_a_selector_with_a_bad_operator_is_reported_not_a_crash(
    flavour: Any, operator: str | None
) -> None:
    # The requirement's parse fails (its operator is left unset): the selector match
    # must still run, and only the operator is reported, as the server does.
    requirement = {"key": "app", "operator": operator}
    if operator is None:
        del requirement["operator"]
    document = _deployment(selector={"matchExpressions": [requirement]})
    problems = _problems(flavour.Deployment, document)
    assert [p[0] for p in problems] == ["spec.selector.matchExpressions[0].operator"]


def test_a_map_selector_selects_by_equality() -> None:
    assert selects({"app": "web"}, {"app": "web", "tier": "a"})
    assert not selects({"app": "web"}, {"tier": "a"})


def test_a_deployment_whose_selector_misses_its_labels_is_refused_there() -> None:
    document = _deployment(selector={"matchLabels": {"app": "api"}})
    (problem,) = _problems(podspec.Deployment, document)
    assert problem[0] == "spec.template.metadata.labels"
    assert problem[1].endswith("`selector` does not match template `labels`")
    assert problem[2] == "deployment-selector-matches-template-labels"


@pytest.mark.parametrize("flavour", [podspec, fast], ids=["dataclasses", "fast"])
def test_an_owner_reference_missing_its_fields_gets_the_servers_words(
    flavour: Any,
) -> None:
    # Go decodes an absent field as "", which validateOwnerReference refuses by name,
    # at the list's path: no field of its own says `Required value`.
    document = _deployment()
    document["metadata"]["ownerReferences"] = [{"kind": "Foo", "name": "f"}]
    assert _problems(flavour.Deployment, document) == [
        (
            "metadata.ownerReferences.apiVersion",
            'Invalid value: "": version must not be empty',
            "deployment-owner-reference-api-version-set",
        ),
        (
            "metadata.ownerReferences.uid",
            'Invalid value: "": uid must not be empty',
            "deployment-owner-reference-uid-set",
        ),
    ]


def test_equal_owner_references_are_one_as_the_create_handler_dedups_them() -> None:
    """dedupOwnerReferencesAndAddWarning drops a reference equal to an earlier one
    before anything validates the object: two equal controllers are one. References
    that differ in any field, `controller: false` against none included, stay."""
    ref = {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "name": "web",
        "uid": "6b3c4c5e-0f5a-4d6e-9a0b-1c2d3e4f5a6b",
        "controller": True,
    }
    document = _deployment()
    document["metadata"]["ownerReferences"] = [ref, {**ref, "blockOwnerDeletion": None}]
    for flavour in (podspec, fast):
        assert _problems(flavour.Deployment, document) == []
        # The object keeps what the document says.
        kept = flavour.Deployment.from_dict(document).metadata.owner_references
        assert len(kept) == 2
    assert not check_text("d.json", json.dumps(document)).findings
    document["metadata"]["ownerReferences"] = [ref, {**ref, "name": "other"}]
    for flavour in (podspec, fast):
        (problem,) = _problems(flavour.Deployment, document)
        assert problem[2] == "deployment-owner-references-one-controller"


# --- restart policy per kind -----------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"]
)
def test_a_controller_takes_only_restart_policy_always(kind: str) -> None:
    document = _deployment()
    document["kind"] = kind
    document["spec"]["template"]["spec"]["restartPolicy"] = "OnFailure"
    (problem,) = _problems(getattr(podspec, kind), document)
    assert problem[:2] == (
        "spec.template.spec.restartPolicy",
        'Unsupported value: "OnFailure": supported values: "Always"',
    )
    del document["spec"]["template"]["spec"]["restartPolicy"]  # reads as Always
    assert _problems(getattr(podspec, kind), document) == []


def test_a_job_without_a_restart_policy_is_refused_as_the_server_does() -> None:
    (problem,) = _problems(podspec.Job, _job(POD))
    assert problem[:2] == (
        "spec.template.spec.restartPolicy",
        'Required value: valid values: "OnFailure", "Never"',
    )
    for policy in ("Never", "OnFailure"):
        assert _problems(podspec.Job, _job({**POD, "restartPolicy": policy})) == []


def test_a_cronjob_checks_the_job_it_makes() -> None:
    cronjob = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "nightly"},
        "spec": {
            "schedule": "0 3 * * *",
            "jobTemplate": {"spec": {"template": {"spec": POD}}},
        },
    }
    (problem,) = _problems(podspec.CronJob, cronjob)
    assert problem[0] == "spec.jobTemplate.spec.template.spec.restartPolicy"
    cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"][
        "restartPolicy"
    ] = "Never"
    assert _problems(podspec.CronJob, cronjob) == []
    assert _problems(fast.CronJob, cronjob) == []


# --- rules that read the server's defaults ---------------------------------------


def test_max_unavailable_zero_alone_is_fine_its_surge_defaults_to_25_percent() -> None:
    strategy = {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0}}
    assert _problems(podspec.Deployment, _deployment(strategy=strategy)) == []
    strategy["rollingUpdate"]["maxSurge"] = "0%"
    (problem,) = _problems(podspec.Deployment, _deployment(strategy=strategy))
    assert problem[0] == "spec.strategy.rollingUpdate.maxUnavailable"
    assert problem[1] == "Invalid value: 0: may not be 0 when `maxSurge` is 0"


def test_a_daemonset_surge_needs_max_unavailable_zero_its_default_is_1() -> None:
    strategy: dict[str, Any] = {"rollingUpdate": {"maxSurge": "10%"}}
    document = _deployment(updateStrategy=strategy)
    document["kind"] = "DaemonSet"
    (problem,) = _problems(podspec.DaemonSet, document)
    assert problem[0] == "spec.updateStrategy.rollingUpdate.maxSurge"
    strategy["rollingUpdate"]["maxUnavailable"] = 0
    assert _problems(podspec.DaemonSet, document) == []
    strategy["type"] = "OnDelete"  # no rolling update: its settings are not checked
    strategy["rollingUpdate"]["maxUnavailable"] = 2
    assert _problems(podspec.DaemonSet, document) == []


@pytest.mark.parametrize("field", ["maxSurge", "maxUnavailable"])
def test_an_empty_int_or_string_is_a_value_not_its_default(field: str) -> None:
    # SetDefaults_Deployment fills a nil maxSurge; "" reaches IsValidPercent and fails.
    strategy = {"type": "RollingUpdate", "rollingUpdate": {field: ""}}
    problems = _problems(podspec.Deployment, _deployment(strategy=strategy))
    where = f"spec.strategy.rollingUpdate.{field}"
    assert (where, "deployment-" + _kebab(field) + "-percent-format") in {
        (p[0], p[2]) for p in problems
    }
    strategy["rollingUpdate"] = {}  # absent: 25%
    assert _problems(podspec.Deployment, _deployment(strategy=strategy)) == []


def _kebab(name: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in name)


def test_the_progress_deadline_defaults_to_600_before_it_is_compared() -> None:
    (problem,) = _problems(podspec.Deployment, _deployment(minReadySeconds=600))
    assert problem[0] == "spec.progressDeadlineSeconds"
    assert _problems(podspec.Deployment, _deployment(minReadySeconds=599)) == []
    # minReadySeconds unset is 0: a deadline of 0 is not greater.
    (problem,) = _problems(podspec.Deployment, _deployment(progressDeadlineSeconds=0))
    assert problem[0] == "spec.progressDeadlineSeconds"


def test_a_job_is_non_indexed_by_default() -> None:
    document = _job({**POD, "restartPolicy": "Never"}, backoffLimitPerIndex=1)
    (problem,) = _problems(podspec.Job, document)
    assert problem[:2] == (
        "spec.backoffLimitPerIndex",
        "Invalid value: 1: requires indexed completion mode",
    )
    document["spec"].update(completionMode="Indexed", completions=3)
    assert _problems(podspec.Job, document) == []


def test_an_indexed_job_without_counts_runs_one_pod_a_cronjobs_does_not() -> None:
    # SetDefaults_Job sets completions and parallelism to 1 when both are unset; a
    # CronJob's job template is validated as written.
    pod = {**POD, "restartPolicy": "Never"}
    document = _job(pod, completionMode="Indexed")
    assert _problems(podspec.Job, document) == []
    document["spec"]["parallelism"] = 2
    (problem,) = _problems(podspec.Job, document)
    assert problem[0] == "spec.completions"
    cronjob = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "nightly"},
        "spec": {
            "schedule": "0 3 * * *",
            "jobTemplate": {
                "spec": {"completionMode": "Indexed", "template": {"spec": pod}}
            },
        },
    }
    (problem,) = _problems(podspec.CronJob, cronjob)
    assert problem[0] == "spec.jobTemplate.spec.completions"


# --- rules on a kind, checked when the kind is loaded ----------------------------


@pytest.mark.parametrize("flavour", [podspec, fast], ids=["dataclasses", "fast"])
def test_a_whole_manifest_needs_a_name_or_a_generate_name(flavour: Any) -> None:
    document = _deployment()
    document["metadata"] = {"labels": {"app": "web"}}
    (problem,) = _problems(flavour.Deployment, document)
    assert problem == (
        "metadata.name",
        "Required value: name or generateName is required",
        "deployment-name-required",
    )
    document["metadata"]["generateName"] = "web-"
    assert _problems(flavour.Deployment, document) == []
    # A pod template's metadata is no manifest's: it needs no name.
    assert _problems(flavour.DeploymentSpec, document["spec"]) == []


@pytest.mark.parametrize("flavour", [podspec, fast], ids=["dataclasses", "fast"])
def test_a_replication_controller_without_a_template_is_told_that_alone(
    flavour: Any,
) -> None:
    # ValidatePodTemplateSpecForRC: a nil template is Required, and its labels are
    # not matched against the selector.
    document = {
        "apiVersion": "v1",
        "kind": "ReplicationController",
        "metadata": {"name": "rc"},
        "spec": {"selector": {"app": "web"}},
    }
    problems = _problems(flavour.ReplicationController, document)
    assert [p[:2] for p in problems] == [("spec.template", "Required value")]
