"""Load test on loopback: the portal under gunicorn (2 workers) and 50 simulated users for 60 s.

    .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--workers 2]

Run it after bench/run.py: it uses the benchmark database (zhanpu_bench) and the keys run.py keeps in
var/bench/keys.json. Each simulated user is a thread with its own signed-in session (created directly in the
session store: the generated accounts have no password) that repeats its role's typical requests with a short
pause between them; hotline operators also log calls (POST with the CSRF token). Only 127.0.0.1 is contacted,
the number of threads and the duration are bounded, and gunicorn is stopped at the end. Prints the error count
(the run fails unless it is zero), the throughput and the latency percentiles.
"""

import argparse
import gzip
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))

import run as bench_run  # noqa: E402

HOST = "127.0.0.1"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMEOUT = 30


def django_setup(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def session_cookie(user) -> str:
    """A signed-in session for `user`, made the way django.test.Client.force_login makes it."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def simulated_users(count: int) -> list[dict]:
    """Roles in the proportions of a township: mostly child directors, some station staff, operators, leaders."""
    from cases.models import Child
    from hotline.models import HotlineCall
    from registry.models import User

    directors = list(User.objects.filter(username__startswith="gen_dir_").order_by("username"))
    station, leader = User.objects.get(username="gen_station"), User.objects.get(username="gen_leader")
    operators = list(User.objects.filter(username__startswith="gen_hotline"))
    calls = list(HotlineCall.objects.order_by("-received_at").values_list("pk", flat=True)[:200])
    users = []
    for index in range(count):
        share = index % 10
        if share < 6:
            user = directors[index % len(directors)]
            village_code = user.username.replace("gen_dir_", "gen-")
            kids = list(Child.objects.filter(village__code=village_code).values_list("pk", flat=True)[:40])
            paths = ["/", "/visits/", "/visits/?only=overdue", "/children/"]
            paths += [f"/visits/child/{pk}/" for pk in kids[:5]] + [f"/children/{pk}/" for pk in kids[:5]]
            role = "director"
        elif share < 8:
            user, role = station, "station"
            kids = list(Child.objects.order_by("?").values_list("pk", flat=True)[:10])
            paths = ["/children/", "/visits/", "/hotline/", "/hotline/intakes/", "/children/referrals/"]
            paths += [f"/children/{pk}/" for pk in kids]
        elif share < 9:
            user, role = operators[index % len(operators)], "hotline"
            paths = ["/hotline/", "/hotline/new/"] + [f"/hotline/{pk}/" for pk in calls[:10]]
        else:
            user, role = leader, "leader"
            paths = ["/dashboard/", "/children/", "/visits/", "/hotline/stats/"]
        users.append({"role": role, "cookie": session_cookie(user), "paths": paths})
    return users


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: list[tuple[str, str, float, int]] = []  # role, label, ms, status (0: no answer)

    def add(self, role: str, label: str, ms: float, status: int) -> None:
        with self.lock:
            self.samples.append((role, label, ms, status))


def request(port: int, method: str, path: str, cookie: str, body: bytes | None = None,
            extra: dict | None = None) -> tuple[int, bytes, http.client.HTTPMessage]:
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        # As a browser does: pages come back compressed (GZipMiddleware), at the server's cost.
        headers = {"Cookie": cookie, "Host": f"{HOST}:{port}", "Accept-Encoding": "gzip", **(extra or {})}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        if response.getheader("Content-Encoding") == "gzip":
            content = gzip.decompress(content)
        return response.status, content, response.msg
    finally:
        connection.close()


def log_call(port: int, user: dict, recorder: Recorder) -> None:
    """The operator opens the form and logs a call: a GET then a POST with the form's CSRF token."""
    t0 = time.perf_counter()
    status, body, headers = request(port, "GET", "/hotline/new/", user["cookie"])
    token = CSRF.search(body.decode("utf-8", "replace"))
    csrf_cookie = re.search(r"csrftoken=([^;]+)", " ".join(headers.get_all("Set-Cookie") or []))
    if status != 200 or not token or not csrf_cookie:
        recorder.add(user["role"], "POST /hotline/new/", (time.perf_counter() - t0) * 1000, 0)
        return
    form = urlencode({
        "csrfmiddlewaretoken": token.group(1), "received_at": time.strftime("%Y-%m-%dT%H:%M"),
        "call_type": "consult", "caller_relation": "parent", "urgency": "normal",
        "summary": "压测：家长咨询政策。", "action": "answered",
    }).encode()
    status, _, headers = request(port, "POST", "/hotline/new/", f"{user['cookie']}; csrftoken={csrf_cookie.group(1)}",
                                 form, {"Content-Type": "application/x-www-form-urlencoded",
                                        "Referer": f"http://{HOST}:{port}/hotline/new/"})
    logged = status == 302 and re.search(r"/hotline/\d+/$", headers.get("Location", ""))
    recorder.add(user["role"], "POST /hotline/new/", (time.perf_counter() - t0) * 1000, 200 if logged else status)


def user_loop(port: int, user: dict, deadline: float, recorder: Recorder, seed: int) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        try:
            if user["role"] == "hotline" and rng.random() < 0.2:
                log_call(port, user, recorder)
            else:
                path = rng.choice(user["paths"])
                t0 = time.perf_counter()
                status, _, _ = request(port, "GET", path, user["cookie"])
                label = re.sub(r"/\d+/", "/<id>/", path.split("?")[0])
                recorder.add(user["role"], f"GET {label}", (time.perf_counter() - t0) * 1000, status)
        except OSError:
            recorder.add(user["role"], "connection", 0.0, 0)
        time.sleep(rng.uniform(0.5, 1.5))  # the user reads the page


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(share * (len(values) - 1)))]


