"""The docs' Rules blocks: every rule is on its host type's page, in words, with the
server's message, its level and the Go function, under an anchor of its id; each field
entry links the rules that mention the field."""

from __future__ import annotations

import re

import pytest
from conftest import GENERATED, model
from test_docs import field_block

from podspec_gen.model.rules.vocab import Rule
from podspec_gen.render import docs as render_docs
from podspec_gen.render.docs.pages import SHOWN_RULES, rules_anchor
from podspec_gen.render.docs.rules import (
    code_span,
    lint_pragma,
    mentions,
    rule_fields,
    rule_message_cell,
    rule_source_cell,
    rule_words,
)

DOCS = GENERATED / "docs"
MODEL = model()
LAYOUT = render_docs.layout(MODEL)
PAGES = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}


def _row(page: str, anchor: str) -> str:
    return next(
        line for line in PAGES[page].splitlines() if f'<a id="{anchor}"></a>' in line
    )


def _field(page: str, anchor: str) -> str:
    """A field's block, its lines joined."""
    return " ".join(field_block(PAGES[page], anchor).split())


def _field_page(owner: str, wire: str) -> str:
    """PodSpec's fields are documented on their group's first page."""
    if owner == MODEL.root.name:
        return LAYOUT.first_page(MODEL.group_of_pod_field(wire)).path
    return LAYOUT.home(owner)


def _anchor(owner: str, wire: str) -> str:
    return f"{owner.lower()}-{wire.lower()}"


def _block(page: str, host: str) -> list[str]:
    """The rows of a type's Rules table."""
    text = PAGES[page].split(f'<a id="{rules_anchor(host)}"></a>', 1)[1]
    table = text.split("\n| --- | --- | --- | --- | --- |\n", 1)[1].split("\n\n", 1)[0]
    return table.splitlines()


@pytest.mark.parametrize("rule", MODEL.rules, ids=lambda r: r.id)
def test_every_rule_is_on_its_hosts_page_with_words_message_and_source(
    rule: Rule,
) -> None:
    page = LAYOUT.home(rule.host)
    row = _row(page, rule.id)
    cells = row.split(" | ")
    assert cells[0] == f'| <a id="{rule.id}"></a>`{rule.id}`'
    assert cells[1] == rule_words(rule)
    assert cells[2] == ("warning" if rule.is_warning else "error")
    assert rule_message_cell(rule) in row
    assert rule_source_cell(rule) in row
    assert rule.source.split(" ", 1)[0] in row  # the Go file, as the spec cites it
    assert row in _block(page, rule.host)


@pytest.mark.parametrize(
    "host", sorted({r.host for r in MODEL.rules}), ids=lambda name: name
)
def test_a_types_rules_block_holds_its_rules_in_spec_order(host: str) -> None:
    rows = _block(LAYOUT.home(host), host)
    ids = [re.match(r'\| <a id="([^"]+)">', row).group(1) for row in rows]  # type: ignore[union-attr]
    assert ids == [r.id for r in MODEL.rules_of(host)]


def test_only_types_with_rules_have_a_rules_block() -> None:
    blocks = {
        name.removeprefix("rules-of-")
        for text in PAGES.values()
        for name in re.findall(r'<a id="(rules-of-[^"]+)"></a>\*\*Rules\*\*', text)
    }
    assert blocks == {r.host.lower() for r in MODEL.rules}


def test_the_index_shows_the_podspec_rules() -> None:
    index = PAGES["README.md"].split("\n## PodSpec\n", 1)[1].split("\n## ", 1)[0]
    assert f'<a id="{rules_anchor("PodSpec")}"></a>' in index
    for rule in MODEL.rules_of("PodSpec"):
        assert f'<a id="{rule.id}"></a>' in index


def test_a_field_entry_links_the_rules_that_mention_it() -> None:
    found = mentions(MODEL)
    assert found, "no rule mentions any field"
    for (owner, wire), ids in found.items():
        page = _field_page(owner, wire)
        row = _field(page, _anchor(owner, wire))
        note = row.split(" **Rules:** ", 1)[1].split(" - ", 1)[0]
        linked = re.findall(r"\[`([^`]+)`\]\(([^)]*)\)", note)
        assert [i for i, _ in linked] == list(ids[:SHOWN_RULES])
        for rule_id, href in linked:
            home = LAYOUT.home(LAYOUT.hosts[rule_id])
            assert href == (f"#{rule_id}" if home == page else f"{home}#{rule_id}")
        rest = len(ids) - SHOWN_RULES
        assert (f" {rest} more (rules of " in note) == (rest > 0), note


def test_a_field_no_rule_mentions_has_no_rules_note() -> None:
    found = mentions(MODEL)
    quiet = [
        (t, f)
        for t in MODEL.types
        for f in t.fields
        if (t.name, f.wire_name) not in found
    ]
    assert quiet
    for t, f in quiet:
        assert "**Rules:**" not in _field(
            _field_page(t.name, f.wire_name), _anchor(t.name, f.wire_name)
        )


def test_a_rule_mentions_every_field_it_reads_or_steps_through() -> None:
    by_id = {r.id: r for r in MODEL.rules}
    fields = set(
        rule_fields(MODEL, by_id["host-network-host-port-matches-container-port"])
    )
    assert fields == {
        ("PodSpec", "containers"),
        ("Container", "ports"),
        ("PodSpec", "hostNetwork"),
        ("ContainerPort", "hostPort"),
        ("ContainerPort", "containerPort"),
    }
    fields = set(rule_fields(MODEL, by_id["container-names-unique"]))
    assert fields == {
        ("PodSpec", "containers"),
        ("PodSpec", "initContainers"),
        ("PodSpec", "ephemeralContainers"),
        ("Container", "name"),
    }


def test_code_spans_hold_any_backticks() -> None:
    assert code_span("a") == "`a`"
    assert code_span("must match `x` now") == "``must match `x` now``"
    assert code_span("`x`") == "`` `x` ``"
    assert code_span("a ``b`` c") == "```a ``b`` c```"


def test_a_rules_table_is_spared_from_md011_only_where_a_cell_needs_it() -> None:
    hosts = {r.host for r in MODEL.rules}
    spared = {h for h in hosts if lint_pragma(MODEL.rules_of(h))}
    assert spared, "no regex in a rule reads as a reversed link: drop lint_pragma"
    assert spared != hosts
    for host in hosts:
        pragma = lint_pragma(MODEL.rules_of(host))
        text = PAGES[LAYOUT.home(host)].split(f'<a id="{rules_anchor(host)}"></a>', 1)[
            1
        ]
        head = text.split("| Rule |", 1)[0]
        if pragma:
            assert head.endswith(f"\n{pragma}\n")
            assert pragma.endswith(f" {len(MODEL.rules_of(host)) + 2} md011-->")
        else:
            assert "pyml" not in head
