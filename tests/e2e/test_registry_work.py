"""The organisation-at-work pages in a phone-sized browser (headless Chromium, demo data)."""

import pytest
from django.utils import timezone

from registry.models import FamilyEducationSession

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_director_records_a_session_on_a_phone_and_a_bad_one_is_refused(open_session):
    session = open_session(PHONE)
    page = session.page
    session.login("director_a")
    page.get_by_role("link", name="工作室概况").click()
    page.get_by_role("link", name="示例村A").click()
    page.wait_for_selector("#compliance")
    _fits(page)
    session.shot("workroom")
    page.get_by_role("link", name="家庭教育互助会").click()
    page.get_by_role("link", name="登记开放").click()
    today = f"{timezone.localdate():%Y-%m-%d}"
    page.fill("#id_date", today)
    page.fill("#id_start_time", "00:10")
    page.fill("#id_end_time", "00:05")
    page.fill("#id_place", "示例村A村委会")
    page.fill("#id_host", "示例·主持人甲")
    page.fill("#id_attendance", "9")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector(".invalid-feedback, .alert-danger")
    assert "结束时间必须晚于开始时间。" in page.content()
    assert page.input_value("#id_host") == "示例·主持人甲"
    _fits(page)
    session.shot("refused")
    page.fill("#id_end_time", "02:10")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/org/sessions/?village=*")
    assert page.locator("tbody tr", has_text="00:10–02:10").count() == 1
    assert FamilyEducationSession.objects.filter(host="示例·主持人甲", village__name="示例村A").exists()
    _fits(page)
    session.shot("saved")


def test_station_sees_the_village_without_a_child_director(open_session):
    session = open_session(PHONE)
    page = session.page
    session.login("station")
    page.get_by_role("link", name="工作室概况").click()
    assert "示例村C" in page.inner_text("#villages-without-director")
    _fits(page)
    session.shot("overview")
    page.goto(session.url("/org/facilities/?flagged=1"))
    assert "示例社区B图书室" in page.content()  # last inspected 120 days ago
    session.shot("flagged-facilities")
