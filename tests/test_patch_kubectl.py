"""`podspec.patch.strategic_merge` against `kubectl patch --local --type strategic`.

Hypothesis makes patches with every directive kubectl understands for documents from
the shared corpus (workloads whole, bare pod specs wrapped in a Pod); each pair goes
through both, and the results must be equal as JSON, or both must refuse the patch.
The kubectl runs go in parallel so the whole comparison stays well under a minute.

The patches touch fields that kubectl v1.33 knows (kubectl merges by the Go types it
was built with, and refuses a field it does not know where it must merge it); the
kubectl beside the one on PATH named `kubectl.1.33` is preferred, else `kubectl`.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import corpus_files, load_json, tool_required
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from podspec import ValidationError
from podspec.manifests import POD_SPEC_PATHS
from podspec.patch import strategic_merge, two_way_patch
from test_patch import duplicate_merge_keys, without_nulls


def _kubectl() -> str | None:
    found = shutil.which("kubectl")
    if found is None:
        return None
    beside = Path(os.path.realpath(found)).parent / "kubectl.1.33"
    return str(beside) if os.access(beside, os.X_OK) else found


KUBECTL = _kubectl()
needs_kubectl = tool_required(
    "kubectl",
    KUBECTL is not None,
    "the differential test of strategic merge against kubectl patch --local",
)


def _documents() -> list[dict[str, Any]]:
    """The corpus as documents kubectl reads: workloads whole, pod specs in a Pod."""
    docs = [load_json(p) for p in corpus_files("workloads")]
    for i, path in enumerate(corpus_files("valid")):
        spec = load_json(path)
        meta = {"name": f"pod-{i}", "labels": {"app": "x"}}
        docs.append({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec})
    return [d for d in docs if d.get("kind") in POD_SPEC_PATHS]


DOCUMENTS = _documents()
BATCHES = 32  # hypothesis examples; each sends one batch of pairs to kubectl
PER_BATCH = 11


def _dig(doc: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    for key in keys:
        value = doc.get(key)
        doc = value if isinstance(value, dict) else {}
    return doc


def _wrap(keys: tuple[str, ...], value: dict[str, Any]) -> dict[str, Any]:
    for key in reversed(keys):
        value = {key: value}
    return value


NAMES = st.sampled_from(["app", "sidecar", "web", "init", "proxy"])
SMALL = st.text(alphabet="abcxyz0123", min_size=1, max_size=4)
LABEL_VALUES = st.one_of(st.none(), SMALL)


@st.composite
def container_patch(draw: st.DrawFn, names: list[str]) -> dict[str, Any]:
    """One item of a containers patch: a change to a container, new or existing."""
    name = draw(st.sampled_from(names) if names else NAMES)
    item: dict[str, Any] = {"name": name}
    if draw(st.booleans()):
        item["image"] = "img-" + draw(SMALL)
    if draw(st.booleans()):
        env = [{"name": draw(SMALL).upper(), "value": draw(SMALL)} for _ in range(2)]
        if draw(st.booleans()):
            env.append({"name": draw(SMALL).upper(), "$patch": "delete"})
        item["env"] = env
    if draw(st.booleans()):
        port: dict[str, Any] = {"containerPort": draw(st.sampled_from([80, 443, 8080]))}
        if draw(st.booleans()):
            port["protocol"] = draw(st.sampled_from(["TCP", "UDP"]))
        item["ports"] = [port]
    if draw(st.booleans()):
        item["resources"] = {"limits": {"cpu": draw(st.sampled_from(["1", None]))}}
    if draw(st.booleans()):
        item["args"] = draw(st.lists(SMALL, max_size=2))
    if draw(st.booleans()):
        item["volumeMounts"] = [{"mountPath": "/m/" + draw(SMALL), "name": "v"}]
    if draw(st.booleans()):
        item["command"] = None
    choice = draw(st.sampled_from(["", "replace", "delete", "merge"]))
    if choice and draw(st.integers(0, 3)) == 0:
        item["securityContext"] = {"$patch": choice, "runAsUser": 1000}
    return item


@st.composite
def pod_spec_patch(draw: st.DrawFn, spec: dict[str, Any]) -> dict[str, Any]:
    """A pod spec patch using the directives, drawn against this spec's contents."""
    names = [c.get("name") for c in spec.get("containers") or [] if c.get("name")]
    patch: dict[str, Any] = {}
    parts = draw(st.sets(st.sampled_from(PARTS), min_size=1, max_size=4))
    for part in sorted(parts):
        if part == "containers":
            items = draw(
                st.lists(
                    container_patch(names),
                    min_size=1,
                    max_size=2,
                    unique_by=lambda c: c["name"],
                )
            )
            patch["containers"] = items
        elif part == "delete-container" and names:
            patch.setdefault("containers", []).append(
                {"name": draw(st.sampled_from(names)), "$patch": "delete"}
            )
        elif part == "replace-containers":
            patch["containers"] = [
                {"$patch": "replace"},
                {"name": "only", "image": "i"},
            ]
        elif part == "order" and names:
            order = draw(st.permutations(names))
            patch["$setElementOrder/containers"] = [{"name": n} for n in order]
            patch.pop("containers", None)
            if draw(st.booleans()):
                patch["containers"] = [{"name": order[0], "image": "reordered"}]
        elif part == "retain-volume":
            vols = [v.get("name") for v in spec.get("volumes") or [] if v.get("name")]
            name = draw(st.sampled_from(vols)) if vols else "fresh"
            patch["volumes"] = [
                {"name": name, "$retainKeys": ["emptyDir", "name"], "emptyDir": {}}
            ]
        elif part == "nulls":
            for key in draw(st.sets(st.sampled_from(NULLABLE), min_size=1)):
                patch[key] = None
        elif part == "maps":
            patch["nodeSelector"] = draw(
                st.dictionaries(SMALL, LABEL_VALUES, max_size=2)
            )
        elif part == "replace-list":
            patch["tolerations"] = [{"key": draw(SMALL), "operator": "Exists"}]
        elif part == "security":
            choice = draw(st.sampled_from(["replace", "delete"]))
            patch["securityContext"] = {"$patch": choice, "runAsNonRoot": True}
        elif part == "pull-secrets":
            patch["imagePullSecrets"] = [{"name": draw(SMALL)}]
        elif part == "host-aliases":
            patch["hostAliases"] = [{"ip": "10.0.0.1", "hostnames": [draw(SMALL)]}]
    return patch


