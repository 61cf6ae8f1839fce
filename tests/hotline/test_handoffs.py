"""A call's action hands work on (转介部门 → the office, 派员入户 → the child's village directors, or the station while
no child is linked): they are told once, with a link they may open, and no name or number leaves by e-mail."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hotline.models import HotlineCall, IssueCategory
from hotline.services import link_child, log_call, update_call
from registry.models import Notification, Office

pytestmark = pytest.mark.django_db


def _log(client, **extra):
    data = {
        "received_at": timezone.localtime(timezone.now() - dt.timedelta(minutes=3)).strftime("%Y-%m-%dT%H:%M"),
        "call_type": "report", "caller_relation": "neighbour", "caller_phone": "13911112222", "urgency": "urgent",
        "categories": [IssueCategory.objects.get(code="neglect").pk], "summary": "邻居反映孩子长期无人照看",
        "action": "home_visit", "office": "", "duration_minutes": "6",
    }
    data.update(extra)
    client.post(reverse("hotline:new"), data)
    return HotlineCall.objects.latest("pk")


def _notes(user):
    return list(Notification.objects.filter(recipient=user))


def test_a_call_referred_to_an_office_tells_its_staff_who_may_open_it(client, hotline_user, police_user,
                                                                      police_office, school_user,
                                                                      django_capture_on_commit_callbacks):
    police_user.email = "police@zhanpu.local"
    police_user.save()
    client.force_login(hotline_user)
    with django_capture_on_commit_callbacks(execute=True):
        call = _log(client, action="referred", office=police_office.pk)
    [note] = _notes(police_user)
    assert note.title == "热线来电转介至" + police_office.name and f"#{call.pk}" in note.body
    assert note.url == reverse("hotline:detail", args=[call.pk])
    assert _notes(school_user) == []
    assert "13911112222" not in mail.outbox[0].body and "邻居反映" not in mail.outbox[0].body
    client.force_login(police_user)
    assert client.get(note.url).status_code == 200


def test_a_home_visit_for_a_linked_child_tells_that_villages_directors(client, hotline_user, director_a,
                                                                       director_b, station_user, child_a):
    client.force_login(hotline_user)
    call = _log(client)
    link_child(call=call, child=child_a)
    [note] = _notes(director_a)
    assert note.title == "热线来电：请派员入户" and f"档案 {child_a.pk}" in note.body and child_a.name not in note.body
    assert _notes(director_b) == []
    client.force_login(director_a)
    assert client.get(note.url).status_code == 200


def test_a_home_visit_without_a_child_tells_the_station_then_the_directors_once_linked(
    client, hotline_user, station_user, director_a, child_a
):
    client.force_login(hotline_user)
    call = _log(client)
    assert "尚未关联儿童档案" in _notes(station_user)[0].body and _notes(director_a) == []
    link_child(call=call, child=child_a)
    assert len(_notes(director_a)) == 1 and len(_notes(station_user)) == 1


def test_correcting_a_call_tells_no_one_again_unless_the_hand_off_changes(hotline_user, police_user,
                                                                          police_office, school_user, org):
    fields = {"call_type": "help", "urgency": "normal", "caller_relation": "parent", "summary": "家长求助",
              "action": "referred"}
    call = log_call(by=hotline_user, office=police_office, **fields)
    call = update_call(call=call, by=hotline_user, version=call.version, office=police_office,
                       **{**fields, "summary": "家长求助，补充内容"})
    assert len(_notes(police_user)) == 1
    update_call(call=call, by=hotline_user, version=call.version, office=Office.objects.get(code="school"),
                **fields)
    # the police are told it moved (newest first), the school of its new hand-off
    assert [note.title for note in _notes(police_user)] == [
        "热线来电不再转介本部门", "热线来电转介至" + police_office.name]
    assert len(_notes(school_user)) == 1


def test_a_call_answered_on_the_spot_tells_no_one(client, hotline_user, station_user, police_user):
    client.force_login(hotline_user)
    _log(client, action="answered")
    assert not Notification.objects.exists()


def test_the_call_page_takes_the_director_to_the_file_and_the_visit_form(client, hotline_user, director_a, child_a):
    client.force_login(hotline_user)
    call = _log(client)
    link_child(call=call, child=child_a)
    client.force_login(director_a)
    body = client.get(reverse("hotline:detail", args=[call.pk])).content.decode()
    assert reverse("cases:child_detail", args=[child_a.pk]) in body
    assert reverse("visits:new", args=[child_a.pk]) in body
    client.force_login(hotline_user)  # the operator may not open children's files: no link offered
    body = client.get(reverse("hotline:detail", args=[call.pk])).content.decode()
    assert reverse("cases:child_detail", args=[child_a.pk]) not in body
    assert reverse("visits:new", args=[child_a.pk]) not in body
