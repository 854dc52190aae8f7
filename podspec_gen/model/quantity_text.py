"""The text of a Kubernetes quantity as the API server reads it: one grammar, which the
SDK's parser, its msgspec flavour and the JSON Schemas all render from.

`Quantity.UnmarshalJSON` trims the raw JSON token, still escaped, with
`strings.TrimSpace` (Go's `unicode.IsSpace`) and hands it to `resource.ParseQuantity`: a
signed decimal number, then a binary suffix, a decimal SI suffix or a decimal exponent. Every part of the number may be missing
("+", ".", "G" are 0: `parseQuantityString` takes an empty numerator for "0" and allows
an empty fraction), but not the whole text.
"""

from __future__ import annotations

# What TrimSpace removes from a JSON token (unicode.IsSpace), in code point order: not
# the ASCII controls or U+2028/U+2029, which reach the server escaped ("\t" is a
# backslash and a t to it, so "500m\t" is no quantity). Go's encoder, which kubectl's
# YAML-to-JSON conversion uses, escapes exactly those.
SPACES = (
    " \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u202f\u205f\u3000"
)


def at_most(limit: int) -> str:
    """A regex of the decimal numbers from 0 to `limit`, without leading zeros."""
    digits = str(limit)
    forms = ["0"] if len(digits) == 1 else ["0", f"[1-9][0-9]{{0,{len(digits) - 2}}}"]
    for at, digit in enumerate(digits):
        low = "1" if at == 0 else "0"
        if digit > low:
            high = chr(ord(digit) - 1)
            span = low if high == low else f"[{low}-{high}]"
            rest = len(digits) - at - 1
            forms.append(digits[:at] + span + (f"[0-9]{{{rest}}}" if rest else ""))
    forms.append(digits)
    return "(?:" + "|".join(dict.fromkeys(forms)) + ")"


NUMBER = r"[+-]?[0-9]*(?:\.[0-9]*)?"
# The exponent is read by strconv.ParseInt(.., 10, 64) (suffixHandler.interpret): a
# sign, any leading zeros, and a value within int64, or the text is no quantity.
EXPONENT = rf"[eE](?:\+?0*{at_most(2**63 - 1)}|-0*{at_most(2**63)})"
SUFFIX = rf"(?:Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|{EXPONENT})?"
# What resource.ParseQuantity takes, untrimmed (a resource name's page size).
BARE = NUMBER + SUFFIX


def _escaped(char: str) -> str:
    return char if char == " " else f"\\u{ord(char):04x}"


def _char_class(chars: str) -> str:
    """A character class of `chars` (in code point order), runs as ranges."""
    parts: list[list[str]] = []
    for char in chars:
        if parts and ord(char) == ord(parts[-1][-1]) + 1:
            parts[-1].append(char)
        else:
            parts.append([char])
    return (
        "["
        + "".join(
            _escaped(r[0])
            + ("-" + _escaped(r[-1]) if len(r) > 2 else _escaped(r[-1]) * (len(r) - 1))
            for r in parts
        )
        + "]"
    )


_SPACE = _char_class(SPACES)

# A quantity as a manifest may spell it (ECMA-262: `$` is the end of the text; the SDK
# renders it for Python's `re` through `py_regex`).
PATTERN = rf"^{_SPACE}*(?!{_SPACE}*$){BARE}{_SPACE}*$"
MESSAGE = (
    "must be a Kubernetes quantity: a number with an optional suffix, "
    "such as 500m, 2, 128Mi or 1Gi"
)
