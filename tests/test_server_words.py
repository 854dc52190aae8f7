"""A name the API server refuses is reported in the server's own words.

A named format's `server:` checks (spec/README.md, "Named formats") say, in the
server's order, what each of apimachinery's `Is*` functions says of a value. These tests
hold them to a port of those functions (staging/src/k8s.io/apimachinery/pkg/util/
validation/validation.go), on hand-picked values and on generated ones, in both
flavours and in `validate`.
"""

from __future__ import annotations

import copy
import json
import re
import warnings
import zoneinfo
from collections.abc import Callable
from typing import Any

import podspec
import podspec.fast
import pytest
from conftest import SPEC
from hypothesis import given, settings
from hypothesis import strategies as st
from podspec import _runtime as rt
from podspec.validator import check_text

from podspec_gen.model.build import read_spec
from podspec_gen.render.python.literals import py_regex

_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_SUBDOMAIN = _LABEL + r"(\." + _LABEL + ")*"
_CONFIG_KEY = "[-._a-zA-Z0-9]+"


def _regex_error(message: str, fmt: str, *examples: str) -> str:
    """apimachinery's RegexError."""
    text = message + " (e.g. "
    for i, example in enumerate(examples):
        text += (" or " if i else "") + f"'{example}', "
    return text + f"regex used for validation is '{fmt}')"


def _full(fmt: str, value: str) -> bool:
    return re.fullmatch(fmt, value) is not None  # Go's "^" + fmt + "$"


def is_dns1123_label(value: str) -> list[str]:
    errs = []
    if len(value.encode()) > 63:
        errs.append("must be no more than 63 characters")
    if not _full(_LABEL, value):
        if _full(_SUBDOMAIN, value):
            errs.append("must not contain dots")
        else:
            errs.append(
                _regex_error(
                    "a lowercase RFC 1123 label must consist of lower case alphanumeric "
                    "characters or '-', and must start and end with an alphanumeric "
                    "character",
                    _LABEL,
                    "my-name",
                    "123-abc",
                )
            )
    return errs


def is_dns1123_subdomain(value: str, unit: str = "characters") -> list[str]:
    """util/validation's IsDNS1123Subdomain; with `unit` "bytes", the api/validate/
    content package's, whose MaxLenError counts bytes (IsLabelKey's prefix)."""
    errs = []
    if len(value.encode()) > 253:
        errs.append(f"must be no more than 253 {unit}")
    if not _full(_SUBDOMAIN, value):
        errs.append(
            _regex_error(
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                "characters, '-' or '.', and must start and end with an alphanumeric "
                "character",
                _SUBDOMAIN,
                "example.com",
            )
        )
    return errs


def name_is_dns_subdomain_prefix(value: str) -> list[str]:
    """NameIsDNSSubdomain(name, prefix=true): maskTrailingDash, in bytes as Go slices
    (name[:len(name)-2] + "a"), then IsDNS1123Subdomain."""
    raw = value.encode()
    if len(raw) > 1 and raw.endswith(b"-"):
        raw = raw[:-2] + b"a"
    return is_dns1123_subdomain(raw.decode(errors="replace"))


