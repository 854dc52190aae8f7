"""`podspec-gen validate` and the API server's rules across fields: checked by the
generated SDK (one engine), each reported at the line and column of the node its path
names, with the rule's id; warnings print as `warning:` lines and never fail."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import GENERATED, corpus_files, model
from podspec.manifests import as_made
from podspec.validator import locate

from podspec_gen.commands.cli import main

SEMANTIC = corpus_files("semantic")
EDGE = corpus_files("edge_valid")
# The spec states these as facts of one field (a name pattern, a required field), not
# as rules across fields: the SDK's field checks reject them, at the field's path.
FIELD_FACTS = {
    "009-port-name-bad-chars.json": "containers[0].ports[0].name",
    "057-missing-image.json": "containers[0].image",
}
RULE_ID = re.compile(r" \[([a-z0-9]+(?:-[a-z0-9]+)*)\]$")

DUPLICATE_NAMES = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx
      initContainers:
        - name: app
          image: busybox
          readinessProbe:
            exec: {command: [cat, /ready]}
"""


def _run(
    capsys: pytest.CaptureFixture[str], *args: str | Path
) -> tuple[int, list[str], str]:
    code = main(["validate", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def _file(tmp_path: Path, text: str, name: str = "m.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rules(lines: list[str]) -> list[str]:
    """The spec's rules reported (a deprecation note is types.go's, not a rule)."""
    found = (m[1] for line in lines if (m := RULE_ID.search(line)))
    return [rule for rule in found if rule != "deprecated-field"]


def test_a_broken_rule_is_reported_at_its_node_with_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, DUPLICATE_NAMES)
    code, out, err = _run(capsys, path)
    pod = f"{path}:{{}}: spec.template.spec.initContainers[0]."
    assert out[0] == (
        pod.format("15:17") + 'name: Duplicate value: "app" [container-names-unique]'
    )
    # A rule at a mapping points at its key: the mapping starts on the next line.
    assert out[1].startswith(pod.format("17:11") + "readinessProbe: Forbidden: ")
    assert RULE_ID.search(out[1])
    assert len(out) == 2
    assert code == 1
    assert "1 pod spec checked in 1 file: 1 invalid document" in err


def test_a_rule_path_is_placed_on_map_keys_and_composite_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(
        tmp_path,
        "kind: Pod\napiVersion: v1\nmetadata: {name: p}\nspec:\n"
        "  containers:\n"
        "    - name: app\n"
        "      image: nginx\n"
        "      resources:\n"
        '        requests: {example.com/foo: "-1"}\n'
        "  topologySpreadConstraints:\n"
        "    - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}\n"
        "    - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}\n",
    )
    code, out, _ = _run(capsys, "--no-warnings", path)
    assert code == 1
    where = [line.split(": ", 2)[:2] for line in out]
    # a map key holding dots is one step, shown as the API server shows a rule's key
    assert [
        f"{path}:9:37",
        "spec.containers[0].resources.requests[example.com/foo]",
    ] in where
    # a composite key is no node: the item holding it is the deepest one
    assert [
        f"{path}:11:7",
        "spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}",
    ] in where
    # an extended resource needs a limit: the missing field's nearest node is the
    # mapping that lacks it, shown at its key
    assert [f"{path}:8:7", "spec.containers[0].resources.limits"] in where
    assert len(_rules(out)) == len(out) == 3


@pytest.mark.parametrize(
    ("value", "text", "expected"),
    [
        (
            {"containers": [{"name": "a"}]},
            "containers[0].name",
            (("containers", 0, "name"), ""),
        ),
        (
            {"limits": {"nvidia.com/gpu": "1"}},
            "limits.nvidia.com/gpu",
            (("limits", "nvidia.com/gpu"), ""),
        ),
        ({"a": {"b": 1}, "a.b": 2}, "a.b", (("a.b",), "")),
        ({"a": {"b": 1}, "a.b": 2}, "a.b.c", (("a.b",), ".c")),
        ({"t": [{"k": 1}]}, "t[0].{k, w}", (("t", 0), ".{k, w}")),
        (
            {"containers": [{"name": "a"}]},
            "containers[0].image",
            (("containers", 0), ".image"),
        ),
        ({"volumes": []}, "volumes[3].name", (("volumes",), "[3].name")),
        ({"containers": []}, "dnsConfig.nameservers", ((), ".dnsConfig.nameservers")),
        ({"containers": "x"}, "containers[0]", (("containers",), "[0]")),
        ({}, "", ((), "")),
    ],
)
def test_locate_walks_the_nodes_that_exist(
    value: Any, text: str, expected: tuple[tuple[str | int, ...], str]
) -> None:
    assert locate(value, text) == expected


WARNING = """\
containers: [{name: app, image: nginx}]
imagePullSecrets:
  - name: regcred
  - name: regcred
"""


def test_a_warning_rule_prints_a_warning_line_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, WARNING)
    code, out, err = _run(capsys, path)
    assert out == [
        f'{path}:4:11: warning: imagePullSecrets[1].name: duplicate name "regcred" '
        "[warn-duplicate-image-pull-secret]"
    ]
    assert code == 0
    assert "0 invalid documents" in err
    assert _run(capsys, path, "--no-warnings")[:2] == (0, [])


def test_warnings_never_hide_errors_nor_change_the_status_of_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, WARNING + "---\n" + DUPLICATE_NAMES)
    code, out, _ = _run(capsys, path, "--no-warnings")
    assert code == 1
    assert _rules(out)[0] == "container-names-unique"
    assert not any(": warning: " in line for line in out)


