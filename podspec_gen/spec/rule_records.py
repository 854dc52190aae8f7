"""Raw records of the API server's rules across fields, as a type's `rules:` writes them.

Field references and selectors stay text here; the model resolves them against the
types (`podspec_gen/model/rules/`), where a name that matches no field is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from podspec_gen.spec.errors import Mark

JSON = object

# The Go field.ErrorType a rule reports, and how the server's message starts.
ERROR_TYPES = {
    "Required": "Required value",
    "Forbidden": "Forbidden",
    "Invalid": "Invalid value",
    "Duplicate": "Duplicate value",
    "NotFound": "Not found",
    "Unsupported": "Unsupported value",
    "TooMany": "Too many",
    "TooLong": "Too long",
}
RULE_KINDS = (
    "unique",
    "reference",
    "atMostOne",
    "atLeastOne",
    "require",
    "forbid",
    "assert",
    "compareMaps",
)
# The named forms of a rule's `serverPath`, each a cut of the reported path
# (`_rt.server_path`); any other value spells the path out (`_rt.server_at`).
SERVER_PATH_MODES = ("noIndex", "list", "noList", "noItem", "parent", "host")
COMPARISONS = ("<", "<=", "==", "!=", ">=", ">")
NAMED_TESTS = (
    "relativePath",
    "noBacksteps",
    "integral",
    "nonNegative",
    "ip",
    "canonicalIP",
    "pageMultiple",
    "pageSize",
    "ascending",
    "shortSearchList",
    "cronRanges",
)


@dataclass(frozen=True)
class RawPredicate:
    """One predicate: `op` is the key that names it (equals, in, notIn, set, matches,
    format, is, compare, count, length, indexes, indexCount, selects) or a combination
    (all, any, not) of `parts`.
    """

    op: str
    mark: Mark
    field: str = ""
    values: tuple[JSON, ...] = ()  # equals (one), in, notIn
    flag: bool = True  # set
    # matches: the regex; format: its name; is: the test; the others: the operator
    text: str = ""
    # compare, indexes, indexCount: the field compared with; selects: the labels
    other: str | None = None
    number: int | float | None = None  # the literal compared with
    parts: tuple[RawPredicate, ...] = ()  # all, any, not; count: its `where`
    of: str = (
        ""  # length: the text measured, `{field}` placeholders in it (default: the field)
    )
    part: str = ""  # length: a regex; its first match in the text is what is measured


@dataclass(frozen=True)
class RawSummed:
    selector: str
    mark: Mark
    where: RawPredicate | None = None


@dataclass(frozen=True)
class RawAggregate:
    """compareMaps' `aggregate`: the containers and init containers (from the host)
    whose maps the server's aggregate is made of, and which init containers are
    sidecars."""

    containers: str
    init: str
    sidecar: RawPredicate
    mark: Mark


@dataclass(frozen=True)
class RawMapComparison:
    left: str
    right: str
    keys: str  # "all" | "overcommit" | "exact"
    op: str  # "<=" | "==" | "present"
    # Selectors of objects, each with the `where` its objects must meet: `left` is read
    # in each object and the maps added up key by key.
    total: tuple[RawSummed, ...] = ()
    aggregate: RawAggregate | None = None


@dataclass(frozen=True)
class RawParams:
    """What a rule's kind key holds; each kind fills in its own."""

    fields: tuple[tuple[str, Mark], ...] = ()  # atMostOne, atLeastOne, require, forbid
    lists: tuple[tuple[str, Mark], ...] = ()  # unique: lists; reference: values
    key: tuple[str, ...] = ()  # unique
    names: tuple[tuple[str, Mark], ...] = ()  # reference
    where: RawPredicate | None = None  # unique, reference
    later: RawPredicate | None = None  # unique: what makes a later duplicate count
    at_item: bool = False  # unique, reference: reported at the item, not its key
    at_key: str = ""  # unique: reported at this field of a composite key
    absent: bool = False  # reference: the values must be none of the names
    name_as: str = ""  # reference: each name made of its item's fields (placeholders)
    report: str = ""  # unique: later|first|once; atMostOne: object|later
    # atMostOne at each field after the first: (field, the server's name for it in its path)
    server_names: tuple[tuple[str, str], ...] = ()
    show: str | None = None  # unique: the server's form of a composite key's value
    check: RawPredicate | None = None  # assert
    maps: RawMapComparison | None = None  # compareMaps


@dataclass(frozen=True)
class RawRule:
    id: str
    kind: str  # one of RULE_KINDS
    host: str  # the type whose `rules:` holds it
    mark: Mark
    kind_mark: Mark
    error: str  # a key of ERROR_TYPES
    source: str
    params: RawParams
    detail: str = ""
    level: str = "error"  # "error" | "warning"
    each: str | None = None
    each_mark: Mark | None = None
    when: RawPredicate | None = None
    at: str | None = None
    at_mark: Mark | None = None
    shows: str | None = None  # assert: the field whose value the message shows
    shows_mark: Mark | None = None
    valid: JSON = None
    invalid: JSON = None
    invalid_also: tuple[tuple[str, Mark], ...] = ()  # other rule ids, with positions
    # noIndex, list, noList, noItem, parent, host: the server's path
    server_path: str = ""
    server_path_mark: Mark | None = None
    kinds: tuple[str, ...] = ()  # kindRules: the kinds that hold it (none: all)
    kinds_mark: Mark | None = None