def is_valid_port_name(port: str) -> list[str]:
    errs = []
    if len(port.encode()) > 15:
        errs.append("must be no more than 15 characters")
    if not _full("[-a-z0-9]+", port):
        errs.append(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
        )
    if re.search("[a-z]", port) is None:
        errs.append("must contain at least one letter (a-z)")
    if "--" in port:
        errs.append("must not contain consecutive hyphens")
    if port and (port[0] == "-" or port[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def is_relaxed_env_var_name(value: str) -> list[str]:
    if not value:
        return ["environment variable name must be non-empty"]
    if any(ord(c) > 0x7E or ord(c) < 0x20 or c == "=" for c in value):
        return [
            "a valid environment variable name must consist only of printable ASCII "
            "characters other than '='"
        ]
    return []


def is_config_map_key(value: str) -> list[str]:
    errs = []
    if len(value.encode()) > 253:
        errs.append("must be no more than 253 characters")
    if not _full(_CONFIG_KEY, value):
        errs.append(
            _regex_error(
                "a valid config key must consist of alphanumeric characters, '-', '_' "
                "or '.'",
                _CONFIG_KEY,
                "key.name",
                "KEY_NAME",
                "key-name",
            )
        )
    if value == ".":
        errs.append("must not be '.'")
    elif value == "..":
        errs.append("must not be '..'")
    elif value.startswith(".."):
        errs.append("must not start with '..'")
    return errs


def is_http_header_name(value: str) -> list[str]:
    if not _full("[-A-Za-z0-9]+", value):
        return [
            _regex_error(
                "a valid HTTP header must consist of alphanumeric characters or '-'",
                "[-A-Za-z0-9]+",
                "X-Header-Name",
            )
        ]
    return []


_LABEL_KEY_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_KEY_WORDS = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and "
    "end with an alphanumeric character"
)


def is_label_key(value: str) -> list[str]:
    """content.IsLabelKey (IsQualifiedName)."""
    errs = []
    prefix, slash, name = value.partition("/")
    if not slash:
        name = value
    elif "/" in name:
        return [
            "a valid label key "
            + _regex_error(
                _LABEL_KEY_WORDS, _LABEL_KEY_NAME, "MyName", "my.name", "123-abc"
            )
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    elif not prefix:
        errs.append("prefix part must be non-empty")
    else:
        errs += ["prefix part " + m for m in is_dns1123_subdomain(prefix, "bytes")]
    if not name:
        errs.append("name part must be non-empty")
    elif len(name.encode()) > 63:
        errs.append("name part must be no more than 63 bytes")
    if not _full(_LABEL_KEY_NAME, name):
        errs.append(
            "name part "
            + _regex_error(
                _LABEL_KEY_WORDS, _LABEL_KEY_NAME, "MyName", "my.name", "123-abc"
            )
        )
    return errs


def is_valid_sysctl_name(value: str) -> list[str]:
    """validateSysctls' IsValidSysctlName, with its one message."""
    segment = "[a-z0-9]([-_a-z0-9]*[a-z0-9])?"
    if len(value.encode()) <= 253 and _full(f"({segment}[./])*{segment}", value):
        return []
    return [
        "must have at most 253 characters and match regex "
        rf"^({segment}[\./])*{segment}$"
    ]


def validate_csi_driver_name(value: str) -> list[str]:
    """ValidateCSIDriverName's checks after its Required: TooLong, then
    IsDNS1123Subdomain of the name Go's strings.ToLower makes."""
    errs = (
        ["Too long: may not be more than 63 bytes"] if len(value.encode()) > 63 else []
    )
    return errs + is_dns1123_subdomain(go_lower(value))


def validate_path_no_backsteps(value: str) -> list[str]:
    return ["must not contain '..'"] if ".." in value.split("/") else []


def validate_local_non_reserved_path(value: str) -> list[str]:
    errs = ["must be a relative path"] if value.startswith("/") else []
    errs += validate_path_no_backsteps(value)
    if value.startswith("..") and not value.startswith("../"):
        errs.append("must not start with '..'")
    return errs


# What time.LoadLocation finds: the zones of this machine's time zone database (or of
# the tzdata package), which Go's embedded copy has too, and Local, which Go reads
# itself; not the spec's list, which this test checks.
_ZONES = (zoneinfo.available_timezones() - {"localtime", "posixrules"}) | {"Local"}


def validate_time_zone(value: str) -> list[str]:
    """validateTimeZone (pkg/apis/batch/validation), time.LoadLocation last."""
    if not value:
        return ["timeZone must be nil or non-empty string"]
    for part in value.split("/"):
        bad = part in (".", "..") or part.startswith("-")
        if bad or not _full(r"[A-Za-z.\-_0-9+]{1,14}", part):
            return [f"unknown time zone {value}"]
    said = []
    if value.lower() == "local":  # strings.EqualFold, on ASCII alone here
        said.append(
            "timeZone must be an explicit time zone as defined in "
            "https://www.iana.org/time-zones"
        )
    if value not in _ZONES:
        said.append(f"unknown time zone {value}")
    return said


GO: dict[str, Callable[[str], list[str]]] = {
    "k8s-short-name": is_dns1123_label,
    "k8s-long-name": is_dns1123_subdomain,
    "k8s-long-name-prefix": name_is_dns_subdomain_prefix,
    "k8s-port-name": is_valid_port_name,
    "k8s-env-var-name": is_relaxed_env_var_name,
    "k8s-config-map-key": is_config_map_key,
    "k8s-http-header-name": is_http_header_name,
    "k8s-label-key": is_label_key,
    # ValidateAnnotations: IsQualifiedName(strings.ToLower(k)).
    "k8s-annotation-key": lambda value: is_label_key(go_lower(value)),
    "k8s-sysctl-name": is_valid_sysctl_name,
    "k8s-csi-driver-name": validate_csi_driver_name,
    "k8s-path-no-backsteps": validate_path_no_backsteps,
    # validateNFSVolumeSource: !path.IsAbs, the empty path too
    "k8s-absolute-path": lambda value: (
        [] if value.startswith("/") else ["must be an absolute path"]
    ),
    "k8s-local-non-reserved-path": validate_local_non_reserved_path,
    "k8s-time-zone": validate_time_zone,
}


def _heard(value: str, said: list[str]) -> list[str]:
    """The port's words as the server prints them: field.TooLong shows no value."""
    quoted = rt.go_value(value)
    return [
        m if m.startswith("Too long: ") else f"Invalid value: {quoted}: {m}"
        for m in said
    ]


def go_lower(value: str) -> str:
    """Go's strings.ToLower: unicode.ToLower on each rune, one rune for one (U+0130,
    dotted capital I, becomes ASCII i, where Python's str.lower adds a combining dot).
    """
    return "".join("i" if c == "\u0130" else c.lower() for c in value)


FORMATS = {f.name: f for f in read_spec(SPEC).formats}

# Names of one byte a character: Go counts bytes, the checks count characters.
_ASCII = st.text(
    alphabet=st.sampled_from("abcz09AZ-_.=/ \t\n~"), min_size=0, max_size=70
)
_EDGES = [
    # paths: '..' as an element, at the start, in a name; absolute and relative
    "/a/../b",
    "../x",
    "x/..",
    "a/..b",
    "/exports",
    "kernel/shm_rmid_forced",
    "Local",
    "lOcAl",
    "Europe/Paris",
    "Europe//Paris",
    "America/Argentina/Buenos_Aires",
    "Etc/GMT+5",
    "net.core.somaxconn",
    "web",
    "Web",
    "web.1",
    "a.b.c",
    "-web",
    "web-",
    "we--b",
    "--",
    "a_-",
    "é-",
    "-",
    "a" * 253 + "-",
    "a" * 254 + "-",
    "8080",
    "http_port",
    "HTTP_PORT",
    "a" * 15,
    "a" * 16,
    "a" * 63,
    "a" * 64,
    "a.b" * 30,
    "a" * 254,
    ".",
    "..",
    "..x",
    "x..",
    "A=B",
    "tab\tname",
    "X-Header",
    "X_Header",
    "",
    "example.com/MyName",
    "/name",
    "prefix/",
    "/",
    "a/b/c",
    "Example.com/name",
    "x" * 254 + "/name",
    "example.com/" + "n" * 64,
    "-bad_/-name-",
    "é" * 9,  # 18 bytes: Go's len counts bytes
    # Lower-cased to ASCII k and i by Go (annotation keys are lower-cased first).
    "\u212a",
    "example.com/\u212aey",
    "\u0130o.example/x",
    "a" * 62 + "\u212a",
    "é" * 32,
    # time zones: the database's spelling only
    "Europe/Paris",
    "europe/paris",
    "utc",
    "Europe/Nowhere",
    "Etc/GMT+15",
]


def _said(fmt: str, value: str) -> list[str]:
    """What the SDK says of a value of an optional field (the checks alone)."""
    words = rt.SERVER_WORDS[fmt]
    return [p.message for p in rt.server_words("", "f", value, "", words, False)]


@pytest.mark.parametrize("fmt", sorted(GO))
def test_every_checked_format_has_the_servers_words(fmt: str) -> None:
    assert FORMATS[fmt].server, f"{fmt}: no server checks"
    assert fmt in rt.SERVER_WORDS


@pytest.mark.parametrize("fmt", sorted(GO))
@pytest.mark.parametrize("value", _EDGES, ids=repr)
def test_the_words_are_the_servers_on_the_edges(fmt: str, value: str) -> None:
    expected = GO[fmt](value)
    if not expected or re.search(py_regex(FORMATS[fmt].checked_pattern), value):
        return  # words are only asked for a value the format refuses
    assert _said(fmt, value) == _heard(value, expected)


@pytest.mark.parametrize("fmt", sorted(GO))
@settings(max_examples=300, deadline=None)
@given(value=_ASCII)
def test_the_words_are_the_servers_on_any_ascii_name(fmt: str, value: str) -> None:
    expected = GO[fmt](value)
    refused = re.search(py_regex(FORMATS[fmt].checked_pattern), value) is None
    # The format and the server agree on every value: the words never change a verdict.
    assert refused == bool(expected), (value, expected)
    if refused:
        assert _said(fmt, value) == _heard(value, expected)


def _problems(flavour: Any, spec: dict[str, Any]) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(podspec.ValidationError) as raised:
            flavour.PodSpec.from_dict(spec)
    # The server's words as kubectl prints them: path and message (and our rule id),
    # without the value's own path that str() adds where the server names another.
    return [
        f"{p.path}: {p.message}" + (f" [{p.rule}]" if p.rule else "")
        for p in raised.value.problems
    ]


def test_each_flavour_and_validate_say_the_servers_words() -> None:
    spec = {
        "containers": [
            {
                "name": "app",
                "image": "nginx",
                "ports": [{"containerPort": 80, "name": "8080"}],
            }
        ]
    }
    said = 'containers[0].ports[0].name: Invalid value: "8080": must contain at least one letter (a-z)'
    for flavour in (podspec, podspec.fast):
        assert said in _problems(flavour, spec)
    result = check_text("spec.json", json.dumps(spec))
    assert said in [f"{f.path}: {f.message}" for f in result.findings]


@pytest.mark.parametrize(
    ("container", "path", "said"),
    [
        # validateContainerCommon: an empty name is Required, not checked further
        ({"name": "", "image": "nginx"}, "containers[0].name", ["Required value"]),
        # validateConfigMapKeySelector: the same for an empty key
        (
            {
                "name": "app",
                "image": "nginx",
                "env": [
                    {
                        "name": "A",
                        "valueFrom": {"configMapKeyRef": {"name": "c", "key": ""}},
                    }
                ],
            },
            "containers[0].env[0].valueFrom.configMapKeyRef.key",
            ["Required value"],
        ),
        # ValidateEnv: Required, and IsRelaxedEnvVarName only in its else branch
        (
            {"name": "app", "image": "nginx", "env": [{"name": "", "value": "x"}]},
            "containers[0].env[0].name",
            ["Required value"],
        ),
    ],
    ids=["container-name", "config-map-key", "env-name"],
)
def test_an_empty_required_name_is_required_as_the_server_says(
    container: dict[str, Any], path: str, said: list[str]
) -> None:
    for flavour in (podspec, podspec.fast):
        found = [
            p.split(": ", 1)[1] for p in _problems(flavour, {"containers": [container]})
        ]
        at = [
            p.split(": ", 1)[0] for p in _problems(flavour, {"containers": [container]})
        ]
        assert [m for m, a in zip(found, at, strict=True) if a == path] == said


def _reading(path: str, field: str, value: object) -> dict[str, Any]:
    """A Job whose pod spec or failure policy holds `value` in the field at `path`
    (dots for objects, `0` for a list's first item); None leaves the field out."""
    app = {"name": "app", "image": "nginx"}
    job: dict[str, Any] = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "once"},
        "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [app]}}},
    }
    place: Any = job
    *steps, last = path.split(".")
    for step, following in zip(steps, [*steps[1:], last], strict=True):
        index = int(step) if step.isdigit() else step
        if index not in (place if isinstance(place, dict) else range(len(place))):
            place[index] = [{}] if following.isdigit() else {}
        place = place[index]
    if last.isdigit():
        place[int(last)] = {} if value is None else {field: value}
        place[int(last)].update(_BESIDE.get(path, {}))
    return job


