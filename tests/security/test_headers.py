"""Response headers and the Content-Security-Policy's consequences for templates."""

import gzip
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import reverse

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def project_templates() -> list[Path]:
    """Every template of the project (the templates/ folder and each local app's), not of installed packages."""
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    folders += [
        Path(config.path) / "templates" for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR) and ".venv" not in Path(config.path).parts
    ]
    return sorted(path for folder in folders if folder.is_dir() for path in folder.rglob("*.html"))


def csp_violations(text: str) -> list[str]:
    checks = {
        "inline <script> without src": INLINE_SCRIPT, "style= attribute": STYLE_ATTRIBUTE,
        "<style> element": STYLE_ELEMENT, "on…= event handler": EVENT_HANDLER, "javascript: URL": JAVASCRIPT_URL,
    }
    html = TEMPLATE_TAG.sub("", text)
    return [name for name, pattern in checks.items() if pattern.search(html)]


def test_the_template_checker_catches_each_kind_of_inline_code():
    assert csp_violations('<script src="/static/js/a.js"></script><p class="x">ok</p>') == []
    assert csp_violations("<script>alert(1)</script>") == ["inline <script> without src"]
    assert csp_violations('<div class="a" style="color:red">') == ["style= attribute"]
    assert csp_violations("<style>p{}</style>") == ["<style> element"]
    assert csp_violations('<button onclick="go()">') == ["on…= event handler"]
    assert csp_violations('<a href="javascript:go()">') == ["javascript: URL"]
    assert csp_violations('<a class="{% if only == 1 %}x{% endif %}" href="?only=1">') == []


def test_no_template_has_inline_script_or_style():
    templates = project_templates()
    assert any(path.name == "base.html" for path in templates)
    offenders = {
        str(path.relative_to(settings.BASE_DIR)): found
        for path in templates if (found := csp_violations(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, (
        f"Templates breaking the Content-Security-Policy (move JS to static/js/, CSS to classes): {offenders}"
    )


def test_signed_in_pages_are_never_cached(client, director_a):
    client.force_login(director_a)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_logout_response_is_not_cached_either(client, director_a):
    client.force_login(director_a)
    response = client.post(reverse("logout"))
    assert "no-store" in response["Cache-Control"]


def test_pages_carry_the_security_headers(client, director_a):
    client.force_login(director_a)
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_login_page_carries_the_policy_and_a_csrf_token(client, db):
    response = client.get(reverse("login"))
    assert "Content-Security-Policy" in response
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_forms_are_refused_without_csrf_token(db, director_a):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(director_a)
    assert strict.post(reverse("registry:notifications_read_all")).status_code == 403


def test_pages_reach_a_phone_compressed(client, director_a, child_a):
    client.force_login(director_a)
    plain = client.get(reverse("cases:child_list"))
    packed = client.get(reverse("cases:child_list"), headers={"accept-encoding": "gzip, deflate"})
    assert not plain.has_header("Content-Encoding")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content).decode()
    assert child_a.name in page and "</html>" in page
    assert len(packed.content) * 2 < len(plain.content)
