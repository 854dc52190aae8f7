"""The JSON Schema: valid draft 2020-12, strict, and carrying the spec's data."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import GENERATED, SPEC, TEMPLATES, load_json

from podspec_gen.model.build import read_spec
from podspec_gen.model.kinds import Kind
from podspec_gen.model.types import Spec
from podspec_gen.render import schema as render_schema
from podspec_gen.render.run import render

# The spec's `publish.docs` (spec/podspec.yaml); tests/test_publish.py changes it.
DOCS_BASE = "https://github.com/podspec-gen/podspec-gen/blob/main/generated/docs"


def test_schema_passes_the_draft_2020_12_meta_schema(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_root_is_podspec_and_defs_are_keyed_by_kubernetes_names(
    schema: dict[str, Any],
) -> None:
    assert schema["$ref"] == "#/$defs/PodSpec"
    for name in (
        "PodSpec",
        "Container",
        "Volume",
        "Probe",
        "Affinity",
        "ObjectMeta",
        "Quantity",
    ):
        assert name in schema["$defs"]


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


def _errors(schema: dict[str, Any], manifest: dict[str, Any]) -> list[str]:
    """Where each problem is, descending through `anyOf` (optional refs also accept null)."""
    found = []
    for error in _validator(schema).iter_errors(manifest):
        best = jsonschema.exceptions.best_match([error])
        found.append(best.json_path if best is not None else error.json_path)
    return sorted(found)


def _pod(**container: Any) -> dict[str, Any]:
    return {"containers": [{"name": "a", "image": "b", **container}]}


@pytest.mark.parametrize(
    ("manifest", "where"),
    [
        (_pod(imagePullPolice="Always"), "$.containers[0]"),
        (_pod(imagePullPolicy="Sometimes"), "$.containers[0].imagePullPolicy"),
        (_pod(ports=[{"containerPort": 0}]), "$.containers[0].ports[0].containerPort"),
        (
            _pod(ports=[{"containerPort": 2**31}]),
            "$.containers[0].ports[0].containerPort",
        ),
        ({"containers": []}, "$.containers"),
        ({"containers": [{"name": "a"}]}, "$.containers[0]"),
        (
            {
                **_pod(),
                "volumes": [{"name": "v", "emptyDir": {}, "hostPath": {"path": "/"}}],
            },
            "$.volumes[0].hostPath",
        ),
        (
            _pod(resources={"limits": {"cpu": "lots"}}),
            "$.containers[0].resources.limits.cpu",
        ),
    ],
)
def test_api_rules_beyond_upstream_are_enforced(
    schema: dict[str, Any], manifest: dict[str, Any], where: str
) -> None:
    assert where in _errors(schema, manifest)


def test_nulls_are_accepted_for_optional_fields_only(schema: dict[str, Any]) -> None:
    assert _errors(schema, {**_pod(args=None), "affinity": None}) == []
    assert _errors(schema, {"containers": None}) == ["$.containers"]


def test_enums_defaults_and_deprecations_are_data(schema: dict[str, Any]) -> None:
    pod = schema["$defs"]["PodSpec"]["properties"]
    dns = pod["dnsPolicy"]
    assert dns["default"] == "ClusterFirst"
    # "None" is a real value of the enum; null (the field is optional) is a branch of
    # its own, so that editors do not offer it as a value.
    values, unset = dns["anyOf"]
    assert values["enum"] == [
        "",
        "ClusterFirstWithHostNet",
        "ClusterFirst",
        "Default",
        "None",
    ]
    assert len(values["markdownEnumDescriptions"]) == 5
    assert values["markdownEnumDescriptions"][0].startswith(
        "Empty: the server's default"
    )
    assert unset["description"].startswith("Unset")
    assert "type" not in unset and "enum" not in unset and "const" not in unset
    # Deprecated: said in the hover and kept out of completion, never a diagnostic
    # (yaml-language-server turns a deprecationMessage's warning into an error).
    assert pod["serviceAccount"]["deprecated"] is True
    assert pod["serviceAccount"]["doNotSuggest"] is True
    assert "deprecationMessage" not in pod["serviceAccount"]
    assert "Use serviceAccountName" in pod["serviceAccount"]["markdownDescription"]
    assert (
        "Default: `30`" in pod["terminationGracePeriodSeconds"]["markdownDescription"]
    )


# -- the entry points, the catalog and the editor keywords --------------------------------

# What users' settings and modelines name: these files must keep their names and roots.
ENTRIES = {
    "podspec.schema.json": "PodSpec",
    "deployment.schema.json": "Deployment",
    "statefulset.schema.json": "StatefulSet",
    "daemonset.schema.json": "DaemonSet",
    "replicaset.schema.json": "ReplicaSet",
    "job.schema.json": "Job",
    "cronjob.schema.json": "CronJob",
    "replicationcontroller.schema.json": "ReplicationController",
    "podtemplate-kind.schema.json": "PodTemplate",
    "pod.schema.json": "Pod",
    "podtemplate.schema.json": "PodTemplateSpec",
}


def _entry(name: str) -> dict[str, Any]:
    data: dict[str, Any] = load_json(GENERATED / "jsonschema" / name)
    return data


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_every_entry_passes_the_meta_schema_and_shares_the_defs(
    name: str, schema: dict[str, Any]
) -> None:
    entry = _entry(name)
    jsonschema.Draft202012Validator.check_schema(entry)
    assert entry["$ref"] == f"#/$defs/{ENTRIES[name]}"
    assert entry["$id"] == f"https://podspec-gen.dev/schemas/v1.37.0/{name}"
    assert entry["$defs"] == schema["$defs"]


def test_every_manifest_kind_of_the_spec_has_its_file() -> None:
    spec = read_spec(SPEC)
    entries = render_schema.entries(spec)
    assert {e.file: e.root for e in entries} == ENTRIES
    assert {k.name for k in spec.kinds} <= {e.root for e in entries}
    written = {p.name for p in (GENERATED / "jsonschema").glob("*.schema.json")}
    assert written == {*ENTRIES, "kubernetes.schema.json"}


def test_catalog_lists_every_entry_by_its_id() -> None:
    catalog = load_json(GENERATED / "jsonschema" / "catalog.json")
    assert catalog["$schema"] == "https://json.schemastore.org/schema-catalog.json"
    urls = [s["url"] for s in catalog["schemas"]]
    files = [e.file for e in render_schema.entries(read_spec(SPEC))]
    assert urls == [_entry(name)["$id"] for name in [*files, "kubernetes.schema.json"]]
    for item in catalog["schemas"]:
        assert item["name"].startswith("Kubernetes v1.37.0 ") and item["description"]
        assert item["fileMatch"]
    matches = {
        m: s["url"].rsplit("/", 1)[1]
        for s in catalog["schemas"]
        for m in s["fileMatch"]
    }
    assert matches["*.deployment.yaml"] == "deployment.schema.json"
    assert matches["*.cronjob.yml"] == "cronjob.schema.json"
    assert matches["*.podtemplate.yaml"] == "podtemplate.schema.json"
    assert matches["*.k8s.yaml"] == "kubernetes.schema.json"
    assert len(matches) == 2 * len(catalog["schemas"])  # no pattern names two files


def test_pod_entry_checks_the_whole_manifest() -> None:
    validator = jsonschema.Draft202012Validator(_entry("pod.schema.json"))
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": _pod()}
    assert list(validator.iter_errors(pod)) == []
    assert not validator.is_valid({**pod, "kind": "Deployment"})
    assert not validator.is_valid({**pod, "apiVersion": "v2"})
    assert not validator.is_valid({**pod, "spek": {}})
    template = jsonschema.Draft202012Validator(_entry("podtemplate.schema.json"))
    assert template.is_valid({"metadata": {"labels": {"app": "x"}}, "spec": _pod()})
    assert not template.is_valid({"metadata": {"labels": {"app": "x"}}, "spek": {}})
    assert not template.is_valid({"apiVersion": "v1", "kind": "PodTemplate"})
    kind = jsonschema.Draft202012Validator(_entry("podtemplate-kind.schema.json"))
    whole = {
        "apiVersion": "v1",
        "kind": "PodTemplate",
        "metadata": {"name": "t"},
        "template": {"spec": _pod()},
    }
    assert list(kind.iter_errors(whole)) == []
    assert not kind.is_valid({"metadata": {"labels": {"app": "x"}}, "spec": _pod()})


def test_every_object_type_is_strict(schema: dict[str, Any]) -> None:
    # A status (written by the system) and a type without fields (FieldsV1, an empty
    # upstream struct) are any object; every type with fields is closed.
    spec = read_spec(SPEC)
    free = {t.name for t in spec.types if not t.is_object}
    assert {"DeploymentStatus", "FieldsV1"} <= free
    for name, definition in schema["$defs"].items():
        if definition.get("type") != "object":
            continue
        if name in free:
            assert "properties" not in definition, name
        else:
            assert definition["additionalProperties"] is False, name


def test_editor_keywords_sit_beside_the_annotations(schema: dict[str, Any]) -> None:
    container = schema["$defs"]["Container"]["properties"]
    policy = container["imagePullPolicy"]
    assert "allOf" not in policy
    policy = policy["anyOf"][0]  # the values; the other branch is null
    # The empty value first: the server fills in the default before it validates.
    assert policy["enum"] == ["", "Always", "IfNotPresent", "Never"]
    assert policy["markdownEnumDescriptions"][0].startswith(
        "Empty: the server's default"
    )
    assert policy["markdownEnumDescriptions"][1].startswith("Always pull")
    resources = container["resources"]
    # The ref branch repeats the field's annotations: the server's hover reads it first.
    assert resources["anyOf"][0]["title"] == "resources"
    assert resources["anyOf"][1]["not"] == {
        "type": ["object", "array", "string", "number", "boolean"]
    }
    port = schema["$defs"]["ContainerPort"]["properties"]["containerPort"]
    assert (port["minimum"], port["maximum"]) == (1, 65535)
    name = schema["$defs"]["Volume"]["properties"]["name"]
    assert name["patternErrorMessage"].startswith("must be a DNS label")
    quantity = schema["$defs"]["Quantity"]["oneOf"][0]
    assert quantity["patternErrorMessage"].startswith("must be a Kubernetes quantity")
    account = schema["$defs"]["PodSpec"]["properties"]["serviceAccount"]
    assert (account["deprecated"], account["doNotSuggest"]) == (True, True)
    grace = schema["$defs"]["PodSpec"]["properties"]["terminationGracePeriodSeconds"]
    assert "Default: `30`" in grace["markdownDescription"]
    assert grace["markdownDescription"].endswith(
        f"[Reference]({DOCS_BASE}/container.md#podspec-terminationgraceperiodseconds)"
    )


def _fill(body: Any) -> Any:
    """A snippet body as the user gets it with every tab stop left at its placeholder."""
    if isinstance(body, dict):
        return {k: _fill(v) for k, v in body.items()}
    if isinstance(body, list):
        return [_fill(v) for v in body]
    if isinstance(body, str) and body.startswith("^"):
        text = re.sub(r"\$\{\d+:([^}]*)\}", r"\1", body[1:])
        return yaml.safe_load(text)
    return body


def _snippets(
    schema: dict[str, Any],
) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(label, snippet, the schema it is offered for) for every defaultSnippets entry."""
    found = []
    for name, definition in schema["$defs"].items():
        for snippet in definition.get("defaultSnippets", []):
            found.append((snippet["label"], snippet, {"$ref": f"#/$defs/{name}"}))
        for prop in definition.get("properties", {}).values():
            for snippet in prop.get("defaultSnippets", []):
                found.append((snippet["label"], snippet, prop))
    return found


