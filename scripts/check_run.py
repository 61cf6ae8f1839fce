"""CI's check of the README's first command: `make run` on this checkout sets everything up and serves the portal with
a Celery worker and beat, on the embedded default (SQLite, the filesystem broker), demo data loaded.

Starts `make run`, waits for the sign-in page, signs in as a demo child director and opens the home page, queues a
task and waits for the worker to run it, checks that beat started, then presses Ctrl-C (SIGINT to the
process group, as a terminal does) and checks that web, worker and beat all stopped. Exits non-zero, with the
run's output, on any failure. Run from the project folder: `.venv/bin/python scripts/check_run.py`.
"""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PORTAL = "http://127.0.0.1:8000"
START_SECONDS = 300  # migrate and seed_demo on a fresh SQLite file, on 2 slow cores
TASK = "zhanpu.ping"


class Failed(Exception):
    pass


def wait_for(what: str, check, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(1)
    raise Failed(f"{what}: not within {seconds:.0f} s")


def answers(opener, path: str) -> bool:
    try:
        return opener.open(PORTAL + path, timeout=5).status == 200
    except (urllib.error.URLError, OSError):
        return False


def sign_in(opener) -> str:
    """Sign in as director_a with the demo password; the home page's HTML."""
    page = opener.open(PORTAL + "/accounts/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "director_a",
                                   "password": "zhanpu-demo"}).encode()
    request = urllib.request.Request(PORTAL + "/accounts/login/", data=form,  # noqa: S310 - http on loopback
                                     headers={"Referer": PORTAL + "/accounts/login/"})
    home = opener.open(request, timeout=30)  # the redirect to the home page is followed
    body = home.read().decode()
    if urllib.parse.urlsplit(home.url).path.startswith("/accounts/login"):
        raise Failed("signing in as director_a with the demo password failed")
    return body


def queue_task() -> None:
    subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "shell", "-c", f"from zhanpu.celery import app; app.send_task({TASK!r})"],
        cwd=BASE_DIR, env={**os.environ, "DEBUG": "1"}, check=True, capture_output=True, timeout=120,
    )


def main() -> int:
    if answers(urllib.request.build_opener(), "/accounts/login/"):
        print(f"{PORTAL} already answers: stop what runs there first", file=sys.stderr)
        return 2
    log = tempfile.NamedTemporaryFile("w+", prefix="make-run-", suffix=".log", delete=False)
    run = subprocess.Popen(  # noqa: S603 - the README's command, as a user types it
        ["make", "run"], cwd=BASE_DIR, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,  # noqa: S607
        start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},  # each log line written when it happens
    )
    output = lambda: Path(log.name).read_text(errors="replace")  # noqa: E731
    try:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        wait_for("the sign-in page", lambda: run.poll() is None and answers(opener, "/accounts/login/"),
                 START_SECONDS)
        home = sign_in(opener)
        if "示例·儿童主任A" not in home or "我的家访" not in home:
            raise Failed("director_a's home page does not greet them or show their home visits")
        queue_task()
        wait_for(f"the worker running {TASK}", lambda: re.search(rf"{re.escape(TASK)}\[[^\]]+\] succeeded", output()),
                 120)
        wait_for("beat starting", lambda: "beat: Starting" in output(), 60)
        os.killpg(run.pid, signal.SIGINT)  # Ctrl-C in the terminal
        try:
            run.wait(timeout=60)
        except subprocess.TimeoutExpired:
            raise Failed("web, worker and beat did not stop within 60 s of Ctrl-C") from None
        group = ["pgrep", "-g", str(run.pid)]  # what is left of the process group make run started
        left = subprocess.run(group, capture_output=True, text=True).stdout.split()  # noqa: S603
        if left:
            raise Failed(f"processes left running after Ctrl-C: {left}")
    except Failed as failure:
        print(output(), file=sys.stderr)
        print(f"make run: FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    print("make run: portal served, director_a signed in, the worker ran a task, beat started, Ctrl-C stopped all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
