"""`podspec validate` (the SDK's engine, run by `podspec-gen validate` too): problems at
their line and column, documents by kind, inputs, and the JSON Schema held to the
SDK's verdicts."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import DEPLOYMENT_YAML, GENERATED, SDK, corpus_files, load_json
from podspec import PodSpec, ValidationError
from podspec.manifests import KINDS
from test_corpus import BROKEN_BY_A_RULE, MISLABELLED

from podspec_gen.commands.cli import main

DEPLOYMENT = """\
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
      containers:
        - name: web
          image: nginx
          imagePullPolice: Always
          ports:
            - containerPort: 70000
      initContainers:
        - name: web
          image: busybox
"""

MIXED = """\
# a leading comment is no document
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  ports: [{port: 5432, tragetPort: 5432}]
---
---
- apiVersion: v1
  kind: Pod
  metadata: {name: a}
  spec: {containers: [{name: a, image: b, tty: 1}]}
- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: b}
    spec:
      containers:
        - name: b
---
apiVersion: extensions/v1beta1
kind: Deployment
metadata: {name: old}
---
apiVersion: example.com/v1
kind: Deployment
metadata: {name: custom}
---
apiVersion: apps/v1
kind: Pod
metadata: {name: misplaced}
"""


def _run(
    capsys: pytest.CaptureFixture[str], *args: str | Path
) -> tuple[int, list[str], str]:
    code = main(["validate", "-j", "1", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def _file(folder: Path, text: str, name: str = "m.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_envelope_and_pod_spec_problems_and_rules_at_their_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, DEPLOYMENT)
    code, out, err = _run(capsys, path)
    pod = f"{path}:{{}}: spec.template.spec."
    assert out == [
        f"{path}:6:3: spec.replica: unknown field (did you mean 'replicas'?)",
        pod.format("15:11") + "containers[0].imagePullPolice: unknown field "
        "(did you mean 'imagePullPolicy'?)",
        pod.format("17:30") + "containers[0].ports[0].containerPort: Invalid value: "
        "70000: must be between 1 and 65535, inclusive",
        pod.format("19:17") + 'initContainers[0].name: Duplicate value: "web" '
        "[container-names-unique]",
    ]
    assert code == 1
    assert "1 pod spec checked in 1 file: 1 invalid document" in err


def test_warnings_print_as_warnings_never_fail_unless_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The server warns about a non-positive termination grace period.
    path = _file(
        tmp_path,
        "containers: [{name: a, image: b}]\nterminationGracePeriodSeconds: -1\n",
    )
    code, out, _ = _run(capsys, path)
    assert code == 0 and len(out) == 1
    assert out[0].startswith(f"{path}:2:32: warning: terminationGracePeriodSeconds: ")
    assert _run(capsys, path, "--no-warnings")[:2] == (0, [])
    assert _run(capsys, path, "--strict")[0] == 1


def test_every_document_is_classified_as_load_manifests_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, MIXED)
    code, out, err = _run(capsys, path)
    assert out == [
        f"{path}:9:1: warning: kubectl cannot read a top-level list (json: cannot "
        "unmarshal array): each item is checked as a document of its own; for kubectl, "
        "separate them with '---' or put them in the items of a `kind: List` [bare-list]",
        f"{path}:12:48: [0].spec.containers[0].tty: expected a boolean, got an integer",
        f"{path}:23:11: items[0].spec.containers[0].image: Required value",
        f'{path}:25:13: apiVersion: no matches for kind "Deployment" in version '
        '"extensions/v1beta1": not served since Kubernetes 1.16; Deployment is '
        "served at apps/v1",
        f"{path}:29:13: note: apiVersion: not checked: Deployment is described "
        "at apiVersion apps/v1, not example.com/v1",
        f'{path}:33:13: apiVersion: no matches for kind "Pod" in version "apps/v1": '
        "Pod is served at v1",
    ]
    assert code == 1
    assert err.strip().endswith(
        "4 pod specs checked in 1 file: 4 invalid documents; 3 documents skipped: "
        "1 example.com/v1 Deployment, 1 v1 ConfigMap, 1 v1 Service; "
        "1 empty document"
    )


def test_an_object_without_its_kind_is_refused_and_other_yaml_is_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A mis-cased `Kind` leaves the object without a kind, which kubectl refuses.
    pod = "apiVersion: v1\nKind: Pod\nmetadata: {name: a}\nspec: {}\n"
    code, out, _ = _run(capsys, _file(tmp_path, pod))
    assert code == 1 and [line.split(": ", 1)[1] for line in out] == [
        "kind: Required value"
    ]
    # So does an object with a spec and no metadata: kubectl finds no kind either.
    code, out, _ = _run(capsys, _file(tmp_path, "apiVersion: apps/v1\nspec: {}\n"))
    assert code == 1 and [line.split(": ", 1)[1] for line in out] == [
        "kind: Required value"
    ]
    # A Helm Chart.yaml shares apiVersion but is no object: skipped, as before.
    _assert_skipped(
        capsys, _file(tmp_path, "apiVersion: v2\nname: web\nversion: 0.1\n")
    )


def test_other_yaml_is_skipped_whole_its_list_shape_and_repeated_keys_unremarked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `podspec validate .` meets the repository's other YAML: a pre-commit hooks
    # file is a top-level list, a word list holds no objects, a compose file may
    # repeat a key. None is kubectl's to read: no warning, no error, one skip each.
    hooks = "- id: check\n  name: check\n  entry: check\n- id: fmt\n  entry: fmt\n"
    _assert_skipped(capsys, _file(tmp_path, hooks, ".pre-commit-hooks.yaml"))
    _assert_skipped(capsys, _file(tmp_path, "- kubectl\n- 3\n- [x]\n", "words.yaml"))
    compose = "services:\n  web: {image: nginx}\n  web: {image: httpd}\n"
    _assert_skipped(capsys, _file(tmp_path, compose, "compose.yaml"))
    # One Kubernetes object among the items makes the list kubectl's: it is refused
    # as a list, and each item is read as a document (a string is no object).
    pod = "{apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {containers: []}}"
    code, out, _ = _run(capsys, _file(tmp_path, f"- {pod}\n- text\n"))
    assert code == 1 and [line.split(": ", 1)[1] for line in out] == [
        f"warning: {out[0].split('warning: ', 1)[1]}",
        "[0].spec.containers: Required value",
        "[1]: expected an object, got a string",
    ]
    assert out[0].endswith("[bare-list]")
    # A repeated key in a manifest is kubectl's: it keeps the later value.
    doubled = pod.replace("name: a}", "name: a, name: b}").replace(
        "[]", "[{name: c, image: d}]"
    )
    code, out, _ = _run(capsys, _file(tmp_path, f"{doubled}\n"))
    assert code == 0 and "warning: metadata.name: duplicate key 'name'" in out[0]


VALUES = """# CronJob or Deployment
kind: CronJob
image: {repository: registry.k8s.io/descheduler/descheduler, tag: ""}
schedule: "*/2 * * * *"
resources: {requests: {cpu: 500m}}
"""


def test_a_helm_values_file_naming_a_kind_is_other_yaml_but_a_manifest_is_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # descheduler's chart says which kind it renders at the top of values.yaml: with
    # none of apiVersion, metadata and spec it is no CronJob with 4 mistakes.
    code, out, err = _run(capsys, _file(tmp_path, VALUES))
    assert code == 0 and [line.split(": ", 1)[1] for line in out] == [
        "note: kind: not checked: CronJob without apiVersion, metadata or spec is "
        "taken for other YAML (a Helm values file naming the kind it renders)"
    ]
    assert "1 document skipped: 1 CronJob (no apiVersion)" in err
    # With any one of the three it is a manifest, refused for what it lacks.
    for key in ("apiVersion: batch/v1", "metadata: {name: sync}", "spec: {}"):
        code, out, _ = _run(capsys, _file(tmp_path, f"{VALUES}{key}\n"))
        assert code == 1 and out, key


def _assert_skipped(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    """`validate` passes the file, counting its one document as of no kind."""
    code, out, err = _run(capsys, path)
    assert (code, out) == (0, []) and "1 document skipped: 1 (no kind)" in err


def test_a_pod_spec_without_containers_is_a_pod_spec_the_server_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # No `containers` key, only pod spec fields: a pod spec missing its containers (the
    # corpus's missing-required variants), not other YAML to skip. `{}` is one too.
    for text in ("{hostNetwork: true, volumes: []}\n", "{}\n"):
        code, out, _ = _run(capsys, _file(tmp_path, text))
        assert code == 1 and [line.split(": ", 1)[1] for line in out] == [
            "containers: Required value"
        ]
    # A Helm values file shares some pod spec keys but has keys of its own: skipped.
    values = "replicaCount: 2\nimage: {repository: nginx}\nnodeSelector: {}\n"
    _assert_skipped(capsys, _file(tmp_path, values))
    # Other YAML whose keys are all pod spec fields but whose values are not a pod
    # spec's: a kustomization's list of resources, a chart's security context switch.
    for other in (
        "resources:\n  - deploy.yaml\n",
        "securityContext: {enabled: true, runAsUser: 1000}\n",
    ):
        _assert_skipped(capsys, _file(tmp_path, other))


def test_a_pod_spec_with_its_containers_misspelt_is_a_pod_spec_the_server_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The corpus's unknown-field variants: a typo of `containers` leaves no key that
    # says "pod spec", and skipping the file would pass what the server refuses.
    for typo in ("Containers", "contaners", "containres", "containers_"):
        text = f"{typo}: [{{name: a, image: b}}]\nrestartPolicy: Always\n"
        code, out, _ = _run(capsys, _file(tmp_path, text))
        assert code == 1 and {line.split(": ", 1)[1] for line in out} == {
            "containers: Required value",
            f"{typo}: unknown field (did you mean 'containers'?)",
        }
    # Other YAML whose odd keys spell no container list stays skipped.
    for text in ("image: nginx\nnodeSelector: {}\n", "Tolerations: []\n"):
        _assert_skipped(capsys, _file(tmp_path, text))


def test_a_misspelt_kubernetes_kind_is_refused_and_an_unserved_one_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Only Kubernetes serves a group without a dot: a kind it does not serve there is
    # one kubectl finds no match for. A misspelling of one it serves is a mistake to
    # refuse; another (OpenShift's legacy Template) is noted; a List, a custom
    # resource and a ConfigMap pass as before.
    docs = [
        ("v1", "pod"),
        ("apps/v1", "Deploymnet"),
        ("apps/v1", "Service"),
        ("v1", "Template"),
        ("example.com/v1", "Deploymnet"),
        ("v1", "ConfigMap"),
        # Dotless, but no group of Kubernetes': other YAML, not even noted.
        ("release-notes/v2", "feature"),
        ("skaffold/v2beta28", "Config"),
        ("builtin", "PatchTransformer"),
    ]
    text = "---\n".join(
        f"apiVersion: {v}\nkind: {k}\nmetadata: {{name: a}}\n" for v, k in docs
    )
    code, out, err = _run(
        capsys, _file(tmp_path, text + "---\nkind: List\nitems: []\n")
    )
    assert code == 1
    assert [line.split(": ", 1)[1] for line in out] == [
        'kind: no matches for kind "pod" in version "v1" (did you mean "Pod"?)',
        'kind: no matches for kind "Deploymnet" in version "apps/v1" (did you mean '
        '"Deployment"?)',
        'apiVersion: no matches for kind "Service" in version "apps/v1": Service is '
        "served at v1",
        'note: kind: not checked: no matches for kind "Template" in version "v1"',
    ]
    assert "3 invalid documents" in err


def test_a_list_item_that_is_no_object_is_named_in_yaml_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A null item is what an empty `- ` line reads as; a Python type name would not
    # tell a YAML author what is there.
    text = "apiVersion: v1\nkind: List\nitems:\n-\n- 3\n- [a]\n- text\n"
    code, out, _ = _run(capsys, _file(tmp_path, text))
    assert code == 1
    assert [line.split(": ", 1)[1] for line in out] == [
        f"items[{i}]: expected an object, got {what}"
        for i, what in enumerate(("null", "an integer", "a list", "a string"))
    ]


HELM_TEMPLATE = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
"""


