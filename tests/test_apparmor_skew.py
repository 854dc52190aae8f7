"""A Pod's deprecated AppArmor annotation warns as applyAppArmorVersionSkew does.

PrepareForCreate copies a container's annotation into its securityContext, and warns,
unless the annotation says exactly the pod's own profile (apiequality.Semantic.DeepEqual
of the fields): for a Localhost profile, the very profile the pod names.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import podspec
import pytest
from podspec import fast
from podspec.validator import check_text

KEY = "container.apparmor.security.beta.kubernetes.io/app"
WARNING = (
    f"metadata.annotations[{KEY}]: "
    'deprecated since v1.30; use the "appArmorProfile" field instead'
)


def _pod(annotation: str) -> dict[str, Any]:
    profile = {"type": "Localhost", "localhostProfile": "strict"}
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "web", "annotations": {KEY: annotation}},
        "spec": {
            "securityContext": {"appArmorProfile": profile},
            "containers": [{"name": "app", "image": "nginx"}],
        },
    }


@pytest.mark.parametrize(
    ("annotation", "warned"),
    [("localhost/audit", True), ("localhost/strict", False), ("unconfined", True)],
    ids=["other-profile", "same-profile", "other-type"],
)
def test_an_annotation_unlike_the_pods_profile_warns(
    annotation: str, warned: bool
) -> None:
    document = _pod(annotation)
    for flavour in (podspec, fast):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            flavour.Pod.from_dict(document)
        said = [f"{getattr(w.message, 'path', '')}: {w.message}" for w in caught]
        assert any(WARNING.split(": ", 1)[1] in s for s in said) is warned, said
    found = check_text("pod.json", json.dumps(document)).findings
    shown = [f"{f.path}: {f.message}" for f in found if f.severity == "warning"]
    assert (WARNING in shown) is warned, shown
