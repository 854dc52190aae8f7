"""`podspec.patch`: each directive of a strategic merge patch, the errors a bad patch
gets (with their paths), SDK objects in and out, the generated merge table against
the spec, and `two_way_patch` as the inverse of `strategic_merge` on corpus pairs
and hypothesis-made ones. The agreement with kubectl is test_patch_kubectl.py's."""

from __future__ import annotations

import copy
import itertools
import random
import re
from typing import Any

import podspec.fast
import pytest
from conftest import SDK, corpus_files, load_json, model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from podspec import Container, Deployment, PodSpec, ValidationError
from podspec.manifests import POD_SPEC_PATHS
from podspec.patch import FIELDS, patch_problems, strategic_merge, two_way_patch

from podspec_gen.model.kinds import ListOf, ObjectRef

POD: dict[str, Any] = {
    "containers": [
        {
            "name": "app",
            "image": "nginx",
            "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
            "ports": [{"containerPort": 80, "protocol": "TCP"}],
            "args": ["x", "y"],
        },
        {"name": "sidecar", "image": "envoy"},
    ],
    "volumes": [{"name": "data", "emptyDir": {}}],
    "nodeSelector": {"disk": "ssd", "zone": "a"},
    "securityContext": {"runAsUser": 1, "runAsGroup": 2},
}


def merge(patch: dict[str, Any], original: dict[str, Any] | None = None) -> Any:
    return strategic_merge(copy.deepcopy(original or POD), patch)


def problems(original: Any, patch: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as info:
        strategic_merge(original, patch)
    return [str(p) for p in info.value.problems]


# --- merging -------------------------------------------------------------------------


def test_lists_with_a_merge_key_merge_by_it_and_others_are_replaced() -> None:
    out = merge({"containers": [{"name": "app", "image": "nginx:2", "args": ["z"]}]})
    app = out["containers"][0]
    assert app["image"] == "nginx:2" and app["env"] == POD["containers"][0]["env"]
    assert app["args"] == ["z"]  # no patchStrategy: the list is replaced
    assert [c["name"] for c in out["containers"]] == ["app", "sidecar"]


def test_a_new_merge_keyed_item_comes_first_as_in_kubectl() -> None:
    out = merge({"containers": [{"name": "new", "image": "busybox"}]})
    assert [c["name"] for c in out["containers"]] == ["new", "app", "sidecar"]
    order = {"$setElementOrder/containers": [{"name": n} for n in ("app", "new")]}
    out = merge({"containers": [{"name": "new", "image": "busybox"}], **order})
    assert [c["name"] for c in out["containers"]] == ["app", "new", "sidecar"]


def test_maps_merge_and_null_deletes_a_field() -> None:
    out = merge({"nodeSelector": {"zone": None, "gpu": "yes"}, "volumes": None})
    assert out["nodeSelector"] == {"disk": "ssd", "gpu": "yes"}
    assert "volumes" not in out


def test_null_for_a_missing_field_is_dropped() -> None:
    assert "hostname" not in merge({"hostname": None})


def test_patch_delete_on_a_list_item_and_on_a_map() -> None:
    out = merge(
        {
            "containers": [
                {"name": "app", "env": [{"name": "A", "$patch": "delete"}]},
                {"name": "sidecar", "$patch": "delete"},
            ],
            "securityContext": {"$patch": "delete"},
        }
    )
    assert [c["name"] for c in out["containers"]] == ["app"]
    assert out["containers"][0]["env"] == [{"name": "B", "value": "2"}]
    assert out["securityContext"] == {}


def test_patch_replace_on_a_list_and_on_a_map() -> None:
    out = merge(
        {
            "containers": [{"$patch": "replace"}, {"name": "only", "image": "i"}],
            "securityContext": {"$patch": "replace", "runAsNonRoot": True},
        }
    )
    assert out["containers"] == [{"name": "only", "image": "i"}]
    assert out["securityContext"] == {"runAsNonRoot": True}


def test_patch_merge_is_refused_as_kubectl_refuses_it() -> None:
    assert problems(POD, {"securityContext": {"$patch": "merge"}}) == [
        "securityContext.$patch: unknown patch type: merge in map"
    ]
    assert problems(POD, {"containers": [{"name": "app", "$patch": "merge"}]}) == [
        "containers[0]: merging lists cannot yet be specified in the patch"
    ]


def test_a_directive_map_for_a_missing_field_adds_nothing() -> None:
    patch = {"dnsConfig": {"$patch": "replace", "nameservers": ["1.1.1.1"]}}
    assert "dnsConfig" not in merge(patch)


def test_delete_from_primitive_list_and_set_element_order() -> None:
    doc = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"finalizers": ["a", "b", "c"]},
    }
    doc["spec"] = copy.deepcopy(POD)
    patch = {
        "metadata": {
            "$deleteFromPrimitiveList/finalizers": ["b"],
            "$setElementOrder/finalizers": ["c", "a"],
        },
        "spec": {"$setElementOrder/containers": [{"name": "sidecar"}, {"name": "app"}]},
    }
    out = strategic_merge(doc, patch)
    assert out["metadata"]["finalizers"] == ["c", "a"]
    assert [c["name"] for c in out["spec"]["containers"]] == ["sidecar", "app"]


