"""`podspec-gen sync`: compare the spec with upstream Kubernetes definitions.

Reports the drift (see podspec_gen.sync.drift); with `--write`, splices the types and fields
that upstream has and the spec lacks into the spec files as text, leaving every existing
line (comments, enums, defaults, groups) as it was. Removals and changes are curated
decisions and are only reported. Exit status: 0 in sync, 1 drift (after `--write`: drift
that remains), 2 unreadable upstream file or a spec with errors.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from podspec_gen.model.build import read_spec
from podspec_gen.model.typeexpr import parse_type
from podspec_gen.model.types import Spec
from podspec_gen.project import EXIT_DRIFT, EXIT_ERROR, EXIT_OK, add_folder_options
from podspec_gen.spec.errors import SpecError
from podspec_gen.spec.yaml_source import YMap, YNode, load_yaml
from podspec_gen.sync.drift import diff
from podspec_gen.sync.spec_write import field_text, type_text
from podspec_gen.sync.upstream import (
    UpstreamError,
    UpstreamField,
    UpstreamType,
    read_closure,
)
from podspec_gen.write import WriteError, replace


def add_parser(commands: Any) -> None:
    sync = commands.add_parser(
        "sync",
        help="report drift between the spec and an upstream definitions file",
        description="Compare spec/ with a Kubernetes definitions file (swagger.json or "
        "kubernetes-validate's _definitions.json). Exit status 1 when they differ.",
    )
    sync.add_argument(
        "--upstream", type=Path, required=True, help="definitions file to compare with"
    )
    add_folder_options(sync, "spec")
    sync.add_argument(
        "--write", action="store_true", help="add missing types and fields to spec/"
    )


def run(args: argparse.Namespace) -> int:
    try:
        spec = read_spec(args.spec)
        upstream = read_upstream(args.upstream, read_only(spec))
        found = diff(spec, upstream)
        for difference in found:
            print(difference)
        if args.write and any(d.kind == "added" for d in found):
            for note in write_additions(args.spec, spec, upstream):
                print(note)
            found = diff(read_spec(args.spec), upstream)
    except (UpstreamError, SyncError, WriteError) as exc:
        print(f"podspec-gen: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except SpecError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_ERROR
    if not found:
        print(f"podspec-gen: spec matches {args.upstream} ({len(upstream)} types)")
        return EXIT_OK
    counts = Counter(d.kind for d in found)
    summary = ", ".join(
        f"{counts[k]} {k}" for k in ("added", "removed", "changed") if counts[k]
    )
    remain = " remain" if args.write else ""
    print(
        f"podspec-gen: {len(found)} differences{remain} from {args.upstream} ({summary})"
    )
    return EXIT_DRIFT


def read_only(spec: Spec) -> frozenset[str]:
    """The types the spec accepts unchecked: upstream's closure does not enter them."""
    return frozenset(t.name for t in spec.types if t.read_only)


def read_upstream(
    path: Path, stop: frozenset[str] = frozenset()
) -> dict[str, UpstreamType]:
    try:
        return read_closure(path, stop)
    except (KeyError, TypeError, AttributeError) as exc:
        raise UpstreamError(f"{path}: malformed definitions ({exc!r})") from None


@dataclass
class Additions:
    """What `--write` adds: new fields of existing types, new types with their group."""

    fields: dict[str, list[UpstreamField]] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)  # type name -> group
    skipped: list[str] = field(default_factory=list)


def _refs(type_exprs: list[str]) -> list[str]:
    elements = (parse_type(expr).element for expr in type_exprs)
    return [e.name for e in elements if e.kind == "ref"]


def plan(spec: Spec, upstream: dict[str, UpstreamType]) -> Additions:
    ours = {t.name: t for t in spec.types}
    add = Additions()
    for t in spec.types:
        u = upstream.get(t.name)
        if u is None or t.scalar is not None or u.scalar is not None:
            continue
        have = {f.wire_name for f in t.fields}
        new = [f for f in u.fields if f.name not in have]
        if t.name == spec.root.name:  # a PodSpec field's group is a curated choice
            add.skipped += [
                f"not written: field {t.name}.{f.name}: add it by hand and list it "
                "under podSpecFields in one group"
                for f in new
            ]
        elif new:
            add.fields[t.name] = new

    def uses(name: str) -> list[str]:
        if name in ours:
            if ours[name].read_only:
                return []  # accepted unchecked: what only it reaches is not ours
            exprs = [str(f.type) for f in ours[name].fields]
            return _refs(exprs + [f.type for f in add.fields.get(name, [])])
        return _refs([f.type for f in upstream[name].fields])

    # New types the spec will use, in the order they are reached from the root and the
    # manifest kinds; each goes to the group of the first spec type (in spec order) that
    # uses it, or else of the new type it was reached from.
    order = {t.name: i for i, t in enumerate(spec.types)}
    group = {t.name: t.group for t in spec.types}
    starts = [spec.root.name, *(k.name for k in spec.kinds)]
    reached_from = {name: name for name in starts}
    users: dict[str, list[str]] = {}
    todo = list(starts)
    while todo:
        name = todo.pop(0)
        for ref in uses(name):
            users.setdefault(ref, []).append(name)
            if ref not in reached_from:
                reached_from[ref] = name
                todo.append(ref)
    for name in reached_from:
        if name not in ours:
            known = [u for u in users[name] if u in order]
            first = min(known, key=order.__getitem__) if known else reached_from[name]
            group[name] = add.types[name] = group[first]
    add.skipped += [
        f"not written: type {name}: no spec field would use it"
        for name in upstream
        if name not in ours and name not in add.types
    ]
    return add


