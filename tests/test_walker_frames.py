"""The walkers start cheaply: no cell variables.

A walrus inside a generator expression binds in the enclosing function (PEP 572), so
each such temporary becomes a cell the walker allocates on every call, whether or not
the count that needs it runs. Before counts with such tests became module-level
functions (`Emitter.counting`), the pod spec's walker made 34 cells a call and a pod
template's 120, a third of the pod spec's walk on a typical manifest.
"""

from __future__ import annotations

import importlib
import sys
import types

import podspec._rules
import pytest
from conftest import GENERATED

from podspec_gen.render.python.rules_emit import Emitter, free_names


def _functions(module: types.ModuleType) -> list[types.FunctionType]:
    return [
        value
        for name, value in vars(module).items()
        if name.startswith(("_walk_", "_count"))
        and isinstance(value, types.FunctionType)
    ]


def _pydantic_rules() -> types.ModuleType:
    if str(GENERATED / "pydantic") not in sys.path:
        sys.path.insert(0, str(GENERATED / "pydantic"))
    return importlib.import_module("podspec_pydantic._rules")


@pytest.mark.parametrize("which", ["sdk", "pydantic"])
def test_no_walker_makes_cells(which: str) -> None:
    module = podspec._rules if which == "sdk" else _pydantic_rules()
    functions = _functions(module)
    assert len(functions) > 100
    with_cells = {
        f.__name__: f.__code__.co_cellvars for f in functions if f.__code__.co_cellvars
    }
    assert with_cells == {}


def test_a_count_with_temporaries_becomes_a_function_of_the_locals_it_reads() -> None:
    em = Emitter({})
    held = "((None if (t2 := (y1.resources)) is None else t2.limits) == m1.x)"
    call = em.counting("y1", held, "t1")
    assert call == "_count0(t1, m1)"
    namespace: dict[str, object] = {"Any": object}
    exec(em.helpers[0], namespace)  # the generated helper, run as is
    count = namespace["_count0"]

    class Item:
        def __init__(self, limits: object) -> None:
            self.resources = (
                None if limits is None else types.SimpleNamespace(limits=limits)
            )

    m1 = types.SimpleNamespace(x=1)
    assert callable(count)
    assert count([Item(1), None, Item(2), Item(None), Item(1)], m1) == 2


def test_a_count_without_temporaries_stays_inline() -> None:
    em = Emitter({})
    assert em.counting("y1", "(y1.name in m1)", "t1") == (
        "sum(1 for y1 in t1 if y1 is not None and (y1.name in m1))"
    )
    assert em.helpers == []


def testfree_names_leave_out_module_names_builtins_and_temporaries() -> None:
    expr = "(len(t3 := y1.x) > _rt.limit(o.y, _M2) and sum(1 for z in t3 if z in k1))"
    assert free_names(expr) == {"y1", "o", "k1"}