def test_a_helm_template_is_unreadable_and_the_error_says_it_is_a_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A chart's templates/ in a repository checked by pre-commit: the parser's own
    # words ("mapping keys must be scalars") would leave its author guessing.
    code, out, _ = _run(capsys, _file(tmp_path, HELM_TEMPLATE))
    assert code == 2
    assert [line.split(": ", 1)[1] for line in out] == [
        "mapping keys must be scalars (line 4 holds a template action, "
        '{{ include "web.fullname" . }}: a template is YAML only once rendered, e.g. '
        "by helm template; check its output, or leave the file out) [unreadable]"
    ]
    assert out[0].startswith(f"{tmp_path / 'm.yaml'}:4:")
    # The action is named where it is, though the parser stops elsewhere; a long
    # one is cut short.
    long = "x" * 50
    text = f"{HELM_TEMPLATE}---\nkind: [\n# {{{{ {long} }}}}\n"
    code, out, _ = _run(capsys, _file(tmp_path, text))
    assert code == 2 and len(out) == 2
    assert f"(line 13 holds a template action, {{{{ {long[:34]}...: " in out[1]
    # Braces in a string of a readable document are data (an Argo parameter), and an
    # unreadable document without an action gets the parser's words alone.
    argo = HELM_TEMPLATE.replace('{{ include "web.fullname" . }}', "web").replace(
        '"{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
        '"{{inputs.parameters.image}}"',
    )
    code, out, _ = _run(capsys, _file(tmp_path, f"{argo}---\nkind: [\n"))
    assert code == 2 and out[-1].endswith(
        ":13:1: malformed YAML: did not find expected node content [unreadable]"
    )
    assert not any("template action" in line for line in out), out


