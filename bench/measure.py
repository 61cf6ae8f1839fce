"""Time the key pages in-process on the configured database (run by bench/run.py; prints one JSON document).

Each page is requested by the user who typically opens it (Django test Client, force_login), `--repeat` times
after a warm-up, and once more inside CaptureQueriesContext to count its SQL queries. Its floor (bench/floors.py)
is measured the same way in the same run.
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

TIME_BUDGET = 25.0  # seconds of timed requests per page at most (never fewer than 3 requests)
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


def timed(client: Client, url: str, repeat: int) -> dict:
    """Median and p95 of `repeat` requests after two warm-ups; a page whose first request takes longer than
    HEAVY_MS (a township-wide export at 100,000 children) is reported from that single request."""
    with CaptureQueriesContext(connection) as queries:
        t0 = time.perf_counter()
        response = client.get(url)
        first_ms = (time.perf_counter() - t0) * 1000
    query_count = len(queries.captured_queries)  # now: the next request clears the connection's query log
    if response.status_code != 200:
        return {"error": f"HTTP {response.status_code}"}
    if first_ms > HEAVY_MS:
        return {"queries": query_count, "n": 1, "median_ms": first_ms, "p95_ms": first_ms}
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries.captured_queries)
    times = []
    started = time.perf_counter()
    while len(times) < repeat and (len(times) < 3 or time.perf_counter() - started < TIME_BUDGET):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            return {"error": f"HTTP {response.status_code}"}
    times.sort()
    return {
        "queries": query_count, "n": len(times), "median_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
    }


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
        row["result"] = timed(client, page_url, args.repeat)
        row["floor"] = timed(client, floor_url, args.repeat)
        results.append(row)
        print(f"  {spec['page']}: {row['result']} / floor {row['floor']}", file=sys.stderr, flush=True)
    print(json.dumps({"children": Child.objects.count(), "pages": results}))


if __name__ == "__main__":
    main()
