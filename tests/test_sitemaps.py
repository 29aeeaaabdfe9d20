"""Sitemaps at any size: the same queries for ten items or thousands."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event, NewsItem
from tests import factories as make
from tests.html import sitemap_locations


def sitemap_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.django_db
def test_sitemaps_cost_the_same_queries_for_ten_or_thousands_of_items(client):
    def news(start, count):
        NewsItem.objects.bulk_create(
            NewsItem(
                title=f"News {n}",
                slug=f"news-{n}",
                date=timezone.localdate(),
                **make.in_state("published"),
            )
            for n in range(start, start + count)
        )

    news(0, 10)
    make.event(title="One event")
    client.get("/sitemap.xml")
    few_index, _ = sitemap_queries(client, "/sitemap.xml")
    few_items, _ = sitemap_queries(client, "/sitemap-events-items.xml")
    news(10, 2990)
    make.news_item("draft", title="Draft", slug="draft-news")

    many_index, index = sitemap_queries(client, "/sitemap.xml")
    many_items, items = sitemap_queries(client, "/sitemap-events-items.xml")

    assert (many_index, many_items) == (few_index, few_items)
    locations = sitemap_locations(items)
    published = Event.objects.published().count() + NewsItem.objects.published().count()
    assert len(locations) == published > 3000
    assert f"{settings.SITE_URL}/news/news-2999/" in locations
    assert f"{settings.SITE_URL}/news/draft-news/" not in locations
    assert "<lastmod>" in index.text