def test_a_value_holding_a_template_action_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A chart's template that happens to read as YAML (its actions quoted): a value
    # the SDK refuses as written says it holds an action, which rendering replaces.
    text = HELM_TEMPLATE.replace('{{ include "web.fullname" . }}', "web").replace(
        '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
        "          image: nginx\n"
        "          ports:\n"
        '            - containerPort: "{{ .Values.service.port }}"',
    )
    code, out, _ = _run(capsys, _file(tmp_path, text))
    assert code == 1 and len(out) == 2, out
    assert out[0].endswith("spec.selector: Required value"), out  # no action there
    assert out[1].endswith(
        "containerPort: expected an integer, got a string (the value holds a "
        "template action, {{ .Values.service.port }}: a template is YAML only once "
        "rendered, e.g. by helm template; check its output, or leave the file out)"
    ), out
    # The same mistake without an action is told as before.
    plain = text.replace('"{{ .Values.service.port }}"', '"8080"')
    code, out, _ = _run(capsys, _file(tmp_path, plain))
    assert code == 1 and out[1].endswith("expected an integer, got a string"), out


WEB = DEPLOYMENT_YAML

PROD = """\
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [../../base]
patches:
  - path: replicas.yaml
  - patch: |-
      - {op: replace, path: /spec/replicas, value: 3}
    target: {kind: Deployment}
patchesStrategicMerge:
  - memory.yaml
"""