# What each such object needs beside the field, so that only the field is wrong.
_BESIDE: dict[str, dict[str, Any]] = {
    "spec.podFailurePolicy.rules.0.onPodConditions.0": {"status": "True"},
    "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.0.matchExpressions.0": {
        "operator": "Exists"
    },
    "spec.selector.matchExpressions.0": {"operator": "Exists"},
    "spec.template.spec.containers.0.readinessProbe.httpGet.httpHeaders.0": {
        "value": "x"
    },
}


@pytest.mark.parametrize("value", ["", None], ids=["empty", "absent"])
@pytest.mark.parametrize(
    ("path", "field", "fmt"),
    [
        ("spec.template.spec.readinessGates.0", "conditionType", "k8s-label-key"),
        ("spec.template.spec.schedulingGates.0", "name", "k8s-label-key"),
        (
            "spec.template.spec.affinity.nodeAffinity."
            "requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.0."
            "matchExpressions.0",
            "key",
            "k8s-label-key",
        ),
        ("spec.selector.matchExpressions.0", "key", "k8s-label-key"),
        (
            "spec.template.spec.containers.0.readinessProbe.httpGet.httpHeaders.0",
            "name",
            "k8s-http-header-name",
        ),
        ("spec.podFailurePolicy.rules.0.onPodConditions.0", "type", "k8s-label-key"),
    ],
    ids=[
        "readiness-gate",
        "scheduling-gate",
        "node-selector",
        "label-selector",
        "http-header",
        "pod-condition",
    ],
)
def test_a_name_the_server_only_formats_is_said_so_empty_or_absent(
    path: str, field: str, fmt: str, value: str | None
) -> None:
    # ValidateQualifiedName, ValidateLabelName and IsHTTPHeaderName say no Required:
    # an empty or absent name (Go's "") gets the format's words, as any other.
    job = _reading(path, field, value)
    if path.startswith("spec.podFailurePolicy"):
        job["spec"]["podFailurePolicy"]["rules"][0]["action"] = "Ignore"
    if path.startswith("spec.selector"):
        job["spec"]["manualSelector"] = True
    at = path.replace(".0", "[0]") + f".{field}"
    # where the server reports them: validateSchedulingGates at the gate,
    # validateHTTPGetAction at the list of headers
    at = {
        "spec.template.spec.schedulingGates[0].name": (
            "spec.template.spec.schedulingGates[0]"
        ),
        "spec.template.spec.containers[0].readinessProbe.httpGet.httpHeaders[0].name": (
            "spec.template.spec.containers[0].readinessProbe.httpGet.httpHeaders"
        ),
    }.get(at, at)
    said = [f'{at}: Invalid value: "": {message}' for message in GO[fmt]("")]
    for flavour in (podspec, podspec.fast):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(podspec.ValidationError) as raised:
                flavour.Job.from_dict(job)
        assert [
            f"{p.path}: {p.message}" for p in raised.value.problems if p.path == at
        ] == said
    found = check_text("job.json", json.dumps(job)).findings
    assert [f"{f.path}: {f.message}" for f in found if f.path == at] == said


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        # strconv.Quote: printable text as it is, beyond ASCII too
        ("web-1", '"web-1"'),
        ("Fran & Freddie's Diner\t☺", '"Fran & Freddie\'s Diner\\t☺"'),
        ('say "hi" \\ bye', '"say \\"hi\\" \\\\ bye"'),
        # its own escapes, then \xHH below 0x80, \uHHHH and \UHHHHHHHH
        ("\a\b\f\n\r\v", '"\\a\\b\\f\\n\\r\\v"'),
        ("\x00\x1b\x7f", '"\\x00\\x1b\\x7f"'),
        ("a\u00a0b\u200bc\u2028", '"a\\u00a0b\\u200bc\\u2028"'),
        ("\U000e0001", '"\\U000e0001"'),
        # JSON can carry a lone surrogate, which UTF-8 cannot: escaped, printable
        ("\ud800", '"\\ud800"'),
    ],
)
def test_a_string_is_quoted_as_go_quotes_it(value: str, quoted: str) -> None:
    assert rt.go_value(value) == quoted
    assert rt.go_value(value).encode("utf-8")


