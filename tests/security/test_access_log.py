"""The access-log search: station and leadership only, filters, fixed queries, no edit or delete anywhere."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog

URL = reverse("audit:access_log")


def _row(user, action=AccessLog.Action.VIEW, object_type="child", ids=(), days_ago=0, **extra):
    row = AccessLog.objects.create(
        user=user, username=user.username if user else "ghost", action=action, object_type=object_type,
        object_ids=list(ids), ip="10.0.0.9", **extra,
    )
    if days_ago:
        AccessLog.objects.filter(pk=row.pk).update(at=timezone.now() - dt.timedelta(days=days_ago))
    return row


@pytest.mark.parametrize("role", ["station_user", "leader"])
def test_station_and_leadership_can_search_the_log(client, role, request, director_a):
    client.force_login(request.getfixturevalue(role))
    _row(director_a, ids=[7], detail="打开档案")
    response = client.get(URL)
    assert response.status_code == 200
    assert "director_a" in response.content.decode()
    assert "打开档案" in response.content.decode()


# `db` declared: a test that only reaches the database through getfixturevalue is sorted after the transactional
# tests, whose serialized rollback leaves the database empty (no permissions to grant).
@pytest.mark.parametrize("role", ["director_a", "hotline_user", "police_user", "admin_account"])
def test_other_roles_are_refused(client, role, request, db):
    user = request.getfixturevalue(role)
    _row(user, detail="秘密的日志")
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 403
    assert "秘密的日志" not in response.content.decode()


def test_account_menu_offers_the_log_only_to_those_who_may_read_it(client, station_user, leader, director_a,
                                                                     hotline_user):
    for user, offered in ((station_user, True), (leader, True), (director_a, False), (hotline_user, False)):
        client.force_login(user)
        assert (f'class="dropdown-item" href="{URL}"' in client.get("/").content.decode()) is offered, user


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _listed(response):
    return {row.pk for row in response.context["page"]}


def test_filters_by_user_action_dates_and_object(client, station_user, director_a, director_b):
    client.force_login(station_user)
    view_a = _row(director_a, ids=[12, 30])
    export_a = _row(director_a, action=AccessLog.Action.EXPORT, ids=[3, 120])
    old_b = _row(director_b, ids=[12], days_ago=10)
    guardian_b = _row(director_b, object_type="guardian", ids=[12])

    assert _listed(client.get(URL, {"username": "director_a"})) == {view_a.pk, export_a.pk}
    assert _listed(client.get(URL, {"username": director_a.real_name})) == {view_a.pk, export_a.pk}  # as shown
    assert _listed(client.get(URL, {"action": "export"})) == {export_a.pk}
    assert _listed(client.get(URL, {"object_type": "child", "object_id": 12})) == {view_a.pk, old_b.pk}
    assert _listed(client.get(URL, {"object_id": 3})) == {export_a.pk}  # 3 is not 30 nor 120
    since = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert _listed(client.get(URL, {"date_from": since, "username": "director_b"})) == {guardian_b.pk}
    until = (timezone.localdate() - dt.timedelta(days=5)).isoformat()
    assert _listed(client.get(URL, {"date_to": until})) == {old_b.pk}


def test_bad_filter_input_is_reported_not_crashed(client, station_user):
    client.force_login(station_user)
    response = client.get(URL, {"date_from": "not-a-date", "object_id": "x"})
    assert response.status_code == 200
    assert response.context["filter"].errors


@pytest.mark.parametrize("rows", [5, 120])
def test_log_page_uses_a_fixed_number_of_queries(client, station_user, director_a, rows,
                                                 django_assert_max_num_queries):
    AccessLog.objects.bulk_create(
        [AccessLog(user=director_a, username="director_a", action="view", object_ids=[n]) for n in range(rows)]
    )
    client.force_login(station_user)
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"action": "view"})
    assert len(response.context["page"]) == min(rows, 50)


def test_log_is_paginated(client, station_user, director_a):
    AccessLog.objects.bulk_create(
        [AccessLog(user=director_a, username="director_a", action="view", object_ids=[n]) for n in range(120)]
    )
    client.force_login(station_user)
    response = client.get(URL, {"action": "view", "page": 3})
    assert response.context["page"].number == 3
    assert len(response.context["page"]) == 20
    assert "action=view&amp;page=2" in response.content.decode()


def test_admin_shows_the_log_read_only(client, leader, director_a):
    row = _row(director_a, ids=[1])
    client.force_login(leader)
    assert client.get(reverse("admin:audit_accesslog_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_accesslog_add")).status_code == 403
    assert client.post(reverse("admin:audit_accesslog_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    client.post(reverse("admin:audit_accesslog_change", args=[row.pk]), {"detail": "改过"})
    row.refresh_from_db()
    assert row.detail == ""
    assert AccessLog.objects.filter(pk=row.pk).exists()


def test_admin_account_cannot_read_the_log_in_admin(client, admin_account):
    client.force_login(admin_account)
    assert client.get(reverse("admin:audit_accesslog_changelist")).status_code == 403


def test_reading_a_childs_file_as_director_a_is_logged(client, director_a, child_a):
    client.force_login(director_a)
    assert client.get(reverse("cases:child_detail", args=[child_a.pk])).status_code == 200
    row = AccessLog.objects.get(action=AccessLog.Action.VIEW)
    assert (row.user, row.object_type, row.object_ids) == (director_a, "child", [child_a.pk])


def test_an_export_is_logged_with_the_ids_it_contained(client, director_a, child_a, child_b):
    client.force_login(director_a)
    assert client.get(reverse("cases:child_export")).status_code == 200
    row = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert row.object_ids == [child_a.pk]


def test_printing_a_childs_file_is_logged_for_whoever_may_see_it(client, director_a, child_a):
    client.force_login(director_a)
    page = client.get(reverse("cases:child_detail", args=[child_a.pk])).content.decode()
    url = reverse("audit:child_printed", args=[child_a.pk])
    assert f'data-print-log="{url}"' in page
    assert client.post(url).status_code == 204
    row = AccessLog.objects.get(action=AccessLog.Action.PRINT)
    assert (row.user, row.object_type, row.object_ids) == (director_a, "child", [child_a.pk])


def test_a_print_record_for_a_file_one_may_not_see_is_refused_and_not_logged(client, director_b, child_a):
    client.force_login(director_b)
    assert client.post(reverse("audit:child_printed", args=[child_a.pk])).status_code == 404
    assert client.get(reverse("audit:child_printed", args=[child_a.pk])).status_code == 405
    assert not AccessLog.objects.filter(action=AccessLog.Action.PRINT).exists()


def test_rows_name_the_kind_of_record_and_link_a_childs_file(client, leader, director_a, child_a):
    _row(director_a, ids=[child_a.pk], detail="打开档案")
    _row(director_a, object_type="guardian", ids=[5])
    client.force_login(leader)
    body = client.get(URL, {"object_type": "child"}).content.decode()
    assert "<td>儿童档案</td>" in body and "<td>监护人</td>" not in body
    assert f'<a href="{reverse("cases:child_detail", args=[child_a.pk])}">{child_a.pk}</a>' in body
    assert 'name="object_type"' in body and '<option value="child" selected>儿童档案</option>' in body


@pytest.mark.parametrize("fixture,offered", [("leader", True), ("station_user", True), ("director_a", False)])
def test_a_childs_file_links_its_access_log_for_those_who_may_read_it(client, request, child_a, fixture, offered):
    client.force_login(request.getfixturevalue(fixture))
    body = client.get(reverse("cases:child_detail", args=[child_a.pk])).content.decode()
    assert (f"{URL}?object_type=child&amp;object_id={child_a.pk}" in body) is offered
