"""generated/ is exactly what generate writes from spec/ + templates/ (byte for byte)."""

from __future__ import annotations

import difflib
import filecmp
from pathlib import Path

import pytest
from conftest import GENERATED, PROJECT, SPEC, TEMPLATES

from podspec_gen.commands.cli import main
from podspec_gen.model.build import read_spec
from podspec_gen.pipeline import generate_files
from podspec_gen.write import existing_files


def test_regenerating_reproduces_committed_output(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    assert main(["generate", "--out", str(out)]) == 0
    fresh = existing_files(out)
    committed = existing_files(GENERATED)
    assert fresh == committed, (
        f"missing from generated/: {sorted(fresh - committed)}; "
        f"not produced any more: {sorted(committed - fresh)}"
    )
    mismatched = [
        rel
        for rel in sorted(fresh)
        if not filecmp.cmp(out / rel, GENERATED / rel, shallow=False)
    ]
    assert not mismatched, (
        f"stale in generated/ (run `podspec-gen generate`): {mismatched}\n"
        + first_diffs(GENERATED, out, mismatched)
    )


def first_diffs(
    committed: Path, fresh: Path, names: list[str], files: int = 3, lines: int = 80
) -> str:
    """A unified diff (committed -> fresh) of the first few differing files, so a
    failure shows what changed, not only where."""
    shown = []
    for rel in names[:files]:
        old = (committed / rel).read_text(encoding="utf-8").splitlines(keepends=True)
        new = (fresh / rel).read_text(encoding="utf-8").splitlines(keepends=True)
        diff = list(
            difflib.unified_diff(old, new, f"generated/{rel}", f"regenerated/{rel}")
        )
        more = f"... ({len(diff) - lines} more lines)\n" if len(diff) > lines else ""
        shown.append("".join(diff[:lines]) + more)
    return "\n".join(shown)


def test_first_diffs_shows_the_changed_lines(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "f.txt").write_text("one\ntwo\n", encoding="utf-8")
    (tmp_path / "b" / "f.txt").write_text("one\nthree\n", encoding="utf-8")
    text = first_diffs(tmp_path / "a", tmp_path / "b", ["f.txt"])
    assert "-two\n" in text and "+three\n" in text
    assert "generated/f.txt" in text


def test_check_passes_on_main(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_check_names_the_files_a_description_edit_affects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "spec"
    out = tmp_path / "out"
    out.mkdir()
    import shutil

    shutil.copytree(SPEC, spec)
    for rel, text in generate_files(spec, TEMPLATES).items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    path = spec / "network.yaml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace(
        "description: IP address of the host file entry.",
        "description: The IP address of the host file entry.",
        1,
    )
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    args = ["--spec", str(spec), "--out", str(out)]

    assert main(["check", *args]) == 1
    stale = {line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines()}
    # The schemas share their $defs, so every one changes together.
    schemas = {str(p) for p in (out / "jsonschema").glob("*.schema.json")}
    assert len(schemas) == 3 + len(read_spec(SPEC).kinds)  # podspec, template, all
    assert stale == {
        str(out / "python/podspec/network.py"),
        *schemas,
        str(out / "docs/network.md"),
    }
    assert main(["generate", *args]) == 0
    assert main(["check", *args]) == 0
    assert (
        "The IP address of the host file entry."
        in (out / "docs/network.md").read_text()
    )


def test_generate_removes_files_it_no_longer_produces(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["generate", "--out", str(out)]) == 0
    leftover = out / "python" / "podspec" / "removed_group.py"
    leftover.write_text("# from an older spec\n")
    assert main(["check", "--out", str(out)]) == 1
    assert main(["generate", "--out", str(out)]) == 0
    assert not leftover.exists()


def test_missing_spec_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            ["generate", "--spec", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]
        )
        == 2
    )
    assert "spec folder not found" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ([], ["generate"], ["check"], ["sync"]):
        with pytest.raises(SystemExit) as exit_info:
            main([*command, "--help"])
        assert exit_info.value.code == 0
        assert "usage: podspec-gen" in capsys.readouterr().out


def test_project_root_is_found_from_the_package() -> None:
    assert (PROJECT / "pyproject.toml").is_file()
