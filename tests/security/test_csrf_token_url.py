"""The CSRF-token URL of drafts.js (zhanpu.drafts.csrf_token): a signed-in user's current token, nobody else's."""

from django.conf import settings
from django.test import Client
from django.urls import reverse


def test_anonymous_user_gets_no_token_only_the_login_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.get(reverse("csrf_token"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert response.content == b"" and settings.CSRF_COOKIE_NAME not in response.cookies


def test_signed_in_user_gets_the_token_the_server_accepts_uncached(db, director_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(director_a)
    url = reverse("registry:notifications_read_all")
    assert client.post(url, {"csrfmiddlewaretoken": "x" * 32}).status_code == 403

    response = client.get(reverse("csrf_token"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert client.post(url, {"csrfmiddlewaretoken": response.json()["token"]}).status_code != 403


def test_token_url_reads_only(db, director_a):
    client = Client()
    client.force_login(director_a)
    assert client.post(reverse("csrf_token")).status_code == 405
