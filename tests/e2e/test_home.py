"""Every demo role signs in through the login form and lands on its own home page."""

import pytest
from django.urls import reverse

from cases.models import Child
from registry.demo import ACCOUNTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _check_home(session, username: str, real_name: str, roles: list[str]) -> list[str]:
    """What is wrong with `username`'s home page (an empty list when nothing is)."""
    page = session.page
    problems = []
    if page.url != session.url("/"):
        problems.append(f"{username}: landed on {page.url}")
    if real_name not in page.locator("h1").inner_text():
        problems.append(f"{username}: greeting does not name {real_name}")
    shown = sorted(page.locator("[data-role]").evaluate_all("els => els.map(e => e.dataset.role)"))
    if shown != sorted(roles):
        problems.append(f"{username}: roles shown {shown}, expected {sorted(roles)}")
    # Every page the navigation offers this role opens for it.
    links = page.locator("#mainnav a.nav-link[href^='/'], #mainnav a.dropdown-item[href^='/']").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    for href in links:
        status = page.request.get(session.url(href)).status
        if status != 200:
            problems.append(f"{username}: the navigation offers {href}, which answers {status}")
    return problems


def test_each_demo_role_signs_in_and_sees_its_home_page(open_session):
    session = open_session()
    page = session.page
    problems = []
    for username, real_name, roles, *_ in ACCOUNTS:
        session.login(username)
        session.shot(f"home-{username}")
        problems += _check_home(session, username, real_name, [role.value for role in roles])
        # Sign out through the user menu (a POST form), as the next person at the same desk would expect.
        page.locator("#usermenu").click()
        with page.expect_navigation():
            page.get_by_role("button", name="退出登录").click()
        if "/accounts/login/" not in page.url:
            problems.append(f"{username}: signing out did not return to the login page")
    assert not problems, "\n".join(problems)


def test_wrong_password_keeps_the_user_on_the_login_form(open_session):
    session = open_session()
    session.goto("/accounts/login/")
    session.page.fill("#id_username", "director_a")
    session.page.fill("#id_password", "not-the-password")
    with session.page.expect_navigation():
        session.page.keyboard.press("Enter")
    session.shot("refused")
    assert "/accounts/login/" in session.page.url
    assert session.page.input_value("#id_username") == "director_a"
    assert session.page.input_value("#id_password") == ""
    assert session.page.locator(".alert-danger, .errorlist, .invalid-feedback").count() >= 1


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_navigation_bar_stays_on_one_line_at_1200_pixels(open_session, language):
    """The widest role's bar (leadership: most links, plus the admin link) fits one line of a 1200 px screen, the
    narrowest one that shows the bar rather than the menu button, with the account menu in view."""
    session = open_session(viewport={"width": 1200, "height": 800})
    page = session.page
    problems = []
    for username, *_ in ACCOUNTS:
        session.login(username)
        page.select_option("#lang", language)
        with page.expect_navigation():
            page.locator("footer button[type=submit]").click()
        brand_height = page.locator(".navbar-brand").bounding_box()["height"]
        links = page.locator("#mainnav > ul > li").evaluate_all("els => els.map(e => e.getBoundingClientRect().top)")
        account = page.locator("#usermenu").bounding_box()
        if max(links) - min(links) > brand_height / 2:
            problems.append(f"{username}: the navigation wraps onto a second line")
        if account["x"] + account["width"] > 1200:
            problems.append(f"{username}: the account menu is cut off")
        page.locator("#usermenu").click()
        session.shot(f"navigation-{username}-{language}")
        with page.expect_navigation():
            page.get_by_role("button", name="退出登录" if language == "zh-hans" else "Log out").click()
    assert not problems, "\n".join(problems)


def test_navigation_marks_the_section_shown(open_session):
    session = open_session()
    page = session.page
    session.login("station")
    current = page.locator("#mainnav [aria-current=page]")
    session.goto(reverse("cases:child_detail", args=[Child.objects.get(name="示例儿童乙").pk]))
    assert current.count() == 1 and current.inner_text() == "儿童档案"
    session.goto(reverse("cases:referral_list"))
    assert current.inner_text() == "帮扶转介"  # not 儿童档案, whose address starts this one's too
    session.goto(reverse("visits:summary"))
    assert current.inner_text() == "各村家访" and "dropdown-item" in current.get_attribute("class").split()
    assert "active" in page.locator("#mainnav .dropdown-toggle", has_text="家访").get_attribute("class").split()
    session.goto("/")
    assert current.count() == 0