def _kustomize_tree(root: Path) -> Path:
    (root / "base").mkdir()
    _file(root / "base", "resources: [web.yaml]\n", "kustomization.yaml")
    _file(root / "base", WEB, "web.yaml")
    prod = root / "overlays" / "prod"
    prod.mkdir(parents=True)
    _file(prod, PROD, "kustomization.yaml")
    head = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
    _file(prod, f"{head}  replicas: 3\n", "replicas.yaml")
    memory = "containers: [{name: web, resources: {limits: {memory: 1Gi}}}]"
    _file(prod, f"{head}  template: {{spec: {{{memory}}}}}\n", "memory.yaml")
    return prod


def test_a_file_a_kustomization_names_as_a_patch_is_checked_as_a_patch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A patch says only what it changes: checked as a manifest, each of these is a
    # Deployment without its selector (and the image of its container).
    prod = _kustomize_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    note = (
        "note: checked as a kustomize patch (overlays/prod/kustomization.yaml names "
        "it): its fields' names only, as it says only what it changes; check what "
        "kustomize builds: kustomize build overlays/prod | podspec validate - "
        "[kustomize-patch]"
    )
    code, out, err = _run(capsys, ".")
    assert code == 0
    assert out == [
        f"overlays/prod/memory.yaml:1:1: {note}",
        f"overlays/prod/replicas.yaml:1:1: {note}",
    ]
    assert err.startswith("podspec: 1 pod spec checked in 5 files: 0 invalid")
    assert err.endswith("; 2 documents checked as kustomize patches\n")
    # A misspelt field is an error: kustomize carries it into what it builds, and
    # the server refuses it there.
    replicas = prod / "replicas.yaml"
    replicas.write_text(
        replicas.read_text().replace("replicas", "replica"), encoding="utf-8"
    )
    code, out, err = _run(capsys, ".")
    assert code == 1 and out[2:] == [
        "overlays/prod/replicas.yaml:5:3: spec.replica: unknown field "
        "(did you mean 'replicas'?)"
    ]
    assert "1 invalid document" in err
    # Given alone, as pre-commit gives the files it changed: its folder's
    # kustomization (or one above it) still names it.
    code, out, _ = _run(capsys, "overlays/prod/memory.yaml")
    assert (code, out) == (0, [f"overlays/prod/memory.yaml:1:1: {note}"])
    # Named as a resource too, it is a manifest, and checked as one.
    text = PROD.replace("[../../base]", "[../../base, memory.yaml]")
    _file(prod, text, "kustomization.yaml")
    code, out, _ = _run(capsys, "overlays/prod/memory.yaml")
    assert code == 1 and "spec.selector: Required value" in out[0]
    # With no kustomization naming them, they are manifests the server refuses.
    (prod / "kustomization.yaml").unlink()
    code, out, _ = _run(capsys, ".")
    assert code == 1 and not any("kustomize" in line for line in out)
    assert {line.split(":", 1)[0] for line in out} == {
        "overlays/prod/memory.yaml",
        "overlays/prod/replicas.yaml",
    }


