"""The peers the benchmarks measure the SDK against, as a user would install them.

- the kubernetes client and lightkube(-models), as published;
- datamodel-code-generator's pydantic v2 and msgspec output, each with the tool's
  default options, generated from two schemas: our JSON Schema
  (`generated/jsonschema/podspec.schema.json`) and upstream's v1.37 definitions (the
  closure of PodSpec and the workload kinds, as `podspec-gen sync` computes it, taken
  from the definitions kubernetes-validate ships).

Our schema goes in without its `allOf` blocks: they hold the API server's rules across
fields (`if`/`then`, `not`, `dependentSchemas`), which datamodel-codegen turns into
required fields of merged models (`PodSpec3(PodSpec1, PodSpec2)` requiring
`hostNetwork`), so that its models reject every valid pod spec. Everything else of the
schema, and every option of the tool, is as a user gets it.

The generated packages are kept under build/bench-peers/, keyed by the schema, the
model type and the tool's and Python's versions; generating them is timed on its own
and never counted in the per-call figures.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import importlib
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUR_SCHEMA = ROOT / "generated" / "jsonschema" / "podspec.schema.json"
CACHE = ROOT / "build" / "bench-peers"
UPSTREAM_RELEASE = "v1.37.0-local"
PATHS = "PODSPEC_BENCH_PEERS"  # where generate() put the peers, for child processes

Parse = Callable[[Any], Any]
Dump = Callable[[Any], Any]


Calls = tuple[Parse, Dump]


class Contender:
    """A contender's parse and dump, made on first use: a process that measures one
    contender (instructions.py's children) imports that one alone."""

    def __init__(
        self,
        name: str,
        module: str,
        make: Callable[[], Calls],
        json_bytes: bool = False,
    ) -> None:
        self.name = name
        self.module = module  # what `import` costs
        self.json_bytes = json_bytes  # parse takes JSON bytes, dump gives bytes
        self._make = make

    @functools.cached_property
    def _calls(self) -> Calls:
        return self._make()

    @property
    def parse(self) -> Parse:
        return self._calls[0]

    @property
    def dump(self) -> Dump:
        return self._calls[1]

    def installed(self) -> bool:
        return importlib.util.find_spec(self.module.partition(".")[0]) is not None


@dataclass(frozen=True)
class Generated:
    """One datamodel-codegen peer: which schema, which model type, where its PodSpec is."""

    name: str
    schema: str  # "ours" or "upstream"
    model_type: str

    @property
    def package(self) -> str:
        return self.name.replace("-", "_").replace(" ", "_")

    def module(self) -> str:
        # Upstream's dotted definition names make datamodel-codegen write packages.
        return self.package + (
            ".io.k8s.api.core.v1" if self.schema == "upstream" else ""
        )


GENERATED = (
    Generated("dmcg-pydantic", "ours", "pydantic_v2.BaseModel"),
    Generated("dmcg-msgspec", "ours", "msgspec.Struct"),
    Generated("dmcg-pydantic-up", "upstream", "pydantic_v2.BaseModel"),
    Generated("dmcg-msgspec-up", "upstream", "msgspec.Struct"),
)


def upstream_definitions() -> Path:
    """kubernetes-validate's copy of upstream's v1.37 definitions."""
    found = importlib.util.find_spec("kubernetes_validate")
    if found is None or not found.submodule_search_locations:
        sys.exit("kubernetes-validate is not installed: pip install -e '.[bench]'")
    folder = Path(found.submodule_search_locations[0]) / "kubernetes-json-schema"
    return folder / UPSTREAM_RELEASE / "_definitions.json"


def upstream_schema() -> dict[str, Any]:
    """Upstream's definitions reduced to the types our spec covers: PodSpec, the workload
    kinds and what they reach, statuses not entered (as `podspec-gen sync` does)."""
    from podspec_gen.model.build import read_spec
    from podspec_gen.sync import read_only
    from podspec_gen.sync.upstream import ROOTS, closure, load_definitions

    defs = load_definitions(upstream_definitions())
    types = closure(defs, ROOTS, read_only(read_spec(ROOT / "spec")))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {t.full_name: defs[t.full_name] for t in types.values()},
    }


def _without_all_of(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_all_of(v) for k, v in node.items() if k != "allOf"}
    if isinstance(node, list):
        return [_without_all_of(v) for v in node]
    return node


def our_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(OUR_SCHEMA.read_text(encoding="utf-8"))
    return dict(_without_all_of(schema))


def codegen(schema: Path, model_type: str, output: Path) -> list[str]:
    """datamodel-codegen with its defaults: only input, input type, model type, output."""
    return [
        sys.executable,
        "-m",
        "datamodel_code_generator",
        "--input",
        str(schema),
        "--input-file-type",
        "jsonschema",
        "--output-model-type",
        model_type,
        "--output",
        str(output),
    ]


