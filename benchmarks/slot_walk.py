"""What the rules walk would cost compiled, with each attribute read a cached slot read.

    pip install cython setuptools        # not in any extra: an experiment's tools
    python benchmarks/slot_walk.py [--repeat 7]

The walkers (`podspec/_rules.py`) spend their time on ~15 ns tests of one attribute
each. Compiled as they are (mypyc, or Cython), an attribute read becomes the generic
`getattr`, which costs more than the interpreter's specialised slot read, so the walk
gains 5% at most. This script tries the other way: it copies the generated package into
a temporary folder, rewrites every attribute read of `_rules.py` (not a method's, not a
module's) into a call to an inline function with a cache of its own (`_rd(obj, "name",
site)`: when `type(obj)` is the type the site last saw, the value is read at the slot's
offset, as CPython's own LOAD_ATTR_SLOT does; otherwise by `getattr`, learning the offset
when the attribute is a slot), compiles it with Cython, and times the pod spec's walk
and `from_dict` of both flavours against the interpreted package, each in its own
interpreter, on the corpus specs `sdk.py` uses.

The result is recorded in benchmarks/README.md ("ninth round"). The rewrite reads
CPython's member descriptors (`PyMemberDescrObject`) and calls `_PyType_Lookup`, a
private API: fine for an experiment, not for the package.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent / "generated" / "python" / "podspec"

HEADER = """\
# cython: language_level=3, binding=False, annotation_typing=False
from cpython.object cimport PyObject, PyTypeObject
cdef extern from "Python.h":
    ctypedef struct PyMemberDef:
        Py_ssize_t offset
    ctypedef struct PyMemberDescrObject:
        PyMemberDef* d_member
    PyTypeObject* Py_TYPE(object o)
    PyObject* _PyType_Lookup(PyTypeObject* t, object name)
cdef extern from *:
    '''
    static inline PyObject* _slot_at(PyObject* o, Py_ssize_t off) {
        return *(PyObject**)((char*)o + off);
    }
    '''
    PyObject* _slot_at(PyObject* o, Py_ssize_t off)

cdef PyTypeObject* _seen_type[SITES]
cdef Py_ssize_t _seen_offset[SITES]

cdef object _learn(object o, str name, int site):
    cdef PyObject* found = _PyType_Lookup(Py_TYPE(o), name)
    if found is not NULL and type(<object>found).__name__ == "member_descriptor":
        _seen_type[site] = Py_TYPE(o)
        _seen_offset[site] = (<PyMemberDescrObject*>found).d_member.offset
    return getattr(o, name)

cdef inline object _rd(object o, str name, int site):
    cdef PyObject* value
    if Py_TYPE(o) is _seen_type[site]:
        value = _slot_at(<PyObject*>o, _seen_offset[site])
        if value is not NULL:
            return <object>value
    return _learn(o, name, site)
"""

SETUP = """\
from setuptools import Extension, setup
from Cython.Build import cythonize
ext = Extension("podspec._rules", ["podspec/_rules.pyx"], extra_compile_args=["-O2", "-w"])
setup(ext_modules=cythonize([ext], quiet=True), script_args=["build_ext", "--inplace", "-q"])
"""

TIMING = """\
import sys, timeit, warnings
sys.path.insert(0, {package!r})
warnings.simplefilter("ignore")
import podspec
from podspec import _runtime as rt, fast
sys.path.insert(1, {here!r})
import sdk
print("compiled" if podspec._rules.__file__.endswith(".so") else "interpreted")
walk = rt.WALKERS["PodSpec"]
for name, data in sdk.specs().items():
    obj = fast.PodSpec.from_dict(data)
    def best(f):
        n = 2000 if name != "large" else 200
        return min(timeit.repeat(f, number=n, repeat={repeat})) / n * 1e6
    walked = best(lambda: walk(obj, "", [], []))
    parsed = best(lambda: fast.PodSpec.from_dict(data))
    dumped = best(lambda: obj.to_dict())
    dataclass = best(lambda: podspec.PodSpec.from_dict(data))
    print(name, walked, parsed, dumped, dataclass)
"""


def rewrite(source: str) -> str:
    """`_rules.py` with each attribute read `x.name` as `_rd(x, "name", site)`."""
    tree = ast.parse(source)
    called = {
        id(node.func)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):  # Cython reads annotations as C types
            node.returns = None
            for arg in node.args.args + node.args.kwonlyargs:
                arg.annotation = None
    sites = 0

    class Reads(ast.NodeTransformer):
        def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
            nonlocal sites
            self.generic_visit(node)
            module = isinstance(node.value, ast.Name) and node.value.id == "_rt"
            if id(node) in called or not isinstance(node.ctx, ast.Load) or module:
                return node
            sites += 1
            args: list[ast.expr] = [
                node.value,
                ast.Constant(node.attr),
                ast.Constant(sites - 1),
            ]
            call = ast.Call(ast.Name("_rd", ast.Load()), args, [])
            return ast.copy_location(call, node)

    body = ast.unparse(ast.fix_missing_locations(Reads().visit(tree)))
    body = body.replace("from __future__ import annotations\n", "")
    return HEADER.replace("SITES", str(sites)) + "\n" + body + "\n"


def timings(package: Path, repeat: int) -> dict[str, list[float]]:
    code = TIMING.format(package=str(package), here=str(HERE), repeat=repeat)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    print(f"  {out[0]}")
    return {
        line.split()[0]: [float(x) for x in line.split()[1:]]
        for line in out[1:]
        if line.strip()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    try:
        import Cython  # noqa: F401
    except ImportError:
        raise SystemExit("needs Cython: pip install cython setuptools") from None
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(
            PACKAGE, root / "podspec", ignore=shutil.ignore_patterns("*.pyc")
        )
        rules = root / "podspec" / "_rules.py"
        (root / "podspec" / "_rules.pyx").write_text(rewrite(rules.read_text()))
        rules.unlink()
        (root / "setup.py").write_text(SETUP)
        print("compiling the rewritten _rules.py with Cython (several minutes)...")
        subprocess.run([sys.executable, "setup.py"], cwd=root, check=True)
        print("timing (µs, best of --repeat)")
        before = timings(PACKAGE.parent, args.repeat)
        after = timings(root, args.repeat)
    head = "spec      walk  interpreted -> compiled   fast from_dict   to_dict   dataclass from_dict"
    print(head)
    for spec, (walk, parse, dump, dataclass) in before.items():
        w, p, _, c = after[spec]
        print(
            f"{spec:<8} {walk:6.2f} -> {w:6.2f} ({walk / w:.2f}x)"
            f"   {parse:6.2f} -> {p:6.2f}   {dump:5.2f}   {dataclass:6.2f} -> {c:6.2f}"
        )


if __name__ == "__main__":
    main()
