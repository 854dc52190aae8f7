"""Generated Python goes through black, in-process, so templates only have to be right,
not laid out: black decides every line break.

black is the slowest step of a render, and most files do not change between two
generates, so results are cached per user, keyed by a hash of black's version, its mode
and the text: a hit is byte-for-byte what black would print, and a template or spec edit
re-formats only the files it changed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib.metadata import version
from pathlib import Path

import black
from black.parsing import InvalidInput

from generator.render.job import RenderError

# black's defaults, as `black --check` in the tests and in users' editors apply them.
MODE = black.Mode()
_KEY_PREFIX = f"black {version('black')} {MODE!r}\n".encode()


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "podspec-gen" / "black"


def _key(text: str) -> str:
    return hashlib.sha256(_KEY_PREFIX + text.encode()).hexdigest()


def format_python(text: str, name: str = "<generated>") -> str:
    """`text` as black prints it; RenderError names the file when it is not Python."""
    path = cache_folder() / _key(text)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    try:
        result = black.format_str(text, mode=MODE)
    except InvalidInput as exc:
        raise RenderError(f"{name}: rendered Python does not parse: {exc}") from None
    _store(path, result)
    return result


def _store(path: Path, text: str) -> None:
    """Atomically, so a reader never sees half an entry; a cache we cannot write is
    only a slower run."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError:
        return