def test_a_merging_primitive_list_is_a_union() -> None:
    doc = {"kind": "Pod", "apiVersion": "v1", "metadata": {"finalizers": ["a"]}}
    out = strategic_merge(doc, {"metadata": {"finalizers": ["b", "a"]}})
    assert out["metadata"]["finalizers"] == ["b", "a"]


def test_retain_keys_clears_the_fields_it_does_not_name() -> None:
    patch = {
        "volumes": [
            {
                "name": "data",
                "$retainKeys": ["name", "hostPath"],
                "hostPath": {"path": "/x"},
            }
        ]
    }
    assert merge(patch)["volumes"] == [{"name": "data", "hostPath": {"path": "/x"}}]
    bad = {"volumes": [{"name": "data", "$retainKeys": ["name"], "hostPath": {}}]}
    assert problems(POD, bad) == [
        "volumes[0].$retainKeys: invalid patch: 'hostPath' is not in $retainKeys"
    ]


def test_ports_merge_by_container_port_alone_as_in_kubectl() -> None:
    pod = {
        "containers": [
            {
                "name": "a",
                "image": "x",
                "ports": [
                    {"containerPort": 53, "protocol": "TCP"},
                    {"containerPort": 53, "protocol": "UDP"},
                ],
            }
        ]
    }
    out = merge(
        {
            "containers": [
                {
                    "name": "a",
                    "ports": [{"containerPort": 53, "protocol": "UDP", "name": "dns"}],
                }
            ]
        },
        pod,
    )
    assert out["containers"][0]["ports"] == [
        {"containerPort": 53, "protocol": "UDP", "name": "dns"},
        {"containerPort": 53, "protocol": "UDP"},
    ]


def test_the_original_and_the_patch_are_left_alone() -> None:
    original, patch = copy.deepcopy(POD), {
        "containers": [{"name": "app", "image": "b"}]
    }
    before = copy.deepcopy(patch)
    strategic_merge(original, patch)
    assert original == POD and patch == before


# --- errors --------------------------------------------------------------------------


def test_an_unknown_key_is_an_error_with_its_path() -> None:
    got = problems(
        POD,
        {
            "containers": [{"name": "app", "imagePullPolice": "Always"}],
            "hostNetwrok": True,
        },
    )
    assert got == [
        "containers[0].imagePullPolice: unknown field (did you mean 'imagePullPolicy'?)",
        "hostNetwrok: unknown field (did you mean 'hostNetwork'?)",
    ]


def test_a_patch_alone_is_checked_as_strategic_merge_checks_it() -> None:
    # A kustomize patch, checked without the manifest it will be merged into: what
    # strategic_merge would refuse in it whatever the original, by its own kind.
    patch = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "spec": {"replica": 3, "template": {"spec": {"hostNetwrok": True}}},
    }
    assert [str(p) for p in patch_problems(patch)] == [
        "spec.replica: unknown field (did you mean 'replicas'?)",
        "spec.template.spec.hostNetwrok: unknown field (did you mean 'hostNetwork'?)",
    ]
    for original in (POD, {"kind": "Deployment", "spec": {}}):
        part = patch if "kind" in original else patch["spec"]["template"]["spec"]
        assert [str(p) for p in patch_problems(part)] == problems(original, part)
    # What it leaves out is no problem: it says only what it changes.
    assert patch_problems({"kind": "Deployment", "spec": {"replicas": 3}}) == []
    assert patch_problems({"containers": [{"name": "app", "image": "b"}]}) == []


