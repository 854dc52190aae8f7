"""The SDK's YAML reader gives each scalar the value the API server gets.

The server turns YAML into JSON with sigs.k8s.io/yaml: go-yaml v2 resolves the plain
scalars, and Go's JSON encoder writes the numbers. Where PyYAML resolves a scalar
differently, the reader follows go-yaml, so `podspec validate` accepts what
`kubectl apply` accepts and refuses what it refuses.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SDK  # noqa: F401  (puts the generated SDK on the path)


def _read(scalar: str) -> Any:
    from podspec.yaml_reader import read_text

    (document,) = read_text(f"v: {scalar}\n")
    assert document.error is None, document.error
    return document.value["v"]


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        # go-yaml's ParseInt with base 0, after dropping underscores
        ("80", 80),
        ("+80", 80),
        ("-80", -80),
        ("0x50", 80),
        ("0o120", 80),  # text to PyYAML (YAML 1.1 has no 0o)
        ("0120", 80),  # a leading 0 is octal
        ("1_000", 1000),
        ("0b1010000", 80),
        # not an integer to Go, but a float of yamlStyleFloat's pattern...
        ("080", 80),
        ("1e3", 1000),  # text to PyYAML: its floats need a dot and a signed exponent
        ("8E1", 80),
        # ...and a whole float below 1e21 reaches the server as an integer
        ("80.0", 80),
        ("1.", 1),
        ("2.5e1", 25),
    ],
)
def test_numbers_are_what_go_yaml_and_json_make_of_them(
    scalar: str, value: int
) -> None:
    read = _read(scalar)
    assert read == value and type(read) is int


@pytest.mark.parametrize(
    ("scalar", "value"),
    [("1.5", 1.5), ("1e21", 1e21), ("-2.5e-3", -0.0025), (".5", 0.5)],
)
def test_fractions_and_huge_floats_stay_floats(scalar: str, value: float) -> None:
    read = _read(scalar)
    assert read == value and type(read) is float


@pytest.mark.parametrize(
    "scalar",
    [
        "'80'",  # quoted: always text
        '"1e3"',
        "1:30",  # YAML 1.1 sexagesimal, no number to go-yaml
        "1-2",
        "+-5",  # one sign only, as Go's ParseInt
        "1\u0663",  # digits of another script: Python's int() reads them, Go does not
        "2001-12-14",  # dates and timestamps stay their text (go-yaml v2, into interface{})
        "2001-12-14t21:59:43.10-05:00",
        "0x",
        ".",
        "1e",
        # beyond float64: strconv.ParseFloat fails with ErrRange, so go-yaml keeps the text
        "1e400",
        "-1e400",
        "1.5e+400",
    ],
)
def test_what_go_yaml_leaves_as_text_stays_text(scalar: str) -> None:
    text = scalar.strip("'\"")
    assert _read(scalar) == text


def test_an_integral_float_passes_an_integer_field_and_a_fraction_does_not() -> None:
    from podspec.validator import check_text

    ok = "containers: [{name: a, image: b, ports: [{containerPort: 80.0}]}]\n"
    assert not check_text("ok.yaml", ok).findings
    bad = "containers: [{name: a, image: b, ports: [{containerPort: 80.5}]}]\n"
    (finding,) = check_text("bad.yaml", bad).findings
    assert finding.path == "containers[0].ports[0].containerPort"


def test_a_quantity_beyond_float64_is_read_exactly_as_the_server_reads_it() -> None:
    from podspec.validator import check_text

    # `1e400` reaches the server as the string "1e400", a quantity it takes.
    huge = "containers: [{name: a, image: b, resources: {limits: {cpu: 1e400}}}]\n"
    assert not check_text("huge.yaml", huge).findings
    # As an integer field's value it is text, which the server refuses there.
    port = "containers: [{name: a, image: b, ports: [{containerPort: 1e400}]}]\n"
    (finding,) = check_text("port.yaml", port).findings
    assert finding.path == "containers[0].ports[0].containerPort"


def test_an_escaped_single_quote_in_a_double_quoted_scalar_reads_as_go_yaml_reads_it() -> (
    None
):
    # kubernetes/website's pods/inject/envars-file-container.yaml writes `\'`: go-yaml
    # v2 takes it, libyaml refuses it ("found unknown escape character").
    assert _read('"echo \\"DB=\\\'db\\\'\\""') == "echo \"DB='db'\""


def test_an_escape_go_yaml_refuses_too_is_still_unreadable() -> None:
    from podspec.yaml_reader import read_text

    (document,) = read_text('v: "a \\q"\n')
    assert document.error is not None
    assert "unknown escape character" in document.error.message


def _error(text: str) -> str:
    from podspec.yaml_reader import read_text

    (document,) = read_text(text)
    assert document.error is not None, document.value
    return document.error.message


def test_a_slash_escape_is_unknown_to_go_yaml() -> None:
    # YAML 1.2 added `\/`; go-yaml v2 refuses it ("found unknown escape character"),
    # so kubectl cannot parse the file (checked with `kubectl patch --local`).
    assert "unknown escape character '\\/'" in _error('v: "a\\/b"\n')
    assert "unknown escape character" in _error('"a\\/b": 1\n')  # a key too
    assert _read('"a\\\\/b"') == "a\\/b"  # an escaped backslash, then '/'
    assert _read("'a\\/b'") == "a\\/b"  # no escapes in single quotes, or plain
    assert _read("a\\/b") == "a\\/b"


def test_a_slash_escape_in_json_is_json_s() -> None:
    from podspec.yaml_reader import read_text

    (document,) = read_text('{"v": "a\\/b", "w": "\\\\/"}\n')
    assert document.error is None and document.value == {"v": "a/b", "w": "\\/"}


def test_binary_is_decoded_as_go_yaml_decodes_it() -> None:
    assert _read("!!binary aGVsbG8=") == "hello"
    assert _read("!!binary |\n  aGVs\n  bG8=") == "hello"
    assert _read("!!binary /w==") == "\ufffd"  # not UTF-8: Go's JSON encoder's U+FFFD
    assert "invalid base64" in _error("v: !!binary aGVsbG8\n")


@pytest.mark.parametrize("text", ["~: a\n", "null: a\n", "a: {? : b}\n", "a: {~: b}\n"])
def test_a_null_key_cannot_become_json(text: str) -> None:
    # sigs.k8s.io/yaml: "unsupported map key of type: <nil>"; other scalars become
    # text ("1", "true", "1.5").
    assert "null mapping key" in _error(text)


def _value(text: str) -> Any:
    from podspec.yaml_reader import read_text

    (document,) = read_text(text)
    assert document.error is None, document.error
    return document.value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # go-yaml v2 applies a merge where it stands: it overwrites the keys before it,
        # the keys after it overwrite it (`kubectl patch --local` prints the same).
        ("{name: a, <<: {name: z, image: b}}", {"name": "z", "image": "b"}),
        ("{<<: {name: z, image: b}, name: a}", {"name": "a", "image": "b"}),
        # of a sequence of mappings, the first wins
        (
            "{<<: [{name: x, image: b}, {name: y, image: c}]}",
            {"name": "x", "image": "b"},
        ),
        ("{<<: {name: p}, <<: {name: q}}", {"name": "q"}),
        # a quoted `<<` is a key like any other
        ("{name: a, '<<': {x: 1}}", {"name": "a", "<<": {"x": 1}}),
    ],
)
def test_a_merge_key_is_applied_where_go_yaml_applies_it(text: str, value: Any) -> None:
    assert _value(f"v: {text}\n")["v"] == value


@pytest.mark.parametrize(
    "text", ["{<<: 1}", "{<<: ~}", "{<<: [[{a: 1}]]}", "{x: &n 1, <<: *n}"]
)
def test_a_merge_of_no_mapping_is_an_error_as_in_go_yaml(text: str) -> None:
    assert "map merge requires map" in _error(f"v: {text}\n")


def test_a_key_a_merge_set_is_no_duplicate_when_written_after_it() -> None:
    from podspec.yaml_reader import read_text

    (document,) = read_text("v: {<<: {a: 1}, a: 2}\nw: {a: 1, a: 2}\n")
    assert document.duplicates == [("w", "a")]


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        # beyond int64: a float64 to kubectl's util/json, which Go writes again with
        # the shortest digits that read back (`kubectl patch --local` prints these)
        ("18446744073709551615", 18446744073709552000),
        ("99999999999999999999", 100000000000000000000),
        ("12345678901234567890.5", 12345678901234567000),
        ("9223372036854775807", 9223372036854775807),
    ],
)
def test_a_number_beyond_int64_is_what_kubectl_sends(scalar: str, value: int) -> None:
    assert _read(scalar) == value
    assert _value(f'{{"v": {scalar}}}\n')["v"] == value  # JSON's too


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("3.14159265358979", "3.1415927"),  # FormatFloat(f, 'g', -1, 32)
        ("1e6", "1e+06"),
        ("1234567.0", "1.234567e+06"),
        ("123456.0", "123456"),
        ("1e-5", "1e-05"),
        ("0.0001", "0.0001"),
        ("-9223372036854775809", "-9.223372e+18"),
        (".inf", ".inf"),
        ("0x10", "16"),
        ("1_000", "1000"),
    ],
)
def test_a_number_as_a_key_is_the_text_sigs_k8s_io_yaml_makes(
    key: str, text: str
) -> None:
    assert list(_value(f"{key}: a\n")) == [text]


def test_a_uint64_key_has_no_json_key() -> None:
    assert "beyond int64" in _error("18446744073709551615: a\n")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("a: .inf\n", "+Inf"),
        ("a: [-.Inf]\n", "-Inf"),
        ("a: .NaN\n", "NaN"),
        ("a: &x .inf\nb: 1\n", "+Inf"),
        (".nan\n", "NaN"),
    ],
)
def test_an_infinite_value_cannot_become_json(text: str, said: str) -> None:
    # sigs.k8s.io/yaml converts with Go's JSON encoder, which refuses it: kubectl
    # cannot read the document. As a key it is text (`.inf`), and `!!str .inf` a
    # string.
    assert f"json: unsupported value: {said}" in _error(text)
    assert _value(".inf: a\nb: !!str .inf\n") == {".inf": "a", "b": ".inf"}


@pytest.mark.parametrize("line", ["--- !!map", "--- {a: 1}", "---x", "----"])
def test_a_separator_with_more_than_a_comment_ends_the_input(line: str) -> None:
    from podspec.yaml_reader import read_text

    # kubectl's YAMLReader: "invalid Yaml document separator"; what came before it
    # is read.
    first, last = read_text(f"a: 1\n{line}\nb: 2\n")
    assert first.value == {"a": 1} and first.error is None
    assert last.error is not None and last.error.fatal and last.error.line == 2
    assert "invalid YAML document separator" in last.error.message


def test_a_separator_with_a_comment_is_a_separator() -> None:
    from podspec.yaml_reader import read_text

    assert [d.value for d in read_text("a: 1\n--- # next\nb: 2\n")] == [
        {"a": 1},
        {"b": 2},
    ]


def test_json_objects_one_after_another_are_documents_at_their_own_places() -> None:
    # kubectl's JSON decoder reads a stream of objects (`jq -c` writes one a line).
    from podspec.yaml_reader import read_text

    first = '{"kind": "Pod", "spec": {"a": 1}}'
    second = '{"kind": "Pod",\n "spec": {"b": 80.0}}'
    documents = list(read_text(f"{first}  {second}\n{first}\n"))
    assert [d.error for d in documents] == [None, None, None]
    assert [d.value for d in documents] == [
        {"kind": "Pod", "spec": {"a": 1}},
        {"kind": "Pod", "spec": {"b": 80.0}},  # JSON's: a float stays a float
        {"kind": "Pod", "spec": {"a": 1}},
    ]
    assert [d.index for d in documents] == [0, 1, 2]
    # The second starts at column 36 of line 1; its `b` is on line 2.
    assert documents[1].position(("kind",)) == (1, 36 + len('{"kind": '))
    assert documents[1].position(("spec", "b")) == (2, len(' "spec": {"b": ') + 1)
    assert documents[2].position(("spec", "a")) == (
        3,
        len('{"kind": "Pod", "spec": {"a": ') + 1,
    )


def test_a_json_stream_with_anything_else_between_its_objects_is_unreadable() -> None:
    from podspec.yaml_reader import read_text

    documents = list(read_text('{"kind": "Pod"} , {"kind": "Pod"}\n'))
    assert documents[-1].error is not None