def test_an_empty_file_is_counted_not_silently_passed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, _file(tmp_path, ""))
    assert (code, out) == (0, [])
    assert "0 pod specs checked in 1 file: 0 invalid documents; 1 empty document" in err


def test_stdin_is_read_for_a_dash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "kind: Pod\napiVersion: v1\nmetadata: {name: a}\nspec:\n  containers:\n    - {name: a, image: b, tty: 1}\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = _run(capsys, "-")
    assert code == 1
    assert out == ["-:6:32: spec.containers[0].tty: expected a boolean, got an integer"]
    assert _run(capsys, "-", "-")[0] == 2


def test_directories_are_walked_in_order_with_excludes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree = tmp_path / "k8s"
    (tree / "b" / "skip").mkdir(parents=True)
    _file(tree, DEPLOYMENT, "z.yml")
    _file(tree / "b", DEPLOYMENT, "a.json")
    _file(tree / "b" / "skip", DEPLOYMENT, "x.yaml")
    _file(tree, DEPLOYMENT, "notes.txt")
    code, out, err = _run(capsys, tree, "--exclude", "skip")
    files = list(dict.fromkeys(line.split(":", 1)[0] for line in out))
    assert files == [str(tree / "b" / "a.json"), str(tree / "z.yml")]
    assert code == 1 and "in 2 files" in err
    (tmp_path / "empty").mkdir()
    code, out, _ = _run(capsys, tmp_path / "empty")
    empty = (
        f"{tmp_path / 'empty'}:1:1: no *.yaml, *.yml or *.json files in it [unreadable]"
    )
    assert code == 2 and out == [empty]
    # An empty folder is said so after another path's trouble too.
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    code, out, _ = _run(capsys, tmp_path / "broken", tmp_path / "empty")
    assert code == 2 and len(out) == 2 and out[1] == empty, out


