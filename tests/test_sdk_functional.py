"""Use the generated dataclass SDK as a user would."""

from __future__ import annotations

import concurrent.futures
import copy
import dataclasses
import json
import pickle
from typing import Any

import podspec
import pytest
from conftest import SPEC
from podspec import (
    Container,
    ContainerPort,
    EmptyDirVolumeSource,
    EnvVar,
    HTTPGetAction,
    PodSpec,
    Probe,
    ResourceRequirements,
    Toleration,
    ValidationError,
    Volume,
    VolumeMount,
)

from podspec_gen.model.build import read_spec


def _web_pod() -> PodSpec:
    return PodSpec(
        containers=[
            Container(
                name="web",
                image="nginx:1.27",
                ports=[ContainerPort(container_port=80, name="http")],
                env=[EnvVar(name="MODE", value="prod")],
                resources=ResourceRequirements(
                    requests={"cpu": "250m", "memory": "64Mi"},
                    limits={"memory": "128Mi"},
                ),
                readiness_probe=Probe(
                    http_get=HTTPGetAction(path="/healthz", port="http"),
                    period_seconds=5,
                ),
                volume_mounts=[VolumeMount(name="cache", mount_path="/cache")],
            )
        ],
        volumes=[
            Volume(name="cache", empty_dir=EmptyDirVolumeSource(size_limit="1Gi"))
        ],
        tolerations=[
            Toleration(
                key="dedicated", operator="Equal", value="web", effect="NoSchedule"
            )
        ],
        host_ipc=False,
        restart_policy="Always",
    )


WEB_POD_MANIFEST: dict[str, Any] = {
    "containers": [
        {
            "name": "web",
            "image": "nginx:1.27",
            "ports": [{"containerPort": 80, "name": "http"}],
            "env": [{"name": "MODE", "value": "prod"}],
            "resources": {
                "requests": {"cpu": "250m", "memory": "64Mi"},
                "limits": {"memory": "128Mi"},
            },
            "readinessProbe": {
                "httpGet": {"path": "/healthz", "port": "http"},
                "periodSeconds": 5,
            },
            "volumeMounts": [{"name": "cache", "mountPath": "/cache"}],
        }
    ],
    "volumes": [{"name": "cache", "emptyDir": {"sizeLimit": "1Gi"}}],
    "tolerations": [
        {
            "key": "dedicated",
            "operator": "Equal",
            "value": "web",
            "effect": "NoSchedule",
        }
    ],
    "hostIPC": False,
    "restartPolicy": "Always",
}


def test_to_dict_is_the_exact_manifest() -> None:
    assert _web_pod().to_dict() == WEB_POD_MANIFEST


def test_from_dict_round_trips() -> None:
    pod = _web_pod()
    assert PodSpec.from_dict(pod.to_dict()) == pod
    assert PodSpec.from_dict(WEB_POD_MANIFEST).to_dict() == WEB_POD_MANIFEST


def test_constructors_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        Container("web", "nginx")  # type: ignore[misc]


def test_classes_are_slotted_dataclasses() -> None:
    assert dataclasses.is_dataclass(Container)
    assert not hasattr(Container(name="x", image="y"), "__dict__")


def test_unset_fields_are_omitted_and_explicit_nulls_survive() -> None:
    assert Container(name="x", image="y").to_dict() == {"name": "x", "image": "y"}
    manifest = {"containers": [{"name": "a", "image": "b", "args": None}]}
    assert PodSpec.from_dict(manifest).to_dict() == manifest


def test_every_problem_is_reported_with_its_json_path() -> None:
    bad = {
        "containers": [
            {
                "name": "web",
                "image": "nginx",
                "imagePullPolice": "Always",
                "ports": [
                    {"containerPort": 80},
                    {"containerPort": 70000, "protocol": "tcp"},
                ],
            }
        ],
        "restartPolicy": "Sometimes",
        "hostPID": "yes",
    }
    with pytest.raises(ValidationError) as info:
        PodSpec.from_dict(bad)
    problems = {(p.path, p.message) for p in info.value.problems}
    assert problems == {
        (
            "containers[0].imagePullPolice",
            "unknown field (did you mean 'imagePullPolicy'?)",
        ),
        (
            "containers[0].ports[1].containerPort",
            "Invalid value: 70000: must be between 1 and 65535, inclusive",
        ),
        (
            "containers[0].ports[1].protocol",
            'Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
        ),
        (
            "restartPolicy",
            'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
        ),
        ("hostPID", "expected a boolean, got a string"),
    }
    assert isinstance(info.value, ValueError)