class SyncError(Exception):
    """`--write` cannot splice its additions into the spec files."""


class _File:
    """One spec file's lines, with text to insert before given line indexes."""

    def __init__(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        self.lines = (text if text.endswith("\n") else text + "\n").splitlines(True)
        root = load_yaml(path, str(path))
        last = root.items[-1] if isinstance(root, YMap) and root.items else None
        if last is None or last[0].value != "types" or not isinstance(last[1], YMap):
            raise SyncError(f"{path}: 'types' must be the file's last key")
        self.types = last[1]
        self.inserts: dict[int, list[str]] = {}

    def type_node(self, name: str) -> tuple[int, YMap, int]:
        """The type's key line (0-based), its mapping, and the line where it ends."""
        keys = [k for k, _ in self.types.items]
        i = next(i for i, k in enumerate(keys) if k.value == name)
        node = self.types.items[i][1]
        assert isinstance(node, YMap)
        end = keys[i + 1].mark.line - 1 if i + 1 < len(keys) else len(self.lines)
        return keys[i].mark.line - 1, node, end

    def last_line(self, start: int, end: int, indent: int) -> int:
        """Index after the last content line before `end`, skipping blank lines and
        comments indented at most `indent` (they introduce what follows)."""
        while end > start + 1:
            line = self.lines[end - 1]
            stripped = line.lstrip()
            if stripped and not (
                stripped.startswith("#") and len(line) - len(stripped) <= indent
            ):
                break
            end -= 1
        return end

    def add_fields(self, type_name: str, fields: list[UpstreamField]) -> None:
        start, node, end = self.type_node(type_name)
        keys = [k for k, _ in node.items]
        type_indent = self.types.items[0][0].mark.col - 1
        j = next((j for j, k in enumerate(keys) if k.value == "fields"), None)
        header = ""
        indent = type_indent + 4
        if j is None:
            header = " " * (type_indent + 2) + "fields:\n"
        else:
            if j + 1 < len(keys):
                end = keys[j + 1].mark.line - 1
            value: YNode = node.items[j][1]
            if isinstance(value, YMap) and value.items:
                indent = value.items[0][0].mark.col - 1
            elif value.mark.line == keys[j].mark.line:
                raise SyncError(
                    f"{keys[j].mark}: cannot add fields to a flow-style mapping"
                )
        at = self.last_line(start, end, indent)
        text = header + "".join(field_text(f, indent) for f in fields)
        self.inserts.setdefault(at, []).append(text)

    def add_type(self, t: UpstreamType) -> None:
        indent = self.types.items[0][0].mark.col - 1 if self.types.items else 2
        at = self.last_line(self.types.mark.line - 1, len(self.lines), indent)
        self.inserts.setdefault(at, []).append("\n" + type_text(t, indent))

    def text(self) -> str:
        out: list[str] = []
        for i, line in enumerate([*self.lines, ""]):
            out += self.inserts.get(i, [])
            out.append(line)
        return "".join(out)


def write_additions(
    spec_dir: Path, spec: Spec, upstream: dict[str, UpstreamType]
) -> list[str]:
    """Splice the additions into the spec files; check the result loads, then replace
    the changed files atomically. Returns one line per addition (and per skip)."""
    add = plan(spec, upstream)
    files: dict[str, _File] = {}
    notes: list[str] = []

    def edit(group: str, *added: str) -> _File:
        path = spec_dir / f"{group}.yaml"
        if group not in files:
            files[group] = _File(path)
        notes.extend(f"wrote {path}: added {what}" for what in added)
        return files[group]

    for t in spec.types:
        if t.name in add.fields:
            new = add.fields[t.name]
            added = (f"field {t.name}.{f.name}" for f in new)
            edit(t.group, *added).add_fields(t.name, new)
    for name, group in add.types.items():
        edit(group, f"type {name}").add_type(upstream[name])
    texts = {f"{group}.yaml": f.text() for group, f in files.items()}
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "spec"
        shutil.copytree(spec_dir, trial)
        for name, text in texts.items():
            (trial / name).write_text(text, encoding="utf-8")
        try:
            read_spec(trial)
        except SpecError as exc:
            problems = "\n".join(
                str(p).replace(str(trial), str(spec_dir)) for p in exc.problems
            )
            raise SyncError(
                f"the additions would break the spec; nothing written:\n{problems}"
            ) from None
    replace(spec_dir, texts)
    return notes + add.skipped
