"""`podspec inject`: stdout and --in-place (atomic), comments, key order and untouched
documents kept, the per-document report, exit codes 0/1/2, stdin and a directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SDK, SDK_IMPORT
from ruamel.yaml import YAML

PRESETS = """\
apiVersion: settings.k8s.io/v1alpha1
kind: PodPreset
metadata:
  name: allow-database
  resourceVersion: "42"
spec:
  selector:
    matchLabels:
      role: frontend
  env:
    - name: DB_PORT
      value: "6379"
  volumeMounts:
    - mountPath: /cache
      name: cache-volume
  volumes:
    - name: cache-volume
      emptyDir: {}
  initContainers:
    - name: proxy
      image: envoy:1.30
      restartPolicy: Always
"""

APP = """\
# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web  # keep me
spec:
  replicas: 2
  selector:
    matchLabels: {role: frontend}
  template:
    metadata:
      labels:
        role: frontend
    spec:
      # main container
      containers:
      - name: web
        image: "nginx:1.27"   # pinned
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports: [{port: 80}]   # untouched, byte for byte
"""


def run(
    tmp_path: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    presets = tmp_path / "presets.yaml"
    if not presets.exists():
        presets.write_text(PRESETS)
    env = {**os.environ, "PYTHONPATH": str(SDK_IMPORT)}
    return subprocess.run(
        [sys.executable, "-m", "podspec", "inject", "--preset", str(presets), *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=60,
        cwd=tmp_path,
    )


def load(text: str) -> list[object]:
    return list(YAML(typ="safe").load_all(text))


def test_stdout_keeps_comments_key_order_and_other_documents(tmp_path: Path) -> None:
    app = tmp_path / "app.yaml"
    app.write_text(APP)
    done = run(tmp_path, str(app))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for kept in (
        "# the web tier",
        "name: web  # keep me",
        '"nginx:1.27"   # pinned',
        "# main container",
    ):
        assert kept in out
    assert out.endswith(APP.split("---\n")[1])  # the Service, as it was
    deployment = load(out)[0]
    assert isinstance(deployment, dict)
    assert list(deployment) == ["apiVersion", "kind", "metadata", "spec"]
    template = deployment["spec"]["template"]
    assert list(template["spec"]) == ["containers", "initContainers", "volumes"]
    web = template["spec"]["containers"][0]
    assert list(web) == ["name", "image", "ports", "env", "volumeMounts"]
    assert template["spec"]["initContainers"][0] == {
        "name": "proxy",
        "image": "envoy:1.30",
        "restartPolicy": "Always",
        "env": [{"name": "DB_PORT", "value": "6379"}],
        "volumeMounts": [{"mountPath": "/cache", "name": "cache-volume"}],
    }
    assert template["metadata"]["annotations"] == {
        "podpreset.admission.kubernetes.io/podpreset-allow-database": "42"
    }
    assert app.read_text() == APP  # not written without --in-place
    assert (
        "app.yaml[0] Deployment/web: added spec.template.spec.volumes 'cache-volume'"
        in done.stderr
    )
    assert "app.yaml[1] Service/web: unchanged: no pod template" in done.stderr


# Nine levels of nine aliases: 9**9 strings once expanded, refused before ruamel
# (which would keep the aliases) hands the document on.
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
    for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)

YAML_1_1 = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {role: frontend}
spec:
  containers:
    - name: web
      image: nginx
      stdin: yes       # a YAML 1.1 boolean, as the server reads it
      ports:
        - containerPort: 80.0
  volumes:
    - name: cfg
      configMap: {name: cfg, defaultMode: 0644}   # octal, as the server reads it
"""
ON_PRESET = """\
apiVersion: settings.k8s.io/v1alpha1
kind: PodPreset
metadata: {name: flags}
spec:
  selector: {matchLabels: {role: frontend}}
  env:
    - name: "on"
      value: "yes"
"""


def test_values_are_read_and_written_as_the_api_server_reads_them(
    tmp_path: Path,
) -> None:
    """`yes`, `0644` and `80.0` are what go-yaml makes of them, so the document is
    valid and is injected; they are kept as written; and the strings the preset adds,
    which YAML 1.1 would read as booleans, are quoted."""
    (tmp_path / "presets.yaml").write_text(ON_PRESET)
    (tmp_path / "pod.yaml").write_text(YAML_1_1)
    done = run(tmp_path, "pod.yaml")
    assert done.returncode == 0, done.stderr
    for kept in YAML_1_1.splitlines()[8:]:
        assert kept in done.stdout.splitlines()
    assert '- name: "on"' in done.stdout and 'value: "yes"' in done.stdout
    from podspec.yaml_reader import read_text

    (document,) = read_text(done.stdout)
    (container,) = document.value["spec"]["containers"]
    assert container["env"] == [{"name": "on", "value": "yes"}]
    assert container["stdin"] is True
    assert document.value["spec"]["volumes"][0]["configMap"]["defaultMode"] == 0o644


