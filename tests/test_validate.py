"""`podspec-gen validate`: problems as file:line:col: path: message, and exit statuses."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import CORPUS, GENERATED, corpus_files, load_json
from test_corpus import BROKEN_BY_A_RULE, FROM_STATEFULSETS, MISLABELLED
from test_corpus import VALID as VALID_SPECS

from podspec_gen.commands.cli import main
from podspec_gen.validate.schema_check import Compiler, SchemaError

BAD = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replica: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
    spec:
      serviceAccount: old
      containers:
        - name: web
          image: nginx
          imagePullPolice: Always
          imagePullPolicy: Sometimes
          ports:
            - containerPort: 70000
          stdin: "yes"
          resources:
            limits:
              cpu: lots
      volumes:
        - name: x
          emptyDir: {}
          hostPath: {path: /}
---
apiVersion: v1
kind: Service
metadata: {name: s}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: []
  restartPolicy: Sometimes
"""

VALID = """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: busybox:1.36
              args: [sh, -c, date]
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: web
      creationTimestamp: 2024-01-01T00:00:00Z
    spec:
      containers:
        - name: web
          image: nginx
          env:
            - {name: DEBUG, value: "yes"}
"""


def _run(
    capsys: pytest.CaptureFixture[str], *args: str | Path
) -> tuple[int, list[str], str]:
    code = main(["validate", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_every_problem_is_reported_at_its_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    code, out, err = _run(capsys, path)
    pod = f"{path}:{{}}: spec.template.spec."
    assert out == [
        # The envelope is checked too, at the typo's key.
        f'{path}:6:3: spec.replica: unknown field "replica" (did you mean "replicas"?)',
        f"{path}:12:7: warning: spec.template.spec.serviceAccount: Deprecated: "
        "Use serviceAccountName instead.",
        pod.format("16:11")
        + 'containers[0].imagePullPolice: unknown field "imagePullPolice" '
        '(did you mean "imagePullPolicy"?)',
        pod.format("17:28")
        + 'containers[0].imagePullPolicy: "Sometimes" is not one of '
        '"", "Always", "IfNotPresent", "Never"',
        pod.format("19:30")
        + "containers[0].ports[0].containerPort: 70000 is above the maximum 65535",
        pod.format("20:18")
        + 'containers[0].stdin: must be a boolean or null, not a string ("yes")',
        pod.format("23:20") + 'containers[0].resources.limits.cpu: "lots" must be a '
        "Kubernetes quantity: a number with an optional suffix, such as 500m, 2, "
        "128Mi or 1Gi",
        pod.format("27:11") + "volumes[0].hostPath: Forbidden: may not specify more "
        "than 1 volume type [volume-one-source]",
        f"{path}:37:15: spec.containers: must have at least 1 item",
        f'{path}:38:18: spec.restartPolicy: "Sometimes" is not one of "", "Always", '
        '"OnFailure", "Never"',
    ]
    assert code == 1
    assert err.endswith(
        "2 pod specs in 1 file: 2 invalid documents; "
        "1 document of other kinds skipped: 1 v1 Service\n"
    )


def test_valid_manifests_pass_quietly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(VALID, encoding="utf-8")
    code, out, err = _run(capsys, path)
    assert (code, out) == (0, [])
    assert err.endswith("2 pod specs in 1 file: 0 invalid documents\n")


def test_warnings_can_be_silenced_and_never_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(
        "containers: [{name: a, image: b}]\nserviceAccount: old\n", encoding="utf-8"
    )
    code, out, _ = _run(capsys, path)
    assert (code, out) == (
        0,
        [
            f"{path}:2:1: warning: serviceAccount: Deprecated: Use serviceAccountName instead."
        ],
    )
    assert _run(capsys, path, "--no-warnings")[:2] == (0, [])


def test_stdin_is_read_for_a_dash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "kind: Pod\napiVersion: v1\nmetadata: {name: a}\nspec:\n  containers:\n    - {name: a, image: b, tty: 1}\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = _run(capsys, "-")
    assert code == 1
    assert out == [
        "<stdin>:6:32: spec.containers[0].tty: must be a boolean or null, not an integer (1)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "kind: Deployment\napiVersion: apps/v1\nmetadata: {name: d}\nspec:\n  replicas: 2\n",
            [
                '{}:4:1: spec: missing required field "selector"',
                '{}:4:1: spec: missing required field "template"',
            ],
        ),
        (
            "kind: Pod\nmetadata: {name: a}\n",
            [
                '{}:1:1: (document): missing required field "apiVersion"',
                '{}:1:1: (document): missing required field "spec"',
            ],
        ),
        (
            "containers:\n  - name: a\n    image: b\n    name: c\n",
            ['{}:4:5: containers[0].name: duplicate key "name"'],
        ),
        (
            "kind: Pod\napiVersion: v1\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n",
            ['{}:6:7: spec.containers[0]: missing required field "image"'],
        ),
        (
            "kind: Pod\napiVersion: v1\nmetadata: {name: a}\nspec:\n  nodeSelector: {kubernetes.io/os: 1}\n  containers: [{name: a, image: b}]\n",
            [
                '{}:5:36: spec.nodeSelector["kubernetes.io/os"]: must be a string, not an integer (1)'
            ],
        ),
    ],
)
def test_structural_problems(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    expected: list[str],
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = _run(capsys, path)
    assert code == 1
    assert out == [line.format(path) for line in expected]


MIXED = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: fast}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, labls: {app: db}}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - name: db
          image: postgres
          volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
        storageClass: fast
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  ports: [{port: 5432, tragetPort: 5432}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      backofLimit: 2
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: job, image: busybox}]
---
apiVersion: extensions/v1beta1
kind: Deployment
metadata: {name: old}
spec:
  replica: 2
