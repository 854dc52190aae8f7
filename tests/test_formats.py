"""Value formats are explained once, in the spec, and summed up everywhere else by the
same sentence: the first of the explanation.

Quantity, IntOrString and Time are explained by their types' descriptions, each named
string format (a DNS label, an IANA port name...) by its own; the docs show the whole
explanation in one section, and every field whose values have the format carries its
sentence and a link to that section in its schema hover. The SDK's aliases hold the
whole explanation in their docstrings, and its README the sentence. The facts the
explanations state (the canonical form of a quantity, the time the server stores, the
examples of each format) are checked against the rules they describe.
"""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from fractions import Fraction
from itertools import pairwise
from typing import Any

import pytest
from conftest import GENERATED, load_json, model
from test_docs import anchors_of

from podspec_gen.model.formats import FormatNote, format_note
from podspec_gen.model.types import Field, TypeDef
from podspec_gen.render import docs as render_docs
from podspec_gen.render.docs.pages import format_home, format_rules
from podspec_gen.render.docs.text import prose
from podspec_gen.render.schema import format_link

MODEL = model()
LAYOUT = render_docs.layout(MODEL)
DOCS = GENERATED / "docs"
PAGES = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
SCHEMA: dict[str, Any] = load_json(GENERATED / "jsonschema" / "podspec.schema.json")
SDK = GENERATED / "python"


def _notes() -> dict[str, tuple[FormatNote, list[tuple[TypeDef, Field]]]]:
    """Every format a field's values have, by its title, with those fields."""
    found: dict[str, tuple[FormatNote, list[tuple[TypeDef, Field]]]] = {}
    for t in MODEL.types:
        for f in t.fields:
            note = format_note(MODEL, f)
            if note is not None:
                found.setdefault(note.title, (note, []))[1].append((t, f))
    return found


NOTES = _notes()
TYPES = [
    t for t in MODEL.types if t.kind.macro in ("quantity", "int_or_string", "time")
]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_formats_are_the_types_and_the_named_formats() -> None:
    titles = {note.title for note, _ in NOTES.values()}
    assert {t.name for t in TYPES} == {"Quantity", "IntOrString", "Time"}
    # A format no field has is one its rules state of map keys (annotation keys).
    held = {f for f in MODEL.formats if not format_rules(MODEL, f.name)}
    assert titles >= {t.name for t in TYPES} | {f"format {f.name}" for f in held}
    assert titles <= {t.name for t in TYPES} | {
        f"format {f.name}" for f in MODEL.formats
    }


def _explanation(note: FormatNote) -> tuple[str, str]:
    """The description that explains a format, and its section in the docs."""
    if note.type_name is not None:
        page, heading = LAYOUT.home(note.type_name), f"## {note.type_name}"
        description = MODEL.type(note.type_name).description
    else:
        fmt = next(f for f in MODEL.formats if f.name == note.format_name)
        page, heading = format_home(LAYOUT).path, f"## Format `{fmt.name}`"
        description = fmt.description
    text = PAGES[page]
    assert text.count(f"\n{heading}\n") == 1, heading
    return description, text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("title", sorted(NOTES))
def test_the_docs_explain_each_format_once_whole(title: str) -> None:
    note, _ = NOTES[title]
    description, section = _explanation(note)
    assert _flat(prose(description)) in _flat(section)
    assert _flat(description).startswith(note.summary)
    # Not repeated on the pages: only the index's list of types shows it again.
    home = LAYOUT.home(note.type_name) if note.type_name else format_home(LAYOUT).path
    pages = {p for p, text in PAGES.items() if note.summary in _flat(text)}
    assert pages - {"README.md"} == {home}


@pytest.mark.parametrize("title", sorted(NOTES))
def test_every_field_with_the_format_sums_it_up_and_links_it_in_its_hover(
    title: str,
) -> None:
    note, fields = NOTES[title]
    link = format_link(LAYOUT, note)
    page, _, fragment = link.rsplit("/", 1)[1].partition("#")
    assert fragment in anchors_of(PAGES[page]), link
    for t, f in fields:
        hover = SCHEMA["$defs"][t.name]["properties"][f.wire_name][
            "markdownDescription"
        ]
        each = "Each value: " if f.kind.is_collection else ""
        assert f"\n\n{each}{note.summary} See [{note.title}]({link}).\n\n" in hover
    # The rest of the explanation is the section's, not repeated at every field.
    description, _ = _explanation(note)
    rest = _flat(description).removeprefix(note.summary).strip()
    if rest:
        t, f = fields[0]
        hover = SCHEMA["$defs"][t.name]["properties"][f.wire_name][
            "markdownDescription"
        ]
        assert rest[:60] not in _flat(hover)


def _alias_docstrings() -> dict[str, str]:
    """The docstring under each module-level alias of the SDK's modules."""
    found: dict[str, str] = {}
    for path in (SDK / "podspec").glob("*.py"):
        body = ast.parse(path.read_text(encoding="utf-8")).body
        for node, after in pairwise(body):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                found[node.target.id] = after.value.value
    return found


@pytest.mark.parametrize("t", TYPES, ids=lambda t: t.name)
def test_the_sdk_alias_explains_the_format_and_its_readme_sums_it_up(
    t: TypeDef,
) -> None:
    docstring = _flat(_alias_docstrings()[t.name])
    assert docstring.startswith(t.summary)
    assert _flat(t.description) == docstring
    readme = (SDK / "README.md").read_text(encoding="utf-8")
    assert f"\n- `{t.name}`: {t.summary}\n" in readme


