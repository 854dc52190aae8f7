"""Stage 2: turn a checked RawSpec into the immutable model."""

from __future__ import annotations

from pathlib import Path

from generator.model.naming import first_sentence, python_name
from generator.model.typeexpr import parse_type
from generator.model.types import EnumValue, Field, Group, ListSemantics, Spec, TypeDef
from generator.spec.check import check_spec
from generator.spec.load import RawField, RawFile, RawSpec, RawType, load_spec


def read_spec(spec_dir: Path) -> Spec:
    """Load, check and build: the whole of the first two pipeline stages."""
    raw = load_spec(spec_dir)
    check_spec(raw)
    return build_model(raw)


def build_model(raw: RawSpec) -> Spec:
    used_by: dict[str, list[tuple[str, str]]] = {}
    for f in raw.files:
        for t in f.types:
            for field in t.fields:
                element = parse_type(str(field.get("type"))).element
                if element.kind == "ref":
                    used_by.setdefault(element.name, []).append((t.name, field.name))
    groups = tuple(_group(f, used_by) for f in raw.files)
    types = tuple(t for g in groups for t in g.types)
    root_name = str(raw.root.entries["root"].value)
    root = next(t for t in types if t.name == root_name)
    return Spec(str(raw.root.entries["kubernetes"].value), root, groups, types)


def _group(f: RawFile, used_by: dict[str, list[tuple[str, str]]]) -> Group:
    return Group(
        name=f.name,
        kind=f.kind,
        title=f.text("title"),
        summary=f.text("summary"),
        description=f.text("description").strip(),
        pod_spec_fields=tuple(name for name, _ in f.located_list("podSpecFields")),
        types=tuple(_type(t, f.name, used_by.get(t.name, [])) for t in f.types),
        example=f.text("example").strip("\n"),
    )


def _type(t: RawType, group: str, used_by: list[tuple[str, str]]) -> TypeDef:
    description = str(t.get("description")).strip()
    return TypeDef(
        name=t.name,
        upstream=_opt_str(t.get("upstream")),
        description=description,
        summary=first_sentence(description),
        group=group,
        fields=tuple(_field(f) for f in t.fields),
        scalar=_opt_str(t.get("scalar")),
        format=_opt_str(t.get("format")),
        map_type=_opt_str(t.get("mapType")),
        at_most_one_of=tuple(t.get("atMostOneOf", ())),  # type: ignore[arg-type]
        used_by=tuple(used_by),
    )


def _field(f: RawField) -> Field:
    description = str(f.get("description")).strip()
    return Field(
        wire_name=f.name,
        python_name=python_name(f.name),
        type=parse_type(str(f.get("type"))),
        description=description,
        summary=first_sentence(description),
        required=bool(f.get("required", False)),
        server_required=bool(f.get("serverRequired", False)),
        has_default="default" in f.entries,
        default=f.get("default"),
        enum=tuple(EnumValue(v.value, " ".join(v.meaning.split())) for v in f.enum),
        deprecation=_opt_str(f.get("deprecated")),
        immutable=bool(f.get("immutable", False)),
        minimum=f.get("minimum"),  # type: ignore[arg-type]
        maximum=f.get("maximum"),  # type: ignore[arg-type]
        pattern=_opt_str(f.get("pattern")),
        min_items=f.get("minItems"),  # type: ignore[arg-type]
        semantics=ListSemantics(
            list_type=_opt_str(f.get("listType")),
            map_keys=tuple(f.get("listMapKeys", ())),  # type: ignore[arg-type]
            patch_strategy=_opt_str(f.get("patchStrategy")),
            patch_merge_key=_opt_str(f.get("patchMergeKey")),
        ),
        map_type=_opt_str(f.get("mapType")),
    )


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)