def test_snippets_cover_the_common_shapes(schema: dict[str, Any]) -> None:
    labels = {label for label, _, _ in _snippets(schema)}
    assert {
        "container with name and image",
        "HTTP readiness probe",
        "resources block",
        "toleration",
        "emptyDir volume",
        "volume mount",
        "container with a volume and its mount",
    } <= labels


def test_every_snippet_fills_in_to_a_valid_value(schema: dict[str, Any]) -> None:
    for label, snippet, target in _snippets(schema):
        validator = jsonschema.Draft202012Validator(
            {**target, "$defs": schema["$defs"]}
        )
        errors = [e.message for e in validator.iter_errors(_fill(snippet["body"]))]
        assert not errors, (label, errors)


def test_every_reference_link_lands_on_its_field_in_the_docs(
    schema: dict[str, Any],
) -> None:
    from test_docs import _pages_on_disk, anchors_of

    pages = _pages_on_disk()
    anchors = {name: set(anchors_of(text)) for name, text in pages.items()}
    links = re.findall(
        re.escape(DOCS_BASE) + r"/([\w.-]+)#([\w-]+)", json.dumps(schema["$defs"])
    )
    assert len(links) > 500
    broken = sorted({f"{p}#{a}" for p, a in links if a not in anchors.get(p, set())})
    assert not broken


