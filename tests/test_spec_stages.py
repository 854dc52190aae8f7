"""Each pipeline stage on its own, on a tiny inline spec: load, check, build, type
expressions, and the writer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from podspec_gen.model.build import build_model, read_spec
from podspec_gen.model.typeexpr import TypeExprError, parse_type
from podspec_gen.model.types import EnumValue, FieldType, ListSemantics
from podspec_gen.spec.errors import Mark, Problem, SpecError
from podspec_gen.spec.load import RawSpec, load_raw_spec, load_spec
from podspec_gen.spec.patterns import PatternProblem, pattern_problem
from podspec_gen.spec.yaml_source import YMap, load_yaml, parse_yaml
from podspec_gen.write import Drift, compare, write

ROOT = """\
kubernetes: v1.99.0
root: PodSpec
groups: [alpha, beta]
shared: shared
title: PodSpec
summary: A tiny pod.
description: |
  Just enough to exercise every stage.
types:
  PodSpec:
    upstream: io.k8s.api.core.v1.PodSpec
    description: The root. It has two fields.
    fields:
      hostIPC:
        type: boolean
        description: Share the host's IPC namespace.
        default: false
      items:
        type: list[Item]
        required: true
        description: The items.
        minItems: 1
        listType: map
        listMapKeys: [name]
"""

ALPHA = """\
title: Alpha
summary: The host part.
description: Alpha owns hostIPC.
podSpecFields:
  - hostIPC
"""

BETA = """\
title: Beta
summary: The item part.
description: Beta owns items.
podSpecFields: [items]
types:
  Item:
    description: One item.
    fields:
      name:
        type: string
        required: true
        description: Its name.
        pattern: '^[a-z]+$'
      policy:
        type: string
        description: How to treat it.
        default: Keep
        enum:
          Keep: Leave it alone.
          Drop: Throw it away.
      size:
        type: Quantity
        description: How big.
      labels:
        type: map[string]
        description: Free-form labels.
"""

SHARED = """\
title: Shared
summary: Shared types.
description: Used by several groups.
types:
  Quantity:
    upstream: io.k8s.apimachinery.pkg.api.resource.Quantity
    description: A fixed-point number.
    scalar: quantity
