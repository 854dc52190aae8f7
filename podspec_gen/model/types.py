"""Stage 2: the immutable intermediate model every renderer reads.

Everything a renderer needs is computed here once (wire and Python names, which group
owns a type, who uses a type, JSON types and integer ranges), so templates never
re-derive it and the three outputs cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from podspec_gen.model.kinds import INT_RANGES, Enum, EnumValue, Kind, Named, ObjectRef
from podspec_gen.model.rules.vocab import Rule
from podspec_gen.spec.errors import Mark

__all__ = [
    "INT_RANGES",
    "EnumValue",
    "FeatureGate",
    "Field",
    "FieldType",
    "Format",
    "Group",
    "ManifestKind",
    "Publish",
    "Snippet",
    "Spec",
    "TypeDef",
]

PRIMITIVES = ("string", "boolean", "int32", "int64", "number")


@dataclass(frozen=True)
class FieldType:
    """A field's type as upstream's definitions write it: a primitive, a type name, or
    a list/map of one (a named enum is its base, `string`). What it means is the
    field's `kind`."""

    kind: str  # "primitive" | "ref" | "list" | "map"
    name: str = ""  # primitive name or referenced type name
    item: FieldType | None = None

    @property
    def element(self) -> FieldType:
        """The innermost non-container type (for enums, constraints and links)."""
        t = self
        while t.item is not None:
            t = t.item
        return t

    def __str__(self) -> str:
        if self.kind == "list":
            return f"list[{self.item}]"
        if self.kind == "map":
            return f"map[{self.item}]"
        return self.name


@dataclass(frozen=True)
class Snippet:
    """What an editor offers to insert (yaml-language-server's defaultSnippets)."""

    label: str
    description: str
    body: object  # JSON; "^${1:x}" strings are tab stops


@dataclass(frozen=True)
class Format:
    """A named string format: its pattern, and the message when a value fails it."""

    name: str
    pattern: str
    message: str
    description: str
    source: str | None = None  # where the server decides it
    # The server's own checks, in its order: (test, its argument, its words when the
    # value fails it, the part tested, the error type); test is "matches" or "refuses"
    # (a regex) or "maxBytes" (Go's len); the part is a regex's group ("": the whole
    # value); the error type is "Invalid" (`Invalid value: "x": words`) or "TooLong"
    # (`Too long: words`).
    server: tuple[tuple[str, object, str, str, str], ...] = ()
    # The server says Required of an empty value, then checks it too (IsRelaxedEnvVarName
    # runs whatever the length); otherwise it says Required alone.
    server_checks_empty: bool = False

    @property
    def checked_pattern(self) -> str:
        """The pattern a value must match: `pattern`, and, where a server check lists
        every value the server knows (`in`: a time zone database's names), one of
        those; an empty value is left to `pattern`, as the server checks it first."""
        names = [
            name
            for test, listed, *_ in self.server
            if test == "in" and isinstance(listed, tuple)
            for name in listed
        ]
        if not names:
            return self.pattern
        either = "|".join(re.sub(r"([.+*?()\[\]{}|^$\\])", r"\\\1", n) for n in names)
        return f"^(?=$|(?:{either})$)(?:{self.pattern})"


@dataclass(frozen=True)
class FeatureGate:
    """A feature gate (pkg/features/kube_features.go) at the spec's release."""

    name: str
    stage: str  # "alpha" | "beta" | "GA" | "deprecated"
    default: bool
    source: str
    release: str  # the release whose default `default` is

    @property
    def text(self) -> str:
        """What a field behind the gate says about it, in every output."""
        state = "on" if self.default else "off"
        release = ".".join(self.release.split(".")[:2])  # v1.37, not v1.37.0
        head = f"Feature gate `{self.name}` ({self.stage}, {state} by default in {release})"
        if self.default:
            return head + "."
        return (
            head + ": unless a cluster turns the gate on, the API server drops this "
            "field when it creates the object, so setting it has no effect."
        )


@dataclass(frozen=True)
class ListSemantics:
    list_type: str | None = None  # "atomic" | "set" | "map"
    map_keys: tuple[str, ...] = ()
    patch_strategy: str | None = None
    patch_merge_key: str | None = None


