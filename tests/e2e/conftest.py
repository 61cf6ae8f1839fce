"""Browser end-to-end tests: headless Debian Chromium driven by Playwright against pytest-django's live server.

Each test loads the demo data (`seed_demo`) into the live server's database and signs in through the real login
form. Screenshots of every step go to var/screenshots/<timestamp>/; the folder is printed at the end of the run.
"""

import io
import os
import re
import threading
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

# Playwright's sync API runs an asyncio loop in this thread; Django's ORM would otherwise refuse to run here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DEMO_PASSWORD = "zhanpu-demo"  # noqa: S105 - the demo accounts' password (registry/demo.py)
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
_RUN_STAMP = datetime.now().strftime("%Y%m%d-%H%M%S")
SCREENSHOT_DIR = Path(settings.BASE_DIR) / "var" / "screenshots" / _RUN_STAMP


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is absent: apt-get install chromium chromium-driver")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOT_DIR.exists():
        count = len(list(SCREENSHOT_DIR.glob("*.png")))
        terminalreporter.write_line(f"browser screenshots ({count}): {SCREENSHOT_DIR}")


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Module scope, not session: two Playwright instances alive at once in one
    process make the second fail inside the first one's event loop, and other apps' browser tests may start
    their own; each module's instance is closed before the next module starts."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = getattr(connections["default"], "_test_serialized_contents", None)
    with sync_playwright() as playwright:
        # Playwright's sync API leaves an event loop running in this thread, and with a running loop Django's
        # connections are per context: the tests get a connection object other than the one the test database
        # was serialized on. Give it the serialized data, or serialized rollback restores nothing and a test
        # after the first one runs without what migrations loaded (categories, indicators, visit policy).
        if serialized is not None:
            connections["default"]._test_serialized_contents = serialized
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def one_request_at_a_time(live_server):
    """On the in-memory SQLite test database the live server's request threads all use the test's one connection
    (Django's LiveServerThread connections_override): two requests at once, such as a visit page's two photos,
    would run statements on it together and fail ("database table is locked"). The portal's own SQLite database
    (a file, each request its own connection, waiting for locks) and PostgreSQL serve them side by side; here the
    live server runs one request's view at a time."""
    if not live_server.thread.connections_override:
        return
    server = live_server.thread.httpd
    app, lock = server.get_app(), threading.Lock()

    def serialized(environ, start_response):
        with lock:  # the whole request: a streamed body (a photo) and its close (request_finished) included
            response = app(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                if hasattr(response, "close"):
                    response.close()

    server.set_app(serialized)


@pytest.fixture
def demo(live_server, one_request_at_a_time, transactional_db, django_db_serialized_rollback):
    """The demo villages, accounts and children, in the database the live server reads. Serialized rollback puts
    back what migrations loaded (categories, permissions, visit policy) after each test's flush."""
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0, stdout=io.StringIO())


class Session:
    """One browser context (its own cookies) with a page, a screenshot helper and a record of page errors."""

    def __init__(self, browser, base_url: str, test_name: str, viewport: dict):
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.errors: list[str] = []
        self._name = re.sub(r"\W+", "_", test_name)
        self._step = 0
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        self.page.on("console", self._console)

    def _console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.errors.append(f"CSP: {message.text}")

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str):
        return self.page.goto(self.url(path))

    def shot(self, step: str) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        self._step += 1
        path = SCREENSHOT_DIR / f"{self._name}-{self._step:02d}-{step}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def login(self, username: str) -> None:
        """Sign in through the login form, keyboard only: type, Tab, type, Enter."""
        self.goto("/accounts/login/")
        self.page.locator("#id_username").focus()
        self.page.keyboard.type(username)
        self.page.keyboard.press("Tab")
        self.page.keyboard.type(DEMO_PASSWORD)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        assert not self.page.url.rstrip("/").endswith("/accounts/login"), f"{username} could not sign in"


@pytest.fixture
def open_session(browser, live_server, demo, request):
    """Factory: open_session(viewport=PHONE) → a fresh signed-out Session; closed after the test."""
    sessions = []

    def _open(viewport: dict = DESKTOP) -> Session:
        session = Session(browser, live_server.url, f"{request.node.name}-{len(sessions)}", viewport)
        sessions.append(session)
        return session

    yield _open
    for session in sessions:
        session.context.close()
    errors = [error for session in sessions for error in session.errors]
    assert not errors, "the pages raised errors in the browser:\n" + "\n".join(errors)
