"""`podspec-gen sync`: drift between spec/ and upstream definitions, and `--write`."""

from __future__ import annotations

import json
import pathlib
import shutil
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
from conftest import PROJECT

from podspec_gen.commands.cli import main
from podspec_gen.model.build import read_spec
from podspec_gen.spec.yaml_source import YMap, load_yaml
from podspec_gen.sync.upstream import read_closure, type_expr

SCHEMAS = pathlib.Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
V137 = SCHEMAS / "v1.37.0-local-strict" / "_definitions.json"
V136 = SCHEMAS / "v1.36.0-local-strict" / "_definitions.json"
ROOT = "io.k8s.api.core.v1.PodSpec"
CORE = "io.k8s.api.core.v1"
# The kinds the spec describes whole, by their upstream names.
KINDS = [
    *(f"io.k8s.api.apps.v1.{k}" for k in ("Deployment", "StatefulSet", "DaemonSet")),
    "io.k8s.api.apps.v1.ReplicaSet",
    "io.k8s.api.batch.v1.Job",
    "io.k8s.api.batch.v1.CronJob",
    *(f"{CORE}.{k}" for k in ("ReplicationController", "PodTemplate", "Pod")),
]
# The statuses the spec accepts unchecked: a closure does not enter them.
READ_ONLY = frozenset(t.name for t in read_spec(PROJECT / "spec").types if t.read_only)
WRAPPERS = {
    "io.k8s.apimachinery.pkg.api.resource.Quantity",
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
}