@dataclass(frozen=True)
class Field:
    wire_name: str
    python_name: str
    type: FieldType
    kind: Kind
    description: str
    summary: str  # first sentence, for tables
    required: bool  # required by upstream's schema
    server_required: (
        bool  # also required by the API server though upstream says optional
    )
    server_optional: bool  # upstream requires it, the API server does not: not required
    has_default: bool
    default: object
    enum: tuple[EnumValue, ...]
    deprecation: str | None
    immutable: bool
    minimum: int | float | None
    maximum: int | float | None
    # What the server says of a value outside them: (below, above, zero's message)
    range_error: tuple[str, str, str] | None
    # What the server says of it empty (or, required, absent): `Required value` with
    # this detail ("" for none), where it refuses "" rather than defaulting it
    required_error: str | None
    # What it says of a value outside the enum where that is Invalid, not NotSupported
    enum_error: str | None
    pattern: str | None
    min_items: int | None
    max_items: int | None
    semantics: ListSemantics
    map_type: str | None
    format: Format | None = None  # the named format `pattern` comes from, if any
    snippets: tuple[Snippet, ...] = ()
    # (fact, where the server decides it): enum, default, range, pattern, immutable...
    sources: tuple[tuple[str, str], ...] = ()
    # Upstream's description as the spec keeps it (sync compares it); `description` is
    # that plus the spec's own note, when it has one.
    upstream_description: str = ""
    mark: Mark = field(compare=False, repr=False, default=Mark("", 0, 0))

    empty_allowed: bool = False  # `pattern` also takes "" (the server skips it)
    format_judges_empty: bool = False  # no Required: the format judges "" and absent
    # The Go field is no pointer: the server defaults 0 as it does an unset value.
    zero_means_unset: bool = False
    # A controller makes each item (named by its metadata.name) a volume of the pods it
    # makes from the kind's template: a StatefulSet's claim templates.
    pod_volumes: bool = False
    gate: FeatureGate | None = None  # the feature gate the field is behind
    # The one value the field takes: a manifest kind's apiVersion and kind.
    const: str | None = None
    # A list of objects whose null item the server takes: Go's JSON decoder leaves it
    # the item type's zero value ({}), which nothing of that type rejects.
    null_items: bool = False
    server_name: str | None = None  # the server paths' name for it, where it differs
    server_path: str = ""  # where the server reports its checks' findings: a mode

    @property
    def pattern_message(self) -> str:
        """What a value that fails `pattern` is told."""
        message = (
            self.format.message
            if self.format is not None
            else f"must match the pattern {self.pattern}"
        )
        # A required field's "" is refused by a rule of its own (Required), not the
        # pattern: the message then does not offer it.
        empty = self.empty_allowed and not self.must_be_set
        return f"{message}, or be empty" if empty else message

    @property
    def must_be_set(self) -> bool:
        """Required in a document: by upstream, by the server, or as a manifest
        kind's apiVersion and kind, which say what the document is."""
        return self.required or self.server_required or self.const is not None


@dataclass(frozen=True)
class TypeDef:
    name: str
    upstream: str | None
    description: str
    summary: str
    group: str  # name of the file that owns it
    fields: tuple[Field, ...]
    scalar: str | None  # set for primitive wrappers such as Quantity and IntOrString
    format: str | None
    map_type: str | None
    used_by: tuple[
        tuple[str, str], ...
    ]  # (type name, wire name) of fields that reference it
    kind: Named  # what a field that names this type holds
    snippets: tuple[Snippet, ...] = ()
    mark: Mark = field(compare=False, repr=False, default=Mark("", 0, 0))
    api_version: str | None = None  # set for a manifest kind (the type's name)
    read_only: bool = False  # written by the system: accepted unchecked

    @property
    def is_object(self) -> bool:
        """Whether the type has fields of its own (a class in the SDKs, an object in
        the schema), as its kind says."""
        return isinstance(self.kind, ObjectRef)


@dataclass(frozen=True)
class Group:
    name: str
    kind: str  # "root" | "group" | "shared"
    title: str
    summary: str
    description: str
    pod_spec_fields: tuple[str, ...]
    types: tuple[TypeDef, ...]
    example: str = ""  # YAML text of a pod spec showing the group's fields; "" if none
    enums: tuple[Enum, ...] = ()  # the named enums the group declares