# --- one macro file per kind ------------------------------------------------------------


def kind_macro_names() -> set[str]:
    """The macro name of every kind class that has one of its own (an alias borrows its
    base's), found by walking the Kind class tree."""
    names: set[str] = set()
    pending = [Kind]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.MACRO:
            names.add(cls.MACRO)
    return names


def test_every_kind_has_its_macro_file_and_no_file_is_stale() -> None:
    files = {p.stem for p in (TEMPLATES / "jsonschema" / "kinds").glob("*.j2")}
    assert kind_macro_names() >= {"string", "enum", "quantity", "list", "map"}
    assert files == kind_macro_names()


# API machinery types (by their upstream name), so they belong in shared.yaml.
ALIASES = """\
  Tag:
    upstream: io.k8s.apimachinery.pkg.apis.meta.v1.Tag
    description: A tag, in the form of a host name.
    scalar: string
    format: hostname

  Count:
    upstream: io.k8s.apimachinery.pkg.apis.meta.v1.Count
    description: A count.
    scalar: integer

"""
ALIAS_FIELDS = """\
      tag:
        type: Tag
        description: The tag.
        pattern: '^[a-z]+$'
      counts:
        type: list[Count]
        description: Counts.
        minimum: 1
"""


def spec_with_aliases(folder: Path) -> Spec:
    """The project's spec plus two aliases of primitives (which it has none of), used
    by two fields of ObjectMeta."""
    shutil.copytree(SPEC, folder)
    path = folder / "shared.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("\n  Time:\n", "\n" + ALIASES + "  Time:\n", 1)
    meta = text.index("\n  ObjectMeta:\n")
    fields = text.index("    fields:\n", meta) + len("    fields:\n")
    path.write_text(text[:fields] + ALIAS_FIELDS + text[fields:], encoding="utf-8")
    return read_spec(folder)


