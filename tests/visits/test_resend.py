"""A visit form sent again after its answer was lost on a weak connection files one visit, not two; the same form
key with other input is refused with the input kept (zhanpu/drafts.py)."""

import re
import uuid

import pytest
from django.urls import reverse

from visits.models import HomeVisit

from .factories import HomeVisitFactory, visit_form_data

pytestmark = pytest.mark.django_db

DRAFT = {"X-Draft-Fetch": "1"}


def _key_on_the_page(client, child) -> str:
    body = client.get(reverse("visits:new", args=[child.pk])).content.decode()
    return re.search(r'name="submission_key" value="([0-9a-f-]{36})"', body).group(1)


def test_each_showing_of_the_form_carries_a_new_key(client, director_a, child_a):
    client.force_login(director_a)
    first, second = _key_on_the_page(client, child_a), _key_on_the_page(client, child_a)
    assert first != second


def test_a_visit_sent_again_after_its_answer_was_lost_is_filed_once(client, director_a, child_a):
    client.force_login(director_a)
    data = visit_form_data(submission_key=_key_on_the_page(client, child_a))
    url = reverse("visits:new", args=[child_a.pk])
    first = client.post(url, data, headers=DRAFT)  # stored; the phone never got this answer
    again = client.post(url, data, headers=DRAFT)
    visit = HomeVisit.objects.get(child=child_a)
    saved_page = reverse("visits:child", args=[child_a.pk]) + f"?saved={visit.pk}"
    assert first.json() == again.json() == {"location": saved_page}
    assert visit.submission_key == uuid.UUID(data["submission_key"])


def test_the_same_key_with_other_input_is_refused_and_the_input_kept(client, director_a, child_a):
    client.force_login(director_a)
    key = _key_on_the_page(client, child_a)
    url = reverse("visits:new", args=[child_a.pk])
    client.post(url, visit_form_data(submission_key=key))
    response = client.post(url, visit_form_data(submission_key=key, problems="另一次走访发现的问题"))
    body = response.content.decode()
    assert response.status_code == 200 and "这份表单已经提交过" in body and "另一次走访发现的问题" in body
    assert HomeVisit.objects.filter(child=child_a).count() == 1


def test_a_key_of_another_users_visit_files_nothing_and_shows_nothing_of_it(client, station_user, director_a,
                                                                            child_a):
    earlier = HomeVisitFactory(child=child_a, recorded_by=director_a, submission_key=uuid.uuid4(),
                               problems="甲的记录")
    client.force_login(station_user)
    response = client.post(reverse("visits:new", args=[child_a.pk]),
                           visit_form_data(submission_key=str(earlier.submission_key), problems="甲的记录"))
    assert response.status_code == 200 and "这份表单已经提交过" in response.content.decode()
    assert HomeVisit.objects.filter(child=child_a).count() == 1


def test_a_form_without_a_key_still_files_its_visit_once(client, director_a, child_a):
    """A form sent without a key (a page opened before the form had one, or whose key drafts.js used up) gets one
    made from who sent it, for which child, on which day and with what input: the same visit sent twice files once."""
    client.force_login(director_a)
    url = reverse("visits:new", args=[child_a.pk])
    client.post(url, visit_form_data())
    client.post(url, visit_form_data())
    visit = HomeVisit.objects.get(child=child_a)
    assert visit.submission_key is not None


def test_correcting_a_visit_keeps_the_key_it_was_filed_with(client, director_a, child_a):
    visit = HomeVisitFactory(child=child_a, recorded_by=director_a, submission_key=uuid.uuid4())
    client.force_login(director_a)
    body = client.get(reverse("visits:edit", args=[visit.pk])).content.decode()
    assert 'name="submission_key"' not in body
    client.post(reverse("visits:edit", args=[visit.pk]),
                visit_form_data(version=visit.version, submission_key=str(uuid.uuid4()), problems="更正"))
    visit.refresh_from_db()
    assert visit.problems == "更正" and visit.submission_key is not None
    assert HomeVisit.objects.filter(submission_key=visit.submission_key).get() == visit