@dataclass(frozen=True)
class ManifestKind:
    """A kind of manifest that carries a pod spec, and where: the keys from the
    document down to its pod spec, and to the metadata of the pods it makes (a Pod's
    own; a workload's pod template's)."""

    name: str
    api_version: str
    pod_spec_path: tuple[str, ...]
    # The keys down to each list whose items the controller makes volumes of every
    # pod (a field with `podVolumes`).
    pod_volume_lists: tuple[tuple[str, ...], ...] = ()
    # The API versions no server of the spec's release serves the kind at:
    # (apiVersion, the release that stopped serving it), and where that is stated.
    removed_versions: tuple[tuple[str, str], ...] = ()
    removed_source: str = ""
    # Its pod spec fields the server empties before validating them, and the source.
    cleared: tuple[str, ...] = ()
    cleared_source: str = ""

    @property
    def pod_metadata_path(self) -> tuple[str, ...]:
        return (*self.pod_spec_path[:-1], "metadata")

    @property
    def template_path(self) -> tuple[str, ...] | None:
        """The keys down to the pod template; None for a Pod, which is no template."""
        return self.pod_spec_path[:-1] or None


@dataclass(frozen=True)
class Publish:
    """Where the outputs are published: `{version}` stands for the Kubernetes release.

    The schemas' `$id` is `schemas` with the file name appended; the schema's
    Reference links are `docs` followed by a page and its anchor.
    """

    schemas: str
    docs: str

    def schema_url(self, version: str, file: str) -> str:
        return self.schemas.format(version=version) + file

    def docs_url(self, version: str, page: str) -> str:
        return self.docs.format(version=version).rstrip("/") + "/" + page


@dataclass(frozen=True)
class Example:
    """A titled example: the YAML text of a pod spec, or of a manifest (with its
    `apiVersion` and `kind`), shown as written."""

    title: str
    text: str


@dataclass(frozen=True)
class MergeExample:
    """A worked strategic merge patch: `original` patched by `patch` is `result`."""

    title: str
    original: str
    patch: str
    result: str


@dataclass(frozen=True)
class Concept:
    """A concept page of the docs. Its body links by `field:`, `type:`, `concept:`
    and `page:` targets, which the docs renderer resolves."""

    id: str
    title: str
    summary: str
    body: str
    examples: tuple[Example, ...] = ()
    merges: tuple[MergeExample, ...] = ()


@dataclass(frozen=True)
class Spec:
    kubernetes: str
    root: TypeDef
    groups: tuple[Group, ...]  # root, then field groups in declared order, then shared
    types: tuple[TypeDef, ...]  # every type, in group order
    enums: tuple[Enum, ...] = ()  # every named enum, in group order
    formats: tuple[Format, ...] = ()  # every named string format
    gates: tuple[FeatureGate, ...] = ()  # every feature gate a field is behind
    # The manifest kinds, in spec order, each with where it carries its pod spec.
    kinds: tuple[ManifestKind, ...] = ()
    # The kinds each API version of Kubernetes' groups without a dot serves (the
    # workloads file's servedKinds), and where that is stated.
    served_kinds: tuple[tuple[str, tuple[str, ...]], ...] = ()
    served_source: str = ""
    rules: tuple[Rule, ...] = ()  # the server's rules across fields, in spec order
    publish: Publish | None = None  # unset: the outputs refer to each other by path
    concepts: tuple[Concept, ...] = ()  # the docs' concept pages, in reading order
    concepts_file: str = ""  # the spec file that holds them, e.g. "concepts.yaml"

    @property
    def pod_spec_paths(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(kind, keys from a manifest of that kind down to its pod spec)."""
        return tuple((k.name, k.pod_spec_path) for k in self.kinds)

    @property
    def null_items(self) -> frozenset[str]:
        """The object types whose lists take a null item (`Field.null_items`)."""
        return frozenset(
            f.type.item.name
            for t in self.types
            for f in t.fields
            if f.null_items and f.type.item is not None
        )

    def rules_of(self, name: str) -> tuple[Rule, ...]:
        """The rules hosted by type `name`."""
        return tuple(r for r in self.rules if r.host == name)

    def type(self, name: str) -> TypeDef:
        for t in self.types:
            if t.name == name:
                return t
        raise KeyError(name)

    def group(self, name: str) -> Group:
        for g in self.groups:
            if g.name == name:
                return g
        raise KeyError(name)

    def users(self, name: str) -> tuple[tuple[str, str], ...]:
        """(type name, wire name) of every field whose values are of the named type
        or named enum, itself or in a list or map."""
        return tuple(
            (t.name, f.wire_name)
            for t in self.types
            for f in t.fields
            if f.kind.element.ref == name
        )

    def group_of_pod_field(self, wire_name: str) -> Group:
        for g in self.groups:
            if wire_name in g.pod_spec_fields:
                return g
        raise KeyError(wire_name)
