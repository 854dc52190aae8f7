"""The rules across fields, resolved: what every output renders.

A rule's field references and selectors are resolved against the types here, once, so
each output reads Python names, wire names, kinds and server defaults from the model and
never parses a path itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import eq, ge, gt, le, lt, ne

from podspec_gen.model.kinds import (
    Boolean,
    FreeForm,
    Integer,
    Kind,
    ListOf,
    MapOf,
    Number,
    ObjectRef,
    String,
    Time,
)
from podspec_gen.model.rules.format_words import FormatWords
from podspec_gen.model.rules.literal_text import literal_parts
from podspec_gen.spec.errors import Mark
from podspec_gen.spec.rule_records import ERROR_TYPES

# Error types whose message shows the offending value (`field.Error.ErrorBody`).
_SHOWS_VALUE = ("Invalid", "Duplicate", "NotFound", "Unsupported")


@dataclass(frozen=True)
class Step:
    """One field on a path: its names (`server`: the server's below it, if another), and
    whether the path goes into every item of a list (`each = "list"`) or map ("map")."""

    wire: str
    attr: str
    each: str = ""
    required: bool = False
    key: bool = False  # an entry of a map (`limits[memory]`), not a field
    server: str = ""  # server_paths.DROPPED: no step, and no index after it

    def read(self, var: str) -> str:
        """The Python expression reading this field of `var`. A required field may be
        unset in an object whose parse found problems (and a compiled class cannot hold
        None there), so it is read with a default."""
        if self.key:
            return f"{var}.get({self.wire!r})"
        if self.required:
            return f"getattr({var}, {self.attr!r}, None)"
        return f"{var}.{self.attr}"


@dataclass(frozen=True)
class Ref:
    """A value a rule reads: from the object checked (`base = "item"`), the rule's host
    (`"host"`), or the object itself (no steps). `default` is what the server fills in
    before validating when the field is unset or empty."""

    text: str
    # "item" | "host" | "key" / "value" (`@key`, `@value`: of the map value checked) |
    # "earlier" (a unique rule's `later`: the earlier item of its key) | "owner"
    # (`@owner.`: the object holding the list or map of the item checked)
    base: str
    steps: tuple[Step, ...]
    kind: Kind | None  # None: the object itself
    has_default: bool = False
    default: object = None
    zero_means_unset: bool = False  # 0 reads as the default too

    @property
    def wire_path(self) -> str:
        return ".".join(s.wire for s in self.steps)

    @property
    def value_kind(self) -> Kind | None:
        """The kind its values take: a named enum's or alias's base, else its kind."""
        return None if self.kind is None else self.kind.underlying

    @property
    def set_family(self) -> str:
        """What `set` means for it (spec/README.md, predicates), for every output to
        spell: "none" not null (a map's entry: Go's `_, ok := m[k]`); "string", "list",
        "map" not empty either; "falsy" not "", 0 or null (int-or-string, quantity)."""
        kind = self.value_kind
        if isinstance(kind, Integer | Number | Boolean | ObjectRef | None):
            return "none"
        if self.steps and self.steps[-1].key:
            return "none"
        if isinstance(kind, ListOf):
            return "list"
        if isinstance(kind, MapOf | FreeForm):
            return "map"
        return "string" if isinstance(kind, String | Time) else "falsy"


@dataclass(frozen=True)
class Selector:
    """Values a rule visits: a path whose steps may go into every item or value."""

    text: str
    steps: tuple[Step, ...]
    kind: Kind  # of each value selected
    type_name: str | None  # the spec type of each value, when it is an object
    base: str = "item"  # "host": from the rule's host (`$.`), in a reference's names


@dataclass(frozen=True)
class Among:
    """equals / in / notIn."""

    ref: Ref
    values: tuple[object, ...]
    negated: bool = False
    op: str = "in"


@dataclass(frozen=True)
class IsSet:
    ref: Ref
    flag: bool = True
    # `present`: not null, empty included (a Go pointer or slice the JSON wrote)
    present: bool = False

    @property
    def family(self) -> str:
        """What set means here (Ref.set_family), `none` for `present`."""
        return "none" if self.present else self.ref.set_family


@dataclass(frozen=True)
class Matches:
    ref: Ref
    regex: str
    # `{field}` placeholders of the regex: filled with that field's value, escaped
    # (only literal text around them: build_rules refuses any other pattern)
    fills: tuple[tuple[str, Ref], ...] = ()
    # `{field: f, format: name}`: the named format whose pattern `regex` is, and whose
    # server checks word a failure where the rule gives no detail of its own.
    format: FormatWords | None = None

    @property
    def literal(self) -> tuple[tuple[str | Ref, ...], str] | None:
        """A regex of literal text and `{field}` values only: its parts, and where it
        is anchored, `whole` (`^...$`), `start`, `end` or `anywhere`; None for any
        other regex. `^{path}` is a prefix, `^localhost/{profile}$` an equality:
        outputs say them plainly, and compare strings, as CEL, which cannot escape a
        value inside a regex, must."""
        return literal_parts(self.regex, dict(self.fills))


@dataclass(frozen=True)
class Test:
    ref: Ref
    name: str  # one of rule_records.NAMED_TESTS
    # pageMultiple: the key of the map entry whose value it tests
    key: Ref | None = None


@dataclass(frozen=True)
class Compare:
    ref: Ref
    op: str
    other: Ref | None = None
    number: int | float | None = None
    # The number of items of `ref` is compared (unset: none; `where`: those it holds for)
    count: bool = False
    where: Predicate | None = None

    def holds_for(self, n: int | float) -> bool:
        """Whether a left side of `n` compares so with the literal."""
        assert self.number is not None
        return compared(n, self.op, self.number)


_OPERATORS = {"<": lt, "<=": le, "==": eq, "!=": ne, ">=": ge, ">": gt}


def compared(a: int | float, op: str, b: int | float) -> bool:
    """`a op b`, for an operator of rule_records.COMPARISONS."""
    return bool(_OPERATORS[op](a, b))


@dataclass(frozen=True)
class Length:
    """The length in bytes (Go's `len`) of a text compared with a whole number: `ref`'s
    value, or the text `parts` makes of literal text and fields' values (`of:`), an
    unset string reading as Go's "" (`len(volName+":"+iscsi.TargetPortal) > 64`); a
    map of strings measures its keys and values together (ValidateAnnotationsSize);
    with `part`, a regex, only its first match in the text (none: "")."""

    ref: Ref
    op: str
    number: int
    parts: tuple[str | Ref, ...] = ()
    part: str = ""

    @property
    def measured(self) -> tuple[str | Ref, ...]:
        """The pieces of the text measured, in order."""
        return self.parts or (self.ref,)


@dataclass(frozen=True)
class Selects:
    """A label selector selects a set of labels, as the server's
    `LabelSelectorAsSelector(selector).Matches(labels.Set(labels))` decides: every
    `matchLabels` entry is a label, every `matchExpressions` requirement holds (In,
    NotIn, Exists, DoesNotExist). `ref` is a LabelSelector, or a map of labels (a
    ReplicationController's selector, every entry a label); `labels` a map of labels,
    unset read as none. An unset selector selects nothing; one the server cannot parse
    (an unknown operator, In without values, Exists with values) is not checked, as
    the server skips the match then: it holds."""

    ref: Ref
    labels: Ref


@dataclass(frozen=True)
class Join:
    """all / any of `parts`, or not (one part)."""

    op: str
    parts: tuple[Predicate, ...]


@dataclass(frozen=True)
class Indexes:
    """A text listing indexes as the Job validation's validateIndexesFormat reads it
    ("1,3-5,8": comma-separated indexes or ranges `x-y`, each a decimal integer, every
    one above the one before it). Without `count`: the text parses so and every index
    compares with the bound (`op` is `<` or `<=`); with `count`: the number of indexes
    it lists (none when it does not parse so) compares with it. The bound is `other`'s
    value (unset: holds) or `number`; an unset or empty text lists none."""

    ref: Ref
    op: str
    other: Ref | None = None
    number: int | None = None
    count: bool = False


Predicate = Among | IsSet | Matches | Test | Compare | Length | Indexes | Selects | Join


def refs(pred: Predicate) -> list[Ref]:
    """The values a predicate reads itself: a count's list, not what its `where`
    reads in the list's items."""
    if isinstance(pred, Join):
        return [r for p in pred.parts for r in refs(p)]
    if isinstance(pred, Compare | Indexes) and pred.other is not None:
        return [pred.ref, pred.other]
    if isinstance(pred, Selects):
        return [pred.ref, pred.labels]
    if isinstance(pred, Length):
        return [pred.ref, *(p for p in pred.parts if isinstance(p, Ref))]
    return [pred.ref]


def reads_earlier(pred: Predicate) -> bool:
    """Whether the predicate reads the earlier item (`^.f`), its regexes included."""
    if isinstance(pred, Join):
        return any(reads_earlier(p) for p in pred.parts)
    read = (
        [*refs(pred), *(r for _, r in pred.fills)]
        if isinstance(pred, Matches)
        else refs(pred)
    )
    return any(r.base == "earlier" for r in read)


@dataclass(frozen=True)
class Summed:
    """Objects whose maps a compareMaps `total` adds up: those `selector` picks, where
    `where` holds for them; with `before`, only the items of the rule's `each` list
    that come before the object checked (`^`: AggregateContainerRequests' sidecars
    started before an init container)."""

    selector: Selector
    where: Predicate | None = None
    before: bool = False


@dataclass(frozen=True)
class Aggregate:
    """`{total}`: AggregateContainerRequests of `containers` and `init` (sidecars)."""

    containers: Selector
    init: Selector
    sidecar: Predicate


@dataclass(frozen=True)
class MapComparison:
    left: Ref
    right: Ref
    keys: str  # "all" | "overcommit" | "exact"
    op: str  # "<=" | "==" | "present"
    # With `total`, `left` is read in each object the selectors pick (where `where`
    # holds), the maps added up key by key, and the sums compared with `right`.
    total: tuple[Summed, ...] = ()
    aggregate: Aggregate | None = None

    @property
    def total_is_own(self) -> bool:
        """`total: ['@']`: the comparison without a total, reported at `right`'s key."""
        return (
            len(self.total) == 1
            and not self.total[0].selector.steps
            and self.total[0].where is None
        )


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    host: str
    error: str
    detail: str
    source: str
    level: str
    each: Selector | None
    when: Predicate | None
    at: Ref | None
    # assert: the field whose value the message shows, if not the one reported at
    shows: Ref | None = None
    fields: tuple[Ref, ...] = ()
    lists: tuple[Selector, ...] = ()
    key: tuple[Ref, ...] = ()
    # reference: the items whose `name_key` field (or themselves) are the names, or
    # (`nameAs`) whose fields and literal text in `name_parts` make each name
    names: tuple[Selector, ...] = ()
    name_key: Ref | None = None
    name_parts: tuple[str | Ref, ...] = ()
    # `{field}` placeholders of `detail`: (placeholder, the field it shows)
    fills: tuple[tuple[str, Ref], ...] = ()
    # `{$.items[*].key}` placeholders: (placeholder, the list, the field of each item)
    joins: tuple[tuple[str, Selector, Ref | None], ...] = ()
    where: Predicate | None = None
    # unique: a duplicate counts only if this holds; when it reads the earlier item
    # (`^.hostPort`), each later item is compared with every earlier one of its key
    later: Predicate | None = None
    at_item: bool = False  # unique, reference: reported at the item, as the server does
    at_key: Ref | None = None  # unique: reported at this field of its composite key
    absent: bool = False  # reference: each value must be none of the names
    report: str = ""
    # atMostOne at each later field: (wire path, the server's name for it) (cephFS)
    server_names: tuple[tuple[str, str], ...] = ()
    show: str | None = None
    check: Predicate | None = None
    maps: MapComparison | None = None
    valid: object = None
    invalid: object = None
    invalid_also: tuple[str, ...] = ()  # other rules the invalid example breaks
    # the server's path, where it passes another than the item's (`_rt.server_path`):
    # `noIndex`, `list`, `noList`, `noItem`, `parent`, `host`, or one spelled out
    server_path: str = ""
    mark: Mark = field(default=Mark("", 0, 0), compare=False, repr=False)

    @property
    def heading(self) -> str:
        """How the server's message starts: `Invalid value`, `Forbidden`..."""
        return ERROR_TYPES[self.error]

    @property
    def shows_value(self) -> bool:
        return self.error in _SHOWS_VALUE

    @property
    def pairwise(self) -> bool:
        """A unique rule whose `later` compares two items (reads `^.` fields)."""
        return self.later is not None and reads_earlier(self.later)

    @property
    def is_warning(self) -> bool:
        return self.level == "warning"

    @property
    def worded_by(self) -> FormatWords | None:
        """The format whose server checks word the rule's failures, one problem for
        each check failed: an assert of a format alone, with no detail of its own."""
        check = self.check
        if isinstance(check, Matches) and check.format is not None and not self.detail:
            return check.format
        return None

    @property
    def message_shape(self) -> str:
        """The message as the server writes it, with `<value>` for the value shown; a
        warning is its text alone, as warnings.go writes it. A rule worded by its
        format says what the format wants, where the server names the check failed."""
        if self.is_warning:
            return self.detail
        head = f"{self.heading}: <value>" if self.shows_value else self.heading
        worded = self.worded_by
        detail = worded.message if worded is not None else self.detail
        return f"{head}: {detail}" if detail else head
