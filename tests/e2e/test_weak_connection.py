"""A phone on a weak connection: an htmx action or a visit that fails, or gets no answer, says so in Chinese.

static/js/app.js puts a note next to what was tapped when an htmx request fails (network error, no answer within
htmx.config.timeout, a server error, a refusal); static/js/drafts.js shows "正在提交…" while a visit is on its way and
gives it up after the form's data-timeout-ms (90 s by default), keeping the draft and offering 重新提交.
"""

import contextlib
import json

import pytest

from audit.models import AccessLog
from cases.models import Child, Guardian
from hotline.models import HotlineCall
from visits.models import HomeVisit

from .conftest import PHONE
from .test_visits import _fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FAILED = "网络或服务器出错，未能完成，请稍后再试。"
REFUSED = "未能完成：您可能没有权限，或该记录已不存在。请刷新页面后再试。"
SUBMIT_FAILED = "提交失败（网络或服务器问题）。您填写的内容已保存在本机，可稍后重新提交。"
VISIT_FORM = "**/visits/child/*/new/"


def _guardian_file(open_session):
    """director_a on the file of a child of 示例村A with a guardian's phone: the masked number and its 显示."""
    guardian = Guardian.objects.filter(child__village__name__contains="A").exclude(phone="").first()
    assert guardian is not None
    session = open_session(PHONE)
    session.login("director_a")
    session.goto(f"/children/{guardian.child_id}/")
    target = session.page.locator(f"#guardian-phone-{guardian.pk}")
    button = session.page.locator(f"#guardian-phone-{guardian.pk} + button")
    return session, guardian, target, button


def _note_after(button):
    """The failure note app.js puts right after the element tapped."""
    return button.locator("xpath=following-sibling::*[1][@data-htmx-failure]")


def _guardian_reveals(guardian) -> int:
    return AccessLog.objects.filter(action=AccessLog.Action.REVEAL, object_type="guardian",
                                    object_ids=[guardian.pk]).count()


@pytest.mark.parametrize("failure", ["network", "server-500"])
def test_a_guardian_phone_reveal_that_fails_says_so_next_to_the_button_and_a_retry_works(open_session, failure):
    session, guardian, target, button = _guardian_file(open_session)
    page = session.page
    masked = target.inner_text()
    if failure == "network":
        page.route("**/reveal/**", lambda route: route.abort("internetdisconnected"))
    else:
        page.route("**/reveal/**", lambda route: route.fulfill(status=500, body="<h1>Server Error (500)</h1>",
                                                                content_type="text/html"))
    button.click()
    note = _note_after(button)
    note.wait_for()
    session.shot(f"reveal-{failure}")
    assert note.inner_text() == FAILED
    assert note.get_attribute("role") == "alert"
    assert target.inner_text() == masked  # what the page showed stays

    # Tapped again once the connection is back: the note goes, the number comes.
    page.unroute("**/reveal/**")
    button.click()
    page.wait_for_function("([id, n]) => document.getElementById(id).textContent.trim() === n",
                           arg=[f"guardian-phone-{guardian.pk}", guardian.phone])
    assert note.count() == 0
    assert _guardian_reveals(guardian) == 1


@pytest.mark.parametrize("status", [403, 404])
def test_a_refused_reveal_says_it_was_refused_and_is_not_sent_again(open_session, status):
    session, guardian, target, button = _guardian_file(open_session)
    page = session.page
    posts = []
    page.on("request", lambda request: "/reveal/" in request.url and posts.append(request.method))
    masked = target.inner_text()
    page.route("**/reveal/**", lambda route: route.fulfill(status=status, body="<h1>Forbidden</h1>",
                                                            content_type="text/html"))
    button.click()
    note = _note_after(button)
    note.wait_for()
    assert note.inner_text() == REFUSED
    assert target.inner_text() == masked
    page.wait_for_timeout(300)
    assert posts == ["POST"]


def test_a_reveal_that_gets_no_answer_ends_with_a_message(open_session):
    session, guardian, target, button = _guardian_file(open_session)
    page = session.page
    assert page.evaluate("htmx.config.timeout") == 30_000  # the default app.js sets: no request waits for ever
    page.evaluate("htmx.config.timeout = 1500")
    held = []
    page.route("**/reveal/**", lambda route: held.append(route))  # the request goes out, nothing comes back
    masked = target.inner_text()
    button.click()
    note = _note_after(button)
    note.wait_for(timeout=6_000)
    session.shot("reveal-no-answer")
    assert held and note.inner_text() == FAILED
    assert target.inner_text() == masked
    for route in held:
        with contextlib.suppress(Exception):  # the browser gave the request up already
            route.abort()


def test_a_hotline_caller_phone_reveal_that_fails_says_so(open_session):
    call = HotlineCall.objects.exclude(caller_phone="").first()
    assert call is not None
    session = open_session(PHONE)
    page = session.page
    session.login("hotline")
    session.goto(f"/hotline/{call.pk}/")
    page.route("**/reveal-phone/", lambda route: route.abort("internetdisconnected"))
    button = page.locator(f"#phone-{call.pk} + button")
    button.click()
    note = _note_after(button)
    note.wait_for()
    assert note.inner_text() == FAILED


