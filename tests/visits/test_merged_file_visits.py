"""A home visit sent for a file the station merged into another meanwhile (a form kept open, a draft kept on a
phone) is refused with the number of the file kept: not filed on the closed duplicate, whose visits no list shows,
nor moved unseen. The refusal is an error answer, so drafts.js keeps the draft; the director files it on the kept
file."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Child
from cases.services.merge import merge_children
from tests.factories import ChildFactory
from visits.models import HomeVisit
from visits.services import record_visit

from .factories import visit_form_data

pytestmark = pytest.mark.django_db

BORN = dt.date(2015, 3, 1)
DRAFT = {"X-Draft-Fetch": "1"}


@pytest.fixture
def pair(village_a):
    keep = ChildFactory(village=village_a, name="王小明", birth_date=BORN, id_number="")
    duplicate = ChildFactory(village=village_a, name="王小明", birth_date=BORN, id_number="")
    return keep, duplicate


def _merge(by, keep, duplicate):
    merge_children(by=by, keep=Child.objects.get(pk=keep.pk), keep_version=keep.version, duplicate=duplicate,
                   duplicate_version=duplicate.version, reason="重复建档")


def test_a_visit_draft_for_a_merged_file_is_refused_naming_the_kept_file_and_the_draft_kept(
        client, director_a, station_user, pair):
    keep, duplicate = pair
    _merge(station_user, keep, duplicate)
    client.force_login(director_a)
    response = client.post(reverse("visits:new", args=[duplicate.pk]), visit_form_data(problems="祖母生病，无人照看"),
                           headers=DRAFT)
    body = response.content.decode()
    # Not the {"location": ...} answer that makes drafts.js drop the draft: the form again, with the message.
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert f"本档案是重复建档，已合并至档案 {keep.pk}" in body and "祖母生病，无人照看" in body
    assert not HomeVisit.objects.exists()
    assert Child.objects.get(pk=keep.pk).last_visit_on is None


def test_a_visit_filed_before_the_merge_and_sent_again_after_it_is_the_one_stored(director_a, station_user, pair):
    """Its answer was lost, the files merged meanwhile: the visit moved to the kept file is the answer."""
    keep, duplicate = pair
    key = uuid.uuid4()
    fields = {"visited_on": timezone.localdate(), "kind": "home", "visitors": "甲", "problems": "无"}
    visit = record_visit(by=director_a, child=duplicate, submission_key=key, **fields)
    _merge(station_user, keep, Child.objects.get(pk=duplicate.pk))
    assert record_visit(by=director_a, child=duplicate, submission_key=key, **fields).pk == visit.pk
    assert HomeVisit.objects.get().child_id == keep.pk
