"""A child director files home visits from a phone-sized browser."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone
from easy_thumbnails.files import get_thumbnailer
from playwright.sync_api import expect

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


def test_a_visit_stored_while_its_answer_was_lost_is_not_filed_twice_when_sent_again(open_session):
    session = open_session(PHONE)
    page = session.page
    child = _open_visit_form(session)
    _fill(page, "示例·儿童主任A（回程断网）", "保存时回程断网的记录。")

    def reach_server_then_drop(route):
        if route.request.method != "POST":
            route.continue_()
            return
        route.fetch()  # the server stores the visit; its answer never reaches the phone
        route.abort()

    page.route("**/visits/child/*/new/", reach_server_then_drop)
    page.locator("#visit-submit").click()
    page.wait_for_selector("#submit-failed:not(.d-none)")
    session.shot("answer-lost")
    assert HomeVisit.objects.filter(child=child, visitors="示例·儿童主任A（回程断网）").count() == 1

    page.unroute("**/visits/child/*/new/")
    page.locator("#resubmit").click()  # the director does what the page offers: send it again
    page.wait_for_url("**/visits/child/*/?saved=*")
    session.shot("sent-again")
    visit = HomeVisit.objects.get(child=child, visitors="示例·儿童主任A（回程断网）")
    assert page.url.endswith(f"?saved={visit.pk}") and "家访记录已保存" in page.inner_text("main")


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


def test_signing_out_asks_then_removes_unsent_drafts_from_the_device(open_session):
    """A shared phone: the next person must not find a child's visit notes in the browser's storage."""
    session = open_session(PHONE)
    page = session.page
    child = _open_visit_form(session)
    _fill(page, "示例·儿童主任A（未提交）", "填写后没有提交。")
    key = page.get_attribute("form[data-draft-key]", "data-draft-key")
    session.goto("/")
    asked = []

    def answer(accept: bool):
        def handle(dialog):
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()
        return handle

    def sign_out():  # through the phone's menu button and the account menu, whichever is still closed
        button = page.get_by_role("button", name="退出登录")
        if not page.locator("#usermenu").is_visible():
            page.locator(".navbar-toggler").click()
            page.wait_for_selector("#mainnav.show")  # opened: a click during the animation can miss the menu
        if not button.is_visible():
            page.locator("#usermenu").click()
        button.click()

    # Cancelled: still signed in, the draft still there.
    page.once("dialog", answer(False))
    sign_out()
    page.wait_for_timeout(300)
    assert asked == ["本设备上有 1 份未提交的记录草稿。退出登录将从本设备删除它们，确定退出吗？"]
    assert page.url == session.url("/")
    assert page.evaluate("key => localStorage.getItem(key)", key) is not None

    # Confirmed: signed out and nothing of the child's visit left on the device.
    page.once("dialog", answer(True))
    with page.expect_navigation():
        sign_out()
    session.shot("signed-out")
    assert "/accounts/login/" in page.url and len(asked) == 2
    assert page.evaluate("key => localStorage.getItem(key)", key) is None
    session.login("director_a")  # and the home page no longer lists it
    assert page.locator("#pending-drafts").is_hidden()
    assert not HomeVisit.objects.filter(child=child, visitors="示例·儿童主任A（未提交）").exists()


PNG = base64.b64decode(  # a 1×1 picture
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_director_attaches_two_photos_from_a_phone_and_both_show_on_the_visit(open_session, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    session = open_session(PHONE)
    page = session.page
    child = _open_visit_form(session)
    _fill(page, "示例·儿童主任A", "厨房灶台无护栏。")
    page.set_input_files("#id_photos", [
        {"name": "kitchen.png", "mimeType": "image/png", "buffer": PNG},
        {"name": "bedroom.png", "mimeType": "image/png", "buffer": PNG},
    ])
    page.locator("#visit-submit").click()
    page.wait_for_url("**/visits/child/*/?saved=*")
    visit = HomeVisit.objects.filter(child=child).latest("pk")
    assert visit.photos.count() == 2
    for photo in visit.photos.all():  # made here, not by two requests at once on the in-memory test database
        get_thumbnailer(photo.image)["view"]
    session.goto(f"/visits/{visit.pk}/")
    images = page.locator("#visit-photos img")
    images.first.wait_for()
    assert images.count() == 2
    for image in images.all():  # both load (a property read: the page's CSP forbids evaluating a string)
        expect(image).to_have_js_property("complete", True)
    assert images.evaluate_all("images => images.map(image => image.naturalWidth)") == [1, 1]
    session.shot("visit-photos")
