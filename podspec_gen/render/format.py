"""Generated Python goes through black, in-process, so templates only have to be right,
not laid out: black decides every line break.

black is the slowest step of a render, and most files do not change between two
generates, so results are cached per user (`podspec_gen.cache`), keyed by black's
version and the text (black always runs with its default mode): a template or spec
edit re-formats only what it changed. black itself is imported on the first miss only,
so a run that hits the cache never pays for loading it.
"""

from __future__ import annotations

import functools
from importlib.metadata import version

from podspec_gen import cache
from podspec_gen.render.job import RenderError

KIND = "black"


@functools.cache
def _black_version() -> str:
    # black's defaults, as `black --check` in the tests and in users' editors apply them.
    return f"black {version('black')} default mode"


def cached(text: str) -> str | None:
    """What black made of `text` before, if this user's cache has it."""
    return cache.read(KIND, cache.key(_black_version(), text))


def store(text: str, result: str) -> None:
    """Remember `result` as black's output for `text`."""
    cache.write(KIND, cache.key(_black_version(), text), result)


def format_python(text: str, name: str = "<generated>") -> str:
    """`text` as black prints it; RenderError names the file when it is not Python."""
    hit = cached(text)
    if hit is not None:
        return hit
    import black
    from black.parsing import InvalidInput

    try:
        result = black.format_str(text, mode=black.Mode())
    except InvalidInput as exc:
        raise RenderError(f"{name}: rendered Python does not parse: {exc}") from None
    store(text, result)
    return result
