"""`podspec-gen validate FILE...`: check the pod specs in manifests against our schema,
and against the API server's rules across fields (checked by the generated SDK).

Every problem is printed as `file:line:col: path: message`, a broken rule with its id
(`... Duplicate value: "app" [container-names-unique]`), and a warning as
`file:line:col: warning: path: message`; the position is taken from the YAML node, so
an editor or a CI log links straight to it. Exit status: 0 when every pod spec is valid
(warnings never fail), 1 when any is not, 2 when an input cannot be read or parsed (or
the schema or the SDK cannot be loaded).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from generator.project import EXIT_ERROR, EXIT_OK, find_root
from generator.validate.manifest_load import Document, LoadError, load_documents
from generator.validate.manifest_load import Path as NodePath
from generator.validate.manifests import Missing, Site, find, template_paths
from generator.validate.rule_check import Finding, site_findings
from generator.validate.schema_check import Compiler, Problem, SchemaError
from generator.validate.sdk import Sdk, SdkError, default_folder, load_sdk

EXIT_INVALID = 1
SCHEMA_FILE = Path("generated") / "jsonschema" / "podspec.schema.json"
STDIN = "-"
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def add_parser(commands: Any) -> None:
    validate = commands.add_parser(
        "validate",
        help="check the pod specs in manifest files against the generated schema",
        description="Check every pod spec in the given manifests (Pod, PodTemplate, "
        "Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job, "
        "CronJob, Lists of them, or a bare PodSpec; multi-document YAML; - for stdin) "
        "and print each problem as file:line:col: path: message, and each warning as "
        "file:line:col: warning: path: message. The API server's rules across fields "
        "are checked by the generated SDK and named by their id. Exit status 0 when "
        "all are valid, 1 when any is not, 2 when an input cannot be read.",
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
    unchecked: int = 0  # pod specs the SDK failed on (a bug in the generated code)

    def add(self, other: Tally) -> None:
        self.specs += other.specs
        self.invalid += other.invalid
        self.unreadable += other.unreadable
        self.unchecked += other.unchecked


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
    """The schema's checker, where pod specs sit in each kind of manifest, and the
    SDK that checks the rules across fields."""

    compiler: Compiler
    templates: dict[str, NodePath]
    sdk: Sdk


def load_schema(path: Path, sdk_folder: Path | None = None) -> Schema:
    """Raises OSError/ValueError/SchemaError/SdkError; run() turns them into a
    message. The SDK is the one generated beside the schema unless `sdk_folder`."""
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict):
        raise ValueError("not a JSON Schema object")
    compiler = Compiler(document)
    sdk = load_sdk(sdk_folder if sdk_folder is not None else default_folder(path))
    return Schema(compiler, template_paths(document), sdk)


def _read(name: str) -> str:
    if name == STDIN:
        return sys.stdin.buffer.read().decode("utf-8")
    return Path(name).read_text(encoding="utf-8")


@dataclass
class Checked:
    """One document's pod specs: how many, their problems (the schema's and the rules'),
    and the pod specs whose rules could not be checked (path, why)."""

    specs: int = 0
    found: list[Finding] = field(default_factory=list)
    unchecked: list[tuple[NodePath, str]] = field(default_factory=list)


def _finding(problem: Problem) -> Finding:
    return Finding(problem.path, "", problem.message, problem.warning, problem.at_key)


def _problems(schema: Schema, document: Document) -> Checked:
    checked = Checked()
    checked.found = [
        _finding(Problem(path, f'duplicate key "{path[-1]}"', at_key=True))
        for path in document.duplicates
    ]
    for site in find(document.value, schema.templates):
        if isinstance(site, Missing):
            checked.found.append(_finding(Problem(site.path, site.message, True)))
            continue
        checked.specs += 1
        assert isinstance(site, Site)
        relative: list[Problem] = []
        schema.compiler.definition(site.definition).check(site.value, (), relative)
        checked.found.extend(
            _finding(Problem((*site.path, *p.path), p.message, p.at_key, p.warning))
            for p in relative
        )
        try:
            checked.found.extend(site_findings(schema.sdk, site))
        except SdkError as exc:
            checked.unchecked.append((site.path, str(exc)))
    return checked


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
        + (f", {tally.unchecked} unchecked" if tally.unchecked else ""),
        file=sys.stderr,
    )
    if tally.unreadable or tally.unchecked:
        return EXIT_ERROR
    return EXIT_INVALID if tally.invalid else EXIT_OK
