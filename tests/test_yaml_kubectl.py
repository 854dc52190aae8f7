"""The reader against kubectl itself: each text is read by `kubectl patch --local`
(which parses a file as `kubectl apply` does and prints the object it would send) and
by the SDK's reader, which must give the same object, or find the text unreadable
where kubectl says "error parsing". Skips loudly without kubectl; CI has it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import SDK, tool_required  # noqa: F401  (SDK: the generated SDK's path)
from test_patch_kubectl import KUBECTL


def _minor(kubectl: str | None) -> int:
    """kubectl's client minor version (0 when absent or unreadable)."""
    if kubectl is None:
        return 0
    try:
        shown = subprocess.run(
            [kubectl, "version", "--client", "-o", "json"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        minor = json.loads(shown.stdout)["clientVersion"]["minor"]
    except (OSError, subprocess.SubprocessError, ValueError, KeyError, TypeError):
        return 0
    return int("".join(c for c in str(minor) if c.isdigit()) or 0)


# kubectl 1.33 reads text that starts with `{` and is no JSON as YAML (1.32 refuses
# it): the reader follows the newer reader, so an older kubectl is no reference.
needs_kubectl = tool_required(
    "kubectl 1.33 or later",
    _minor(KUBECTL) >= 33,
    "the differential test of the YAML reader against kubectl patch --local",
)

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
SPEC = "spec:\n  containers:\n"


def _annotation(value: str) -> str:
    return (
        POD
        + f"  annotations:\n    note: {value}\n"
        + SPEC
        + "  - {name: a, image: b}\n"
    )


def _port(value: str) -> str:
    return (
        POD
        + SPEC
        + f"  - name: a\n    image: b\n    ports: [{{containerPort: {value}}}]\n"
    )


def _cpu(value: str) -> str:
    limits = f"resources: {{limits: {{cpu: {value}}}}}"
    return POD + SPEC + f"  - name: a\n    image: b\n    {limits}\n"


def _labels(entries: str) -> str:
    return POD + f"  labels:\n    {entries}\n" + SPEC + "  - {name: a, image: b}\n"


def _container(body: str) -> str:
    return POD + SPEC + body


OTHER = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "other"},' + (
    ' "spec": {"containers": [{"name": "a", "image": "b"}]}}\n'
)

