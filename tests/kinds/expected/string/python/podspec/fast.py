from . import _runtime as _rt
from . import manifests as _manifests
from ._runtime import KUBERNETES_VERSION, Problem, ValidationError
from .manifests import Unchecked, UncheckedWarning
from .quantity import QUANTITY as _QUANTITY
from .names import PYTHON_TO_WIRE as _WIRE
...
class PodSpec(_Model, kw_only=True, rename=_WIRE["PodSpec"]):
    """The root."""

    sample: Sample | None = None
    meta: ObjectMeta | None = None


class Sample(_Model, kw_only=True, rename=_WIRE["Sample"]):
    """The type under test."""

    name: str
    note: str | None = None


class ObjectMeta(_Model, kw_only=True, rename=_WIRE["ObjectMeta"]):
    """Metadata."""

    name: str | None = None
    labels: dict[str, str] | None = None


# The rules' walkers (`_rules.py`, shared with the dataclass SDK) read a deprecated
# field through `_<attr>_slot`, the dataclass SDK's name for its raw storage, where the
# field itself is a property: here both names read the same slot.
for _cls, _name in ():
    setattr(_cls, f"_{_name}_slot", _cls.__dict__[_name])


def _check_pod_spec(obj: PodSpec) -> None:
    if obj.sample is not None:
        _check_sample(obj.sample)


def _check_sample(obj: Sample) -> None:
    if not (
        _SAMPLE_NAME_SEEN[obj.name]
        if obj.name in _SAMPLE_NAME_SEEN
        else _rt.learn(_SAMPLE_NAME_SEEN, _SAMPLE_NAME_PATTERN, obj.name)
    ):
        _mismatch("name", obj.name, "must match the pattern ^[a-z]+$")


# The fields a document must give, by class, though msgspec would default them: a
# kind's apiVersion and kind, as the dataclass SDK and the schema require them.
_CONSTS: dict[type[_Model], tuple[str, ...]] = {}

Manifest: TypeAlias = Never
"""An object of a kind this flavour models."""

KINDS: dict[str, type[Manifest]] = {}


# The checks from_dict runs after msgspec, by class: patterns, at most one of some
# fields, and the same for every object inside.
_CHECKS: dict[type[_Model], Callable[[Any], None]] = {
    PodSpec: _check_pod_spec,
    Sample: _check_sample,
}
