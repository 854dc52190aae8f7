"""Turn the raw rules into resolved model rules, reporting every name that does not fit.

Each problem points at the rule (or the predicate) in its spec file, like every other
meaning check, so a misspelt field in a rule is `spec/x.yaml:12:9: rule 'id': ...`.
"""

from __future__ import annotations

from dataclasses import replace

from podspec_gen.model.kinds import Kind, ListOf, MapOf, ObjectRef, Quantity, String
from podspec_gen.model.rules.build_details import (
    PLACEHOLDER,
    detail_fills,
    detail_joins,
)
from podspec_gen.model.rules.build_formats import format_predicate
from podspec_gen.model.rules.build_maps import build_maps
from podspec_gen.model.rules.build_numbers import comparison, index_list
from podspec_gen.model.rules.build_selects import is_labels, label_selection
from podspec_gen.model.rules.paths import (
    EARLIER,
    HOST,
    OWNER,
    VALUE,
    PathError,
    object_type,
    owner_type,
    resolve_ref,
    resolve_selector,
)
from podspec_gen.model.rules.pred_reads import primary
from podspec_gen.model.rules.rule_error import RuleError
from podspec_gen.model.rules.server_paths import check_spelled
from podspec_gen.model.rules.vocab import (
    Among,
    Compare,
    IsSet,
    Join,
    Length,
    Matches,
    Predicate,
    Ref,
    Rule,
    Selector,
    Test,
    reads_earlier,
)
from podspec_gen.model.types import Spec, TypeDef
from podspec_gen.spec.errors import Mark, Problem
from podspec_gen.spec.rule_records import RawPredicate, RawRule

# Where a problem is reported is a field of the item checked (or of the host): the
# object holding the item is only read.
_OWNER_READ_ONLY = "'@owner.' is read, never reported at: report at a field of the item"


def build_rules(
    spec: Spec, raw_rules: list[RawRule], problems: list[Problem]
) -> tuple[Rule, ...]:
    """Every rule resolved, in spec order; a rule that does not fit is reported."""
    rules: list[Rule] = []
    seen: dict[str, Mark] = {}
    for raw in raw_rules:
        if raw.id in seen:
            first = seen[raw.id]
            problems.append(
                Problem(
                    raw.mark,
                    f"rule '{raw.id}': duplicate id (first at {first.file}:{first.line})",
                )
            )
            continue
        seen[raw.id] = raw.mark
        try:
            rule = _Builder(spec, raw).build()
            check_spelled(rule, spec.type(raw.host), raw.server_path_mark or raw.mark)
            rules.append(rule)
        except RuleError as exc:
            problems.append(Problem(exc.mark, f"rule '{raw.id}': {exc}"))
    for raw in raw_rules:
        for name, mark in raw.invalid_also:
            if name not in seen or name == raw.id:
                said = f"rule '{raw.id}': invalidAlso: '{name}' names no other rule"
                problems.append(Problem(mark, said))
    return tuple(rules)


