"""Read one spec type and its fields into typed raw records, checking their shape.

A type or field with any shape problem is left out of the result (its problems are
reported), so the meaning checks only ever see well-formed records.
"""

from __future__ import annotations

from podspec_gen.spec.entries import (
    bool_of,
    marks_of,
    opt_int,
    opt_number,
    opt_str,
    read_enum,
    str_of,
    str_tuple,
)
from podspec_gen.spec.errors import Mark, Problem
from podspec_gen.spec.extras import read_snippets, read_sources
from podspec_gen.spec.range_error import range_error_of
from podspec_gen.spec.read_cleared import read_cleared
from podspec_gen.spec.read_removed import read_removed
from podspec_gen.spec.read_rules import read_rules
from podspec_gen.spec.records import RawEnumValue, RawField, RawSnippet, RawType
from podspec_gen.spec.shape import (
    Entry,
    read_mapping,
)
from podspec_gen.spec.type_keys import ENUM_SCALARS, FIELD_KEYS, TYPE_KEYS
from podspec_gen.spec.yaml_source import YMap, YNode, YScalar


def read_type(
    key: YScalar, node: YNode, file: str, problems: list[Problem]
) -> RawType | None:
    """The type `key: node` of spec file `file`, or None when it is ill-formed."""
    name = key.value
    if not isinstance(name, str):
        problems.append(Problem(key.mark, f"type name {name!r} must be a string"))
        return None
    what = f"type '{name}'"
    found: list[Problem] = []
    entries = read_mapping(node, TYPE_KEYS, what, found)
    if entries is None:
        problems.extend(found)
        return None
    enum = _read_type_enum(what, entries, found)
    snippets = read_snippets(entries.get("snippets"), what, found)
    assert isinstance(node, YMap)  # read_mapping returned entries
    written = {k.value for k, _ in node.items}
    _check_type_kind(what, key.mark, entries, written, found)
    # A broken field leaves only itself out; its type stays for the meaning checks.
    fields, left_out = _read_fields(name, entries.get("fields"), problems)
    # A broken rule leaves only itself out, reported, like a broken field.
    rules = read_rules(entries.get("rules"), name, problems)
    removed, removed_source, removed_marks = read_removed(
        entries.get("removedVersions"), what, found
    )
    cleared, cleared_source, cleared_mark = read_cleared(
        entries.get("serverClears"), what, found
    )
    problems.extend(found)
    if found:
        return None
    scalar = opt_str(entries, "scalar")
    if enum and scalar is None:
        scalar = "string"
    return RawType(
        name=name,
        mark=key.mark,
        marks=marks_of(entries),
        file=file,
        description=str_of(entries, "description"),
        upstream=opt_str(entries, "upstream"),
        fields=fields,
        scalar=scalar,
        format=opt_str(entries, "format"),
        map_type=opt_str(entries, "mapType"),
        enum=enum,
        snippets=snippets,
        source=opt_str(entries, "source"),
        left_out_fields=left_out,
        rules=rules,
        api_version=opt_str(entries, "apiVersion"),
        removed_versions=removed,
        removed_source=removed_source,
        removed_marks=removed_marks,
        cleared_fields=cleared,
        cleared_source=cleared_source,
        cleared_mark=cleared_mark,
        read_only=bool_of(entries, "readOnly"),
    )


def _check_type_kind(
    what: str,
    mark: Mark,
    entries: dict[str, Entry],
    written: set[object],
    problems: list[Problem],
) -> None:
    """A type is an object (`fields`), a primitive wrapper (`scalar`) or a named enum
    (`enum`, optionally with `scalar: string|integer`): exactly one of them."""
    if "enum" in entries:
        if "fields" in entries:
            problems.append(
                Problem(
                    entries["fields"].key_mark,
                    f"{what}: a named enum has no 'fields'",
                )
            )
        scalar = entries.get("scalar")
        if scalar is not None and scalar.value not in ENUM_SCALARS:
            problems.append(
                Problem(
                    scalar.mark,
                    f"{what}: a named enum's 'scalar' is string or integer, "
                    f"not {scalar.value}",
                )
            )
    elif "scalar" in entries and "fields" in entries:
        problems.append(
            Problem(
                entries["fields"].key_mark,
                f"{what}: a type has 'fields' or 'scalar', not both",
            )
        )
    if (
        "readOnly" in entries
        and entries["readOnly"].value
        and ("scalar" not in entries or entries["scalar"].value != "object")
    ):
        problems.append(
            Problem(
                entries["readOnly"].key_mark,
                f"{what}: a read-only type is accepted unchecked: it needs "
                "'scalar: object' and no 'fields'",
            )
        )
    for key in ("removedVersions", "serverClears"):
        if key in entries and "apiVersion" not in entries:
            problems.append(
                Problem(
                    entries[key].key_mark,
                    f"{what}: '{key}' belongs to a manifest kind (with "
                    "'apiVersion')",
                )
            )
    if "apiVersion" in entries and "fields" not in entries:
        problems.append(
            Problem(
                entries["apiVersion"].key_mark,
                f"{what}: a manifest kind (with 'apiVersion') needs 'fields'",
            )
        )
    if not written & {"scalar", "fields", "enum"}:
        problems.append(
            Problem(
                mark,
                f"{what}: needs 'fields' (an object), 'scalar' (a primitive wrapper) "
                "or 'enum' (a named enum)",
            )
        )


