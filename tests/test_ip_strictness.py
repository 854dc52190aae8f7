"""The server's IP checks on the legacy IP fields (dnsConfig.nameservers, hostAliases[].ip).

StrictIPCIDRValidation is beta and on by default since 1.36, so IsValidIPForLegacyField
parses strictly: an IPv4 part with a leading zero ("must not have leading 0s") and an
IPv4-mapped IPv6 address ("must not be an IPv4-mapped IPv6 address") are errors, not
warnings.go's "non-standard" warnings. An IPv6 address outside RFC 5952's canonical form
still passes, with GetWarningsForIP's "canonical format" warning. The cases mirror the
server's own (warnings_test.go's "dubious IP address formats", ip_test.go) and netip's
canonical forms.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from podspec import PodSpec, PodSpecWarning, ValidationError, fast

NON_CANONICAL = "should be in RFC 5952 canonical format"
PARSERS = [PodSpec.from_dict, fast.PodSpec.from_dict]


def _spec(address: str) -> dict[str, Any]:
    return {
        "containers": [{"name": "app", "image": "nginx"}],
        "dnsConfig": {"nameservers": [address]},
        "hostAliases": [{"ip": address, "hostnames": ["db.local"]}],
    }


def _warned(parse: Any, address: str) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parse(_spec(address))
    return [str(w.message) for w in caught if issubclass(w.category, PodSpecWarning)]


@pytest.mark.parametrize("parse", PARSERS)
@pytest.mark.parametrize(
    ("address", "rule", "detail"),
    [
        ("05.06.07.08", "ip-no-leading-zeros", "must not have leading 0s"),
        ("10.0.0.010", "ip-no-leading-zeros", "must not have leading 0s"),
        ("::ffff:1.2.3.4", "ip-not-ipv4-mapped", "IPv4-mapped IPv6 address"),
        ("::ffff:102:304", "ip-not-ipv4-mapped", "IPv4-mapped IPv6 address"),
        ("0:0:0:0:0:FFFF:1.2.3.4", "ip-not-ipv4-mapped", "IPv4-mapped IPv6 address"),
    ],
)
def test_what_the_strict_parse_refuses_is_an_error_at_both_fields(
    parse: Any, address: str, rule: str, detail: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        parse(_spec(address))
    found = {(p.path, p.rule) for p in raised.value.problems}
    assert found == {
        ("dnsConfig.nameservers[0]", f"dns-config-nameserver-{rule}"),
        ("hostAliases[0].ip", f"host-alias-{rule}"),
    }
    assert all(detail in p.message for p in raised.value.problems)


@pytest.mark.parametrize("parse", PARSERS)
@pytest.mark.parametrize(
    ("address", "warned"),
    [
        ("2001:DB8::1", True),
        ("2001:db8:0:0:0:0:0:1", True),
        ("2001:0db8::1", True),
        ("2001:db8:0:0:1:0:0:1", True),
        ("1.2.3.4", False),
        ("0.0.0.0", False),
        ("10.0.0.100", False),
        ("::1", False),
        ("::1:ffff:a00:a", False),
        ("2001:db8::1:0:0:1", False),
        ("2001:db8:0:1:1:1:1:1", False),
    ],
)
def test_a_valid_address_passes_with_the_canonical_form_warning_where_due(
    parse: Any, address: str, warned: bool
) -> None:
    found = _warned(parse, address)
    if not warned:
        assert found == []
        return
    nameserver, alias = sorted(found)
    assert nameserver.startswith("dnsConfig.nameservers[0]: ")
    assert alias.startswith("hostAliases[0].ip: ")
    for message in found:
        assert NON_CANONICAL in message and f'"{address}"' in message, message


def test_no_address_at_all_is_the_legacy_check_s_error() -> None:
    with pytest.raises(ValidationError) as raised:
        PodSpec.from_dict(_spec("1.2.3.256"))
    assert {p.rule for p in raised.value.problems} == {
        "dns-config-nameserver-ip-valid",
        "host-alias-ip-valid",
    }
