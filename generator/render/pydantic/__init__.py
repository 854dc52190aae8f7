"""The pydantic v2 flavour: datamodel-code-generator run on our own JSON Schema.

It is slow (seconds) next to the rest of the pipeline, so it runs only when the part of
the schema it reads has changed. We feed it the schema's *structure* (types, enums,
ranges, patterns, required lists; no prose, no defaults) and record a hash of that
structure, and of the output, in the generated file's header: when both still match what
is on disk, the existing file is reused as is. Description edits therefore never pay for
it, and the output never depends on anything but the schema.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

SCHEMA = "jsonschema/podspec.schema.json"
OUTPUT = "pydantic/podspec_pydantic/__init__.py"
MARKER = "# podspec-gen: structure sha256="

# Keywords that carry prose or editor hints; the models do not depend on them.
_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "markdownDescription",
        "markdownEnumDescriptions",
        "deprecated",
        "deprecationMessage",
        "defaultSnippets",
        "patternErrorMessage",
        "default",
        "examples",
        "$comment",
        "$id",
    }
)
# Keywords whose values map names (not keywords) to schemas.
_NAMED = frozenset({"properties", "$defs", "patternProperties", "dependentSchemas"})

# Must equal the pin in pyproject.toml (a test checks): the output depends on it.
CODEGEN_VERSION = "0.89.0"

OPTIONS = (
    "--input-file-type=jsonschema",
    "--output-model-type=pydantic_v2.BaseModel",
    "--target-python-version=3.11",
    "--use-standard-collections",
    "--use-union-operator",
    "--snake-case-field",
    "--allow-population-by-field-name",
    "--enum-field-as-literal=all",
    "--field-constraints",
    # The API does not coerce "80" to 80 or "true" to true; neither may the models.
    "--strict-types",
    "str",
    "int",
    "float",
    "bool",
    "--use-double-quotes",
    "--disable-timestamp",
    # Its own formatter: black and isort would double its run time, for a file that is
    # read by pydantic, not by people editing it.
    "--formatters",
    "builtin",
)


class PydanticError(Exception):
    pass


def structure(node: Any) -> Any:
    """The schema without annotation keywords (names under `properties` etc. kept)."""
    if isinstance(node, list):
        return [structure(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        # datamodel-codegen loses a map's value type under `type: [object, null]`; the
        # models make every optional field `T | None` anyway, so drop the null.
        if key == "type" and isinstance(value, list) and "null" in value:
            rest = [t for t in value if t != "null"]
            value = rest[0] if len(rest) == 1 else rest
        elif key == "enum" and isinstance(value, list) and None in value:
            value = [v for v in value if v is not None]
        if key in _NAMED and isinstance(value, dict):
            out[key] = {name: structure(sub) for name, sub in value.items()}
        else:
            out[key] = structure(value)
    return out


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _header(key: str, body: str) -> str:
    return f"{MARKER}{key} body sha256={_digest(body)}\n"


def _reusable(previous: Path | None, key: str) -> str | None:
    if previous is None:
        return None
    path = previous / OUTPUT
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    first, _, body = text.partition("\n")
    return text if first + "\n" == _header(key, body) else None


def render(schema_text: str, previous: Path | None) -> dict[str, str]:
    """{path: text} of the pydantic package, reusing `previous`'s when still valid."""
    return start(schema_text, previous).result()


def start(schema_text: str, previous: Path | None) -> Pending:
    """Begin producing the package; datamodel-codegen, if needed, runs in the background
    (on another core) while the caller renders the other outputs."""
    shape = structure(json.loads(schema_text))
    canonical = json.dumps(shape, sort_keys=True, separators=(",", ":"))
    # The options and the tool's (pinned) version decide the output as much as the
    # schema does. The pin, not whatever is installed, keys the cache: an up-to-date
    # tree checks clean even where the tool is absent.
    key = _digest("\n".join([canonical, *OPTIONS, CODEGEN_VERSION]))
    text = _reusable(previous, key)
    if text is not None:
        return Pending(key, text, None)
    return Pending(key, None, _launch(json.dumps(shape, indent=1)))


class Codegen(Protocol):
    def wait(self) -> str: ...

    def cancel(self) -> None: ...


@dataclass
class Pending:
    key: str
    text: str | None
    job: Codegen | None

    def result(self) -> dict[str, str]:
        if self.text is None:
            assert self.job is not None
            body = self.job.wait()
            self.text = _header(self.key, body) + body
        return {OUTPUT: self.text, "pydantic/podspec_pydantic/py.typed": ""}

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()


def _installed_version() -> str | None:
    try:
        return metadata.version("datamodel-code-generator")
    except metadata.PackageNotFoundError:
        return None


class _Subprocess:
    """datamodel-codegen in a child process, with its input and output in a temp dir."""

    def __init__(self, schema: str) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="podspec-gen-")
        tmp = Path(self.folder.name)
        self.target = tmp / "models.py"
        (tmp / "podspec.schema.json").write_text(schema, encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "datamodel_code_generator",
            f"--input={tmp / 'podspec.schema.json'}",
            f"--output={self.target}",
            "--custom-file-header=# Generated by podspec-gen with datamodel-code-generator"
            " from jsonschema/podspec.schema.json. Do not edit.",
            *OPTIONS,
        ]
        self.process = subprocess.Popen(
            command, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def wait(self) -> str:
        try:
            out, err = self.process.communicate()
            if self.process.returncode != 0 or not self.target.is_file():
                detail = (err or out).strip().splitlines()[-1:]
                raise PydanticError(f"datamodel-codegen failed: {' '.join(detail)}")
            return self.target.read_text(encoding="utf-8")
        finally:
            self.folder.cleanup()

    def cancel(self) -> None:
        self.process.kill()
        self.process.communicate()
        self.folder.cleanup()


def _launch(schema: str) -> Codegen:
    installed = _installed_version()
    if installed != CODEGEN_VERSION:
        found = f"found {installed}" if installed else "it is not installed"
        raise PydanticError(
            f"the pydantic flavour needs datamodel-code-generator=={CODEGEN_VERSION} "
            f"({found}); run: pip install -e '.[dev]'"
        )
    return _Subprocess(schema)