CASES = {
    # numbers as go-yaml v2 resolves them and Go's encoder writes them
    "port-octal": _port("0120"),
    "port-hex": _port("0x50"),
    "port-underscores": _port("8_0"),
    "port-exponent": _port("8e1"),
    "port-whole-float": _port("80.0"),
    "port-plus": _port("+80"),
    # beyond int64: a float64 to kubectl, written again with its shortest digits
    "cpu-beyond-uint64": _cpu("99999999999999999999"),
    "cpu-uint64": _cpu("18446744073709551615"),
    "cpu-long-fraction": _cpu("12345678901234567890.5"),
    "cpu-int64-max": _cpu("9223372036854775807"),
    # numbers as keys: FormatFloat(f, 'g', -1, 32), and no uint64
    "key-float32": _labels("3.14159265358979: a"),
    "key-exponent": _labels("1e6: a\n    1234567.0: b\n    1e-5: c"),
    "key-infinity": _labels(".inf: a\n    .nan: b"),
    "key-uint64": _labels("18446744073709551615: a"),
    # no JSON number: a value refused by sigs.k8s.io/yaml's conversion, a key text
    "value-negative-infinity": _port("-.inf"),
    "value-nan": _annotation(".nan"),
    "value-infinity-in-a-list": _container("  - {name: a, image: b, args: [.inf]}\n"),
    "key-below-int64": _labels("-9223372036854775809: a"),
    # escapes: go-yaml v2 has `\'` and no `\/`
    "escape-quote": _annotation('"it\\\'s"'),
    "escape-slash": _annotation('"a\\/b"'),
    "escape-backslash-slash": _annotation('"a\\\\/b"'),
    "escape-nel": _annotation('"a\\Nb"'),
    "escape-unicode": _annotation('"\\U0001F600\\x41\\u00e9"'),
    "single-quoted-backslash": _annotation("'a\\/b'"),
    # tags
    "binary": _annotation("!!binary aGVsbG8="),
    "binary-bad": _annotation('!!binary "aGVsbG8"'),
    "local-tag": _annotation("!foo bar"),
    "timestamp": _annotation("!!timestamp 2001-12-14"),
    "str-tagged-number": _annotation("!!str 0x10"),
    # keys
    "key-null": POD + "  labels:\n    ~: a\n" + SPEC + "  - {name: a, image: b}\n",
    "key-int": POD + "  labels:\n    010: a\n" + SPEC + "  - {name: a, image: b}\n",
    "key-bool": POD + "  labels:\n    on: a\n" + SPEC + "  - {name: a, image: b}\n",
    "key-repeated": POD + "  name: other\n" + SPEC + "  - {name: a, image: b}\n",
    # merge keys
    "merge-before": _container("  - name: a\n    <<: {name: z, image: b}\n"),
    "merge-after": _container("  - <<: {name: z, image: b}\n    name: a\n"),
    "merge-sequence": _container(
        "  - <<: [{name: p, image: b}, {name: q, image: c}]\n"
    ),
    "merge-twice": _container("  - <<: {name: p}\n    <<: {name: q, image: c}\n"),
    "merge-alias": _container("  - &c {name: a, image: b}\n  - <<: *c\n    name: c\n"),
    "merge-scalar": _container("  - <<: 1\n    name: a\n    image: b\n"),
    "merge-null": _container("  - <<: ~\n    name: a\n    image: b\n"),
    "merge-quoted": POD
    + "  annotations: {'<<': x}\n"
    + SPEC
    + "  - {name: a, image: b}\n",
    # the stream's separators: only a comment may follow `---`
    "separator-with-tag": "--- !!map\n" + POD + SPEC + "  - {name: a, image: b}\n",
    "separator-with-comment": "--- # a pod\n"
    + POD
    + SPEC
    + "  - {name: a, image: b}\n",
    # scalars and structure
    "block-keep": POD
    + "  annotations:\n    note: |+\n      a\n\n\n    other: b\n"
    + SPEC
    + "  - {name: a, image: b}\n",
    "folded-more-indented": POD + "  annotations:\n    note: >\n      a\n        b\n"
    "      c\n" + SPEC + "  - {name: a, image: b}\n",
    "surrogate-escape": _annotation('"\\ud83d\\ude00"'),
    "sequence-as-key": POD
    + "  annotations:\n    ? [a, b]\n    : v\n"
    + SPEC
    + "  - {name: a, image: b}\n",
    "unknown-alias": _annotation("*x"),
    "flow-trailing-comma": POD
    + "  annotations: {note: a, }\n"
    + SPEC
    + "  - {name: a, image: b}\n",
    "alias-of-a-sequence": _container(
        "  - name: a\n    image: b\n    args: &x [a, b]\n    command: *x\n"
    ),
    # JSON: the whole input, when it starts with `{`
    "json-whole-float": '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},'
    ' "spec": {"containers": [{"name": "a", "image": "b",'
    ' "ports": [{"containerPort": 8e1}]}]}}\n',
    "json-slash": '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web",'
    ' "annotations": {"note": "a\\/b"}}, "spec": {"containers": [{"name": "a",'
    ' "image": "b"}]}}\n',
    "json-then-marker": '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name":'
    ' "web"}, "spec": {"containers": [{"name": "a", "image": "b"}]}}\n---\n' + OTHER,
    "json-lone-surrogate": '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name":'
    ' "web", "annotations": {"a": "\\ud800", "b": "\\ud83d\\ude00", "c": "\\udc00x"}},'
    ' "spec": {"containers": [{"name": "a", "image": "b"}]}}\n',
    "json-trailing-comma": '{"apiVersion": "v1", "kind": "Pod",'
    ' "metadata": {"name": "web",}}\n',
    "json-stream-whole-float": '{"apiVersion": "v1", "kind": "Pod", "metadata":'
    ' {"name": "web"}, "spec": {"containers": [{"name": "a", "image": "b",'
    ' "ports": [{"containerPort": 80.0}]}]}}\n' + OTHER,
    # text that is no JSON is read as YAML (kubectl since 1.33)
    "flow-yaml-first": "{apiVersion: v1, kind: Pod, metadata: {name: web},"
    " spec: {containers: [{name: a, image: b}]}}\n",
    "flow-yaml-after-comment": "# a pod\n{apiVersion: v1, kind: Pod, metadata:"
    " {name: web}, spec: {containers: [{name: a, image: b}]}}\n",
}