"""


def test_a_multi_document_file_checks_each_workload_whole_and_skips_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "app.yaml"
    path.write_text(MIXED, encoding="utf-8")
    code, out, err = _run(capsys, path)
    assert out == [
        f'{path}:8:22: metadata.labls: unknown field "labls" (did you mean "labels"?)',
        f"{path}:24:9: spec.volumeClaimTemplates[0].spec.storageClass: unknown field "
        '"storageClass" (did you mean "storageClassName"?)',
        f"{path}:39:7: spec.jobTemplate.spec.backofLimit: unknown field "
        '"backofLimit" (did you mean "backoffLimit"?)',
        # Another apiVersion of a kind it knows is said not to be checked.
        f"{path}:45:13: warning: apiVersion: not checked: Deployment is described "
        "at apiVersion apps/v1, not extensions/v1beta1",
    ]
    assert code == 1
    assert err.endswith(
        "2 pod specs in 1 file: 2 invalid documents; 3 documents of other kinds "
        "skipped: 1 extensions/v1beta1 Deployment, 1 v1 ConfigMap, 1 v1 Service\n"
    )


def test_the_kind_is_taken_without_an_apiversion_and_list_items_are_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "list.yaml"
    path.write_text(
        "apiVersion: v1\nkind: List\nitems:\n"
        "  - kind: Pod\n    metadata: {name: a}\n"
        "    spec: {containers: [{name: a, image: b}]}\n"
        "  - {apiVersion: v1, kind: Secret, metadata: {name: s}}\n",
        encoding="utf-8",
    )
    code, out, err = _run(capsys, path)
    assert (code, out) == (
        1,
        [f'{path}:4:5: items[0]: missing required field "apiVersion"'],
    )
    assert err.endswith("1 document of other kinds skipped: 1 v1 Secret\n")


def test_every_corpus_workload_is_checked_whole(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = corpus_files("workloads")
    code, out, err = _run(capsys, "--no-warnings", *files)
    # JSON is YAML: each problem at its line and column in the JSON file.
    expected = {
        (name, "." + where.replace("containers", "spec.containers", 1))
        for name, where in MISLABELLED.items()
    } | {
        (name, ".spec.template.spec." + where)
        for name, (where, _) in BROKEN_BY_A_RULE.items()
    }
    found = {
        (Path(line.split(":", 1)[0]).name, "." + line.split(": ", 2)[1]) for line in out
    }
    assert found == expected and len(out) == len(expected), out
    assert code == 1
    assert f"{len(files)} pod specs in {len(files)} files: 3 invalid documents" in err


def test_a_workload_without_its_pod_spec_says_so_where_it_stops(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The upstream schema does not require a template's spec; the server does, and so
    # does the spec (serverRequired): the schema says so at the template.
    path = tmp_path / "job.yaml"
    path.write_text(
        "kind: Job\napiVersion: batch/v1\nmetadata: {name: j}\nspec:\n"
        "  template:\n    metadata: {name: x}\n",
        encoding="utf-8",
    )
    code, out, err = _run(capsys, path)
    assert code == 1
    assert f'{path}:5:3: spec.template: missing required field "spec"' in out
    assert "0 pod specs in 1 file: 1 invalid document" in err


FAKE_SDK = {
    "__init__.py": """\
