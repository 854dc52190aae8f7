"""The rendered JSON outputs are laid out as `json.dumps(indent=2)` would lay them out,
by msgspec in C, and come back from the per-user cache only for the same rendered text.

(These ran inside tests/test_benchmarks.py, which skips where the bench extra is not
installed, as in CI: they need nothing of it.)
"""

from __future__ import annotations

from pathlib import Path

import pytest


def test_canonical_json_comes_from_the_cache_only_for_the_same_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from podspec_gen import cache
    from podspec_gen.render import run
    from podspec_gen.render.job import RenderError, canonical_json

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def cached(text: str) -> str:
        return run._canonical_json_cached("x.json", text, cache.key(text))

    first, second = '{"b": [1, 2], "a": "é"}', '{"b": 3}'
    assert cached(first) == canonical_json(first)
    assert len(list(cache.folder(run.JSON_KIND).iterdir())) == 1
    # The entry is what a hit returns: prove it by planting a marker under the digest.
    (entry,) = cache.folder(run.JSON_KIND).iterdir()
    digest = entry.read_text(encoding="utf-8").partition("\n")[0]
    entry.write_text(f"{digest}\nfrom the cache", encoding="utf-8")
    assert cached(first) == "from the cache"
    # Another text for the same output replaces the entry: still one file.
    assert cached(second) == canonical_json(second)
    assert len(list(cache.folder(run.JSON_KIND).iterdir())) == 1
    with pytest.raises(RenderError, match="rendered JSON is invalid"):
        cached('{"b": }')


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": {}, "b": [], "c": [[], {}]},
        {"x": [1, 2.5, -0.0, 1e100, 10**30, True, None]},
        {"s": '\u00e9 \u2028 " \\ \n \t \u0001', "k\u00e9y": "\U0001f600"},
        {"lone": "\ud800"},
        {"nested": [{"a": [{"b": {}}]}]},
        {"nan": float("nan")},
    ],
)
def test_canonical_json_lays_out_jsons_form_as_its_indenting_encoder_does(
    value: object,
) -> None:
    """The templates write values as json does; msgspec lays the text out in C for
    speed, and the bytes must be `json.dumps(indent=2, ensure_ascii=False)`'s (a lone
    surrogate or a NaN, which msgspec refuses, take json's own path)."""
    import json

    from podspec_gen.render.job import canonical_json

    text = json.dumps(value, ensure_ascii=False)
    expected = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    assert canonical_json(text) == expected
    assert canonical_json("\n  " + text + "  \n") == expected


def test_a_template_slip_is_named_by_its_line() -> None:
    from podspec_gen.render.job import RenderError, canonical_json

    with pytest.raises(RenderError, match=r"invalid at line 3: .*: \"b\": ,"):
        canonical_json('{\n  "a": 1,\n  "b": ,\n}')


def test_every_committed_json_output_is_in_canonical_form() -> None:
    import json

    from podspec_gen.render.job import canonical_json

    root = Path(__file__).resolve().parent.parent / "generated"
    files = sorted(root.rglob("*.json"))
    assert len(files) >= 13
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert canonical_json(text) == text, path
        assert json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n" == text
