"""Fewer local variables in a walker: each fresh name (`v12`, `t40`) is renamed to the
lowest-numbered name of its stem that is free over the lines where it is live.

Every call of a function clears and frees all of its locals, used or not, so the pod
spec's walker, with a fresh name for every temporary of several hundred rules, paid
for some seven hundred slots on each parse though a manifest reaches few of them.
"""

from __future__ import annotations

import re

# The stems `Emitter.fresh` numbers; nothing else in a walker is named so.
ANNOTATED = re.compile(r"( *)([a-z]+\d+): [^=]+ = ")
# Every name of one stem holds values of one type, as mypy and the compiled build (mypyc
# types each local by its first value) require. Not `t`, the walrus temporaries, typed
# by values mypy narrows (`not o.a or (t := o.a)` holds a str), nor `key`, tuple keys.
FRESH = re.compile(r"(every|g|h|i|k|left|m|n|names|q|right|s|seen|sums|v|y)(\d+)\Z")
# What Python's tokenizer would make of one emitted line, as far as fresh names go: a
# string literal or a comment is skipped whole, and a name counts unless it follows a
# dot (an attribute) or is part of a longer word. A regex, since the tokenizer cost
# the generator a fifth of its run on the walkers' seven thousand lines.
_SCAN = re.compile(
    r"""(?:[rRbBuUfF]{0,2})("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
    r"|#.*"
    r"|(?<![.\w])((?:every|g|h|i|k|left|m|n|names|q|right|s|seen|sums|v|y)\d+)(?!\w)"
)


def compact(lines: list[str]) -> list[str]:
    """The function's lines (one statement or header a line, indented by four spaces
    a level, as the emitter writes them) with its fresh names reused."""
    spans = _live_spans(lines)
    taken: dict[str, list[tuple[int, int]]] = {}  # new name -> spans it holds
    renames: dict[str, str] = {}
    for name, (start, end) in sorted(spans.items(), key=lambda kv: kv[1]):
        stem = FRESH.fullmatch(name)
        assert stem is not None
        number = 1
        while True:
            new = f"{stem[1]}{number}"
            if all(end < s or start > e for s, e in taken.get(new, [])):
                break
            number += 1
        taken.setdefault(new, []).append((start, end))
        renames[name] = new
    out = []
    declared: set[str] = set()
    for line in lines:
        line = _rename(line, renames)
        # A reused name keeps the annotation of its first declaration only (mypy
        # rejects a second); every name of one stem holds one type.
        match = ANNOTATED.match(line)
        if match is not None:
            if match[2] in declared:
                line = f"{match[1]}{match[2]} = {line[match.end():]}"
            declared.add(match[2])
        out.append(line)
    return out


def _fresh(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each fresh name in one line of code without its indent:
    not an attribute (`o.ipv4`), nor a word inside a string or a comment."""
    return [
        (m.start(2), m.end(2), m[2]) for m in _SCAN.finditer(text) if m[2] is not None
    ]


def _names(line: str) -> list[str]:
    return [name for _, _, name in _fresh(line.lstrip(" "))]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _live_spans(lines: list[str]) -> dict[str, tuple[int, int]]:
    """Each fresh name's first and last line, the last extended to the end of any loop
    that uses it but started after it was set: the next pass round needs it again."""
    spans: dict[str, tuple[int, int]] = {}
    loops: list[tuple[int, int]] = []  # (header line, indent) of the enclosing loops
    ends: dict[int, int] = {}  # loop header line -> its last line
    for n, line in enumerate(lines):
        depth = _indent(line)
        while loops and depth <= loops[-1][1]:
            ends[loops.pop()[0]] = n - 1
        for name in _names(line):
            start, end = spans.get(name, (n, n))
            spans[name] = (start, n)
        if line.lstrip().startswith("for "):
            loops.append((n, depth))
    for header, _ in loops:
        ends[header] = len(lines) - 1
    out = {}
    for name, (start, end) in spans.items():
        for header, last in ends.items():
            # A loop that began after the name was set and uses it within.
            if start < header <= end <= last:
                end = max(end, last)
        out[name] = (start, end)
    return out


def _rename(line: str, renames: dict[str, str]) -> str:
    indent = line[: _indent(line)]
    body = line[len(indent) :]
    out: list[str] = []
    pos = 0
    for start, end, name in _fresh(body):
        out.append(body[pos:start] + renames[name])
        pos = end
    return indent + "".join(out) + body[pos:]