PARTS = (
    "containers",
    "delete-container",
    "replace-containers",
    "order",
    "retain-volume",
    "nulls",
    "maps",
    "replace-list",
    "security",
    "pull-secrets",
    "host-aliases",
)
NULLABLE = ("hostNetwork", "dnsPolicy", "restartPolicy", "volumes", "affinity")


@st.composite
def metadata_patch(draw: st.DrawFn, meta: dict[str, Any]) -> dict[str, Any]:
    """Labels merged and deleted by null; finalizers, a merging primitive list, with
    its deletion and order lists."""
    patch: dict[str, Any] = {}
    if draw(st.booleans()):
        patch["labels"] = draw(
            st.dictionaries(SMALL, LABEL_VALUES, min_size=1, max_size=2)
        )
    have = [f for f in meta.get("finalizers") or [] if isinstance(f, str)]
    if draw(st.booleans()):
        patch["finalizers"] = draw(
            st.lists(
                st.sampled_from(["a/x", "b/y", "c/z"]),
                min_size=1,
                max_size=2,
                unique=True,
            )
        )
    elif have and draw(st.integers(0, 1)) == 1:
        gone = draw(st.sampled_from(have))
        patch["$deleteFromPrimitiveList/finalizers"] = [gone]
        patch["$setElementOrder/finalizers"] = [f for f in have if f != gone]
    return patch


