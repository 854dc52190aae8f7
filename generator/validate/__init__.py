"""`podspec-gen validate FILE...`: check the pod specs in manifests against our schema.

Every problem is printed as `file:line:col: path: message`, the position taken from the
YAML node, so an editor or a CI log links straight to it. Exit status: 0 when every pod
spec is valid, 1 when any is not, 2 when an input cannot be read or parsed (or the
schema cannot be loaded).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from generator.project import EXIT_ERROR, EXIT_OK, find_root
from generator.validate.manifest_load import Document, LoadError, load_documents
from generator.validate.manifest_load import Path as NodePath
from generator.validate.manifests import Missing, Site, find, template_paths
from generator.validate.schema_check import Compiler, Problem, SchemaError

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
        "and print each problem as file:line:col: path: message. Exit status 0 when "
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
        "--no-warnings",
        action="store_true",
        help="do not print warnings (deprecated fields); they never fail the run",
    )


@dataclass
class Tally:
    specs: int = 0
    invalid: int = 0
    unreadable: int = 0


def format_path(path: NodePath) -> str:
    """`spec.containers[0].image`; keys that are not plain words are quoted."""
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        elif _PLAIN_KEY.match(step):
            text += f".{step}" if text else step
        else:
            text += f"[{json.dumps(step)}]"
    return text or "(document)"


@dataclass(frozen=True)
class Schema:
    """The schema's checker, and where pod specs sit in each kind of manifest."""

    compiler: Compiler
    templates: dict[str, NodePath]


def load_schema(path: Path) -> Schema:
    """Raises OSError/ValueError/SchemaError; run() turns them into a message."""
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict):
        raise ValueError("not a JSON Schema object")
    return Schema(Compiler(document), template_paths(document))


def _read(name: str) -> str:
    if name == STDIN:
        return sys.stdin.buffer.read().decode("utf-8")
    return Path(name).read_text(encoding="utf-8")


def _problems(schema: Schema, document: Document) -> tuple[int, list[Problem]]:
    """How many pod specs the document holds, and their problems."""
    found: list[Problem] = [
        Problem(path, f'duplicate key "{path[-1]}"', at_key=True)
        for path in document.duplicates
    ]
    specs = 0
    for site in find(document.value, schema.templates):
        if isinstance(site, Missing):
            found.append(Problem(site.path, site.message, at_key=True))
            continue
        specs += 1
        assert isinstance(site, Site)
        relative: list[Problem] = []
        schema.compiler.definition(site.definition).check(site.value, (), relative)
        found.extend(
            Problem((*site.path, *p.path), p.message, p.at_key, p.warning)
            for p in relative
        )
    return specs, found


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
        specs, problems = _problems(schema, document)
        tally.specs += specs
        if any(not p.warning for p in problems):
            tally.invalid += 1
        lines = []
        for p in problems:
            if p.warning and not warnings:
                continue
            where = document.position(p.path, p.at_key)
            message = f"warning: {p.message}" if p.warning else p.message
            lines.append(
                (where.line, where.column, f"{format_path(p.path)}: {message}")
            )
        for line, column, text in sorted(set(lines)):
            print(f"{shown}:{line}:{column}: {text}", file=out)
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
        tally = check_file(schema, name, out, err, warnings)
        total.specs += tally.specs
        total.invalid += tally.invalid
        total.unreadable += tally.unreadable
    return total


def run(args: argparse.Namespace) -> int:
    try:
        schema = load_schema(args.schema)
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
        + (f", {tally.unreadable} unreadable" if tally.unreadable else ""),
        file=sys.stderr,
    )
    if tally.unreadable:
        return EXIT_ERROR
    return EXIT_INVALID if tally.invalid else EXIT_OK
