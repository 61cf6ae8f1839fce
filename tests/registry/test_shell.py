"""The UI shell through HTTP: login, a home page per role, errors in Chinese, language switch, no CDN."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse

from registry.models import User

pytestmark = pytest.mark.django_db


def test_anonymous_home_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_login_page_is_chinese(client):
    body = client.get(reverse("login")).content.decode()
    assert 'lang="zh-hans"' in body and "登录" in body


def test_login_with_demo_password_reaches_home(client, director_a):
    response = client.post(reverse("login"), {"username": "director_a", "password": "zhanpu-demo"}, follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.user == director_a
    assert 'data-role="director"' in response.content.decode()


@pytest.mark.parametrize("fixture,role", [
    ("leader", "leadership"), ("station_user", "station"), ("director_a", "director"),
    ("hotline_user", "hotline"), ("police_user", "office"), ("admin_account", "admin"),
])
def test_each_role_gets_its_home_page(client, request, fixture, role):
    client.force_login(request.getfixturevalue(fixture))
    body = client.get("/").content.decode()
    assert f'data-role="{role}"' in body
    assert "您好" in body


def test_admin_link_only_for_staff(client, director_a, leader, admin_account):
    """In the bar for the administrator, whose work it is; in the account menu for a leadership member."""
    client.force_login(director_a)
    assert reverse("admin:index") not in client.get("/").content.decode()
    client.force_login(leader)
    assert f'class="dropdown-item" href="{reverse("admin:index")}"' in client.get("/").content.decode()
    client.force_login(admin_account)
    assert f'class="nav-link" href="{reverse("admin:index")}"' in client.get("/").content.decode()


def test_logout_needs_post_and_ends_session(client, director_a):
    client.force_login(director_a)
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302


def test_404_page_is_chinese(client, director_a):
    client.force_login(director_a)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_language_switch_to_english(client, director_a):
    client.force_login(director_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert 'lang="en"' in body
    assert "Hello" in body


def test_a_chosen_language_follows_the_user_to_another_browser(client, director_a):
    client.force_login(director_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    director_a.refresh_from_db()
    assert director_a.language == "en"
    other_browser = Client()
    assert 'lang="zh-hans"' in other_browser.get(reverse("login")).content.decode()
    response = other_browser.post(reverse("login"), {"username": "director_a", "password": "zhanpu-demo"}, follow=True)
    assert 'lang="en"' in response.content.decode() and "Hello" in response.content.decode()


def test_a_language_chosen_before_signing_in_or_unknown_is_not_stored(client, director_a):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})  # anonymous, on the login page
    client.force_login(director_a)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    director_a.refresh_from_db()
    assert director_a.language == ""
    response = Client().post(reverse("login"), {"username": "director_a", "password": "zhanpu-demo"}, follow=True)
    assert 'lang="zh-hans"' in response.content.decode()  # nothing chosen: the browser's language, here none


def test_healthz_reports_database_and_broker_without_login(client):
    response = client.get("/healthz")
    data = response.json()
    assert data["database"] == "ok"
    assert set(data) == {"status", "database", "broker"}


def test_timezone_and_language_defaults():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"


def test_no_template_or_static_file_loads_from_the_internet():
    root = Path(settings.BASE_DIR)
    pattern = re.compile(r"""(src|href)=["']https?://""")
    offenders = [str(p) for p in (root / "templates").rglob("*.html") if pattern.search(p.read_text())]
    assert offenders == []
    for asset in ("vendor/bootstrap/bootstrap.min.css", "vendor/htmx/htmx.min.js", "vendor/chartjs/chart.umd.min.js"):
        assert (root / "static" / asset).exists()


def test_seed_demo_refuses_when_debug_is_off(db):
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.filter(username="leader").exists()


@override_settings(DEBUG=True)
def test_seed_demo_creates_the_demo_accounts_once(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    names = set(User.objects.values_list("username", flat=True))
    assert {"leader", "station", "director_a", "director_b", "hotline", "police", "school", "admin"} <= names
    response = client.post(reverse("login"), {"username": "director_b", "password": "zhanpu-demo"})
    assert response.status_code == 302
    from cases.selectors import children_visible_to

    director_b = User.objects.get(username="director_b")
    assert {c.village.name for c in children_visible_to(director_b)} == {"示例社区B"}