def test_a_list_or_map_reported_whole_is_shown_as_json() -> None:
    """field.Error.ErrorBody prints a value that is no string, number or boolean as
    json.Marshal writes it (kubernetes#132314, v1.34): a list of strings, of numbers,
    a map, compact, keys in order, HTML's characters escaped."""
    spec = {
        "dnsPolicy": "None",
        "dnsConfig": {"nameservers": ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"]},
        "containers": [{"name": "app", "image": "nginx"}],
    }
    expected = (
        'dnsConfig.nameservers: Invalid value: ["10.0.0.1","10.0.0.2",'
        '"10.0.0.3","10.0.0.4"]: must not have more than 3 nameservers'
        " [dns-config-nameservers-at-most-three]"
    )
    for flavour in (podspec, podspec.fast):
        assert expected in _problems(flavour, spec)
    assert rt.go_value([19, 11]) == "[19,11]"
    assert rt.go_value({"tier": "web", "app": "api"}) == '{"app":"api","tier":"web"}'
    assert rt.go_value(["a<b", "c&d>", "\u2028"]) == (
        '["a\\u003cb","c\\u0026d\\u003e","\\u2028"]'
    )
    assert rt.go_value([{"name": "x", "uid": None}]) == '[{"name":"x","uid":null}]'


def test_objects_a_rule_reports_in_a_list_show_as_json_in_their_go_field_order() -> (
    None
):
    """ValidateOwnerReferences reports the whole list of owner references; since
    kubernetes#132314 the server writes it as json.Marshal does: each reference's
    fields in the Go struct's order (apiVersion, kind, name, uid, controller), which
    is the spec's, not sorted and never as nulls."""
    refs = [
        {"controller": True, "uid": "u1", "name": "a", "kind": "ReplicaSet"},
        {"controller": True, "uid": "u2", "name": "b", "kind": "ReplicaSet"},
    ]
    for ref in refs:
        ref["apiVersion"] = "apps/v1"
    document = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "ownerReferences": refs},
        "spec": {
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "app", "image": "nginx"}]},
            },
        },
    }
    shown = ",".join(
        f'{{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"{name}",'
        f'"uid":"{uid}","controller":true}}'
        for name, uid in (("a", "u1"), ("b", "u2"))
    )
    expected = (
        f"metadata.ownerReferences: Invalid value: [{shown}]: Only one reference can"
        " have Controller set to true [deployment-owner-references-one-controller]"
    )
    for flavour in (podspec, podspec.fast):
        with pytest.raises(podspec.ValidationError) as raised:
            flavour.Deployment.from_dict(json.loads(json.dumps(document)))
        assert expected in [str(p) for p in raised.value.problems]
    report = check_text("web.yaml", json.dumps(document))
    said = expected.split(": ", 1)[1].removesuffix(
        " [deployment-owner-references-one-controller]"
    )
    assert [(f.message, f.rule) for f in report.findings] == [
        (said, "deployment-owner-references-one-controller")
    ]


