"""Which lists of objects take a null item, as the API server does.

Go's JSON decoder reads `imagePullSecrets: [null]` as one `LocalObjectReference{}`:
the item type's zero value, which validation then checks like any other. So a null
item is valid exactly where the zero value is: the type has no field a document must
set, and none of its error rules can fire on an object that sets nothing (a rule that
waits for a field set never does: `triggers.trigger`, nor does one that needs two
fields set or one it forbids). Warnings do not matter here.
"""

from __future__ import annotations

from dataclasses import replace

from podspec_gen.model.rules.triggers import trigger
from podspec_gen.model.types import Field, Group, Spec, TypeDef

# Rule kinds that find nothing wrong in an object that sets nothing: they need two
# fields set, a field they forbid, or items to compare.
_NEED_SET = ("atMostOne", "forbid", "unique", "reference")


def zero_valid(spec: Spec) -> frozenset[str]:
    """The object types whose zero value ({}) the server accepts."""
    firing = {
        r.host
        for r in spec.rules
        if r.level == "error" and r.kind not in _NEED_SET and trigger(r) is None
    }
    return frozenset(
        t.name
        for t in spec.types
        if t.is_object
        and t.name not in firing
        and not any(f.must_be_set for f in t.fields)
    )


def mark_null_items(spec: Spec) -> Spec:
    """The spec with `null_items` set on every list of objects whose zero value the
    server accepts."""
    ok = zero_valid(spec)

    def field(f: Field) -> Field:
        item = f.type.item
        if f.type.kind != "list" or item is None or item.kind != "ref":
            return f
        return replace(f, null_items=True) if item.name in ok else f

    def typedef(t: TypeDef) -> TypeDef:
        fields = tuple(field(f) for f in t.fields)
        return t if fields == t.fields else replace(t, fields=fields)

    def group(g: Group) -> Group:
        return replace(g, types=tuple(typedef(t) for t in g.types))

    groups = tuple(group(g) for g in spec.groups)
    types = tuple(t for g in groups for t in g.types)
    root = next(t for t in types if t.name == spec.root.name)
    return replace(spec, groups=groups, types=types, root=root)
