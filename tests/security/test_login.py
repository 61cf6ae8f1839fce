"""Login protection: lockout per username and address, password strength, session lifetimes, sign-in log."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.middleware import SESSION_RENEWED_KEY
from audit.models import AccessLog
from audit.signals import SESSION_STARTED_KEY
from tests.factories import UserFactory

PASSWORD = "zhanpu-demo"
OFFICE_IP = "10.1.1.1"
OTHER_IP = "10.2.2.2"


def _login(client, username, password, ip=OFFICE_IP):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


def _fail_ten_times(client, username):
    responses = [_login(client, username, "wrong-password") for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert responses[0].status_code == 200  # the form again, with an error
    return responses[-1]


def test_ten_wrong_passwords_lock_that_user_from_that_address(client, alice):
    last = _fail_ten_times(client, "alice")
    assert last.status_code == 429
    assert "暂时锁定" in last.content.decode()

    response = _login(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)


def test_nine_wrong_passwords_do_not_lock(client, alice):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "alice", "wrong-password")
    assert _login(client, "alice", PASSWORD).status_code == 302
    assert _signed_in(client)


def test_lockout_does_not_block_a_colleague_on_the_same_address(client, alice, bob):
    _fail_ten_times(client, "alice")
    response = _login(client, "bob", PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_lockout_does_not_block_the_same_user_from_another_address(client, alice):
    _fail_ten_times(client, "alice")
    assert _login(client, "alice", PASSWORD, ip=OTHER_IP).status_code == 302


def test_lockout_ends_after_the_cool_off(client, alice):
    _fail_ten_times(client, "alice")
    attempt = AccessAttempt.objects.get(username="alice")
    attempt.attempt_time -= settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    attempt.save()

    assert _login(client, "alice", PASSWORD).status_code == 302
    assert _signed_in(client)


def test_weak_password_is_refused():
    with pytest.raises(ValidationError) as raised:
        validate_password("12345678")
    messages = " ".join(raised.value.messages)
    assert "10" in messages  # minimum length
    validate_password("Ch1ld-Protection-Zhanpu")  # a strong one passes


def test_password_change_form_refuses_a_common_password(client, alice):
    client.force_login(alice)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123",
    })
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_login_logout_and_failure_are_logged(client, alice):
    _login(client, "alice", "wrong-password", ip=OTHER_IP)
    _login(client, "alice", PASSWORD, ip=OTHER_IP)
    client.post(reverse("logout"), REMOTE_ADDR=OTHER_IP)

    rows = list(AccessLog.objects.order_by("pk").values_list("action", "username", "ip", "user"))
    assert rows == [
        (AccessLog.Action.LOGIN_FAILED, "alice", OTHER_IP, None),
        (AccessLog.Action.LOGIN, "alice", OTHER_IP, alice.pk),
        (AccessLog.Action.LOGOUT, "alice", OTHER_IP, alice.pk),
    ]


def test_failure_for_unknown_username_is_logged(client, db):
    _login(client, "nobody", "whatever")
    assert AccessLog.objects.get().username == "nobody"


def test_session_ends_after_absolute_lifetime_even_when_active(client, alice):
    client.force_login(alice)
    assert client.get(reverse("home")).status_code == 200

    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not _signed_in(client)


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_activity_renews_the_thirty_minute_idle_timeout_at_most_once_a_minute(client, alice):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(alice)
    client.get(reverse("home"))
    # Within a minute of the last renewal a page view writes nothing: no new cookie, no UPDATE of the session.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]
    # A minute later the next request pushes the expiry forward (database and cookie).
    session = client.session
    session[SESSION_RENEWED_KEY] = int(time.time()) - settings.SESSION_RENEW_SECONDS
    session.save()
    before = timezone.now() + timedelta(minutes=5)  # as if the last renewal were 25 minutes ago
    Session.objects.filter(session_key=session.session_key).update(expire_date=before)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60
    assert _expiry(client) - before > timedelta(minutes=20)


def test_idle_session_past_its_expiry_is_signed_out(client, alice):
    client.force_login(alice)
    session = client.session
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not _signed_in(client)


def test_deactivated_user_is_signed_out_at_once(client, alice):
    client.force_login(alice)
    assert client.get(reverse("home")).status_code == 200

    alice.is_active = False
    alice.save()

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("length", [151, 256, 5000])
def test_a_user_name_longer_than_any_accounts_is_refused_without_a_server_error(client, alice, length):
    client.raise_request_exception = False
    response = _login(client, "a" * length, "wrong-password")
    assert response.status_code == 200 and "不超过 150" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_longest_possible_user_name_is_still_tried_and_counted(client, db):
    _login(client, "a" * 150, "wrong-password")
    assert AccessAttempt.objects.get().username == "a" * 150
