"""A masked ID number cannot be turned back into the full one with what the same page shows beside it.

The number is region (6) + birth date (8) + sequence (3, odd for boys) + check digit. The file, the child export
and the admin list show the birth date and the sex next to the mask, and the region is the township's for most
children: the mask must leave many numbers possible even to a reader who knows all three."""

import datetime as dt
import re
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Child
from registry.validators import id_check_digit

pytestmark = pytest.mark.django_db
ENOUGH = 10  # numbers still possible; one would be the number itself


def possible_numbers(masked: str, child: Child) -> int:
    """How many valid numbers fit `masked` for a reader who knows the child's region, birth date and sex."""
    assert len(masked) == 18
    known = child.id_number[:6] + f"{child.birth_date:%Y%m%d}"
    count = 0
    for sequence in range(1000):
        first17 = known + f"{sequence:03d}"
        if (sequence % 2 == 1) != (child.sex == Child.Sex.MALE):
            continue
        number = first17 + id_check_digit(first17)
        if all(shown in ("*", digit) for shown, digit in zip(masked, number, strict=True)):
            count += 1
    return count


def test_a_checksum_valid_number_is_counted_once_in_full():
    child = Child(id_number="11010519491231002X", birth_date=dt.date(1949, 12, 31), sex=Child.Sex.FEMALE)
    assert possible_numbers(child.id_number, child) == 1


@pytest.mark.parametrize("role", ["director_a", "leader"])
def test_the_file_does_not_give_the_number_back(client, request, role, child_a):
    client.force_login(request.getfixturevalue(role))
    body = client.get(reverse("cases:child_detail", args=[child_a.pk])).content.decode()
    masked = re.search(r'id="child-id-number">([0-9X*]{18})<', body).group(1)
    assert f"{child_a.birth_date:%Y-%m-%d}" in body
    assert possible_numbers(masked, child_a) >= ENOUGH


def test_the_child_export_does_not_give_the_numbers_back(client, director_a, child_a):
    client.force_login(director_a)
    rows = list(load_workbook(BytesIO(client.get(reverse("cases:child_export")).content), read_only=True)
                .active.iter_rows(values_only=True))
    masked = rows[1][rows[0].index("身份证号码")]
    assert possible_numbers(masked, child_a) >= ENOUGH


def test_the_admin_child_list_does_not_give_the_numbers_back(client, leader, child_a):
    leader.user_permissions.add(*Permission.objects.filter(content_type__app_label="cases", codename="view_child"))
    client.force_login(leader)
    body = client.get(reverse("admin:cases_child_changelist")).content.decode()
    masked = re.search(r'<td class="field-masked_id_number">([0-9X*]{18})</td>', body).group(1)
    assert possible_numbers(masked, child_a) >= ENOUGH
