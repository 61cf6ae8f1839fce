"""The assessment, referral and mandatory-report forms sent twice (the answer lost on a weak connection, a double
tap) file one record: the page carries a submission key (zhanpu/drafts), the record stores it, and the same form sent
again is answered as the first was. A form sent without a key (a page opened before forms carried one) is keyed by
its sender, child, day and input."""

import re
import uuid

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases.models import MandatoryReport, Referral, RiskAssessment
from cases.services import create_referral
from registry.models import Notification, Office
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db

FORMS = {
    "cases:assess": lambda child, **extra: {"assessed_on": timezone.localdate().isoformat(), "notes": "首次评估",
                                           **extra},
    "cases:referral_create": lambda child, **extra: {"office": _school().pk, "reason": "申请教育资助", **extra},
    "cases:mandatory_report_create": lambda child, **extra: {
        "reporter_kind": "school", "situations": ["injuries"], "summary": "身上多处伤痕", **extra},
}
RECORDS = {"cases:assess": RiskAssessment, "cases:referral_create": Referral,
           "cases:mandatory_report_create": MandatoryReport}
TEXT = {"cases:assess": "notes", "cases:referral_create": "reason", "cases:mandatory_report_create": "summary"}


def _school():
    return Office.objects.get(code="school")


def _key_on_the_page(client, name, child) -> str:
    body = client.get(reverse(name, args=[child.pk])).content.decode()
    return re.search(r'name="submission_key" value="([0-9a-f-]{36})"', body).group(1)


@pytest.fixture
def staffed(school_user, police_user):
    """The school and the police have staff: referrals to them are received."""


@pytest.mark.parametrize("name", FORMS)
def test_each_showing_of_the_form_carries_a_new_key(client, director_a, child_a, staffed, name):
    client.force_login(director_a)
    assert _key_on_the_page(client, name, child_a) != _key_on_the_page(client, name, child_a)


@pytest.mark.parametrize("name", FORMS)
def test_the_form_sent_again_with_its_key_files_one_record_and_answers_as_the_first(client, director_a, child_a,
                                                                                   staffed, name):
    client.force_login(director_a)
    data = FORMS[name](child_a, submission_key=_key_on_the_page(client, name, child_a))
    url = reverse(name, args=[child_a.pk])
    first, again = client.post(url, data), client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert first.url == again.url == reverse("cases:child_detail", args=[child_a.pk])
    record = RECORDS[name].objects.get(child=child_a, submission_key=uuid.UUID(data["submission_key"]))
    assert RECORDS[name].objects.filter(child=child_a).count() == 1 and record


def test_a_mandatory_report_sent_again_refers_to_the_police_and_tells_them_once(client, director_a, police_user,
                                                                               child_a, staffed):
    client.force_login(director_a)
    name = "cases:mandatory_report_create"
    data = FORMS[name](child_a, submission_key=_key_on_the_page(client, name, child_a))
    for _ in range(2):
        client.post(reverse(name, args=[child_a.pk]), data)
    assert Referral.objects.filter(child=child_a, office__code="police").count() == 1
    assert Notification.objects.filter(recipient=police_user).count() == 1
    assert child_a.assessments.count() == 1 and child_a.status_changes.count() == 0


@pytest.mark.parametrize("name", FORMS)
def test_the_same_key_with_other_input_is_refused_and_the_input_kept(client, director_a, child_a, staffed, name):
    client.force_login(director_a)
    key = _key_on_the_page(client, name, child_a)
    url = reverse(name, args=[child_a.pk])
    client.post(url, FORMS[name](child_a, submission_key=key))
    field = TEXT[name]
    response = client.post(url, FORMS[name](child_a, submission_key=key, **{field: "另一份不同的内容"}))
    body = response.content.decode()
    assert response.status_code == 200 and "这份表单已经提交过" in body and "另一份不同的内容" in body
    assert RECORDS[name].objects.filter(child=child_a).count() == 1


@pytest.mark.parametrize("name", FORMS)
def test_a_key_of_another_users_record_files_nothing(client, director_a, station_user, child_a, staffed, name):
    client.force_login(director_a)
    key = _key_on_the_page(client, name, child_a)
    client.post(reverse(name, args=[child_a.pk]), FORMS[name](child_a, submission_key=key))
    client.force_login(station_user)
    response = client.post(reverse(name, args=[child_a.pk]), FORMS[name](child_a, submission_key=key))
    assert response.status_code == 200 and "这份表单已经提交过" in response.content.decode()
    assert RECORDS[name].objects.filter(child=child_a).count() == 1


@pytest.mark.parametrize("name", FORMS)
def test_a_form_without_a_key_sent_twice_files_once_and_other_input_files_again(client, director_a, child_a,
                                                                                staffed, name):
    client.force_login(director_a)
    url = reverse(name, args=[child_a.pk])
    assert client.post(url, FORMS[name](child_a)).status_code == 302
    assert client.post(url, FORMS[name](child_a)).status_code == 302
    field = TEXT[name]
    assert client.post(url, FORMS[name](child_a, **{field: "第二次的不同内容"})).status_code == 302
    assert RECORDS[name].objects.filter(child=child_a).count() == 2


def test_an_assessment_sent_again_shows_the_tier_it_set(client, director_a, child_a, indicator):
    client.force_login(director_a)
    name = "cases:assess"
    data = FORMS[name](child_a, submission_key=_key_on_the_page(client, name, child_a), indicators=[indicator(10).pk])
    client.post(reverse(name, args=[child_a.pk]), data)
    page = client.post(reverse(name, args=[child_a.pk]), data, follow=True).content.decode()
    assert "评估已保存，当前风险等级：红" in page


def test_an_assessment_sent_again_with_other_indicators_is_refused(client, director_a, child_a, indicator):
    client.force_login(director_a)
    name = "cases:assess"
    key = _key_on_the_page(client, name, child_a)
    client.post(reverse(name, args=[child_a.pk]), FORMS[name](child_a, submission_key=key))
    response = client.post(reverse(name, args=[child_a.pk]),
                           FORMS[name](child_a, submission_key=key, indicators=[indicator(10).pk]))
    assert "这份表单已经提交过" in response.content.decode()
    assert RiskAssessment.objects.filter(child=child_a).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks only on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_referral_sent_twice_at_once_is_filed_once(director_a, school_user, child_a):
    key = uuid.uuid4()
    results = at_once(lambda: create_referral(by=director_a, child=child_a, office=school_user.office,
                                              reason="申请教育资助", require_staff=True, submission_key=key))
    assert [type(result) for result in results] == [Referral, Referral]
    assert results[0].pk == results[1].pk and Referral.objects.filter(child=child_a).count() == 1
    assert Notification.objects.filter(recipient=school_user).count() == 1
