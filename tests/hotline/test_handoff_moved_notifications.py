"""A call corrected so that it no longer hands work to the office it was referred to (another office, another action):
that office is told, and what its staff were sent about the call loses its link when the call page would now answer
404 for them; the new office gets a link it may open; nobody else's notifications change."""

import pytest
from django.urls import reverse

from hotline.models import HotlineCall
from hotline.services import log_call, update_call
from registry.models import Notification, Office

pytestmark = pytest.mark.django_db

FIELDS = {"call_type": "report", "caller_relation": "teacher", "urgency": "urgent", "summary": "疑似家暴"}
MOVED = "热线来电不再转介本部门"


@pytest.fixture
def call(hotline_user, station_user, police_user, school_user, police_office):
    """Referred to the police, whose staff were told with a link."""
    return log_call(by=hotline_user, action="referred", office=police_office, **FIELDS)


def _referred_to(code):
    return "热线来电转介至" + Office.objects.get(code=code).name


def _detail(call):
    return reverse("hotline:detail", args=[call.pk])


def _notes(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def _all_notes():
    return list(Notification.objects.order_by("pk").values_list("pk", "recipient", "url", "title", "read_at"))


def _correct(call, by, **changes):
    call = HotlineCall.objects.get(pk=call.pk)
    return update_call(call=call, by=by, version=call.version, categories=[], **{**FIELDS, **changes})


def test_a_call_corrected_to_another_office_tells_the_old_one_and_its_notification_loses_the_dead_link(
        client, call, hotline_user, police_user, school_user):
    [handoff_note] = _notes(police_user)
    assert handoff_note.url == _detail(call)
    before = _all_notes()

    _correct(call, hotline_user, action="referred", office=Office.objects.get(code="school"))

    client.force_login(police_user)
    page = client.get(reverse("registry:notifications"))
    assert page.status_code == 200 and _detail(call) not in page.content.decode()
    old, moved = _notes(police_user)
    assert (old.pk, old.title, old.url) == (handoff_note.pk, _referred_to("police"), "")
    assert (moved.title, moved.url) == (MOVED, "") and f"来电 #{call.pk} 经更正后不再转介本部门" in moved.body
    response = client.get(reverse("registry:notification_open", args=[old.pk]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("registry:notifications"), 302)]
    assert client.get(_detail(call)).status_code == 404  # why the link had to go

    [school_note] = _notes(school_user)
    assert (school_note.title, school_note.url) == (_referred_to("school"), _detail(call))
    changed = {row[0] for row in set(_all_notes()) - set(before)}
    assert changed == {old.pk, moved.pk, school_note.pk}  # nobody else's notifications changed
    client.force_login(school_user)
    assert client.get(reverse("registry:notification_open", args=[school_note.pk]), follow=True).status_code == 200


def test_a_call_corrected_to_another_action_tells_the_old_office_and_takes_the_link_it_may_no_longer_open(
        client, call, hotline_user, police_user, school_user, station_user):
    _correct(call, hotline_user, action="answered", office=None)
    old, moved = _notes(police_user)
    assert old.url == "" and (moved.title, moved.url) == (MOVED, "")
    assert _notes(school_user) == [] and _notes(station_user) == []
    client.force_login(police_user)
    assert client.get(reverse("registry:notification_open", args=[old.pk]), follow=True).status_code == 200


def test_an_office_that_may_still_open_the_call_keeps_its_link_and_is_told_it_need_not_act(
        client, call, hotline_user, police_user):
    _correct(call, hotline_user, action="answered", office=Office.objects.get(code="police"))  # office left filled
    old, moved = _notes(police_user)
    assert old.url == _detail(call) and moved.title == MOVED
    client.force_login(police_user)
    assert client.get(old.url).status_code == 200


@pytest.mark.parametrize("fixture", ["police_user", "school_user", "director_a", "leader"])
def test_only_those_who_log_calls_may_correct_one_and_a_refused_correction_changes_no_notification(
        client, request, fixture, call, school_user):
    before = _all_notes()
    client.force_login(request.getfixturevalue(fixture))
    response = client.post(reverse("hotline:edit", args=[call.pk]), {
        **FIELDS, "action": "referred", "office": Office.objects.get(code="school").pk, "version": call.version})
    assert response.status_code in (403, 404)
    assert _all_notes() == before
    call.refresh_from_db()
    assert (call.office.code, call.version) == ("police", 1)
