"""The dashboard in headless Chromium: charts drawn from the embedded JSON, no CSP or script errors, usable at
phone width. Uses the browser fixtures of tests/e2e (demo data, sign-in through the login form)."""

import pytest

from tests.e2e.conftest import PHONE, browser, demo, one_request_at_a_time, open_session  # noqa: F401 - pytest fixtures

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("username", ["leader", "director_a"])
def test_dashboard_draws_its_charts_on_a_phone(open_session, username):  # noqa: F811
    session = open_session(PHONE)
    session.login(username)
    session.goto("/dashboard/")
    page = session.page
    page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length > 0")
    session.shot("dashboard")
    drawn = page.evaluate(
        "Array.from(document.querySelectorAll('canvas[data-chart]')).map(c => !!window.Chart.getChart(c))"
    )
    assert drawn and all(drawn)
    # Nothing wider than the phone: no sideways scrolling of the page itself (tables scroll in their own box).
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("#table-tier").is_visible()


def test_monthly_report_print_button_and_excel_link(open_session):  # noqa: F811
    session = open_session()
    session.login("leader")
    session.goto("/dashboard/report/")
    session.shot("report")
    page = session.page
    assert page.locator("[data-print]").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
    assert not page.locator("[data-print]").is_visible()
    session.shot("report-print")
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.click("#report-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")
