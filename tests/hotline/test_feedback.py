"""办理反馈: the office a call is referred to says what it did; the operator following the call up reads it and is
told. Only that office's staff, the station and the operators may write it."""

import pytest
from django.urls import reverse

from hotline.models import CallFeedback
from registry.models import Notification

pytestmark = pytest.mark.django_db


def _send(client, call, text="已联系监护人，孩子已由祖母照看"):
    return client.post(reverse("hotline:feedback", args=[call.pk]), {"text": text})


def test_the_referred_office_writes_feedback_the_operator_reads_and_is_told(client, call_police, police_user,
                                                                            hotline_user):
    client.force_login(police_user)
    assert 'action="{}"'.format(reverse("hotline:feedback", args=[call_police.pk])) in client.get(
        reverse("hotline:detail", args=[call_police.pk])).content.decode()
    assert _send(client, call_police).status_code == 302
    feedback = CallFeedback.objects.get()
    assert (feedback.author, feedback.office.code) == (police_user, "police")
    note = Notification.objects.get(recipient=hotline_user)
    assert note.url == reverse("hotline:detail", args=[call_police.pk])
    client.force_login(hotline_user)
    body = client.get(note.url).content.decode()
    assert "已联系监护人，孩子已由祖母照看" in body and "data-feedback" in body


def test_an_empty_feedback_is_refused_with_a_message(client, call_police, police_user):
    client.force_login(police_user)
    response = _send(client, call_police, text="  ")
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    assert not CallFeedback.objects.exists()


@pytest.mark.parametrize("fixture,status", [("school_user", 404), ("director_a", 404), ("leader", 403)])
def test_others_cannot_write_feedback(client, request, call_police, fixture, status):
    client.force_login(request.getfixturevalue(fixture))
    assert _send(client, call_police).status_code == status
    assert not CallFeedback.objects.exists() and not Notification.objects.exists()


def test_a_director_who_sees_the_call_reads_feedback_but_cannot_write(client, call_a, director_a, police_user,
                                                                      station_user):
    client.force_login(station_user)
    _send(client, call_a, text="工作站已安排入户")
    client.force_login(director_a)
    body = client.get(reverse("hotline:detail", args=[call_a.pk])).content.decode()
    assert "工作站已安排入户" in body and reverse("hotline:feedback", args=[call_a.pk]) not in body
    assert _send(client, call_a).status_code == 403
    assert CallFeedback.objects.count() == 1