def _attribute_docstrings() -> dict[tuple[str, str], str]:
    """(class, attribute) -> the docstring under the attribute, in the SDK's modules."""
    found: dict[tuple[str, str], str] = {}
    for path in (SDK / "podspec").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.ClassDef):
                continue
            for one, two in pairwise(node.body):
                if (
                    isinstance(one, ast.AnnAssign)
                    and isinstance(one.target, ast.Name)
                    and isinstance(two, ast.Expr)
                    and isinstance(two.value, ast.Constant)
                    and isinstance(two.value.value, str)
                ):
                    found[(node.name, one.target.id)] = two.value.value
    return found


@pytest.mark.parametrize("title", sorted(NOTES))
def test_every_sdk_attribute_with_the_format_sums_it_up(title: str) -> None:
    note, fields = NOTES[title]
    docstrings = _attribute_docstrings()
    for t, f in fields:
        docstring = _flat(docstrings[(t.name, f.python_name)])
        assert f"{note.type_name or f'Format `{note.format_name}`'}: " in docstring
        assert _flat(note.summary) in docstring, (t.name, f.wire_name)


# --- the facts the explanations state, checked against what they describe -----------

_BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9}
_DECIMAL |= {"T": 12, "P": 15, "E": 18}
_QUANTITY = re.compile(
    r"^([+-]?[0-9.]+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+|[numkMGTPE]?)$"
)


def canonical(text: str) -> str:
    """A quantity as the API server writes it back, after k8s.io/apimachinery's
    quantity.go: ParseQuantity keeps the kind of suffix and rounds up to nano (a binary
    amount under one becomes decimal); CanonicalizeBytes writes a binary amount under
    1024 or with a fraction as decimal, a decimal one with the largest exponent, a
    multiple of 3, that leaves an integer, a binary one with the largest power of 1024.
    """
    match = _QUANTITY.match(text)
    assert match, text
    number, suffix = Fraction(match.group(1)), match.group(2)
    if suffix in _BINARY:
        kind, value = "binary", number * 1024 ** _BINARY[suffix]
    elif suffix[:1] in ("e", "E"):
        kind, value = "exponent", number * Fraction(10) ** int(suffix[1:])
    else:
        kind, value = "decimal", number * Fraction(10) ** _DECIMAL[suffix]
    nano = value * 10**9
    value = Fraction(-((-nano.numerator) // nano.denominator), 10**9)  # up, to nano
    if value == 0:
        return "0"
    if kind == "binary" and (abs(value) < 1024 or value.denominator != 1):
        kind = "decimal"
    if kind == "binary":
        mantissa, power = int(value), 0
        while mantissa % 1024 == 0 and power < 6:
            mantissa, power = mantissa // 1024, power + 1
        names = {v: k for k, v in _BINARY.items()}
        return f"{mantissa}{names.get(power, '')}"
    exponent = -9
    while (value / Fraction(10) ** (exponent + 3)).denominator == 1 and exponent < 18:
        exponent += 3
    mantissa = int(value / Fraction(10) ** exponent)
    if kind == "exponent":
        return f"{mantissa}e{exponent}" if exponent else str(mantissa)
    return f"{mantissa}{ {v: k for k, v in _DECIMAL.items()}[exponent]}"


_ARROW = re.compile(r"`([^`]+)` → `([^`]+)`")


def test_the_quantity_canonical_forms_shown_are_the_servers() -> None:
    from podspec.quantity import parse_quantity

    pairs = _ARROW.findall(_flat(MODEL.type("Quantity").description))
    assert len(pairs) >= 6, pairs
    for written, stored in pairs:
        assert canonical(written) == stored, written
        assert canonical(stored) == stored, stored  # canonical reads back unchanged
        assert parse_quantity(written) == parse_quantity(stored), written


def test_the_reference_canonical_form_follows_quantity_go() -> None:
    # Examples from quantity.go's own comments and tests, so that the checker above
    # is checked too.
    assert canonical("1.5") == "1500m"
    assert canonical("1.5Gi") == "1536Mi"
    assert canonical("0.1m") == "100u"
    assert canonical("1.1Mi") == "1153433600m"  # not a whole number of bytes
    assert canonical("0.5Gi") == "512Mi"
    assert canonical("1.5Ki") == "1536"
    assert canonical("12e6") == "12e6"
    assert canonical("100n") == "100n"
    assert canonical("0.5n") == "1n"


_STORED = re.compile(r"`([^`]+)` is stored as `([^`]+)`")


def test_the_time_stored_is_the_servers() -> None:
    """metav1.Time reads RFC 3339 and writes t.UTC().Format(time.RFC3339)."""
    pairs = _STORED.findall(_flat(MODEL.type("Time").description))
    assert pairs
    for written, stored in pairs:
        parsed = datetime.fromisoformat(written).astimezone(UTC)
        assert parsed.strftime("%Y-%m-%dT%H:%M:%SZ") == stored


@pytest.mark.parametrize("fmt", MODEL.formats, ids=lambda f: f.name)
def test_a_named_formats_examples_fit_its_pattern(fmt: Any) -> None:
    examples = re.findall(r"such as ((?:`[^`]+`(?:, | or )?)+)", fmt.description)
    for listed in examples:
        for value in re.findall(r"`([^`]+)`", listed):
            assert re.search(fmt.pattern, value), (fmt.name, value)
