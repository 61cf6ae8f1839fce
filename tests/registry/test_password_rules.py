"""Choosing a new password: every refusal says why in the user's language (Chinese first, English on request)."""

import pytest
from django.urls import reverse


def _change(client, new_password):
    return client.post(reverse("password_change"), {
        "old_password": "zhanpu-demo", "new_password1": new_password, "new_password2": new_password})


@pytest.mark.parametrize("new_password", ["short", "1234abcd"])
def test_a_too_short_password_is_refused_in_chinese(client, director_a, new_password):
    client.force_login(director_a)
    response = _change(client, new_password)
    body = response.content.decode()
    assert response.status_code == 200 and "密码太短：至少需要 10 个字符。" in body and "too short" not in body
    director_a.refresh_from_db()
    assert director_a.check_password("zhanpu-demo")


def test_a_too_short_password_is_refused_in_english_for_an_english_reader(client, director_a, settings):
    client.force_login(director_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = _change(client, "short").content.decode()
    assert "This password is too short: it must contain at least 10 characters." in body


def test_a_long_enough_password_is_taken(client, director_a):
    client.force_login(director_a)
    assert _change(client, "Zhanpu-2026-new").status_code == 302
    director_a.refresh_from_db()
    assert director_a.check_password("Zhanpu-2026-new")