class ValidationError(ValueError):
    def __init__(self, problems):
        self.problems = problems

class PodSpecWarning(UserWarning):
    pass

class PodSpec:
    @classmethod
    def from_dict(cls, data, *, lenient=False):
        return cls()
""",
    "manifests.py": """\
def controller_volumes(kind, document):
    return []

def as_made(data, added):
    return data, frozenset()
""",
}
FAKE_KINDS = """\
from . import ValidationError

class P:
    def __init__(self, path, message, rule):
        self.path, self.message, self.rule = path, message, rule

class Deployment:
    @classmethod
    def from_dict(cls, data, *, lenient=False):
        assert lenient and data["kind"] == "Deployment"
        raise ValidationError([
            P("spec.replicas", f"Invalid value: {data['spec']['replicas']}", "fake-rule"),
            P("spec.template.spec.containers[0].image", "a field problem", None),
        ])
"""
TWO_KINDS = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: web, image: nginx}]
"""


def _fake_sdk(folder: Path, kinds: str | None, table: bool = False) -> Path:
    """A fake podspec package; its kind classes in `workloads.py`, or, with `table`,
    in another module and listed by `manifests.KINDS` (the manifest loader's)."""
    package = folder / "podspec"
    package.mkdir(parents=True)
    files = dict(FAKE_SDK)
    if kinds is not None and table:
        files["classes.py"] = kinds
        files[
            "manifests.py"
        ] += "from .classes import Deployment\nKINDS = {'Deployment': Deployment}\n"
    elif kinds is not None:
        files["workloads.py"] = kinds
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("table", [False, True], ids=["module", "KINDS"])
def test_the_rules_of_a_manifest_are_its_kind_class_s(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: bool
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(TWO_KINDS, encoding="utf-8")
    sdk = _fake_sdk(tmp_path / "sdk", FAKE_KINDS, table)
    code, out, err = _run(capsys, "--sdk", sdk, path)
    # The class's rule at the manifest's node; its field problems are the schema's.
    assert out == [f"{path}:5:13: spec.replicas: Invalid value: 3 [fake-rule]"]
    # A kind the SDK has no class for: one line, the run is incomplete (exit 2).
    assert f"{path}:12:1: (document): cannot check the rules: the podspec SDK " in err
    assert "has no class for the kind Pod" in err
    assert code == 2 and "Traceback" not in err


def test_an_sdk_without_kind_classes_still_checks_bare_pod_specs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bare.yaml"
    path.write_text("containers: [{name: a, image: b}]\n", encoding="utf-8")
    sdk = _fake_sdk(tmp_path / "sdk", None)
    assert _run(capsys, "--sdk", sdk, path)[:2] == (0, [])
    path.write_text(TWO_KINDS, encoding="utf-8")
    code, _, err = _run(capsys, "--sdk", sdk, path)
    assert code == 2 and "has no class for the kind Deployment" in err


def test_unreadable_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("spec:\n  containers: [\n", encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(VALID, encoding="utf-8")
    code, out, err = _run(capsys, good, broken, tmp_path / "absent.yaml")
    assert code == 2 and out == []
    assert f"{broken}:3:1: malformed YAML: " in err
    assert f"{tmp_path / 'absent.yaml'}: cannot read: No such file or directory" in err
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00")
    assert _run(capsys, binary)[0] == 2


def test_a_missing_schema_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "--schema", tmp_path / "none.json", tmp_path / "x.yaml")
    assert code == 2
    assert "cannot read schema" in err and "podspec-gen generate" in err


def test_an_unknown_schema_keyword_is_refused_not_skipped() -> None:
    with pytest.raises(SchemaError, match="unsupported keyword"):
        Compiler({"type": "object", "propertyNames": {"pattern": "^a"}})


# -- the corpus ---------------------------------------------------------------------------


def _as_manifest(i: int, spec: Any) -> dict[str, Any]:
    """Alternate Pods and workloads, as the corpus files came from: a Job for a spec
    whose pods end (a Deployment's must restart Always), else a Deployment."""
    if i % 2:
        return {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": f"p{i}"},
            "spec": spec,
        }
    template = {"metadata": {"labels": {"app": "x"}}, "spec": spec}
    if spec.get("restartPolicy") in ("Never", "OnFailure"):
        return {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {"name": f"j{i}"},
            "spec": {"template": template},
        }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": f"d{i}"},
        "spec": {"selector": {"matchLabels": {"app": "x"}}, "template": template},
    }