def test_the_output_validates_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "app.yaml").write_text(APP)
    once = run(tmp_path, "app.yaml").stdout
    (tmp_path / "once.yaml").write_text(once)
    again = run(tmp_path, "once.yaml")
    assert again.returncode == 0 and again.stdout == once
    assert "once.yaml[0] Deployment/web: unchanged: already injected" in again.stderr
    env = {**os.environ, "PYTHONPATH": str(SDK)}
    check = subprocess.run(
        [sys.executable, "-m", "podspec", "validate", "once.yaml"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_in_place_rewrites_atomically_and_keeps_the_mode(tmp_path: Path) -> None:
    app = tmp_path / "app.yaml"
    app.write_text(APP)
    app.chmod(0o640)
    inode = app.stat().st_ino
    expected = run(tmp_path, "app.yaml").stdout
    done = run(tmp_path, "--in-place", "app.yaml")
    assert done.returncode == 0 and done.stdout == ""
    assert app.read_text() == expected
    assert app.stat().st_ino != inode  # replaced by a renamed file, not rewritten
    assert app.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.yaml", "presets.yaml"]


def test_in_place_leaves_an_unchanged_file_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(APP.replace("role: frontend", "role: backend"))
    inode = other.stat().st_ino
    assert run(tmp_path, "--in-place", "other.yaml").returncode == 0
    assert other.stat().st_ino == inode


def test_a_conflict_exits_1_and_leaves_that_document(tmp_path: Path) -> None:
    text = APP.replace(
        "        - containerPort: 80\n",
        "        - containerPort: 80\n        env: [{name: DB_PORT, value: '5432'}]\n",
    )
    (tmp_path / "app.yaml").write_text(text)
    done = run(tmp_path, "app.yaml")
    assert done.returncode == 1
    assert done.stdout == text
    line = next(ln for ln in done.stderr.splitlines() if "conflict" in ln)
    assert line.startswith(
        "app.yaml[0] Deployment/web: conflict: spec.template.spec.containers[0].env[0]: "
    )
    assert (
        "preset 'allow-database'" in line
        and '"value": "5432"' in line
        and '"value": "6379"' in line
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("spec: [\n", "bad.yaml:2:1: malformed YAML"),
        (BOMB, "bad.yaml:7:8: more than 1,000,000 nodes once its aliases are expanded"),
        (b"\xff\xfe\x00", "bad.yaml: cannot read: not UTF-8 text"),
    ],
)
def test_unreadable_input_exits_2_in_one_line(
    tmp_path: Path, content: str | bytes, message: str
) -> None:
    bad = tmp_path / "bad.yaml"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content)
    done = run(tmp_path, "bad.yaml")
    assert done.returncode == 2
    assert done.stderr.startswith(f"podspec: {message}")
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("presets", "message"),
    [
        (
            "kind: Pod\n",
            "presets.yaml: not a PodPreset: [0].kind: expected 'PodPreset', got 'Pod'",
        ),
        (None, "missing.yaml: cannot read: No such file or directory"),
    ],
)
def test_unreadable_presets_exit_2(
    tmp_path: Path, presets: str | None, message: str
) -> None:
    (tmp_path / "app.yaml").write_text(APP)
    name = "presets.yaml" if presets is not None else "missing.yaml"
    if presets is not None:
        (tmp_path / name).write_text(presets)
    env = {**os.environ, "PYTHONPATH": str(SDK_IMPORT)}
    done = subprocess.run(
        [sys.executable, "-m", "podspec", "inject", "--preset", name, "app.yaml"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 2
    assert (
        done.stderr.startswith(f"podspec: {message}") and done.stderr.count("\n") == 1
    )
    assert done.stdout == ""


def test_missing_file_exits_2(tmp_path: Path) -> None:
    done = run(tmp_path, "nowhere.yaml")
    assert done.returncode == 2
    assert (
        done.stderr == "podspec: nowhere.yaml: cannot read: No such file or directory\n"
    )


def test_stdin(tmp_path: Path) -> None:
    done = run(tmp_path, "-", stdin=APP)
    assert done.returncode == 0
    (tmp_path / "app.yaml").write_text(APP)
    assert done.stdout == run(tmp_path, "app.yaml").stdout
    assert "podpreset-allow-database" in done.stdout
    assert "-[0] Deployment/web: annotated" in done.stderr
    refused = run(tmp_path, "--in-place", "-", stdin=APP)
    assert refused.returncode == 2 and "needs files" in refused.stderr


def test_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "manifests"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.yaml").write_text(APP)
    (folder / "sub" / "b.yml").write_text(APP.split("---\n")[0])
    (folder / "notes.txt").write_text("not yaml")
    done = run(tmp_path, "manifests")
    assert done.returncode == 0
    assert done.stdout.count("podpreset-allow-database") == 2
    assert len(load(done.stdout)) == 3  # a.yaml's two documents, then b.yml's
    assert "manifests/sub/b.yml[0] Deployment/web" in done.stderr
    assert run(tmp_path, "--in-place", "manifests").returncode == 0
    assert "podpreset-allow-database" in (folder / "sub" / "b.yml").read_text()
    assert (folder / "notes.txt").read_text() == "not yaml"


LISTED = """\
# kubectl get pods -o yaml
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: web-0
    labels: {role: frontend}
  spec:
    containers:
    - name: web
      image: nginx:1.27
- apiVersion: v1
  kind: Pod
  metadata:
    name: batch-0   # no preset selects it
    labels: {role: batch}
  spec:
    containers:
    - name: batch
      image: busybox:1.36
"""


def test_each_item_of_a_list_is_injected_as_the_server_admits_it(
    tmp_path: Path,
) -> None:
    (tmp_path / "pods.yaml").write_text(LISTED)
    result = run(tmp_path, "pods.yaml")
    assert result.returncode == 0, result.stderr
    (listed,) = load(result.stdout)
    web, batch = listed["items"]
    assert web["spec"]["containers"][0]["env"] == [{"name": "DB_PORT", "value": "6379"}]
    assert [c["name"] for c in web["spec"]["initContainers"]] == ["proxy"]
    assert batch == load(LISTED)[0]["items"][1]
    assert "# no preset selects it" in result.stdout  # comments kept in the items
    assert "pods.yaml[0] List/(no name): items[0]: " in result.stderr
    again = run(tmp_path, "-", stdin=result.stdout)
    assert again.returncode == 0 and load(again.stdout) == [listed]
