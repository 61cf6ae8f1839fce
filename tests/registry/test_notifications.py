import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.services import create_referral
from registry.models import Notification, Office
from registry.services import notify

pytestmark = pytest.mark.django_db


def test_notify_shows_in_portal_and_sends_mail_after_commit(client, director_a, django_capture_on_commit_callbacks):
    director_a.email = "a@zhanpu.local"
    director_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[director_a], compose=lambda: ("家访逾期提醒", "示例儿童家访已逾期"), url="/visits/")
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "家访逾期提醒"
    client.force_login(director_a)
    body = client.get(reverse("registry:notifications")).content.decode()
    assert "家访逾期提醒" in body
    assert 'id="unread-count">1<' in client.get("/").content.decode()


def test_opening_marks_read_and_follows_link(client, director_a):
    note = notify(recipients=[director_a], compose=lambda: ("t", ""), url="/visits/")[0]
    client.force_login(director_a)
    response = client.get(reverse("registry:notification_open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/visits/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_cannot_open_someone_elses_notification(client, director_a, director_b):
    note = notify(recipients=[director_a], compose=lambda: ("甲村提醒", ""))[0]
    client.force_login(director_b)
    assert client.get(reverse("registry:notification_open", args=[note.pk])).status_code == 404
    assert "甲村提醒" not in client.get(reverse("registry:notifications")).content.decode()
    note.refresh_from_db()
    assert note.read_at is None


def test_external_link_is_not_followed(client, director_a):
    note = notify(recipients=[director_a], compose=lambda: ("t", ""), url="https://evil.example/")[0]
    client.force_login(director_a)
    response = client.get(reverse("registry:notification_open", args=[note.pk]))
    assert response["Location"] == reverse("registry:notifications")


def test_read_all_needs_post(client, director_a):
    notify(recipients=[director_a], compose=lambda: ("t", ""))
    client.force_login(director_a)
    assert client.get(reverse("registry:notifications_read_all")).status_code == 405
    client.post(reverse("registry:notifications_read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def _read_in(client, language):
    client.post(reverse("set_language"), {"language": language, "next": "/"})


def test_each_reader_sees_a_notification_in_their_own_language(client, station_user, child_a, police_user,
                                                                django_capture_on_commit_callbacks):
    """The station reads the portal in English and refers a child; the police officer reads it in Chinese."""
    police_user.email = "police@zhanpu.local"
    police_user.save()
    client.force_login(station_user)
    _read_in(client, "en")
    police = Office.objects.get(code="police")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:referral_create", args=[child_a.pk]),
                               {"office": police.pk, "reason": "需要训诫"})
    assert response.status_code == 302
    assert mail.outbox[0].subject == "新的帮扶转介"  # e-mail: the police officer has chosen no language yet
    client.force_login(police_user)
    _read_in(client, "zh-hans")
    chinese = client.get(reverse("registry:notifications")).content.decode()
    assert "新的帮扶转介" in chinese and "请登录平台查看并接收" in chinese and "New support referral" not in chinese
    _read_in(client, "en")
    english = client.get(reverse("registry:notifications")).content.decode()
    assert "New support referral" in english and "Please log in" in english and "新的帮扶转介" not in english


def test_office_name_in_a_notification_follows_the_reader(client, station_user, police_user, child_a):
    """The referrer is told in their language which office finished the referral, whatever the office's."""
    police = Office.objects.get(code="police")
    referral = create_referral(by=station_user, child=child_a, office=police, reason="需要训诫")
    client.force_login(police_user)
    _read_in(client, "en")
    client.post(reverse("cases:referral_action", args=[referral.pk, "accept"]), {"version": 1})
    assert client.post(reverse("cases:referral_action", args=[referral.pk, "complete"]),
                       {"response": "已训诫", "version": 2}).status_code == 302
    client.force_login(station_user)
    _read_in(client, "zh-hans")
    chinese = client.get(reverse("registry:notifications")).content.decode()
    assert "转介已办结" in chinese and "派出所" in chinese
    _read_in(client, "en")
    english = client.get(reverse("registry:notifications")).content.decode()
    assert "Referral completed" in english and "Police Station" in english


def test_each_email_is_in_the_language_its_recipient_chose(client, director_a, director_b,
                                                           django_capture_on_commit_callbacks):
    director_a.email, director_b.email = "a@zhanpu.local", "b@zhanpu.local"
    director_a.save()
    director_b.save()
    client.force_login(director_b)
    _read_in(client, "en")  # director B chooses English in the portal; director A never chooses
    director_b.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[director_a, director_b], compose=lambda: (_("新的帮扶转介"), _("已保存。")))
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {"a@zhanpu.local": "新的帮扶转介", "b@zhanpu.local": "New support referral"}
    assert {message.to[0]: message.body for message in mail.outbox} == {"a@zhanpu.local": "已保存。",
                                                                         "b@zhanpu.local": "Saved."}


@override_settings(PORTAL_URL="https://portal.zhanpu.local")
def test_the_email_links_the_portal_by_its_full_address(director_a, django_capture_on_commit_callbacks):
    director_a.email = "a@zhanpu.local"
    director_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        [note] = notify(recipients=[director_a], compose=lambda: ("家访逾期提醒", "示例儿童家访已逾期"), url="/visits/")
    assert mail.outbox[0].body.endswith("\nhttps://portal.zhanpu.local/visits/")
    assert note.url == "/visits/"  # in the portal: a path, as every other link


@override_settings(PORTAL_URL="")
def test_deploy_check_warns_without_the_portal_address():
    from django.core.checks import run_checks

    assert "registry.W001" in [message.id for message in run_checks(include_deployment_checks=True)]


def test_unread_notifications_come_first_so_the_badge_is_never_out_of_sight(client, station_user):
    """Older unread escalations behind 200 newer ones already read: still on the list, at its top."""
    from django.utils import timezone  # noqa: PLC0415

    old = notify(recipients=[station_user], compose=lambda: ("较早的未读提醒", ""))
    notify(recipients=[station_user] * 200, compose=lambda: ("已读提醒", ""))
    Notification.objects.exclude(pk__in=[note.pk for note in old]).update(read_at=timezone.now())
    client.force_login(station_user)
    response = client.get(reverse("registry:notifications"))
    notes = list(response.context["notes"])
    assert len(notes) == 200 and notes[0].title == "较早的未读提醒" and notes[0].read_at is None


def test_unread_notifications_show_on_the_bar_of_a_phone_without_opening_the_menu(client, director_a):
    client.force_login(director_a)
    assert "data-unread-phone" not in client.get("/").content.decode()
    notify(recipients=[director_a], compose=lambda: ("热线来电：请派员入户", ""))
    body = client.get("/").content.decode()
    link = body.split("data-unread-phone")[0].rsplit("<a", 1)[1]
    assert f'href="{reverse("registry:notifications")}"' in link and "d-xl-none" in link  # hidden where the bar is open
    assert '<span class="badge text-bg-danger">1</span>' in body.split("data-unread-phone")[1].split("</a>")[0]
