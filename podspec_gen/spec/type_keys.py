"""The keys a spec type and a spec field may hold, each with its checker (spec/README.md
lists what each means)."""

from __future__ import annotations

from podspec_gen.spec.extras import sequence
from podspec_gen.spec.range_error import range_error
from podspec_gen.spec.rule_records import SERVER_PATH_MODES
from podspec_gen.spec.shape import (
    Key,
    boolean,
    json_value,
    mapping,
    non_negative_integer,
    nonempty_string,
    number,
    one_line,
    one_of,
    string,
    string_list,
)
from podspec_gen.spec.values import field_name, patch_strategy, pattern, schema_format

SCALAR_KINDS = ("string", "integer", "quantity", "int-or-string", "object")
ENUM_SCALARS = ("string", "integer")

FIELD_KEYS = {
    "type": Key(nonempty_string, required=True),
    "description": Key(nonempty_string, required=True),
    "required": Key(boolean),
    "serverRequired": Key(boolean),
    "serverOptional": Key(boolean),
    "default": Key(json_value),
    "enum": Key(mapping),
    "deprecated": Key(nonempty_string),
    "immutable": Key(boolean),
    "minimum": Key(number),
    "maximum": Key(number),
    # What the server says of a value outside them (spec/range_error.py).
    "rangeError": Key(range_error),
    # What the server says of the field empty (and, required, absent): its Required
    # value's detail, '' for none.
    "requiredError": Key(string),
    # What the server says of a value outside the enum where it is no NotSupported:
    # its Invalid value's detail.
    "enumError": Key(one_line),
    "pattern": Key(pattern),
    "minItems": Key(non_negative_integer),
    "maxItems": Key(non_negative_integer),
    "listType": Key(one_of("atomic", "set", "map")),
    "listMapKeys": Key(string_list),
    "patchStrategy": Key(patch_strategy),
    "patchMergeKey": Key(one_line),
    "mapType": Key(one_of("atomic", "granular")),
    "format": Key(one_line),
    "snippets": Key(sequence),
    "sources": Key(mapping),
    # Our correction or addition to upstream's description, which stays as upstream
    # writes it (sync compares it): shown after it in every output.
    "note": Key(nonempty_string),
    # The server checks the pattern only on a non-empty value (`if len(x) > 0`).
    "emptyAllowed": Key(boolean),
    # The server says no Required of the field: its format's checks alone judge an
    # empty or absent value, Go's "" (ValidateQualifiedName's "name part must be
    # non-empty").
    "formatJudgesEmpty": Key(boolean),
    # The Go field is no pointer: 0 means unset, and the default replaces it.
    "zeroMeansUnset": Key(boolean),
    # A controller makes each item (a claim template) a volume of every pod it makes,
    # named by the item's metadata.name: the pod spec may mount it undeclared.
    "podVolumes": Key(boolean),
    # A feature gate of the spec's `featureGates:` the field is behind.
    "gate": Key(one_line),
    # The name the server's paths give the field below it, where it differs:
    # validateVolumeSource checks gcePersistentDisk at `Child("persistentDisk")`.
    "serverName": Key(field_name),
    # Where the server reports what its checks of the field's value find (format,
    # enum, required), where that is not the field: a cut of its path, named as a
    # rule's `serverPath` names one (validateSchedulingGates checks each gate's name
    # at `Index(i)`: `parent`).
    "serverPath": Key(one_of(*(m for m in SERVER_PATH_MODES if m != "host"))),
}

TYPE_KEYS = {
    "description": Key(nonempty_string, required=True),
    "upstream": Key(one_line),
    "fields": Key(mapping),
    "scalar": Key(one_of(*SCALAR_KINDS)),
    "format": Key(schema_format),
    "mapType": Key(one_of("atomic", "granular")),
    "enum": Key(mapping),
    "snippets": Key(sequence),
    # Where the server decides a named enum's values.
    "source": Key(one_line),
    # The server's rules across fields (spec/README.md, "Rules").
    "rules": Key(sequence),
    # A manifest kind: the type's name is the kind, of this API version.
    "apiVersion": Key(one_line),
    # A manifest kind's API versions no server of the spec's release serves.
    "removedVersions": Key(mapping),
    # A manifest kind's pod spec fields the server empties before it validates them.
    "serverClears": Key(mapping),
    # Written by the system (a status): accepted unchecked, as `scalar: object`.
    "readOnly": Key(boolean),
}
