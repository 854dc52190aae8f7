"""`podspec-gen validate FILE...`: check manifests of the kinds that carry a pod spec,
whole (apiVersion, kind, metadata, spec, down to every field of the pod spec), against
our schema, and against the API server's rules across fields (checked by the generated
SDK's class of each kind). Documents of other kinds are skipped, and counted.

Every problem is printed as `file:line:col: path: message`, a broken rule with its id
(`... Duplicate value: "app" [container-names-unique]`), and a warning as
`file:line:col: warning: path: message`; the position is taken from the YAML node, so
an editor or a CI log links straight to it. Exit status: 0 when every manifest is valid
(warnings never fail), 1 when any is not, 2 when an input cannot be read or parsed (or
the schema or the SDK cannot be loaded).
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from podspec_gen.project import EXIT_ERROR, EXIT_OK, find_root
from podspec_gen.validate.kind_rules import kind_findings
from podspec_gen.validate.manifest_load import Document, LoadError, load_documents
from podspec_gen.validate.manifest_load import Path as NodePath
from podspec_gen.validate.manifests import (
    Kinds,
    Site,
    Skipped,
    Whole,
    find,
    reach,
    read_kinds,
)
from podspec_gen.validate.rule_check import Finding, site_findings
from podspec_gen.validate.schema_check import Compiler, Problem, SchemaError
from podspec_gen.validate.sdk import Sdk, SdkError, default_folder, load_sdk

EXIT_INVALID = 1
SCHEMA_FILE = Path("generated") / "jsonschema" / "podspec.schema.json"
STDIN = "-"
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def add_parser(commands: Any) -> None:
    validate = commands.add_parser(
        "validate",
        help="check workload manifests, whole, against the generated schema",
        description="Check every manifest of a kind that carries a pod spec in the "
        "given files (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, "
        "ReplicationController, PodTemplate, Pod, Lists of them, or a bare PodSpec; "
        "multi-document YAML; - for stdin), its own fields and its pod spec, and print "
        "each problem as file:line:col: path: message, and each warning as "
        "file:line:col: warning: path: message. The API server's rules across fields "
        "are checked by the generated SDK and named by their id. Other kinds, and "
        "other apiVersions of these, are skipped and counted. Exit status 0 when all "
        "are valid, 1 when any is not, 2 when an input cannot be read.",
    )
    validate.add_argument(
        "files", nargs="+", metavar="FILE", help="manifest file, or -"
    )
    validate.add_argument(
        "--schema",
        type=Path,
        default=find_root() / SCHEMA_FILE,
        help="any of the generated schema files (they share their $defs; "
        "default: %(default)s)",
    )
    validate.add_argument(
        "--sdk",
        type=Path,
        metavar="DIR",
        help="the folder holding the generated podspec package, whose rules are "
        "checked (default: python/ beside the schema's folder)",
    )
    validate.add_argument(
        "--no-warnings",
        action="store_true",
        help="do not print warnings (deprecated fields, rules the API server only "
        "warns about); they never fail the run",
    )


@dataclass
class Tally:
    specs: int = 0
    invalid: int = 0
    unreadable: int = 0
    unchecked: int = 0  # manifests the SDK failed on (a bug in the generated code)
    # Documents not checked, by `apiVersion kind`.
    skipped: collections.Counter[str] = field(default_factory=collections.Counter)

    def add(self, other: Tally) -> None:
        self.specs += other.specs
        self.invalid += other.invalid
        self.unreadable += other.unreadable
        self.unchecked += other.unchecked
        self.skipped.update(other.skipped)


def format_path(path: NodePath, tail: str = "") -> str:
    """`spec.containers[0].image`; keys that are not plain words are quoted. `tail`
    continues it past the nodes that exist (`.image`, `.{topologyKey, ...}`)."""
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        elif _PLAIN_KEY.match(step):
            text += f".{step}" if text else step
        else:
            text += f"[{json.dumps(step)}]"
    text = text + tail if text else tail.removeprefix(".")
    return text or "(document)"


@dataclass(frozen=True)
class Schema:
    """The schema's checker, the manifest kinds it describes, and the SDK that checks
    the rules across fields."""

    compiler: Compiler
    kinds: Kinds
    sdk: Sdk


def load_schema(path: Path, sdk_folder: Path | None = None) -> Schema:
    """Raises OSError/ValueError/SchemaError/SdkError; run() turns them into a
    message. The SDK is the one generated beside the schema unless `sdk_folder`."""
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict):
        raise ValueError("not a JSON Schema object")
    compiler = Compiler(document)
    sdk = load_sdk(sdk_folder if sdk_folder is not None else default_folder(path))
    return Schema(compiler, read_kinds(document), sdk)


def _read(name: str) -> str:
    if name == STDIN:
        return sys.stdin.buffer.read().decode("utf-8")
    return Path(name).read_text(encoding="utf-8")


@dataclass
class Checked:
    """One document's manifests: how many pod specs, their problems (the schema's and
    the rules'), those whose rules could not be checked (path, why), and what was
    skipped."""

    specs: int = 0
    found: list[Finding] = field(default_factory=list)
    unchecked: list[tuple[NodePath, str]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _finding(problem: Problem) -> Finding:
    return Finding(problem.path, "", problem.message, problem.warning, problem.at_key)


def _problems(schema: Schema, document: Document) -> Checked:
    checked = Checked()
    checked.found = [
        _finding(Problem(path, f'duplicate key "{path[-1]}"', at_key=True))
        for path in document.duplicates
    ]
    for part in find(document.value, schema.kinds):
        if isinstance(part, Whole):
            _check_whole(schema, part, checked)
        elif isinstance(part, Site):
            _check_pod_spec(schema, part, checked)
        else:
            _skip(part, checked)
    return checked


def _schema_findings(
    schema: Schema, definition: str, value: Any, path: NodePath
) -> list[Finding]:
    relative: list[Problem] = []
    schema.compiler.definition(definition).check(value, (), relative)
    return [
        _finding(Problem((*path, *p.path), p.message, p.at_key, p.warning))
        for p in relative
    ]


def _check_whole(schema: Schema, whole: Whole, checked: Checked) -> None:
    found = _schema_findings(schema, whole.kind, whole.value, whole.path)
    checked.found.extend(found)
    reached, spec = reach(whole.value, whole.pod_spec)
    has_spec = isinstance(spec, dict) and reached == whole.pod_spec
    if has_spec:
        checked.specs += 1
    elif not _explained(found, (*whole.path, *reached), whole.pod_spec[len(reached) :]):
        needs = f"a {whole.kind} needs {format_path(whole.pod_spec)}"
        where = (*whole.path, *reached)
        checked.found.append(Finding(where, "", needs, False, bool(reached)))
    try:
        found_rules = kind_findings(schema.sdk, whole, spec if has_spec else None)
    except SdkError as exc:
        checked.unchecked.append((whole.path, str(exc)))
        return
    checked.found.extend(found_rules)


def _explained(found: list[Finding], where: NodePath, missing: NodePath) -> bool:
    """Whether the schema check said why the pod spec cannot be reached from `where`:
    the next key is a required field it reported missing, or the value at `where` is
    the pod spec's place and it reported its type."""
    if not missing:
        return any(f.path == where and not f.warning for f in found)
    # schema_check's words for a required field that is absent.
    said = f'missing required field "{missing[0]}"'
    return any(f.path == where and f.message == said for f in found)


