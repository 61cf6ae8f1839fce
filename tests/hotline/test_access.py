"""Who sees which calls (hotline.selectors.calls_visible_to) and who may act on them, role by role, through HTTP."""

import pytest
from django.urls import reverse

from hotline.selectors import calls_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(call_a, call_b, call_police):
    return {"a": call_a, "b": call_b, "police": call_police}


@pytest.mark.parametrize("fixture,expected", [
    ("leader", {"a", "b", "police"}),
    ("station_user", {"a", "b", "police"}),
    ("hotline_user", {"a", "b", "police"}),
    ("director_a", {"a"}),
    ("director_b", {"b"}),
    ("police_user", {"police"}),
    ("school_user", set()),
    ("admin_account", set()),
])
def test_calls_visible_to_each_role(request, calls, fixture, expected):
    user = request.getfixturevalue(fixture)
    assert set(calls_visible_to(user)) == {calls[key] for key in expected}


def test_inactive_user_sees_no_call(calls, hotline_user):
    hotline_user.is_active = False
    assert not calls_visible_to(hotline_user).exists()


def test_director_with_an_office_sees_both_kinds(calls, director_a, police_office):
    from registry.services import grant_office_access

    grant_office_access(user=director_a, office=police_office)
    director_a.refresh_from_db()
    assert set(calls_visible_to(director_a)) == {calls["a"], calls["police"]}


@pytest.mark.parametrize("fixture,hidden", [
    ("director_a", "b"), ("director_b", "a"), ("police_user", "a"), ("school_user", "police"), ("admin_account", "a"),
])
def test_call_not_visible_is_404_and_shows_nothing(client, request, calls, fixture, hidden):
    client.force_login(request.getfixturevalue(fixture))
    call = calls[hidden]
    response = client.get(reverse("hotline:detail", args=[call.pk]))
    assert response.status_code == 404
    assert call.summary not in response.content.decode()


@pytest.mark.parametrize("fixture,own", [("director_a", "a"), ("police_user", "police"), ("leader", "b")])
def test_readers_see_their_calls_but_may_not_change_them(client, request, calls, fixture, own):
    client.force_login(request.getfixturevalue(fixture))
    call = calls[own]
    assert client.get(reverse("hotline:detail", args=[call.pk])).status_code == 200
    assert client.get(reverse("hotline:edit", args=[call.pk])).status_code == 403
    version = {"version": call.version}
    assert client.post(reverse("hotline:callback", args=[call.pk]), {**version, "callback_at": "2026-01-01T10:00",
                                                                       "callback_result": "x"}).status_code == 403
    assert client.post(reverse("hotline:close", args=[call.pk]), {**version, "outcome": "x"}).status_code == 403
    assert client.post(reverse("hotline:link", args=[call.pk]), {"name": "甲"}).status_code == 403
    call.refresh_from_db()
    assert call.status == "open" and call.version == 1


def test_ledger_lists_only_visible_calls(client, calls, director_a):
    client.force_login(director_a)
    body = client.get(reverse("hotline:ledger")).content.decode()
    assert "甲村儿童" in body
    assert "乙社区儿童" not in body and f'data-call="{calls["police"].pk}"' not in body


def test_office_ledger_shows_only_referred_calls(client, calls, police_user):
    client.force_login(police_user)
    body = client.get(reverse("hotline:ledger")).content.decode()
    assert f'data-call="{calls["police"].pk}"' in body
    assert "甲村儿童" not in body and "乙社区儿童" not in body


@pytest.mark.parametrize("name", ["hotline:ledger", "hotline:export", "hotline:stats"])
def test_admin_gets_no_ledger(client, calls, admin_account, name):
    client.force_login(admin_account)
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert "甲村儿童" not in response.content.decode()


@pytest.mark.parametrize("fixture", ["leader", "director_a", "police_user", "admin_account"])
def test_follow_up_page_is_for_operator_and_station(client, request, calls, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("hotline:followup")).status_code == 403


def test_operator_edits_any_call(client, calls, hotline_user):
    client.force_login(hotline_user)
    assert client.get(reverse("hotline:edit", args=[calls["b"].pk])).status_code == 200


def test_nav_shows_logging_only_to_operator_and_station(client, hotline_user, director_a, leader):
    client.force_login(hotline_user)
    body = client.get("/").content.decode()
    assert reverse("hotline:new") in body and reverse("hotline:ledger") in body
    for user in (director_a, leader):
        client.force_login(user)
        body = client.get("/").content.decode()
        assert reverse("hotline:new") not in body and reverse("hotline:ledger") in body
