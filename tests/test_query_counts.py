"""
Every public page costs the same number of SQL queries with a little content and
with thousands of rows, and at most ten: the demo content with a sliver of the
bench data (`generate_bench_data`, a few of each kind), then with a fifth of a
year of it (60 people, 200 partners, 600 options, 1,000 events, 2,000 news items,
20 projects, linked). A page that starts to read a row at a time fails here.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from events.models import Event, NewsItem
from lumcglobal.management.commands.generate_bench_data import Command as BenchData
from people.models import Team
from programmes.models import ExchangeOption

# The share of a year of bench data (generate_bench_data --scale 1) each size adds.
SIZES = {"small": 0.001, "large": 0.2}
MOST = 10

# The queries each public page costs (DESIGN.md's public URLs; site search is left to
# tests/test_search.py). Feeds, calendars and open data: whether they changed, then what
# they hold (editorial/http.py).
QUERIES = {
    "/": 6,
    "/about/": 2,
    "/contact/": 2,
    "/newsletter/": 2,
    "/people/": 3,
    "/people/?team={team}": 4,
    "/people/suze-kruisheer/": 5,
    "/people/bench-person-0/": 4,
    "/research/": 5,
    "/research/themes/neuroscience/": 6,
    "/research/collaborations/": 10,
    "/research/global-phd/": 4,
    "/research/partners/": 5,
    "/research/partners/?country=SE": 5,
    "/research/partners/bench-partner-0/": 6,
    "/research/projects/": 3,
    "/research/projects/bench-project-0/": 5,
    "/programmes/": 2,
    "/programmes/medicine/": 7,
    "/exchange/": 9,
    "/exchange/?programme=biomedical-sciences&level=bachelor&year=2": 9,
    "/exchange/?country=SE&country=own&sort=deadline&page=2": 9,
    "/exchange/?q=nothing-matches-this": 7,
    "/exchange/bench-option-0/": 5,
    "/exchange/compare/?option=bench-option-0&option=bench-option-1": 3,
    "/exchange/shortlist/?option=bench-option-0&option=bench-option-1": 3,
    "/exchange/deadlines.ics": 3,
    "/exchange/deadlines.ics?programme=medicine": 4,
    "/exchange/catalogue.csv": 6,
    "/exchange/catalogue.json": 6,
    "/events/": 4,
    "/events/past/": 4,
    "/events/past/?year={year}": 4,
    "/events/{event}/": 10,
    "/events/{event}.ics": 2,
    "/events/calendar.ics": 3,
    "/events/calendar.ics?kind=symposium": 3,
    "/news/": 5,
    "/news/?year={year}": 5,
    "/news/bench-news-0/": 7,
    "/news/feed/": 2,
    "/news/atom/": 2,
    "/news/feed/?theme=neuroscience": 4,
    "/sitemap.xml": 8,
    "/sitemap-events-items.xml": 4,
    "/sitemap-pages.xml": 0,
    "/robots.txt": 0,
    "/healthz": 1,
    "/no-such-page/": 1,
}


@pytest.fixture(scope="module", params=list(SIZES))
def content(request, django_db_setup, django_db_blocker):
    """The demo content and bench data of one size, for the module's tests at that size."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo_content", stdout=io.StringIO())
            BenchData().generate(SIZES[request.param])
            yield request.param
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def address(path):
    """The page's address, with what differs between data sets filled in."""
    # A bench event past at one size could be to come at the other: the latest that is over.
    event = Event.objects.past().first()
    return path.format(
        team=Team.objects.get(name="Bench team").pk,
        year=timezone.localdate().year,
        event=event.slug,
    )


def test_the_sizes_are_a_few_rows_and_thousands(content):
    options = ExchangeOption.objects.published().count()
    rows = options + Event.objects.count() + NewsItem.objects.count()
    assert rows < 200 if content == "small" else rows > 3_000


@pytest.mark.parametrize("path", QUERIES)
def test_every_public_page_costs_the_same_few_queries_at_any_size(
    client, content, db, django_assert_num_queries, path
):
    url = address(path)
    client.get(url)  # Fills what is kept between requests (the sites framework's cache, say).
    with django_assert_num_queries(QUERIES[path]):
        response = client.get(url)
    assert response.status_code == (404 if path == "/no-such-page/" else 200)
    assert QUERIES[path] <= MOST
