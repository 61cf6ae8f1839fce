"""Referrals to offices: the office inbox shows only name, age, village and reason; the office acts on it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from cases.models import Referral
from cases.selectors import referrals_for_office
from cases.services import StaleReferral, accept_referral, complete_referral, create_referral, return_referral
from registry.models import Notification
from registry.services import grant_office_access
from tests.factories import GuardianFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(station_user, child_a, police):
    child_a.address = "甲村三组秘密住址"
    child_a.save()
    GuardianFactory(child=child_a, name="甲村监护人", phone="13911112222")
    return create_referral(by=station_user, child=child_a, office=police, reason="疑似监护人打骂，请派出所训诫")


def test_director_refers_child_and_office_staff_are_notified(client, director_a, child_a, police, police_user):
    client.force_login(director_a)
    response = client.post(reverse("cases:referral_create", args=[child_a.pk]),
                           {"office": police.pk, "reason": "需要训诫"})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.PENDING and referral.referred_by == director_a
    assert referral.due_date == timezone.localdate() + dt.timedelta(days=7)
    note = Notification.objects.get(recipient=police_user)
    assert note.url == reverse("cases:referral_detail", args=[referral.pk])
    assert child_a.name not in note.title + note.body  # e-mail leaves the portal


def test_urgent_referral_is_due_next_day(station_user, child_a, police):
    referral = create_referral(by=station_user, child=child_a, office=police, reason="紧急", urgent=True)
    assert referral.due_date == timezone.localdate() + dt.timedelta(days=1)


def test_office_inbox_shows_only_minimum_child_data(client, police_user, referral, child_a):
    client.force_login(police_user)
    body = client.get(reverse("cases:referral_list")).content.decode()
    assert child_a.name in body and child_a.village.name in body and "疑似监护人打骂" in body
    for secret in ("甲村三组秘密住址", "甲村监护人", "13911112222", child_a.id_number):
        assert secret not in body
    assert reverse("cases:child_detail", args=[child_a.pk]) not in body
    detail = client.get(reverse("cases:referral_detail", args=[referral.pk])).content.decode()
    assert f"{child_a.age} 岁" in detail
    for secret in ("甲村三组秘密住址", "甲村监护人", "13911112222", child_a.id_number):
        assert secret not in detail
    assert reverse("cases:child_detail", args=[child_a.pk]) not in detail


def test_office_user_opening_the_child_file_gets_404(client, police_user, referral, child_a):
    client.force_login(police_user)
    assert client.get(reverse("cases:child_detail", args=[child_a.pk])).status_code == 404


def test_office_selector_limits_to_own_office(police_user, school_user, referral):
    assert list(referrals_for_office(police_user)) == [referral]
    assert list(referrals_for_office(school_user)) == []


def test_other_office_cannot_see_or_act_on_referral(client, school_user, referral):
    client.force_login(school_user)
    assert client.get(reverse("cases:referral_detail", args=[referral.pk])).status_code == 404
    assert client.post(reverse("cases:referral_action", args=[referral.pk, "accept"])).status_code == 404
    assert Referral.objects.get().status == Referral.Status.PENDING


def test_referral_travels_accept_respond_done(client, police_user, station_user, referral):
    client.force_login(police_user)
    url = reverse("cases:referral_action", args=[referral.pk, "accept"])
    assert client.post(url, {"version": 1}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED and referral.handled_by == police_user
    complete = reverse("cases:referral_action", args=[referral.pk, "complete"])
    response = client.post(complete, {"response": "", "version": 2})
    assert response.status_code == 400 and "办结前请填写办理情况" in response.content.decode()
    client.post(complete, {"response": "已训诫监护人", "version": 2})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DONE and referral.response == "已训诫监护人"
    assert Notification.objects.filter(recipient=station_user, title="转介已办结").exists()


def test_an_office_saving_a_reply_is_told_the_reply_was_saved(client, police_user, referral):
    client.force_login(police_user)
    client.post(reverse("cases:referral_action", args=[referral.pk, "accept"]), {"version": 1}, follow=True)
    page = client.post(reverse("cases:referral_action", args=[referral.pk, "respond"]),
                       {"response": "已联系监护人", "version": 2}, follow=True).content.decode()
    assert "办理回复已保存。" in page and "已更新转介" not in page
    assert Referral.objects.get().response == "已联系监护人"


def test_return_needs_a_reason(client, police_user, station_user, referral):
    client.force_login(police_user)
    url = reverse("cases:referral_action", args=[referral.pk, "return"])
    response = client.post(url, {"reason": "", "version": 1})
    assert response.status_code == 400 and "退回转介必须填写理由" in response.content.decode()
    assert Referral.objects.get().status == Referral.Status.PENDING
    client.post(url, {"reason": "不属于本部门职责", "version": 1})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RETURNED and referral.return_reason == "不属于本部门职责"
    assert Notification.objects.filter(recipient=station_user, title="转介被退回").exists()


def test_done_referral_cannot_be_accepted_again(police_user, referral):
    accept_referral(by=police_user, referral=referral, version=referral.version)
    with pytest.raises(ValidationError):
        accept_referral(by=police_user, referral=referral, version=referral.version)


@pytest.mark.parametrize("fixture", ["station_user", "leader", "director_a"])
def test_only_the_office_acts_on_its_referral(client, request, fixture, referral):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("cases:referral_detail", args=[referral.pk])).status_code == 200
    assert client.post(reverse("cases:referral_action", args=[referral.pk, "accept"])).status_code == 403
    assert Referral.objects.get().status == Referral.Status.PENDING


@pytest.mark.parametrize("fixture, status", [("director_b", 404), ("hotline_user", 404), ("admin_account", 404)])
def test_referral_detail_refusals(client, request, fixture, status, referral, child_a):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(reverse("cases:referral_detail", args=[referral.pk]))
    assert response.status_code == status and child_a.name not in response.content.decode()


@pytest.mark.parametrize("fixture", ["hotline_user", "admin_account"])
def test_referral_list_refused_to_roles_without_referrals(client, request, fixture, referral):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("cases:referral_list")).status_code == 403


def test_director_b_list_does_not_show_other_village_referral(client, director_b, referral, child_a):
    client.force_login(director_b)
    assert child_a.name not in client.get(reverse("cases:referral_list")).content.decode()


@pytest.mark.parametrize("fixture, status", [("leader", 403), ("director_b", 404), ("police_user", 404)])
def test_referral_create_refusals(client, request, fixture, status, child_a, police):
    client.force_login(request.getfixturevalue(fixture))
    response = client.post(reverse("cases:referral_create", args=[child_a.pk]), {"office": police.pk, "reason": "x"})
    assert response.status_code == status
    assert not Referral.objects.exists()


def test_overdue_referral_is_flagged(client, police_user, referral):
    Referral.objects.filter(pk=referral.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    referral.refresh_from_db()
    assert referral.is_overdue
    client.force_login(police_user)
    assert "已逾期" in client.get(reverse("cases:referral_list")).content.decode()


def test_inbox_query_count_does_not_grow(client, police_user, station_user, child_a, police,
                                         django_assert_max_num_queries):
    client.force_login(police_user)
    create_referral(by=station_user, child=child_a, office=police, reason="一")
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("cases:referral_list"))
    for n in range(10):
        create_referral(by=station_user, child=child_a, office=police, reason=f"第{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("cases:referral_list"))


def test_the_referral_page_carries_the_version_it_shows(client, police_user, referral):
    accept_referral(by=police_user, referral=referral, version=1)
    client.force_login(police_user)
    body = client.get(reverse("cases:referral_detail", args=[referral.pk])).content.decode()
    assert 'name="version" value="2"' in body


def test_two_staff_answering_at_once_never_overwrite_each_other(client, police_user, referral):
    """Both opened the page at version 1; the first answer is kept, the second is refused with its text kept."""
    colleague = UserFactory(username="police2")
    grant_office_access(user=colleague, office=referral.office)
    url = reverse("cases:referral_action", args=[referral.pk, "respond"])
    client.force_login(police_user)
    assert client.post(url, {"response": "已电话联系监护人", "version": 1}).status_code == 302
    client.force_login(colleague)
    response = client.post(url, {"response": "已上门训诫", "version": 1})
    body = response.content.decode()
    assert response.status_code == 400 and "已被他人处理" in body and "已上门训诫" in body
    referral.refresh_from_db()
    assert (referral.response, referral.handled_by, referral.version) == ("已电话联系监护人", police_user, 2)


def test_a_referral_returned_meanwhile_is_not_completed_over_it(police_user, referral):
    accept_referral(by=police_user, referral=referral, version=1)
    stale = Referral.objects.get(pk=referral.pk)
    return_referral(by=police_user, referral=referral, version=2, reason="不属于本部门职责")
    with pytest.raises(StaleReferral):
        complete_referral(by=police_user, referral=stale, version=2, response="已办理")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RETURNED and referral.response == ""


@pytest.mark.parametrize("fixture", ["police_user", "director_a", "station_user", "leader"])
def test_opening_a_referral_is_logged_as_a_view_of_the_child(client, request, referral, fixture):
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    assert client.get(reverse("cases:referral_detail", args=[referral.pk])).status_code == 200
    log = AccessLog.objects.get(action=AccessLog.Action.VIEW)
    assert (log.user, log.object_type, log.object_ids, log.detail) == (
        user, "child", [referral.child_id], f"referral {referral.pk}")


@pytest.mark.parametrize("fixture", ["school_user", "director_b", "hotline_user"])
def test_a_refused_referral_page_logs_nothing(client, request, referral, fixture):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(reverse("cases:referral_detail", args=[referral.pk]))
    assert response.status_code in (403, 404) and "疑似监护人打骂" not in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.VIEW).exists()