"""


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line that contains `needle`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def col_of(text: str, needle: str) -> int:
    for line in text.splitlines():
        if needle in line:
            return line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in text")


def mark(file: str, text: str, needle: str) -> Mark:
    return Mark(f"spec/{file}", line_of(text, needle), col_of(text, needle))


@pytest.fixture
def spec_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "spec"
    folder.mkdir()
    for name, text in (
        ("podspec", ROOT),
        ("alpha", ALPHA),
        ("beta", BETA),
        ("shared", SHARED),
    ):
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # so marks read spec/<file>
    return Path("spec")


# ---- stage 1a: load ---------------------------------------------------------------------


def test_load_reads_files_in_declared_order(spec_dir: Path) -> None:
    raw = load_spec(spec_dir)
    assert [(f.name, f.kind, f.display) for f in raw.files] == [
        ("podspec", "root", "spec/podspec.yaml"),
        ("alpha", "group", "spec/alpha.yaml"),
        ("beta", "group", "spec/beta.yaml"),
        ("shared", "shared", "spec/shared.yaml"),
    ]
    assert raw.root is raw.files[0]
    assert raw.root.text("summary") == "A tiny pod."
    assert raw.root.kubernetes == "v1.99.0"
    assert raw.root.root_type == "PodSpec"
    assert raw.root.shared == "shared"
    assert [name for name, _ in raw.root.groups] == ["alpha", "beta"]
    assert raw.problems == () and raw.complete


def test_load_keeps_marks_of_types_fields_keys_and_values(spec_dir: Path) -> None:
    raw = load_spec(spec_dir)
    root_type = raw.root.types[0]
    assert root_type.name == "PodSpec"
    assert root_type.file == "podspec"
    assert root_type.mark == mark("podspec.yaml", ROOT, "PodSpec:")
    host_ipc, items = root_type.fields
    assert host_ipc.name == "hostIPC"
    assert host_ipc.mark == mark("podspec.yaml", ROOT, "hostIPC:")
    assert host_ipc.has_default and host_ipc.default is False
    assert (host_ipc.type_expr, host_ipc.required) == ("boolean", False)
    assert host_ipc.mark_of("default") == Mark(
        "spec/podspec.yaml", line_of(ROOT, "default: false"), col_of(ROOT, "false")
    )
    assert host_ipc.mark_of("pattern") == host_ipc.mark  # absent key: the field's mark
    assert (items.list_type, items.list_map_keys) == ("map", ("name",))
    assert (items.required, items.min_items, items.has_default) == (True, 1, False)
    assert items.mark_of("required") == Mark(
        "spec/podspec.yaml", line_of(ROOT, "required: true"), col_of(ROOT, "true")
    )

    beta = raw.files[2]
    item = beta.types[0]
    assert item.mark == mark("beta.yaml", BETA, "Item:")
    assert [f.name for f in item.fields] == ["name", "policy", "size", "labels"]
    policy = item.fields[1]
    assert [(v.value, v.meaning, v.mark) for v in policy.enum] == [
        ("Keep", "Leave it alone.", mark("beta.yaml", BETA, "Keep:")),
        ("Drop", "Throw it away.", mark("beta.yaml", BETA, "Drop:")),
    ]
    assert beta.located_list("podSpecFields") == (
        ("items", Mark("spec/beta.yaml", line_of(BETA, "podSpecFields"), 17)),
    )
    alpha = raw.files[1]
    assert alpha.types == ()
    assert alpha.located_list("podSpecFields") == (
        ("hostIPC", Mark("spec/alpha.yaml", line_of(ALPHA, "- hostIPC"), 5)),
    )
    shared = raw.files[3].types[0]
    assert (shared.scalar, shared.upstream) == (
        "quantity",
        "io.k8s.apimachinery.pkg.api.resource.Quantity",
    )
    assert shared.fields == ()


def test_load_reports_every_shape_problem_at_once(spec_dir: Path) -> None:
    broken = BETA.replace("        required: true\n", "        required: 1\n").replace(
        "      size:\n", "      size:\n        typ: x\n"
    )
    (spec_dir / "beta.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(SpecError) as error:
        load_spec(spec_dir)
    assert [str(p) for p in error.value.problems] == [
        f"{mark('beta.yaml', broken, 'required: 1').file}:"
        f"{line_of(broken, 'required: 1')}:19: field 'Item.name': "
        "'required': expected true or false, got an integer",
        f"spec/beta.yaml:{line_of(broken, 'typ: x')}:9: field 'Item.size': "
        "unknown key 'typ' (did you mean 'type'?)",
    ]


def test_load_reports_missing_required_keys(spec_dir: Path) -> None:
    (spec_dir / "alpha.yaml").write_text(
        "title: Alpha\nsummary: S.\ndescription: D.\n", encoding="utf-8"
    )
    with pytest.raises(SpecError) as error:
        load_spec(spec_dir)
    assert error.value.problems == (
        Problem(
            Mark("spec/alpha.yaml", 1, 1),
            "spec/alpha.yaml: missing required key 'podSpecFields'",
        ),
    )


def test_load_without_a_root_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "spec").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SpecError) as error:
        load_spec(Path("spec"))
    assert [str(p) for p in error.value.problems] == [
        "spec/podspec.yaml:1:1: root spec file not found"
    ]


def test_load_raw_spec_keeps_the_well_formed_records(spec_dir: Path) -> None:
    """A shape problem leaves only its own type or field out, so meaning checks can
    still run on the rest; load_spec raises the same problems."""
    broken = BETA.replace("        required: true\n", "        required: 1\n")
    (spec_dir / "beta.yaml").write_text(broken, encoding="utf-8")
    (spec_dir / "alpha.yaml").write_text("title: [\n", encoding="utf-8")
    raw = load_raw_spec(spec_dir)
    assert not raw.complete
    assert [f.name for f in raw.files] == ["podspec", "beta", "shared"]
    assert raw.unread_files == ("alpha",)
    item = raw.files[1].types[0]
    assert [f.name for f in item.fields] == ["policy", "size", "labels"]
    assert item.left_out_fields == frozenset({"name"})
    assert raw.left_out_types == frozenset()
    with pytest.raises(SpecError) as error:
        load_spec(spec_dir)
    assert error.value.problems == raw.problems
    assert [p.mark.file for p in raw.problems] == ["spec/alpha.yaml", "spec/beta.yaml"]


def test_load_leaves_a_broken_type_out_and_names_it(spec_dir: Path) -> None:
    broken = BETA.replace("    description: One item.\n", "    descripton: One item.\n")
    (spec_dir / "beta.yaml").write_text(broken, encoding="utf-8")
    (spec_dir / "alpha.yaml").write_text(
        ALPHA.replace("title: Alpha", "title: 5"), encoding="utf-8"
    )
    raw = load_raw_spec(spec_dir)
    assert raw.files[2].types == ()
    assert raw.left_out_types == frozenset({"Item"})
    assert raw.files[1].title == "" and raw.files[1].broken_keys == {"title"}
    assert [p.message for p in raw.problems] == [
        "spec/alpha.yaml: 'title': expected a string, got an integer",
        "type 'Item': missing required key 'description'",
        "type 'Item': unknown key 'descripton' (did you mean 'description'?)",
    ]


def test_load_raw_spec_without_a_root_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "spec").mkdir()
    monkeypatch.chdir(tmp_path)
    raw = load_raw_spec(Path("spec"))
    assert raw.unread_files == ("podspec",)
    assert raw.root.types == () and raw.root.root_type == ""
    assert [str(p) for p in raw.problems] == [
        "spec/podspec.yaml:1:1: root spec file not found"
    ]


NAMED_ENUMS = """\
  PullPolicy:
    description: When to pull.
    enum:
      Always: Every time.
      Never: Not at all.
  Level:
    description: How loud.
    scalar: integer
    enum:
      1: Quiet.
      2: Loud.
