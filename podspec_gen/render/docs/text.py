"""Markdown text from the spec's prose and values: escaping, wrapping, table cells.

Descriptions come from upstream's comments, written for Go doc, not markdown: a `<`
would open HTML, a bare URL would not be a link and a `|` would end a table cell. These
helpers make any such text safe where the templates put it.
"""

from __future__ import annotations

import json
import re
import textwrap

from podspec_gen.model.types import Field

_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_URL = re.compile(r"https?://[^\s<>`]+")
_BLOCK_START = re.compile(r"^(?:[-*+>#=|]|\d+[.)]|```|~~~)")
_INDENTED_ITEM = re.compile(r"^ +[-*+] ")
WRAP = 88


def _escape_prose(text: str) -> str:
    """Outside code spans: `<` is not HTML, bare URLs become autolinks, and `](` (in
    a regex a message quotes: `[a-z]([-a-z]*)`) does not make a link."""

    def plain(part: str) -> str:
        part = part.replace("<", "&lt;").replace("](", "]\\(")
        return _URL.sub(_autolink, part)

    out: list[str] = []
    pos = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(plain(text[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(plain(text[pos:]))
    return "".join(out)


def _autolink(match: re.Match[str]) -> str:
    url = match.group(0)
    trail = ""
    while url and url[-1] in ".,;:)'\"":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        trail = url[-1] + trail
        url = url[:-1]
    return f"<{url}>{trail}"


def cell(text: str) -> str:
    """Make prose safe inside a markdown table cell."""
    flat = " ".join(text.split())
    return _escape_prose(flat).replace("|", "\\|")


def flat(text: str) -> str:
    """Prose on one line, outside a table: `<` escaped, bare URLs as links."""
    return _escape_prose(" ".join(text.split()))


def meaning(value_text: str, text: str) -> str:
    """An allowed value and its meaning, as an item of a definition-style list."""
    return item(f"{value_text}: {flat(text)}")


# pymarkdown's MD011 takes `(a)[b]` for a reversed link even inside a code span, and a
# regex (a rule's, a format's pattern) may hold one (`(?!\[')[\s\S]`); the same
# pattern as its.
_REVERSED_LINK = re.compile(r"\([^()]*\)\[\s*(?!\^)[^\]\s]*\s*\]")


def spare_md011(text: str | list[str]) -> str:
    """The lines, after a pragma that spares them from MD011 when one would read as a
    reversed link: it counts them."""
    lines = text.splitlines() if isinstance(text, str) else text
    if any(_REVERSED_LINK.search(line) for line in lines):
        lines = [f"<!-- pyml disable-num-lines {len(lines)} md011-->", *lines]
    return "\n".join(lines)


def prose(text: str) -> str:
    """A description as markdown paragraphs: plain paragraphs are escaped and wrapped.

    A paragraph that holds lists, code or tables is left exactly as written.
    """
    blocks = re.split(r"\n\s*\n", text.strip())
    if "```" in text or "~~~" in text:
        return text.strip()
    out = []
    for block in blocks:
        lines = block.splitlines()
        if any(
            _BLOCK_START.match(line.strip()) or line.startswith("    ")
            for line in lines[1:]
        ) or _BLOCK_START.match(lines[0]):
            out.append(_list_at_margin(block))
        else:
            out.append(wrap(_escape_prose(" ".join(block.split()))))
    return "\n\n".join(out)


def flow(text: str) -> str:
    """A field's description as wrapped paragraphs.

    Upstream's field comments run their lists into the sentence before them, so no
    markdown list survives; each paragraph is reflowed as one, as a table cell was,
    and a lone `*` is escaped so that it reads as a bullet, not as emphasis.
    """
    paragraphs = re.split(r"\n\s*\n", text.strip())
    flat = (_escape_prose(" ".join(p.split())) for p in paragraphs if p.strip())
    return "\n\n".join(wrap(p.replace(" * ", " \\* ")) for p in flat)


def _list_at_margin(block: str) -> str:
    """A list that Go doc indents under a paragraph's first line (`defined as:` then
    `  - Network: ...`) starts at the margin after a blank line, where markdown
    expects it (MD007, MD032)."""
    lines = block.splitlines()
    rest = "\n".join(lines[1:])
    if _BLOCK_START.match(lines[0]) or not _INDENTED_ITEM.match(rest):
        return block
    return "\n".join([lines[0], "", *textwrap.dedent(rest).splitlines()])


def wrap(text: str) -> str:
    """Greedy wrap that never starts a line with something markdown reads as a block."""
    lines: list[str] = []
    current = ""
    # An HTML tag is one word, whatever spaces its attributes hold.
    for word in re.findall(r"<a [^>]*>\S*|\S+", text):
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= WRAP or _BLOCK_START.match(word):
            current += " " + word
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return "\n".join(lines)


def rewrap(text: object) -> str:
    """Wrap a template's text, whatever line breaks it came with."""
    return wrap(" ".join(str(text).split()))


def item(text: object) -> str:
    """A list item, wrapped, its later lines indented under its first."""
    return "- " + wrap(" ".join(str(text).split())).replace("\n", "\n  ")


def row(*cells: object) -> str:
    """A table row with one space around each cell (an empty cell is `| |`)."""
    return "|" + "|".join(f" {c} " if str(c) else " " for c in cells) + "|"


def first_paragraph(text: str) -> str:
    return re.split(r"\n\s*\n", text.strip(), maxsplit=1)[0]


def value(v: object) -> str:
    if isinstance(v, str):
        return f"`{v}`" if v else '`""`'
    return f"`{json.dumps(v, ensure_ascii=False)}`"


# Where the server reports what its checks of a field's value find (its
# `serverPath`), as a reader of the field's block reads it.
_FIELD_SERVER_PATHS = {
    "parent": "at the object holding the field (`schedulingGates[i]`)",
    "list": "at the list holding the field's object, without the item's index"
    " (`httpHeaders`, `resizePolicy`)",
    "noIndex": "without the index of the item holding the field",
    "noList": "without the list and the index of the item holding the field",
    "noItem": "at the object holding the list, without the list, the item's index"
    " and the item's field",
}


def field_server_path(field: Field) -> str:
    """Where the API server reports what its checks of the field's value find (its
    format, its values, its presence), as a sentence, when that is not the field's
    own path; "" when it is."""
    if not field.server_path:
        return ""
    if field.type.kind == "list":
        return (
            f"the API server reports what it finds wrong with an item at the list, "
            f"`{field.wire_name}`, not at `{field.wire_name}[i]`."
        )
    return (
        f"the API server reports what it finds wrong with this value "
        f"{_FIELD_SERVER_PATHS[field.server_path]}, not at `{field.wire_name}`."
    )


def constraints(field: Field) -> str:
    """What the schema holds a field's value to, as a phrase. A pattern that is a
    named format is left to the field's Format note, which links its one explanation."""
    parts = []
    if field.minimum is not None:
        parts.append(f"minimum {field.minimum}")
    if field.maximum is not None:
        parts.append(f"maximum {field.maximum}")
    if field.range_error is not None:
        below, above, _ = field.range_error
        said = " / ".join(dict.fromkeys(t for t in (below, above) if t))
        parts.append(f'else the server says "{said}"')
    if field.enum_error is not None:
        parts.append(f'else the server says "Invalid value: {field.enum_error}"')
    if field.required_error is not None:
        detail = f": {field.required_error}" if field.required_error else ""
        parts.append(f'empty, the server says "Required value{detail}"')
    if field.pattern and field.format is None:
        parts.append(f"matches `{field.pattern}`")
    if field.min_items:
        parts.append(f"at least {field.min_items} item(s)")
    if field.max_items is not None:
        parts.append(f"at most {field.max_items} item(s)")
    semantics = field.semantics
    if semantics.list_type == "map" and semantics.map_keys:
        keys = ", ".join(f"`{k}`" for k in semantics.map_keys)
        parts.append(f"items are unique by {keys}")
    elif semantics.list_type == "set":
        parts.append("items are unique")
    return ", ".join(parts)


def required(field: Field) -> str:
    # A kind's apiVersion and kind say what the document is: every output requires them.
    if field.required or field.const is not None:
        return "yes"
    if field.server_optional:
        return "no (the API server does not check it, though upstream's schema requires it)"
    return "yes (API server)" if field.server_required else "no"


def tidy(text: str) -> str:
    """One blank line between blocks (templates leave runs of them), none at the end."""
    out: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line if fenced else line.rstrip())
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + "\n"
