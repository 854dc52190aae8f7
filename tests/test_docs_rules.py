"""The docs' Rules blocks: every rule is a block on its host type's page, under an
anchor of its id: a title line (id, level, the fields it concerns, linked), its words,
then the server's message and the Go function as list items; each field entry links
the rules that mention the field. No rule is a table row."""

from __future__ import annotations

import re

import pytest
from conftest import GENERATED, model
from test_docs import field_block

from podspec_gen.model.rules.vocab import Rule
from podspec_gen.render import docs as render_docs
from podspec_gen.render.docs.pages import SHOWN_RULES, field_href, rules_anchor
from podspec_gen.render.docs.rules import (
    code_span,
    mentions,
    rule_body,
    rule_field_keys,
    rule_fields,
    rule_message_text,
    rule_source_text,
    rule_words,
)

DOCS = GENERATED / "docs"
MODEL = model()
LAYOUT = render_docs.layout(MODEL)
PAGES = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}


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


# A rules block, or one rule's block, ends at the next block, heading or list of users.
_END = re.compile(r'\n\n(?:<a id="|#{1,6} |Used by:\s|---\n)')
_TITLE = re.compile(r"^<a id=\"([^\"]+)\"></a>\*\*`([^`]+)`\*\*\s·\s", re.M)


def _rule_block(page: str, rule_id: str) -> tuple[str, str]:
    """A rule's block on its page: its title line (unwrapped) and its body."""
    text = PAGES[page]
    start = text.index(f'<a id="{rule_id}"></a>**`')
    rest = text[start:]
    match = _END.search(rest, 1)
    block = rest[: match.start()] if match else rest
    title, body = block.split("\n\n", 1)
    return " ".join(title.split()), body.strip("\n")


def _block(page: str, host: str) -> list[str]:
    """The ids of the rules in a type's Rules block, in order."""
    text = PAGES[page].split(f'<a id="{rules_anchor(host)}"></a>', 1)[1]
    end = re.search(r"\n(?:#{1,6} |Used by:\s|---\n)", text)
    return _TITLE.findall(text[: end.start()] if end else text)


@pytest.mark.parametrize("rule", MODEL.rules, ids=lambda r: r.id)
def test_every_rule_is_a_block_on_its_hosts_page(rule: Rule) -> None:
    page = LAYOUT.home(rule.host)
    title, body = _rule_block(page, rule.id)
    level = "⚠️ **warning**" if rule.is_warning else "⛔ **error**"
    assert title.startswith(f'<a id="{rule.id}"></a>**`{rule.id}`** · {level}')
    here = next(p for p in LAYOUT.pages if p.path == page)
    keys = rule_field_keys(MODEL, rule)
    links = re.findall(r"\[`([\w.]+)`\]\(([^)]*)\)", title)
    assert links == [
        (
            wire if owner == rule.host else f"{owner}.{wire}",
            field_href(LAYOUT, owner, wire, here),
        )
        for owner, wire in keys
    ]
    assert body == rule_body(rule)
    unwrapped = " ".join(body.split())
    assert rule_words(rule) in unwrapped
    assert f"- **Server's message:** {rule_message_text(rule)}" in unwrapped
    assert f"- **Source:** {rule_source_text(rule)}" in unwrapped
    assert (
        rule.source.split(" ", 1)[0] in unwrapped
    )  # the Go file, as the spec cites it
    assert not any(line.startswith("|") for line in body.splitlines())


@pytest.mark.parametrize(
    "host", sorted({r.host for r in MODEL.rules}), ids=lambda name: name
)
def test_a_types_rules_block_holds_its_rules_in_spec_order(host: str) -> None:
    titles = _block(LAYOUT.home(host), host)
    assert [anchor for anchor, _ in titles] == [r.id for r in MODEL.rules_of(host)]
    assert [shown for _, shown in titles] == [r.id for r in MODEL.rules_of(host)]


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


def test_a_rule_is_spared_from_md011_only_where_its_text_needs_it() -> None:
    """pymarkdown reads `(a)[b]` in a regex as a reversed link: the block of a rule
    whose words or message hold one starts with a pragma counting its lines."""
    spared = [r for r in MODEL.rules if "pyml" in rule_body(r)]
    assert spared, "no regex in a rule reads as a reversed link: drop the pragma"
    assert len(spared) < len(MODEL.rules)
    for rule in MODEL.rules:
        _, body = _rule_block(LAYOUT.home(rule.host), rule.id)
        first, *rest = body.splitlines()
        if rule in spared:
            assert first == f"<!-- pyml disable-num-lines {len(rest)} md011-->"
        else:
            assert "pyml" not in body