def test_missing_required_fields_are_named() -> None:
    with pytest.raises(ValidationError) as info:
        PodSpec.from_dict({"containers": [{"image": "nginx"}, {"name": "b"}]})
    assert [str(p) for p in info.value.problems] == [
        "containers[0].name: Required value",
        "containers[1].image: Required value",
    ]
    with pytest.raises(ValidationError) as info:
        PodSpec.from_dict({"containers": []})
    # validateContainers: len(containers) == 0 -> field.Required(fldPath, "")
    assert [str(p) for p in info.value.problems] == ["containers: Required value"]


def test_server_required_container_image() -> None:
    # upstream's schema leaves image optional; the API server requires it (data: serverRequired)
    spec = {f.wire_name: f for f in _container_fields()}
    assert spec["image"].server_required and not spec["image"].required
    with pytest.raises(TypeError):
        Container(name="web")  # type: ignore[call-arg]


def _container_fields() -> list[Any]:
    from conftest import SPEC

    from podspec_gen.model.build import read_spec

    return list(read_spec(SPEC).type("Container").fields)


def test_lenient_mode_keeps_unknown_keys() -> None:
    manifest = {"containers": [{"name": "a", "image": "b", "futureField": {"x": 1}}]}
    with pytest.raises(ValidationError):
        PodSpec.from_dict(manifest)
    pod = PodSpec.from_dict(manifest, lenient=True)
    assert pod.to_dict() == manifest


def test_wrong_root_kind_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as info:
        PodSpec.from_dict([])  # type: ignore[arg-type]
    assert str(info.value.problems[0]) == "(root): expected an object, got a list"


def test_quantities_and_int_or_string() -> None:
    ok = {
        "containers": [
            {
                "name": "a",
                "image": "b",
                "resources": {"limits": {"cpu": 0.5, "memory": "1Gi"}},
            }
        ]
    }
    assert PodSpec.from_dict(ok).to_dict() == ok
    bad = {
        "containers": [
            {"name": "a", "image": "b", "resources": {"limits": {"cpu": "lots"}}}
        ]
    }
    with pytest.raises(ValidationError) as info:
        PodSpec.from_dict(bad)
    assert info.value.problems[0].path == "containers[0].resources.limits.cpu"


def test_package_exports_every_type() -> None:
    from conftest import SPEC

    from podspec_gen.model.build import read_spec

    names = {t.name for t in read_spec(SPEC).types}
    assert names <= set(podspec.__all__)
    assert podspec.KUBERNETES_VERSION == "v1.37.0"


@pytest.mark.parametrize("name", ["web\n", "\nweb", "web\nweb"])
def test_a_pattern_anchors_at_the_very_end_as_json_schema_validators_do(
    name: str,
) -> None:
    # Python's `$` also matches before a final newline; ECMA-262's, which editors and
    # every schema validator use, does not. The SDK must refuse what they refuse.
    with pytest.raises(ValidationError) as info:
        PodSpec.from_dict({"containers": [{"name": name, "image": "nginx"}]})
    (problem,) = info.value.problems
    assert problem.path == "containers[0].name"
    # The server's words for the check the name fails (IsDNS1123Label's regex).
    (label,) = [f for f in read_spec(SPEC).formats if f.name == "k8s-short-name"]
    _, _, words, _, _ = label.server[-1]
    assert problem.message == f"Invalid value: {json.dumps(name)}: {words}"


def test_names_must_be_dns_labels_and_claims_name_one_source() -> None:
    with pytest.raises(ValidationError) as info:
        PodSpec.from_dict({"containers": [{"name": "Web_1", "image": "nginx"}]})
    (problem,) = info.value.problems
    assert problem.path == "containers[0].name"
    assert problem.message.startswith(
        'Invalid value: "Web_1": a lowercase RFC 1123 label'
    )
    claim = {"name": "gpu", "resourceClaimName": "a", "resourceClaimTemplateName": "b"}
    with pytest.raises(ValidationError) as info:
        PodSpec.from_dict(
            {"containers": [{"name": "a", "image": "b"}], "resourceClaims": [claim]}
        )
    assert [str(p) for p in info.value.problems] == [
        'resourceClaims[0]: Invalid value: "": at most one of `resourceClaimName` or '
        "`resourceClaimTemplateName` may be specified [pod-resource-claim-one-source]"
    ]


def test_a_null_required_field_is_reported_once_and_optional_nulls_round_trip() -> None:
    with pytest.raises(ValidationError) as info:
        PodSpec.from_dict({"containers": [{"name": None, "image": "b"}]})
    assert [str(p) for p in info.value.problems] == [
        "containers[0].name: Required value"
    ]
    manifest = {
        "containers": [
            {"name": "a", "image": "b", "ports": [{"containerPort": 80, "name": None}]}
        ],
        "volumes": [{"name": "v", "emptyDir": None}],
    }
    assert PodSpec.from_dict(manifest).to_dict() == manifest


