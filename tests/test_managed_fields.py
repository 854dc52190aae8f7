"""managedFields in a manifest never fail its create.

The API server's create handler runs the field manager before validation
(handlers/create.go: UpdateNoErrors). It decodes the request's managedFields and, when
an entry has an operation other than Apply or Update or a fieldsType other than
FieldsV1, drops them all and starts from the empty live object: ValidateManagedFields
only ever sees entries the server wrote. A pod template's metadata is not validated
beyond its labels and annotations at all. So neither value set is an enum here.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from podspec import Deployment, fast

from podspec_gen.commands.cli import main

ENTRY = {"manager": "kubectl", "operation": "Bogus", "fieldsType": "FieldsV2"}
DEPLOYMENT: dict[str, Any] = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "web", "managedFields": [ENTRY]},
    "spec": {
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"labels": {"app": "web"}, "managedFields": [ENTRY]},
            "spec": {"containers": [{"name": "web", "image": "nginx"}]},
        },
    },
}


@pytest.mark.parametrize("parse", [Deployment.from_dict, fast.Deployment.from_dict])
def test_any_operation_and_fields_type_are_taken_and_kept(parse: Any) -> None:
    document = copy.deepcopy(DEPLOYMENT)
    assert parse(document).to_dict() == DEPLOYMENT


def test_validate_passes_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "deployment.yaml"
    manifest.write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
        "  managedFields:\n    - manager: kubectl\n      operation: Patch\n"
        "      fieldsType: FieldsV2\nspec:\n  selector:\n    matchLabels: {app: web}\n"
        "  template:\n    metadata:\n      labels: {app: web}\n    spec:\n"
        "      containers:\n        - name: web\n          image: nginx\n",
        encoding="utf-8",
    )
    assert main(["validate", "-j", "1", str(manifest)]) == 0
    assert "0 invalid" in capsys.readouterr().err