def report(recorder: Recorder, seconds: float) -> int:
    samples = recorder.samples
    ok = {200}  # a logged call (a redirect to the new call's page) is recorded as 200 by log_call
    errors = [sample for sample in samples if sample[3] not in ok]
    times = [sample[2] for sample in samples if sample[3] in ok]
    print(f"requests: {len(samples)}  errors: {len(errors)}  throughput: {len(samples) / seconds:.1f} req/s")
    if times:
        print(f"latency ms: median {statistics.median(times):.0f}  p95 {percentile(times, 0.95):.0f}  "
              f"max {max(times):.0f}")
    by_label = defaultdict(list)
    for role, label, ms, status in samples:
        by_label[(role, label)].append((ms, status))
    print(f"{'role':<9} {'request':<28} {'count':>6} {'errors':>6} {'median':>7} {'p95':>7}")
    for (role, label), rows in sorted(by_label.items()):
        good = [ms for ms, status in rows if status in ok] or [0.0]
        bad = sum(1 for _, status in rows if status not in ok)
        print(f"{role:<9} {label:<28} {len(rows):>6} {bad:>6} {statistics.median(good):>7.0f} "
              f"{percentile(good, 0.95):>7.0f}")
    for role, label, _, status in errors[:10]:
        print(f"  error: {role} {label} → {status or 'no answer'}")
    print("zero errors: " + ("yes" if not errors else "NO"))
    return 0 if not errors else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", bench_run.DEFAULT_URL))
    args = parser.parse_args()
    if not 1 <= args.users <= 200 or not 1 <= args.seconds <= 600:
        raise SystemExit("--users must be 1–200 and --seconds 1–600.")

    env = bench_run.bench_env(args.database_url)
    django_setup(env)
    users = simulated_users(args.users)
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, loopback only
        [str(BASE_DIR / ".venv" / "bin" / "gunicorn"), "zhanpu.wsgi", "--workers", str(args.workers),
         "--bind", f"{HOST}:{args.port}", "--timeout", "60", "--log-level", "warning"],
        env=env, cwd=BASE_DIR,
    )
    try:
        for _ in range(60):
            try:
                if request(args.port, "GET", "/accounts/login/", "")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("gunicorn did not answer within 30 s")
        print(f"gunicorn ({args.workers} workers) on {HOST}:{args.port}; {args.users} users for {args.seconds} s")
        recorder = Recorder()
        deadline = time.monotonic() + args.seconds
        threads = [threading.Thread(target=user_loop, args=(args.port, user, deadline, recorder, index), daemon=True)
                   for index, user in enumerate(users)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + TIMEOUT + 5)
        return report(recorder, time.monotonic() - started)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
