"""Stage 3: run every output over the model, into an in-memory file map.

Each output (`podspec_gen.render.<name>`: python, fast, schema, docs) gets an Environment
of its own, with StrictUndefined so that a template asking for something the model lacks
fails generation instead of printing a blank; the pydantic flavour is made from the
rendered schema by datamodel-code-generator, in the background while the rest renders.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import jinja2
import msgspec

from podspec_gen import cache
from podspec_gen.model.kinds import Kind
from podspec_gen.model.types import Spec
from podspec_gen.render import docs as render_docs
from podspec_gen.render import fast as render_fast
from podspec_gen.render import process
from podspec_gen.render import pydantic as pydantic_flavour
from podspec_gen.render import python as render_python
from podspec_gen.render import schema as render_schema
from podspec_gen.render.job import Job, RenderError, canonical_json

__all__ = [
    "Job",
    "RenderError",
    "canonical_json",
    "environment",
    "jobs",
    "kept_json",
    "render",
]


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates, cached per user like Python's own bytecode: compiling them is
    a third of a render. Keyed by template source, so it can never change the output."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "podspec-gen" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def environment(
    templates: Path, filters: Mapping[str, Any], globals_: Mapping[str, Any]
) -> jinja2.Environment:
    """One output's environment: the shared settings, and that output's own filters
    and globals only, so no output can lean on another's helpers by accident."""
    env = jinja2.Environment(
        bytecode_cache=_bytecode_cache(),
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(filters)
    env.globals.update(globals_)
    done: dict[str, str] = {}

    @jinja2.pass_context
    def render_once(context: jinja2.runtime.Context, name: str) -> str:
        """A fragment several files embed (the schemas' shared $defs), rendered once."""
        if name not in done:
            done[name] = env.get_template(name).render(context.get_all())
        return done[name]

    env.globals["render_once"] = render_once
    modules: dict[tuple[str, str], Any] = {}

    def kind_macros(folder: str, kind: Kind) -> Any:
        """The macros that render `kind` in one output: `<folder>/kinds/<macro>.j2`.

        Templates pick a kind's macros by its name through this, so no template
        branches over kinds, and a new kind is one more file per output. Looked up once
        per render: a render asks thousands of times.
        """
        key = (folder, kind.macro)
        module = modules.get(key)
        if module is None:
            module = modules[key] = env.get_template(
                f"{key[0]}/kinds/{key[1]}.j2"
            ).module
        return module

    env.globals["kind_macros"] = kind_macros
    return env


class Output(Protocol):
    """What an output package (`podspec_gen.render.<name>`) offers the orchestrator."""

    FILTERS: dict[str, Any]
    GLOBALS: dict[str, Any]

    def jobs(self, spec: Spec) -> list[Job]: ...


# The schema first: the pydantic flavour starts from it and runs while the rest renders.
OUTPUTS: tuple[Output, ...] = (render_schema, render_python, render_fast, render_docs)
# What a forked child renders meanwhile, where `process.can_fork()`: about half of a
# render's time either way (warm caches: schemas 0.64 s and the msgspec flavour 0.15 s
# here, against the SDK's 0.43 s and the docs' 0.35 s; the SDK's formatting adds to its
# side when a description changes, the pydantic flavour's to ours when the schema does).
SECOND_LANE: tuple[Output, ...] = (render_python, render_docs)


def jobs(spec: Spec) -> list[Job]:
    return [job for output in OUTPUTS for job in output.jobs(spec)]


def render(
    spec: Spec,
    templates: Path,
    outputs: tuple[Output, ...] = OUTPUTS,
    pydantic: bool = True,
    parallel: bool | None = None,
    json_digests: dict[str, str] | None = None,
) -> dict[str, str]:
    """Render the outputs (all by default); keys are POSIX paths relative to the output
    folder.

    `pydantic=False` leaves the pydantic flavour out (tests that render small specs
    into memory). `parallel` renders the outputs of `SECOND_LANE` in a forked child
    meanwhile: None (the default) where `process.can_fork()` says it helps; the files
    are the same either way. `json_digests`, if given, is filled with the digest under
    which the JSON cache keeps each file this process laid out (see `kept_json`).
    """
    if parallel is None:
        parallel = process.can_fork()
    second = tuple(o for o in outputs if o in SECOND_LANE) if parallel else ()
    if len(second) == len(outputs):
        second = ()  # a lane of its own would leave this process idle
    rendered: dict[Output, dict[str, str]] = {}
    pending: pydantic_flavour.Pending | None = None
    lane: process.Lane[list[dict[str, str]]] | None = None
    try:
        if second:
            lane = process.Lane(
                lambda: [_render_output(spec, templates, o, None) for o in second]
            )
        for output in outputs:
            if output in second:
                continue
            files = rendered[output] = _render_output(
                spec, templates, output, json_digests
            )
            if pydantic and pending is None and pydantic_flavour.SCHEMA in files:
                pending = pydantic_flavour.start(files[pydantic_flavour.SCHEMA])
        extra: dict[str, str] = {}
        if pydantic:
            if pending is None:
                raise RenderError(f"no output renders {pydantic_flavour.SCHEMA}")
            # The rules modules render while codegen (if it runs) makes the models.
            env = environment(
                templates, pydantic_flavour.FILTERS, pydantic_flavour.GLOBALS
            )
            for job in pydantic_flavour.jobs(spec):
                extra[job.path] = _render_job(env, spec, templates, job, json_digests)
        if lane is not None:
            rendered.update(zip(second, lane.result(), strict=True))
        if pending is not None:
            extra.update(pending.result())
    except pydantic_flavour.PydanticError as exc:
        raise RenderError(str(exc)) from None
    except BaseException:
        if pending is not None:
            pending.cancel()
        raise
    finally:
        if lane is not None:
            lane.close()
    # The serial order, whichever process rendered what.
    return {k: v for o in outputs for k, v in rendered[o].items()} | extra


def _render_output(
    spec: Spec, templates: Path, output: Output, json_digests: dict[str, str] | None
) -> dict[str, str]:
    env = environment(templates, output.FILTERS, output.GLOBALS)
    return {
        job.path: _render_job(env, spec, templates, job, json_digests)
        for job in output.jobs(spec)
    }


def _render_job(
    env: jinja2.Environment,
    spec: Spec,
    templates: Path,
    job: Job,
    json_digests: dict[str, str] | None = None,
) -> str:
    try:
        text = env.get_template(job.template).render(spec=spec, **job.context)
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"{templates}/{exc.name}: template not found") from None
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(
            f"{exc.filename}:{exc.lineno}: template error: {exc.message}"
        ) from None
    except jinja2.UndefinedError as exc:
        raise RenderError(f"{job.template}: {exc.message}") from None
    if job.post is canonical_json:
        digest = cache.key(text)
        if json_digests is not None:
            json_digests[job.path] = digest
        return _canonical_json_cached(job.path, text, digest)
    return job.post(text) if job.post is not None else text


