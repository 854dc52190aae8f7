"""A CronJob's `schedule` and `timeZone` are held to what the API server parses.

validateScheduleFormat calls robfig/cron v3's ParseStandard, and validateTimeZone checks
the zone name's characters before loading it. The spec states both as named formats
(spec/workloads.yaml); here they are checked against a port of the parser's grammar
(parser.go: getField, getRange, parseDescriptor) on hand-picked and generated schedules,
and through every output: the dataclass SDK, `podspec.fast`, and the JSON Schema.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest
from conftest import GENERATED, SPEC
from hypothesis import given, settings
from hypothesis import strategies as st

from podspec_gen.model.build import read_spec

_FORMATS = {f.name: f.pattern for f in read_spec(SPEC).formats}
SCHEDULE = re.compile(_FORMATS["k8s-cron-schedule"])
TIME_ZONE = re.compile(_FORMATS["k8s-time-zone"])

# -- a port of robfig/cron v3's ParseStandard, to hold the pattern to --------------------

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov"]
_MONTHS.append("dec")
_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
_BOUNDS: list[tuple[int, int, dict[str, int]]] = [
    (0, 59, {}),  # minute
    (0, 23, {}),  # hour
    (1, 31, {}),  # day of month
    (1, 12, {n: i + 1 for i, n in enumerate(_MONTHS)}),
    (0, 6, {n: i for i, n in enumerate(_DAYS)}),  # day of week: 7 is out of range
]
# unicode.IsSpace, which strings.Fields splits at
_GO_SPACE = set("\t\n\v\f\r \u0085\u00a0\u1680\u2028\u2029\u202f\u205f\u3000")
_GO_SPACE |= {chr(c) for c in range(0x2000, 0x200B)}
_DURATION = re.compile(
    r"[-+]?(?:0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+)"
)
_DESCRIPTORS = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight"}
_DESCRIPTORS.add("@hourly")


def _atoi(text: str) -> int:
    if not re.fullmatch(r"[+-]?[0-9]+", text) or abs(int(text)) >= 2**63:
        raise ValueError(text)
    if int(text) < 0:
        raise ValueError("negative number not allowed")
    return int(text)


def _value(text: str, names: dict[str, int]) -> int:
    return names[text.lower()] if text.lower() in names else _atoi(text)


def _range(expr: str, low: int, high: int, names: dict[str, int]) -> tuple[int, int]:
    """getRange: the range's ends, which the pattern cannot compare; raises if bad."""
    range_and_step = expr.split("/")
    ends = range_and_step[0].split("-")
    if ends[0] in ("*", "?"):
        start, end = low, high
    elif len(ends) <= 2:
        start = _value(ends[0], names)
        end = _value(ends[-1], names)
    else:
        raise ValueError("too many hyphens")
    if len(range_and_step) > 2:
        raise ValueError("too many slashes")
    if len(range_and_step) == 2:
        if _atoi(range_and_step[1]) == 0:
            raise ValueError("step of range should be a positive number")
        if len(ends) == 1:
            end = high
    if start < low or end > high:
        raise ValueError("out of range")
    return start, end


def parse_standard(spec: str) -> tuple[bool, bool]:
    """Whether ParseStandard takes `spec`, and whether a range is written backwards
    (which the parser refuses and the pattern cannot see)."""
    if spec.startswith("@"):
        if spec in _DESCRIPTORS:
            return True, False
        rest = spec.removeprefix("@every ")
        return rest != spec and _DURATION.fullmatch(rest) is not None, False
    fields = "".join(" " if c in _GO_SPACE else c for c in spec).split()
    if len(fields) != 5:
        return False, False
    backwards = False
    try:
        for text, (low, high, names) in zip(fields, _BOUNDS, strict=True):
            # strings.FieldsFunc: empty items are dropped, not refused.
            for expr in filter(None, text.split(",")):
                start, end = _range(expr, low, high, names)
                backwards = backwards or start > end
    except ValueError:
        return False, False
    return not backwards, backwards


# -- the pattern against the port ---------------------------------------------------------

VALID = [
    "* * * * *",
    "*/5 * * * *",
    "0 3 * * *",
    "0 0 1 1 0",
    "05 03 01 01 00",
    "+5 * * * *",
    "0 9-17/2 * * MON-fri",
    "0 0 * JAN,jul sun",
    "? ? ? ? ?",
    "*-anything * * * *",  # the parser looks no further than the star
    "5/15 * * * *",
    " 0  3\t* * *\n",
    "0\u00a03 * * *",
    "59 23 31 12 6",
    "@daily",
    "@every 1h30m",
    "@every 1.5h",
    "@every 0",
    "@every 300µs",
    "0,,30 * * * *",
    "1,,2 * * * *",
    ",5 * * * *",
    "0 0 ,, * *",
    "0 9 * * mon,fri,",
    "*/9223372036854775807 * * * *",
]
INVALID = [
    "",
    "61 * * * *",
    "0 24 * * *",
    "0 0 0 * *",
    "0 0 32 * *",
    "0 0 * 13 *",
    "0 0 * * 7",
    "-5 * * * *",
    "1-2-3 * * * *",
    "1/2/3 * * * *",
    "*/0 * * * *",
    "0 3 * *",
    "0 3 * * * *",
    "0 3 * * funday",
    " @daily",
    "@Daily",
    "@reboot",
    "@every ",
    "@every 1x",
    "@every 1h 30m",
    "*/9223372036854775808 * * * *",
    "*/0 * * * *",
    ", , , , , ,",
]


