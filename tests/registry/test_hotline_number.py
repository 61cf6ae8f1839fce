"""The hotline number on every page (footer, the ledger, the call form, the operators' home card) is the station's,
as the leadership keeps it in the admin, not a number written into the templates."""

import pytest
from django.urls import reverse

from registry.models import Station

pytestmark = pytest.mark.django_db


def test_pages_show_the_stations_hotline_after_it_changes(client, hotline_user, org):
    client.force_login(hotline_user)
    assert "023-70630963" in client.get(reverse("hotline:ledger")).content.decode()
    station = Station.objects.get()
    station.hotline = "02312345678"
    station.save()
    for url in (reverse("home"), reverse("hotline:ledger"), reverse("hotline:new")):
        body = client.get(url).content.decode()
        assert "023-12345678" in body and "70630963" not in body, url


def test_the_plans_number_is_shown_before_a_station_exists(client, director_a):
    Station.objects.all().delete()
    client.force_login(director_a)
    assert "023-70630963" in client.get(reverse("home")).content.decode()


def test_the_english_home_card_says_hotline(client, hotline_user, org):
    hotline_user.language = "en"
    hotline_user.save()
    client.force_login(hotline_user)
    body = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Hotline 023-70630963" in body