class _Builder:
    def __init__(self, spec: Spec, raw: RawRule) -> None:
        self.spec = spec
        self.raw = raw
        self.host = spec.type(raw.host)
        self.earlier_readable = False  # while building a unique rule's `later`
        # While building a count's `where` over a map: `@key` is the counted key.
        self.counting_keys = False
        # The kind of the plain values (not objects) '@' reads where the rule visits
        # them: a string's `set` is then not empty, as for any string field.
        self.plain: Kind | None = None

    def build(self) -> Rule:
        raw = self.raw
        each = None
        item: TypeDef | None = self.host
        if raw.each is not None:
            each = self.selector(self.host, raw.each, raw.each_mark or raw.mark)
            item = self._type_of(each, raw.each_mark or raw.mark)
            if item is None:
                self.plain = each.kind
        when = self.predicate(raw.when, item) if raw.when else None
        at = self.ref(item, raw.at, raw.at_mark or raw.mark) if raw.at else None
        if at is not None and at.base == "owner":
            raise RuleError(raw.at_mark or raw.mark, _OWNER_READ_ONLY)
        params = raw.params
        base = Rule(
            id=raw.id,
            kind=raw.kind,
            host=raw.host,
            error=raw.error,
            detail=raw.detail,
            source=raw.source,
            level=raw.level,
            each=each,
            when=when,
            at=at,
            report=params.report,
            show=params.show,
            valid=raw.valid,
            invalid=raw.invalid,
            invalid_also=tuple(name for name, _ in raw.invalid_also),
            server_path=raw.server_path,
            mark=raw.mark,
        )
        start = item if item is not None else self.host
        base = replace(base, fills=detail_fills(self, item), joins=detail_joins(self))
        kind_mark = raw.kind_mark
        if raw.kind in ("require", "forbid", "atMostOne", "atLeastOne"):
            fields = tuple(self.ref(item, name, mark) for name, mark in params.fields)
            for ref, (_, mark) in zip(fields, params.fields, strict=True):
                if ref.base == "owner":
                    raise RuleError(mark, _OWNER_READ_ONLY)
            written = {ref.text: ref.wire_path for ref in fields}
            renamed = tuple((written[f], name) for f, name in params.server_names)
            return replace(base, fields=fields, server_names=renamed)
        if raw.shows is not None and raw.kind != "assert":
            raise RuleError(raw.shows_mark or raw.mark, "only an assert has 'shows'")
        if raw.kind == "assert":
            assert params.check is not None
            check = self.predicate(params.check, item)
            subject = primary(check)
            if at is None and subject is None:
                raise RuleError(kind_mark, "an assert over several fields needs 'at'")
            if at is None and subject is not None and subject.base == "owner":
                raise RuleError(kind_mark, _OWNER_READ_ONLY)
            shows = None
            if raw.shows is not None:
                shows = self.ref(item, raw.shows, raw.shows_mark or raw.mark)
            return replace(base, check=check, shows=shows)
        if raw.kind == "compareMaps":
            return replace(base, maps=build_maps(self, start))
        lists = tuple(self.selector(start, text, mark) for text, mark in params.lists)
        if raw.kind == "reference":
            return self._reference(base, start, lists)
        item_type = self._common_type(lists, kind_mark)
        if item_type is None and lists:
            self.plain = lists[0].kind
        where = self.predicate(params.where, item_type) if params.where else None
        self.earlier_readable = True
        later = self.predicate(params.later, item_type) if params.later else None
        self.earlier_readable = False
        if later is not None and len(lists) != 1 and not reads_earlier(later):
            raise RuleError(kind_mark, "'later' takes one list, unless it reads '^.'")
        key = tuple(self.ref(item_type, k, kind_mark) for k in params.key)
        if not key and item_type is not None and not (later and reads_earlier(later)):
            said = "items that are objects need a 'key', or a 'later' that reads '^.'"
            raise RuleError(kind_mark, said)
        if params.report == "once" and not (later and reads_earlier(later)):
            raise RuleError(kind_mark, "'report: once' needs a 'later' that reads '^.'")
        at_key = next((r for r in key if r.text == params.at_key), None)
        if params.at_key and (at_key is None or len(key) < 2):
            said = f"'at: {params.at_key}' names no field of a composite key"
            raise RuleError(kind_mark, said)
        return replace(
            base,
            lists=lists,
            key=key,
            where=where,
            later=later,
            at_item=params.at_item,
            at_key=at_key,
        )

    def _reference(
        self, base: Rule, start: TypeDef, values: tuple[Selector, ...]
    ) -> Rule:
        names: list[Selector] = []
        keys: list[Ref | None] = []
        item: TypeDef | None = None
        for text, mark in self.raw.params.names:
            items_text, _, key_text = text.rpartition(".")
            if not items_text.endswith(("[*]", "{*}")):
                items_text, key_text = text, ""
            if items_text.startswith(HOST):
                # From the host, inside an `each`: the other lists of a pod spec.
                found = self.selector(self.host, items_text[len(HOST) :], mark)
                names.append(replace(found, text=items_text, base="host"))
            else:
                names.append(self.selector(start, items_text, mark))
            item = self._type_of(names[-1], mark)
            keys.append(self.ref(item, key_text, mark) if key_text else None)
        if len({k.text if k else "" for k in keys}) > 1:
            mark = self.raw.params.names[0][1]
            raise RuleError(mark, "the names must be the same field of each list")
        if self.raw.params.name_as and keys[0] is not None:
            mark = self.raw.params.names[0][1]
            raise RuleError(mark, "with 'nameAs' the names are whole items ([*])")
        where = None
        if self.raw.params.where is not None:
            if item is None and names:
                self.plain = names[-1].kind  # the names are plain values
            where = self.predicate(self.raw.params.where, item)
        for selector in values:
            # The item is the one holding the value: an item of the value's list, or
            # the `each` rule's own item when the value is one of its fields.
            own = base.each is not None and len(selector.steps) == 1
            if self.raw.params.at_item and (
                selector.steps[-1].each
                or not (own or any(s.each for s in selector.steps))
            ):
                raise RuleError(
                    self.raw.kind_mark,
                    "'at: item' needs values that are fields of items",
                )
        return replace(
            base,
            lists=values,
            names=tuple(names),
            name_key=keys[0],
            name_parts=self._pieces(self.raw.params.name_as, item, self.raw.kind_mark),
            where=where,
            at_item=self.raw.params.at_item,
            absent=self.raw.params.absent,
        )

    def _type_of(self, selector: Selector, mark: Mark) -> TypeDef | None:
        return object_type(self.spec, selector.kind)

    def _common_type(self, lists: tuple[Selector, ...], mark: Mark) -> TypeDef | None:
        types = {s.type_name for s in lists}
        if None in types and len(types) > 1:
            raise RuleError(mark, "mixes lists of objects and lists of values")
        first = object_type(self.spec, lists[0].kind)
        return first

    def selector(self, start: TypeDef, text: str, mark: Mark) -> Selector:
        try:
            return resolve_selector(self.spec, start, text)
        except PathError as exc:
            raise RuleError(mark, str(exc)) from None

    def ref(self, item: TypeDef | None, text: str, mark: Mark) -> Ref:
        if text.startswith(EARLIER) and not self.earlier_readable:
            raise RuleError(
                mark,
                f"'{text}': '^.' reads the earlier item, only in a unique's 'later'",
            )
        each = self.raw.each
        if self.counting_keys and text == "@":
            # The SDK and CEL both walk a map by its keys: no entry's value is at hand.
            raise RuleError(mark, "'@': a count's `where` over a map reads '@key'")
        keyed = each is not None and each.endswith("{*}")
        if text == "@key" and not (keyed or self.counting_keys):
            raise RuleError(mark, "'@key' needs an `each` that ends in {*}")
        if text == VALUE:
            if not (keyed or (each is not None and each.endswith("[*]"))):
                raise RuleError(
                    mark, "'@value' needs an `each` that ends in {*} or [*]"
                )
            assert each is not None
            kind = self.selector(self.host, each, mark).kind
            if isinstance(kind, ObjectRef):
                raise RuleError(mark, "'@value' reads a plain value, not an object")
            return Ref(text, "value", (), kind)
        try:
            owner = None
            if text.startswith(OWNER) and each is not None:
                owner = owner_type(self.spec, self.host, each)
            found = resolve_ref(self.spec, item, self.host, text, owner)
        except PathError as exc:
            raise RuleError(mark, str(exc)) from None
        if found.kind is None and not found.steps and item is None:
            # '@' (or '^.@') of a plain value: read as what it is.
            return replace(found, kind=self.plain)
        return found

    def predicate(self, raw: RawPredicate, item: TypeDef | None) -> Predicate:
        if raw.op in ("all", "any", "not"):
            return Join(raw.op, tuple(self.predicate(p, item) for p in raw.parts))
        ref = self.ref(item, raw.field, raw.mark)
        if raw.op in ("equals", "in", "notIn"):
            for value in raw.values:
                if ref.kind is not None and not ref.kind.accepts(value):
                    raise RuleError(
                        raw.mark,
                        f"'{ref.text}' never holds {value!r} (it is {ref.kind.describe})",
                    )
            return Among(ref, raw.values, raw.op == "notIn", raw.op)
        if raw.op == "set":
            return IsSet(ref, raw.flag)
        if raw.op == "present":
            return IsSet(ref, raw.flag, present=True)
        if raw.op == "matches":
            fills = tuple(
                (name, self.ref(item, name, raw.mark))
                for name in PLACEHOLDER.findall(raw.text)
            )
            made = Matches(ref, raw.text, fills)
            if fills and made.literal is None:
                # Neither CEL nor JSON Schema can escape a value inside a regex.
                said = "a pattern with {field} values may hold only literal text"
                raise RuleError(raw.mark, f"{said} (escaped) besides '^' and '$'")
            return made
        if raw.op == "format":
            return format_predicate(self.spec, ref, raw)
        if raw.op == "is":
            if raw.text != "pageMultiple":
                return Test(ref, raw.text)
            # The page size is read from the key (hugepages-<size>) of the map entry.
            each = self.raw.each or ""
            kind = self.selector(self.host, each, raw.mark).kind if each else None
            if (
                ref.text != "@"
                or not each.endswith("{*}")
                or not isinstance(kind, Quantity)
            ):
                said = "'pageMultiple' tests '@' in an `each` over a map of quantities"
                raise RuleError(raw.mark, said)
            return Test(ref, raw.text, self.ref(item, "@key", raw.mark))
        if raw.op == "selects":
            assert raw.other is not None
            labels = self.ref(item, raw.other, raw.mark)
            return label_selection(self.spec, ref, labels, raw.mark)
        if raw.op == "count":
            kind = ref.value_kind
            if not isinstance(kind, ListOf | MapOf):
                raise RuleError(raw.mark, f"'{ref.text}' is not a list or a map")
            where = None
            if raw.parts:
                # Objects are read by their fields, plain values as '@', and the
                # entries of a map by their keys, as '@key'.
                keys = isinstance(kind, MapOf)
                items = None if keys else object_type(self.spec, kind.element)
                outer, self.counting_keys = self.counting_keys, keys
                plain = self.plain
                if not keys and items is None:
                    self.plain = kind.element
                try:
                    where = self.predicate(raw.parts[0], items)
                finally:
                    self.counting_keys, self.plain = outer, plain
            return Compare(ref, raw.text, None, raw.number, count=True, where=where)
        if raw.op == "length":
            return self._length(ref, raw, item)
        other = self.ref(item, raw.other, raw.mark) if raw.other else None
        if raw.op in ("indexes", "indexCount"):
            return index_list(ref, other, raw)
        return comparison(ref, other, raw)

    def _length(self, ref: Ref, raw: RawPredicate, item: TypeDef | None) -> Length:
        """The bytes of a string, or of the text `of` makes of fields' values."""
        parts = self._pieces(raw.of, item, raw.mark)
        made = Length(ref, raw.text, int(raw.number or 0), parts, raw.part)
        for read in (r for r in made.measured if isinstance(r, Ref)):
            if not (isinstance(read.value_kind, String) or is_labels(read)):
                raise RuleError(raw.mark, f"'{read.text}' is no string or map of them")
        return made

    def _pieces(
        self, text: str, item: TypeDef | None, mark: Mark
    ) -> tuple[str | Ref, ...]:
        """A text's literal pieces and `{field}` values, in order."""
        pieces = enumerate(PLACEHOLDER.split(text) if text else [])
        return tuple(self.ref(item, p, mark) if i % 2 else p for i, p in pieces if p)