def _check_pod_spec(schema: Schema, site: Site, checked: Checked) -> None:
    checked.specs += 1
    checked.found.extend(_schema_findings(schema, "PodSpec", site.value, site.path))
    try:
        checked.found.extend(site_findings(schema.sdk, site))
    except SdkError as exc:
        checked.unchecked.append((site.path, str(exc)))


def _skip(skipped: Skipped, checked: Checked) -> None:
    checked.skipped.append(skipped)
    if skipped.known is not None:
        message = (
            f"not checked: {skipped.kind} is described at apiVersion {skipped.known}, "
            f"not {skipped.api_version}"
        )
        path = (*skipped.path, "apiVersion")
        checked.found.append(Finding(path, "", message, True, False))


def check_file(
    schema: Schema, name: str, out: TextIO, err: TextIO, warnings: bool
) -> Tally:
    shown = "<stdin>" if name == STDIN else name
    tally = Tally()
    try:
        documents = load_documents(_read(name))
    except OSError as exc:
        print(f"{shown}: cannot read: {exc.strerror or exc}", file=err)
        return Tally(unreadable=1)
    except UnicodeDecodeError:
        print(f"{shown}: cannot read: not UTF-8 text", file=err)
        return Tally(unreadable=1)
    except LoadError as exc:
        where = exc.position
        print(f"{shown}:{where.line}:{where.column}: {exc.message}", file=err)
        return Tally(unreadable=1)
    for document in documents:
        checked = _problems(schema, document)
        tally.specs += checked.specs
        tally.skipped.update(s.label for s in checked.skipped)
        if any(not p.warning for p in checked.found):
            tally.invalid += 1
        lines = []
        for p in checked.found:
            if p.warning and not warnings:
                continue
            where = document.position(p.path, p.at_key)
            text = f"{format_path(p.path, p.tail)}: {p.message}"
            lines.append(
                (where.line, where.column, f"warning: {text}" if p.warning else text)
            )
        for line, column, text in sorted(set(lines)):
            print(f"{shown}:{line}:{column}: {text}", file=out)
        for path, why in checked.unchecked:
            where = document.position(path)
            print(
                f"{shown}:{where.line}:{where.column}: {format_path(path)}: "
                f"cannot check the rules: the podspec SDK failed: {why}",
                file=err,
            )
        tally.unchecked += len(checked.unchecked)
    return tally