def test_a_label_value_too_long_and_malformed_gets_both_messages_in_the_servers_order() -> (
    None
):
    """IsValidLabelValue appends its length message and then its format message,
    independently: a value over 63 characters that is not well formed gets both, as
    two errors at the map, where a long well-formed value gets the first alone."""
    long_bad, long_good = "a" * 63 + "!", "a" * 64
    spec = {
        "containers": [{"name": "app", "image": "nginx"}],
        "nodeSelector": {"pool": long_bad, "zone": long_good},
    }
    length = (
        "Invalid value: {}: must be no more than 63 bytes [node-selector-value-length]"
    )
    fmt = (
        "Invalid value: {}: a valid label must be an empty string or consist of"
        " alphanumeric characters, '-', '_' or '.', and must start and end with an"
        " alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex"
        " used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        " [node-selector-value-format]"
    )
    expected = [
        "nodeSelector: " + length.format(rt.go_quote(long_bad)),
        "nodeSelector: " + fmt.format(rt.go_quote(long_bad)),
        "nodeSelector: " + length.format(rt.go_quote(long_good)),
    ]
    for flavour in (podspec, podspec.fast):
        assert _problems(flavour, spec) == expected
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": spec}
    report = check_text("pod.yaml", json.dumps(pod))
    assert [f"{f.path}: {f.message} [{f.rule}]" for f in report.findings] == [
        "spec." + line for line in expected
    ]


@pytest.mark.parametrize("name", ["db.x", "a" * 64, "a" * 63 + "-", "Db", "a_b"])
def test_a_statefulset_service_name_gets_is_dns1123_labels_words(name: str) -> None:
    """ValidateStatefulSetSpec checks serviceName with ValidateDNS1123Label: one error
    for each of IsDNS1123Label's messages, as a container's name gets them."""
    spec = {
        "serviceName": name,
        "selector": {"matchLabels": {"app": "db"}},
        "template": {
            "metadata": {"labels": {"app": "db"}},
            "spec": {"containers": [{"name": "app", "image": "nginx"}]},
        },
    }
    expected = [
        f"serviceName: Invalid value: {rt.go_quote(name)}: {message}"
        " [statefulset-service-name-format]"
        for message in is_dns1123_label(name)
    ]
    assert expected
    for flavour in (podspec, podspec.fast):
        with pytest.raises(podspec.ValidationError) as raised:
            flavour.StatefulSetSpec.from_dict(spec)
        assert [str(p) for p in raised.value.problems] == expected


