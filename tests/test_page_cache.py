"""
The page cache: the second visitor gets a kept page, and no visitor ever gets a
page older than the content or the clock says, nor anyone else's page.
"""

import io
from datetime import datetime, time, timedelta
from unittest import mock

import pytest
import reversion
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone
from reversion.models import Version

from editorial.models import Page
from events.models import NewsItem
from lumcglobal import pagecache
from programmes.models import CLOSING_SOON_DAYS
from tests import factories as make
from tests.staff import as_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The page cache on, in the real Redis, under keys of this test's own."""
    settings.PAGE_CACHE = True
    pagecache.clear()
    yield
    pagecache.clear()


def get(path, client=None):
    response = (client or Client()).get(path)
    assert response.status_code == 200, path
    return response


def kept(path):
    """`path` as the next visitor gets it, and whether it came from the cache."""
    response = get(path)
    return response.text, response.get("X-Cache") == "HIT"


def warm(*paths):
    for path in paths:
        assert get(path)["X-Cache"] == "MISS"
        assert get(path)["X-Cache"] == "HIT"


@pytest.fixture
def clock(monkeypatch):
    """
    timezone.now(), for the site and the cache alike, from noon today (Amsterdam time,
    so that no test crosses midnight unless it says so), moved on by a timedelta.
    """
    now = timezone.make_aware(datetime.combine(timezone.localdate(), time(12)))

    def moved(by):
        nonlocal now
        now += by

    monkeypatch.setattr(timezone, "now", lambda: now)
    return moved


# Hits


def test_the_second_visitor_gets_the_kept_page_with_the_same_headers():
    first = get("/news/")
    second = get("/news/")

    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert second.content == first.content
    for header in ("Content-Type", "Content-Security-Policy", "Cache-Control", "X-Frame-Options"):
        assert second[header] == first[header]
    assert "Set-Cookie" not in second


def test_each_address_is_kept_apart():
    make.news_item(title="Sailing to Uppsala")
    warm("/news/", "/news/?page=1")

    assert "Sailing to Uppsala" in get("/news/").text
    assert get("/search/?q=uppsala")["X-Cache"] == "MISS"


def test_the_finders_results_alone_are_kept_apart_from_the_whole_page():
    make.option(title="Karolinska exchange")
    warm("/exchange/")

    partial = Client().get("/exchange/", headers={"X-Partial": "finder"})
    again = Client().get("/exchange/", headers={"X-Partial": "finder"})

    assert partial["X-Cache"] == "MISS"
    assert again["X-Cache"] == "HIT"
    assert "<html" not in again.text
    assert "Karolinska exchange" in again.text
    assert "<html" in get("/exchange/").text


# Changes: the pages showing what changed are fresh at once, the others stay kept


def test_saving_an_item_refreshes_the_pages_that_show_it_and_no_others():
    item = make.news_item(title="Old title")
    warm("/news/", item.get_absolute_url(), "/people/")

    item.title = "New title"
    item.save()

    text, hit = kept("/news/")
    assert "New title" in text
    assert not hit
    text, hit = kept(item.get_absolute_url())
    assert "New title" in text
    assert not hit
    assert kept("/people/")[1]  # people do not show news


def test_publishing_unpublishing_and_deleting_show_at_once():
    item = make.news_item("draft", title="Quietly drafted")
    warm("/news/")

    item.publish_now()
    item.save()
    text, hit = kept("/news/")
    assert "Quietly drafted" in text
    assert not hit

    item.unpublish()
    item.save()
    assert "Quietly drafted" not in kept("/news/")[0]

    item.publish_now()
    item.save()
    assert "Quietly drafted" in kept("/news/")[0]
    item.delete()
    assert "Quietly drafted" not in kept("/news/")[0]


def test_an_update_of_many_rows_at_once_shows_at_once():
    make.news_item(title="Before the update")
    warm("/news/")

    NewsItem.objects.update(title="After the update")

    assert "After the update" in kept("/news/")[0]


def test_restoring_an_old_version_shows_at_once():
    with reversion.create_revision():
        item = make.news_item(title="The first words")
    with reversion.create_revision():
        item.title = "The second words"
        item.save()
    warm(item.get_absolute_url())

    Version.objects.get_for_object(item).last().revision.revert()

    text, hit = kept(item.get_absolute_url())
    assert "The first words" in text
    assert not hit


def test_a_many_to_many_change_shows_at_once():
    event = make.event(title="Joint symposium")
    partner = make.partner(name="Uppsala University")
    warm(event.get_absolute_url())

    event.partners.add(partner)

    assert "Uppsala University" in kept(event.get_absolute_url())[0]
    event.partners.remove(partner)
    assert "Uppsala University" not in kept(event.get_absolute_url())[0]


def test_a_site_text_shows_at_once():
    warm("/about/")

    page = Page.objects.for_key("about")
    page.title = "About the international office"
    page.save()

    assert "About the international office" in kept("/about/")[0]


def test_an_image_change_shows_at_once():
    photo = make.image(alt_text="A lecture hall")
    item = make.news_item(title="Lectures", image=photo)
    warm(item.get_absolute_url())

    photo.alt_text = "Students in a lecture hall"
    photo.save()

    assert "Students in a lecture hall" in kept(item.get_absolute_url())[0]


# Time: a kept page lasts no longer than the next moment its content names


def test_a_scheduled_item_appears_when_its_time_comes(clock):
    make.news_item(title="Embargoed", publish_from=timezone.now() + timedelta(hours=2))
    warm("/news/")

    clock(timedelta(hours=1))
    assert kept("/news/") == (get("/news/").text, True)
    clock(timedelta(hours=1, seconds=1))

    text, hit = kept("/news/")
    assert "Embargoed" in text
    assert not hit


