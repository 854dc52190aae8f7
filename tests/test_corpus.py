"""Real pod specs from ../shared/corpus: the schema and the SDK give the API server's verdict."""

from __future__ import annotations

import csv
from pathlib import Path

import jsonschema
import pytest
from conftest import CORPUS, corpus_files, load_json
from podspec import PodSpec, ValidationError
from podspec.manifests import pod_specs

# Two archived Kubernetes examples write `protocol: tcp`. The corpus files them as valid,
# but the API server compares port protocols case-sensitively (TCP, UDP, SCTP) and rejects
# them -- and the corpus's own invalid/bad-enum__052 expects exactly `tcp` to be rejected.
# We follow the API server; these two are the only valid-corpus files we reject.
MISLABELLED = {
    "kubernetes-examples__archived_volumes_aws_ebs_aws-ebs-web__0.json": "containers[0].ports[0].protocol",
    "kubernetes-examples__archived_volumes_cinder_cinder-web__0.json": "containers[0].ports[0].protocol",
}
# A Deployment that mounts `kubeconfig` but declares its volume as `ssl-cekubeconfigrts`
# (a typo upstream): ValidatePodTemplateSpec -> ValidateVolumeMounts rejects it, Not found.
BROKEN_BY_A_RULE = {
    "kubernetes-autoscaler__cluster-autoscaler_cloudprovider_bizflycloud_manifest_cluster-autoscaler__0.json": (
        "containers[0].volumeMounts[0].name",
        "container-volume-mount-volume-exists",
    ),
}


def _statefulset_claims(path: Path) -> bool:
    """Whether the spec comes from a StatefulSet with claim templates: its pods get one
    volume per template from the controller, so it may mount volumes it does not list.
    """
    workload = CORPUS / "workloads" / path.name
    if not workload.is_file():
        return False
    doc = load_json(workload)
    return doc.get("kind") == "StatefulSet" and bool(
        doc["spec"].get("volumeClaimTemplates")
    )


VALID = [
    p
    for p in corpus_files("valid")
    if p.name not in MISLABELLED and p.name not in BROKEN_BY_A_RULE
]
BARE = [p for p in VALID if not _statefulset_claims(p)]
FROM_STATEFULSETS = [p for p in VALID if _statefulset_claims(p)]
INVALID = [p for p in corpus_files("invalid")]
REJECTS = corpus_files("upstream_rejects")


def _index() -> dict[str, dict[str, str]]:
    path = CORPUS / "invalid" / "INDEX.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


INDEX = _index()


def test_corpus_is_present(corpus: Path) -> None:
    assert len(VALID) >= 298 and len(INVALID) >= 150 and len(REJECTS) >= 4


@pytest.mark.parametrize("path", BARE, ids=lambda p: p.name[:60])
def test_valid_spec_validates_and_round_trips(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    manifest = load_json(path)
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(manifest)]
    assert not errors
    assert PodSpec.from_dict(manifest).to_dict() == manifest


@pytest.mark.parametrize("path", FROM_STATEFULSETS, ids=lambda p: p.name[:60])
def test_a_statefulset_template_may_mount_its_claim_templates(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    manifest = load_json(path)
    assert not list(validator.iter_errors(manifest))
    (found,) = pod_specs([load_json(CORPUS / "workloads" / path.name)])
    assert found.spec.to_dict() == manifest
    # Alone, as a Pod's spec, what it mounts of the claims is declared by nobody.
    try:
        PodSpec.from_dict(manifest)
    except ValidationError as exc:
        rules = {p.rule for p in exc.problems}
        assert rules == {"container-volume-mount-volume-exists"}


@pytest.mark.parametrize("name", sorted(BROKEN_BY_A_RULE))
def test_a_valid_labelled_spec_that_breaks_a_rule_is_rejected_for_it(
    name: str, corpus: Path
) -> None:
    with pytest.raises(ValidationError) as info:
        PodSpec.from_dict(load_json(corpus / "valid" / name))
    assert [(p.path, p.rule) for p in info.value.problems] == [BROKEN_BY_A_RULE[name]]


@pytest.mark.parametrize("name", sorted(MISLABELLED))
def test_mislabelled_specs_are_rejected_only_for_their_protocol(
    name: str, corpus: Path, validator: jsonschema.Draft202012Validator
) -> None:
    manifest = load_json(corpus / "valid" / name)
    with pytest.raises(ValidationError) as info:
        PodSpec.from_dict(manifest)
    assert [p.path for p in info.value.problems] == [MISLABELLED[name]]
    errors = [
        jsonschema.exceptions.best_match([e]) for e in validator.iter_errors(manifest)
    ]
    assert [e.json_path for e in errors if e is not None] == ["$." + MISLABELLED[name]]


def _expected_path(row: dict[str, str]) -> str:
    return row["path"].removeprefix("$.").removeprefix("$")


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name[:60])
def test_invalid_spec_is_rejected_at_its_path(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    manifest = load_json(path)
    row = INDEX[path.name]
    assert not validator.is_valid(manifest)
    with pytest.raises(ValidationError) as info:
        PodSpec.from_dict(manifest)
    where = _expected_path(row)
    paths = [p.path for p in info.value.problems]
    # A missing list item is reported at the list; everything else at the mutated path.
    assert any(
        p == where or p.startswith(where) or where.startswith(p) for p in paths
    ), paths


@pytest.mark.parametrize("path", REJECTS, ids=lambda p: p.name[:60])
def test_real_mistakes_are_rejected(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    manifest = load_json(path)
    assert not validator.is_valid(manifest)
    with pytest.raises(ValidationError):
        PodSpec.from_dict(manifest)
