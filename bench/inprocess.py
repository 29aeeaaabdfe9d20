"""
Time each public page through Django's test client, with its SQL query count.

    .venv/bin/python bench/inprocess.py [--requests 100] [--scale N] [--database-url URL]
                                        [--pages TEXT] [--filled]

Uses a throw-away SQLite database with the demo content, or the database at
--database-url (migrated and filled: never point it at one that matters);
--scale adds `generate_bench_data --scale N`; --filled skips the filling, for a
database filled by an earlier run; --pages times only the addresses that hold
TEXT (e.g. --pages /search/). Prints a Markdown table: median
and 95th percentile milliseconds per request, queries per request, and the
size of the answer.
"""

import argparse
import io
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/",
    "/about/",
    "/contact/",
    "/newsletter/",
    "/people/",
    "/people/suze-kruisheer/",
    "/research/",
    "/research/collaborations/",
    "/research/global-phd/",
    "/programmes/medicine/",
    "/research/themes/neuroscience/",
    "/research/partners/",
    "/research/partners/bristol-myers-squibb/",
    "/research/projects/",
    "/research/projects/leading-fellows/",
    "/programmes/",
    "/exchange/",
    "/exchange/?programme=biomedical-sciences&level=bachelor&year=2",
    "/exchange/courses-at-karolinska-institutet-biomedical-sciences-bachelor/",
    "/events/",
    "/events/past/",
    "/events/global-impact-in-health-symposium/",
    "/news/",
    "/news/8-global-phds/",
    "/news/feed/",
    "/events/calendar.ics",
    "/exchange/deadlines.ics",
    "/search/?q=summer+school",
    "/search/?q=clinical+research",  # thousands of matches at scale
    "/search/?q=karolinksa",  # nothing found: a suggestion
    "/healthz",
    "/sitemap.xml",
    "/robots.txt",
    "/no-such-page/",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--scale", type=int, default=0, help="bench data on top of the demo")
    parser.add_argument("--database-url", help="a database to fill (default: a new SQLite one)")
    parser.add_argument("--pages", default="", help="only the addresses that hold this text")
    parser.add_argument(
        "--no-fill",
        "--filled",
        dest="no_fill",
        action="store_true",
        help="measure the database at --database-url as it is (filled already)",
    )
    parser.add_argument("--skip", action="append", default=[], help="a page not to measure")
    args = parser.parse_args()

    database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="lumcglobal.settings",
        DJANGO_SECRET_KEY="bench-" + "x" * 60,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_EMAIL_BACKEND="console",
        DATABASE_URL=args.database_url or f"sqlite:///{database}",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 404 page is timed too
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    call_command("migrate", verbosity=0)
    if not args.no_fill:
        call_command("load_demo_content", stdout=io.StringIO())
    if args.scale and not args.no_fill:
        call_command("generate_bench_data", scale=args.scale, stdout=io.StringIO())
    client = Client()

    print(f"{args.requests} requests a page after 10 warm-ups, Python {sys.version.split()[0]}")
    print()
    print("| page | status | median ms | p95 ms | queries | KB |")
    print("|---|---|---|---|---|---|")
    for path in [page for page in PAGES if args.pages in page and page not in args.skip]:
        for _ in range(10):
            client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        query_count = len(queries)  # read now: the next request clears the log
        status, size = response.status_code, len(response.content) / 1024
        timings = []
        for _ in range(args.requests):
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        p95 = statistics.quantiles(timings, n=20)[-1]
        median = statistics.median(timings)
        print(f"| `{path}` | {status} | {median:.2f} | {p95:.2f} | {query_count} | {size:.0f} |")


if __name__ == "__main__":
    main()