def sync(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    """Run the command in-process: exit status, stdout lines bar the summary, stderr."""
    code = main(["sync", *args])
    captured = capsys.readouterr()
    lines = [
        line
        for line in captured.out.splitlines()
        if not line.startswith("podspec-gen:")
    ]
    return code, lines, captured.err


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    target = tmp_path / "spec"
    shutil.copytree(PROJECT / "spec", target)
    return target


# --- an independent reading of the raw definitions ------------------------------------


def raw_defs(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text(encoding="utf-8"))
    defs: dict[str, Any] = document.get("$defs") or document["definitions"]
    return defs


def raw_closure(defs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Short name -> {"full": ..., "node": ...} for every definition reachable from
    PodSpec and the kinds, not entering the statuses."""
    seen = {ROOT, *KINDS}
    todo = [ROOT, *KINDS]
    while todo:
        full = todo.pop()
        if full.rsplit(".", 1)[-1] in READ_ONLY:
            continue
        text = json.dumps(defs[full])
        for ref in text.split('"$ref": "')[1:]:
            full = ref.split('"', 1)[0].rsplit("/", 1)[-1]
            if full not in seen:
                seen.add(full)
                todo.append(full)
    return {
        full.rsplit(".", 1)[-1]: {"full": full, "node": defs[full]} for full in seen
    }


def norm(text: object) -> str:
    return " ".join(str(text or "").split())


def show(value: object) -> str:
    if value is None or value == []:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return f"[{', '.join(value)}]"
    return str(value)


SEMANTICS = {
    "listType": "x-kubernetes-list-type",
    "listMapKeys": "x-kubernetes-list-map-keys",
    "patchStrategy": "x-kubernetes-patch-strategy",
    "patchMergeKey": "x-kubernetes-patch-merge-key",
    "mapType": "x-kubernetes-map-type",
}


def expected_drift(ours_path: Path, theirs_path: Path) -> set[str]:
    """What sync must report for a spec equal to `ours_path` against `theirs_path`."""
    ours = raw_closure(raw_defs(ours_path))
    theirs = raw_closure(raw_defs(theirs_path))
    lines = {f"added type: {n}" for n in theirs.keys() - ours.keys()}
    lines |= {f"removed type: {n}" for n in ours.keys() - theirs.keys()}
    for name in ours.keys() & theirs.keys():
        a, b = ours[name]["node"], theirs[name]["node"]
        assert ours[name]["full"] == theirs[name]["full"]
        if name in READ_ONLY:  # only its description is compared
            if b.get("description") and norm(a.get("description")) != norm(
                b["description"]
            ):
                lines.add(f"changed description: {name}")
            continue
        if "properties" not in a or "properties" not in b:
            assert a.get("type") == b.get("type") and a.get("format") == b.get("format")
            continue
        if b.get("description") and norm(a.get("description")) != norm(
            b["description"]
        ):
            lines.add(f"changed description: {name}")
        if a.get("x-kubernetes-map-type") != b.get("x-kubernetes-map-type"):
            lines.add(
                f"changed mapType: {name}: {show(a.get('x-kubernetes-map-type'))} -> {show(b.get('x-kubernetes-map-type'))}"
            )
        pa, pb = a["properties"], b["properties"]
        lines |= {f"added field: {name}.{f}" for f in pb.keys() - pa.keys()}
        lines |= {f"removed field: {name}.{f}" for f in pa.keys() - pb.keys()}
        for f in pa.keys() & pb.keys():
            subject = f"{name}.{f}"
            if type_expr(pa[f]) != type_expr(pb[f]):
                lines.add(
                    f"changed type: {subject}: {type_expr(pa[f])} -> {type_expr(pb[f])}"
                )
            ra, rb = f in a.get("required", []), f in b.get("required", [])
            if ra != rb:
                lines.add(f"changed required: {subject}: {show(ra)} -> {show(rb)}")
            if pb[f].get("description") and norm(pa[f].get("description")) != norm(
                pb[f]["description"]
            ):
                lines.add(f"changed description: {subject}")
            for key, ext in SEMANTICS.items():
                va, vb = pa[f].get(ext), pb[f].get(ext)
                if va != vb:
                    lines.add(f"changed {key}: {subject}: {show(va)} -> {show(vb)}")
    return lines


# --- reporting ------------------------------------------------------------------------


def test_no_drift_against_the_release_the_spec_describes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, lines, err = sync(capsys, "--upstream", str(V137))
    assert (code, lines, err) == (0, [], "")


def test_drift_against_the_previous_release_is_exactly_the_upstream_diff(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The independent closure agrees with the generator's on which types there are.
    assert raw_closure(raw_defs(V136)).keys() == read_closure(V136, READ_ONLY).keys()
    expected = expected_drift(V137, V136)
    assert expected  # the two releases do differ
    code, lines, _ = sync(capsys, "--upstream", str(V136))
    assert code == 1
    assert len(lines) == len(set(lines))
    assert set(lines) == expected
    # stable order: additions and removals of types, then of fields, then changes
    _, lines_again, _ = sync(capsys, "--upstream", str(V136))
    assert lines_again == lines
    kinds = [line.split(":", 1)[0] for line in lines]
    rank = ["added type", "removed type", "added field", "removed field"]
    ranks = [rank.index(k) if k in rank else len(rank) for k in kinds]
    assert ranks == sorted(ranks)


def test_swagger_shape_reports_no_drift(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = V137.read_text(encoding="utf-8")
    swagger = tmp_path / "swagger.json"
    swagger.write_text(
        text.replace('"$defs"', '"definitions"').replace("#/$defs/", "#/definitions/"),
        encoding="utf-8",
    )
    assert "definitions" in json.loads(swagger.read_text(encoding="utf-8"))
    code, lines, _ = sync(capsys, "--upstream", str(swagger))
    assert (code, lines) == (0, [])


def test_report_does_not_touch_the_spec(
    capsys: pytest.CaptureFixture[str], spec_copy: Path
) -> None:
    before = {p.name: p.read_text() for p in spec_copy.iterdir()}
    code, _, _ = sync(capsys, "--upstream", str(V136), "--spec", str(spec_copy))
    assert code == 1
    assert {p.name: p.read_text() for p in spec_copy.iterdir()} == before


# --- errors ---------------------------------------------------------------------------


def _dangling(tmp_path: Path) -> Path:
    defs = json.loads(V137.read_text(encoding="utf-8"))
    defs["$defs"][f"{CORE}.Container"]["properties"]["x"] = {
        "$ref": "#/$defs/io.k8s.api.core.v1.Missing"
    }
    path = tmp_path / "dangling.json"
    path.write_text(json.dumps(defs), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "make",
    [
        lambda tmp: tmp / "missing.json",
        lambda tmp: tmp,  # a folder
        lambda tmp: (tmp / "bad.json").write_text("{not json") and tmp / "bad.json",
        lambda tmp: (tmp / "empty.json").write_text("{}") and tmp / "empty.json",
        _dangling,
    ],
    ids=["missing", "folder", "not-json", "no-podspec", "dangling-ref"],
)
def test_unreadable_upstream_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: Any
) -> None:
    path = make(tmp_path)
    code, lines, err = sync(capsys, "--upstream", str(path))
    assert code == 2
    assert lines == []
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("podspec-gen: ") and str(path) in err
    assert "Traceback" not in err


def test_spec_with_errors_is_exit_2(
    capsys: pytest.CaptureFixture[str], spec_copy: Path
) -> None:
    path = spec_copy / "network.yaml"
    path.write_text(path.read_text().replace("type: string", "type: strin", 1))
    code, lines, err = sync(capsys, "--upstream", str(V137), "--spec", str(spec_copy))
    assert code == 2 and lines == []
    assert "network.yaml:" in err and "problem" in err


# --- --write --------------------------------------------------------------------------


def _synthetic(tmp_path: Path) -> Path:
    """v1.37 plus Container.fooBar, and Volume.widget of a new type that uses another."""
    document = json.loads(V137.read_text(encoding="utf-8"))
    defs = document["$defs"]
    defs[f"{CORE}.Container"]["properties"]["fooBar"] = {
        "type": ["string", "null"],
        "description": "FooBar is a synthetic field: it says *nothing* at all.\n\n"
        "A second paragraph, long enough to be folded over more than one line of the "
        "spec file by the writer, with a # hash and a 'quote'.",
    }
    defs[f"{CORE}.Volume"]["properties"]["widget"] = {
        "$ref": f"#/$defs/{CORE}.WidgetVolumeSource",
        "description": "widget mounts a widget.",
    }
    defs[f"{CORE}.WidgetVolumeSource"] = {
        "description": "WidgetVolumeSource represents a widget.",
        "type": "object",
        "required": ["size"],
        "properties": {
            "size": {
                "$ref": "#/$defs/io.k8s.apimachinery.pkg.api.resource.Quantity",
                "description": "size of the widget.",
            },
            "parts": {
                "type": ["array", "null"],
                "items": {"$ref": f"#/$defs/{CORE}.WidgetPart"},
                "description": "parts of the widget.",
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["name"],
            },
        },
    }
    defs[f"{CORE}.WidgetPart"] = {
        "description": "WidgetPart is a part of a widget.",
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "description": "name of the part."},
            "count": {"type": "integer", "format": "int32", "description": ""},
        },
    }
    path = tmp_path / "synthetic.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _is_subsequence(old: list[str], new: list[str]) -> bool:
    remaining = iter(new)
    return all(any(line == other for other in remaining) for line in old)


def test_write_adds_new_fields_and_types_and_keeps_every_line(
    capsys: pytest.CaptureFixture[str], spec_copy: Path, tmp_path: Path
) -> None:
    upstream = _synthetic(tmp_path)
    before = {p.name: p.read_text().splitlines() for p in spec_copy.glob("*.yaml")}
    args = ("--upstream", str(upstream), "--spec", str(spec_copy))

    code, lines, _ = sync(capsys, *args)
    assert code == 1
    assert set(lines) == {
        "added type: WidgetPart",
        "added type: WidgetVolumeSource",
        "added field: Container.fooBar",
        "added field: Volume.widget",
    }
    assert {p.name: p.read_text().splitlines() for p in spec_copy.glob("*.yaml")} == (
        before
    )

    code, lines, _ = sync(capsys, *args, "--write")
    assert code == 0
    written = [line for line in lines if line.startswith("wrote ")]
    assert len(written) == 4
    assert any("container.yaml: added field Container.fooBar" in w for w in written)
    assert any("storage.yaml: added type WidgetPart" in w for w in written)

    spec = read_spec(spec_copy)
    container = spec.type("Container")
    assert container.group == "container"
    foo = container.fields[-1]
    assert foo.wire_name == "fooBar" and str(foo.type) == "string"
    assert foo.description.startswith("FooBar is a synthetic field")
    assert "\n\nA second paragraph" in foo.description
    assert spec.type("Volume").fields[-1].wire_name == "widget"
    widget = spec.type("WidgetVolumeSource")
    assert widget.group == "storage"
    assert widget.upstream == f"{CORE}.WidgetVolumeSource"
    assert [(f.wire_name, str(f.type), f.required) for f in widget.fields] == [
        ("size", "Quantity", True),
        ("parts", "list[WidgetPart]", False),
    ]
    assert widget.fields[1].semantics.map_keys == ("name",)
    assert spec.type("WidgetPart").group == "storage"

    after = {p.name: p.read_text().splitlines() for p in spec_copy.glob("*.yaml")}
    assert {n for n in after if after[n] != before[n]} == {
        "container.yaml",
        "storage.yaml",
    }
    for name, old in before.items():
        assert _is_subsequence(old, after[name]), name

    code, lines, _ = sync(capsys, *args)
    assert (code, lines) == (0, [])
    assert not list(spec_copy.glob(".*.tmp"))


def _cut(path: Path, *keys: str) -> None:
    """Delete the mapping entry at `keys` (e.g. types, T, fields, f) up to its next sibling."""
    node = load_yaml(path, path.name)
    lines = path.read_text().splitlines(keepends=True)
    end = len(lines)
    for key in keys:
        assert isinstance(node, YMap)
        names = [k.value for k, _ in node.items]
        i = names.index(key)
        start = node.items[i][0].mark.line - 1
        if i + 1 < len(names):
            end = node.items[i + 1][0].mark.line - 1
        node = node.items[i][1]
    path.write_text("".join(lines[:start] + lines[end:]))


def test_removed_type_is_reported_as_added_and_written_back(
    capsys: pytest.CaptureFixture[str], spec_copy: Path
) -> None:
    container = spec_copy / "container.yaml"
    # A type no rule reads: a rule naming a removed field is a spec error of its own.
    _cut(container, "types", "HTTPHeader")
    _cut(container, "types", "HTTPGetAction", "fields", "httpHeaders")
    assert "HTTPHeader" not in {t.name for t in read_spec(spec_copy).types}
    cut = container.read_text().splitlines()
    args = ("--upstream", str(V137), "--spec", str(spec_copy))

    code, lines, _ = sync(capsys, *args)
    assert code == 1
    assert lines == ["added type: HTTPHeader", "added field: HTTPGetAction.httpHeaders"]

    code, lines, _ = sync(capsys, *args, "--write")
    assert code == 0
    assert lines[2:] == [
        f"wrote {container}: added field HTTPGetAction.httpHeaders",
        f"wrote {container}: added type HTTPHeader",
    ]
    spec = read_spec(spec_copy)
    assert spec.type("HTTPHeader").group == "container"
    headers = next(
        f for f in spec.type("HTTPGetAction").fields if f.wire_name == "httpHeaders"
    )
    assert str(headers.type) == "list[HTTPHeader]"
    assert _is_subsequence(cut, container.read_text().splitlines())
    code, lines, _ = sync(capsys, *args)
    assert (code, lines) == (0, [])


def test_write_skips_what_it_cannot_place(
    capsys: pytest.CaptureFixture[str], spec_copy: Path, tmp_path: Path
) -> None:
    """A new PodSpec field needs a group, which is a curated choice: reported, not written."""
    document = json.loads(V137.read_text(encoding="utf-8"))
    document["$defs"][ROOT]["properties"]["gadget"] = {
        "$ref": f"#/$defs/{CORE}.Gadget",
        "description": "gadget.",
    }
    document["$defs"][f"{CORE}.Gadget"] = {
        "description": "Gadget.",
        "type": "object",
        "properties": {"name": {"type": "string", "description": "name."}},
    }
    upstream = tmp_path / "gadget.json"
    upstream.write_text(json.dumps(document), encoding="utf-8")
    before = {p.name: p.read_text() for p in spec_copy.glob("*.yaml")}

    code, lines, _ = sync(
        capsys, "--upstream", str(upstream), "--spec", str(spec_copy), "--write"
    )
    assert code == 1
    assert "added field: PodSpec.gadget" in lines
    assert any(line.startswith("not written: field PodSpec.gadget") for line in lines)
    assert any(line.startswith("not written: type Gadget") for line in lines)
    assert {p.name: p.read_text() for p in spec_copy.glob("*.yaml")} == before