def _kubectl(path: Path) -> tuple[list[Any] | None, str]:
    """The objects kubectl would send, or None and why it could not parse the file."""
    assert KUBECTL is not None
    run = subprocess.run(
        [KUBECTL, "patch", "--local", "-f", str(path), "-p", "{}", "-o", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if run.returncode != 0:
        return None, run.stderr
    decoder, sent, at = json.JSONDecoder(), [], 0
    while at < len(out := run.stdout.rstrip()):
        found, at = decoder.raw_decode(out, at)
        sent.append(found)
        at += len(out[at:]) - len(out[at:].lstrip())
    return sent, ""


@needs_kubectl
@pytest.mark.parametrize("name", CASES)
def test_the_reader_reads_what_kubectl_reads(name: str, tmp_path: Path) -> None:
    from podspec.yaml_reader import read_text

    text = CASES[name]
    path = tmp_path / "pod.yaml"
    path.write_text(text, encoding="utf-8")
    sent, why = _kubectl(path)
    documents = list(read_text(text))
    if sent is None:
        # Only what kubectl cannot parse is compared: a value its typed decoding
        # refuses is the SDK's type check's to refuse, after reading.
        assert "error parsing" in why, why
        assert any(d.error is not None for d in documents), documents
        return
    assert [d.error for d in documents] == [None] * len(documents)
    assert [d.value for d in documents] == sent


@needs_kubectl
@pytest.mark.parametrize(
    "text",
    [
        "- " + (POD + SPEC + "  - {name: a, image: b}").replace("\n", "\n  ") + "\n",
        "[" + OTHER.rstrip() + "]\n",
    ],
    ids=["yaml", "json"],
)
def test_a_bare_list_kubectl_refuses_warns_and_strict_fails_it(
    text: str, tmp_path: Path
) -> None:
    from podspec.findings import EXIT_INVALID, EXIT_VALID, exit_code
    from podspec.validator import check_text

    path = tmp_path / "pods.yaml"
    path.write_text(text, encoding="utf-8")
    sent, why = _kubectl(path)
    assert sent is None and "cannot unmarshal array" in why, why
    findings = check_text(str(path), text).findings
    assert [(f.line, f.column, f.severity, f.rule) for f in findings][:1] == [
        (1, 1, "warning", "bare-list")
    ]
    assert "cannot unmarshal array" in findings[0].message
    if len(findings) == 1:  # the items are valid: only --strict fails the file
        assert exit_code(findings) == EXIT_VALID
        assert exit_code(findings, strict=True) == EXIT_INVALID


@needs_kubectl
@pytest.mark.parametrize(
    "kind, said",
    [
        ('""', "Required value"),
        ("5", "expected a string, got an integer"),
        ("true", "expected a string, got a boolean"),
        ("[Pod]", "expected a string, got a list"),
        ("{name: Pod}", "expected a string, got an object"),
    ],
)
@pytest.mark.parametrize("metadata", ["metadata: {name: web}\n", ""])
def test_a_kind_kubectl_finds_missing_is_refused_by_every_reader(
    kind: str, said: str, metadata: str, tmp_path: Path
) -> None:
    # kubectl's decoder takes only a non-empty string for the kind ("Object 'Kind' is
    # missing"), whatever else the object holds: such a document is no other YAML.
    from podspec import fast, load_manifests
    from podspec._runtime import ValidationError
    from podspec.validator import check_text

    text = f"apiVersion: apps/v1\nkind: {kind}\n{metadata}spec: {{replicas: 1}}\n"
    path = tmp_path / "web.yaml"
    path.write_text(text, encoding="utf-8")
    sent, why = _kubectl(path)
    assert sent is None and "Object 'Kind' is missing" in why, why
    findings = check_text(str(path), text).findings
    assert [(f.line, f.severity, f.path, f.message) for f in findings] == [
        (2, "error", "kind", said)
    ]
    for load in (load_manifests, fast.load_manifests):
        with pytest.raises(ValidationError) as caught:
            load(text)
        assert [str(p) for p in caught.value.problems] == [f"[0].kind: {said}"]


@needs_kubectl
def test_no_kind_beside_an_api_version_and_a_spec_is_refused(tmp_path: Path) -> None:
    # No metadata either: still a manifest kubectl finds no kind in, where a Helm
    # Chart.yaml (apiVersion, name, version) is other YAML.
    from podspec import fast, load_manifests
    from podspec._runtime import ValidationError
    from podspec.validator import check_text

    text = "apiVersion: apps/v1\nspec: {replicas: 1}\n"
    path = tmp_path / "web.yaml"
    path.write_text(text, encoding="utf-8")
    sent, why = _kubectl(path)
    assert sent is None and "Object 'Kind' is missing" in why, why
    findings = check_text(str(path), text).findings
    assert [(f.severity, f.path, f.message) for f in findings] == [
        ("error", "kind", "Required value")
    ]
    for load in (load_manifests, fast.load_manifests):
        with pytest.raises(ValidationError, match=r"\[0\]\.kind: Required value"):
            load(text)