@pytest.mark.parametrize("schedule", VALID)
def test_what_the_parser_takes_the_pattern_takes(schedule: str) -> None:
    assert parse_standard(schedule) == (True, False)
    assert SCHEDULE.search(schedule)


@pytest.mark.parametrize("schedule", INVALID)
def test_what_the_parser_refuses_the_pattern_refuses(schedule: str) -> None:
    assert parse_standard(schedule)[0] is False
    assert schedule == "" or not SCHEDULE.search(schedule)


_PIECES = st.sampled_from(
    [*"0123456789*?-/,+ ", "jan", "MON", "\t", "60", "7", "32", "13", "24", "@"]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=16).map("".join))
def test_the_pattern_agrees_with_the_parser(schedule: str) -> None:
    takes, backwards = parse_standard(schedule)
    if not backwards:  # `5-1`: the one case a regular expression cannot judge
        assert bool(SCHEDULE.search(schedule)) is takes, repr(schedule)


@pytest.mark.parametrize(
    ("zone", "valid"),
    [
        ("Etc/UTC", True),
        ("America/Argentina/Buenos_Aires", True),
        ("Etc/GMT+5", True),
        ("UTC", True),
        ("Local", False),
        ("LOCAL", False),
        ("", False),
        ("a//b", False),
        ("/Europe", False),
        ("Europe/", False),
        ("../etc/passwd", False),
        ("Europe/..", False),
        ("-Europe", False),
        ("Abcdefghijklmno", False),  # a part longer than 14
        ("Europe/Par is", False),
    ],
)
def test_time_zone_names_as_validate_time_zone_checks_them(
    zone: str, valid: bool
) -> None:
    assert bool(TIME_ZONE.search(zone)) is valid


# -- through the outputs -----------------------------------------------------------------


def _cron_job(schedule: str, zone: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "schedule": schedule,
        "jobTemplate": {
            "spec": {
                "template": {
                    "spec": {
                        "restartPolicy": "Never",
                        "containers": [{"name": "app", "image": "busybox"}],
                    }
                }
            }
        },
    }
    if zone is not None:
        spec["timeZone"] = zone
    return {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "nightly"},
        "spec": spec,
    }


@pytest.mark.parametrize(
    ("schedule", "zone", "bad"),
    [
        ("0 3 * * *", "Europe/Paris", None),
        ("61 3 * * *", "Europe/Paris", "spec.schedule"),
        ("0 3 * * *", "Local", "spec.timeZone"),
    ],
)
@pytest.mark.parametrize("flavour", ["podspec", "podspec.fast"])
def test_every_output_holds_the_formats(
    flavour: str, schedule: str, zone: str, bad: str | None
) -> None:
    import importlib

    module = importlib.import_module(flavour)
    document = _cron_job(schedule, zone)
    schema = json.loads((GENERATED / "jsonschema" / "cronjob.schema.json").read_text())
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    if bad is None:
        module.CronJob.from_dict(document)
        assert not errors
        return
    with pytest.raises(module.ValidationError) as raised:
        module.CronJob.from_dict(document)
    assert [p.path for p in raised.value.problems] == [bad]
    assert errors and all(bad.split(".")[-1] in e.json_path for e in errors)


def _sdk_takes(schedule: str) -> bool:
    import podspec

    try:
        podspec.CronJob.from_dict(_cron_job(schedule))
    except podspec.ValidationError:
        return False
    return True


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=16).map("".join))
def test_the_sdk_agrees_with_the_parser_backwards_ranges_included(
    schedule: str,
) -> None:
    # The format and cronjob-schedule-ranges-ascending together: what ParseStandard
    # takes, and nothing else (an empty schedule is cronjob-schedule-required's).
    takes, _ = parse_standard(schedule)
    assert _sdk_takes(schedule) is (takes and schedule != ""), repr(schedule)


@pytest.mark.parametrize(
    ("schedule", "takes"),
    [
        ("5-1 * * * *", False),
        ("0 17-9 * * *", False),
        ("0 0 1 DEC-jan *", False),
        ("0 0 * * sat-SUN", False),
        ("0 0 * feb-3 *", True),  # a name and a number in one range
        ("0 0 1-1 * *", True),
        ("*-1 * * * *", True),  # the parser looks no further than the star
        ("0 9-17/2 * * mon-fri", True),
        ("9" * 5000 + "-1 * * * *", False),  # past int()'s digit limit: no crash
    ],
)
def test_a_range_written_backwards_is_refused_as_the_parser_refuses_it(
    schedule: str, takes: bool
) -> None:
    assert parse_standard(schedule)[0] is takes
    assert _sdk_takes(schedule) is takes
