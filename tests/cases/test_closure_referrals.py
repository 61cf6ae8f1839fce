"""Closing a case settles its referrals: one not yet taken on (待接收, or returned) is withdrawn and its office told;
one an office has taken on stays with it to finish, the office told the case is closed; none is reminded of any
more. The closure pages say so before the station decides."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import Child, Referral, ReferralReminder
from cases.reminders import record_overdue_referrals, run_reminder_pass
from cases.services import accept_referral, approve_closure, create_referral, request_closure, return_referral
from registry.models import Notification, Office

pytestmark = pytest.mark.django_db


def _status(client, child, action, reason=""):
    return client.post(reverse("cases:status_change", args=[child.pk, action]), {"reason": reason})


def _fresh(referral):
    return Referral.objects.get(pk=referral.pk)


@pytest.fixture
def referrals(director_a, police_user, school_user, child_a, org):
    """The child's referrals: pending at the police, accepted by the school, returned by the police."""
    police, school = Office.objects.get(code="police"), Office.objects.get(code="school")
    pending = create_referral(by=director_a, child=child_a, office=police, reason="请核查家庭情况")
    accepted = create_referral(by=director_a, child=child_a, office=school, reason="请落实控辍保学")
    accepted = accept_referral(by=school_user, referral=accepted, version=accepted.version)
    returned = create_referral(by=director_a, child=child_a, office=police, reason="请协助")
    returned = return_referral(by=police_user, referral=returned, version=returned.version, reason="非本部门职责")
    return {"pending": pending, "accepted": accepted, "returned": returned}


@pytest.fixture
def closing(director_a, child_a, referrals):
    request_closure(by=director_a, child=child_a, reason="已随父母迁出本镇")
    return Child.objects.get(pk=child_a.pk)


def test_both_closure_pages_list_the_referrals_not_yet_settled_and_what_closing_does(client, director_a,
                                                                                     station_user, child_a, referrals):
    client.force_login(director_a)
    page = client.get(reverse("cases:status_change", args=[child_a.pk, "request_close"])).content.decode()
    assert "待接收和被退回的转介将自动撤回" in page
    for referral in referrals.values():
        assert reverse("cases:referral_detail", args=[referral.pk]) in page
        assert client.get(reverse("cases:referral_detail", args=[referral.pk])).status_code == 200
    request_closure(by=director_a, child=child_a, reason="已迁出")
    client.force_login(station_user)
    page = client.get(reverse("cases:status_change", args=[child_a.pk, "approve_close"])).content.decode()
    assert 'id="unsettled-referrals"' in page


def test_the_reopen_page_says_nothing_of_referrals(client, station_user, child_a, referrals):
    Child.objects.filter(pk=child_a.pk).update(status=Child.Status.CLOSED)
    client.force_login(station_user)
    page = client.get(reverse("cases:status_change", args=[child_a.pk, "reopen"])).content.decode()
    assert 'id="unsettled-referrals"' not in page


def test_approving_the_closure_withdraws_what_no_office_took_on_and_tells_each_office(
        client, station_user, police_user, school_user, closing, referrals):
    before = {user: Notification.objects.filter(recipient=user).count() for user in (police_user, school_user)}
    client.force_login(station_user)
    assert _status(client, closing, "approve_close").status_code == 302

    assert _fresh(referrals["pending"]).status == Referral.Status.WITHDRAWN
    assert _fresh(referrals["returned"]).status == Referral.Status.WITHDRAWN
    assert "个案已结案" in _fresh(referrals["pending"]).withdraw_reason
    assert _fresh(referrals["accepted"]).status == Referral.Status.ACCEPTED
    police_notes = Notification.objects.filter(recipient=police_user).order_by("pk")[before[police_user]:]
    assert [note.title for note in police_notes] == ["转介已撤回"]  # the pending one; the returned one left them
    [school_note] = Notification.objects.filter(recipient=school_user).order_by("pk")[before[school_user]:]
    assert school_note.title == "转介所涉个案已结案" and f"转介 {referrals['accepted'].pk}" in school_note.body
    client.force_login(school_user)
    assert client.get(school_note.url).status_code == 200


def test_a_closed_cases_referral_is_not_reminded_of(station_user, school_user, closing, referrals):
    late = referrals["accepted"].due_date + dt.timedelta(days=10)
    record_overdue_referrals(today=late)  # recorded while the case was still open
    approve_closure(by=station_user, child=closing)
    run_reminder_pass(today=late)
    assert not ReferralReminder.objects.filter(sent_at__isnull=False).exists()
    assert not Notification.objects.filter(title__contains="逾期").exists()
