"""Wire (camelCase) to Python (snake_case) names, and the other identifiers we derive.

Kubernetes spells acronyms in capitals and pluralises them with a lower-case `s`
(`hostIPC`, `podIPs`, `targetWWNs`), so a plain "underscore before every capital" rule
would give `host_i_p_c`; the tokenizer treats a run of capitals as one word.
"""

from __future__ import annotations

import keyword
import re

_TOKEN = re.compile(
    r"[A-Z]{2,}s(?![a-z])"  # plural acronym: IPs, WWNs
    r"|[A-Z]+(?![a-z])"  # acronym: IPC, FQDN
    r"|[A-Z]?[a-z]+"  # ordinary word
    r"|[0-9]+"
)

# Names the generated classes use for their own members.
RESERVED = frozenset({"from_dict", "to_dict", "from_yaml", "to_yaml"})


def python_name(wire: str) -> str:
    tokens = _TOKEN.findall(wire)
    if "".join(tokens) != wire:
        raise ValueError(f"cannot derive a Python name from {wire!r}")
    name = "_".join(t.lower() for t in tokens)
    # Only hard keywords: soft ones (`type`, `match`) are valid attribute names, and the
    # set of soft keywords grows with Python versions, which would make output depend on
    # the interpreter.
    if keyword.iskeyword(name) or name in RESERVED:
        name += "_"
    return name


def pascal(wire: str) -> str:
    """`imagePullPolicy` -> `ImagePullPolicy`, for alias names derived from fields."""
    return wire[:1].upper() + wire[1:]


def constant(name: str) -> str:
    """`ContainerPort` -> `CONTAINER_PORT`."""
    return python_name(name).upper()


def first_sentence(text: str) -> str:
    """The summary shown in tables: the description's first sentence, on one line."""
    flat = " ".join(text.split())
    match = re.search(r"(?<=[a-z0-9)\]`'\"])\.(\s|$)", flat)
    return flat[: match.start() + 1] if match else flat
