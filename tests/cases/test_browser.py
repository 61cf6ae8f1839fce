"""The cases pages in a real browser (headless Chromium, demo data): phone width, htmx reveal, the referral trip."""

import pytest
from playwright.sync_api import expect

from audit.models import AccessLog
from cases.models import Child, Referral, RiskTier
from tests.e2e.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _no_overflow(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page overflows 360 px"


def test_director_assesses_a_child_on_a_phone_and_the_tier_changes(open_session):
    session = open_session(PHONE)
    page = session.page
    session.login("director_a")
    child = Child.objects.get(name="示例儿童乙")
    session.goto(f"/children/{child.pk}/")
    _no_overflow(page)
    session.shot("file")
    page.get_by_role("link", name="风险评估").click()
    page.wait_for_selector("#assess-form")
    # Locator assertions retry: cases.js hides the reason once the page's scripts have run.
    expect(page.locator("#div_id_override_reason")).to_be_hidden()  # asked only when overriding
    page.select_option("#id_override_tier", "red")
    expect(page.locator("#div_id_override_reason")).to_be_visible()
    page.fill("#id_override_reason", "监护人近期失联")
    session.shot("assess-form")
    page.locator("#assess-form button[type=submit]").click()
    page.wait_for_url(f"**/children/{child.pk}/")
    session.shot("after")
    child.refresh_from_db()
    assert child.tier == RiskTier.RED
    assert "监护人近期失联" in page.inner_text("body")


def test_station_reveals_the_id_number_through_the_logged_action(open_session):
    session = open_session()
    page = session.page
    session.login("station")
    child = Child.objects.get(name="示例儿童丙")
    session.goto(f"/children/{child.pk}/")
    assert child.id_number not in page.inner_text("#child-id-number")
    page.locator("#child-id-number + button").click()
    # A locator assertion, not wait_for_function: a string predicate would be eval'd, which the page's CSP forbids.
    expect(page.locator("#child-id-number")).to_have_text(child.id_number)
    session.shot("revealed")
    assert AccessLog.objects.filter(action=AccessLog.Action.REVEAL, object_ids=[child.pk]).exists()


def test_police_accepts_and_completes_the_urgent_referral(open_session):
    session = open_session(PHONE)
    page = session.page
    session.login("police")
    page.get_by_role("link", name="打开收件箱").click()
    page.wait_for_url("**/children/referrals/**")
    _no_overflow(page)
    session.shot("inbox")
    page.get_by_role("link", name="示例儿童甲").click()
    page.get_by_role("button", name="接收").click()
    page.wait_for_selector("text=已接收")
    page.fill("#id_response", "已出警核实，已训诫监护人。")
    page.get_by_role("button", name="办结").click()
    page.wait_for_selector("text=已办结")
    session.shot("done")
    assert Referral.objects.get(office__code="police").status == Referral.Status.DONE