@pytest.mark.parametrize(
    ("kind", "name", "port"),
    [
        ("Deployment", "a" * 254, is_dns1123_subdomain),
        ("Deployment", "A" * 254, is_dns1123_subdomain),
        ("Job", "web_1", is_dns1123_subdomain),
        ("StatefulSet", "web.v1", is_dns1123_label),
        ("StatefulSet", "a" * 64, is_dns1123_label),
        ("StatefulSet", "a" * 63 + "-", is_dns1123_label),
    ],
)
def test_a_kinds_name_gets_its_name_functions_words(
    kind: str, name: str, port: Callable[[str], list[str]]
) -> None:
    """ValidateObjectMetaAccessor reports each message of the kind's name function
    (NameIsDNSSubdomain, or NameIsDNSLabel for a StatefulSet): a long well-formed name
    gets the length message, not the format's, and a dotted StatefulSet name `must not
    contain dots`."""
    template = {
        "metadata": {"labels": {"app": "web"}},
        "spec": {
            "restartPolicy": "Never" if kind == "Job" else "Always",
            "containers": [{"name": "app", "image": "nginx"}],
        },
    }
    spec: dict[str, Any] = {"template": template}
    if kind != "Job":
        spec["selector"] = {"matchLabels": {"app": "web"}}
    api = "batch/v1" if kind == "Job" else "apps/v1"
    document = {"apiVersion": api, "kind": kind, "metadata": {"name": name}}
    document["spec"] = spec
    expected = [
        f"metadata.name: Invalid value: {rt.go_quote(name)}: {message}"
        for message in port(name)
    ]
    for flavour in (podspec, podspec.fast):
        with pytest.raises(podspec.ValidationError) as raised:
            getattr(flavour, kind).from_dict(copy.deepcopy(document))
        said = [str(p) for p in raised.value.problems if p.path == "metadata.name"]
        assert [line.rsplit(" [", 1)[0] for line in said] == expected


def test_an_unset_string_a_rule_reports_shows_gos_empty_string() -> None:
    """ValidateTolerations reports at an unset operator and effect with their values,
    which in the Go struct are "": the message shows `""`, never nothing."""
    spec = {
        "containers": [{"name": "app", "image": "nginx"}],
        "tolerations": [{"value": "x"}, {"key": "k", "tolerationSeconds": 5}],
    }
    expected = [
        'tolerations[0].operator: Invalid value: "": operator must be Exists when '
        '`key` is empty, which means "match all values and all keys" '
        "[toleration-empty-key-requires-exists]",
        "tolerations[1].effect: Invalid value: \"\": effect must be 'NoExecute' when "
        "`tolerationSeconds` is set [toleration-seconds-requires-no-execute]",
    ]
    for flavour in (podspec, podspec.fast):
        assert _problems(flavour, spec) == expected
    # A value that is set is shown as it is.
    spec["tolerations"] = [{"operator": "Equal", "value": "x"}]
    (said,) = _problems(podspec, spec)
    assert said.startswith('tolerations[0].operator: Invalid value: "Equal": ')


def _said_by_every_output(spec: dict[str, Any], expected: str) -> None:
    """Both flavours and `validate` report `expected` of the pod spec."""
    spec.setdefault("containers", [{"name": "app", "image": "nginx"}])
    for flavour in (podspec, podspec.fast):
        assert expected in _problems(flavour, spec), flavour.__name__
    shown = [
        f"{f.path}: {f.message}"
        for f in check_text("s.json", json.dumps(spec)).findings
    ]
    assert expected in shown, shown


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        # ValidatePodSpec: validation.InclusiveRangeError(1, math.MaxInt32)
        (
            {"activeDeadlineSeconds": 0},
            "activeDeadlineSeconds: Invalid value: 0: must be between 1 and"
            " 2147483647, inclusive",
        ),
        # IsValidUserID on an int64: beyond MaxInt32 is the server's range error
        (
            {"securityContext": {"runAsUser": 2147483648}},
            "securityContext.runAsUser: Invalid value: 2147483648: must be between 0"
            " and 2147483647, inclusive",
        ),
        # IsValidGroupID on each item
        (
            {"securityContext": {"supplementalGroups": [1, -5]}},
            "securityContext.supplementalGroups[1]: Invalid value: -5: must be between"
            " 0 and 2147483647, inclusive",
        ),
        # validateContainerPorts: 0 is Required, else IsValidPortNum
        (
            {
                "containers": [
                    {"name": "a", "image": "x", "ports": [{"containerPort": 0}]}
                ]
            },
            "containers[0].ports[0].containerPort: Required value",
        ),
        (
            {
                "containers": [
                    {"name": "a", "image": "x", "ports": [{"containerPort": 70000}]}
                ]
            },
            "containers[0].ports[0].containerPort: Invalid value: 70000: must be"
            " between 1 and 65535, inclusive",
        ),
        # fileModeErrorMsg
        (
            {
                "volumes": [
                    {"name": "v", "configMap": {"name": "c", "defaultMode": 512}}
                ]
            },
            "volumes[0].configMap.defaultMode: Invalid value: 512: must be a number"
            " between 0 and 0777 (octal), both inclusive",
        ),
        # validateProjectionSources: a text for each end
        (
            {
                "volumes": [
                    {
                        "name": "t",
                        "projected": {
                            "sources": [
                                {
                                    "serviceAccountToken": {
                                        "path": "t",
                                        "expirationSeconds": 10,
                                    }
                                }
                            ]
                        },
                    }
                ]
            },
            "volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds:"
            " Invalid value: 10: may not specify a duration less than 10 minutes",
        ),
        # an int32 past its width never reaches the check: the SDK's own words
        (
            {
                "containers": [
                    {"name": "a", "image": "x", "ports": [{"containerPort": 2**31}]}
                ]
            },
            "containers[0].ports[0].containerPort: 2147483648 is outside the allowed"
            " range 1..65535",
        ),
    ],
    ids=[
        "deadline",
        "run-as-user",
        "supplemental-group",
        "port-zero",
        "port-high",
        "mode",
        "token",
        "int32-width",
    ],
)
def test_a_number_out_of_range_is_said_in_the_servers_words(
    spec: dict[str, Any], expected: str
) -> None:
    _said_by_every_output(spec, expected)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        # validateOS: len(os.Name) == 0 -> Required(name, "") (since 1.36; its detail
        # was "cannot be empty" before), not NotSupported
        ({"os": {"name": ""}}, "os.name: Required value"),
        ({"os": {}}, "os.name: Required value"),
        # ValidatePreemptionPolicy: case "" -> Required(fldPath, "")
        ({"preemptionPolicy": ""}, "preemptionPolicy: Required value"),
        # validateSeccompProfileType: case "" -> Required, with its detail
        (
            {"securityContext": {"seccompProfile": {"type": ""}}},
            "securityContext.seccompProfile.type: Required value: type is required"
            " when seccompProfile is set",
        ),
        (
            {"securityContext": {"appArmorProfile": {}}},
            "securityContext.appArmorProfile.type: Required value: type is required"
            " when appArmorProfile is set",
        ),
        # A value outside the set is still NotSupported.
        (
            {"preemptionPolicy": "Always"},
            'preemptionPolicy: Unsupported value: "Always": supported values:'
            ' "PreemptLowerPriority", "Never"',
        ),
    ],
    ids=["os-empty", "os-absent", "preemption", "seccomp", "apparmor", "unsupported"],
)
def test_an_empty_value_the_server_requires_is_said_in_its_words(
    spec: dict[str, Any], expected: str
) -> None:
    _said_by_every_output(spec, expected)


