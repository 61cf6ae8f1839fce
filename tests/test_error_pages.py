"""A request the portal cannot read (an interrupted upload from a phone, a form with too many fields) is answered
with a 400 page in Chinese that says nothing was saved, not Django's bare English "Bad Request"."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _says_in_chinese_nothing_was_saved(response):
    body = response.content.decode()
    return response.status_code == 400 and "请求无法处理" in body and "未作任何保存" in body


def test_a_broken_visit_upload_is_told_in_chinese(client, director_a, child_a):
    client.force_login(director_a)
    response = client.generic("POST", reverse("visits:new", args=[child_a.pk]), b"--x\r\n",
                              content_type="multipart/form-data")  # no boundary: unreadable
    assert _says_in_chinese_nothing_was_saved(response)
    assert not child_a.visits.exists()


def test_a_list_asked_with_too_many_parameters_is_told_in_chinese(client, station_user):
    client.force_login(station_user)
    response = client.get(reverse("cases:child_list"), {f"f{i}": "1" for i in range(1001)})
    assert _says_in_chinese_nothing_was_saved(response)


def test_a_sign_in_with_too_many_fields_is_told_in_chinese_and_signs_no_one_in(client):
    response = client.post(reverse("login"), {f"f{i}": "1" for i in range(1001)})
    assert _says_in_chinese_nothing_was_saved(response) and "_auth_user_id" not in client.session