MULTI = """\
apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  containers:
    - {name: app, image: nginx}
    - {name: app, image: nginx}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: b}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: job, image: busybox}]
          initContainers: [{name: job, image: busybox}]
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: c}
    spec:
      containers: [{name: x, image: nginx}]
  - apiVersion: v1
    kind: Pod
    metadata: {name: d}
    spec:
      containers: [{name: x, image: nginx}, {name: x, image: nginx}]
"""


def test_each_document_reports_its_rules_under_its_own_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, MULTI)
    code, out, err = _run(capsys, path)
    assert out == [
        f'{path}:7:14: spec.containers[1].name: Duplicate value: "app" '
        "[container-names-unique]",
        f"{path}:20:35: spec.jobTemplate.spec.template.spec.initContainers[0].name: "
        'Duplicate value: "job" [container-names-unique]',
        f"{path}:34:52: items[1].spec.containers[1].name: Duplicate value: "
        '"x" [container-names-unique]',
    ]
    assert code == 1
    assert "4 pod specs checked in 1 file: 3 invalid documents" in err


STATEFULSET = """\
apiVersion: apps/v1
kind: {kind}
metadata: {{name: db}}
spec:
  serviceName: db
  selector: {{matchLabels: {{app: db}}}}
  template:
    metadata: {{labels: {{app: db}}}}
    spec:
      containers:
        - name: db
          image: postgres
          volumeMounts:
            - {{name: data, mountPath: /var/lib/postgresql}}
            - {{name: scratch, mountPath: /tmp}}
      volumes:
        - {{name: scratch, emptyDir: {{}}}}
        - {{name: {declared}, emptyDir: {{}}}}
  volumeClaimTemplates:
    - metadata: {{name: data}}
      spec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}
"""


def test_a_statefulset_may_mount_its_claim_templates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, STATEFULSET.format(kind="StatefulSet", declared="logs"))
    assert _run(capsys, path)[:2] == (0, [])
    # a volume of the template named like a claim is replaced by the controller's
    # (updateStorage): no duplicate, and nothing is said of the synthetic volume
    path = _file(tmp_path, STATEFULSET.format(kind="StatefulSet", declared="data"))
    assert _run(capsys, path)[:2] == (0, [])


def test_only_a_statefulset_gets_its_claim_volumes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, STATEFULSET.format(kind="Deployment", declared="logs"))
    code, out, _ = _run(capsys, path)
    assert code == 1
    # A Deployment has no serviceName or volumeClaimTemplates: those are reported too.
    (mount,) = [line for line in out if "volumeMounts[0].name" in line]
    assert mount.startswith(
        f'{path}:14:22: spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data"'
    )
    assert RULE_ID.search(mount)


def _claim(name: str) -> dict[str, Any]:
    return {"name": name, "persistentVolumeClaim": {"claimName": name}}


