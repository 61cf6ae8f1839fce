"""The visits admin is read-only and limited to children the user may see."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from visits.models import VisitReminder

from .factories import HomeVisitFactory

pytestmark = pytest.mark.django_db


def test_admin_pages_are_read_only_and_show_nothing_to_admin_without_villages(client, child_a, today):
    visit = HomeVisitFactory(child=child_a, visitors="甲村走访人")
    reminder = VisitReminder.objects.create(child=child_a, due_date=today, level=1)
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)  # holds no portal role
    client.force_login(superuser)
    for model in ("visitpolicy", "homevisit", "visitreminder"):
        response = client.get(reverse(f"admin:visits_{model}_changelist"))
        assert response.status_code == 200
        assert "甲村走访人" not in response.content.decode()
    assert client.get(reverse("admin:visits_homevisit_change", args=[visit.pk])).status_code == 302  # not visible
    assert client.get(reverse("admin:visits_visitreminder_change", args=[reminder.pk])).status_code == 302
    assert client.get(reverse("admin:visits_visitpolicy_add")).status_code == 403