def test_an_item_disappears_when_its_publication_ends(clock):
    make.news_item(title="Short-lived", publish_until=timezone.now() + timedelta(hours=2))
    warm("/news/")
    assert "Short-lived" in get("/news/").text

    clock(timedelta(hours=2, seconds=1))

    assert "Short-lived" not in kept("/news/")[0]


def test_an_event_moves_to_the_past_when_it_ends(clock):
    now = timezone.now()
    make.event(
        title="Closing lecture", start=now - timedelta(hours=1), end=now + timedelta(hours=1)
    )
    warm("/events/", "/events/past/")
    assert "Closing lecture" in get("/events/").text

    clock(timedelta(hours=1, seconds=1))

    assert "Closing lecture" not in kept("/events/")[0]
    assert "Closing lecture" in kept("/events/past/")[0]


def test_dates_move_at_midnight(clock):
    today = timezone.localdate()
    option = make.option(
        title="Karolinska exchange", deadline=today + timedelta(CLOSING_SOON_DAYS + 1)
    )
    warm(option.get_absolute_url(), "/")
    assert "closing soon" not in get(option.get_absolute_url()).text.lower()

    midnight = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    clock(midnight - timezone.now() + timedelta(seconds=1))

    text, hit = kept(option.get_absolute_url())
    assert not hit
    assert "closing soon" in text.lower()
    assert not kept("/")[1]  # the home page's dates too


# Never from the cache


def test_previews_are_never_kept(editor):
    item = make.news_item("draft", title="Not yet public")
    link = item.preview_url()

    for _ in range(2):
        response = Client().get(link)
        assert "Not yet public" in response.text
        assert "X-Cache" not in response


def test_signed_in_staff_get_their_own_pages(editor):
    warm("/news/")
    staff = as_user(editor)

    response = staff.get("/news/")

    assert response.status_code == 200
    assert "X-Cache" not in response
    assert "X-Cache" not in staff.get("/admin/")


def test_a_form_with_a_token_is_never_kept():
    for _ in range(2):
        response = Client().get("/contact/")
        assert "csrfmiddlewaretoken" in response.text
        assert response.get("X-Cache") != "HIT"


def test_errors_and_posts_are_never_kept():
    for _ in range(2):
        assert Client().get("/no-such-page/").get("X-Cache") is None
    assert "X-Cache" not in Client().post("/search/")


def test_a_visitor_with_a_waiting_message_gets_a_page_of_her_own():
    warm("/")
    client = Client()
    client.cookies["messages"] = "anything"

    assert "X-Cache" not in client.get("/")


def test_an_unreachable_cache_serves_pages_made_afresh_and_owes_its_versions(settings):
    item = make.news_item(title="Written while Redis is away")
    warm(item.get_absolute_url())

    with override_settings(PAGE_CACHE_URL="redis://127.0.0.1:1/0", PAGE_CACHE_TIMEOUT=0.2):
        response = get(item.get_absolute_url())
        item.title = "Rewritten while Redis is away"
        item.save()
        assert "X-Cache" not in response
        assert pagecache.pending

    # Redis is back: the first request gives the owed versions before anything is served.
    text, hit = kept(item.get_absolute_url())
    assert "Rewritten while Redis is away" in text
    assert not hit
    assert not pagecache.pending


def test_clearing_the_cache_forgets_every_kept_page():
    warm("/news/")

    call_command("clear_page_cache", stdout=io.StringIO())

    assert get("/news/")["X-Cache"] == "MISS"


def test_a_release_forgets_the_pages_of_the_code_before_it():
    warm("/news/")

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # as `migrate` does

    assert get("/news/")["X-Cache"] == "MISS"


def test_a_kept_page_answers_304_to_a_visitor_who_has_it():
    etag = get("/news/")["ETag"]

    again = Client().get("/news/", headers={"If-None-Match": etag})

    assert again.status_code == 304
    assert again["X-Cache"] == "HIT"


def served(method, path, **environ):
    """
    `path` as gunicorn has the site's WSGI application answer it, with Django itself
    stood in for by a stub that answers 299 (the real one, outside the test client, would
    close the test's database connection): (status, headers, body).
    """
    from lumcglobal.wsgi import application

    def django_itself(environ, start_response):
        start_response("299 Django", [])
        return [b"made by Django"]

    request = RequestFactory().generic(method, path, **environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    with mock.patch.object(application, "application", django_itself):
        body = b"".join(application(request.environ, start_response))
    return answer["status"], answer["headers"], body


def test_the_application_answers_a_kept_page_before_django_handles_the_request():
    item = make.news_item(title="Served from the cache")
    made = get(item.get_absolute_url())

    status, headers, body = served("GET", item.get_absolute_url())

    assert status == "200 OK"
    assert headers["X-Cache"] == "HIT"
    assert body == made.content
    assert headers["Content-Security-Policy"] == made["Content-Security-Policy"]
    assert served("HEAD", item.get_absolute_url())[2] == b""
    # A visitor of her own, a conditional request, a page not kept, a change: Django answers.
    django = "299 Django"
    assert served("GET", item.get_absolute_url(), HTTP_COOKIE="sessionid=abc")[0] == django
    assert served("GET", item.get_absolute_url(), HTTP_IF_NONE_MATCH=made["ETag"])[0] == django
    assert served("GET", "/people/")[0] == django
    item.title = "Changed behind the cache"
    item.save()
    assert served("GET", item.get_absolute_url())[0] == django
