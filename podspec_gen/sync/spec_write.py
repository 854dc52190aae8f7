"""Emit spec YAML text for types and fields taken from upstream (used by `sync --write`).

We write text rather than dumping a document so that additions can be spliced into
human-edited files without disturbing their comments, order or curated content.
"""

from __future__ import annotations

import textwrap

import yaml

from podspec_gen.sync.upstream import UpstreamField, UpstreamType

WIDTH = 88


def scalar_text(key: str, text: str, indent: int) -> str:
    """`key: text` as YAML, folded into readable lines, proven to load back to `text`."""
    pad = " " * indent
    one_line = f"{pad}{key}: {_inline(text)}"
    if (
        "\n" not in one_line
        and len(one_line) <= WIDTH
        and _loads(one_line, key) == text
    ):
        return one_line + "\n"
    folded = _folded(key, text, indent)
    if folded is not None:
        return folded
    dumped = yaml.dump(
        {key: text}, width=WIDTH - indent, allow_unicode=True, default_style='"'
    )
    return textwrap.indent(dumped, pad)


def _inline(text: str) -> str:
    dumped = yaml.dump(text, width=10_000, allow_unicode=True).rstrip("\n")
    return dumped.removesuffix("\n...").rstrip("\n")


def _loads(snippet: str, key: str) -> object:
    try:
        loaded = yaml.safe_load(textwrap.dedent(snippet))
    except yaml.YAMLError:
        return None
    return loaded.get(key) if isinstance(loaded, dict) else None


def _folded(key: str, text: str, indent: int) -> str | None:
    """A `>-` block: paragraphs wrapped, blank lines between them kept."""
    pad = " " * (indent + 2)
    lines = [f"{' ' * indent}{key}: >-"]
    paragraphs = text.split("\n")
    for i, para in enumerate(paragraphs):
        if i:
            lines.append("")
        if not para:
            continue
        wrapped = textwrap.wrap(
            para, WIDTH - len(pad), break_long_words=False, break_on_hyphens=False
        )
        lines.extend(pad + w for w in wrapped)
    snippet = "\n".join(lines) + "\n"
    return snippet if _loads(snippet, key) == text else None


def field_text(f: UpstreamField, indent: int) -> str:
    pad = " " * indent
    out = [f"{pad}{f.name}:\n", f"{pad}  type: {f.type}\n"]
    if f.required:
        out.append(f"{pad}  required: true\n")
    out.append(scalar_text("description", f.description or f"{f.name}.", indent + 2))
    if f.list_type:
        out.append(f"{pad}  listType: {f.list_type}\n")
    if f.list_map_keys:
        out.append(f"{pad}  listMapKeys: [{', '.join(f.list_map_keys)}]\n")
    if f.patch_strategy:
        out.append(f"{pad}  patchStrategy: {f.patch_strategy}\n")
    if f.patch_merge_key:
        out.append(f"{pad}  patchMergeKey: {f.patch_merge_key}\n")
    if f.map_type:
        out.append(f"{pad}  mapType: {f.map_type}\n")
    return "".join(out)


def type_text(t: UpstreamType, indent: int) -> str:
    pad = " " * indent
    out = [f"{pad}{t.name}:\n", f"{pad}  upstream: {t.full_name}\n"]
    out.append(scalar_text("description", t.description or f"{t.name}.", indent + 2))
    if t.scalar:
        out.append(f"{pad}  scalar: {t.scalar}\n")
    if t.format:
        out.append(f"{pad}  format: {t.format}\n")
    if t.map_type:
        out.append(f"{pad}  mapType: {t.map_type}\n")
    if not t.scalar:
        out.append(f"{pad}  fields:\n")
        out.extend(field_text(f, indent + 4) for f in t.fields)
    return "".join(out)