def test_claim_volumes_replace_their_namesakes_in_place_and_come_after() -> None:
    spec = {"volumes": [{"name": "a"}, {"name": "data", "emptyDir": {}}, "junk"]}
    checked = as_made(spec, [_claim("data"), _claim("logs")])
    assert checked["volumes"] == [{"name": "a"}, _claim("data"), "junk", _claim("logs")]
    assert spec["volumes"][1] == {"name": "data", "emptyDir": {}}  # a copy is checked
    assert as_made({}, [_claim("data")]) == {"volumes": [_claim("data")]}
    assert as_made({"volumes": "x"}, [_claim("data")]) == {"volumes": "x"}
    assert as_made(spec, []) is spec


# -- every rule of PodSpec, through validate ------------------------------------------


POD_SPEC_RULES = model().rules_of("PodSpec")


def test_the_spec_has_pod_spec_rules_of_both_levels() -> None:
    assert any(r.is_warning for r in POD_SPEC_RULES)
    assert any(not r.is_warning for r in POD_SPEC_RULES)


@pytest.mark.parametrize("rule", POD_SPEC_RULES, ids=lambda r: r.id)
def test_every_pod_spec_rule_example_is_reported_by_validate(
    rule: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    invalid = _file(tmp_path, json.dumps(rule.invalid), "invalid.json")
    code, out, _ = _run(capsys, invalid)
    named = [line for line in out if line.endswith(f" [{rule.id}]")]
    assert named, out
    if rule.is_warning:
        assert code == 0, out
        assert all(": warning: " in line for line in named)
        assert rule.id not in _rules(_run(capsys, invalid, "--no-warnings")[1])
    else:
        assert code == 1, out
        assert not any(": warning: " in line for line in named)
    valid = _file(tmp_path, json.dumps(rule.valid), "valid.json")
    code, out, _ = _run(capsys, valid)
    assert (code, _rules(out)) == (0, []), out


# -- the shared corpus --------------------------------------------------------------


def test_the_semantic_and_edge_corpora_are_present(corpus: Path) -> None:
    assert len(SEMANTIC) >= 29 and len(EDGE) >= 45


@pytest.mark.parametrize("path", SEMANTIC, ids=lambda p: p.stem)
def test_every_semantic_spec_is_rejected_naming_a_rule(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "--no-warnings", path)
    assert code == 1, out
    if path.name in FIELD_FACTS:
        reported = [line.split(": ", 2)[1] for line in out]
        assert FIELD_FACTS[path.name] in reported, out
    else:
        assert _rules(out), out


@pytest.mark.parametrize("path", EDGE, ids=lambda p: p.stem)
def test_every_edge_valid_spec_passes(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "--no-warnings", path)
    assert (code, out) == (0, [])


# -- loading the SDK ----------------------------------------------------------------


def test_the_sdk_is_found_by_sdk_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _file(tmp_path, DUPLICATE_NAMES)
    code, out, err = _run(capsys, "--sdk", tmp_path / "out", manifest)
    assert (code, out) == (2, [])
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"no podspec package in {tmp_path / 'out'}" in err
    shutil.copytree(GENERATED / "python" / "podspec", tmp_path / "out" / "podspec")
    code, out, _ = _run(capsys, "--sdk", tmp_path / "out", manifest)
    assert code == 1 and _rules(out)[0] == "container-names-unique"


@pytest.mark.parametrize(
    ("files", "why"),
    [
        (
            {"__init__.py": "raise RuntimeError('half written')\n", "cli.py": ""},
            "RuntimeError: half written",
        ),
        ({"__init__.py": ""}, "has no command line (cli.py)"),
        ({"__init__.py": "", "cli.py": "main = None\n"}, "has no main()"),
    ],
)
def test_an_sdk_that_cannot_be_used_is_one_line_and_exit_2(
    files: dict[str, str],
    why: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    package = tmp_path / "sdk" / "podspec"
    package.mkdir(parents=True)
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, "--sdk", package.parent, _file(tmp_path, WARNING))
    assert (code, out) == (2, [])
    assert err.startswith("podspec-gen: cannot load the podspec SDK: ")
    assert why in err and err.count("\n") == 1
