"""A request refused for its CSRF token says so in a header (X-CSRF-Failure), which the portal's scripts read to fetch
the current token and send once more; a permission refused does not carry it, and is never sent again."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AccessLog
from tests.hotline.factories import CallFactory

pytestmark = pytest.mark.django_db


def test_a_post_with_a_stale_token_is_refused_and_marked(station_user, child_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(station_user)
    response = client.post(reverse("audit:reveal_child_id_number", args=[child_a.pk]),
                           HTTP_X_CSRFTOKEN="stale" * 8)
    assert response.status_code == 403 and response["X-CSRF-Failure"] == "1"
    assert child_a.id_number not in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.REVEAL).exists()


def test_a_permission_refused_is_not_marked(leader, hotline_user):
    call = CallFactory(operator=hotline_user, caller_phone="13912345678")
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader)
    client.get(reverse("home"))  # the CSRF cookie
    response = client.post(reverse("hotline:reveal_phone", args=[call.pk]),
                           HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert response.status_code == 403 and "X-CSRF-Failure" not in response
    assert "13912345678" not in response.content.decode()
