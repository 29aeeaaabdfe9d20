"""
Time the exchange finder unfiltered and at its most expensive addresses.

    .venv/bin/python bench/finder.py [--requests 50] [--options 0] [--database-url URL]

Uses a throw-away SQLite database with the demo content, or the database at
--database-url (it is migrated and loaded with the demo content: never point it at
one that matters). --options adds that many generated published options. Prints a
Markdown table: median and 95th percentile milliseconds per request, queries per
request, the longest SQL statement, and the median as a multiple of the unfiltered
finder's.
"""

import argparse
import io
import logging
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def addresses():
    """(label, query pairs) of the finder, from the plain one to the most expensive."""
    from django_countries import countries

    from programmes.models import ExchangeOption, Level, Programme

    every = {
        "programme": [programme.slug for programme in Programme.objects.published()],
        "level": list(Level.values),
        "year": ["1", "2", "3"],
        "kind": list(ExchangeOption.Kind.values),
        "language": list(ExchangeOption.Language.values),
    }
    many = [(name, value) for name, values in every.items() for value in values]
    # The destinations the catalogue has first, so that the bounded list finds something.
    used = sorted(
        {code for option in ExchangeOption.objects.for_finder() for code in option.country_codes()}
    )
    world = ["own", *used, *(code for code, _name in countries if code not in used)]
    many += [("country", code) for code in world] + [("q", "a"), ("sort", "deadline")]
    narrow = [("open", "1"), ("min_weeks", "1"), ("max_weeks", "520")]
    typical = [("programme", "biomedical-sciences"), ("level", "bachelor"), ("year", "2")]
    return [
        ("unfiltered", []),
        ("programme, level and year", typical),
        ("every value of every filter, 250 destinations", many + narrow),
        ("the same without open and duration", many),
        ("the same finding nothing", [*many, *narrow, ("q", "no such words")]),
    ]


def add_options(count):
    """`count` published options, varied like the real ones, linked to the demo partners."""
    from django.utils import timezone

    from programmes.models import ExchangeOption
    from research.models import PartnerInstitution

    rng = random.Random(count)
    today = timezone.localdate()
    partners = list(PartnerInstitution.objects.all())
    options = ExchangeOption.objects.bulk_create(
        ExchangeOption(
            slug=f"generated-{number:05d}",
            title=f"Generated option {number:05d}",
            kind=rng.choice(ExchangeOption.Kind.values),
            language=rng.choice(ExchangeOption.Language.values),
            level=rng.choice(["", "bachelor", "master"]),
            in_year_2=rng.random() < 0.5,
            min_weeks=number % 12 + 1,
            max_weeks=number % 12 + 5,
            deadline=today + timedelta(days=number % 90 - 30),
            destination_countries=rng.sample(["GB", "FR", "ID", "CU", "NL"], rng.randint(0, 2)),
            find_your_own=rng.random() < 0.2,
            rolling=rng.random() < 0.25,
            status="published",
        )
        for number in range(count)
    )
    through = ExchangeOption.destinations.through
    through.objects.bulk_create(
        through(exchangeoption_id=option.pk, partnerinstitution_id=partner.pk)
        for option in options
        for partner in rng.sample(partners, rng.randint(0, 2))
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--options", type=int, default=0)
    parser.add_argument("--database-url")
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
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # a failing address is a row
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", stdout=io.StringIO())
    if args.options:
        add_options(args.options)
    client = Client(raise_request_exception=False)

    print(
        f"{args.requests} requests an address after 5 warm-ups, taken in turns, "
        f"{connection.vendor}, Python {sys.version.split()[0]}"
    )
    print()
    print(
        "| finder address | status | results | median ms | p95 ms | queries | longest SQL "
        "| times unfiltered |"
    )
    print("|---|---|---|---|---|---|---|---|")
    rows = []
    for label, pairs in addresses():
        path = f"/exchange/?{urlencode(pairs)}" if pairs else "/exchange/"
        for _ in range(5):
            client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        statements = [query["sql"] for query in queries.captured_queries]  # before the next request
        found = re.search(rb'data-count="(\d+)"', response.content)
        rows.append((label, path, response.status_code, found, statements, []))
    # In turns, so that a busy machine slows every address alike.
    for _ in range(args.requests):
        for _label, path, _status, _found, _statements, timings in rows:
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
    unfiltered = statistics.median(rows[0][-1])
    for label, path, status, found, statements, timings in rows:
        median = statistics.median(timings)
        print(
            f"| {label} ({len(path)} characters) | {status} "
            f"| {found.group(1).decode() if found else '-'} | {median:.1f} "
            f"| {statistics.quantiles(timings, n=20)[-1]:.1f} | {len(statements)} "
            f"| {max(map(len, statements), default=0):,} | {median / unfiltered:.1f} |"
        )


if __name__ == "__main__":
    main()
