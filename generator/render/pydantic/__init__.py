"""The pydantic v2 flavour: datamodel-code-generator run on our own JSON Schema.

It is slow (seconds) next to the rest of the pipeline, so it runs only when the part of
the schema it reads has changed. We feed it the schema's *structure* (types, enums,
ranges, patterns, required lists; no prose, no defaults), and keep its output in the
per-user cache (`generator.render.cache`) under a hash of that structure, the options
and the tool's pinned version, which the generated file's header also records.
Description edits therefore never pay for it, a render never reads the output folder,
and the output never depends on anything but the schema.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

from generator.render import cache

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


CACHE = "pydantic"


def _reusable(key: str) -> str | None:
    """The package made before for this key, if the cache has it intact."""
    text = cache.read(CACHE, key)
    if text is None:
        return None
    first, _, body = text.partition("\n")
    return text if first + "\n" == _header(key, body) else None


def render(schema_text: str) -> dict[str, str]:
    """{path: text} of the pydantic package, from the cache when the structure is known."""
    return start(schema_text).result()


def start(schema_text: str) -> Pending:
    """Begin producing the package; datamodel-codegen, if needed, runs in the background
    (on another core) while the caller renders the other outputs."""
    shape = structure(json.loads(schema_text))
    canonical = json.dumps(shape, sort_keys=True, separators=(",", ":"))
    # The options and the tool's (pinned) version decide the output as much as the
    # schema does. The pin, not whatever is installed, keys the cache: an up-to-date
    # tree checks clean even where the tool is absent.
    key = _digest("\n".join([canonical, *OPTIONS, CODEGEN_VERSION]))
    text = _reusable(key)
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
            cache.write(CACHE, self.key, self.text)
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
    """datamodel-codegen in a child process, with its input and output in a temp dir.

    However the run ends (result, error, Ctrl-C, SIGTERM turned into an exception by the
    CLI), `wait` or `cancel` kills the child and removes the folder. The child has a
    process group of its own, so that the whole group can be killed and a Ctrl-C at the
    terminal reaches only us, and on Linux it dies with us even when we are SIGKILLed.
    """

    def __init__(self, schema: str) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.folder: _Folder | None = None
        _LIVE.add(self)
        try:
            # Held off until the child is recorded: Popen interrupted while it waits
            # for the exec loses the child it has just started, which then runs on.
            with _signals_held():
                _sweep_stale_folders()
                self.folder = _Folder()
                tmp = self.folder.path
                self.target = tmp / "models.py"
                (tmp / "podspec.schema.json").write_text(schema, encoding="utf-8")
                self.process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "datamodel_code_generator",
                        f"--input={tmp / 'podspec.schema.json'}",
                        f"--output={self.target}",
                        "--custom-file-header=# Generated by podspec-gen with"
                        " datamodel-code-generator from jsonschema/podspec.schema.json."
                        " Do not edit.",
                        *OPTIONS,
                    ],
                    cwd=tmp,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    process_group=_OWN_GROUP,
                    preexec_fn=_child_setup(),
                )
        except BaseException:
            self.cancel()
            raise

    def wait(self) -> str:
        assert self.process is not None
        try:
            out, err = self.process.communicate()
            if self.process.returncode != 0 or not self.target.is_file():
                detail = (err or out).strip().splitlines()[-1:]
                raise PydanticError(f"datamodel-codegen failed: {' '.join(detail)}")
            return self.target.read_text(encoding="utf-8")
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Kill the child if it still runs and remove the folder; safe to repeat."""
        process = self.process
        # Only while the child is unreaped is its pid (= its group's id) surely its own.
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                _kill_group(process.pid)
            process.wait()
        for pipe in (process.stdout, process.stderr) if process else ():
            if pipe is not None:
                pipe.close()
        if self.folder is not None:
            self.folder.remove()
        _LIVE.discard(self)


# Every codegen not yet cancelled: `cancel_all` is the CLI's last line of defence for a
# signal that lands after one started but before its caller recorded it.
_LIVE: set[_Subprocess] = set()


def cancel_all() -> None:
    for job in list(_LIVE):
        job.cancel()


FOLDER_PREFIX = "podspec-gen-"
_OWNER = "owner.lock"
# A folder this old whose owner is gone is left over from a run that was SIGKILLed (or
# from a version of podspec-gen without owner locks). Younger ones are left alone: their
# owner may be between creating the folder and locking it.
STALE_AFTER = 60.0


class _Folder:
    """A temp folder whose owner holds a lock on a file in it for as long as it lives, so
    that a later run can tell a dead owner's folder from a live one's."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
        self._fd: int | None = None
        try:
            self._fd = os.open(self.path / _OWNER, os.O_RDWR | os.O_CREAT, 0o600)
            _lock(self._fd)
        except BaseException:
            self.remove()
            raise

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _sweep_stale_folders() -> None:
    """Remove the temp folders of runs that died without cleaning up (SIGKILL)."""
    now = time.time()
    for folder in Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*"):
        try:
            info = folder.lstat()
            if (
                not stat.S_ISDIR(info.st_mode)
                or info.st_uid != _UID
                or now - info.st_mtime < STALE_AFTER
            ):
                continue
            fd = os.open(folder / _OWNER, os.O_RDWR)
        except FileNotFoundError:
            shutil.rmtree(folder, ignore_errors=True)  # no owner lock: nobody's
            continue
        except OSError:
            continue
        try:
            if _lock(fd):
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)


if sys.platform == "win32":
    _OWN_GROUP = None
    _UID = -1

    def _kill_group(pid: int) -> None:
        os.kill(pid, signal.SIGTERM)

    def _lock(fd: int) -> bool:
        return False  # no flock: a dead owner's folder cannot be told from a live one's

    def _signals_held() -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    def _child_setup() -> None:
        return None

else:
    import fcntl

    _OWN_GROUP = 0
    _UID = os.getuid()
    # The signals the CLI turns into an exception.
    _HELD = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
    PR_SET_PDEATHSIG = 1

    def _kill_group(pid: int) -> None:
        os.killpg(pid, signal.SIGKILL)

    def _lock(fd: int) -> bool:
        """False when another process holds `fd`'s lock (or locks do not work here,
        and then no folder is ever taken for a dead one)."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    @contextlib.contextmanager
    def _signals_held() -> Iterator[None]:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)  # a held one lands now

    def _child_setup() -> Callable[[], None]:
        """What the child runs before exec: take the signals back (the mask is
        inherited) and, on Linux, have the kernel SIGKILL it when we die, however we
        die. (Strictly: when the thread that started it ends; that thread is the one
        that waits for it.)"""
        parent = os.getpid()
        if sys.platform == "linux":
            import ctypes

            prctl = ctypes.CDLL(None).prctl

        def setup() -> None:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
            if sys.platform == "linux":
                prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
                if os.getppid() != parent:  # we died before that took effect
                    os._exit(1)

        return setup


def _launch(schema: str) -> Codegen:
    installed = _installed_version()
    if installed != CODEGEN_VERSION:
        found = f"found {installed}" if installed else "it is not installed"
        raise PydanticError(
            f"the pydantic flavour needs datamodel-code-generator=={CODEGEN_VERSION} "
            f"({found}); run: pip install -e '.[dev]'"
        )
    return _Subprocess(schema)