def test_keys_that_are_not_strings_are_reported_at_their_object() -> None:
    with pytest.raises(ValidationError) as info:
        PodSpec.from_dict({"containers": [{"name": "a", "image": "b", 7: "x"}]})
    assert [str(p) for p in info.value.problems] == [
        "containers[0]: object keys must be strings, got an integer"
    ]


def test_any_mapping_subclass_of_dict_is_accepted() -> None:
    from collections import OrderedDict

    data = OrderedDict(containers=[OrderedDict(name="a", image="b")])
    assert PodSpec.from_dict(data).to_dict() == {
        "containers": [{"name": "a", "image": "b"}]
    }


def test_deprecated_fields_parse_and_dump_without_warning_when_absent() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        volume = Volume.from_dict({"name": "v", "emptyDir": {}})
        assert volume.git_repo is None and volume.to_dict() == {
            "name": "v",
            "emptyDir": {},
        }
    with pytest.warns(DeprecationWarning):
        legacy = Volume.from_dict({"name": "v", "gitRepo": {"repository": "https://x"}})
    assert legacy.to_dict() == {"name": "v", "gitRepo": {"repository": "https://x"}}


def test_each_bad_item_of_a_scalar_list_or_map_is_named() -> None:
    # Lists and maps whose items pass by type alone are accepted in one pass; one item
    # of another type must still be reported at its own index or key (a null one is
    # the zero value, "", as to the server: test_null_items.py).
    with pytest.raises(ValidationError) as info:
        PodSpec.from_dict(
            {
                "containers": [
                    {
                        "name": "a",
                        "image": "b",
                        "args": ["--x", 1, None, True],
                        "resources": {"limits": {"cpu": "1", "memory": True}},
                    }
                ],
                "nodeSelector": {"zone": "a", "tier": 2},
                "securityContext": {"supplementalGroups": [1, True]},
            }
        )
    assert sorted(str(p) for p in info.value.problems) == [
        "containers[0].args[1]: expected a string, got an integer",
        "containers[0].args[3]: expected a string, got a boolean",
        "containers[0].resources.limits.memory: "
        "expected a quantity (string or number), got a boolean",
        "nodeSelector.tier: expected a string, got an integer",
        "securityContext.supplementalGroups[1]: expected an integer, got a boolean",
    ]


def test_scalar_lists_and_maps_are_copied_not_shared() -> None:
    args = ["--a", "--b"]
    selector = {"zone": "a"}
    spec = PodSpec.from_dict(
        {
            "containers": [{"name": "a", "image": "b", "args": args}],
            "nodeSelector": selector,
        }
    )
    args.append("--c")
    selector["tier"] = "x"
    assert spec.containers[0].args == ["--a", "--b"]
    assert spec.node_selector == {"zone": "a"}
    empty = {
        "containers": [{"name": "a", "image": "b", "args": []}],
        "nodeSelector": {},
    }
    assert PodSpec.from_dict(empty).to_dict() == empty


def _refuse(spec: dict[str, Any]) -> None:
    PodSpec.from_dict(spec)


def test_a_validation_error_survives_pickling_and_a_worker_process() -> None:
    bad = {"containers": [{"name": "a"}, {"name": "a", "image": "b"}]}
    with pytest.raises(ValidationError) as caught:
        PodSpec.from_dict(bad)
    again = pickle.loads(pickle.dumps(caught.value))
    assert type(again) is ValidationError
    assert again.problems == caught.value.problems
    assert str(again) == str(caught.value)
    assert copy.copy(caught.value).problems == caught.value.problems
    with (
        concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool,
        pytest.raises(ValidationError) as remote,
    ):
        pool.submit(_refuse, bad).result()
    assert remote.value.problems == caught.value.problems


def test_a_string_set_where_a_list_of_strings_belongs_is_not_written_as_characters() -> (
    None
):
    if podspec._runtime.COMPILED:  # the mypyc build checks attribute types itself
        with pytest.raises(TypeError):
            Container(name="app", image="busybox", command="ls -l")  # type: ignore[arg-type]
        return
    container = Container(name="app", image="busybox", command="ls -l")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="command: expected a list, got a string"):
        container.to_dict()
    with pytest.raises(ValidationError) as caught:
        container.validate()
    assert "command: expected a list, got a string" in str(caught.value)
