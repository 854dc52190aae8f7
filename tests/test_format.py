"""Generated Python is laid out by ruff's formatter (`render.format`), and must come out
as black lays it out: the SDK is black-stable whichever of the two its users run. The
rules' emitters write the forms on which the two formatters would otherwise differ."""

from __future__ import annotations

import subprocess
from pathlib import Path

import black
import pytest

from podspec_gen.render import format as fmt
from podspec_gen.render.job import RenderError
from podspec_gen.render.python.rules_exprs import argument, walrus


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _nested(depth: int, condition: str) -> str:
    lines = ["def f(o, y1, _rt):"]
    lines += ["    " * n + "if o:" for n in range(1, depth)]
    lines.append("    " * depth + f"if {condition}:")
    lines.append("    " * (depth + 1) + "return 1")
    return "\n".join(lines) + "\n"


def _conditional(name: str, field: str, step: str) -> str:
    return f"(None if ({walrus(name, f'y1.{field}')}) is None else {name}.{step})"


@pytest.mark.parametrize("depth", [1, 6, 12, 14])
def test_the_emitters_forms_format_as_black_formats_them(depth: int) -> None:
    long_read = f"({walrus('t270', 'o.termination_grace_period_seconds')}) is None"
    compared = (
        f"_rt.compare({argument(_conditional('t9', 'resources', 'limits'))}, "
        f"'>=', {argument('(0)')}, listed=True)"
    )
    bound = f"({walrus('t25', _conditional('t24', 'security_context', 'proc_mount'))})"
    for condition in (long_read, compared, f"{bound} is not None"):
        text = _nested(depth, condition)
        assert fmt.format_python(text) == black.format_str(text, mode=black.Mode())


def test_a_bare_conditional_argument_is_where_the_formatters_part() -> None:
    """What `argument` guards against: without its parentheses, a split conditional
    argument is laid out differently by the two (if this stops failing, a newer ruff
    agrees with black and the guard may go)."""
    bare = "_rt.compare(None if (t9 := y1.resources) is None else t9.limits, '>=', 0)"
    text = _nested(12, bare)
    assert fmt.format_python(text) != black.format_str(text, mode=black.Mode())


def test_rendered_python_that_does_not_parse_names_the_file() -> None:
    with pytest.raises(RenderError) as caught:
        fmt.format_python("x = 1\ndef f(:\n", "python/podspec/x.py")
    # The file and ruff's own words, with the line and column of the slip.
    assert str(caught.value).startswith(
        "python/podspec/x.py: rendered Python does not parse: Failed to parse x.py:2:7:"
    ), caught.value


def test_a_module_formatted_once_is_read_back_without_running_ruff(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "x = {  'a':1 }\n"
    assert fmt.format_python(text) == 'x = {"a": 1}\n'

    def no_process(*args: object, **kwargs: object) -> None:
        raise AssertionError("ruff ran again for a module in the cache")

    monkeypatch.setattr(subprocess, "run", no_process)
    assert fmt.format_python(text) == 'x = {"a": 1}\n'