def _read_type_enum(
    what: str, entries: dict[str, Entry], problems: list[Problem]
) -> tuple[RawEnumValue, ...]:
    entry = entries.get("enum")
    if entry is None:
        return ()
    assert isinstance(entry.value, YMap)
    scalar = entries.get("scalar")
    kind = scalar.value if scalar is not None else "string"
    values = read_enum(entry.value, entry.mark, what, problems)
    for v in values:
        if kind == "string" and not isinstance(v.value, str):
            problems.append(
                Problem(
                    v.mark,
                    f"{what}: enum value {v.value!r} is not a string "
                    "(quote it, or set 'scalar: integer')",
                )
            )
        elif kind == "integer" and not isinstance(v.value, int):
            problems.append(
                Problem(v.mark, f"{what}: enum value {v.value!r} is not an integer")
            )
    return values


def _read_fields(
    owner: str, entry: Entry | None, problems: list[Problem]
) -> tuple[tuple[RawField, ...], frozenset[str]]:
    if entry is None:
        return (), frozenset()
    assert isinstance(entry.value, YMap)
    fields: list[RawField] = []
    left_out: set[str] = set()
    seen: dict[str, Mark] = {}
    for field_key, field_node in entry.value.items:
        fname = field_key.value
        if not isinstance(fname, str):
            problems.append(
                Problem(
                    field_key.mark,
                    f"type '{owner}': field name {fname!r} must be a string",
                )
            )
            continue
        if fname in seen:
            problems.append(
                Problem(
                    field_key.mark,
                    f"type '{owner}': duplicate field '{fname}' "
                    f"(first at line {seen[fname].line})",
                )
            )
            continue
        seen[fname] = field_key.mark
        field = read_field(field_key, field_node, owner, problems)
        if field is None:
            left_out.add(fname)
        else:
            fields.append(field)
    return tuple(fields), frozenset(left_out)