def test_a_walk_leaves_out_dependency_and_hidden_folders_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`podspec validate .` at a repository's root checks the project's manifests,
    not the YAML of its dependencies (node_modules, a virtual environment), of
    hidden folders or a Helm chart's templates; the summary names what it left out,
    and --all-folders walks them. Version control's own folders and tagged caches
    are left out without a word."""
    repo = tmp_path / "repo"
    folders = (
        "k8s/templates",  # no chart: a folder like any other
        "node_modules/pkg",
        ".venv/lib",
        "env",
        ".deploy",
        ".git",
        "cache",
        "charts/web/templates",
    )
    for folder in folders:
        (repo / folder).mkdir(parents=True)
    (repo / "cache" / "CACHEDIR.TAG").write_text(
        "Signature: 8a477f597d28d172789f06886806bc55\n", encoding="utf-8"
    )
    _file(repo / "k8s", DEPLOYMENT, "web.yaml")
    (repo / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    for folder in folders[1:-1]:
        _file(repo / folder, DEPLOYMENT, "x.yaml")
    _file(repo / "k8s" / "templates", "containers: [{name: a, image: b}]\n", "ok.yaml")
    chart = repo / "charts" / "web"
    _file(chart, "apiVersion: v2\nname: web\nversion: 0.1.0\n", "Chart.yaml")
    _file(chart, "replicaCount: 1\n", "values.yaml")
    _file(chart / "templates", HELM_TEMPLATE, "deployment.yaml")
    # a dependency's JSON that is no YAML (JSON5, JSONC...) would end the run in exit 2
    _file(repo / "node_modules", '{"a": 1,, "b": 2}', "tsconfig.json")
    code, out, err = _run(capsys, repo)
    files = {line.split(":", 1)[0] for line in out}
    assert (code, files) == (1, {str(repo / "k8s" / "web.yaml")})
    assert "in 4 files:" in err  # web.yaml, ok.yaml and the chart's two
    assert "5 folders left out: " in err and "--all-folders walks them" in err
    for name in (".deploy", "env", "node_modules", "charts/web/templates"):
        assert str(repo / name) in err
    assert ".git" not in err and "cache" not in err and ".venv" in err
    code, out, err = _run(capsys, repo, "--all-folders", "--output", "json")
    report = json.loads("\n".join(out))
    walked = {f["file"] for f in report["findings"]}
    assert (
        str(repo / ".deploy" / "x.yaml") in walked
        and report["summary"]["left_out"] == []
    )
    assert str(repo / "node_modules" / "tsconfig.json") in walked and code == 2
    assert str(chart / "templates" / "deployment.yaml") in walked
    assert not any(".git" in name or "cache" in name for name in walked)
    # A folder given by name is walked whatever its name; so is a file in it.
    assert _run(capsys, repo / ".deploy")[0] == 1
    assert _run(capsys, repo / "node_modules" / "pkg" / "x.yaml")[0] == 1
    # Only left-out folders hold manifests: the error says where they are.
    only = tmp_path / "only"
    (only / ".k8s").mkdir(parents=True)
    _file(only / ".k8s", DEPLOYMENT, "a.yaml")
    code, out, _ = _run(capsys, only)
    assert code == 2 and len(out) == 1 and "--all-folders" in out[0]
    assert str(only / ".k8s") in out[0]


def test_links_out_of_the_tree_are_followed_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = _file(tmp_path, DEPLOYMENT, "outside.yaml")
    tree = tmp_path / "tree"
    tree.mkdir()
    _file(tree, "containers: [{name: a, image: b}]\n", "ok.yaml")
    (tree / "link.yaml").symlink_to(outside)
    assert _run(capsys, tree)[:2] == (0, [])
    code, out, _ = _run(capsys, tree, "--follow-symlinks")
    assert code == 1 and out and all(line.startswith(str(tree)) for line in out)


def test_parallel_output_is_the_same_as_serial(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for i in range(12):
        _file(tmp_path, DEPLOYMENT if i % 3 else MIXED, f"f{i:02}.yaml")
    serial = _run(capsys, tmp_path)
    code = main(["validate", "-j", "4", str(tmp_path)])
    captured = capsys.readouterr()
    assert (code, captured.out.splitlines(), captured.err) == serial


def test_python_m_podspec_and_the_generator_command_agree(tmp_path: Path) -> None:
    path = _file(tmp_path, DEPLOYMENT)
    env = {**os.environ, "PYTHONPATH": str(SDK)}
    sdk = subprocess.run(
        [sys.executable, "-m", "podspec", "validate", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    gen = subprocess.run(
        [sys.executable, "-m", "podspec_gen", "validate", "--sdk", str(SDK), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert sdk.returncode == gen.returncode == 1
    assert sdk.stdout == gen.stdout and sdk.stdout.count("\n") == 4


def test_a_folder_without_the_sdk_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["validate", "--sdk", str(tmp_path), str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "no podspec package" in err


def test_the_sdk_command_without_pyyaml_says_what_to_install(tmp_path: Path) -> None:
    # PyYAML is the SDK's `yaml` extra: a plain `pip install podspec-sdk` lacks it.
    path = _file(tmp_path, DEPLOYMENT)
    blocked = (
        "import sys; sys.modules['yaml'] = None\n"
        "from podspec.cli import main\n"
        f"sys.exit(main(['validate', {str(path)!r}]))"
    )
    env = {**os.environ, "PYTHONPATH": str(SDK)}
    run = subprocess.run(
        [sys.executable, "-c", blocked],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr == (
        "podspec: validate needs PyYAML: pip install 'podspec-sdk[yaml]'\n"
    )


# -- YAML read as the API server reads it ----------------------------------------------

POD = """\
apiVersion: v1
kind: Pod
metadata: {{name: p}}
spec:
  nodeSelector: {{release: 2024-01-01}}
  containers:
    - name: a
      image: b
      ports: [{{containerPort: {port}}}]
