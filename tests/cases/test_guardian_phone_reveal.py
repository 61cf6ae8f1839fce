"""Guardians' phone numbers: the station and the child directors of the child's village may show them (directors
arrange home visits by phone), through the logged 显示; everyone else is refused and nothing is logged. ID numbers
stay the station's."""

import pytest
from django.urls import reverse

from audit.models import AccessLog
from tests.factories import GuardianFactory

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


@pytest.fixture
def guardian(child_a):
    return GuardianFactory(child=child_a, phone=PHONE)


@pytest.mark.parametrize("fixture", ["director_a", "station_user"])
def test_village_director_and_station_reveal_a_guardians_phone_and_it_is_logged(client, request, fixture, guardian):
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    response = client.post(reverse("audit:reveal_guardian_phone", args=[guardian.pk]))
    assert response.status_code == 200  # a link that dials the number on a phone
    assert response.content.decode() == f'<a href="tel:{PHONE}">{PHONE}</a>'
    assert "no-store" in response["Cache-Control"]
    log = AccessLog.objects.get(action=AccessLog.Action.REVEAL)
    assert (log.user, log.object_type, log.object_ids, log.detail) == (user, "guardian", [guardian.pk], "phone")


def test_village_directors_file_page_has_the_guardian_button_but_not_the_id_one(client, director_a, guardian):
    child = guardian.child
    client.force_login(director_a)
    body = client.get(reverse("cases:child_detail", args=[child.pk])).content.decode()
    assert reverse("audit:reveal_guardian_phone", args=[guardian.pk]) in body
    assert reverse("audit:reveal_child_id_number", args=[child.pk]) not in body
    assert PHONE not in body and child.id_number not in body


def test_a_director_still_cannot_reveal_the_childs_id_number(client, director_a, guardian):
    client.force_login(director_a)
    response = client.post(reverse("audit:reveal_child_id_number", args=[guardian.child_id]))
    assert response.status_code == 403 and guardian.child.id_number.encode() not in response.content
    assert not AccessLog.objects.filter(action=AccessLog.Action.REVEAL).exists()


@pytest.mark.parametrize(("fixture", "status"), [
    ("director_b", 404), ("leader", 403), ("police_user", 404), ("school_user", 404), ("hotline_user", 404),
    ("admin_account", 404),
])
def test_other_roles_are_refused_and_nothing_is_logged(client, request, fixture, status, guardian):
    client.force_login(request.getfixturevalue(fixture))
    response = client.post(reverse("audit:reveal_guardian_phone", args=[guardian.pk]))
    assert response.status_code == status and PHONE.encode() not in response.content
    assert not AccessLog.objects.filter(action=AccessLog.Action.REVEAL).exists()


def test_leadership_file_page_has_no_guardian_button(client, leader, guardian):
    client.force_login(leader)
    body = client.get(reverse("cases:child_detail", args=[guardian.child_id])).content.decode()
    assert reverse("audit:reveal_guardian_phone", args=[guardian.pk]) not in body


def test_a_revealed_value_is_never_markup(client, station_user, child_a):
    """Numbers are validated on the forms, but the fragment htmx swaps in escapes whatever is stored."""
    guardian = GuardianFactory(child=child_a, phone='"><img src=x onerror=alert(1)>')
    client.force_login(station_user)
    body = client.post(reverse("audit:reveal_guardian_phone", args=[guardian.pk])).content.decode()
    assert "<img" not in body and "&lt;img" in body and '"><' not in body
