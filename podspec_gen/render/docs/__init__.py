"""The markdown docs: one page per group, their jobs, and what the templates need.

`pages` places every type and named enum on a page (`layout`, which other outputs link
into the docs with) and makes the links; `concepts` renders the concept pages, and
`backlinks` reads their links backwards, for the Concepts lines of what they explain;
`text` makes the spec's prose safe markdown; `rules` makes the cells of each type's
Rules block and finds the fields rules mention;
`workloads` gives the Workloads page its kinds, examples and the rules that tie a kind's
envelope to its pod spec.
How each kind of value is named and described is in the templates, one macro file per
kind (`templates/markdown/kinds/`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from podspec_gen.model.types import Field, Group, Spec, TypeDef
from podspec_gen.render.docs.concepts import (
    concept_body,
    concept_edit_url,
    concept_jobs,
    concept_links,
    concept_path,
    group_concept_links,
    neighbours,
    reference_pages,
)
from podspec_gen.render.docs.merge_keys import (
    field_link,
    merge_keys_job,
    merge_rows,
    merge_sections,
)
from podspec_gen.render.docs.merge_keys import page as merge_keys_page
from podspec_gen.render.docs.pages import (
    PAGE_BUDGET,
    PAGE_LIMIT,
    Layout,
    Page,
    anchor,
    doc_link,
    edit_url,
    field_anchor,
    field_href,
    field_rules,
    format_home,
    format_href,
    format_rules,
    format_users,
    layout,
    rule_href,
    rules_anchor,
    spec_file,
    type_href,
    type_link,
)
from podspec_gen.render.docs.rules import (
    rule_body,
    rule_field_keys,
    rule_level,
    tie_body,
)
from podspec_gen.render.docs.text import (
    cell,
    constraints,
    field_server_path,
    first_paragraph,
    flat,
    flow,
    item,
    meaning,
    prose,
    required,
    rewrap,
    row,
    spare_md011,
    tidy,
    value,
)
from podspec_gen.render.docs.workloads import (
    dotted,
    kind_examples,
    pod_spec_places,
    tie_rules,
    workloads_group,
)

if TYPE_CHECKING:
    from podspec_gen.render.job import Job

__all__ = [
    "FILTERS",
    "GLOBALS",
    "PAGE_BUDGET",
    "PAGE_LIMIT",
    "Layout",
    "Page",
    "cell",
    "doc_link",
    "flow",
    "jobs",
    "layout",
    "value",
]


def pod_fields(spec: Spec, group: Group) -> list[Field]:
    """The PodSpec fields a group owns, in the group's declared order."""
    by_name = {f.wire_name: f for f in spec.root.fields}
    return [by_name[name] for name in group.pod_spec_fields]


def types_index(spec: Spec) -> list[TypeDef]:
    return sorted(spec.types, key=lambda t: (t.name.lower(), t.name))


def jobs(spec: Spec) -> list[Job]:
    from podspec_gen.render.job import Job

    # Read here, not bound as a default, so that a test can lower the budget.
    lay = layout(spec, PAGE_BUDGET)
    out = []
    for page in lay.pages:
        template = "index" if page.group.kind == "root" and page.part == 1 else "group"
        out.append(
            Job(
                f"docs/{page.path}",
                f"markdown/{template}.md.j2",
                {"layout": lay, "page": page, "group": page.group},
                post=tidy,
            )
        )
    out.extend(concept_jobs(spec, lay))
    out.append(merge_keys_job(lay))
    return out


FILTERS: dict[str, Any] = {
    "md_cell": cell,
    "md_value": value,
    "md_anchor": anchor,
    "md_prose": prose,
    "md_first_paragraph": first_paragraph,
    "md_wrap": rewrap,
    "md_item": item,
    "md_flow": flow,
    "md_flat": flat,
    "md_spare": spare_md011,
    "md_dotted": dotted,
}
GLOBALS: dict[str, Any] = {
    "md_concept_body": concept_body,
    "md_concept_edit_url": concept_edit_url,
    "md_concept_neighbours": neighbours,
    "md_concept_path": concept_path,
    "md_concept_links": concept_links,
    "md_group_concept_links": group_concept_links,
    "md_reference_pages": reference_pages,
    "md_type_link": type_link,
    "md_edit_url": edit_url,
    "md_format_href": format_href,
    "md_format_home": format_home,
    "md_format_users": format_users,
    "md_format_rules": format_rules,
    "md_spec_file": spec_file,
    "md_type_href": type_href,
    "md_field_href": field_href,
    "md_field_anchor": field_anchor,
    "md_constraints": constraints,
    "md_field_server_path": field_server_path,
    "md_required": required,
    "md_row": row,
    "md_pod_fields": pod_fields,
    "md_types_index": types_index,
    "md_field_rules": field_rules,
    "md_rule_href": rule_href,
    "md_rules_anchor": rules_anchor,
    "md_rule_body": rule_body,
    "md_merge_rows": merge_rows,
    "md_merge_field": field_link,
    "md_merge_sections": merge_sections,
    "md_merge_page": merge_keys_page,
    "md_rule_level": rule_level,
    "md_rule_field_keys": rule_field_keys,
    "md_tie_body": tie_body,
    "md_meaning": meaning,
    "md_kind_examples": kind_examples,
    "md_tie_rules": tie_rules,
    "md_pod_spec_places": pod_spec_places,
    "md_workloads_group": workloads_group,
}
