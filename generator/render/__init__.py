"""Stage 3: render the model through the Jinja templates into an in-memory file map.

One Environment for every output, with StrictUndefined so that a template asking for
something the model lacks fails generation instead of printing a blank.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

from generator.model.types import Spec
from generator.render import docs as render_docs
from generator.render import fast as render_fast
from generator.render import pydantic as pydantic_flavour
from generator.render import python as render_python
from generator.render import schema as render_schema
from generator.render.job import Job, RenderError, canonical_json

__all__ = ["Job", "RenderError", "canonical_json", "environment", "jobs", "render"]


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


def environment(templates: Path) -> jinja2.Environment:
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
    for module in (render_python, render_fast, render_schema, render_docs):
        env.filters.update(module.FILTERS)
        env.globals.update(module.GLOBALS)
    done: dict[str, str] = {}

    @jinja2.pass_context
    def render_once(context: jinja2.runtime.Context, name: str) -> str:
        """A fragment several outputs embed (the schemas' shared $defs), rendered once."""
        if name not in done:
            done[name] = env.get_template(name).render(context.get_all())
        return done[name]

    env.globals["render_once"] = render_once
    return env


def jobs(spec: Spec) -> list[Job]:
    # The schema first: the pydantic flavour starts from it and runs while the rest renders.
    return [
        *render_schema.jobs(spec),
        *render_python.jobs(spec),
        *render_fast.jobs(spec),
        *render_docs.jobs(spec),
    ]


def render(spec: Spec, templates: Path, previous: Path | None = None) -> dict[str, str]:
    """Render every output; keys are POSIX paths relative to the output folder.

    `previous` is the output folder as it is now: the pydantic flavour is reused from it
    when the schema's structure has not changed.
    """
    env = environment(templates)
    files: dict[str, str] = {}
    pending: pydantic_flavour.Pending | None = None
    try:
        for job in jobs(spec):
            files[job.path] = _render_job(env, spec, templates, job)
            if job.path == pydantic_flavour.SCHEMA:
                pending = pydantic_flavour.start(files[job.path], previous)
        if pending is None:
            raise RenderError(f"no job renders {pydantic_flavour.SCHEMA}")
        files.update(pending.result())
    except pydantic_flavour.PydanticError as exc:
        raise RenderError(str(exc)) from None
    except BaseException:
        if pending is not None:
            pending.cancel()
        raise
    return files


def _render_job(env: jinja2.Environment, spec: Spec, templates: Path, job: Job) -> str:
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
    return job.post(text) if job.post is not None else text
