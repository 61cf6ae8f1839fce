"""Time the key pages in-process on the configured database (run by bench/run.py; prints one JSON document).

Each page is requested by the user who typically opens it (Django test Client, force_login), `--repeat` times
after a warm-up, and once more inside CaptureQueriesContext to count its SQL queries. Its floor (bench/floors.py)
is measured the same way in the same run, its requests taking turns with the page's.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from cases.models import Child  # noqa: E402
from registry.models import User  # noqa: E402

TIME_BUDGET = 40.0  # seconds of timed requests per page and floor at most (never fewer than 3 of each)
HEAVY_MS = 5000


def pages() -> list[dict]:
    """(label, username, page URL name and args, floor URL name and args)."""
    director = User.objects.get(username="gen_dir_t01-v01")
    child = (Child.objects.filter(village__code="gen-t01-v01", status=Child.Status.OPEN)
             .annotate(n=Count("visits")).order_by("-n", "pk").first())
    return [
        {"page": "child register (township)", "user": "gen_station", "url": ("cases:child_list", []),
         "floor": ("floor_register", [])},
        {"page": "child's file", "user": "gen_station", "url": ("cases:child_detail", [child.pk]),
         "floor": ("floor_child", [child.pk])},
        {"page": "due list (director)", "user": director.username, "url": ("visits:due", []),
         "floor": ("floor_due", [])},
        {"page": "due list (township)", "user": "gen_station", "url": ("visits:due", []),
         "floor": ("floor_due", [])},
        {"page": "hotline ledger", "user": "gen_hotline1", "url": ("hotline:ledger", []),
         "floor": ("floor_ledger", [])},
        {"page": "dashboard (township)", "user": "gen_leader", "url": ("dashboard:index", []),
         "floor": ("floor_dashboard", [])},
        {"page": "Excel export (director)", "user": director.username, "url": ("cases:child_export", []),
         "floor": ("floor_export", [])},
        {"page": "Excel export (township)", "user": "gen_station", "url": ("cases:child_export", []),
         "floor": ("floor_export", [])},
    ]


def _get(client: Client, url: str) -> float | None:
    """Milliseconds to serve `url`, or None unless it answered 200."""
    t0 = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - t0) * 1000
    return elapsed if response.status_code == 200 else None


def _queries(client: Client, url: str) -> int:
    """The queries of one request of `url`. A request to the home page goes first: after a request longer than
    SESSION_RENEW_SECONDS (a township export at 100,000 children) the next one renews the session (three writes), a
    matter of the clock, not of the page; the renewal happens there, outside the count."""
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries.captured_queries)  # read now: the next request clears the connection's query log


def _summary(queries: int, times: list[float]) -> dict:
    times = sorted(times)
    return {
        "queries": queries, "n": len(times), "median_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
    }


def timed_pair(client: Client, page_url: str, floor_url: str, repeat: int) -> tuple[dict, dict]:
    """Median and p95 of `repeat` requests of the page and of its floor, taken in turns (page, floor, page, ...)
    after two warm-ups of each, so that a change in the machine's speed during the run weighs on both alike. A page
    whose first request takes longer than HEAVY_MS (a township-wide export at 100,000 children) is reported from
    that single request, and its floor from one request too."""
    first = {}
    for name, url in (("page", page_url), ("floor", floor_url)):
        first[name] = _get(client, url)
        if first[name] is None:
            return {"error": f"HTTP error on {url}"}, {}
    if first["page"] > HEAVY_MS:
        return ({"queries": _queries(client, page_url), "n": 1, "median_ms": first["page"], "p95_ms": first["page"]},
                {"queries": _queries(client, floor_url), "n": 1, "median_ms": first["floor"],
                 "p95_ms": first["floor"]})
    client.get(page_url)
    client.get(floor_url)
    counts = {"page": _queries(client, page_url), "floor": _queries(client, floor_url)}
    times = {"page": [], "floor": []}
    started = time.perf_counter()
    while len(times["page"]) < repeat and (len(times["page"]) < 3 or time.perf_counter() - started < TIME_BUDGET):
        for name, url in (("page", page_url), ("floor", floor_url)):
            elapsed = _get(client, url)
            if elapsed is None:
                return {"error": f"HTTP error on {url}"}, {}
            times[name].append(elapsed)
    return _summary(counts["page"], times["page"]), _summary(counts["floor"], times["floor"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    results = []
    for spec in pages():
        client = Client()
        client.force_login(User.objects.get(username=spec["user"]))
        row = {"page": spec["page"], "user": spec["user"]}
        try:
            page_url = reverse(spec["url"][0], args=spec["url"][1])
            floor_url = reverse(spec["floor"][0], args=spec["floor"][1])
        except NoReverseMatch:
            row["error"] = "no such page yet"
            results.append(row)
            continue
        row["url"] = page_url
        row["result"], row["floor"] = timed_pair(client, page_url, floor_url, args.repeat)
        results.append(row)
        print(f"  {spec['page']}: {row['result']} / floor {row['floor']}", file=sys.stderr, flush=True)
    print(json.dumps({"children": Child.objects.count(), "pages": results}))


if __name__ == "__main__":
    main()
