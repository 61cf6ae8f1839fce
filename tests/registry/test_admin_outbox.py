"""The five reminder outboxes in the admin: read only, record numbers only, rows of records the user may see."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import ReassessmentReminder, Referral, ReferralReminder
from hotline.models import CallReminder
from registry.models import Office, TaskReminder
from tests.factories import UserFactory
from tests.hotline.factories import CallFactory
from tests.registry.factories import TaskFactory
from visits.models import VisitReminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminders(child_a, station_user):
    today = timezone.localdate()
    referral = Referral.objects.create(child=child_a, office=Office.objects.get(code="police"), reason="核查",
                                       due_date=today - dt.timedelta(days=2), referred_by=station_user)
    call = CallFactory(child=child_a)
    return {
        "visitreminder": VisitReminder.objects.create(child=child_a, due_date=today, level=1),
        "reassessmentreminder": ReassessmentReminder.objects.create(child=child_a, due_date=today, level=1),
        "referralreminder": ReferralReminder.objects.create(referral=referral, due_date=referral.due_date, level=1),
        "callreminder": CallReminder.objects.create(call=call, due=call.follow_up_due, level=1),
        "taskreminder": TaskReminder.objects.create(task=TaskFactory(office=referral.office),
                                                    due_on=today - dt.timedelta(days=2), level=1),
    }


def _admin_url(row, view, *args):
    return reverse(f"admin:{row._meta.app_label}_{row._meta.model_name}_{view}", args=args)


def test_the_leadership_reads_every_outbox_and_can_change_nothing(client, leader, reminders):
    client.force_login(leader)
    for row in reminders.values():
        changelist = client.get(_admin_url(row, "changelist"))
        assert changelist.status_code == 200 and _admin_url(row, "change", row.pk) in changelist.content.decode()
        assert client.get(_admin_url(row, "add")).status_code == 403
        assert client.post(_admin_url(row, "delete", row.pk), {"post": "yes"}).status_code == 403
        assert type(row).objects.filter(pk=row.pk).exists()


def test_an_account_without_a_portal_role_sees_no_reminder(client, reminders):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    for row in reminders.values():
        assert _admin_url(row, "change", row.pk) not in client.get(_admin_url(row, "changelist")).content.decode()
        assert client.get(_admin_url(row, "change", row.pk)).status_code == 302  # "not found", back to the index


def test_the_outbox_admin_is_closed_to_portal_users_without_staff_status(client, director_a, reminders):
    client.force_login(director_a)
    for row in reminders.values():
        response = client.get(_admin_url(row, "changelist"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
