"""Pages with two forms keep every element id unique, so each label points at its own field."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from .factories import CallFactory

pytestmark = pytest.mark.django_db


def _duplicate_ids(body: str) -> list[str]:
    counts = Counter(re.findall(r'\bid="([^"]+)"', body))
    return sorted(value for value, n in counts.items() if n > 1)


def _labels_point_at_fields(body: str) -> None:
    ids = set(re.findall(r'\bid="([^"]+)"', body))
    for target in re.findall(r'<label[^>]*\bfor="([^"]+)"', body):
        assert target in ids, target


def test_link_page_search_and_intake_forms_have_distinct_ids(client, hotline_user, village_a):
    call = CallFactory(operator=hotline_user)
    client.force_login(hotline_user)
    response = client.post(reverse("hotline:link", args=[call.pk]), {"name": "无此人", "birth_year": "2016"})
    body = response.content.decode()
    assert "提交建档申请" in body  # both forms are on the page
    assert _duplicate_ids(body) == []
    _labels_point_at_fields(body)
    assert 'for="id_intake_name"' in body and 'for="id_name"' in body


def test_refused_intake_page_keeps_ids_distinct(client, hotline_user):
    call = CallFactory(operator=hotline_user)
    client.force_login(hotline_user)
    response = client.post(reverse("hotline:intake_open", args=[call.pk]), {"name": ""})
    assert response.status_code == 400
    assert _duplicate_ids(response.content.decode()) == []


def test_call_detail_forms_have_distinct_ids(client, hotline_user):
    call = CallFactory(operator=hotline_user)
    client.force_login(hotline_user)
    body = client.get(reverse("hotline:detail", args=[call.pk])).content.decode()
    assert "callback_result" in body and "outcome" in body
    assert _duplicate_ids(body) == []
    _labels_point_at_fields(body)