def read_field(
    key: YScalar, node: YNode, owner: str, problems: list[Problem]
) -> RawField | None:
    """The field `key: node` of type `owner`, or None when it is ill-formed."""
    name = str(key.value)
    what = f"field '{owner}.{name}'"
    found: list[Problem] = []
    entries = read_mapping(node, FIELD_KEYS, what, found)
    enum: tuple[RawEnumValue, ...] = ()
    if entries is not None and "enum" in entries:
        enum_entry = entries["enum"]
        assert isinstance(enum_entry.value, YMap)
        enum = read_enum(enum_entry.value, enum_entry.mark, what, found)
    snippets: tuple[RawSnippet, ...] = ()
    sources: dict[str, str] = {}
    if entries is not None:
        _check_list_keys(what, entries, found)
        snippets = read_snippets(entries.get("snippets"), what, found)
        written = {k for k in entries if k != "sources"}
        sources = read_sources(entries.get("sources"), written, what, found)
        if "emptyAllowed" in entries and not {"format", "pattern"} & set(entries):
            found.append(
                Problem(
                    entries["emptyAllowed"].key_mark,
                    f"{what}: 'emptyAllowed' qualifies a 'pattern' or 'format', "
                    "and the field has neither",
                )
            )
        if "formatJudgesEmpty" in entries and (
            "format" not in entries
            or "requiredError" in entries
            or not (bool_of(entries, "required") or bool_of(entries, "serverRequired"))
        ):
            found.append(
                Problem(
                    entries["formatJudgesEmpty"].key_mark,
                    f"{what}: 'formatJudgesEmpty' qualifies a required field's "
                    "'format', and says there is no 'requiredError'",
                )
            )
        if "serverOptional" in entries and not bool_of(entries, "required"):
            found.append(
                Problem(
                    entries["serverOptional"].key_mark,
                    f"{what}: 'serverOptional' qualifies a field upstream requires "
                    "('required: true'); drop it",
                )
            )
        if "serverPath" in entries and not _server_checked(entries):
            found.append(
                Problem(
                    entries["serverPath"].key_mark,
                    f"{what}: 'serverPath' says where the server reports what it finds "
                    "wrong with the field's value, and the field states no check of "
                    "it ('format', 'enum', 'required', 'requiredError')",
                )
            )
        if "format" in entries and "pattern" in entries:
            found.append(
                Problem(
                    entries["format"].key_mark,
                    f"{what}: 'format' names a pattern already; drop 'pattern'",
                )
            )
    problems.extend(found)
    if entries is None or found:
        return None
    return RawField(
        name=name,
        mark=key.mark,
        marks=marks_of(entries),
        type_expr=str_of(entries, "type"),
        description=str_of(entries, "description"),
        required=bool_of(entries, "required"),
        server_required=bool_of(entries, "serverRequired"),
        server_optional=bool_of(entries, "serverOptional"),
        has_default="default" in entries,
        default=entries["default"].value if "default" in entries else None,
        enum=enum,
        deprecated=opt_str(entries, "deprecated"),
        immutable=bool_of(entries, "immutable"),
        minimum=opt_number(entries, "minimum"),
        maximum=opt_number(entries, "maximum"),
        range_error=(
            range_error_of(entries["rangeError"].value)
            if "rangeError" in entries
            else None
        ),
        enum_error=opt_str(entries, "enumError"),
        required_error=(
            str(entries["requiredError"].value) if "requiredError" in entries else None
        ),
        pattern=opt_str(entries, "pattern"),
        min_items=opt_int(entries, "minItems"),
        max_items=opt_int(entries, "maxItems"),
        list_type=opt_str(entries, "listType"),
        list_map_keys=str_tuple(entries, "listMapKeys"),
        patch_strategy=opt_str(entries, "patchStrategy"),
        patch_merge_key=opt_str(entries, "patchMergeKey"),
        map_type=opt_str(entries, "mapType"),
        format=opt_str(entries, "format"),
        snippets=snippets,
        sources=sources,
        note=opt_str(entries, "note"),
        empty_allowed=bool_of(entries, "emptyAllowed"),
        format_judges_empty=bool_of(entries, "formatJudgesEmpty"),
        zero_means_unset=bool_of(entries, "zeroMeansUnset"),
        pod_volumes=bool_of(entries, "podVolumes"),
        gate=opt_str(entries, "gate"),
        server_name=opt_str(entries, "serverName"),
        server_path=opt_str(entries, "serverPath") or "",
    )


def _server_checked(entries: dict[str, Entry]) -> bool:
    """Whether the field states a check the server makes of its value, whose
    findings `serverPath` moves: a format, an enum, or a presence it requires."""
    required = bool_of(entries, "required") and not bool_of(entries, "serverOptional")
    return (
        bool({"format", "enum", "requiredError"} & set(entries))
        or required
        or bool_of(entries, "serverRequired")
    )


def _check_list_keys(
    what: str, entries: dict[str, Entry], problems: list[Problem]
) -> None:
    """`listType: map` and `listMapKeys` come together: a map list is keyed."""
    list_type = entries.get("listType")
    keys = entries.get("listMapKeys")
    if list_type is not None and list_type.value == "map" and keys is None:
        problems.append(
            Problem(list_type.mark, f"{what}: 'listType: map' needs 'listMapKeys'")
        )
    if keys is None:
        return
    if list_type is None or list_type.value != "map":
        problems.append(
            Problem(keys.mark, f"{what}: 'listMapKeys' needs 'listType: map'")
        )
    assert isinstance(keys.value, tuple)
    if not keys.value:
        problems.append(
            Problem(keys.mark, f"{what}: 'listMapKeys' must name at least one key")
        )
    elif len(set(keys.value)) != len(keys.value):
        problems.append(Problem(keys.mark, f"{what}: 'listMapKeys' names a key twice"))
