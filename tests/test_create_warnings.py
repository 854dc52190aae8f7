"""Warnings the API server gives on create, as its create path gives them.

The store names an object from its `generateName` before the kind's strategy warns of
the name (a generated name with a dot in its first 58 characters draws the dotted-name
warning); daemonSetStrategy.WarningsOnCreate gives its template's warnings alone, no
name's; warnings.go's duplicate pull-secret check reads an absent name as Go's "";
and a Pod's deprecated AppArmor annotation warns as applyAppArmorVersionSkew does:
PrepareForCreate copies it into the container, and warns, unless it says exactly the
pod's own profile (apiequality.Semantic.DeepEqual of the fields), for a Localhost
profile the very profile the pod names.
"""

from __future__ import annotations

import json
import re
import warnings
from typing import Any

import podspec
import pytest
from podspec import fast
from podspec.validator import check_text

_CONTAINERS = [{"name": "app", "image": "nginx"}]
_RULE = re.compile(
    r" \[[a-z0-9-]+\]$"
)  # the SDK's rule id, which `validate` leaves out


def _workload(kind: str, **metadata: str) -> dict[str, Any]:
    if kind == "Pod":
        return {
            "apiVersion": "v1",
            "kind": kind,
            "metadata": metadata,
            "spec": {"containers": _CONTAINERS},
        }
    return {
        "apiVersion": "apps/v1",
        "kind": kind,
        "metadata": metadata,
        "spec": {
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": _CONTAINERS},
            },
        },
    }


def _warned(document: dict[str, Any]) -> list[str]:
    """The warnings each flavour and `validate` give, as `path: message`; the same
    from all three."""
    said = []
    for flavour in (podspec, fast):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            flavour.KINDS[document["kind"]].from_dict(document)
        said.append(
            sorted(
                _RULE.sub("", str(w.message)).split(" (value at ")[0]
                for w in caught
                if issubclass(w.category, podspec.PodSpecWarning)
            )
        )
    found = check_text("doc.json", json.dumps(document)).findings
    said.append(sorted(f"{f.path}: {f.message}" for f in found))
    assert said[0] == said[1] == said[2], said
    return said[0]


_DOTS = "a DNS label is recommended: [must not contain dots]"


@pytest.mark.parametrize(
    ("kind", "generate_name", "warned"),
    [
        ("Deployment", "web.v2-", True),
        ("Pod", "web.v2-", True),
        ("Deployment", "web-v2-", False),
        ("Deployment", "a" * 58 + ".v2-", False),  # the dot is cut off
    ],
    ids=["deployment", "pod", "no-dot", "dot-cut-off"],
)
def test_a_generated_name_with_a_dot_warns_as_a_name_does(
    kind: str, generate_name: str, warned: bool
) -> None:
    said = _warned(_workload(kind, generateName=generate_name))
    assert any(s.startswith("metadata.name: ") and _DOTS in s for s in said) is warned
    # A name given is the one checked: the generateName is not used.
    named = _warned(_workload(kind, name="web", generateName=generate_name))
    assert not any(_DOTS in s for s in named), named


def test_a_daemonsets_name_draws_no_warning() -> None:
    for name in ("web.v2", "a" * 70):
        assert _warned(_workload("DaemonSet", name=name)) == []
    assert _warned(_workload("Deployment", name="web.v2")) != []


@pytest.mark.parametrize(
    "secrets", [[{"name": ""}, {"name": ""}], [{"name": ""}, {}], [{}, {}]]
)
def test_two_unnamed_pull_secrets_are_duplicates(secrets: list[dict[str, str]]) -> None:
    pod = _workload("Pod", name="web")
    pod["spec"]["imagePullSecrets"] = secrets
    said = _warned(pod)
    assert 'spec.imagePullSecrets[1].name: duplicate name ""' in said, said


_APPARMOR = "container.apparmor.security.beta.kubernetes.io/app"


@pytest.mark.parametrize(
    ("annotation", "warned"),
    [("localhost/audit", True), ("localhost/strict", False), ("unconfined", True)],
    ids=["other-profile", "same-profile", "other-type"],
)
def test_an_apparmor_annotation_unlike_the_pods_profile_warns(
    annotation: str, warned: bool
) -> None:
    pod = _workload("Pod", name="web")
    pod["metadata"]["annotations"] = {_APPARMOR: annotation}
    profile = {"type": "Localhost", "localhostProfile": "strict"}
    pod["spec"]["securityContext"] = {"appArmorProfile": profile}
    said = _warned(pod)
    expected = (
        f"metadata.annotations[{_APPARMOR}]: "
        'deprecated since v1.30; use the "appArmorProfile" field instead'
    )
    assert (expected in said) is warned, said
