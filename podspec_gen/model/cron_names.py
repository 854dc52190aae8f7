"""What the schema's CEL and the SDK's runtime both read a cron schedule's ranges by:
the month and weekday names it may use (robfig/cron v3's parser.go `months` and
`dow`), each read in any case, and what a range looks like."""

from __future__ import annotations

MONTHS: tuple[str, ...] = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug")
MONTHS += ("sep", "oct", "nov", "dec")  # 1 to 12
DAYS: tuple[str, ...] = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # 0 to 6
# A range's two ends: numbers, month or weekday names (robfig/cron's getRange; `*-5`
# and `?-5` read as `*` and `?`, so their ends are not compared).
RANGE = r"[+0-9A-Za-z]+-[+0-9A-Za-z]+"