def _write(folder: Path, paths: list[Path]) -> list[Path]:
    folder.mkdir()
    written = []
    for i, path in enumerate(paths):
        target = folder / (path.stem + ".yaml")
        text = yaml.safe_dump(_as_manifest(i, load_json(path)), sort_keys=False)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def test_the_valid_corpus_is_valid(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A StatefulSet's spec is checked in its own manifest: the claim volumes it mounts
    # are added by its controller. The others are checked as Pods and Deployments.
    assert FROM_STATEFULSETS
    bare = [p for p in VALID_SPECS if p not in FROM_STATEFULSETS]
    files = _write(tmp_path / "valid", bare)
    files += [CORPUS / "workloads" / p.name for p in FROM_STATEFULSETS]
    code, out, err = _run(capsys, "--no-warnings", *files)
    assert out == []
    assert code == 0
    count = len(VALID_SPECS)
    assert f"{count} pod specs in {count} files: 0 invalid" in err


def test_mislabelled_corpus_specs_are_reported_at_their_protocol_line(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _write(
        tmp_path / "mislabelled", [corpus / "valid" / n for n in sorted(MISLABELLED)]
    )
    code, out, _ = _run(capsys, "--no-warnings", *files)
    assert code == 1 and len(out) == len(files)
    for line, path in zip(out, files, strict=True):
        name, row, column, rest = line.split(":", 3)
        assert name == str(path)
        assert rest.endswith('protocol: "tcp" is not one of "", "TCP", "UDP", "SCTP"')
        source = path.read_text(encoding="utf-8").splitlines()[int(row) - 1]
        assert source[int(column) - 1 :] == "tcp"


def _index() -> dict[str, dict[str, str]]:
    with (CORPUS / "invalid" / "INDEX.tsv").open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


def test_every_invalid_corpus_spec_is_rejected_at_its_path(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = _index()
    invalid = corpus_files("invalid")
    files = _write(tmp_path / "invalid", invalid)
    for source, path in zip(invalid, files, strict=True):
        code, out, _ = _run(capsys, "--no-warnings", path)
        assert code == 1, source.name
        row = index[source.name]
        prefix = "spec." if "kind: Pod" in path.read_text() else "spec.template.spec."
        where = prefix + row["path"].removeprefix("$.").removeprefix("$")
        reported = [line.split(": ", 2)[1] for line in out]
        messages = [line.split(": ", 2)[2] for line in out]
        if row["category"] == "missing-required":
            field = where.rsplit(".", 1)[-1]
            assert any(
                f'missing required field "{field}"' in m for m in messages
            ) or any(where.startswith(r) for r in reported), (source.name, out)
        else:
            assert where in reported, (source.name, out)


def test_the_validator_agrees_with_jsonschema_on_every_corpus_spec(
    corpus: Path,
) -> None:
    schema = load_json(GENERATED / "jsonschema" / "podspec.schema.json")
    reference = jsonschema.Draft202012Validator(schema)
    ours = Compiler(schema).definition("PodSpec")
    files = [
        *corpus_files("valid"),
        *corpus_files("invalid"),
        *corpus_files("upstream_rejects"),
    ]
    assert len(files) > 450
    disagreements = [
        p.name
        for p in files
        if ours.is_valid(spec := load_json(p)) != reference.is_valid(spec)
    ]
    assert disagreements == []


def test_the_validator_agrees_with_jsonschema_on_every_corpus_workload(
    corpus: Path,
) -> None:
    schema = load_json(GENERATED / "jsonschema" / "kubernetes.schema.json")
    reference = jsonschema.Draft202012Validator(schema)
    ours = Compiler(schema)
    documents = [load_json(p) for p in corpus_files("workloads")]
    # Each also with an envelope typo, which both must refuse.
    documents += [{**d, "spec": {**d["spec"], "replica": 1}} for d in documents]
    assert len(documents) > 550
    verdicts = [
        (ours.definition(d["kind"]).is_valid(d), reference.is_valid(d))
        for d in documents
    ]
    assert [i for i, (a, b) in enumerate(verdicts) if a != b] == []
    assert sum(not a for a, _ in verdicts) == len(documents) // 2 + 2


def test_output_is_deterministic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    first = _run(capsys, path)
    assert _run(capsys, path) == first
    assert json.dumps(first[1]) == json.dumps(_run(capsys, path)[1])


def test_validate_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--help"])
    assert exit_info.value.code == 0
    assert "usage: podspec-gen validate" in capsys.readouterr().out