def validate_files(
    schema: Schema,
    names: Iterable[str],
    out: TextIO,
    err: TextIO,
    warnings: bool = True,
) -> Tally:
    total = Tally()
    for name in names:
        total.add(check_file(schema, name, out, err, warnings))
    return total


def _skipped(skipped: collections.Counter[str]) -> str:
    """`; 2 documents of other kinds skipped: 1 v1 Service, 1 v1 ConfigMap`."""
    total = sum(skipped.values())
    if not total:
        return ""
    kinds = ", ".join(f"{n} {label}" for label, n in sorted(skipped.items()))
    plural = "s" if total != 1 else ""
    return f"; {total} document{plural} of other kinds skipped: {kinds}"


def run(args: argparse.Namespace) -> int:
    try:
        schema = load_schema(args.schema, args.sdk)
    except SdkError as exc:
        print(
            f"podspec-gen: cannot load the podspec SDK: {exc} "
            "(run `podspec-gen generate`, or pass --sdk)",
            file=sys.stderr,
        )
        return EXIT_ERROR
    except OSError as exc:
        print(
            f"podspec-gen: cannot read schema {args.schema}: {exc.strerror or exc} "
            "(run `podspec-gen generate`, or pass --schema)",
            file=sys.stderr,
        )
        return EXIT_ERROR
    except (ValueError, SchemaError) as exc:
        print(f"podspec-gen: unusable schema {args.schema}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.files.count(STDIN) > 1:
        print("podspec-gen: - (stdin) may be given only once", file=sys.stderr)
        return EXIT_ERROR
    tally = validate_files(
        schema, args.files, sys.stdout, sys.stderr, not args.no_warnings
    )
    files = len(args.files)
    print(
        f"podspec-gen: {tally.specs} pod spec{'s' if tally.specs != 1 else ''} in "
        f"{files} file{'s' if files != 1 else ''}: "
        f"{tally.invalid} invalid document{'s' if tally.invalid != 1 else ''}"
        + (f", {tally.unreadable} unreadable" if tally.unreadable else "")
        + (f", {tally.unchecked} unchecked" if tally.unchecked else "")
        + _skipped(tally.skipped),
        file=sys.stderr,
    )
    if tally.unreadable or tally.unchecked:
        return EXIT_ERROR
    return EXIT_INVALID if tally.invalid else EXIT_OK
