"""HugePages values must be whole multiples of their page size (IsHugePageResourceValueDivisible).

The server rounds the value up to whole bytes (Quantity.Value()) and divides it by the
size the resource name gives (hugepages-<size>); a size that is not whole positive bytes
is the size check's to report, not this one's.
"""

from __future__ import annotations

from typing import Any

import pytest
from podspec import PodSpec, ValidationError, fast


def _spec(name: str, amount: Any) -> dict[str, Any]:
    limits = {name: amount, "memory": "1Gi"}
    return {
        "containers": [
            {"name": "app", "image": "nginx", "resources": {"limits": limits}}
        ]
    }


@pytest.mark.parametrize("parse", [PodSpec.from_dict, fast.PodSpec.from_dict])
@pytest.mark.parametrize(
    ("name", "amount", "divisible"),
    [
        ("hugepages-2Mi", "4Mi", True),
        ("hugepages-2Mi", "0", True),
        ("hugepages-2Mi", 4194304, True),
        ("hugepages-1Gi", "2Gi", True),
        ("hugepages-1Gi", "2048Mi", True),
        ("hugepages-64Ki", "1Mi", True),
        ("hugepages-2048Ki", "2Mi", True),
        ("hugepages-2Mi", "3Mi", False),
        ("hugepages-2Mi", "1Gi", True),
        ("hugepages-1Gi", "1.5Gi", False),
        ("hugepages-2Mi", "2097153", False),
    ],
)
def test_a_hugepages_limit_is_a_multiple_of_its_page_size(
    parse: Any, name: str, amount: Any, divisible: bool
) -> None:
    if divisible:
        parse(_spec(name, amount))
        return
    with pytest.raises(ValidationError) as raised:
        parse(_spec(name, amount))
    (problem,) = raised.value.problems
    assert problem.rule == "resources-hugepages-multiple"
    assert problem.path == f"containers[0].resources.limits[{name}]"
    assert problem.message.endswith(f"is not positive integer multiple of {name}")


def test_a_page_size_that_is_no_size_is_the_size_check_s_to_report() -> None:
    with pytest.raises(ValidationError) as raised:
        PodSpec.from_dict(_spec("hugepages-foo", "3Mi"))
    assert {p.rule for p in raised.value.problems} == {
        "resources-hugepages-size-parses"
    }


# The page size is what resource.ParseQuantity reads from the name, untrimmed, and it
# must be whole positive bytes once its thousandths are rounded up (MilliValue()).
@pytest.mark.parametrize("parse", [PodSpec.from_dict, fast.PodSpec.from_dict])
@pytest.mark.parametrize(
    ("name", "amount"),
    [
        ("hugepages-1000000u", "2"),  # 1 byte
        ("hugepages-1.5e3", "3k"),  # 1500 bytes
        ("hugepages-10e-1", "5"),  # 1 byte
        ("hugepages-2.0Mi", "4Mi"),
        ("hugepages-0.9999999", "3"),  # 999.9999 thousandths round up to one byte
    ],
)
def test_a_page_size_is_read_as_the_quantity_library_reads_it(
    parse: Any, name: str, amount: str
) -> None:
    parse(_spec(name, amount))


@pytest.mark.parametrize("parse", [PodSpec.from_dict, fast.PodSpec.from_dict])
@pytest.mark.parametrize(
    "name",
    [
        *("hugepages-foo", "hugepages-0", "hugepages-1500m", "hugepages-0.0001k"),
        *("hugepages--2Mi", "hugepages-", "hugepages-1.0001", "hugepages-2Mi "),
    ],
)
def test_a_page_size_that_is_not_whole_positive_bytes_is_refused(
    parse: Any, name: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        parse(_spec(name, "2"))
    found = {p.rule: p for p in raised.value.problems}
    problem = found["resources-hugepages-size-parses"]
    assert problem.path == f"containers[0].resources.limits[{name}]"
    assert problem.message.endswith(f"2 is not positive integer multiple of {name}")
    assert "resources-hugepages-multiple" not in found


def test_a_page_size_with_a_sign_is_no_resource_name() -> None:
    """`+2Mi` parses, but `+` is no character of a qualified name."""
    with pytest.raises(ValidationError) as raised:
        PodSpec.from_dict(_spec("hugepages-+2Mi", "4Mi"))
    assert {p.rule for p in raised.value.problems} == {"resources-limits-name-format"}