def _visit_form(session) -> Child:
    session.login("director_a")
    child = Child.objects.get(name="示例儿童乙")
    session.goto(f"/visits/child/{child.pk}/new/")
    session.page.wait_for_selector("#visit-form")
    return child


def _draft(page, child) -> dict:
    key = page.get_attribute("#visit-form", "data-draft-key")
    assert key.startswith(f"zhanpu-visit-draft-{child.pk}-")
    return json.loads(page.evaluate("key => localStorage.getItem(key)", key) or "null")


def test_a_visit_on_its_way_says_it_is_being_sent_until_it_is_stored(open_session):
    session = open_session(PHONE)
    page = session.page
    child = _visit_form(session)
    _fill(page, "示例·儿童主任A（慢网）", "慢网时填写的问题记录。")
    held = []
    page.route(VISIT_FORM, lambda route: held.append(route) if route.request.method == "POST"
               else route.continue_())
    button = page.locator("#visit-submit")
    label = button.inner_text()
    button.click()
    page.wait_for_function("() => document.getElementById('visit-submit').textContent.includes('正在提交')")
    session.shot("visit-sending")
    assert button.is_disabled()
    assert page.locator("#visit-form [role=status]").inner_text() == "正在提交…"
    assert page.locator("#submit-failed").is_hidden()
    assert len(held) == 1

    held[0].continue_()  # the upload gets through at last
    page.wait_for_url("**/visits/child/*/?saved=*")
    assert HomeVisit.objects.filter(child=child, visitors="示例·儿童主任A（慢网）").count() == 1
    assert label == "保存家访记录"


@pytest.mark.parametrize("failure", ["network", "server-500"])
def test_a_visit_that_fails_puts_the_button_back_and_keeps_the_draft(open_session, failure):
    session = open_session(PHONE)
    page = session.page
    child = _visit_form(session)
    _fill(page, "示例·儿童主任A（失败）", "提交失败时的问题记录。")

    def fail(route):
        if route.request.method != "POST":
            route.continue_()
        elif failure == "network":
            route.abort("internetdisconnected")
        else:
            route.fulfill(status=500, body="<h1>Server Error (500)</h1>", content_type="text/html")

    page.route(VISIT_FORM, fail)
    page.locator("#visit-submit").click()
    page.wait_for_selector("#submit-failed:not(.d-none)")
    assert page.inner_text("#submit-failed-text") == SUBMIT_FAILED
    assert page.inner_text("#visit-submit") == "保存家访记录" and page.locator("#visit-submit").is_enabled()
    assert page.locator("#visit-form [role=status]").inner_text() == ""
    assert _draft(page, child)["problems"] == "提交失败时的问题记录。"
    assert not HomeVisit.objects.filter(child=child, visitors="示例·儿童主任A（失败）").exists()


def test_a_visit_with_no_answer_is_given_up_and_sent_again_once(open_session):
    """The upload stalls after reaching the server (the visit is stored, its answer never comes): after the form's
    timeout the draft is still there and 重新提交 is offered; sending again files no second visit."""
    session = open_session(PHONE)
    page = session.page
    child = _visit_form(session)
    page.evaluate("document.getElementById('visit-form').setAttribute('data-timeout-ms', '2500')")
    _fill(page, "示例·儿童主任A（无应答）", "提交无应答时的问题记录。")
    held = []

    def reach_server_then_stall(route):
        if route.request.method != "POST":
            route.continue_()
            return
        route.fetch()  # stored; the answer never reaches the phone, and the request is never ended
        held.append(route)

    page.route(VISIT_FORM, reach_server_then_stall)
    page.locator("#visit-submit").click()
    page.wait_for_function("() => document.getElementById('visit-submit').textContent.includes('正在提交')")
    page.wait_for_selector("#submit-failed:not(.d-none)", timeout=10_000)
    session.shot("visit-no-answer")
    assert held
    assert page.inner_text("#submit-failed-text") == SUBMIT_FAILED
    assert page.locator("#resubmit").is_visible()
    assert page.inner_text("#visit-submit") == "保存家访记录" and page.locator("#visit-submit").is_enabled()
    assert page.input_value("#id_problems") == "提交无应答时的问题记录。"
    draft = _draft(page, child)
    assert draft["visitors"] == "示例·儿童主任A（无应答）" and draft["problems"] == "提交无应答时的问题记录。"
    assert draft["submission_key"]
    assert HomeVisit.objects.filter(child=child, visitors="示例·儿童主任A（无应答）").count() == 1

    page.unroute(VISIT_FORM)
    page.locator("#resubmit").click()
    page.wait_for_url("**/visits/child/*/?saved=*")
    visit = HomeVisit.objects.get(child=child, visitors="示例·儿童主任A（无应答）")
    assert page.url.endswith(f"?saved={visit.pk}")
    for route in held:
        with contextlib.suppress(Exception):  # the browser gave the request up already
            route.abort()

