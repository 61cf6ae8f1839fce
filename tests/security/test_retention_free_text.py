"""Anonymising a file leaves no free text naming the child or the family: the consent note, school and disability,
a referral's re-route and withdrawal reasons, and the Django admin's log of changes to the file."""

import datetime as dt

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.utils import timezone

from audit.retention import anonymise_children
from cases.models import Child, Referral
from registry.models import Office
from tests.factories import ChildFactory, GuardianFactory

pytestmark = pytest.mark.django_db


def test_anonymising_a_file_blanks_every_free_text_naming_the_child_or_the_family(village_a, station_user, org):
    child = ChildFactory(village=village_a, name="李小花", status=Child.Status.CLOSED,
                         lawful_basis="母亲张桂芳（电话13800138000）签字同意登记", disability="听力残疾二级",
                         school="湛普中心校", grade="三年级")
    mother = GuardianFactory(child=child, name="张桂芳", phone="13800138000")
    referral = Referral.objects.create(
        child=child, office=Office.objects.get(code="police"), reason="事由",
        due_date=timezone.localdate() + dt.timedelta(days=7), referred_by=station_user,
        withdraw_reason="李小花已随母亲张桂芳迁往外省", reroute_reason="李小花父亲在押，改派司法所",
    )
    # the station corrected the file in the Django admin once (LogEntry.object_repr = str(child) = the name)
    LogEntry.objects.log_actions(user_id=station_user.pk, queryset=[child], action_flag=CHANGE, single_object=True)

    anonymise_children(children=[child])

    child.refresh_from_db()
    referral.refresh_from_db()
    left = {
        "Child.lawful_basis": child.lawful_basis,
        "HistoricalChild.lawful_basis": list(child.history.values_list("lawful_basis", flat=True)),
        "Referral.withdraw_reason": referral.withdraw_reason,
        "Referral.reroute_reason": referral.reroute_reason,
        "admin LogEntry.object_repr": list(LogEntry.objects.filter(object_id=str(child.pk)).values_list(
            "object_repr", flat=True)),
    }
    leaks = {where: value for where, value in left.items() if "李小花" in str(value) or "张桂芳" in str(value)}
    assert not leaks, f"still naming the child or her mother after anonymisation: {leaks}"
    assert child.school == child.disability == "" and child.grade == "三年级"  # the grade names nobody
    mother.refresh_from_db()
    assert mother.phone == mother.phone_hash == ""
