"""Read the editor data the spec carries beside its types: snippets (on a type or a
field) and named formats (a pattern with the message editors show when it fails).

Both used to live in the renderer's code; as spec data they are written once, checked
here with their positions, and read by every output that shows them.
"""

from __future__ import annotations

import re

from podspec_gen.spec.errors import Problem
from podspec_gen.spec.records import RawFormat, RawSnippet
from podspec_gen.spec.shape import (
    Entry,
    Invalid,
    Key,
    boolean,
    json_value,
    located_string_list,
    non_negative_integer,
    nonempty_string,
    one_line,
    one_of,
    read_mapping,
)
from podspec_gen.spec.values import pattern
from podspec_gen.spec.yaml_source import YMap, YNode, YSeq, describe


def sequence(node: YNode) -> object:
    if isinstance(node, YSeq):
        return node
    return Invalid(f"expected a list, got {describe(node)}")


SNIPPET_KEYS = {
    "label": Key(one_line, required=True),
    "description": Key(one_line, required=True),
    "body": Key(json_value, required=True),
}
FORMAT_KEYS = {
    "pattern": Key(pattern, required=True),
    "message": Key(one_line, required=True),
    "description": Key(nonempty_string),
    "source": Key(one_line),
    "server": Key(sequence),
    "serverChecksEmpty": Key(boolean),
}
# One of the server's own checks of a format: the value must (`matches`) or must not
# (`refuses`) match the regex, or be at most `maxBytes` long (Go's len), or the server
# reports `message`; with `of`, a regex of one group, the check is of the part the
# group picks (a label key's name part), and passes when the regex does not match.
# `error` is the field.ErrorType the server reports it with: Invalid (the default,
# `Invalid value: "x": message`) or TooLong (`Too long: message`, no value shown).
# `in` lists every value the server knows (a time zone database's names): the format
# then accepts those alone.
SERVER_CHECK_ERRORS = ("Invalid", "TooLong")
SERVER_CHECK_KEYS = {
    "matches": Key(pattern),
    "refuses": Key(pattern),
    "maxBytes": Key(non_negative_integer),
    "in": Key(located_string_list),
    "of": Key(pattern),
    "message": Key(one_line, required=True),
    "error": Key(one_of(*SERVER_CHECK_ERRORS)),
}
SERVER_TESTS = ("matches", "refuses", "maxBytes", "in")
# A Kubernetes kind: PascalCase, as `kind:` spells it in a manifest.
# A key of a manifest on the way to a pod spec.
_STEP = re.compile(r"[a-z][A-Za-z0-9]*")

# Format names are written in fields (`format: k8s-short-name`), like +k8s:format tags.
_FORMAT_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def read_snippets(
    entry: Entry | None, what: str, problems: list[Problem]
) -> tuple[RawSnippet, ...]:
    """The `snippets:` list: each item a label, a one-line description and a body."""
    if entry is None:
        return ()
    assert isinstance(entry.value, YSeq)
    snippets: list[RawSnippet] = []
    labels: set[str] = set()
    for item in entry.value.items:
        found = read_mapping(item, SNIPPET_KEYS, f"{what}: snippet", problems)
        if found is None or len(found) < len(SNIPPET_KEYS):
            continue
        label = str(found["label"].value)
        if label in labels:
            problems.append(
                Problem(found["label"].mark, f"{what}: duplicate snippet '{label}'")
            )
            continue
        labels.add(label)
        snippets.append(
            RawSnippet(
                label,
                str(found["description"].value),
                found["body"].value,
                item.mark,
            )
        )
    return tuple(snippets)


def read_formats(
    entry: Entry | None, display: str, problems: list[Problem]
) -> tuple[tuple[RawFormat, ...], frozenset[str]]:
    """The `formats:` mapping (name -> pattern, the message when it fails, and what it
    is), and the names of the ill-formed ones, left out with their problems."""
    if entry is None:
        return (), frozenset()
    left_out: set[str] = set()
    node = entry.value
    formats: list[RawFormat] = []
    assert isinstance(node, YMap)
    for key, body in node.items:
        name = key.value
        if not isinstance(name, str) or not _FORMAT_NAME.fullmatch(name):
            problems.append(
                Problem(
                    key.mark,
                    f"{display}: format name {name!r} must be lowercase words joined "
                    "by '-', such as k8s-short-name",
                )
            )
            continue
        before = len(problems)
        found = read_mapping(body, FORMAT_KEYS, f"format '{name}'", problems)
        if found is None or len(problems) > before:
            left_out.add(name)
            continue
        description = found.get("description")
        source = found.get("source")
        server = _server_checks(found.get("server"), name, problems)
        checks_empty = found.get("serverChecksEmpty")
        if len(problems) > before:
            left_out.add(name)
            continue
        formats.append(
            RawFormat(
                name,
                str(found["pattern"].value),
                str(found["message"].value),
                "" if description is None else str(description.value).strip(),
                key.mark,
                None if source is None else str(source.value),
                server,
                checks_empty is not None and checks_empty.value is True,
            )
        )
    return tuple(formats), frozenset(left_out)


