"""The clauses of the predicates about one field that need no other words: equality,
presence, a pattern, a named test, a selector (comparisons, whose counts may hold a
condition, are words.py's)."""

from __future__ import annotations

from podspec_gen.model.rules.vocab import Among, IsSet, Matches, Selects, Test
from podspec_gen.model.rules.wording import Clause, Names, join


def among_clause(pred: Among, names: Names) -> Clause:
    """equals, in, notIn: `restartPolicy is not Always`. An unset field is in no set,
    so its default is worth saying only when the default is in the set."""
    subject = names.subject(pred.ref, pred.ref.default in pred.values)
    shown = join((names.value(v) for v in pred.values), "or")
    shown = shown if len(pred.values) == 1 else f"one of {shown}"
    holds, fails = f"is {shown}", f"is not {shown}"
    return (
        Clause(subject, fails, holds) if pred.negated else Clause(subject, holds, fails)
    )


def is_set_clause(pred: IsSet, names: Names) -> Clause:
    """set: true / false. Set means not null, and not empty for strings, lists and
    maps, which is what `set` says to a reader of a manifest."""
    word = "present" if pred.present else "set"
    holds, fails = (f"is {word}", f"is not {word}")
    if not pred.flag:
        holds, fails = fails, holds
    return Clause(names.ref(pred.ref), holds, fails)


# How a pattern of literal text reads, by its anchors (Matches.literal).
_ANCHORED = {
    "whole": ("equals", "differs from"),
    "start": ("starts with", "does not start with"),
    "end": ("ends with", "does not end with"),
    "anywhere": ("contains", "does not contain"),
}


def matches_clause(pred: Matches, names: Names) -> Clause:
    subject = names.subject(pred.ref)
    if pred.format is not None:
        named = f"a {names.code(pred.format.name)} (format)"
        return Clause(subject, f"is {named}", f"is not {named}")
    if (literal := pred.literal) is not None:
        parts, anchor = literal
        shown = names.pieces(parts)
        holds, fails = _ANCHORED[anchor]
        return Clause(subject, f"{holds} {shown}", f"{fails} {shown}")
    regex = names.code(pred.regex)
    return Clause(subject, f"matches {regex}", f"does not match {regex}")


def test_clause(pred: Test, names: Names) -> Clause:
    """The named tests, as the SDK's runtime decides them."""
    dots, slash = names.code(".."), names.code("/")
    holds, fails = {
        "relativePath": (
            f"is a relative path (no leading {slash})",
            f"starts with {slash}",
        ),
        "noBacksteps": (f"has no {dots} path element", f"has a {dots} path element"),
        "integral": ("is a whole quantity", "is not a whole quantity"),
        "nonNegative": ("is not negative", "is negative"),
        "ip": ("is an IPv4 or IPv6 address", "is not an IP address"),
        "canonicalIP": (
            "is no IPv6 address outside RFC 5952's canonical form",
            "is an IPv6 address outside RFC 5952's canonical form",
        ),
        "ascending": ("is in ascending order", "is out of order"),
        "pageMultiple": (
            "is a whole multiple of the page size its key names",
            "is not a whole multiple of the page size its key names",
        ),
        "pageSize": (
            "names a page size of whole positive bytes",
            "names no page size of whole positive bytes",
        ),
        "shortSearchList": (
            "is at most 2048 bytes long when joined by spaces",
            "is over 2048 bytes long when joined by spaces",
        ),
        "cronRanges": (
            "writes each range low to high",
            "writes a range high to low",
        ),
    }[pred.name]
    return Clause(names.subject(pred.ref), holds, fails)


def selects_clause(pred: Selects, names: Names) -> Clause:
    """`selector selects the labels in template.metadata.labels`."""
    labels = f"the labels in {names.ref(pred.labels)}"
    return Clause(names.ref(pred.ref), f"selects {labels}", f"does not select {labels}")