def _claim_volume(**spec: Any) -> dict[str, Any]:
    claim = {"resources": {"requests": {"storage": "1Gi"}}, **spec}
    ephemeral = {"volumeClaimTemplate": {"spec": claim}}
    return {"volumes": [{"name": "data", "ephemeral": ephemeral}]}


_ACCESS = "volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes"


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        # ValidatePersistentVolumeClaimSpec: no access mode -> Required, with its words
        (
            _claim_volume(accessModes=[]),
            [f"{_ACCESS}: Required value: at least 1 access mode is required"],
        ),
        # A list item outside its set: NotSupported, the values sorted as sets.List,
        # at the list (NotSupported(fldPath.Child("accessModes"), mode, ...))
        (
            _claim_volume(accessModes=["Bogus"]),
            [
                f'{_ACCESS}: Unsupported value: "Bogus": supported values:'
                ' "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'
            ],
        ),
        # supportedHostPathTypes holds HostPathUnset, which the server lists too
        (
            {"volumes": [{"name": "h", "hostPath": {"path": "/x", "type": "Dir"}}]},
            [
                'volumes[0].hostPath.type: Unsupported value: "Dir": supported values:'
                ' "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate",'
                ' "File", "FileOrCreate", "Socket"'
            ],
        ),
        # A field's own Required and a rule's in the same words are one (ToAggregate)
        (
            {
                "topologySpreadConstraints": [
                    {
                        "maxSkew": 1,
                        "topologyKey": "",
                        "whenUnsatisfiable": "DoNotSchedule",
                    }
                ]
            },
            [
                "topologySpreadConstraints[0].topologyKey: Required value: can not be"
                " empty [topology-spread-key-required]"
            ],
        ),
        # A malformed claim name is still a name: no "must specify one of" beside it
        (
            {"resourceClaims": [{"name": "gpu", "resourceClaimName": ""}]},
            [
                'resourceClaims[0].resourceClaimName: Invalid value: "": a lowercase'
                " RFC 1123 subdomain must consist of lower case alphanumeric characters,"
                " '-' or '.', and must start and end with an alphanumeric character"
                " (e.g. 'example.com', regex used for validation is"
                " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
            ],
        ),
    ],
    ids=["access-modes-empty", "access-mode-unknown", "host-path-type", "one", "claim"],
)
def test_each_problem_is_the_servers_alone(
    spec: dict[str, Any], expected: list[str]
) -> None:
    spec.setdefault("containers", [{"name": "app", "image": "nginx"}])
    for flavour in (podspec, podspec.fast):
        assert _problems(flavour, spec) == expected, flavour.__name__


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        # ValidateNodeSelectorRequirement and metav1's ValidateLabelSelectorRequirement
        # call an unknown operator Invalid, not NotSupported; "" too
        (
            {
                "affinity": {
                    "nodeAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": {
                            "nodeSelectorTerms": [
                                {"matchExpressions": [{"key": "k", "operator": "Is"}]}
                            ]
                        }
                    }
                }
            },
            "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
            '.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value: "Is":'
            " not a valid selector operator",
        ),
        (
            {
                "topologySpreadConstraints": [
                    {
                        "maxSkew": 1,
                        "topologyKey": "zone",
                        "whenUnsatisfiable": "DoNotSchedule",
                        "labelSelector": {
                            "matchExpressions": [{"key": "k", "operator": ""}]
                        },
                    }
                ]
            },
            "topologySpreadConstraints[0].labelSelector.matchExpressions[0].operator:"
            ' Invalid value: "": not a valid selector operator',
        ),
    ],
    ids=["node-selector", "label-selector-empty"],
)
def test_an_operator_outside_the_set_is_invalid_as_the_server_says(
    spec: dict[str, Any], expected: str
) -> None:
    _said_by_every_output(spec, expected)


