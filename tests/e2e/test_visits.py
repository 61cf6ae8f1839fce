"""A child director files home visits from a phone-sized browser."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Child
from visits.models import HomeVisit
from visits.selectors import max_days_by_tier

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHILD = "示例儿童乙"  # seeded overdue in 示例村A (visits/demo.py)


def _open_visit_form(session) -> Child:
    """From the home page to the visit form of the overdue demo child, by following links as a user would."""
    page = session.page
    session.login("director_a")
    page.get_by_role("link", name="查看全部家访安排").click()
    page.wait_for_url("**/visits/**")
    row = page.locator("#due-list li", has_text=CHILD)
    assert "已逾期" in row.inner_text()
    session.shot("due-list")
    row.get_by_role("link", name=CHILD).click()
    page.wait_for_selector("#next-due")
    child = Child.objects.get(name=CHILD)
    assert page.inner_text("#next-due") == f"{child.next_visit_due:%Y-%m-%d}"
    session.shot("child-before")
    page.get_by_role("link", name="填写家访记录").click()
    page.wait_for_selector("#visit-form")
    return child


def _fill(page, visitors: str, problems: str) -> None:
    page.fill("#id_visited_on", f"{timezone.localdate():%Y-%m-%d}")
    page.fill("#id_visitors", visitors)
    page.fill("#id_present", "儿童本人、祖父")
    page.fill("#id_problems", problems)
    page.fill("#id_actions", "联系学校安排课后辅导。")


def test_director_files_a_visit_on_a_phone_and_the_due_date_moves(open_session):
    session = open_session(PHONE)
    page = session.page
    child = _open_visit_form(session)
    old_due = child.next_visit_due
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the form overflows 360 px"
    _fill(page, "示例·儿童主任A", "作业无人辅导。")
    session.shot("visit-form-filled")
    page.locator("#visit-submit").click()
    page.wait_for_url("**/visits/child/*/?saved=*")
    session.shot("child-after")
    # The confirmation survives the fetch: the page the user lands on shows it (once).
    assert "下次家访截止日期" in page.locator(".alert-success").inner_text()

    child.refresh_from_db()
    expected = timezone.localdate() + timedelta(days=max_days_by_tier()[child.tier or "green"])
    assert child.next_visit_due == expected != old_due
    assert page.inner_text("#next-due") == f"{expected:%Y-%m-%d}"
    assert page.locator("#visit-history li").first.inner_text().startswith(f"{timezone.localdate():%Y-%m-%d}")


def test_failed_visit_submission_keeps_the_input_for_a_later_resend(open_session):
    session = open_session(PHONE)
    page = session.page
    child = _open_visit_form(session)
    form_url = page.url
    _fill(page, "示例·儿童主任A（断网）", "断网时填写的问题记录。")

    # The connection drops while sending: the POST never reaches the server.
    page.route("**/visits/child/*/new/", lambda route: route.abort() if route.request.method == "POST"
               else route.continue_())
    page.locator("#visit-submit").click()
    page.wait_for_selector("#submit-failed:not(.d-none)")
    session.shot("submit-failed")
    assert page.input_value("#id_problems") == "断网时填写的问题记录。"
    assert not HomeVisit.objects.filter(child=child, visitors="示例·儿童主任A（断网）").exists()

    # Even after a reload (the phone closed the tab), the input comes back from the browser's storage.
    page.goto(form_url)
    page.wait_for_selector("#draft-restored:not(.d-none)")
    session.shot("draft-restored")
    assert page.input_value("#id_visitors") == "示例·儿童主任A（断网）"
    assert page.input_value("#id_problems") == "断网时填写的问题记录。"

    # Back online: sent again, stored once, and the draft is gone.
    page.unroute("**/visits/child/*/new/")
    page.locator("#visit-submit").click()
    page.wait_for_url("**/visits/child/*/?saved=*")
    session.shot("resent")
    assert HomeVisit.objects.filter(child=child, visitors="示例·儿童主任A（断网）").count() == 1
    page.goto(form_url)
    assert page.input_value("#id_problems") == ""
    assert page.locator("#draft-restored").is_hidden()


def test_home_page_lists_a_visit_typed_but_never_sent(open_session):
    session = open_session(PHONE)
    page = session.page
    child = _open_visit_form(session)
    form_url = page.url
    _fill(page, "示例·儿童主任A（未提交）", "填写后关闭了页面。")
    session.goto("/")  # the director leaves the form without sending it
    pending = page.locator("#pending-drafts")
    pending.wait_for(state="visible")
    session.shot("home-pending-draft")
    link = pending.get_by_role("link", name=f"家访记录（档案 {child.pk}）")
    assert link.get_attribute("href") == f"/visits/child/{child.pk}/new/"
    link.click()
    page.wait_for_selector("#draft-restored:not(.d-none)")
    assert page.url == form_url and page.input_value("#id_problems") == "填写后关闭了页面。"
    page.locator("#visit-submit").click()
    page.wait_for_url("**/visits/child/*/?saved=*")
    session.goto("/")
    assert pending.is_hidden()  # sent: nothing left to list
