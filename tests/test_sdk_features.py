"""The SDK's helpers: quantities, YAML, manifest loading, deprecations, the names table."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from fractions import Fraction
from pathlib import Path

import podspec
import pytest
from conftest import SDK, SPEC
from podspec import PodSpec, ValidationError, Volume, compare_quantities, parse_quantity
from podspec.manifests import pod_specs_from_yaml
from podspec.names import PYTHON_TO_WIRE, WIRE_TO_PYTHON

from podspec_gen.model.build import read_spec


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("500m", Fraction(1, 2)),
        ("1Gi", Fraction(2**30)),
        ("1.5Gi", Fraction(3 * 2**29)),
        ("2", Fraction(2)),
        (2, Fraction(2)),
        (0.25, Fraction(1, 4)),
        ("1e3", Fraction(1000)),
        ("1.5E-3", Fraction(3, 2000)),
        ("100u", Fraction(1, 10_000)),
        ("+3k", Fraction(3000)),
        (".5", Fraction(1, 2)),
        ("10n", Fraction(1, 10**8)),
    ],
)
def test_parse_quantity_is_exact(text: str | int | float, value: Fraction) -> None:
    assert parse_quantity(text) == value


# "Gi" alone is 0 to the server (parseQuantityString takes an empty number for 0):
# test_quantity_text.py has it with the other spellings of 0.
@pytest.mark.parametrize(
    "bad", ["", "1.2.3", "5 Gi", "1GiB", "1e", "i", True, None, [1]]
)
def test_parse_quantity_rejects_what_the_api_rejects(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_quantity(bad)  # type: ignore[arg-type]


def test_compare_quantities() -> None:
    assert compare_quantities("1Gi", "1G") == 1
    assert compare_quantities("1000m", 1) == 0
    assert compare_quantities("128Mi", "0.5Gi") == -1


MANIFEST = """\
apiVersion: v1
kind: Service
metadata: {name: ignored}
spec: {ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers: [{name: web, image: nginx}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: job, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata: {name: single}
spec:
  containers: [{name: app, image: app}]
"""


def test_manifest_loader_finds_every_pod_spec() -> None:
    found = pod_specs_from_yaml(MANIFEST)
    assert [(f.document, f.kind, f.name, f.path) for f in found] == [
        (1, "Deployment", "web", "spec.template.spec"),
        (2, "CronJob", "nightly", "spec.jobTemplate.spec.template.spec"),
        (3, "Pod", "single", "spec"),
    ]
    assert found[1].spec.restart_policy == "OnFailure"


def test_manifest_loader_reports_paths_inside_each_document() -> None:
    broken = MANIFEST.replace(
        "image: nginx", "image: nginx, imagePullPolicy: Sometimes"
    ).replace("name: app, image: app", "name: app")
    with pytest.raises(ValidationError) as info:
        pod_specs_from_yaml(broken)
    assert [str(p) for p in info.value.problems] == [
        "[1].spec.template.spec.containers[0].imagePullPolicy: "
        'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
        "[3].spec.containers[0].image: Required value",
    ]


def test_invalid_yaml_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as info:
        PodSpec.from_yaml("containers: [")
    assert "invalid YAML: line" in str(info.value)


def test_yaml_round_trip() -> None:
    text = "containers:\n- name: web\n  image: nginx\n  ports:\n  - containerPort: 80\n"
    pod = PodSpec.from_yaml(text)
    # keys come out in the spec's order (the API's Go struct order): name first
    assert pod.to_yaml() == text
    assert PodSpec.from_yaml(pod.to_yaml()) == pod


def test_setting_a_deprecated_field_warns_with_its_message() -> None:
    model = read_spec(SPEC)
    message = next(
        f.deprecation for f in model.type("Volume").fields if f.wire_name == "gitRepo"
    )
    assert message
    with pytest.warns(DeprecationWarning, match="GitRepo is deprecated"):
        Volume(name="v", git_repo=podspec.GitRepoVolumeSource(repository="https://x"))
    volume = Volume(name="v")
    with pytest.warns(DeprecationWarning) as record:
        volume.git_repo = podspec.GitRepoVolumeSource(repository="https://x")
    assert str(record[0].message) == message
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        volume.git_repo = None  # clearing it is fine
        Volume(name="quiet")
    with pytest.warns(DeprecationWarning, match="serviceAccountName"):
        PodSpec.from_dict(
            {"containers": [{"name": "a", "image": "b"}], "serviceAccount": "x"}
        )


def test_names_table_matches_the_spec() -> None:
    model = read_spec(SPEC)
    expected = {
        t.name: {f.wire_name: f.python_name for f in t.fields}
        for t in model.types
        if t.is_object
    }
    assert expected == WIRE_TO_PYTHON
    assert WIRE_TO_PYTHON["PodSpec"]["hostIPC"] == "host_ipc"
    assert WIRE_TO_PYTHON["PodSecurityContext"]["fsGroup"] == "fs_group"
    assert PYTHON_TO_WIRE["PodSpec"]["set_hostname_as_fqdn"] == "setHostnameAsFQDN"
    assert all(len(v) == len(PYTHON_TO_WIRE[k]) for k, v in WIRE_TO_PYTHON.items())


def test_sdk_installs_on_its_own_in_a_fresh_venv(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"

    def packages() -> set[str]:
        listed = subprocess.run(
            [str(python), "-m", "pip", "list", "--format=freeze"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return {line.split("==")[0].lower() for line in listed.splitlines()}

    before = packages()
    # An isolated build, as a user's would be: pip fetches the build backend itself.
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(SDK)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    # Zero runtime dependencies: the SDK is the only package the venv gains.
    assert packages() - before == {"podspec-sdk"}
    code = (
        "import importlib.metadata as m, json, podspec;"
        "print(m.version('podspec-sdk'));"
        "pod = podspec.PodSpec.from_dict({'containers': [{'name': 'a', 'image': 'b'}]});"
        "print(json.dumps(pod.to_dict(), sort_keys=True))"
    )
    out = subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.splitlines() == [
        podspec.KUBERNETES_VERSION.removeprefix("v"),
        '{"containers": [{"image": "b", "name": "a"}]}',
    ]


def test_the_build_under_test_is_the_one_asked_for() -> None:
    # test_sdk_compiled.py reruns this file on the compiled build: make sure it did.
    expected = os.environ.get("PODSPEC_SDK_COMPILED") == "1"
    assert podspec._runtime.COMPILED is expected
