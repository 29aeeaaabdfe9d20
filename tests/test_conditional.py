"""
Feeds, calendars and open data answer 304 Not Modified while nothing they show
has changed, and a full answer as soon as something has: saved, published,
unpublished, deleted, or gone live or off at its scheduled time.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event, NewsItem
from programmes.models import ExchangeOption
from tests import factories as make

pytestmark = pytest.mark.django_db

POLLED = {
    "/events/calendar.ics": Event,
    "/news/feed/": NewsItem,
    "/news/atom/": NewsItem,
    "/exchange/deadlines.ics": ExchangeOption,
    "/exchange/catalogue.csv": ExchangeOption,
    "/exchange/catalogue.json": ExchangeOption,
}


def item(model, state="published", **fields):
    factory = {Event: make.event, NewsItem: make.news_item, ExchangeOption: make.option}[model]
    if model is ExchangeOption:
        fields.setdefault("deadline", timezone.localdate() + timedelta(days=30))
    return factory(state, **fields)


def poll(client, path, etag):
    return client.get(path, HTTP_IF_NONE_MATCH=etag)


@pytest.mark.parametrize("path", POLLED)
def test_polling_costs_a_304_and_a_query_or_two_until_something_changes(
    client, path, django_assert_max_num_queries
):
    model = POLLED[path]
    first = item(model, title="First")
    answer = client.get(path)
    assert answer.status_code == 200
    etag = answer["ETag"]
    assert answer["Last-Modified"]

    with django_assert_max_num_queries(4):  # one a kind of item it shows
        unchanged = poll(client, path, etag)
    assert unchanged.status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=answer["Last-Modified"]).status_code == 304

    def changed():
        nonlocal etag
        answer = poll(client, path, etag)
        assert answer.status_code == 200
        assert answer["ETag"] != etag
        etag = answer["ETag"]
        assert poll(client, path, etag).status_code == 304

    # Saved, published, unpublished, deleted.
    first.title = "First, corrected"
    first.save()
    changed()
    second = item(model, title="Second")
    changed()
    second.unpublish()
    second.save()
    changed()
    first.delete()
    changed()
    # A scheduled item goes live, and one ends, when their time comes.
    later = item(model, "scheduled", title="Later")
    assert poll(client, path, etag).status_code == 304
    model.objects.filter(pk=later.pk).update(publish_from=timezone.now() - timedelta(seconds=1))
    changed()
    model.objects.filter(pk=later.pk).update(publish_until=timezone.now() - timedelta(seconds=1))
    changed()


def test_one_events_calendar_answers_304_until_it_changes(client):
    event = make.event(title="Symposium")
    path = f"/events/{event.slug}.ics"
    etag = client.get(path)["ETag"]

    assert poll(client, path, etag).status_code == 304
    event.title = "Symposium, moved"
    event.save()
    fresh = poll(client, path, etag)
    assert fresh.status_code == 200
    assert "moved" in fresh.content.decode()


def test_the_calendar_changes_when_an_event_ends(client):
    now = timezone.now()
    event = make.event(title="Symposium", start=now - timedelta(hours=1))
    etag = client.get("/events/calendar.ics")["ETag"]
    assert poll(client, "/events/calendar.ics", etag).status_code == 304

    Event.objects.filter(pk=event.pk).update(end=now - timedelta(seconds=1))

    assert poll(client, "/events/calendar.ics", etag).status_code == 200


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-events-items.xml", "/", "/news/"])
def test_sitemaps_and_pages_answer_304_to_what_the_client_has(client, path):
    make.news_item(title="Mapped")
    answer = client.get(path)
    etag = answer["ETag"]

    assert answer.status_code == 200
    assert poll(client, path, etag).status_code == 304
    make.news_item(title="Mapped again")
    assert poll(client, path, etag).status_code == 200