"""


def test_load_reads_named_enum_types(spec_dir: Path) -> None:
    (spec_dir / "shared.yaml").write_text(SHARED + NAMED_ENUMS, encoding="utf-8")
    raw = load_raw_spec(spec_dir)
    assert raw.problems == ()
    _, pull, level = raw.files[3].types
    assert (pull.name, pull.scalar, pull.fields, pull.is_enum) == (
        "PullPolicy",
        "string",
        (),
        True,
    )
    assert [(v.value, v.meaning) for v in pull.enum] == [
        ("Always", "Every time."),
        ("Never", "Not at all."),
    ]
    assert pull.enum[0].mark == mark("shared.yaml", SHARED + NAMED_ENUMS, "Always:")
    assert (level.scalar, [v.value for v in level.enum]) == ("integer", [1, 2])


@pytest.mark.parametrize(
    ("edit", "needle", "message"),
    [
        (
            ("    enum:\n      Always", "    fields: {}\n    enum:\n      Always"),
            "fields: {}",
            "type 'PullPolicy': a named enum has no 'fields'",
        ),
        (
            ("      Never: Not at all.", "      3: Not at all."),
            "3: Not",
            "type 'PullPolicy': enum value 3 is not a string "
            "(quote it, or set 'scalar: integer')",
        ),
        (
            ("      2: Loud.", "      Two: Loud."),
            "Two:",
            "type 'Level': enum value 'Two' is not an integer",
        ),
        (
            ("    scalar: integer\n", "    scalar: object\n"),
            "object",
            "type 'Level': a named enum's 'scalar' is string or integer, not object",
        ),
        (
            (
                "    enum:\n      Always: Every time.\n      Never: Not at all.\n",
                "    enum: {}\n",
            ),
            "{}",
            "type 'PullPolicy': 'enum' must list at least one value",
        ),
    ],
)
def test_load_refuses_ill_formed_named_enums(
    spec_dir: Path, edit: tuple[str, str], needle: str, message: str
) -> None:
    text = SHARED + NAMED_ENUMS.replace(*edit)
    (spec_dir / "shared.yaml").write_text(text, encoding="utf-8")
    raw = load_raw_spec(spec_dir)
    assert [str(p) for p in raw.problems] == [
        f"{mark('shared.yaml', text, needle)}: {message}"
    ]


def test_load_refuses_a_type_with_fields_and_scalar(spec_dir: Path) -> None:
    text = SHARED + "    fields: {}\n"
    (spec_dir / "shared.yaml").write_text(text, encoding="utf-8")
    assert [str(p) for p in load_raw_spec(spec_dir).problems] == [
        f"{mark('shared.yaml', text, 'fields:')}: "
        "type 'Quantity': a type has 'fields' or 'scalar', not both"
    ]


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{new}: &{new} [{', '.join(['*' + old] * 9)}]\n"
    for old, new in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("a: 1\nb: fo\x00o\n", (2, 6), "character U+0000 is not allowed in YAML"),
        ("a: 1\nb: é\x07\n", (2, 5), "character U+0007 is not allowed in YAML"),
        (
            'a: 1\nb: "foo\nc: 2\n',
            (2, 4),
            "malformed YAML: the quoted string opened here is not closed "
            "(found unexpected end of stream at line 4, column 1)",
        ),
        (
            "a: 1\nb: [x, y\nc: 2\n",
            (2, 4),
            "malformed YAML: the '[' list opened here is not closed "
            "(did not find expected ',' or ']' at line 3, column 2)",
        ),
        (
            "a: 1\nb: {x: 1\nc: 2\n",
            (2, 4),
            "malformed YAML: the '{' mapping opened here is not closed "
            "(did not find expected ',' or '}' at line 3, column 2)",
        ),
        (
            "a: [x, y z: w: q]\n",
            (1, 14),
            "malformed YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence at line 1, column 4)",
        ),
        (
            "a: 1\nb\nc: 2\n",
            (2, 1),
            "malformed YAML: this key has no ':' "
            "(could not find expected ':' at line 3, column 1)",
        ),
        (
            "x: 1\na: &f\n  - 1\n  - [2, *f]\n",
            (4, 9),
            "recursive alias: it refers to a node that contains it",
        ),
        (
            LAUGHS,
            (5, 8),
            "aliases expand to more than 10000 values (is this an alias bomb?)",
        ),
        ("a: " + "[" * 150 + "]" * 150, (1, 104), "YAML nested deeper than 100 levels"),
        (
            "a: !!set {x, y}\n",
            (1, 4),
            "YAML tag '!!set' is not supported: the spec is plain mappings, lists "
            "and scalars",
        ),
        (
            "a: &b {x: 1}\nc:\n  <<: *b\n",
            (3, 3),
            "YAML merge keys ('<<') are not supported: write the keys out",
        ),
        (
            "a: 1\n---\nb: 2\n",
            (2, 1),
            "malformed YAML: but found another document "
            "(expected a single document in the stream at line 1, column 1)",
        ),
    ],
)
def test_yaml_problems_are_located(
    text: str, where: tuple[int, int], message: str
) -> None:
    with pytest.raises(SpecError) as error:
        parse_yaml(text, "f.yaml")
    assert [str(p) for p in error.value.problems] == [
        f"f.yaml:{where[0]}:{where[1]}: {message}"
    ]


def test_yaml_aliases_within_bounds_are_expanded() -> None:
    node = parse_yaml("a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert isinstance(node, YMap)
    assert node.items[0][1] == node.items[1][1]


@pytest.mark.parametrize(
    ("data", "where", "byte"),
    [
        (b"a: 1\nb: x\xff\n", (2, 5), "ff"),
        ("a: 1\nb: éé".encode() + b"\xc3\x28\n", (2, 6), "c3"),
        (b"\x80a: 1\n", (1, 1), "80"),
    ],
)
def test_bytes_that_are_not_utf8_are_located(
    tmp_path: Path, data: bytes, where: tuple[int, int], byte: str
) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    with pytest.raises(SpecError) as error:
        load_yaml(path, "f.yaml")
    assert [str(p) for p in error.value.problems] == [
        f"f.yaml:{where[0]}:{where[1]}: file is not valid UTF-8 (byte 0x{byte})"
    ]


# ---- stage 1b: check --------------------------------------------------------------------


def test_check_accepts_the_tiny_spec(spec_dir: Path) -> None:
    build_model(load_spec(spec_dir))  # does not raise


def test_check_finds_meaning_problems(spec_dir: Path) -> None:
    broken = BETA.replace("default: Keep", "default: Kept").replace(
        "type: Quantity", "type: Quantty"
    )
    (spec_dir / "beta.yaml").write_text(broken, encoding="utf-8")
    raw = load_spec(spec_dir)  # the shape is fine
    with pytest.raises(SpecError) as error:
        build_model(raw)
    assert [str(p) for p in error.value.problems] == [
        f"spec/beta.yaml:{line_of(broken, 'Kept')}:18: field 'Item.policy': "
        "default 'Kept' is not one of its enum values (Keep, Drop)",
        f"spec/beta.yaml:{line_of(broken, 'Quantty')}:15: field 'Item.size': "
        "unknown type 'Quantty' (did you mean 'Quantity'?)",
        # With the reference broken, nothing reaches Quantity any more.
        "spec/shared.yaml:5:3: type 'Quantity' is not used by PodSpec or any type it reaches",
    ]


# ---- stage 2: build ---------------------------------------------------------------------


@pytest.fixture
def raw(spec_dir: Path) -> RawSpec:
    raw = load_spec(spec_dir)
    build_model(raw)
    return raw


def test_build_groups_and_ownership(raw: RawSpec) -> None:
    model = build_model(raw)
    assert model.kubernetes == "v1.99.0"
    assert model.root.name == "PodSpec"
    assert [(g.name, g.kind) for g in model.groups] == [
        ("podspec", "root"),
        ("alpha", "group"),
        ("beta", "group"),
        ("shared", "shared"),
    ]
    assert [t.name for t in model.types] == ["PodSpec", "Item", "Quantity"]
    assert {t.name: t.group for t in model.types} == {
        "PodSpec": "podspec",
        "Item": "beta",
        "Quantity": "shared",
    }
    assert model.group("alpha").pod_spec_fields == ("hostIPC",)
    assert model.group("beta").pod_spec_fields == ("items",)
    assert model.group("podspec").pod_spec_fields == ()
    assert model.group_of_pod_field("hostIPC").name == "alpha"
    assert model.group_of_pod_field("items").name == "beta"
    assert model.group("alpha").title == "Alpha"
    assert model.group("podspec").description == "Just enough to exercise every stage."


def test_build_types_and_used_by(raw: RawSpec) -> None:
    model = build_model(raw)
    root = model.root
    assert root.upstream == "io.k8s.api.core.v1.PodSpec"
    assert root.summary == "The root."
    assert root.used_by == ()
    assert model.type("Item").used_by == (("PodSpec", "items"),)
    assert model.type("Item").upstream is None
    quantity = model.type("Quantity")
    assert quantity.used_by == (("Item", "size"),)
    assert quantity.scalar == "quantity"
    assert not quantity.is_object
    assert quantity.fields == ()


def test_build_fields(raw: RawSpec) -> None:
    model = build_model(raw)
    host_ipc, items = model.root.fields
    assert (host_ipc.wire_name, host_ipc.python_name) == ("hostIPC", "host_ipc")
    assert host_ipc.type == FieldType("primitive", "boolean")
    assert host_ipc.required is False
    assert host_ipc.has_default is True
    assert host_ipc.default is False
    assert host_ipc.must_be_set is False

    assert items.python_name == "items"
    assert items.type == FieldType("list", item=FieldType("ref", "Item"))
    assert items.required is True
    assert items.must_be_set is True
    assert items.has_default is False
    assert items.min_items == 1
    assert items.semantics == ListSemantics(list_type="map", map_keys=("name",))

    name, policy, size, labels = model.type("Item").fields
    assert name.required and name.pattern == "^[a-z]+$"
    assert policy.has_default and policy.default == "Keep"
    assert policy.enum == (
        EnumValue("Keep", "Leave it alone."),
        EnumValue("Drop", "Throw it away."),
    )
    assert size.type == FieldType("ref", "Quantity")
    assert labels.type == FieldType("map", item=FieldType("primitive", "string"))
    assert str(labels.type) == "map[string]"


def test_read_spec_is_load_check_build(spec_dir: Path) -> None:
    assert read_spec(spec_dir) == build_model(load_spec(spec_dir))


# ---- type expressions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("string", FieldType("primitive", "string")),
        ("boolean", FieldType("primitive", "boolean")),
        ("int32", FieldType("primitive", "int32")),
        ("int64", FieldType("primitive", "int64")),
        ("number", FieldType("primitive", "number")),
        ("Container", FieldType("ref", "Container")),
        ("IntOrString", FieldType("ref", "IntOrString")),
        ("list[string]", FieldType("list", item=FieldType("primitive", "string"))),
        ("map[Quantity]", FieldType("map", item=FieldType("ref", "Quantity"))),
        (
            "list[map[string]]",
            FieldType(
                "list", item=FieldType("map", item=FieldType("primitive", "string"))
            ),
        ),
        (" list[ Container ] ", FieldType("list", item=FieldType("ref", "Container"))),
    ],
)
def test_parse_type(text: str, expected: FieldType) -> None:
    parsed = parse_type(text)
    assert parsed == expected
    assert str(parsed) == "".join(text.split())  # prints back in canonical form


def test_element_of_nested_containers() -> None:
    assert parse_type("list[map[Container]]").element == FieldType("ref", "Container")
    assert parse_type("string").element == FieldType("primitive", "string")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("list[]", "'list[]' is missing its element type"),
        ("map[ ]", "'map[ ]' is missing its element type"),
        ("list[list[]]", "'list[]' is missing its element type"),
        (
            "foo bar",
            "'foo bar' is not a type: use one of string, boolean, int32, int64, number, "
            "a spec type name, list[T] or map[T]",
        ),
        (
            "list[foo bar]",
            "'foo bar' is not a type: use one of string, boolean, int32, int64, number, "
            "a spec type name, list[T] or map[T]",
        ),
        (
            "dict[string]",
            "'dict[string]' is not a type: use one of string, boolean, int32, int64, "
            "number, a spec type name, list[T] or map[T]",
        ),
        (
            "list[string",
            "'list[string' is not a type: use one of string, boolean, int32, int64, "
            "number, a spec type name, list[T] or map[T]",
        ),
    ],
)
def test_parse_type_errors(text: str, message: str) -> None:
    with pytest.raises(TypeExprError) as error:
        parse_type(text)
    assert str(error.value) == message


# ---- writer -----------------------------------------------------------------------------

FILES = {
    "a.txt": "alpha\n",
    "sub/b.txt": "beta\n",
    "sub/deep/c.txt": "gamma ✓\n",
}


def age(path: Path) -> None:
    """Push a file's mtime into the past, so a rewrite would be visible."""
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))


def tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_write_creates_everything(tmp_path: Path) -> None:
    out = tmp_path / "out"
    drift = write(out, FILES)
    assert drift == Drift(stale=(), missing=tuple(sorted(FILES)), extra=())
    assert tree(out) == {k: v.encode("utf-8") for k, v in FILES.items()}


def test_write_leaves_unchanged_files_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(out, FILES)
    for rel in FILES:
        age(out / rel)
    before = {rel: (out / rel).stat() for rel in FILES}

    drift = write(out, {**FILES, "sub/b.txt": "beta, changed\n"})

    assert drift == Drift(stale=("sub/b.txt",), missing=(), extra=())
    after = {rel: (out / rel).stat() for rel in FILES}
    for rel in ("a.txt", "sub/deep/c.txt"):
        assert after[rel].st_mtime_ns == before[rel].st_mtime_ns == 1_000_000_000
        assert after[rel].st_ino == before[rel].st_ino
    assert after["sub/b.txt"].st_mtime_ns != 1_000_000_000
    assert (out / "sub/b.txt").read_text(encoding="utf-8") == "beta, changed\n"
    assert not write(out, {**FILES, "sub/b.txt": "beta, changed\n"})  # now in sync


def test_write_deletes_extra_files_and_prunes_empty_folders(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(out, FILES)
    (out / "old").mkdir()
    (out / "old" / "gone.txt").write_text("from an older spec\n")
    (out / "sub" / "__pycache__").mkdir()
    (out / "sub" / "__pycache__" / "b.cpython-311.pyc").write_bytes(b"\0")
    # What an in-place compiled build of the SDK leaves beside its sources.
    (out / "abc__mypyc.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\0")

    drift = write(out, {"a.txt": FILES["a.txt"]})

    assert drift == Drift(
        stale=(), missing=(), extra=("old/gone.txt", "sub/b.txt", "sub/deep/c.txt")
    )
    assert not (out / "old").exists()
    assert not (out / "sub" / "deep").exists()
    # Tool caches and build artefacts are not ours: kept, and so is the folder that
    # holds them.
    assert tree(out) == {
        "a.txt": b"alpha\n",
        "abc__mypyc.cpython-311-x86_64-linux-gnu.so": b"\0",
        "sub/__pycache__/b.cpython-311.pyc": b"\0",
    }


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write(out, FILES)

    def fail(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write(out, {**FILES, "a.txt": "half-written?\n"})
    # The old content is intact and no temporary file is left behind.
    assert tree(out) == {k: v.encode("utf-8") for k, v in FILES.items()}


def test_written_files_are_utf8_with_unix_newlines(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(out, {"x.md": "é\nline two\n"})
    assert (out / "x.md").read_bytes() == "é\nline two\n".encode()
    assert (out / "x.md").stat().st_mode & 0o777 == 0o644


def test_compare_reports_stale_missing_and_extra(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(out, FILES)
    (out / "extra.txt").write_text("not generated\n")
    (out / "sub" / "b.txt").write_text("edited by hand\n")
    (out / "sub" / "deep" / "c.txt").unlink()
    before = tree(out)

    drift = compare(out, FILES)

    assert drift == Drift(
        stale=("sub/b.txt",), missing=("sub/deep/c.txt",), extra=("extra.txt",)
    )
    assert drift
    assert tree(out) == before  # compare writes nothing
    assert not compare(out, {**{k: v.decode() for k, v in before.items()}})


def test_compare_on_a_missing_folder(tmp_path: Path) -> None:
    drift = compare(tmp_path / "nope", FILES)
    assert drift == Drift(stale=(), missing=tuple(sorted(FILES)), extra=())
    assert not (tmp_path / "nope").exists()


# ---- stage 1a: portable patterns --------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [
        r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",
        r"\d+\.\w\s\D\W\S\b\B",
        r"[\d\-a-z\]\\]",
        r"a{2,3}?b+?c*?d??",
        r"(?:a|b)(?=c)(?!d)(?<=e)(?<!f)",
        r"(a)\1\0",
        r"\x41\u0041\/\.\$",
    ],
)
def test_portable_patterns_are_accepted(pattern: str) -> None:
    assert pattern_problem(pattern) is None


@pytest.mark.parametrize(
    ("pattern", "message", "position"),
    [
        ("(?P<x>a)", "'(?P<' is not portable: named groups are Python-only", 0),
        ("(a)(?P=x)", "does not compile: unknown group name 'x' at position 7", None),
        (
            "(a)(?(1)b|c)",
            "'(?(' is not portable: conditionals are Python-only",
            3,
        ),
        ("a(?#c)", "'(?#' is not portable: comments are Python-only", 1),
        (r"\Aabc", "'\\A' is not portable: use '^'", 0),
        (r"abc\Z", "'\\Z' is not portable: use '$'", 3),
        ("a*+", "possessive quantifiers are not portable", 2),
        ("a{2}+", "possessive quantifiers are not portable", 4),
        ("(?>a)", "'(?>' is not portable: atomic groups are not portable", 0),
        (
            "(?i)abc",
            "inline flags such as '(?i)' are Python-only: write the cases out",
            0,
        ),
        ("a{,3}", "'{,n}' is Python-only: write '{0,n}'", 1),
        ("a{", "escape a literal '{' as '\\{'", 1),
        ("a]", "escape a literal ']' as '\\]'", 1),
        ("[^]a]", "']' first in a class is not portable: escape it as '\\]'", 2),
        ("[[:alpha:]]", "is not portable: Possible nested set at position 1", None),
        (r"\012", "octal escapes are not portable: use '\\xHH'", 0),
        (r"(a)[\1]", "'\\1' in a class is not portable", 4),
        (
            r"a\-b",
            "'\\-' is not portable: ECMA-262 refuses it outside a class: write '-'",
            1,
        ),
        (
            r"\N{EM DASH}",
            "'\\N' is not portable: both Python's re and ECMA-262 must read it the same",
            0,
        ),
        (r"\p{L}", "does not compile: bad escape \\p at position 0", None),
        ("(?<n>a)", "does not compile: unknown extension ?<n at position 1", None),
    ],
)
def test_patterns_outside_the_portable_subset(
    pattern: str, message: str, position: int | None
) -> None:
    assert pattern_problem(pattern) == PatternProblem(message, position)
