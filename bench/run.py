"""Benchmark of the key pages on PostgreSQL at county scale. Usage (from the repository root):

    .venv/bin/python bench/run.py [--sizes 10000,100000] [--repeat 30]

For each size N it recreates the database zhanpu_bench (never any other: the name must end in "_bench"),
migrates it, fills it with `manage.py generate_county --children N`, runs VACUUM ANALYZE, then times the pages
in-process (bench/measure.py). It prints a table and writes it to bench/results/<date>.md.
Settings are production-like (DEBUG off) with throw-away keys generated for the run.
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zhanpu_bench"


KEYS_FILE = BASE_DIR / "var" / "bench" / "keys.json"


def bench_keys() -> dict:
    """Throw-away keys for the benchmark database, kept under var/ so that bench/load.py can read the same data."""
    from cryptography.fernet import Fernet

    if not KEYS_FILE.exists():
        KEYS_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEYS_FILE.write_text(json.dumps({
            "SECRET_KEY": secrets.token_urlsafe(64),
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "FIELD_HASH_KEY": secrets.token_urlsafe(32),
        }))
        KEYS_FILE.chmod(0o600)
    return json.loads(KEYS_FILE.read_text())


def bench_env(database_url: str) -> dict:
    return {
        **os.environ,
        **bench_keys(),
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "ERROR",
        "EMAIL_URL": "dummymail://",
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }


def recreate_database(database_url: str) -> None:
    import psycopg2

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name.endswith("_bench"):
        raise SystemExit(f"Refusing to recreate {name!r}: the benchmark database's name must end in _bench.")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")).replace("postgres://", "postgresql://", 1))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def analyze(database_url: str) -> None:
    import psycopg2

    connection = psycopg2.connect(database_url.replace("postgres://", "postgresql://", 1))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()


def children_in(database_url: str) -> int | None:
    import psycopg2

    try:
        connection = psycopg2.connect(database_url.replace("postgres://", "postgresql://", 1))
    except psycopg2.OperationalError:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM cases_child")
            return cursor.fetchone()[0]
    except psycopg2.Error:
        return None
    finally:
        connection.close()


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [PYTHON, str(BASE_DIR / "manage.py"), *args], env=env, cwd=BASE_DIR, check=True, text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def measure(env: dict, repeat: int) -> dict:
    result = subprocess.run(  # noqa: S603
        [PYTHON, str(BASE_DIR / "bench" / "measure.py"), "--repeat", str(repeat)], env=env, cwd=BASE_DIR,
        check=True, text=True, stdout=subprocess.PIPE,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def fmt(value, digits=1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def table(runs: list[dict]) -> str:
    lines = [
        "| page | user | children | queries | requests | median ms | p95 ms | floor queries | floor median ms "
        "| × floor |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        for row in run["pages"]:
            error = row.get("error") or row.get("result", {}).get("error")
            if error:
                lines.append(f"| {row['page']} | {row['user']} | {run['children']} | {error} | | | | | | |")
                continue
            page, floor = row["result"], row["floor"]
            ratio = page["median_ms"] / floor["median_ms"] if floor.get("median_ms") else None
            lines.append(
                f"| {row['page']} | {row['user']} | {run['children']} | {page['queries']} | {page['n']} "
                f"| {fmt(page['median_ms'])} | {fmt(page['p95_ms'])} | {floor.get('queries', '—')} "
                f"| {fmt(floor.get('median_ms'))} | {fmt(ratio)} |"
            )
    return "\n".join(lines)


def checks(runs: list[dict]) -> str:
    """The issue's targets: queries constant in N, median within 2× of the floor, register and due list < 100 ms."""
    lines = ["", "## Targets", ""]
    by_page: dict[str, list] = {}
    for run in runs:
        for row in run["pages"]:
            if "result" in row and "error" not in row["result"]:
                by_page.setdefault(row["page"], []).append((run["children"], row))
    for page, rows in by_page.items():
        counts = {children: row["result"]["queries"] for children, row in rows}
        verdicts = []
        if len(counts) > 1:
            verdicts.append("queries constant in N" if len(set(counts.values())) == 1 else f"queries GROW {counts}")
        largest, row = max(rows, key=lambda item: item[0])
        ratio = row["result"]["median_ms"] / row["floor"]["median_ms"]
        verdicts.append(f"{ratio:.1f}× floor at {largest} ({'ok' if ratio <= 2 else 'over 2×'})")
        if page.startswith(("child register", "due list")):
            median = row["result"]["median_ms"]
            verdicts.append(f"median {median:.0f} ms at {largest} ({'ok' if median < 100 else 'over 100 ms'})")
        lines.append(f"- {page}: " + "; ".join(verdicts))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated numbers of children")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page (after 2 warm-ups)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true",
                        help="measure the county already in the database when it has exactly N children")
    args = parser.parse_args()

    env = bench_env(args.database_url)
    runs = []
    for size in [int(value) for value in args.sizes.split(",")]:
        generated = None
        if args.reuse and children_in(args.database_url) == size:
            print(f"== N = {size}: reusing the county already in the database (migrated to this code)", flush=True)
            manage(env, "migrate", "--noinput", "-v0")
            analyze(args.database_url)  # a data migration leaves dead rows: measured as autovacuum would leave them
        else:
            print(f"== N = {size}: recreate, migrate, generate", flush=True)
            recreate_database(args.database_url)
            manage(env, "migrate", "--noinput", "-v0")
            started = time.monotonic()
            manage(env, "generate_county", "--children", str(size), "--seed", str(args.seed),
                   "--allow-without-debug")
            generated = time.monotonic() - started
            analyze(args.database_url)
        print(f"== N = {size}: measure", flush=True)
        run = measure(env, args.repeat)
        run["generate_seconds"] = generated
        runs.append(run)

    stamp = datetime.now().strftime("%Y-%m-%d")
    header = [
        f"# Benchmark {datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"PostgreSQL ({args.database_url.rsplit('@', 1)[-1]}), DEBUG off, Django test Client in-process, "
        f"{args.repeat} timed requests per page after 2 warm-ups (fewer for pages over 25 s in total).",
        "Floor: a bare view running the page's one essential query, rendered with base.html (or the xlsx writer) "
        "behind the same middleware (bench/floors.py).",
        "",
        *[f"- N = {run['children']}: " + (f"generated in {run['generate_seconds']:.0f} s" if run["generate_seconds"]
                                          else "county reused from an earlier run") for run in runs],
        "",
    ]
    report = "\n".join(header) + table(runs) + "\n" + checks(runs) + "\n"
    print(report)
    out = BASE_DIR / "bench" / "results" / f"{stamp}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    earlier = out.read_text(encoding="utf-8") + "\n" if out.exists() else ""
    out.write_text(earlier + report, encoding="utf-8")  # one file a day, runs appended
    print(f"written to {out}")


if __name__ == "__main__":
    main()
