"""A page left open while the user signed in again in another window still works: its htmx actions and its 退出.

Django's login() gives the browser a new CSRF token (rotate_token) while the old page still holds the one it was
rendered with: app.js reads the current one (the csrf_token URL) when an htmx request is refused for its token, and
before signing out. A request refused for a permission is not sent again.
"""

import pytest
from django.contrib.sessions.models import Session as StoredSession

from audit.models import AccessLog
from cases.models import Child
from registry.models import User
from registry.roles import Role
from registry.services import add_role, role_group

from .test_drafts_signed_in_again import _sign_in_in_new_window

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _child_file_of_station(open_session):
    """The station's page of a child with an ID number: the masked number and its 显示 button (hx-post)."""
    child = Child.objects.get(name="示例儿童乙")
    assert child.id_number
    session = open_session()
    session.login("station")
    session.goto(f"/children/{child.pk}/")
    assert child.id_number not in session.page.inner_text("#child-id-number")
    return session, child


def _sign_in_again_elsewhere(session, username: str) -> None:
    """The login of the page left open expired (30 minutes idle), and the user signed in again in another tab."""
    StoredSession.objects.all().delete()
    _sign_in_in_new_window(session, username)
    session.page.bring_to_front()


def _requests(page, part: str) -> list[str]:
    """The methods of the requests the page makes from now on to URLs containing `part`, as they are made."""
    seen = []
    page.on("request", lambda request: part in request.url and seen.append(request.method))
    return seen


def _reveals(child) -> int:
    return AccessLog.objects.filter(action=AccessLog.Action.REVEAL, object_type="child", object_ids=[child.pk]).count()


def test_htmx_action_on_a_page_from_before_signing_in_again_elsewhere_works(open_session):
    session, child = _child_file_of_station(open_session)
    page = session.page
    tokens = _requests(page, "/accounts/csrf-token/")
    _sign_in_again_elsewhere(session, "station")

    page.locator("#child-id-number + button").click()
    page.wait_for_function("n => document.getElementById('child-id-number').textContent.trim() === n",
                           arg=child.id_number)
    session.shot("revealed-after-login-elsewhere")
    assert tokens == ["GET"]
    assert _reveals(child) == 1

    with page.expect_response(lambda response: "/reveal/" in response.url) as answer:
        page.locator("#child-id-number + button").click()  # the page holds the current token now
    assert answer.value.status == 200
    assert tokens == ["GET"] and _reveals(child) == 2


def test_htmx_action_when_signed_out_since_says_to_sign_in_again(open_session):
    session, child = _child_file_of_station(open_session)
    page = session.page
    posts = _requests(page, "/reveal/")
    _sign_in_again_elsewhere(session, "station")
    StoredSession.objects.all().delete()  # and that login has expired too

    page.locator("#child-id-number + button").click()
    page.wait_for_selector("#child-id-number .text-danger")
    session.shot("asked-to-sign-in-again")
    assert "请在新窗口重新登录" in page.inner_text("#child-id-number")
    assert posts == ["POST"] and _reveals(child) == 0


def test_htmx_action_refused_for_a_permission_is_not_sent_again(open_session):
    session, child = _child_file_of_station(open_session)
    page = session.page
    posts, tokens = _requests(page, "/reveal/"), _requests(page, "/accounts/csrf-token/")
    station = User.objects.get(username="station")
    station.groups.remove(role_group(Role.STATION))  # the station's role taken away while the page is open:
    add_role(user=station, role=Role.LEADERSHIP)      # the child's file still open to it, its ID number not

    with page.expect_response(lambda response: "/reveal/" in response.url) as answer:
        page.locator("#child-id-number + button").click()
    assert answer.value.status == 403
    page.wait_for_timeout(500)
    assert posts == ["POST"] and tokens == []
    assert _reveals(child) == 0 and child.id_number not in page.inner_text("#child-id-number")


def test_signing_out_from_a_page_from_before_signing_in_again_elsewhere(open_session):
    session = open_session()
    page = session.page
    session.login("director_a")
    session.goto("/")
    _sign_in_again_elsewhere(session, "director_a")

    page.locator("#usermenu").click()
    with page.expect_navigation(url="**/accounts/login/**"):
        page.get_by_role("button", name="退出登录").click()
    session.shot("signed-out")
    user = User.objects.get(username="director_a")
    assert not [s for s in StoredSession.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    assert AccessLog.objects.filter(action=AccessLog.Action.LOGOUT, user=user).exists()
    session.goto("/")
    assert "/accounts/login" in page.url
