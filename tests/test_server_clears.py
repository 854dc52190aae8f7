"""Pod spec fields the API server empties before it validates a kind's template
(spec `serverClears`): a StatefulSet's `hostname` and `subdomain`, which
ValidateStatefulSetSpec blanks (kubernetes#131790) because initIdentity sets them in
every pod. Any string passes there in every output, and is kept as written; the same
values in a Deployment are refused; a value of another type still is."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import podspec
import podspec.fast as fast
import pydantic
import pytest
import yaml
from conftest import GENERATED, PROJECT, SPEC
from jsonschema import Draft202012Validator
from podspec import ValidationError
from podspec.manifests import pod_specs
from podspec.validator import check_text

sys.path.insert(0, str(GENERATED / "pydantic"))
import podspec_pydantic

ODD = {"hostname": "Web_0", "subdomain": "svc.example"}


def workload(kind: str, **spec: Any) -> dict[str, Any]:
    labels = {"app": "web"}
    document: dict[str, Any] = {
        "apiVersion": "apps/v1",
        "kind": kind,
        "metadata": {"name": "web"},
        "spec": {
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {"containers": [{"name": "app", "image": "nginx"}], **spec},
            },
        },
    }
    if kind == "StatefulSet":
        document["spec"]["serviceName"] = "web"
    return document


STATEFUL = workload("StatefulSet", **ODD)
DEPLOYED = workload("Deployment", **ODD)
PATHS = {f"spec.template.spec.{name}" for name in ODD}


def _problems(load: Any, document: dict[str, Any]) -> set[str]:
    try:
        load(copy.deepcopy(document))
    except ValidationError as exc:
        # load_manifests names each path from its document's place in the stream.
        return {p.path.removeprefix("[0].") for p in exc.problems}
    except pydantic.ValidationError as exc:
        return {".".join(str(s) for s in e["loc"]) for e in exc.errors()}
    return set()


def _manifest(flavour: Any) -> Any:
    def load(document: dict[str, Any]) -> Any:
        (obj,) = flavour.load_manifests([document])
        return obj

    return load


LOADERS = {
    "sdk": lambda d: getattr(podspec, d["kind"]).from_dict(d),
    "sdk-manifests": _manifest(podspec.manifests),
    "fast": lambda d: getattr(fast, d["kind"]).from_dict(d),
    "fast-manifests": _manifest(fast),
    "fast-json": lambda d: getattr(fast, d["kind"]).from_json(json.dumps(d)),
    "pydantic": lambda d: getattr(podspec_pydantic, d["kind"]).model_validate(d),
    "pydantic-json": lambda d: getattr(podspec_pydantic, d["kind"]).model_validate_json(
        json.dumps(d)
    ),
}


@pytest.mark.parametrize("how", LOADERS)
def test_a_statefulset_keeps_any_hostname_and_subdomain(how: str) -> None:
    obj = LOADERS[how](copy.deepcopy(STATEFUL))
    assert (obj.pod_spec.hostname, obj.pod_spec.subdomain) == ("Web_0", "svc.example")
    if how.startswith("pydantic"):
        dumped = obj.model_dump(by_alias=True, exclude_unset=True)
    else:
        dumped = obj.to_dict()
        obj.validate()  # built objects are checked as documents are
    assert dumped == STATEFUL


@pytest.mark.parametrize("how", LOADERS)
def test_a_deployment_refuses_them(how: str) -> None:
    found = _problems(LOADERS[how], DEPLOYED)
    # pydantic's locations are attribute names; these two match their wire names.
    assert found >= PATHS, found


@pytest.mark.parametrize("how", LOADERS)
def test_a_value_of_another_type_is_still_refused(how: str) -> None:
    document = workload("StatefulSet", hostname=7)
    assert "spec.template.spec.hostname" in _problems(LOADERS[how], document)


@pytest.mark.parametrize("flavour", [podspec, fast], ids=["sdk", "fast"])
def test_pod_specs_found_in_a_statefulset_keep_them(flavour: Any) -> None:
    finder = pod_specs if flavour is podspec else fast.pod_specs
    (found,) = finder([copy.deepcopy(STATEFUL)])
    assert found.spec.hostname == "Web_0"
    with pytest.raises(ValidationError) as caught:
        finder([copy.deepcopy(DEPLOYED)])
    assert {f"[0].{p}" for p in PATHS} <= {p.path for p in caught.value.problems}


def test_validate_accepts_the_statefulset_and_points_at_the_deployments_lines() -> None:
    assert [f for f in check_text("a.yaml", yaml.safe_dump(STATEFUL)).findings] == []
    text = yaml.safe_dump(DEPLOYED, sort_keys=False)
    findings = check_text("a.yaml", text).findings
    lines = text.splitlines()
    for name in ODD:
        (hit,) = [f for f in findings if f.path == f"spec.template.spec.{name}"]
        assert lines[hit.line - 1].strip().startswith(f"{name}:")


@pytest.mark.parametrize("file", ["statefulset", "kubernetes", "deployment"])
def test_the_schemas_relax_them_for_a_statefulset_only(file: str) -> None:
    schema = json.loads((GENERATED / "jsonschema" / f"{file}.schema.json").read_text())
    validator = Draft202012Validator(schema)
    mine = STATEFUL if file != "deployment" else DEPLOYED
    errors = [list(e.absolute_path)[-1] for e in validator.iter_errors(mine)]
    assert errors == ([] if file != "deployment" else ["hostname", "subdomain"])
    if file == "kubernetes":
        refused = [list(e.absolute_path)[-1] for e in validator.iter_errors(DEPLOYED)]
        assert sorted(refused) == ["hostname", "subdomain"]
    typed = workload("StatefulSet", hostname=7)
    if file != "deployment":
        assert list(validator.iter_errors(typed)), "a number is no hostname"


def test_the_variants_say_what_they_vary_and_check_the_same_rules() -> None:
    defs = json.loads(
        (GENERATED / "jsonschema" / "statefulset.schema.json").read_text()
    )["$defs"]
    spec = defs["StatefulSetPodSpec"]
    assert spec["x-podspec-variant-of"] == "PodSpec"
    assert (
        defs["StatefulSetPodTemplateSpec"]["x-podspec-variant-of"] == "PodTemplateSpec"
    )
    assert spec["allOf"] == defs["PodSpec"]["allOf"]
    changed = {
        name
        for name, prop in spec["properties"].items()
        if prop != defs["PodSpec"]["properties"][name]
    }
    assert changed == set(ODD)
    assert "pattern" not in spec["properties"]["hostname"]
    said = spec["properties"]["hostname"]["markdownDescription"]
    assert "In a StatefulSet, the API server empties this field" in said


def _generate(tmp_path: Path, edit: str) -> subprocess.CompletedProcess[str]:
    spec = tmp_path / "spec"
    spec.mkdir()
    for path in SPEC.iterdir():
        (spec / path.name).write_bytes(path.read_bytes())
    workloads = spec / "workloads.yaml"
    text = workloads.read_text()
    assert "      fields: [hostname, subdomain]\n" in text
    workloads.write_text(text.replace("      fields: [hostname, subdomain]\n", edit))
    return subprocess.run(
        [sys.executable, "-m", "podspec_gen", "check", "--spec", str(spec)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=False,
    )


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (
            "      fields: [hostname, dnsConfig]\n",
            "serverClears: 'dnsConfig' is not a string field of PodSpec",
        ),
        (
            "      fields: [hostname, hostname]\n",
            "serverClears': fields: one or more, each once",
        ),
        ("", "'serverClears': missing required key 'fields'"),
    ],
)
def test_a_wrong_server_clears_is_a_spec_error(
    tmp_path: Path, edit: str, said: str
) -> None:
    run = _generate(tmp_path, edit)
    assert run.returncode == 2, run.stderr
    assert "workloads.yaml:" in run.stderr and said in run.stderr, run.stderr
