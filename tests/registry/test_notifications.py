import pytest
from django.core import mail
from django.urls import reverse

from registry.models import Notification
from registry.services import notify

pytestmark = pytest.mark.django_db


def test_notify_shows_in_portal_and_sends_mail_after_commit(client, director_a, django_capture_on_commit_callbacks):
    director_a.email = "a@zhanpu.local"
    director_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[director_a], title="家访逾期提醒", body="示例儿童家访已逾期", url="/visits/")
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "家访逾期提醒"
    client.force_login(director_a)
    body = client.get(reverse("registry:notifications")).content.decode()
    assert "家访逾期提醒" in body
    assert 'id="unread-count">1<' in client.get("/").content.decode()


def test_opening_marks_read_and_follows_link(client, director_a):
    note = notify(recipients=[director_a], title="t", url="/visits/")[0]
    client.force_login(director_a)
    response = client.get(reverse("registry:notification_open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/visits/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_cannot_open_someone_elses_notification(client, director_a, director_b):
    note = notify(recipients=[director_a], title="甲村提醒")[0]
    client.force_login(director_b)
    assert client.get(reverse("registry:notification_open", args=[note.pk])).status_code == 404
    assert "甲村提醒" not in client.get(reverse("registry:notifications")).content.decode()
    note.refresh_from_db()
    assert note.read_at is None


def test_external_link_is_not_followed(client, director_a):
    note = notify(recipients=[director_a], title="t", url="https://evil.example/")[0]
    client.force_login(director_a)
    response = client.get(reverse("registry:notification_open", args=[note.pk]))
    assert response["Location"] == reverse("registry:notifications")


def test_read_all_needs_post(client, director_a):
    notify(recipients=[director_a], title="t")
    client.force_login(director_a)
    assert client.get(reverse("registry:notifications_read_all")).status_code == 405
    client.post(reverse("registry:notifications_read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()