@st.composite
def pair(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    doc = draw(st.sampled_from(DOCUMENTS))
    if draw(st.integers(0, 3)) == 0:  # give finalizers a list to delete from
        doc = json.loads(json.dumps(doc))
        doc.setdefault("metadata", {})["finalizers"] = ["a/x", "b/y"]
    keys = POD_SPEC_PATHS[doc["kind"]]
    patch = _wrap(keys, draw(pod_spec_patch(_dig(doc, keys))))
    meta = draw(metadata_patch(doc.get("metadata") or {}))
    if meta:
        patch["metadata"] = meta
    if doc["kind"] == "Deployment" and draw(st.booleans()):
        patch["spec"]["strategy"] = {"$retainKeys": ["type"], "type": "Recreate"}
    return doc, patch


def _run_kubectl(
    doc: dict[str, Any], patch: dict[str, Any], folder: str, i: int
) -> Any:
    path = Path(folder) / f"doc-{i}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert KUBECTL is not None
    done = subprocess.run(
        [
            KUBECTL,
            "patch",
            "--local",
            "-f",
            str(path),
            "--type",
            "strategic",
            "-p",
            json.dumps(patch),
            "-o",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        return ("error", done.stderr.strip())
    return json.loads(done.stdout)


def _ours(doc: dict[str, Any], patch: dict[str, Any]) -> Any:
    try:
        return strategic_merge(doc, patch)
    except ValidationError as exc:
        return ("error", str(exc))


RESULTS: list[int] = []


@settings(
    max_examples=BATCHES,
    deadline=None,
    derandomize=True,
    phases=[Phase.generate],  # a shrink step would rerun a batch through kubectl
    suppress_health_check=list(HealthCheck),
)
@given(st.lists(pair(), min_size=PER_BATCH, max_size=PER_BATCH))
def _compare_batch(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(16) as pool:
        theirs = list(
            pool.map(
                lambda t: _run_kubectl(t[1][0], t[1][1], folder, t[0]), enumerate(pairs)
            )
        )
    mismatches = []
    for (doc, patch), expected in zip(pairs, theirs, strict=True):
        got = _ours(doc, patch)
        both_refuse = isinstance(got, tuple) and isinstance(expected, tuple)
        if not both_refuse and got != expected:
            name = doc.get("metadata", {}).get("name")
            mismatches.append(
                {"doc": name, "patch": patch, "ours": got, "kubectl": expected}
            )
    RESULTS.append(len(pairs))
    assert not mismatches, json.dumps(mismatches[:2], indent=1, default=str)


@needs_kubectl
def test_strategic_merge_agrees_with_kubectl() -> None:
    if not DOCUMENTS:
        pytest.skip("THE SHARED CORPUS IS ABSENT (../shared/corpus)")
    RESULTS.clear()
    _compare_batch()
    assert sum(RESULTS) >= 300, f"only {sum(RESULTS)} pairs were compared"


@needs_kubectl
def test_kubectl_applies_two_way_patches_to_reach_the_modified_document() -> None:
    """The patches two_way_patch makes are kubectl's: kubectl applies them to the
    original and gets the modified document, as strategic_merge does (corpus pairs
    of one kind; explicit nulls aside, and lists no patch can make, see test_patch)."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for doc in DOCUMENTS:
        by_kind.setdefault(doc["kind"], []).append(doc)
    rng = random.Random(18)
    pairs = [
        (docs[i], docs[j])
        for docs in by_kind.values()
        for i, j in rng.sample(
            list(itertools.permutations(range(len(docs)), 2)),
            min(20, len(docs) * (len(docs) - 1)),
        )
    ]
    if not pairs:
        pytest.skip("THE SHARED CORPUS IS ABSENT (../shared/corpus)")
    patches = [two_way_patch(a, b) for a, b in pairs]
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(16) as pool:
        theirs = list(
            pool.map(
                lambda t: _run_kubectl(t[1][0][0], t[1][1], folder, t[0]),
                enumerate(zip(pairs, patches, strict=True)),
            )
        )
    wrong = [
        (b.get("metadata", {}).get("name"), got)
        for (a, b), patch, got in zip(pairs, patches, theirs, strict=True)
        if got != strategic_merge(a, patch)
        or (not duplicate_merge_keys(b) and without_nulls(got) != without_nulls(b))
    ]
    assert len(pairs) >= 100 and not wrong, wrong[:2]
