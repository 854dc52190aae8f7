"""The raw records stage 1 hands to the meaning checks and the model builder.

Every value is typed as the shape checks guarantee it, so later stages need no casts;
`mark_of` gives the position of any key's value for their messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from podspec_gen.spec.errors import Mark, Problem, SpecError
from podspec_gen.spec.rule_records import RawRule

# JSON values as the spec may write them (a default, a list of them, an object of them).
JSON = object


@dataclass(frozen=True)
class RawEnumValue:
    value: str | int
    meaning: str
    mark: Mark


@dataclass(frozen=True)
class RawSnippet:
    """What an editor offers to insert: `body` is the JSON value, with `^${1:x}`
    strings as tab stops (yaml-language-server's defaultSnippets)."""

    label: str
    description: str
    body: JSON
    mark: Mark


@dataclass(frozen=True)
class RawFormat:
    """A named string format: the pattern a value must match and the message shown
    when it does not."""

    name: str
    pattern: str
    message: str
    description: str
    mark: Mark
    source: str | None = None  # where the server decides it
    # The server's own checks, in its order: (test, its argument, the server's words,
    # the regex whose group is the part tested, or "" for the whole value, the error
    # type: "Invalid" or "TooLong").
    server: tuple[tuple[str, object, str, str, str], ...] = ()
    server_checks_empty: bool = False  # an empty value is checked after its Required


@dataclass(frozen=True)
class RawGate:
    """A feature gate: its stage and its default in the release the spec describes."""

    name: str
    stage: str
    default: bool
    source: str
    mark: Mark


@dataclass(frozen=True)
class RawLink:
    """A link of a concept's body to the docs: `field:Type.wire`, `type:Name`,
    `concept:id` or `page:file.md`, resolved when the docs are rendered."""

    scheme: str
    target: str
    mark: Mark


@dataclass(frozen=True)
class RawYaml:
    """The YAML text of an example (a pod spec, or a manifest), parsed once."""

    text: str
    data: dict[str, object]
    mark: Mark


@dataclass(frozen=True)
class RawMerge:
    """A worked strategic merge: `original` patched by `patch` gives `result`."""

    title: str
    original: RawYaml
    patch: RawYaml
    result: RawYaml


@dataclass(frozen=True)
class RawConcept:
    """A concept page of the docs: prose, and examples the tests check."""

    id: str
    title: str
    summary: str
    body: str
    mark: Mark
    examples: tuple[tuple[str, RawYaml], ...] = ()  # (title, YAML)
    merges: tuple[RawMerge, ...] = ()
    links: tuple[RawLink, ...] = ()


@dataclass(frozen=True)
class _Marked:
    """A record whose keys' value positions are known; absent keys fall back to `mark`."""

    name: str
    mark: Mark
    marks: Mapping[str, Mark]

    def mark_of(self, key: str) -> Mark:
        return self.marks.get(key, self.mark)

    def has(self, key: str) -> bool:
        """Whether the spec wrote `key` (a default of null is still a default)."""
        return key in self.marks


@dataclass(frozen=True)
class RawField(_Marked):
    type_expr: str
    description: str
    required: bool = False
    server_required: bool = False
    server_optional: bool = False  # upstream requires it; the API server does not
    has_default: bool = False
    default: JSON = None
    enum: tuple[RawEnumValue, ...] = ()
    deprecated: str | None = None
    immutable: bool = False
    minimum: int | float | None = None
    maximum: int | float | None = None
    range_error: tuple[str, str, str] | None = None  # below, above, zero
    required_error: str | None = None  # the detail of its Required value
    enum_error: str | None = None  # the detail of its Invalid value outside the enum
    pattern: str | None = None
    min_items: int | None = None
    max_items: int | None = None
    list_type: str | None = None
    list_map_keys: tuple[str, ...] = ()
    patch_strategy: str | None = None
    patch_merge_key: str | None = None
    map_type: str | None = None
    format: str | None = None  # a named format of the spec's `formats:`
    snippets: tuple[RawSnippet, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)  # fact -> where decided
    note: str | None = None  # our correction of upstream's description
    empty_allowed: bool = False  # "" passes the pattern: the server skips it
    format_judges_empty: bool = False  # "" and absent get the format's words
    zero_means_unset: bool = False  # 0 is defaulted like an unset value
    pod_volumes: bool = (
        False  # each item becomes a volume of the pods a controller makes
    )
    gate: str | None = None  # the feature gate the field is behind
    # The name the server's paths give what it validates inside the field
    # (`fldPath.Child("persistentDisk")` for gcePersistentDisk), where it differs.
    server_name: str | None = None
    # Where the server reports what its checks of the value find (format, enum,
    # required): a `serverPath` mode, or "" for the field itself.
    server_path: str = ""


@dataclass(frozen=True)
class RawType(_Marked):
    file: str
    description: str
    upstream: str | None = None
    fields: tuple[RawField, ...] = ()
    # The scalar kind; a named enum's is its `scalar`, "string" when not written.
    scalar: str | None = None
    format: str | None = None
    map_type: str | None = None
    enum: tuple[RawEnumValue, ...] = ()
    snippets: tuple[RawSnippet, ...] = ()
    source: str | None = None  # a named enum's: where the server decides its values
    # Fields that had shape problems: reported already, so a meaning check should not
    # also complain that they are missing.
    left_out_fields: frozenset[str] = frozenset()
    rules: tuple[RawRule, ...] = ()
    # A manifest kind (the type's name) of this API version: apiVersion and kind are
    # fixed, and the model finds where it carries its pod spec.
    api_version: str | None = None
    # A manifest kind's API versions no longer served: (apiVersion, the release that
    # stopped), and where that is stated.
    removed_versions: tuple[tuple[str, str], ...] = ()
    removed_source: str | None = None
    removed_marks: Mapping[str, Mark] = field(default_factory=dict)
    # A manifest kind's pod spec fields the server empties in its pod template before
    # it validates it (`serverClears`), where that is stated, and where they are written.
    cleared_fields: tuple[str, ...] = ()
    cleared_source: str | None = None
    cleared_mark: Mark | None = None
    # Written by the system (a status): accepted as any object, never checked, and
    # its upstream fields are not the spec's.
    read_only: bool = False

    @property
    def is_enum(self) -> bool:
        return bool(self.enum)


@dataclass(frozen=True)
class RawFile(_Marked):
    """One spec file: the root, a field group, or the shared types."""

    kind: str  # "root" | "group" | "shared" | "workloads"
    display: str
    title: str = ""
    summary: str = ""
    description: str = ""
    example: str = ""
    types: tuple[RawType, ...] = ()
    pod_spec_fields: tuple[tuple[str, Mark], ...] = ()  # groups only
    gathers: tuple[tuple[str, Mark], ...] = ()  # groups only
    formats: tuple[RawFormat, ...] = ()
    gates: tuple[RawGate, ...] = ()
    left_out_formats: frozenset[str] = frozenset()
    # The workloads file only: the kinds each API version of Kubernetes' groups without
    # a dot serves, where that is stated, and where each version is written.
    served_kinds: tuple[tuple[str, tuple[str, ...]], ...] = ()
    served_source: str = ""
    served_marks: dict[str, Mark] = field(default_factory=dict)
    kubernetes: str = ""  # the root only, as the rest below
    root_type: str = ""
    groups: tuple[tuple[str, Mark], ...] = ()
    shared: str = ""
    workloads: str = ""  # the file of the manifest kinds that carry a pod spec
    concepts: str = ""  # the file of the docs' concept pages
    # (schemas, docs): the URL templates the outputs are published under, if written.
    publish: tuple[str, str] | None = None
    # Keys present but ill-formed, or required but missing: their value above is the
    # empty default, and the problem is already reported.
    broken_keys: frozenset[str] = frozenset()
    # Types that had shape problems, left out of `types`.
    left_out_types: frozenset[str] = frozenset()

    def text(self, key: str) -> str:
        value = {
            "title": self.title,
            "summary": self.summary,
            "description": self.description,
            "example": self.example,
            "kubernetes": self.kubernetes,
            "root": self.root_type,
            "shared": self.shared,
            "workloads": self.workloads,
            "concepts": self.concepts,
        }.get(key)
        if value is None:
            raise KeyError(f"{key!r} is not a text key of a spec file")
        return value

    def located_list(self, key: str) -> tuple[tuple[str, Mark], ...]:
        if key == "podSpecFields":
            return self.pod_spec_fields
        if key == "groups":
            return self.groups
        raise KeyError(f"{key!r} is not a list key of a spec file")


@dataclass(frozen=True)
class RawSpec:
    """What stage 1 read: the well-formed records, and every problem it found.

    A broken field or type is left out (its name kept, so later checks can stay quiet
    about it); a file that cannot be read is named in `unread_files`.
    """

    root: RawFile
    files: tuple[RawFile, ...]  # root first, then groups in declared order, then shared
    problems: tuple[Problem, ...] = ()
    unread_files: tuple[str, ...] = ()
    left_out_types: frozenset[str] = frozenset()
    concepts: tuple[RawConcept, ...] = ()  # the docs' concept pages, in reading order

    @property
    def complete(self) -> bool:
        return not self.problems

    def raise_problems(self) -> None:
        """For callers that stop at shape problems: raise them all at once."""
        if self.problems:
            raise SpecError(self.problems)
