"""Edit pages of the organisation at work show their dates in the date inputs and a save keeps them.

`<input type="date">` holds YYYY-MM-DD only: a value as Chinese pages localise dates (2026/11/30) is dropped by the
browser, which shows an empty field and sends it empty, clearing an optional date such as 整改完成日期."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.roundtrip.browser import form_as_sent

from .factories import FacilityFactory, HolidayFactory, InspectionFactory, PublicityFactory, SessionFactory, TaskFactory

pytestmark = pytest.mark.django_db

PAST = dt.date(2026, 11, 2)  # the 2nd: localised, 2026/11/2 even drops the leading zero


def _inspection(village):
    """An inspection that found a missing sign, fixed some days later: both dates on one edit page."""
    inspection = InspectionFactory(facility=FacilityFactory(village=village), inspected_on=PAST,
                                   safety_sign_present=False, problems="缺警示标志", fixed_on=dt.date(2026, 11, 30))
    return inspection, reverse("registry:inspection_edit", args=[inspection.facility_id, inspection.pk])


def _session(village):
    session = SessionFactory(village=village, date=PAST, start_time=dt.time(14), end_time=dt.time(16))
    return session, reverse("registry:session_edit", args=[session.pk])


def _holiday(village):
    holiday = HolidayFactory(start_date=dt.date(2026, 10, 1), end_date=dt.date(2026, 10, 7))
    return holiday, reverse("registry:holiday_edit", args=[holiday.pk])


def _publicity(village):
    item = PublicityFactory(village=village, date=PAST)
    return item, reverse("registry:publicity_edit", args=[item.pk])


def _task(village):
    task = TaskFactory(due_on=dt.date(2026, 12, 31))
    return task, reverse("registry:task_edit", args=[task.pk])


EDIT_PAGES = [  # (record and its edit page, who edits it, its date fields)
    pytest.param(_inspection, "director_a", ["inspected_on", "fixed_on"], id="inspection"),  # fixed_on: optional
    pytest.param(_session, "director_a", ["date"], id="session"),
    pytest.param(_holiday, "station_user", ["start_date", "end_date"], id="holiday"),
    pytest.param(_publicity, "director_a", ["date"], id="publicity"),
    pytest.param(_task, "station_user", ["due_on"], id="task"),
]


def _date_input_value(html: str, name: str) -> str | None:
    tag = re.search(rf'<input type="date" name="{name}"[^>]*>', html)
    assert tag, f"no date input {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else None


@pytest.mark.parametrize("make,editor,fields", EDIT_PAGES)
def test_an_edit_page_shows_the_records_dates_in_its_date_inputs(client, request, village_a, make, editor, fields):
    record, url = make(village_a)
    client.force_login(request.getfixturevalue(editor))
    html = client.get(url).content.decode()  # in Chinese, the portal's language
    for name in fields:
        assert _date_input_value(html, name) == getattr(record, name).isoformat()


@pytest.mark.parametrize("make,editor,fields", EDIT_PAGES)
def test_saving_an_edit_page_as_shown_keeps_the_records_dates(client, request, village_a, make, editor, fields):
    record, url = make(village_a)
    dates = {name: getattr(record, name) for name in fields}
    client.force_login(request.getfixturevalue(editor))
    response = client.post(url, form_as_sent(client.get(url).content.decode()))
    assert response.status_code == 302, response.content.decode()
    record.refresh_from_db()
    assert {name: getattr(record, name) for name in fields} == dates