def test_an_alias_is_checked_as_its_base_and_defined_by_its_name(
    tmp_path: Path,
) -> None:
    model = spec_with_aliases(tmp_path / "spec")
    files = render(model, TEMPLATES, outputs=(render_schema,), pydantic=False)
    defs = json.loads(files["jsonschema/podspec.schema.json"])["$defs"]
    assert (defs["Tag"]["type"], defs["Tag"]["format"]) == ("string", "hostname")
    assert defs["Count"]["type"] == "integer"
    tag = defs["ObjectMeta"]["properties"]["tag"]
    assert (tag["anyOf"][0]["type"], tag["format"], tag["pattern"]) == (
        "string",
        "hostname",
        "^[a-z]+$",
    )
    items = defs["ObjectMeta"]["properties"]["counts"]["items"]
    # A null item is the zero value to the server, which checks it as such.
    assert (items["anyOf"][0]["type"], items["format"], items["minimum"]) == (
        "integer",
        "int64",
        1,
    )
    assert items["maximum"] == 2**63 - 1
    assert "Null: read as the zero value" in items["anyOf"][1]["description"]


def test_the_manifests_schema_checks_each_kind_and_lets_others_through() -> None:
    # The corpus, typos in every envelope and other apiVersions: test_schema_kinds.py.
    schema = _entry("kubernetes.schema.json")
    validator = jsonschema.Draft202012Validator(schema)
    service = {"apiVersion": "v1", "kind": "Service", "spec": {"anything": 1}}
    assert not list(validator.iter_errors(service))
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "d"},
        "spec": {
            "selector": {"matchLabels": {"app": "a"}},
            "template": {
                "metadata": {"labels": {"app": "a"}},
                "spec": {"containers": [{"name": "a", "imag": "b"}]},
            },
        },
    }
    # Both mistakes, and only they, at the container: the typo and the missing image.
    errors = list(validator.iter_errors(deployment))
    assert {e.json_path for e in errors} == {"$.spec.template.spec.containers[0]"}
    assert sorted(e.validator for e in errors) == ["additionalProperties", "required"]
