"""What the markdown templates need: links between pages, type names for YAML authors."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from generator.model import Field, FieldType, Group, Spec

if TYPE_CHECKING:
    from generator.render import Job


def page_of(group: Group) -> str:
    return "README.md" if group.kind == "root" else f"{group.name}.md"


def anchor(heading: str) -> str:
    """GitHub's heading anchor: lower-case, punctuation dropped, spaces to hyphens."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def type_link(spec: Spec, name: str, here: Group) -> str:
    target = spec.type(name)
    page = page_of(spec.group(target.group))
    href = f"#{anchor(name)}" if target.group == here.name else f"{page}#{anchor(name)}"
    return f"[{name}]({href})"


def type_text(spec: Spec, t: FieldType, here: Group) -> str:
    if t.kind == "list":
        assert t.item is not None
        return f"list of {type_text(spec, t.item, here)}"
    if t.kind == "map":
        assert t.item is not None
        return f"map of string to {type_text(spec, t.item, here)}"
    if t.kind == "ref":
        return type_link(spec, t.name, here)
    return t.name


def cell(text: str) -> str:
    """Make prose safe inside a markdown table cell."""
    flat = " ".join(text.split())
    return flat.replace("|", "\\|")


def value(v: object) -> str:
    return (
        f"`{json.dumps(v, ensure_ascii=False)}`"
        if not isinstance(v, str)
        else f"`{v}`" if v else '`""`'
    )


def constraints(field: Field) -> str:
    parts = []
    if field.minimum is not None:
        parts.append(f"minimum {field.minimum}")
    if field.maximum is not None:
        parts.append(f"maximum {field.maximum}")
    if field.pattern:
        parts.append(f"pattern `{field.pattern}`")
    if field.min_items:
        parts.append(f"at least {field.min_items} item(s)")
    return ", ".join(parts)


def jobs(spec: Spec) -> list[Job]:
    from generator.render import Job

    out = [Job("docs/README.md", "markdown/index.md.j2", {"group": spec.groups[0]})]
    for group in spec.groups[1:]:
        out.append(
            Job(f"docs/{page_of(group)}", "markdown/group.md.j2", {"group": group})
        )
    return out


FILTERS: dict[str, Any] = {"md_cell": cell, "md_value": value, "md_anchor": anchor}
GLOBALS: dict[str, Any] = {
    "md_page_of": page_of,
    "md_type_text": type_text,
    "md_type_link": type_link,
    "md_constraints": constraints,
}
