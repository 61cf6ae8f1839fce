"""A guardian's phone number entered, replaced or cleared shows in the child's history as such: the number's field
with "（已加密，不显示）", never the number (kept out of the history) nor its hash."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from audit.selectors import history_where
from cases.models import Guardian
from tests.factories import GuardianFactory

pytestmark = pytest.mark.django_db
HIDDEN = "（已加密，不显示）"


def _latest_changes(child):
    latest = history_where(Guardian, child_id=child.pk)[0]
    return latest.kind, [(change.label, change.old, change.new) for change in latest.changes]


def _save_phone(guardian, phone, by):
    guardian.phone = phone
    guardian._history_user = by
    guardian.save()


def test_a_replaced_number_shows_as_a_change_of_the_number(station_user, child_a):
    guardian = GuardianFactory(child=child_a, phone="13900001111")
    _save_phone(guardian, "13900002222", station_user)
    assert _latest_changes(child_a) == ("changed", [("联系电话", HIDDEN, HIDDEN)])


def test_a_number_entered_then_cleared_shows_both(station_user, child_a):
    guardian = GuardianFactory(child=child_a, phone="")
    _save_phone(guardian, "13900001111", station_user)
    assert _latest_changes(child_a) == ("changed", [("联系电话", "—", HIDDEN)])
    _save_phone(guardian, "", station_user)
    assert _latest_changes(child_a) == ("changed", [("联系电话", HIDDEN, "—")])


def test_a_save_without_a_new_number_shows_no_number_change(station_user, child_a):
    guardian = GuardianFactory(child=child_a, phone="13900001111")
    guardian.name = "新名字"
    _save_phone(guardian, "13900001111", station_user)
    assert [label for label, _old, _new in _latest_changes(child_a)[1]] == ["姓名"]


def test_the_stations_history_page_shows_the_change_and_never_the_number(client, station_user, child_a):
    guardian = GuardianFactory(child=child_a, phone="13900001111")
    _save_phone(guardian, "13900002222", station_user)
    client.force_login(station_user)
    body = client.get(reverse("cases:child_history", args=[child_a.pk])).content.decode()
    assert "联系电话" in body and HIDDEN in body
    assert "13900001111" not in body and "13900002222" not in body and guardian.phone_hash not in body


def test_the_migration_gives_existing_guardians_and_their_history_the_hash(station_user, child_a):
    guardian = GuardianFactory(child=child_a, phone="13900001111")
    Guardian.objects.filter(pk=guardian.pk).update(phone_hash="")  # as before cases 0031
    guardian.history.update(phone_hash="")
    importlib.import_module("cases.migrations.0031_guardian_phone_hash").fill_hashes(apps, None)
    guardian.refresh_from_db()
    assert guardian.phone_hash and set(guardian.history.values_list("phone_hash", flat=True)) == {guardian.phone_hash}
    guardian.situation = Guardian.Situation.MIGRANT
    guardian._history_user = station_user
    guardian.save()
    assert [label for label, _old, _new in _latest_changes(child_a)[1]] == ["状况"]
