"""The month and weekday names a cron schedule may use (robfig/cron v3's parser.go
`months` and `dow`), each read in any case: what the schema's CEL and the SDK's
runtime both compare a range's named ends by."""

from __future__ import annotations

MONTHS: tuple[str, ...] = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug")
MONTHS += ("sep", "oct", "nov", "dec")  # 1 to 12
DAYS: tuple[str, ...] = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # 0 to 6
