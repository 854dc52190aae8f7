"""The rules a type hosts, as its schema definition carries them.

Two annotations, one entry per rule in spec order:

- `x-kubernetes-validations`, the CRD format (`rule`, `message`, `fieldPath`,
  `reason`), for the tools that evaluate CRD rules. A CRD rule always fails validation,
  so only the server's errors are there: a warning (`level: warning`) would refuse a
  pod spec the server accepts.
- `x-podspec-rules`, every rule with what an editor or a tool may want of it: its id,
  kind, level, the Go error type, the server's message (`<value>` where the server
  shows the value), the rule in a sentence, where the server decides it, and the same
  CEL.
"""

from __future__ import annotations

from typing import Any

from podspec_gen import cache
from podspec_gen.model.rules.pred_reads import primary
from podspec_gen.model.rules.vocab import Ref, Rule
from podspec_gen.model.rules.words import rule_message, rule_sentence
from podspec_gen.render.schema.cel import field
from podspec_gen.render.schema.cel_rules import rule_cel
from podspec_gen.render.schema.forms import rule_form

# The CRD rule reasons; the server's other error types read as an invalid value.
REASONS = {
    "Required": "FieldValueRequired",
    "Forbidden": "FieldValueForbidden",
    "Duplicate": "FieldValueDuplicate",
}
DEFAULT_REASON = "FieldValueInvalid"
KIND = "rule-keywords"


def crd_message(rule: Rule) -> str:
    """The server's message without the value it shows (a CRD message is fixed text):
    `Forbidden: may not be set ...`, `Duplicate value`."""
    text = rule_message(rule)
    if rule.shows_value and not rule.is_warning:
        text = text.replace(f"{rule.heading}: <value>", rule.heading, 1)
        # A detail that quotes the value too (`invalid AppArmor profile name: %q`).
        text = text.replace('"<value>"', "<value>").replace("<value>", "the value")
    return text


def _path(ref: Ref) -> str | None:
    if not ref.steps:
        return None
    return "".join(_step(step.wire, step.key) for step in ref.steps)


def _step(wire: str, key: bool) -> str:
    """A field (`.name`) or a map entry (`['kubernetes.io/config.mirror']`), as a
    CRD's fieldPath writes them."""
    if not key:
        return f".{field(wire)}"
    quoted = wire.replace("\\", "\\\\").replace("'", "\\'")
    return f"['{quoted}']"


def field_path(rule: Rule) -> str | None:
    """Where the server reports the rule, relative to the host, when that is one
    field wherever the rule fails (not an item of a list, not one of several)."""
    if rule.each is not None:
        return None
    if rule.kind in ("require", "forbid") and len(rule.fields) == 1:
        return _path(rule.fields[0])
    if rule.kind == "assert" and rule.check is not None:
        at = rule.at or primary(rule.check)
        return _path(at) if at is not None else None
    if rule.kind == "compareMaps" and rule.maps is not None:
        maps = rule.maps
        at_right = maps.op == "present" or bool(maps.total)
        return _path(maps.right if at_right else maps.left)
    return None


def validation(rule: Rule, cel: str) -> dict[str, Any]:
    """One `x-kubernetes-validations` entry."""
    entry: dict[str, Any] = {"rule": cel, "message": crd_message(rule)}
    path = field_path(rule)
    if path is not None:
        entry["fieldPath"] = path
    entry["reason"] = REASONS.get(rule.error, DEFAULT_REASON)
    return entry


def description(rule: Rule, cel: str, null_items: frozenset[str]) -> dict[str, Any]:
    """One `x-podspec-rules` entry."""
    entry: dict[str, Any] = {
        "id": rule.id,
        "kind": rule.kind,
        "level": rule.level,
        "error": rule.error,
        "message": rule_message(rule),
        "description": rule_sentence(rule),
        "source": rule.source,
        "rule": cel,
    }
    form = rule_form(rule, null_items)
    if form is not None:
        entry["schema"] = form
    return entry


def rule_keywords(
    rules: tuple[Rule, ...], null_items: frozenset[str]
) -> dict[str, Any]:
    """The keywords a definition hosting `rules` carries (none for no rule);
    `null_items`: the object types whose lists take a null item (Spec.null_items).

    They are decided by the rules and this code alone, never by prose: kept in the
    per-user cache under a digest of both (their CEL and words are a sixth of a
    one-edit generate's render)."""
    if not rules:
        return {}
    key = cache.key(repr(rules), repr(sorted(null_items)), cache.code_version())
    return cache.remember(KIND, key, key, dict, lambda: _keywords(rules, null_items))


def _keywords(rules: tuple[Rule, ...], null_items: frozenset[str]) -> dict[str, Any]:
    cels = [rule_cel(r) for r in rules]
    out: dict[str, Any] = {}
    errors = [
        validation(r, c) for r, c in zip(rules, cels, strict=True) if not r.is_warning
    ]
    if errors:
        out["x-kubernetes-validations"] = errors
    out["x-podspec-rules"] = [
        description(r, c, null_items) for r, c in zip(rules, cels, strict=True)
    ]
    # What JSON Schema can say exactly, it says: editors and validators enforce these.
    forms = [
        f
        for r in rules
        if not r.is_warning and (f := rule_form(r, null_items)) is not None
    ]
    if forms:
        out["allOf"] = forms
    return out
