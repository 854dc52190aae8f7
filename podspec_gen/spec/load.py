"""Stage 1a: read the spec folder into raw records, checking only their shape.

Meaning (references, groups, defaults) is checked by `check`; here we make sure every
file, type and field has the keys it may have, of the kinds it must have. Every
problem is collected, and the well-formed records are kept beside them, so that one
run can report shape and meaning problems together.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

from podspec_gen.spec.errors import Mark, Problem, SpecError
from podspec_gen.spec.example import check_example
from podspec_gen.spec.extras import read_formats, sequence
from podspec_gen.spec.gates import read_gates
from podspec_gen.spec.kept import read_kept
from podspec_gen.spec.kind_rules import check_manifests, spread
from podspec_gen.spec.read_concepts import read_concepts
from podspec_gen.spec.read_rules import read_rules
from podspec_gen.spec.read_served import read_served
from podspec_gen.spec.read_types import read_type
from podspec_gen.spec.records import (
    RawConcept,
    RawEnumValue,
    RawField,
    RawFile,
    RawSpec,
    RawType,
)
from podspec_gen.spec.shape import (
    Entry,
    Key,
    located_string_list,
    mapping,
    nonempty_string,
    one_line,
    read_mapping,
)
from podspec_gen.spec.type_keys import FIELD_KEYS, SCALAR_KINDS, TYPE_KEYS
from podspec_gen.spec.values import release
from podspec_gen.spec.yaml_source import YMap, YNode, load_yaml

__all__ = [
    "FIELD_KEYS",
    "ROOT_FILE",
    "SCALAR_KINDS",
    "TYPE_KEYS",
    "RawEnumValue",
    "RawField",
    "RawFile",
    "RawSpec",
    "RawType",
    "load_raw_spec",
    "load_spec",
]

ROOT_FILE = "podspec.yaml"

_GROUP_KEYS = {
    # Printed as a heading and under it: one line each.
    "title": Key(one_line, required=True),
    "summary": Key(one_line, required=True),
    "description": Key(nonempty_string, required=True),
    "example": Key(nonempty_string),
    "types": Key(mapping),
    # Named string formats (a pattern and its message) that fields name in `format`.
    "formats": Key(mapping),
    # Feature gates (stage, v1.37 default) that fields name in `gate`.
    "featureGates": Key(mapping),
}
GROUP_KEYS = {
    **_GROUP_KEYS,
    "podSpecFields": Key(located_string_list, required=True),
    # Types kept in this group although other groups' fields reach them (the security
    # contexts, read together in security.yaml).
    "gathers": Key(located_string_list),
}
SHARED_KEYS = dict(_GROUP_KEYS)
WORKLOADS_KEYS = {
    **_GROUP_KEYS,
    # Rules every manifest kind holds, on its own metadata (spec/README.md).
    "kindRules": Key(sequence),
    # The kinds Kubernetes serves in its groups without a dot, by API version.
    "servedKinds": Key(mapping),
}
ROOT_KEYS = {
    **_GROUP_KEYS,
    "kubernetes": Key(release, required=True),
    "root": Key(nonempty_string, required=True),
    "groups": Key(located_string_list, required=True),
    "shared": Key(nonempty_string, required=True),
    # The file of the manifest kinds that carry a pod spec (Deployment, Job, Pod...).
    "workloads": Key(nonempty_string),
    # The file of the docs' concept pages (the pod model, lifecycle, QoS...).
    "concepts": Key(nonempty_string),
    # Where the outputs are published: URL templates for the schemas and the docs.
    "publish": Key(mapping),
}
_PUBLISH_KEYS = {
    "schemas": Key(one_line, required=True),
    "docs": Key(one_line, required=True),
}
# An absolute URL: a scheme, `://`, and no spaces.
_URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+")
_KEYS = {
    "root": ROOT_KEYS,
    "group": GROUP_KEYS,
    "shared": SHARED_KEYS,
    "workloads": WORKLOADS_KEYS,
}


def load_spec(spec_dir: Path) -> RawSpec:
    """Read the spec; raise SpecError listing every shape problem, if any."""
    raw = load_raw_spec(spec_dir)
    raw.raise_problems()
    return raw


def load_raw_spec(spec_dir: Path) -> RawSpec:
    """Read every spec file named by the root; never raises for a spec problem.

    The result holds the well-formed records and, in `problems`, everything wrong with
    the rest, so that the meaning checks can still run on what was read.
    """
    problems: list[Problem] = []
    display_root = _display(spec_dir)
    root_display = f"{display_root}/{ROOT_FILE}"
    root_path = spec_dir / ROOT_FILE
    root: RawFile | None = None
    if root_path.is_file():
        root = _read_file(root_path, "podspec", "root", root_display, problems)
    else:
        problems.append(Problem(Mark(root_display, 1, 1), "root spec file not found"))
    if root is None:
        empty = RawFile(
            name="podspec",
            mark=Mark(root_display, 1, 1),
            marks={},
            kind="root",
            display=root_display,
        )
        return RawSpec(empty, (empty,), tuple(problems), unread_files=("podspec",))
    files = [root]
    unread: list[str] = []
    for name, mark, kind in _listed_files(root, problems):
        path = spec_dir / f"{name}.yaml"
        if not path.is_file():
            problems.append(
                Problem(
                    mark, f"group '{name}': file {display_root}/{name}.yaml not found"
                )
            )
            unread.append(name)
            continue
        raw = _read_file(path, name, kind, f"{display_root}/{name}.yaml", problems)
        if raw is None:
            unread.append(name)
        else:
            files.append(raw)
    concepts = _read_concepts(spec_dir, root, [f.name for f in files], problems)
    return RawSpec(
        root,
        tuple(files),
        tuple(sorted(set(problems))),
        tuple(unread),
        frozenset(name for f in files for name in f.left_out_types),
        concepts,
    )


def _read_concepts(
    spec_dir: Path, root: RawFile, taken: list[str], problems: list[Problem]
) -> tuple[RawConcept, ...]:
    """The concept pages of the file the root names in `concepts`, if it names one."""
    name = root.concepts
    if not name:
        return ()
    display = f"{_display(spec_dir)}/{name}.yaml"
    if name in taken or not name.isidentifier() or not name.islower():
        problems.append(
            Problem(
                root.mark_of("concepts"),
                f"concepts file '{name}' must be a lowercase identifier naming no "
                "other spec file",
            )
        )
        return ()
    path = spec_dir / f"{name}.yaml"
    if not path.is_file():
        problems.append(
            Problem(root.mark_of("concepts"), f"concepts file {display} not found")
        )
        return ()
    return read_concepts(path, display, problems)


def _listed_files(
    root: RawFile, problems: list[Problem]
) -> list[tuple[str, Mark, str]]:
    """The group files and the shared file the root names, each once, validly named."""
    listed = [(name, mark, "group") for name, mark in root.groups]
    if root.shared:
        listed.append((root.shared, root.mark_of("shared"), "shared"))
    if root.workloads:
        listed.append((root.workloads, root.mark_of("workloads"), "workloads"))
    seen: dict[str, Mark] = {}
    result = []
    for name, mark, kind in listed:
        if name in seen:
            problems.append(
                Problem(
                    mark,
                    f"group '{name}' is listed twice (first at line {seen[name].line})",
                )
            )
            continue
        seen[name] = mark
        if name == "podspec" or not name.isidentifier() or not name.islower():
            problems.append(
                Problem(
                    mark,
                    f"group name '{name}' must be a lowercase identifier other than "
                    "'podspec'",
                )
            )
            continue
        result.append((name, mark, kind))
    return result


def _read_file(
    path: Path, name: str, kind: str, display: str, problems: list[Problem]
) -> RawFile | None:
    return read_kept(path, name, kind, display, problems, _read_file_afresh)


def _read_file_afresh(
    path: Path, name: str, kind: str, display: str, problems: list[Problem]
) -> RawFile | None:
    try:
        node = load_yaml(path, display)
    except SpecError as exc:
        problems.extend(exc.problems)
        return None
    keys = _KEYS[kind]
    entries = read_mapping(node, keys, display, problems)
    if entries is None:
        return None
    types: list[RawType] = []
    left_out: set[str] = set()
    documents: dict[str, Any] = {}
    types_entry = entries.get("types")
    if types_entry is not None:
        assert isinstance(types_entry.value, YMap)
        for type_key, type_node in types_entry.value.items:
            raw = read_type(type_key, type_node, name, problems)
            if raw is not None:
                types.append(raw)
            elif isinstance(type_key.value, str):
                left_out.add(type_key.value)
    if "example" in entries:
        source = path.read_text(encoding="utf-8")
        if kind == "workloads":
            before = len(problems)
            documents = check_manifests(
                entries["example"], display, source, types, problems
            )
            # A broken stream is reported once, not again by every kind rule.
            documents = documents if len(problems) == before else {}
        else:
            check_example(entries["example"], display, source, problems)
    if "kindRules" in entries:
        rules = read_rules(entries["kindRules"], "every kind", problems, True)
        if documents:
            types = spread(rules, types, documents, problems)
        elif "example" not in entries:
            said = "'kindRules' makes its examples from the 'example' stream: add one"
            problems.append(Problem(entries["kindRules"].mark, said))
    formats, left_out_formats = read_formats(entries.get("formats"), display, problems)
    served = read_served(entries.get("servedKinds"), display, problems)
    return RawFile(
        name=name,
        mark=node.mark,
        marks={key: entry.mark for key, entry in entries.items()},
        kind=kind,
        display=display,
        title=_text(entries, "title"),
        summary=_text(entries, "summary"),
        description=_text(entries, "description"),
        example=_text(entries, "example"),
        types=tuple(types),
        pod_spec_fields=_located(entries, "podSpecFields"),
        gathers=_located(entries, "gathers"),
        formats=formats,
        gates=read_gates(entries.get("featureGates"), display, problems),
        left_out_formats=left_out_formats,
        served_kinds=served[0],
        served_source=served[1],
        served_marks=served[2],
        kubernetes=_text(entries, "kubernetes"),
        root_type=_text(entries, "root"),
        groups=_located(entries, "groups"),
        shared=_text(entries, "shared"),
        workloads=_text(entries, "workloads"),
        concepts=_text(entries, "concepts"),
        publish=_read_publish(entries.get("publish"), display, problems),
        broken_keys=_broken_keys(node, keys, entries),
        left_out_types=frozenset(left_out),
    )


def _read_publish(
    entry: Entry | None, display: str, problems: list[Problem]
) -> tuple[str, str] | None:
    """`publish:` the schemas' and the docs' URL templates, each absolute, naming no
    placeholder but `{version}`; the schemas' ends in `/` (file names follow it)."""
    if entry is None:
        return None
    assert isinstance(entry.value, YMap)
    found = read_mapping(entry.value, _PUBLISH_KEYS, f"{display}: publish", problems)
    if found is None or len(found) < len(_PUBLISH_KEYS):
        return None
    urls = {key: str(found[key].value) for key in _PUBLISH_KEYS}
    wrong = [(key, _url_problem(key, urls[key])) for key in _PUBLISH_KEYS]
    for key, message in wrong:
        if message:
            problems.append(Problem(found[key].mark, f"publish.{key}: {message}"))
    if any(message for _, message in wrong):
        return None
    return urls["schemas"], urls["docs"]


