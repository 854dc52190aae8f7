"""The server's warnings for dubious IP addresses (GetWarningsForIP), which it accepts.

A nameserver or host alias IP in a form the legacy parser takes but a future release
will refuse (an IPv4 part with a leading zero, an IPv4-mapped IPv6 address) draws a
"non-standard" warning, and an IPv6 address outside RFC 5952's canonical form a
"canonical format" one; neither fails validation. The cases mirror the server's own
(warnings_test.go's "dubious IP address formats") and netip's canonical forms.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from podspec import PodSpec, PodSpecWarning, ValidationError, fast

NON_STANDARD = "non-standard IP address"
NON_CANONICAL = "should be in RFC 5952 canonical format"


def _warned(parse: Any, address: str) -> list[str]:
    spec = {
        "containers": [{"name": "app", "image": "nginx"}],
        "dnsConfig": {"nameservers": [address]},
        "hostAliases": [{"ip": address, "hostnames": ["db.local"]}],
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parse(spec)
    return [str(w.message) for w in caught if issubclass(w.category, PodSpecWarning)]


@pytest.mark.parametrize("parse", [PodSpec.from_dict, fast.PodSpec.from_dict])
@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("05.06.07.08", NON_STANDARD),
        ("10.0.0.010", NON_STANDARD),
        ("::ffff:1.2.3.4", NON_STANDARD),
        ("::ffff:102:304", NON_STANDARD),
        ("2001:DB8::1", NON_CANONICAL),
        ("2001:db8:0:0:0:0:0:1", NON_CANONICAL),
        ("2001:0db8::1", NON_CANONICAL),
        ("2001:db8:0:0:1:0:0:1", NON_CANONICAL),
        ("1.2.3.4", None),
        ("0.0.0.0", None),
        ("::1", None),
        ("2001:db8::1:0:0:1", None),
        ("2001:db8:0:1:1:1:1:1", None),
    ],
)
def test_a_dubious_address_is_accepted_with_the_servers_warning(
    parse: Any, address: str, kind: str | None
) -> None:
    found = _warned(parse, address)
    if kind is None:
        assert found == []
        return
    assert len(found) == 2, found
    nameserver, alias = sorted(found)
    assert nameserver.startswith("dnsConfig.nameservers[0]: ")
    assert alias.startswith("hostAliases[0].ip: ")
    for message in found:
        assert kind in message and f'"{address}"' in message, message


def test_an_address_the_server_refuses_is_an_error_not_a_warning() -> None:
    with pytest.raises(ValidationError) as raised:
        _warned(PodSpec.from_dict, "1.2.3.256")
    assert {p.rule for p in raised.value.problems} == {
        "dns-config-nameserver-ip-valid",
        "host-alias-ip-valid",
    }
