"""Find the alias that makes a YAML document unreadable, by its position in the text.

PyYAML's node graph forgets where aliases were written (an alias is just the anchored
node again), so once conversion has found a recursive alias or an alias bomb, the
events are replayed to point at the `*name` responsible.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml


@dataclass
class _Open:
    anchor: str | None
    size: int = 1


@dataclass
class _Replay:
    limit: int | None
    stack: list[_Open] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    aliased: int = 0

    def alias_is_culprit(self, anchor: str) -> bool:
        """Count one alias; whether it is recursive (no limit) or passes the limit."""
        if self.limit is None:
            return any(o.anchor == anchor for o in self.stack)
        size = self.sizes.get(anchor, 1)
        self.aliased += size
        self._add(size)
        return self.aliased > self.limit

    def start(self, anchor: str | None) -> None:
        self.stack.append(_Open(anchor))

    def end(self) -> None:
        done = self.stack.pop()
        if done.anchor is not None:
            self.sizes[done.anchor] = done.size
        self._add(done.size)

    def scalar(self, anchor: str | None) -> None:
        if anchor is not None:
            self.sizes[anchor] = 1
        self._add(1)

    def _add(self, size: int) -> None:
        if self.stack:
            self.stack[-1].size += size


def locate_alias(
    text: str, loader: type[yaml.SafeLoader], limit: int | None
) -> tuple[int, int] | None:
    """The 1-based line and column of, with `limit` None, the first alias inside the
    node it names; otherwise the alias at which the values aliases add pass `limit`."""
    replay = _Replay(limit)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            assert event.anchor is not None
            if replay.alias_is_culprit(event.anchor):
                mark = event.start_mark
                return (mark.line + 1, mark.column + 1) if mark is not None else None
        elif isinstance(event, yaml.CollectionStartEvent):
            replay.start(event.anchor)
        elif isinstance(event, yaml.CollectionEndEvent):
            replay.end()
        elif isinstance(event, yaml.ScalarEvent):
            replay.scalar(event.anchor)
    return None