def _server_checks(
    entry: Entry | None, name: str, problems: list[Problem]
) -> tuple[tuple[str, object, str, str, str], ...]:
    """A format's `server:` list: each item one test (a regex the value `matches` or
    `refuses`, or its `maxBytes`), the server's message when it fails, the regex
    whose group is the part tested (`of`, "" for the whole value), and the error type
    it is reported with."""
    if entry is None:
        return ()
    assert isinstance(entry.value, YSeq)
    checks = []
    for item in entry.value.items:
        what = f"format '{name}': server check"
        found = read_mapping(item, SERVER_CHECK_KEYS, what, problems)
        if found is None:
            continue
        tests = [k for k in SERVER_TESTS if k in found]
        if len(tests) != 1:
            said = f"{what}: give one of {', '.join(SERVER_TESTS)}"
            problems.append(Problem(item.mark, said))
            continue
        argument = found[tests[0]].value
        if tests[0] == "in":
            argument = _names(found["in"], f"{what}: 'in'", problems)
            if argument is None:
                continue
        part = found.get("of")
        if part is not None and re.compile(str(part.value)).groups != 1:
            said = f"{what}: 'of' must hold one group (...), the part checked"
            problems.append(Problem(part.mark, said))
            continue
        of = "" if part is None else str(part.value)
        error = found.get("error")
        kind = "Invalid" if error is None else str(error.value)
        checks.append((tests[0], argument, str(found["message"].value), of, kind))
    return tuple(checks)


def _names(entry: Entry, what: str, problems: list[Problem]) -> tuple[str, ...] | None:
    """An `in` list's names, each once, none empty."""
    located = entry.value
    assert isinstance(located, tuple)
    if not located:
        problems.append(Problem(entry.mark, f"{what} lists no name"))
        return None
    seen: set[str] = set()
    for name, mark in located:
        if not name or name in seen:
            said = "an empty name" if not name else f"'{name}' twice"
            problems.append(Problem(mark, f"{what} lists {said}"))
            return None
        seen.add(name)
    return tuple(name for name, _ in located)


# The curated facts a field can state, each citing where the API server decides it.
FACTS = {
    "enum": ("enum",),
    "default": ("default",),
    "range": ("minimum", "maximum", "rangeError"),
    "requiredError": ("requiredError",),
    "enumError": ("enumError",),
    "minItems": ("minItems",),
    "maxItems": ("maxItems",),
    "pattern": ("pattern",),
    "format": ("format",),
    "immutable": ("immutable",),
    "deprecated": ("deprecated",),
    "serverRequired": ("serverRequired",),
    "serverOptional": ("serverOptional",),
    "emptyAllowed": ("emptyAllowed",),
    "formatJudgesEmpty": ("formatJudgesEmpty",),
    "zeroMeansUnset": ("zeroMeansUnset",),
    "podVolumes": ("podVolumes",),
    "serverName": ("serverName",),
    "serverPath": ("serverPath",),
}


def read_sources(
    entry: Entry | None, written: set[str], what: str, problems: list[Problem]
) -> dict[str, str]:
    """`sources:` fact -> where the server decides it (Go file and function, or a
    types.go marker); a source for a fact the field does not state is a mistake."""
    if entry is None:
        return {}
    assert isinstance(entry.value, YMap)
    sources: dict[str, str] = {}
    for key, body in entry.value.items:
        fact = key.value
        if not isinstance(fact, str) or fact not in FACTS:
            problems.append(
                Problem(
                    key.mark,
                    f"{what}: {fact!r} is not a fact a source is given for "
                    f"(one of: {', '.join(FACTS)})",
                )
            )
            continue
        if not written & set(FACTS[fact]):
            problems.append(
                Problem(
                    key.mark,
                    f"{what}: cites a source for '{fact}', which it does not state",
                )
            )
            continue
        text = one_line(body)
        if isinstance(text, Invalid):
            problems.append(
                Problem(
                    text.mark or body.mark,
                    f"{what}: source of '{fact}': {text.message}",
                )
            )
            continue
        sources[fact] = str(text)
    return sources
