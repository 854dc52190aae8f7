"""The generated SDK (`podspec`) as the one engine for the API server's rules across
fields: validate parses each pod spec with the SDK's `PodSpec.from_dict`, whose
generated walkers check every rule of the spec, instead of evaluating the rules again.

The SDK is loaded from its folder (by default `python/` beside the schema's folder, as
generate writes them) under a private module name: the `podspec` a caller may have
imported (another build, another checkout) is neither used nor replaced.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

PACKAGE = "podspec"
# generate writes generated/jsonschema/ and generated/python/ side by side.
SDK_BESIDE_SCHEMA = Path("..") / "python"
# What validate asks of the package, by module; an SDK generated before the rules
# engine lacks some of it, and is refused rather than silently checking no rule.
NEEDED = {
    "": ("PodSpec", "ValidationError", "PodSpecWarning"),
    ".manifests": ("controller_volumes", "as_made"),
}

# `str(problem)` of a warning, as the SDK issues it: `path: message [rule-id]`.
_WARNING = re.compile(r"^(?P<path>.*?): (?P<message>.*) \[(?P<rule>[^\[\]]+)\]$", re.S)
_ROOT = "(root)"  # how the SDK writes the empty path


class SdkError(Exception):
    """The SDK cannot be loaded, or failed on an input (a bug in the generated code);
    the message says why, in one line."""


@dataclass(frozen=True)
class RuleProblem:
    """A broken rule, at the SDK's JSON path relative to the pod spec
    (`containers[0].ports[1].hostPort`, `resources.limits.cpu`)."""

    path: str
    message: str
    rule: str  # the rule's id ("" only for a warning not in the SDK's form)
    warning: bool = False


def default_folder(schema: Path) -> Path:
    """The SDK folder generate writes beside the schema's folder."""
    return (schema.parent / SDK_BESIDE_SCHEMA).resolve()


class Sdk:
    """The loaded package, reduced to what validate asks of it."""

    def __init__(self, package: ModuleType, manifests: ModuleType) -> None:
        self.pod_spec: Any = package.PodSpec
        self.validation_error: type[Exception] = package.ValidationError
        self.warning: type[Warning] = package.PodSpecWarning
        self._controller_volumes: Any = manifests.controller_volumes
        self._as_made: Any = manifests.as_made

    def controller_volumes(self, kind: str, workload: dict[str, Any]) -> list[Any]:
        """The volumes a workload's controller adds to the pods it creates (a
        StatefulSet: one per claim template), as the SDK's manifest loader adds them."""
        return list(self._controller_volumes(kind, workload))

    def as_made(
        self, spec: dict[str, Any], added: list[Any]
    ) -> tuple[dict[str, Any], frozenset[int]]:
        """The pod spec with the controller's volumes, and the indices they take, as
        the SDK's manifest loader checks it."""
        checked, synthetic = self._as_made(spec, added)
        return checked, frozenset(synthetic)

    def rule_problems(self, spec: dict[str, Any]) -> list[RuleProblem]:
        """The rules `spec` breaks, errors and warnings; problems of single fields are
        left out (the schema check reports them, in its own words). Raises SdkError
        when the SDK fails on the input (a bug in the generated code)."""
        with warnings.catch_warnings(record=True) as issued:
            warnings.simplefilter("always")
            try:
                # lenient: unknown keys are the schema check's to report, and would
                # otherwise silence the rules' warnings (issued only on valid input).
                self.pod_spec.from_dict(spec, lenient=True)
                errors: tuple[Any, ...] = ()
            except self.validation_error as exc:
                errors = tuple(getattr(exc, "problems", ()))
            except Exception as exc:  # foreign code: one line, not a traceback
                raise SdkError(f"{type(exc).__name__}: {exc}") from None
        found = [
            RuleProblem(str(p.path), str(p.message), str(p.rule))
            for p in errors
            if getattr(p, "rule", None)
        ]
        found.extend(
            _warning(str(caught.message))
            for caught in issued
            if issubclass(caught.category, self.warning)
        )
        return found


def _warning(text: str) -> RuleProblem:
    match = _WARNING.match(text)
    if match is None:  # not the SDK's form: shown whole rather than dropped
        return RuleProblem("", text, "", warning=True)
    path = match["path"]
    return RuleProblem(
        "" if path == _ROOT else path, match["message"], match["rule"], warning=True
    )


def _module_name(package: Path) -> str:
    digest = hashlib.sha256(str(package).encode("utf-8")).hexdigest()[:16]
    return f"_podspec_gen_sdk_{digest}"


def load_sdk(folder: Path) -> Sdk:
    """The `podspec` package in `folder` (the folder that holds `podspec/`); loaded
    once per process. Raises SdkError."""
    package = (folder / PACKAGE).resolve()
    init = package / "__init__.py"
    if not init.is_file():
        raise SdkError(f"no {PACKAGE} package in {folder}")
    name = _module_name(package)
    if name not in sys.modules:
        _import(name, package, init)
    modules = {}
    for sub, attributes in NEEDED.items():
        module = _submodule(name + sub, package)
        missing = [a for a in attributes if not hasattr(module, a)]
        if missing:
            raise SdkError(
                f"{PACKAGE}{sub} in {folder} has no {', '.join(missing)} "
                "(generated by an older podspec-gen)"
            )
        modules[sub] = module
    return Sdk(modules[""], modules[".manifests"])


def _submodule(name: str, package: Path) -> ModuleType:
    try:
        return importlib.import_module(name)
    except Exception as exc:  # foreign code: one line, not a traceback
        raise SdkError(
            f"importing {package} failed: {type(exc).__name__}: {exc}"
        ) from None


def _import(name: str, package: Path, init: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        name, init, submodule_search_locations=[str(package)]
    )
    if spec is None or spec.loader is None:
        raise SdkError(f"{init} cannot be imported")
    module = importlib.util.module_from_spec(spec)
    # Registered first: the package's relative imports look their parent up here.
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # any failure of foreign code is one line, not a trace
        for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[loaded]
        raise SdkError(
            f"importing {package} failed: {type(exc).__name__}: {exc}"
        ) from None
