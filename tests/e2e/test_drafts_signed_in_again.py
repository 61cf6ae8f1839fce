"""A draft form whose login expired is sent once the user has signed in again in another window, as the page asks.

Django's login() gives the browser a new CSRF token (rotate_token), while the page left open still holds the old
one: drafts.js must send the form with the current token, or the server refuses it (403) and 重新提交 fails for
good. The idle timeout is simulated by deleting the session on the server (what its expiry amounts to).
"""

import pytest
from django.contrib.sessions.models import Session as StoredSession
from django.utils import timezone

from cases.models import Child
from hotline.models import HotlineCall
from visits.models import HomeVisit

from .conftest import DEMO_PASSWORD, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VISIT = {
    "#id_visitors": "示例·儿童主任A（登录过期）",
    "#id_present": "儿童本人、祖母",
    "#id_problems": "登录过期前填写的问题记录。",
    "#id_actions": "登录过期前填写的处理措施。",
}
SUMMARY = "来电反映儿童独自在家（登录过期后提交）。"


def _sign_in_in_new_window(session, username: str) -> None:
    """A second tab of the same browser: sign in there, as the expired-login message says, and close it."""
    other = session.context.new_page()
    other.goto(session.url("/accounts/login/"))
    other.fill("#id_username", username)
    other.fill("#id_password", DEMO_PASSWORD)
    with other.expect_navigation():
        other.locator("#id_password").press("Enter")
    assert "/accounts/login" not in other.url, f"{username} could not sign in again"
    other.close()


def test_visit_sent_after_signing_in_again_in_another_window_is_stored_with_everything_typed(open_session):
    session = open_session(PHONE)
    page = session.page
    session.login("director_a")
    child = Child.objects.get(name="示例儿童乙")
    session.goto(f"/visits/child/{child.pk}/new/")
    page.wait_for_selector("#visit-form")
    page.fill("#id_visited_on", f"{timezone.localdate():%Y-%m-%d}")
    for selector, value in VISIT.items():
        page.fill(selector, value)

    StoredSession.objects.all().delete()  # 30 minutes idle: the login has expired
    page.locator("#visit-submit").click()
    page.wait_for_selector("#submit-failed:not(.d-none)")
    session.shot("login-expired")
    assert "登录已过期" in page.inner_text("#submit-failed-text")
    assert not HomeVisit.objects.filter(child=child, visitors=VISIT["#id_visitors"]).exists()

    _sign_in_in_new_window(session, "director_a")
    page.bring_to_front()
    page.get_by_role("button", name="重新提交").click()
    page.wait_for_url("**/visits/child/*/?saved=*", timeout=5000)
    session.shot("resent-after-login")
    visit = HomeVisit.objects.get(child=child, visitors=VISIT["#id_visitors"])
    assert (visit.present, visit.problems, visit.actions) == (
        VISIT["#id_present"], VISIT["#id_problems"], VISIT["#id_actions"])
    assert visit.visited_on == timezone.localdate()
    assert page.url.endswith(f"?saved={visit.pk}") and "家访记录已保存" in page.inner_text("main")


def test_call_typed_before_the_login_expired_is_logged_when_sent_after_signing_in_elsewhere(open_session):
    """The operator signed in again in another window before pressing 登记 in the old one: logged at once."""
    session = open_session()
    page = session.page
    session.login("hotline")
    session.goto("/hotline/new/")
    page.check("input[name=call_type][value=report]")
    page.check("input[name=caller_relation][value=neighbour]")
    page.check("input[name=urgency][value=urgent]")
    page.fill("textarea[name=summary]", SUMMARY)
    page.locator("input[name=categories]").nth(1).check()

    StoredSession.objects.all().delete()
    _sign_in_in_new_window(session, "hotline")
    page.bring_to_front()
    with page.expect_navigation(url="**/hotline/*/", timeout=5000):
        page.locator("#call-form [type=submit]").click()
    session.shot("logged-after-login")
    call = HotlineCall.objects.get(summary=SUMMARY)
    assert call.urgency == HotlineCall.Urgency.URGENT and call.categories.count() == 1
    assert "来电已登记" in page.inner_text("main")