def _url_problem(key: str, url: str) -> str:
    """Why `url` cannot be a `publish` template, or "" when it can."""
    if not _URL.fullmatch(url):
        return f"{url!r} is not an absolute URL (such as https://example.org/x/)"
    try:
        names = {
            name for _, name, _, _ in string.Formatter().parse(url) if name is not None
        }
    except ValueError as exc:
        return f"{url!r} has a stray brace: {exc}"
    if names - {"version"}:
        unknown = ", ".join(sorted(f"{{{n}}}" for n in names - {"version"}))
        return f"{url!r} names {unknown}: the only placeholder is {{version}}"
    if key == "schemas" and not url.endswith("/"):
        return f"{url!r} must end with '/': the schema file names are appended to it"
    return ""


def _broken_keys(
    node: YNode, keys: dict[str, Key], entries: dict[str, Entry]
) -> frozenset[str]:
    """Keys written but ill-formed, or required but missing (both reported already)."""
    written = {key.value for key, _ in node.items} if isinstance(node, YMap) else set()
    return frozenset(
        k for k in keys if k not in entries and (k in written or keys[k].required)
    )


def _text(entries: dict[str, Entry], key: str) -> str:
    value = entries[key].value if key in entries else ""
    assert isinstance(value, str)
    return value


def _located(entries: dict[str, Entry], key: str) -> tuple[tuple[str, Mark], ...]:
    if key not in entries:
        return ()
    value = entries[key].value
    assert isinstance(value, tuple)
    return value


def _display(path: Path) -> str:
    """Paths in messages are relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
