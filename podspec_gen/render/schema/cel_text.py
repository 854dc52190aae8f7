"""CEL text: literals, field names, and joining, negating and bracketing expressions
as CRD validation rules write them; a regex test RE2 can run (it has no lookahead)."""

from __future__ import annotations

import json
import re

# Words a CRD rule must escape as `__word__` to read a field of that name.
RESERVED = frozenset(
    {
        *("true", "false", "null", "in", "as", "break", "const", "continue", "else"),
        *("for", "function", "if", "import", "let", "loop", "package", "namespace"),
        *("return", "var", "void", "while"),
    }
)


def field(name: str) -> str:
    return f"__{name}__" if name in RESERVED else name


def literal(value: object) -> str:
    """A JSON value as a CEL literal; strings in single quotes, as CRD rules write them."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        body = json.dumps(value, ensure_ascii=False)[1:-1].replace('\\"', '"')
        return "'" + body.replace("'", "\\'") + "'"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return json.dumps(value)


# A `\uHHHH` escape (not itself an escaped backslash's `u`): RE2 has no such escape.
_UNICODE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u([0-9A-Fa-f]{4})")


def regex(pattern: str) -> str:
    """A regex as a raw string, so its backslashes read as written. A `\\uHHHH` escape,
    which Python and ECMA-262 read and RE2 does not, is written as its character
    (every code point it may name stands for itself in a regex, past ASCII)."""
    pattern = _UNICODE_ESCAPE.sub(_character, pattern)
    plain = "'" not in pattern and "\n" not in pattern
    return f"r'{pattern}'" if plain else literal(pattern)


def _character(match: re.Match[str]) -> str:
    code = int(match[2], 16)
    if code < 0x80:  # an ASCII escape may be a regex operator: RE2's own form
        return f"{match[1]}\\x{code:02x}"
    return match[1] + chr(code)


def _top(expr: str) -> str:
    """The text of `expr` outside brackets and quotes (operators at its top level)."""
    depth, quote, out = 0, "", []
    for i, char in enumerate(expr):
        if quote:
            if char == quote and expr[i - 1] != "\\":
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)


def wrap(expr: str, *, keep: tuple[str, ...] = ()) -> str:
    """`expr` in brackets when an operator at its top level (other than those in
    `keep`, which bind tighter where it goes) would bind to its neighbours instead."""
    top = _top(expr)
    for op in keep:
        top = top.replace(f" {op} ", "")
    return f"({expr})" if " " in top else expr


# Relations bind tighter than && and ||; kept bare inside them.
_RELATIONS = ("==", "!=", "<", "<=", ">", ">=", "in", "+", "-")


def conj(parts: list[str]) -> str:
    kept = [p for p in parts if p != "true"]
    if "false" in kept:
        return "false"
    return " && ".join(wrap(p, keep=(*_RELATIONS, "&&")) for p in kept) or "true"


def disj(parts: list[str]) -> str:
    kept = [p for p in parts if p != "false"]
    if "true" in kept:
        return "true"
    return " || ".join(wrap(p, keep=(*_RELATIONS, "||")) for p in kept) or "false"


def negate(expr: str) -> str:
    if expr in ("true", "false"):
        return "false" if expr == "true" else "true"
    if expr.startswith("!") and wrap(expr[1:]) == expr[1:]:
        return expr[1:]
    return "!" + wrap(expr)


def implies(cond: str, then: str) -> str:
    return disj([negate(cond), then])


def regex_test(expr: str, pattern: str) -> str:
    """`expr.matches(pattern)` for RE2, which has no lookahead: a leading `^(?=X)R`
    or `^(?!X)R` is `^X` matching (or not) and `^R` matching, both at the start."""
    end = _lookahead_end(pattern)
    if end is None:
        return f"{expr}.matches({regex(pattern)})"
    head = f"{expr}.matches({regex('^(?:' + pattern[4 : end - 1] + ')')})"
    if pattern[3] == "!":
        head = negate(head)
    rest = pattern[end:]
    return conj([head, regex_test(expr, "^" + rest) if rest else "true"])


def _lookahead_end(pattern: str) -> int | None:
    """Where a leading `^(?=...)` / `^(?!...)` group ends, if the pattern starts with
    one and has no `|` outside groups (which would make the group one alternative)."""
    if not pattern.startswith(("^(?=", "^(?!")):
        return None
    depth, end, i, in_class = 0, None, 1, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0 and end is None:
                end = i + 1
        elif char == "|" and depth == 0:
            return None
        i += 1
    return end