JSON_KIND = "json"


@functools.cache
def _canonical_json_version() -> str:
    """What decides canonical_json's output beside its input: its code, the json
    module of this Python, and msgspec."""
    code = marshal.dumps(canonical_json.__code__)
    return f"{hashlib.sha256(code).hexdigest()} {sys.version} {msgspec.__version__}"


def kept_json(path: str, digest: str) -> str | None:
    """Output `path` as the JSON cache keeps it for `digest` (what `render` put in
    its `json_digests`), if it still does: a caller can keep a render's large JSON
    files by reference to the cache instead of a second copy."""
    return cache.read_slot(JSON_KIND, _json_slot(path), digest)


def _json_slot(path: str) -> str:
    return cache.key(_canonical_json_version(), path)


def _canonical_json_cached(path: str, text: str, digest: str) -> str:
    """canonical_json(text), from the per-user cache when this output's last render
    had the same text: checking and re-indenting megabytes of schema is most of a
    render's time (`json.dumps` with `indent` runs in Python, not C). One entry per
    output path, so a spec edit replaces entries instead of adding megabytes."""
    slot = _json_slot(path)
    hit = cache.read_slot(JSON_KIND, slot, digest)
    if hit is None:
        hit = canonical_json(text)
        cache.write_slot(JSON_KIND, slot, digest, hit)
    return hit