def test_bad_directives_are_errors_with_their_paths() -> None:
    assert problems(POD, {"securityContext": {"$patch": "remove"}}) == [
        "securityContext.$patch: unknown patch directive 'remove' (replace, delete or merge)"
    ]
    assert problems(POD, {"$setElementOrder/hostname": ["x"]}) == [
        "$setElementOrder/hostname: 'hostname' is no list field of this object"
    ]
    assert problems(POD, {"$retainKeys": ["containers", "bogus"]}) == [
        "$retainKeys[1]: unknown field 'bogus'"
    ]
    assert problems(POD, {"containers": [{"image": "x"}]}) == [
        "containers[0]: an item lacks the merge key 'name'"
    ]
    assert problems(POD, {"containers": [{"$patch": "delete"}]}) == [
        "containers[0]: a $patch: delete item lacks the merge key 'name'"
    ]
    misordered = {
        "containers": [{"name": "app", "image": "b"}],
        "$setElementOrder/containers": [{"name": "sidecar"}],
    }
    assert problems(POD, misordered) == [
        "$setElementOrder/containers: the order in the patch list does not match"
        " the $setElementOrder list"
    ]


def test_a_patch_that_is_no_object_is_an_error() -> None:
    with pytest.raises(ValidationError, match="a patch must be an object"):
        strategic_merge(POD, ["x"])  # type: ignore[arg-type]


# --- SDK objects ---------------------------------------------------------------------


def test_objects_in_objects_out() -> None:
    pod = PodSpec.from_dict(POD)
    out = strategic_merge(pod, {"containers": [{"name": "app", "image": "nginx:2"}]})
    assert isinstance(out, PodSpec) and out.containers[0].image == "nginx:2"
    assert out.containers[0].env is not None and len(out.containers[0].env) == 2


def test_an_object_result_is_validated_with_paths() -> None:
    pod = PodSpec.from_dict(POD)
    with pytest.raises(ValidationError) as info:
        strategic_merge(
            pod,
            {
                "containers": [
                    {"name": "app", "image": None},
                    {"name": "sidecar", "imagePullPolicy": "Sometimes"},
                ]
            },
        )
    paths = [p.path for p in info.value.problems]
    assert "containers[1].imagePullPolicy" in paths


def test_a_workload_object_merges_through_its_template() -> None:
    doc = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "w"},
        "spec": {
            "selector": {"matchLabels": {"a": "b"}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}},
            "template": {"metadata": {"labels": {"a": "b"}}, "spec": POD},
        },
    }
    dep = Deployment.from_dict(doc)
    patch = {
        "spec": {
            "strategy": {"$retainKeys": ["type"], "type": "Recreate"},
            "template": {"spec": {"containers": [{"name": "new", "image": "x"}]}},
        }
    }
    out = strategic_merge(dep, patch)
    assert isinstance(out, Deployment)
    assert out.to_dict()["spec"]["strategy"] == {"type": "Recreate"}
    assert out.pod_spec is not None
    assert [c.name for c in out.pod_spec.containers] == ["new", "app", "sidecar"]
    assert two_way_patch(dep, out)["spec"]["strategy"] == {
        "$retainKeys": ["type"],
        "rollingUpdate": None,
        "type": "Recreate",
    }


def test_type_name_chooses_the_type_of_a_dict() -> None:
    template = {"metadata": {"labels": {"a": "b"}}, "spec": POD}
    out = strategic_merge(
        template, {"metadata": {"labels": {"c": "d"}}}, type_name="PodTemplateSpec"
    )
    assert out["metadata"]["labels"] == {"a": "b", "c": "d"}
    with pytest.raises(ValueError, match="no type 'Nope'"):
        strategic_merge(template, {}, type_name="Nope")


