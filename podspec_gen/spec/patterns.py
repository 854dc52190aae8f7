"""Which regular expressions a spec `pattern` may use.

A pattern is enforced by the Python SDK (`re`) and by every JSON Schema validator
(ECMA-262, usually with the `u` flag, as yaml-language-server and ajv compile it). A
construct that one of them reads differently or refuses would make the outputs
disagree, so only the common subset is allowed: literals, `.`, classes, `\\d \\w \\s`
and their negations, `\\b`, anchors `^ $`, groups `(...)`, `(?:...)`, lookaround,
alternation, greedy and lazy quantifiers, backreferences, `\\xHH`, `\\uHHHH`.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

# Escapes both dialects read the same, outside and inside a class.
_CLASS_ESCAPES = set("dDwWsSnrtfv") | set("^$\\.*+?()[]{}|/-")
_ESCAPES = (_CLASS_ESCAPES - {"-"}) | {"b", "B"}
_HINTS = {
    "A": "use '^'",
    "Z": "use '$'",
    "z": "use '$'",
    "p": "Python's re has no Unicode property classes",
    "P": "Python's re has no Unicode property classes",
    "k": "named groups are not portable",
    "c": "Python's re has no control escapes",
    "-": "ECMA-262 refuses it outside a class: write '-'",
}
_GROUPS = ("(?:", "(?=", "(?!", "(?<=", "(?<!")
_GROUP_HINTS = {
    "(?P<": "named groups are Python-only",
    "(?#": "comments are Python-only",
    "(?>": "atomic groups are not portable",
    "(?(": "conditionals are Python-only",
    "(?<": "named groups are not portable",
}
_QUANTIFIER = re.compile(r"\{(\d+)(,(\d*))?\}")


@dataclass(frozen=True)
class PatternProblem:
    message: str
    position: int | None  # 0-based, in the pattern, when the message lacks it


def pattern_problem(pattern: str) -> PatternProblem | None:
    """Why `pattern` is not in the portable subset, or None when it is."""
    try:
        with warnings.catch_warnings():
            # A FutureWarning (e.g. a possible nested set) is itself not portable.
            warnings.simplefilter("error")
            re.compile(pattern)
    except re.error as exc:
        return PatternProblem(f"does not compile: {exc}", None)
    except (FutureWarning, DeprecationWarning) as exc:
        return PatternProblem(f"is not portable: {exc}", None)
    return _Scanner(pattern).scan()


@dataclass
class _Scanner:
    text: str
    i: int = 0

    def scan(self) -> PatternProblem | None:
        while self.i < len(self.text):
            problem = self._step()
            if problem is not None:
                return problem
        return None

    def _at(self, offset: int = 0) -> str:
        j = self.i + offset
        return self.text[j] if j < len(self.text) else ""

    def _step(self) -> PatternProblem | None:
        c = self._at()
        if c == "\\":
            return self._escape(_ESCAPES, "")
        if c == "[":
            return self._class()
        if c == "(":
            return self._group()
        if c in "*+?":
            self.i += 1
            return self._after_quantifier()
        if c == "{":
            return self._braces()
        if c in "}]":
            return self._problem(f"escape a literal '{c}' as '\\{c}'")
        self.i += 1
        return None

    def _problem(self, message: str) -> PatternProblem:
        return PatternProblem(message, self.i)

    def _escape(self, allowed: set[str], where: str) -> PatternProblem | None:
        d = self._at(1)
        if d.isdigit():
            if d == "0" and self._at(2).isdigit():
                return self._problem("octal escapes are not portable: use '\\xHH'")
            if d != "0" and where:
                return self._problem(f"'\\{d}'{where} is not portable")
            # Otherwise NUL, or a backreference whose group `re` found.
        elif d not in allowed and d not in "xu":  # `re` checked the hex digits
            hint = _HINTS.get(d, "both Python's re and ECMA-262 must read it the same")
            return self._problem(f"'\\{d}'{where} is not portable: {hint}")
        self.i += 2
        return None

    def _class(self) -> PatternProblem | None:
        self.i += 1
        if self._at() == "^":
            self.i += 1
        if self._at() == "]":
            return self._problem(
                "']' first in a class is not portable: escape it as '\\]'"
            )
        while self._at() not in ("]", ""):
            if self._at() == "\\":
                problem = self._escape(_CLASS_ESCAPES | {"b"}, " in a class")
                if problem is not None:
                    return problem
                continue
            if self._at() == "[":
                return self._problem("escape a '[' inside a class as '\\['")
            self.i += 1
        self.i += 1
        return None

    def _group(self) -> PatternProblem | None:
        if self._at(1) != "?":
            self.i += 1
            return None
        rest = self.text[self.i :]
        for opener in _GROUPS:
            if rest.startswith(opener):
                self.i += len(opener)
                return None
        for opener, hint in _GROUP_HINTS.items():
            if rest.startswith(opener):
                return self._problem(f"'{opener}' is not portable: {hint}")
        return self._problem(
            "inline flags such as '(?i)' are Python-only: write the cases out"
        )

    def _braces(self) -> PatternProblem | None:
        match = _QUANTIFIER.match(self.text, self.i)
        if match is None:
            if self.text.startswith("{,", self.i):
                return self._problem("'{,n}' is Python-only: write '{0,n}'")
            return self._problem("escape a literal '{' as '\\{'")
        self.i = match.end()
        return self._after_quantifier()

    def _after_quantifier(self) -> PatternProblem | None:
        if self._at() == "?":
            self.i += 1  # lazy: both dialects
        elif self._at() == "+":
            return self._problem("possessive quantifiers are not portable")
        return None
