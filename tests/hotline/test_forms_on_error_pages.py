"""A page shown again with an error at another address than its own (the intake form refused on the search page, the
dismissal refused on the intake page) keeps every form on it working: each posts where it did on the page itself,
not to the address the error was shown at."""

import datetime as dt

import lxml.html
import pytest
from django.urls import reverse

from cases.models import Child
from hotline.models import CallIntake
from hotline.services import open_intake
from tests.factories import make_id_number

from .factories import CallFactory

pytestmark = pytest.mark.django_db


def _form_with(html: str, field: str, without: str = ""):
    """The page's form with the input `field` (and without the input `without`)."""
    [form] = [form for form in lxml.html.fromstring(html).forms
              if field in form.inputs.keys() and without not in form.inputs.keys()]
    return form


def test_the_search_on_the_page_that_refused_an_intake_searches_and_files_nothing(client, hotline_user, village_a):
    call = CallFactory(operator=hotline_user)
    client.force_login(hotline_user)
    refused = client.post(reverse("hotline:intake_open", args=[call.pk]),
                          {"name": "", "village": village_a.pk, "details": "无人照看"})
    assert refused.status_code == 400

    search = _form_with(refused.content.decode(), "birth_year", without="details")
    assert search.action == reverse("hotline:link", args=[call.pk])
    page = client.post(search.action, {"name": "小红"}).content.decode()
    assert "可能的匹配" in page or "data-no-match" in page
    assert not CallIntake.objects.exists()


def test_registering_on_the_page_that_refused_a_dismissal_opens_the_file(client, hotline_user, station_user,
                                                                         village_a):
    intake = open_intake(call=CallFactory(operator=hotline_user), by=hotline_user, name="小红", birth_year=2017,
                         village=village_a)
    client.force_login(station_user)
    refused = client.post(reverse("hotline:intake_dismiss", args=[intake.pk]), {"reason": ""})
    assert refused.status_code == 400

    register = _form_with(refused.content.decode(), "birth_date")
    assert register.action == reverse("hotline:intake_register", args=[intake.pk])
    born = dt.date(2017, 6, 1)
    response = client.post(register.action, {
        "name": "小红", "sex": "F", "birth_date": born.isoformat(), "id_number": make_id_number(born, 5),
        "village": village_a.pk, "address": "五组", "school": "", "grade": "", "schooling": "in_school",
        "lawful_basis": "热线来电反映，依法建档。", "guardians-TOTAL_FORMS": "1", "guardians-INITIAL_FORMS": "0",
        "guardians-MIN_NUM_FORMS": "0", "guardians-MAX_NUM_FORMS": "10", "guardians-0-relation": "mother",
        "guardians-0-name": "李母", "guardians-0-phone": "", "guardians-0-situation": "migrant",
        "guardians-0-is_primary": "on"})
    assert response.status_code == 302 and Child.objects.filter(name="小红", address="五组").exists()
