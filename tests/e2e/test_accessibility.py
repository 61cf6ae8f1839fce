"""WCAG 2.1 A and AA, as axe-core checks it (axe-playwright-python), on every page each role reaches from the
navigation and from the links on those pages: contrast, labels, table headers, landmarks, language. A county
office's staff include people with poor sight; a government portal is expected to meet GB/T 37668 (WCAG 2.0 AA)."""

import re

import pytest

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
# Not our pages (Django's admin), not HTML (exports), or not a page at all (language switch, static files).
SKIP = re.compile(r"/admin/|\.xlsx|/i18n/|/static/|/media/|logout")
MAX_PAGES = 40  # per role: every kind of page it reaches, one of each (ids replaced by N)


def _violations(session, axe, username: str) -> tuple[list[str], int]:
    """Crawl `username`'s pages breadth-first from the home page, one page per URL pattern; axe each."""
    page = session.page
    queue, patterns, problems = ["/"], set(), []
    while queue and len(patterns) < MAX_PAGES:
        href = queue.pop(0)
        pattern = re.sub(r"\d+", "N", href.split("?")[0])
        if pattern in patterns or SKIP.search(href):
            continue
        patterns.add(pattern)
        session.goto(href)
        for rule in axe.run(page, options=WCAG_AA).response["violations"]:
            for node in rule["nodes"]:
                problems.append(f"{username} {href}: {rule['id']} ({rule['impact']}) at {node['target']}: "
                                f"{node.get('failureSummary', '').strip()}")
        queue += page.locator("nav a[href^='/'], main a[href^='/']").evaluate_all(
            "links => links.map(link => link.getAttribute('href'))")
    return problems, len(patterns)


@pytest.mark.parametrize("username, viewport", [
    ("station", DESKTOP), ("director_a", PHONE), ("hotline", DESKTOP), ("police", DESKTOP), ("leader", DESKTOP),
])
def test_every_page_a_role_reaches_meets_wcag_aa(open_session, username, viewport):
    from axe_playwright_python.sync_playwright import Axe

    session = open_session(viewport)
    session.login(username)
    problems, pages = _violations(session, Axe(), username)
    assert pages >= 5, f"{username} reached only {pages} kinds of page"
    assert not problems, f"{len(problems)} WCAG AA violations:\n" + "\n".join(problems[:40])
