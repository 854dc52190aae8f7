"""What the schema's CEL and the SDK's runtime both read a cron schedule's ranges by:
the month and weekday names it may use (robfig/cron v3's parser.go `months` and
`dow`), each read in any case, and what a range looks like."""

from __future__ import annotations

MONTHS: tuple[str, ...] = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug")
MONTHS += ("sep", "oct", "nov", "dec")  # 1 to 12
DAYS: tuple[str, ...] = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # 0 to 6
# A range's two ends: numbers, month or weekday names (robfig/cron's getRange), at the
# start of an item: after the start of the schedule, a space (what Go's unicode.IsSpace
# takes) or a comma, which the match includes. `*-9-1` and `?-5` read as `*` and `?`
# whatever follows, so nothing after their '-' is compared.
RANGE = (
    r"(?:^|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000,])"
    r"[+0-9A-Za-z]+-[+0-9A-Za-z]+"
)
# What a range starts with, after the separator its match may begin with.
RANGE_START = r"^[+0-9A-Za-z]"
