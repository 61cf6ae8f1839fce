"""Calls from one number: listed on a call's page and, while the operator types the number, under the logging form;
each user sees only the calls they may see; the number itself is never stored in clear for matching."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from audit.retention import anonymise_children
from hotline.models import HotlineCall, caller_phone_hash
from zhanpu.crypto import keyed_hash

from .factories import CallFactory

pytestmark = pytest.mark.django_db

HISTORY = reverse("hotline:caller_history")


def _calls_from(phone, count, **fields):
    now = timezone.now()
    return [CallFactory(caller_phone=phone, received_at=now - dt.timedelta(days=n + 1), **fields) for n in range(count)]


def test_the_operator_typing_a_number_sees_the_calls_it_made_before(client, hotline_user):
    earlier = _calls_from("13800138000", 2)
    CallFactory(caller_phone="13900000000")
    client.force_login(hotline_user)
    response = client.post(HISTORY, {"caller_phone": "+86 138-0013-8000"})
    body = response.content.decode()
    assert response.status_code == 200 and 'data-count="2"' in body and "此号码此前来电 2 次" in body
    assert all(reverse("hotline:detail", args=[call.pk]) in body for call in earlier)
    assert "13800138000" not in body  # the list shows the calls, not the number


@pytest.mark.parametrize(("stored", "typed"), [
    ("023-70630963", "02370630963"), ("02370630963", "023-70630963"), ("023-70630963", "023 7063 0963"),
    ("023-70630963", "(023)70630963"), ("13800138000", "86 13800138000"),
])
def test_a_number_typed_another_way_finds_the_calls_it_made_before(client, hotline_user, stored, typed):
    earlier = _calls_from(stored, 1)
    client.force_login(hotline_user)
    body = client.post(HISTORY, {"caller_phone": typed}).content.decode()
    assert 'data-count="1"' in body and reverse("hotline:detail", args=[earlier[0].pk]) in body


def test_the_migration_rehashes_a_landline_stored_with_its_dash(hotline_user):
    call = CallFactory(caller_phone="023-70630963")
    HotlineCall.objects.filter(pk=call.pk).update(caller_phone_hash=keyed_hash("023-70630963"))  # as stored before
    importlib.import_module("hotline.migrations.0013_caller_phone_hash_digits").rehash(apps, None)
    assert HotlineCall.objects.get(pk=call.pk).caller_phone_hash == caller_phone_hash("02370630963")


def test_only_the_most_recent_calls_are_listed_with_the_count_of_all(client, station_user):
    calls = _calls_from("13800138000", 7)
    client.force_login(station_user)
    body = client.post(HISTORY, {"caller_phone": "13800138000"}).content.decode()
    assert 'data-count="7"' in body
    assert body.count('href="/hotline/') == 5 and reverse("hotline:detail", args=[calls[0].pk]) in body


def test_a_new_number_or_an_incomplete_one_says_so_or_nothing(client, hotline_user):
    _calls_from("13800138000", 1)
    client.force_login(hotline_user)
    assert "此号码没有来电记录" in client.post(HISTORY, {"caller_phone": "13700000000"}).content.decode()
    incomplete = client.post(HISTORY, {"caller_phone": "138001"}).content.decode()
    assert "此号码" not in incomplete and "/hotline/" not in incomplete


def test_the_lookup_is_logged_with_the_calls_shown_never_the_number(client, hotline_user):
    earlier = _calls_from("13800138000", 1)
    client.force_login(hotline_user)
    client.post(HISTORY, {"caller_phone": "13800138000"})
    entry = AccessLog.objects.get(action=AccessLog.Action.SEARCH, object_type="hotline_call")
    assert entry.object_ids == [earlier[0].pk] and "13800138000" not in entry.detail


@pytest.mark.parametrize("role", ["leader", "director_a", "police_user", "school_user", "admin_account"])
def test_roles_that_do_not_log_calls_cannot_look_numbers_up(client, request, role):
    earlier = _calls_from("13800138000", 1)
    client.force_login(request.getfixturevalue(role))
    response = client.post(HISTORY, {"caller_phone": "13800138000"})
    body = response.content.decode()
    assert response.status_code == 403
    assert reverse("hotline:detail", args=[earlier[0].pk]) not in body and "此号码" not in body


def test_the_lookup_takes_no_get_and_no_anonymous_user(client, hotline_user):
    assert client.post(HISTORY, {"caller_phone": "13800138000"}).status_code == 302  # to the login page
    client.force_login(hotline_user)
    assert client.get(HISTORY, {"caller_phone": "13800138000"}).status_code == 405


def test_the_logging_form_asks_for_the_history_as_the_number_is_typed(client, hotline_user):
    client.force_login(hotline_user)
    body = client.get(reverse("hotline:new")).content.decode()
    assert f'hx-post="{HISTORY}"' in body and 'hx-params="caller_phone"' in body and 'id="caller-history"' in body


def test_a_calls_page_lists_the_other_calls_from_its_number(client, hotline_user):
    call, *others = _calls_from("13800138000", 3)
    anonymous = CallFactory(caller_phone="")
    client.force_login(hotline_user)
    body = client.get(reverse("hotline:detail", args=[call.pk])).content.decode()
    assert "同一号码的其他来电：2 次" in body
    assert all(reverse("hotline:detail", args=[other.pk]) in body for other in others)
    assert 'id="same-number"' not in client.get(reverse("hotline:detail", args=[anonymous.pk])).content.decode()


def test_a_director_sees_only_the_calls_about_own_villages_children(client, director_a, child_a, child_b):
    own, other_village, unlinked = (
        CallFactory(caller_phone="13800138000", child=child_a),
        CallFactory(caller_phone="13800138000", child=child_b),
        CallFactory(caller_phone="13800138000"),
    )
    CallFactory(caller_phone="13800138000", child=child_a, received_at=timezone.now() - dt.timedelta(days=3))
    client.force_login(director_a)
    body = client.get(reverse("hotline:detail", args=[own.pk])).content.decode()
    assert "同一号码的其他来电：1 次" in body
    assert reverse("hotline:detail", args=[other_village.pk]) not in body
    assert reverse("hotline:detail", args=[unlinked.pk]) not in body


def test_changing_or_anonymising_a_number_moves_its_calls_out_of_the_match(child_a):
    call = CallFactory(caller_phone="13800138000", child=child_a)
    first_hash = call.caller_phone_hash
    call.caller_phone = "13900000000"
    call.save()
    assert call.caller_phone_hash not in ("", first_hash)
    anonymise_children(children=[child_a])
    assert HotlineCall.objects.get(pk=call.pk).caller_phone_hash == ""


def test_calls_logged_before_the_hash_existed_get_it_from_the_migration():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("hotline.migrations.0007_caller_phone_hash")
    typed_plainly, typed_with_blanks = _calls_from("13800138000", 2)
    HotlineCall.objects.filter(pk=typed_with_blanks.pk).update(caller_phone="138 0013 8000")  # (stored encrypted)
    HotlineCall.objects.update(caller_phone_hash="")
    migration.hash_caller_phones(apps, None)
    hashes = set(HotlineCall.objects.values_list("caller_phone_hash", flat=True))
    assert hashes == {typed_plainly.caller_phone_hash} and "" not in hashes
