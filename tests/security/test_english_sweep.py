"""Every page of the portal in English: each URL of the sweep, opened by a role allowed to open it, in English,
shows no Chinese (nor Chinese punctuation) outside user data. The page list is the sweep's, so a new page is checked
as soon as it has a rule."""

import pytest

from tests.test_i18n import chinese_outside_user_data

from .sweep import build_url, walk_urls
from .url_rules import RULES

pytestmark = pytest.mark.django_db

# The role that opens each page: the first of these that the page's rule allows.
READERS = ["station_user", "leader", "director_a", "hotline_user", "police_user", "admin_account", "anonymous"]


def test_every_page_in_english_shows_no_chinese_outside_user_data(role_clients, sweep_objects):
    for client in role_clients.values():
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    problems, checked = [], 0
    for url in walk_urls():
        url_rule = RULES.get(url.name)
        if url_rule is None or url_rule.post_only:
            continue
        role = next((role for role in READERS if role in url_rule.allowed), None)
        if role is None:
            continue
        path = build_url(url, url_rule, sweep_objects)
        response = role_clients[role].get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        checked += 1
        problems += [f"{role} {path}: {text!r}" for text in chinese_outside_user_data(response.content.decode())]
    assert checked > 60
    assert problems == [], "\n".join(problems)
