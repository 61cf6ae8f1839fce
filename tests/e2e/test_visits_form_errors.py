"""drafts.js on the visit form in a phone-sized Chromium: a server error keeps the draft and offers 重新提交; a
refused date is shown on the form without losing anything. (The network-failure and reload cases are in
test_visits.py.) Lives in tests/e2e so that it shares that folder's one session-wide Chromium (a second
Playwright instance fails)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Child
from visits.models import HomeVisit

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _form(session):
    child = Child.objects.get(name="示例儿童甲")
    session.login("director_a")
    session.goto(f"/visits/child/{child.pk}/new/")
    session.page.wait_for_selector("#visit-form")
    return child


def test_server_error_keeps_the_draft_and_resubmit_sends_it_once(open_session):
    session = open_session(PHONE)
    page = session.page
    child = _form(session)
    page.fill("#id_problems", "服务器出错时填写的内容。")
    page.route("**/visits/child/*/new/", lambda route: route.fulfill(status=500, body="boom")
               if route.request.method == "POST" else route.continue_())
    page.locator("#visit-submit").click()
    page.wait_for_selector("#submit-failed:not(.d-none)")
    assert page.input_value("#id_problems") == "服务器出错时填写的内容。"
    assert not HomeVisit.objects.filter(child=child, problems="服务器出错时填写的内容。").exists()
    page.unroute("**/visits/child/*/new/")
    page.get_by_role("button", name="重新提交").click()
    page.wait_for_url("**/visits/child/*/?saved=*")
    assert HomeVisit.objects.filter(child=child, problems="服务器出错时填写的内容。").count() == 1
    assert page.evaluate("Object.keys(window.localStorage).filter(k => k.startsWith('zhanpu-visit-draft')).length") == 0


def test_refused_date_is_shown_on_the_form_and_nothing_typed_is_lost(open_session):
    session = open_session(PHONE)
    page = session.page
    child = _form(session)
    page.fill("#id_visited_on", f"{timezone.localdate() + timedelta(days=2):%Y-%m-%d}")
    page.fill("#id_problems", "日期填错了。")
    page.locator("#visit-submit").click()
    page.wait_for_selector("text=走访日期不能晚于今天")
    session.shot("date-refused")
    assert page.input_value("#id_problems") == "日期填错了。"
    page.fill("#id_visited_on", f"{timezone.localdate():%Y-%m-%d}")
    page.locator("#visit-submit").click()
    page.wait_for_url("**/visits/child/*/?saved=*")
    assert HomeVisit.objects.filter(child=child, problems="日期填错了。").count() == 1