def test_two_way_patch_needs_one_class() -> None:
    with pytest.raises(TypeError):
        two_way_patch(PodSpec.from_dict(POD), Container(name="a", image="b"))


# --- the table -----------------------------------------------------------------------


def test_the_table_is_the_specs_list_semantics() -> None:
    spec = model()
    checked = 0
    for t in spec.types:
        if not t.is_object:
            continue
        for f in t.fields:
            meta = FIELDS[t.name][f.wire_name]
            sem = f.semantics
            strategies = (sem.patch_strategy or "").split(",")
            assert meta.merge_key == sem.patch_merge_key
            assert meta.list_type == sem.list_type and meta.map_keys == sem.map_keys
            assert meta.retain_keys == ("retainKeys" in strategies)
            assert (meta.strategy == "merge") == ("merge" in strategies)
            if isinstance(f.kind, ListOf):
                assert meta.shape == "list"
                if isinstance(f.kind.item, ObjectRef):
                    assert meta.ref == f.kind.item.name and meta.inner == "object"
            checked += 1
    assert checked > 500
    assert FIELDS["Container"]["ports"].merge_key == "containerPort"
    assert FIELDS["Volume"]["emptyDir"].ref == "EmptyDirVolumeSource"


# --- two-way patches -----------------------------------------------------------------


def test_two_way_patch_is_what_kubectl_makes() -> None:
    modified = copy.deepcopy(POD)
    modified["containers"].reverse()
    modified["containers"][1]["env"].pop(0)
    del modified["securityContext"]
    assert two_way_patch(POD, modified) == {
        "$setElementOrder/containers": [{"name": "sidecar"}, {"name": "app"}],
        "containers": [
            {
                "name": "app",
                "$setElementOrder/env": [{"name": "B"}],
                "env": [{"name": "A", "$patch": "delete"}],
            }
        ],
        "securityContext": None,
    }
    assert two_way_patch(POD, POD) == {}


def _corpus_pairs(limit: int) -> list[tuple[Any, Any]]:
    """Pairs of corpus documents of one kind (bare pod specs are one kind)."""
    by_kind: dict[str, list[Any]] = {
        "PodSpec": [load_json(p) for p in corpus_files("valid")]
    }
    for path in corpus_files("workloads"):
        doc = load_json(path)
        if doc.get("kind") in POD_SPEC_PATHS:
            by_kind.setdefault(doc["kind"], []).append(doc)
    rng = random.Random(18)
    pairs: list[tuple[Any, Any]] = []
    for docs in by_kind.values():
        every = list(itertools.permutations(range(len(docs)), 2))
        for i, j in rng.sample(every, min(limit, len(every))):
            pairs.append((docs[i], docs[j]))
    return pairs


