"""What the JSON Schema templates need: keyword values per field, links, entry files.

One file per entry point (a PodSpec, each manifest kind, a PodTemplateSpec), and one
for any manifest that picks the kind's definition by apiVersion and kind
(`kubernetes.schema.json`): all carry the very same `$defs`, so a validator or an
editor needs only the one file it is pointed at. The editor-only keywords (snippets, pattern messages)
come from the spec like everything else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from podspec_gen.model import quantity_text
from podspec_gen.model.formats import FormatNote, format_note
from podspec_gen.model.kinds import Enum
from podspec_gen.model.types import Field, ManifestKind, Snippet, Spec, TypeDef
from podspec_gen.render import docs as render_docs
from podspec_gen.render.docs.pages import anchor, format_home
from podspec_gen.render.schema.rules import rule_keywords
from podspec_gen.render.schema.variants import with_variants

if TYPE_CHECKING:
    from podspec_gen.render.job import Job

# Where the docs are from the schemas in the output folder, for a spec that does not
# say where it is published (`publish:` in the root file).
LOCAL_DOCS = "../docs"
CATALOG_SCHEMA = "https://json.schemastore.org/schema-catalog.json"


@dataclass(frozen=True)
class Entry:
    """One published schema file: which definition its root is, and how it is found."""

    file: str
    root: str
    title: str
    description: str
    file_match: tuple[str, ...]


# The fragments: a pod spec alone, and a workload's pod template alone. Their file
# names were published before the kinds had files of their own and are kept.
FRAGMENTS = (
    Entry(
        "podspec.schema.json",
        "PodSpec",
        "Kubernetes {version} PodSpec",
        "The `spec` of a Pod, or the `spec.template.spec` of a workload.",
        ("*.podspec.yaml", "*.podspec.yml"),
    ),
    Entry(
        "podtemplate.schema.json",
        "PodTemplateSpec",
        "Kubernetes {version} PodTemplateSpec",
        "A pod template (`spec.template` of a Deployment, StatefulSet, DaemonSet, "
        "Job, ReplicaSet...): metadata and spec.",
        ("*.podtemplate.yaml", "*.podtemplate.yml"),
    ),
)
# Added to a kind's file name when a fragment holds `<kind>.schema.json` already
# (the PodTemplate kind beside the PodTemplateSpec fragment).
KIND_SUFFIX = "-kind"


def kind_entry(kind: ManifestKind, taken: frozenset[str]) -> Entry:
    """A manifest kind's own file: `deployment.schema.json`, for `*.deployment.yaml`."""
    stem = kind.name.lower()
    if f"{stem}.schema.json" in taken:
        stem += KIND_SUFFIX
    return Entry(
        f"{stem}.schema.json",
        kind.name,
        f"Kubernetes {{version}} {kind.name}",
        f"A whole {kind.name} manifest (`apiVersion: {kind.api_version}`, "
        f"`kind: {kind.name}`): its own fields, and its pod spec at "
        f"`{'.'.join(kind.pod_spec_path)}`.",
        (f"*.{stem}.yaml", f"*.{stem}.yml"),
    )


def entries(spec: Spec) -> tuple[Entry, ...]:
    """Every single-root schema file: the pod spec, then each manifest kind in spec
    order, then the pod template fragment."""
    taken = frozenset(e.file for e in FRAGMENTS)
    return (
        FRAGMENTS[0],
        *(kind_entry(k, taken) for k in spec.kinds),
        *FRAGMENTS[1:],
    )