def _restart_rule(**rule: Any) -> dict[str, Any]:
    container = {"name": "app", "image": "nginx", "restartPolicy": "Never"}
    return {"containers": [{**container, "restartPolicyRules": [rule]}]}


_NODE_TERM = (
    "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
    ".nodeSelectorTerms[0].matchExpressions[0]"
)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        # validateContainerRestartPolicy: !allowedActions.Has(rule.Action) -> NotSupported
        (
            _restart_rule(exitCodes={"operator": "In", "values": [1]}),
            'containers[0].restartPolicyRules[0].action: Unsupported value: "":'
            ' supported values: "Restart", "RestartAllContainers"',
        ),
        (
            _restart_rule(action="Restart", exitCodes={"values": [1]}),
            "containers[0].restartPolicyRules[0].exitCodes.operator: Unsupported"
            ' value: "": supported values: "In", "NotIn"',
        ),
        # ValidateWhenUnsatisfiable: !supportedScheduleActions.Has(action) -> NotSupported
        (
            {"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "zone"}]},
            'topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "":'
            ' supported values: "DoNotSchedule", "ScheduleAnyway"',
        ),
        # ValidateNodeSelectorRequirement: the switch's default -> Invalid
        (
            {
                "affinity": {
                    "nodeAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": {
                            "nodeSelectorTerms": [{"matchExpressions": [{"key": "k"}]}]
                        }
                    }
                }
            },
            f'{_NODE_TERM}.operator: Invalid value: "": not a valid selector operator',
        ),
    ],
    ids=[
        "restart-action",
        "exit-codes-operator",
        "when-unsatisfiable",
        "node-operator",
    ],
)
def test_an_absent_enum_is_judged_as_gos_empty_string(
    spec: dict[str, Any], expected: str
) -> None:
    """Upstream's schema requires these fields, but the server has no Required for
    them: Go reads an absent one as "", which the check of its set refuses."""
    _said_by_every_output(spec, expected)


# The rules whose failures the format's own checks word (`{field: f, format: name}`
# with no detail): one problem for each check failed, as a field of that format has.
WORDED = [r for r in read_spec(SPEC).rules if r.worded_by is not None]


def _swapped(data: Any, old: str, new: str) -> Any:
    """`data` with every key or string `old` replaced by `new`."""
    if isinstance(data, dict):
        return {
            (new if k == old else k): _swapped(v, old, new) for k, v in data.items()
        }
    if isinstance(data, list):
        return [_swapped(v, old, new) for v in data]
    return new if data == old else data


def _rule_messages(flavour: Any, host: str, data: Any, rule_id: str) -> list[str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            getattr(flavour, host).from_dict(data)
    except podspec.ValidationError as error:
        return [p.message for p in error.problems if p.rule == rule_id]
    return []


def test_the_rules_worded_by_a_format_are_those_of_keys_and_port_names() -> None:
    assert len(WORDED) >= 10
    names = {r.worded_by.name for r in WORDED if r.worded_by}
    # Label and annotation keys, the names a probe's port may give (an int-or-string),
    # a StatefulSet claim template's name (the volume name the server adds for it) and
    # serviceName, each kind's name and generateName (NameIsDNSSubdomain and
    # NameIsDNSLabel, the latter with its trailing '-' masked), and the other names the
    # server checks with IsDNS1123Subdomain or IsDNS1123Label (a host alias's hostnames,
    # a node name in matchFields, a CSI volume's secret, a claim's class names, a data
    # source's API group, the namespaces of an affinity term and of a data source
    # reference, the deprecated serviceAccount the server copies into an empty
    # serviceAccountName)
    assert names == {
        "k8s-label-key",
        "k8s-annotation-key",
        "k8s-port-name",
        "k8s-short-name",
        "k8s-long-name",
        "k8s-long-name-prefix",
    }


@pytest.mark.parametrize(
    "flavour", [podspec, podspec.fast], ids=["dataclasses", "fast"]
)
@pytest.mark.parametrize("rule", WORDED, ids=lambda r: r.id)
def test_a_rule_of_a_format_says_the_servers_words(flavour: Any, rule: Any) -> None:
    fmt = rule.worded_by.name
    (shown,) = [
        m.split('"')[1]
        for m in _rule_messages(podspec, rule.host, rule.invalid, rule.id)[:1]
    ]
    checked = 0
    for value in _EDGES:
        expected = GO[fmt](value)
        if not expected or not value or value == shown:
            continue
        data = _swapped(rule.invalid, shown, value)
        quoted = rt.go_value(value)
        said = _rule_messages(flavour, rule.host, data, rule.id)
        assert said == [f"Invalid value: {quoted}: {m}" for m in expected], value
        checked += 1
    assert checked > 10


def test_an_empty_csi_driver_name_is_required_alone() -> None:
    """ValidateCSIDriverName returns after the Required of an empty name: none of its
    later checks (the length, the DNS subdomain) reports it too."""
    spec = {
        "containers": [{"name": "app", "image": "nginx"}],
        "volumes": [{"name": "c", "csi": {"driver": ""}}],
    }
    for flavour in (podspec, podspec.fast):
        assert _problems(flavour, spec) == ["volumes[0].csi.driver: Required value"]
    spec["volumes"][0]["csi"]["driver"] = "Bad_Driver"
    for flavour in (podspec, podspec.fast):
        (said,) = _problems(flavour, spec)
        assert said.startswith('volumes[0].csi.driver: Invalid value: "Bad_Driver": ')