def run_codegen(command: list[str], cwd: Path) -> float:
    """Seconds of one datamodel-codegen run; any failure ends the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        tail = "\n".join(done.stderr.splitlines()[-5:])
        sys.exit(f"datamodel-codegen failed ({done.returncode}):\n{tail}")
    return elapsed


def _key(schema_text: str, peer: Generated) -> str:
    digest = hashlib.sha256(schema_text.encode())
    tool = f"{version('datamodel-code-generator')} {sys.version} {peer.model_type}"
    digest.update(tool.encode())
    return digest.hexdigest()[:16]


def _build(peer: Generated, schema_text: str, cache: Path) -> float | None:
    """Generate `peer` into the cache unless it is there; the seconds it took, or None."""
    folder = cache / _key(schema_text, peer)
    if (folder / ".complete").is_file():
        return None
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix="tmp-") as tmp:
        work = Path(tmp)
        (work / "schema.json").write_text(schema_text, encoding="utf-8")
        built = work / "out"
        built.mkdir()
        target = built / (peer.package if peer.schema == "upstream" else "")
        if peer.schema == "ours":
            target = built / f"{peer.package}.py"
        # Run in the temp folder, so that no project configuration applies.
        seconds = run_codegen(
            codegen(work / "schema.json", peer.model_type, target), work
        )
        (built / ".complete").write_text(f"{seconds}\n", encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(built, folder)
    return seconds


def generate(cache: Path = CACHE) -> dict[str, float | None]:
    """Make every datamodel-codegen peer importable; the seconds each took to generate
    (None: reused from the cache)."""
    schemas = {
        "ours": json.dumps(our_schema(), indent=2),
        "upstream": json.dumps(upstream_schema(), indent=2),
    }
    took: dict[str, float | None] = {}
    paths: list[str] = []
    for peer in GENERATED:
        text = schemas[peer.schema]
        took[peer.name] = _build(peer, text, cache)
        paths.append(str(cache / _key(text, peer)))
    os.environ[PATHS] = os.pathsep.join(paths)  # child processes reuse them
    add_to_path()
    return took


def add_to_path() -> bool:
    """Put the peers generate() made on sys.path; False if it has not run."""
    paths = os.environ.get(PATHS)
    for path in paths.split(os.pathsep) if paths else ():
        if path not in sys.path:
            sys.path.append(path)
    return bool(paths)


def generated(peer: Generated) -> Contender:
    """The natural calls with defaults: pydantic's model_validate and model_dump to JSON
    types (its enums are Enum members otherwise), msgspec's convert and to_builtins."""

    def make() -> Calls:
        model = importlib.import_module(peer.module()).PodSpec
        if peer.model_type.startswith("pydantic"):
            return model.model_validate, lambda obj: obj.model_dump(mode="json")
        import msgspec

        return functools.partial(msgspec.convert, type=model), msgspec.to_builtins

    return Contender(peer.name, peer.module(), make)


def lightkube() -> Contender:
    def make() -> Calls:
        from lightkube.models.core_v1 import PodSpec

        return PodSpec.from_dict, lambda obj: obj.to_dict()

    return Contender("lightkube", "lightkube.models.core_v1", make)


def kubernetes() -> Contender:
    def make() -> Calls:
        from kubernetes.client import ApiClient

        client = ApiClient()
        deserialize = client._ApiClient__deserialize  # type: ignore[attr-defined]
        return (
            lambda data: deserialize(data, "V1PodSpec"),
            client.sanitize_for_serialization,
        )

    return Contender("kubernetes", "kubernetes.client", make)


def our_pydantic() -> Contender:
    """Our own pydantic flavour (generated/pydantic): a row of its own, not the peer."""

    def make() -> Calls:
        import podspec_pydantic

        model = podspec_pydantic.PodSpec

        def parse(data: dict[str, Any]) -> Any:
            return model.model_validate(data, by_alias=True, by_name=False)

        def dump(obj: Any) -> Any:
            return obj.model_dump(mode="json", by_alias=True, exclude_unset=True)

        return parse, dump

    return Contender("our-pydantic", "podspec_pydantic", make)


def retained_bytes(parse: Parse, data: Any, copies: int = 200) -> float:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = [parse(data) for _ in range(copies)]
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return (after - before) / copies


def import_times(modules: dict[str, str], rounds: int) -> dict[str, float]:
    """Median seconds of `import module` in a fresh interpreter, interleaved by round."""
    env = {"PYTHONPATH": os.pathsep.join(sys.path), "PATH": "/usr/bin:/bin"}
    times: dict[str, list[float]] = {name: [] for name in modules}
    for _ in range(rounds):
        for name, module in modules.items():
            code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"  # fmt: skip
            out = subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            times[name].append(float(out.stdout.strip()))
    return {name: statistics.median(t) for name, t in times.items()}