"""


# sigs.k8s.io/yaml writes the JSON with Go's encoder, which prints the float 80.0 as
# `80`: the server's int32 takes it; 80.5 it refuses.
@pytest.mark.parametrize(
    ("port", "valid"), [("80", True), ("80.0", True), ("80.5", False)]
)
def test_fractions_are_not_int32_and_dates_stay_strings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], port: str, valid: bool
) -> None:
    import podspec
    from podspec.manifests import load_manifests, pod_specs_from_yaml

    text = POD.format(port=port)
    code, out, _ = _run(capsys, _file(tmp_path, text))
    assert code == (0 if valid else 1), out
    if not valid:
        assert out[0].endswith("containerPort: expected an integer, got a number")
    for load in (load_manifests, pod_specs_from_yaml, podspec.Pod.from_yaml):
        if valid:
            load(text)
        else:
            with pytest.raises(podspec.ValidationError, match="containerPort"):
                load(text)


# -- the corpus -------------------------------------------------------------------------


def test_every_corpus_workload_is_valid_but_the_known_broken(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = corpus_files("workloads")
    code, out, err = _run(capsys, "--no-warnings", *files)
    # The two mislabelled ones are Pods, the one broken by a rule a Deployment.
    expected = {(name, "spec." + where) for name, where in MISLABELLED.items()} | {
        (name, "spec.template.spec." + where)
        for name, (where, _) in BROKEN_BY_A_RULE.items()
    }
    found = {(Path(line.split(":", 1)[0]).name, line.split(": ", 2)[1]) for line in out}
    assert found == expected and len(out) == len(expected), out
    assert code == 1
    assert f"{len(files)} pod specs checked in {len(files)} files" in err


def _sdk_verdict(cls: Any, data: Any) -> tuple[bool, bool]:
    """(field problems, any problem) as the SDK finds them."""
    errors: list[Any] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            cls.from_dict(data)
        except ValidationError as exc:
            errors = list(exc.problems)
    return any(p.rule is None for p in errors), bool(errors)


def _agree(reference: jsonschema.Validator, cls: Any, documents: list[Any]) -> None:
    """The schema refuses what the SDK's field checks refuse, and never what the SDK
    accepts (the schema states only part of the rules, so a document broken by a rule
    alone may pass it)."""
    wrong = []
    for i, document in enumerate(documents):
        fields, anything = _sdk_verdict(cls(document), document)
        schema_ok = reference.is_valid(document)
        if (fields and schema_ok) or (not schema_ok and not anything):
            wrong.append(i)
    assert wrong == []


def test_validate_refuses_every_invalid_corpus_pod_spec_by_itself(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each file alone, as a user runs it on one bare pod spec: the missing-required
    # variants without `containers` included.
    kinds = ("invalid", "semantic", "upstream_rejects")
    files = [path for kind in kinds for path in corpus_files(kind)]
    assert len(files) > 180
    passed = [p.name for p in files if _run(capsys, p)[0] != 1]
    assert passed == []


def test_the_json_schema_agrees_with_the_sdk_on_every_corpus_pod_spec(
    corpus: Path,
) -> None:
    schema = load_json(GENERATED / "jsonschema" / "podspec.schema.json")
    files = [*corpus_files("valid"), *corpus_files("invalid")]
    assert len(files) > 450
    documents = [load_json(p) for p in files]
    _agree(jsonschema.Draft202012Validator(schema), lambda _: PodSpec, documents)


def test_the_json_schema_agrees_with_the_sdk_on_every_corpus_workload(
    corpus: Path,
) -> None:
    schema = load_json(GENERATED / "jsonschema" / "kubernetes.schema.json")
    documents = [load_json(p) for p in corpus_files("workloads")]
    # Each also with an envelope typo, which both must refuse.
    documents += [{**d, "spec": {**d["spec"], "replica": 1}} for d in documents]
    assert len(documents) > 550
    reference = jsonschema.Draft202012Validator(schema)
    _agree(reference, lambda d: KINDS[d["kind"]], documents)
    refused = sum(not reference.is_valid(d) for d in documents)
    assert refused >= len(documents) // 2


def test_a_document_with_errors_gets_no_warnings_as_the_server_sends_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two ports whose numbers did not parse are not "duplicates" (the server never
    # decodes them), and a real warning waits, as on the server, for the errors to go.
    ports = "[{containerPort: '${A}'}, {containerPort: '${B}'}]"
    text = (
        f"containers: [{{name: a, image: b, ports: {ports}}}]\n"
        "terminationGracePeriodSeconds: -1\n"
    )
    code, out, _ = _run(capsys, _file(tmp_path, text))
    assert code == 1 and len(out) == 2
    assert all("expected an integer, got a string" in line for line in out)
    fixed = text.replace("'${A}'", "80").replace("'${B}'", "81")
    code, out, _ = _run(capsys, _file(tmp_path, fixed))
    assert code == 0 and len(out) == 1
    assert "warning: terminationGracePeriodSeconds: must be >= 0" in out[0]


def test_a_deprecated_field_is_a_note_at_its_line_and_path_that_never_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The server accepts serviceAccount without a warning: the note is the API's own
    # deprecation (types.go), so --strict, the server's warnings as errors, passes it.
    path = _file(
        tmp_path,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
        "  serviceAccount: build\n"
        "  containers: [{name: app, image: nginx}]\n",
    )
    code, out, _ = _run(capsys, path, "--strict")
    assert code == 0
    assert out == [
        f"{path}:5:19: note: spec.serviceAccount: deprecated field: "
        "Use serviceAccountName instead. [deprecated-field]"
    ]
    assert _run(capsys, path, "--no-warnings")[:2] == (0, [])


def test_a_resource_version_from_a_live_object_is_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Validation and a dry run take it; the storage refuses to create with it.
    exported = "apiVersion: v1\nkind: Pod\nmetadata: {{name: p, resourceVersion: {}}}\n"
    exported += "spec: {{containers: [{{name: a, image: b}}]}}\n"
    code, out, _ = _run(capsys, _file(tmp_path, exported.format("'290'")), "--strict")
    assert code == 0 and out == [
        f"{tmp_path / 'm.yaml'}:3:38: note: metadata.resourceVersion: resourceVersion "
        "should not be set on objects to be created [resource-version-on-create]"
    ]
    # 0, and a version the storage cannot parse (it replaces it), are no matter.
    for version in ("'0'", "'abc'", "'18446744073709551616'"):
        assert _run(capsys, _file(tmp_path, exported.format(version)))[:2] == (0, [])


def test_a_bare_spec_mounting_an_undeclared_volume_is_pointed_at_its_statefulset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A pod spec taken out of a StatefulSet mounts its claim templates' volumes: the
    # server refuses it alone, and the note says where the volume comes from.
    spec = "containers: [{name: db, image: b, volumeMounts: [{name: data, mountPath: /d}]}]\n"
    path = _file(tmp_path, spec)
    code, out, _ = _run(capsys, path)
    assert code == 1
    assert out == [
        f"{path}:1:1: note: a StatefulSet's volumeClaimTemplates add volumes to its "
        "pods: if this pod spec is a StatefulSet's template, check the StatefulSet",
        f'{path}:1:57: containers[0].volumeMounts[0].name: Not found: "data" '
        "[container-volume-mount-volume-exists]",
    ]
    # The StatefulSet itself declares it; any other refusal has no such note.
    statefulset = (
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n"
        "  selector: {matchLabels: {app: db}}\n"
        "  template:\n    metadata: {labels: {app: db}}\n    spec:\n      "
        + spec
        + "  volumeClaimTemplates: [{metadata: {name: data}, spec: {accessModes: "
        "[ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}]\n"
    )
    assert _run(capsys, _file(tmp_path, statefulset))[:2] == (0, [])
    code, out, _ = _run(capsys, _file(tmp_path, "containers: [{name: db}]\n"))
    assert code == 1 and not any("note:" in line for line in out)


def test_a_field_the_server_warns_about_is_not_also_a_deprecation_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # warnings.go warns about glusterfs itself: one line, the server's, not a second
    # one from the field's deprecation in types.go.
    path = _file(
        tmp_path,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
        "  containers: [{name: app, image: nginx}]\n"
        "  volumes: [{name: v, glusterfs: {endpoints: e, path: p}}]\n",
    )
    code, out, _ = _run(capsys, path)
    assert code == 0
    lines = [line for line in out if "volumes[0].glusterfs:" in line]
    assert len(lines) == 1, out
    assert "[warn-glusterfs-deprecated]" in lines[0]
    # With an error beside it the server gives no warning: the note stands in for it.
    broken = path.read_text().replace("image: nginx", "image: nginx, tty: 1")
    code, out, _ = _run(capsys, _file(tmp_path, broken))
    lines = [line for line in out if "volumes[0].glusterfs:" in line]
    assert code == 1 and len(lines) == 1, out
    assert ": note: " in lines[0] and "[deprecated-field]" in lines[0]


def test_a_repeated_key_is_a_warning_and_the_later_value_is_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # kubectl reads YAML with go-yaml v2 through sigs.k8s.io/yaml: a repeated key
    # keeps its later value, and the server never sees the earlier one (three of
    # kubernetes/examples' archived Deployments repeat their selector).
    path = _file(
        tmp_path,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
        "  restartPolicy: Sometimes\n"
        "  restartPolicy: Never\n"
        "  containers: [{name: app, image: nginx}]\n",
    )
    code, out, _ = _run(capsys, path)
    assert code == 0, out
    assert (
        f"{path}:6:3: warning: spec.restartPolicy: duplicate key 'restartPolicy': "
        "the later value is used"
    ) in out