def tojson(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def schema_id(spec: Spec, file: str) -> str:
    """The schema's URL where it is published, else its file name."""
    if spec.publish is None:
        return file
    return spec.publish.schema_url(spec.kubernetes, file)


def docs_link(lay: render_docs.Layout, type_name: str, field: str | None = None) -> str:
    return docs_url(lay, render_docs.doc_link(lay, type_name, field))


def docs_url(lay: render_docs.Layout, page: str) -> str:
    """A docs page (`shared.md#quantity`) as the schemas link it: where the docs are
    published, else beside the schemas."""
    if lay.spec.publish is None:
        return f"{LOCAL_DOCS}/{page}"
    return lay.spec.publish.docs_url(lay.spec.kubernetes, page)


def format_link(lay: render_docs.Layout, note: FormatNote) -> str:
    """Where the docs explain a format: its type's section or its named format's."""
    if note.type_name is not None:
        return docs_link(lay, note.type_name)
    home = format_home(lay).path
    return docs_url(lay, f"{home}#{anchor(f'Format {note.format_name}')}")


def format_hover(lay: render_docs.Layout, note: FormatNote, collection: bool) -> str:
    """The format's one sentence, then the link to its one explanation."""
    each = "Each value: " if collection else ""
    return f"{each}{note.summary} See [{note.title}]({format_link(lay, note)})."


def field_markdown(lay: render_docs.Layout, owner: TypeDef, field: Field) -> str:
    """The hover text editors show: description, then the facts as data.

    A fact the upstream prose already states is not repeated. A field whose values
    have a format (a quantity, an int-or-string, a time, a named string format) sums
    it up in one sentence and links its explanation: the upstream prose rarely says
    it, and the hover is where an author needs it.
    """
    parts = [field.description]
    note = format_note(lay.spec, field)
    if note is not None:
        parts.append(format_hover(lay, note, field.kind.is_collection))
    if field.has_default:
        parts.append(f"Default: `{json.dumps(field.default)}`")
    if field.immutable and "Cannot be updated" not in field.description:
        parts.append("Cannot be updated.")
    if field.deprecation and field.deprecation not in field.description:
        parts.append(f"**Deprecated:** {field.deprecation}")
    parts.append(f"[Reference]({docs_link(lay, owner.name, field.wire_name)})")
    return "\n\n".join(parts)


def enum_descriptions(kind: Enum) -> list[str]:
    """markdownEnumDescriptions, one per `enum` entry.

    An optional field's null is not an entry (an editor would offer it as a value): it
    is a branch of its own, whose description says what it means.
    """
    return [v.meaning for v in kind.values]


def default_snippets(snippets: tuple[Snippet, ...]) -> list[dict[str, Any]]:
    """yaml-language-server's defaultSnippets: a string starting with `^` is snippet
    text for the editor (`${1:web}` is a tab stop with `web` typed in)."""
    return [
        {"label": s.label, "description": s.description, "body": s.body}
        for s in snippets
    ]


def pod_spec_paths(spec: Spec) -> dict[str, list[str]]:
    """Where each kind of manifest keeps its pod spec, for tools that find pod specs
    in manifests with this schema (`podspec-gen validate` reads it)."""
    return {kind: list(steps) for kind, steps in spec.pod_spec_paths}


MANIFESTS = "kubernetes.schema.json"


def manifests_description(spec: Spec) -> str:
    kinds = ", ".join(f"{k.name} ({k.api_version})" for k in spec.kinds)
    return (
        f"Any Kubernetes manifest: a {kinds} is checked whole, its own fields and its "
        "pod spec; one at another version of a Kubernetes group (no dot in the group) "
        "is refused; every other kind or apiVersion passes. One glob or modeline "
        "serves a whole folder."
    )


# A `List` (what `kubectl get -o yaml` writes), or any kind ending in List with an
# `items` array as kubectl's decoder reads one (a PodList), holds documents: each item
# is checked as a document of its own, as the SDK's `list_items` has it.
LIST_ITEMS: dict[str, Any] = {
    "if": {
        "properties": {
            "kind": {"type": "string", "pattern": "List$"},
            "items": {"type": "array"},
        },
        "required": ["kind", "items"],
    },
    "then": {"properties": {"items": {"items": {"$ref": "#"}}}},
}


def kind_dispatch(spec: Spec) -> list[dict[str, Any]]:
    """For each manifest kind, `if` the document is of that kind at that apiVersion,
    `then` the kind's whole definition.

    An `if`/`then` per kind rather than a `oneOf`: an editor reports the failures of
    the one branch that applies at their own keys, where a `oneOf` would give one
    "matches no schema" at the document. A document without an apiVersion is taken
    at its kind's (and told it lacks one); another apiVersion passes unchecked.
    """
    return (
        [
            {
                "if": {
                    "properties": {
                        "apiVersion": {"const": k.api_version},
                        "kind": {"const": k.name},
                    },
                    "required": ["kind"],
                },
                "then": {"$ref": f"#/$defs/{k.name}"},
            }
            for k in spec.kinds
        ]
        + [removed_versions(k) for k in spec.kinds if k.removed_versions]
        + [kubernetes_group_versions(k) for k in spec.kinds]
        + [LIST_ITEMS]
    )


# An apiVersion whose group (all before the last '/'; none is core's) has no dot.
DOTLESS_GROUP = "^([^.]*/)?[^/]*$"


def kubernetes_group_versions(kind: ManifestKind) -> dict[str, Any]:
    """A kind at another version of a group without a dot is refused at its apiVersion:
    a CustomResourceDefinition's group has a dot, so only Kubernetes serves such a group,
    and it serves the kind at one version (manifests.removed says the same)."""
    others = [kind.api_version, *(v for v, _ in kind.removed_versions)]
    versions = {"pattern": DOTLESS_GROUP, "not": {"enum": others}}
    return _refused_at(kind, versions, f"is served at {kind.api_version} only")


def removed_versions(kind: ManifestKind) -> dict[str, Any]:
    """A kind at an apiVersion no server of the release serves is refused at its
    apiVersion (the API server finds no such kind), where any other passes."""
    said = "; ".join(f"{v} since Kubernetes {r}" for v, r in kind.removed_versions)
    versions = {"enum": [v for v, _ in kind.removed_versions]}
    return _refused_at(kind, versions, f"is no longer served at {said}")


def _refused_at(
    kind: ManifestKind, versions: dict[str, Any], why: str
) -> dict[str, Any]:
    """`if` a document of the kind has an apiVersion `versions` takes, `then` only the
    kind's own apiVersion passes, and the editor says why."""
    return {
        "if": {
            "properties": {"apiVersion": versions, "kind": {"const": kind.name}},
            "required": ["kind", "apiVersion"],
        },
        "then": {
            "properties": {
                "apiVersion": {
                    "const": kind.api_version,
                    "description": f"{kind.name} {why}.",
                }
            }
        },
    }


def catalog(spec: Spec) -> dict[str, Any]:
    """The SchemaStore catalog format, so a catalog-aware editor can offer the schemas."""
    return {
        "$schema": CATALOG_SCHEMA,
        "version": 1,
        "schemas": [
            {
                "name": e.title.format(version=spec.kubernetes),
                "description": e.description,
                "fileMatch": list(e.file_match),
                "url": schema_id(spec, e.file),
            }
            for e in entries(spec)
        ]
        + [
            {
                "name": f"Kubernetes {spec.kubernetes} manifests",
                "description": manifests_description(spec),
                "fileMatch": ["*.k8s.yaml", "*.k8s.yml"],
                "url": schema_id(spec, MANIFESTS),
            }
        ],
    }


def jobs(spec: Spec) -> list[Job]:
    from podspec_gen.render.job import Job, canonical_json

    lay = render_docs.layout(spec)  # where the "Reference" links point
    return [
        *(
            Job(
                f"jsonschema/{e.file}",
                "jsonschema/entry.schema.json.j2",
                {"entry": e, "layout": lay},
                canonical_json,
            )
            for e in entries(spec)
        ),
        Job(
            f"jsonschema/{MANIFESTS}",
            "jsonschema/kubernetes.schema.json.j2",
            {"layout": lay},
            canonical_json,
        ),
        Job(
            "jsonschema/catalog.json", "jsonschema/catalog.json.j2", {}, canonical_json
        ),
    ]


FILTERS: dict[str, Any] = {"tojson": tojson, "json_with_variants": with_variants}
GLOBALS: dict[str, Any] = {
    "json_schema_id": schema_id,
    "json_field_markdown": field_markdown,
    "json_enum_descriptions": enum_descriptions,
    "json_default_snippets": default_snippets,
    "json_docs_link": docs_link,
    "json_catalog": catalog,
    "json_pod_spec_paths": pod_spec_paths,
    "json_quantity_pattern": quantity_text.PATTERN,
    "json_quantity_message": quantity_text.MESSAGE,
    "json_rule_keywords": rule_keywords,
    "json_kind_dispatch": kind_dispatch,
    "json_manifests_description": manifests_description,
}