def without_nulls(value: Any) -> Any:
    """A value without its explicit nulls: in a patch a null says "delete", so a null
    the original lacks cannot be added (kubectl drops it), and one it has stays."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def duplicate_merge_keys(doc: Any) -> bool:
    """Whether a container has two ports of one number (http and https both on 80, or
    TCP and UDP): ports merge by `containerPort` alone, so no strategic patch makes
    such a list from another, in kubectl either (it gives what strategic_merge gives).
    """
    if isinstance(doc, dict):
        ports = doc.get("ports")
        if isinstance(ports, list) and isinstance(doc.get("name"), str):
            numbers = [p.get("containerPort") for p in ports if isinstance(p, dict)]
            if len(numbers) != len(set(map(str, numbers))):
                return True
        return any(duplicate_merge_keys(v) for v in doc.values())
    if isinstance(doc, list):
        return any(duplicate_merge_keys(v) for v in doc)
    return False


def test_two_way_patch_inverts_strategic_merge_on_corpus_pairs() -> None:
    pairs = _corpus_pairs(3000)
    if not pairs:
        pytest.skip("THE SHARED CORPUS IS ABSENT (../shared/corpus)")
    failures = []
    checked = 0
    for a, b in pairs:
        if duplicate_merge_keys(b):
            continue
        patch = two_way_patch(a, b)
        if without_nulls(strategic_merge(a, patch)) != without_nulls(b):
            failures.append((a.get("metadata", {}).get("name"), patch))
        checked += 1
    assert checked > 10000 and not failures, failures[:2]


NAME = st.sampled_from(["a", "b", "c", "d"])
ENV = st.lists(
    st.fixed_dictionaries({"name": NAME, "value": st.sampled_from(["1", "2"])}),
    max_size=3,
    unique_by=lambda e: e["name"],
)
PORTS = st.lists(
    st.fixed_dictionaries(
        {"containerPort": st.sampled_from([80, 443, 8080])},
        optional={"name": st.sampled_from(["http", "x"])},
    ),
    max_size=2,
    unique_by=lambda p: p["containerPort"],
)
LIMITS = st.dictionaries(
    st.sampled_from(["cpu", "memory"]), st.sampled_from(["1", "2"])
)
NO_KEYS: dict[str, st.SearchStrategy[Any]] = {}
RESOURCES = st.fixed_dictionaries(NO_KEYS, optional={"limits": LIMITS})
CONTAINER: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {"name": NAME, "image": st.sampled_from(["i", "j"])},
    optional={
        "env": ENV,
        "ports": PORTS,
        "args": st.lists(NAME, max_size=2),
        "resources": RESOURCES,
    },
)
VOLUME: st.SearchStrategy[dict[str, Any]] = st.one_of(
    st.fixed_dictionaries({"name": NAME, "emptyDir": st.just({})}),
    st.fixed_dictionaries({"name": NAME, "hostPath": st.just({"path": "/p"})}),
)
SPECS = st.fixed_dictionaries(
    {
        "containers": st.lists(
            CONTAINER, min_size=1, max_size=3, unique_by=lambda c: str(c["name"])
        )
    },
    optional={
        "volumes": st.lists(VOLUME, max_size=2, unique_by=lambda v: str(v["name"])),
        "nodeSelector": st.dictionaries(NAME, NAME, max_size=2),
        "hostNetwork": st.booleans(),
        "tolerations": st.lists(st.fixed_dictionaries({"key": NAME}), max_size=2),
    },
)
PODS = st.builds(
    lambda spec, finalizers: {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p", "finalizers": finalizers},
        "spec": spec,
    },
    SPECS,
    st.lists(st.sampled_from(["x/1", "x/2", "x/3"]), unique=True),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PODS, PODS)
def test_two_way_patch_inverts_strategic_merge_on_generated_pairs(
    a: Any, b: Any
) -> None:
    patch = two_way_patch(a, b)
    assert strategic_merge(a, patch) == b
    assert two_way_patch(b, b) == {}


def test_the_sdk_readme_example_runs() -> None:
    text = (SDK / "README.md").read_text(encoding="utf-8")
    section = text.split("## Strategic merge", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1
    exec(compile(blocks[0], "README.md", "exec"), {})


_SPEC: dict[str, Any] = {"containers": [{"name": "app", "image": "x:1"}]}


def _nested(levels: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(levels):
        value = {"a": value}
    return value


def test_a_patch_nested_past_the_recursion_limit_is_refused_as_from_dict_refuses_it() -> (
    None
):
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": _SPEC}
    deep = {**pod, "status": _nested(2000)}
    for attempt in (
        lambda: strategic_merge(pod, {"status": _nested(2000)}),
        lambda: two_way_patch(pod, deep),
    ):
        with pytest.raises(ValidationError, match="nested deeper than"):
            attempt()


def test_podspec_fast_objects_are_merged_and_diffed_too() -> None:
    original = podspec.fast.PodSpec.from_dict(_SPEC)
    name = _SPEC["containers"][0]["name"]
    merged = strategic_merge(original, {"containers": [{"name": name, "image": "x:2"}]})
    assert isinstance(merged, podspec.fast.PodSpec)
    assert merged.containers[0].image == "x:2"
    patch = two_way_patch(original, merged)
    assert strategic_merge(_SPEC, patch) == merged.to_dict()


def test_a_document_of_a_kind_the_sdk_does_not_model_is_not_merged_as_a_pod_spec() -> (
    None
):
    with pytest.raises(ValidationError, match="no type this SDK merges"):
        strategic_merge(
            {"kind": "Service", "spec": {}}, {"spec": {"type": "ClusterIP"}}
        )
