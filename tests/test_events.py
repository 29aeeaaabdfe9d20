"""
Events and news: the upcoming/past boundary, what the public may see, the feeds
and calendars machines read, bad parameters, query counts, the event and news
pages, the seed's events and news, and the related blocks on other pages.
"""

import xml.etree.ElementTree as ET
from datetime import date, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from unittest import mock
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from editorial.models import Publishable
from events import demo
from events.models import DatePrecision, Event, NewsItem
from events.views import CALENDAR_PAST_EVENTS
from people.models import Person
from research.models import PartnerInstitution
from tests import factories as make
from tests.html import calendar_of, events_of, json_ld, sitemap_locations, soup, text

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
STATES = ["draft", "scheduled", "expired"]
ATOM = "{http://www.w3.org/2005/Atom}"


# Helpers


def local(day, hour=0, minute=0, second=0):
    """A moment on `day` at a time on the clock in Amsterdam."""
    return datetime.combine(day, time(hour, minute, second), tzinfo=AMSTERDAM)


def frozen(moment):
    """The site's clock stands still at `moment`."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def all_day(first, last):
    """An all-day event from `first` to `last`, inclusive: to midnight after the last day."""
    return {"start": local(first), "end": local(last + timedelta(days=1)), "all_day": True}


def event_titles(response, within=None):
    """The titles of the event cards on a page, or in the element `within` selects."""
    assert response.status_code == 200
    html = soup(response)
    root = html.select_one(within) if within else html
    if root is None:
        return []
    return [a.get_text(strip=True) for a in root.select(".event-card h3 a")]


def news_titles(response, within=None):
    assert response.status_code == 200
    html = soup(response)
    root = html.select_one(within) if within else html
    if root is None:
        return []
    return [a.get_text(strip=True) for a in root.select(".news-card h3 a")]


def home_sections(client):
    """The titles of the events and the news on the home page."""
    response = client.get("/")
    html = soup(response)
    events = html.select_one("#upcoming-events").parent
    news = html.select_one("#latest-news").parent
    return (
        [a.get_text(strip=True) for a in events.select(".event-card h3 a")],
        [a.get_text(strip=True) for a in news.select(".news-card h3 a")],
    )


def rss_items(response):
    """The items of an RSS 2.0 feed, after checking the feed's structure."""
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "application/rss+xml"
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channels = root.findall("channel")
    assert len(channels) == 1
    channel = channels[0]
    for tag in ["title", "link", "description"]:
        assert (channel.findtext(tag) or "").strip(), f"channel has no {tag}"
    assert urlsplit(channel.findtext("link")).scheme in {"http", "https"}
    items = channel.findall("item")
    guids = []
    for item in items:
        assert (item.findtext("title") or "").strip()
        assert urlsplit(item.findtext("link") or "").scheme in {"http", "https"}
        guid = (item.findtext("guid") or "").strip()
        assert guid
        guids.append(guid)
        published = item.findtext("pubDate")
        if published is not None:
            parsed = parsedate_to_datetime(published)
            assert parsed.tzinfo is not None
    assert len(set(guids)) == len(guids), "the guids are not unique"
    return items


def atom_entries(response):
    """The entries of an Atom 1.0 feed, after checking the feed's structure."""
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "application/atom+xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for tag in ["id", "title", "updated"]:
        assert (root.findtext(f"{ATOM}{tag}") or "").strip(), f"feed has no {tag}"
    datetime.fromisoformat(root.findtext(f"{ATOM}updated"))
    entries = root.findall(f"{ATOM}entry")
    ids = []
    for entry in entries:
        for tag in ["id", "title", "updated"]:
            assert (entry.findtext(f"{ATOM}{tag}") or "").strip(), f"entry has no {tag}"
        datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        links = entry.findall(f"{ATOM}link")
        assert links
        assert all(urlsplit(link.get("href")).scheme in {"http", "https"} for link in links)
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(set(ids)) == len(ids), "the entry ids are not unique"
    return entries


def feed_titles(client, path):
    if "atom" in path:
        return [entry.findtext(f"{ATOM}title") for entry in atom_entries(client.get(path))]
    return [item.findtext("title") for item in rss_items(client.get(path))]


def calendar_titles(client, path="/events/calendar.ics"):
    return sorted(str(event["SUMMARY"]) for event in events_of(calendar_of(client.get(path))))


def sitemap_paths(client):
    locations = sitemap_locations(client.get("/sitemap-events-items.xml"))
    return {urlsplit(location).path for location in locations}


def uid(event):
    return f"event-{event.pk}@{urlsplit(settings.SITE_URL).netloc}"


# 1. The boundary between upcoming and past


@pytest.mark.django_db
def test_an_event_running_now_is_upcoming_not_past(client):
    now = timezone.now()
    running = make.event(
        title="Running event", start=now - timedelta(hours=1), end=now + timedelta(hours=1)
    )

    assert event_titles(client.get("/events/")) == ["Running event"]
    assert event_titles(client.get("/events/past/")) == []
    assert list(Event.objects.upcoming(now)) == [running]
    assert list(Event.objects.past(now)) == []
    page = text(client.get(running.get_absolute_url()))
    assert "This event is happening now." in page
    assert "This event has ended." not in page


@pytest.mark.django_db
def test_an_event_ending_at_2330_is_upcoming_at_2329_and_past_at_2330(client):
    today = timezone.localdate()
    end = local(today, 23, 30)
    event = make.event(title="Late evening talk", start=local(today, 20, 0), end=end)

    assert list(Event.objects.upcoming(local(today, 23, 29))) == [event]
    assert list(Event.objects.past(local(today, 23, 29))) == []
    assert list(Event.objects.upcoming(end)) == []
    assert list(Event.objects.past(end)) == [event]
    with frozen(local(today, 23, 29)):
        assert event_titles(client.get("/events/")) == ["Late evening talk"]
        assert event_titles(client.get("/events/past/")) == []
        assert home_sections(client)[0] == ["Late evening talk"]
    with frozen(local(today, 23, 30)):
        assert event_titles(client.get("/events/")) == []
        assert event_titles(client.get("/events/past/")) == ["Late evening talk"]
        assert home_sections(client)[0] == []


@pytest.mark.django_db
def test_a_multi_day_event_is_upcoming_through_its_last_day_and_past_after_it(client):
    first = timezone.localdate() + timedelta(days=5)
    last = first + timedelta(days=2)
    make.event(title="Three-day course", start=local(first, 9), end=local(last, 17))
    make.event(title="Three-day school", **all_day(first, last))

    for moment in [local(first, 8), local(first + timedelta(days=1), 12), local(last, 16, 59)]:
        with frozen(moment):
            assert sorted(event_titles(client.get("/events/"))) == [
                "Three-day course",
                "Three-day school",
            ]
            assert event_titles(client.get("/events/past/")) == []
    with frozen(local(last, 17)):
        assert event_titles(client.get("/events/")) == ["Three-day school"]
        assert event_titles(client.get("/events/past/")) == ["Three-day course"]
    with frozen(local(last, 23, 59, 59)):
        assert event_titles(client.get("/events/")) == ["Three-day school"]
    with frozen(local(last + timedelta(days=1))):
        assert event_titles(client.get("/events/")) == []
        assert sorted(event_titles(client.get("/events/past/"))) == [
            "Three-day course",
            "Three-day school",
        ]


@pytest.mark.django_db
def test_an_all_day_event_today_is_upcoming_all_day(client):
    today = timezone.localdate()
    event = make.event(title="Open day", **all_day(today, today))

    for moment in [local(today), local(today, 9), local(today, 18), local(today, 23, 59, 59)]:
        with frozen(moment):
            assert event_titles(client.get("/events/")) == ["Open day"]
            assert event_titles(client.get("/events/past/")) == []
            assert home_sections(client)[0] == ["Open day"]
            assert "This event has ended." not in text(client.get(event.get_absolute_url()))
    with frozen(local(today + timedelta(days=1))):
        assert event_titles(client.get("/events/")) == []
        assert event_titles(client.get("/events/past/")) == ["Open day"]
    assert event.when() == f"{today.day} {today:%B %Y}"


@pytest.mark.django_db
def test_the_event_page_says_it_has_ended_only_after_the_end_with_the_recording(client):
    day = timezone.localdate() + timedelta(days=3)
    event = make.event(
        title="Webinar on fetal therapy",
        kind=Event.Kind.WEBINAR,
        start=local(day, 15),
        end=local(day, 16, 30),
        attendance=Event.Attendance.ONLINE,
        online_url="https://meet.example.org/fetal",
        registration_url="https://example.org/register",
        recording_url="https://video.example.org/fetal-therapy",
        slides_url="https://example.org/slides.pdf",
    )

    with frozen(local(day, 16, 29)):
        response = client.get(event.get_absolute_url())
        assert "This event has ended." not in text(response)
        assert not soup(response).select(".notice--ended")
        assert soup(response).find("a", href="https://example.org/register")
        assert "Register" in text(response)
    with frozen(local(day, 16, 30)):
        response = client.get(event.get_absolute_url())
        ended = soup(response).select_one(".notice--ended")
        assert ended is not None
        assert "This event has ended." in ended.get_text()
        recording = ended.find("a", href="https://video.example.org/fetal-therapy")
        assert recording is not None
        assert recording.get_text(strip=True) == "watch the recording"
        assert ended.find("a", href="https://example.org/slides.pdf")
        assert not soup(response).find("a", href="https://example.org/register")
        # The breadcrumbs lead to the archive once it is over.
        assert soup(response).find("a", href="/events/past/")


# 2. Scheduled, expired and draft items are nowhere in public


@pytest.fixture
def world(request, db):
    """Published items next to items in the state the test's `state` parameter names."""
    state = request.param
    now = timezone.now()
    theme = make.theme(title="Lifecourse", slug="lifecourse")
    past_theme = make.theme(title="Past theme", slug="past-theme")
    soon = {"start": now + timedelta(days=8), "end": now + timedelta(days=8, hours=2)}
    before = {"start": now - timedelta(days=40), "end": now - timedelta(days=40, hours=-2)}
    return {
        "state": state,
        "theme": theme,
        "past_theme": past_theme,
        "shown_upcoming": make.event(title="Shown upcoming event", themes=[theme], **soon),
        "shown_past": make.event(title="Shown past event", themes=[past_theme], **before),
        "hidden_upcoming": make.event(state, title="Hidden upcoming event", themes=[theme], **soon),
        "hidden_past": make.event(state, title="Hidden past event", themes=[past_theme], **before),
        "shown_news": make.news_item(title="Shown news", themes=[theme, past_theme]),
        "hidden_news": make.news_item(state, title="Hidden news", themes=[theme, past_theme]),
    }


HIDDEN_EVENTS = ["Hidden upcoming event", "Hidden past event"]


@pytest.mark.parametrize("world", STATES, indirect=True)
def test_unpublished_events_are_absent_from_the_event_lists(client, world):
    assert event_titles(client.get("/events/")) == ["Shown upcoming event"]
    assert event_titles(client.get("/events/past/")) == ["Shown past event"]
    assert event_titles(client.get(f"/events/?theme={world['theme'].slug}")) == [
        "Shown upcoming event"
    ]


@pytest.mark.parametrize("world", STATES, indirect=True)
def test_unpublished_events_are_absent_from_the_calendars(client, world):
    assert calendar_titles(client) == ["Shown past event", "Shown upcoming event"]
    assert calendar_titles(client, "/events/calendar.ics?kind=symposium") == [
        "Shown past event",
        "Shown upcoming event",
    ]
    for key in ["hidden_upcoming", "hidden_past"]:
        assert client.get(f"/events/{world[key].slug}.ics").status_code == 404
    assert calendar_titles(client, f"/events/{world['shown_past'].slug}.ics") == [
        "Shown past event"
    ]


@pytest.mark.parametrize("world", STATES, indirect=True)
def test_unpublished_news_is_absent_from_the_news_page_and_the_feeds(client, world):
    assert news_titles(client.get("/news/")) == ["Shown news"]
    assert news_titles(client.get(f"/news/?theme={world['theme'].slug}")) == ["Shown news"]
    for path in ["/news/feed/", "/news/atom/"]:
        assert feed_titles(client, path) == ["Shown news"]
        assert feed_titles(client, f"{path}?theme={world['theme'].slug}") == ["Shown news"]


@pytest.mark.parametrize("world", STATES, indirect=True)
def test_unpublished_items_are_absent_from_the_home_page_and_the_sitemap(client, world):
    assert home_sections(client) == (["Shown upcoming event"], ["Shown news"])
    locations = sitemap_paths(client)
    for key in ["shown_upcoming", "shown_past", "shown_news"]:
        assert world[key].get_absolute_url() in locations
    for key in ["hidden_upcoming", "hidden_past", "hidden_news"]:
        assert world[key].get_absolute_url() not in locations


@pytest.mark.parametrize("world", STATES, indirect=True)
def test_unpublished_items_are_absent_from_the_related_blocks_of_a_theme(client, world):
    response = client.get(world["theme"].get_absolute_url())
    assert event_titles(response, ".related") == ["Shown upcoming event"]
    assert news_titles(response, ".related") == ["Shown news"]
    # A theme with only past events shows those, but only the published ones.
    response = client.get(world["past_theme"].get_absolute_url())
    assert event_titles(response, ".related") == ["Shown past event"]
    assert news_titles(response, ".related") == ["Shown news"]
    for title in [*HIDDEN_EVENTS, "Hidden news"]:
        assert title not in response.text


@pytest.mark.parametrize("world", STATES, indirect=True)
def test_unpublished_items_have_no_public_page(client, editor, world):
    for key in ["hidden_upcoming", "hidden_past", "hidden_news"]:
        assert client.get(world[key].get_absolute_url()).status_code == 404
    for key in ["shown_upcoming", "shown_past", "shown_news"]:
        assert client.get(world[key].get_absolute_url()).status_code == 200
    # Staff who may change them see a preview instead.
    staff = Client()
    staff.force_login(editor)
    for key in ["hidden_upcoming", "hidden_news"]:
        response = staff.get(world[key].get_absolute_url())
        assert response.status_code == 200
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.django_db
def test_news_scheduled_for_next_monday_at_nine_appears_at_nine(client):
    today = timezone.localdate()
    monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    assert monday.weekday() == 0
    assert monday > today
    nine = local(monday, 9)
    make.news_item(title="Older news", date=today - timedelta(days=20))
    item = make.news_item(
        title="New Global PhD projects",
        body="<p>Eight projects.</p>",
        summary="Eight Global PhD projects start.",
        date=monday,
        publish_from=nine,
    )

    with frozen(nine - timedelta(minutes=1)):
        assert item.state == Publishable.State.SCHEDULED
        assert home_sections(client)[1] == ["Older news"]
        assert news_titles(client.get("/news/")) == ["Older news"]
        assert feed_titles(client, "/news/feed/") == ["Older news"]
        assert feed_titles(client, "/news/atom/") == ["Older news"]
        assert client.get(item.get_absolute_url()).status_code == 404
    with frozen(nine):
        assert item.state == Publishable.State.PUBLISHED
        assert home_sections(client)[1] == ["New Global PhD projects", "Older news"]
        assert news_titles(client.get("/news/")) == ["New Global PhD projects", "Older news"]
        assert feed_titles(client, "/news/feed/") == ["New Global PhD projects", "Older news"]
        assert feed_titles(client, "/news/atom/") == ["New Global PhD projects", "Older news"]
        assert client.get(item.get_absolute_url()).status_code == 200


# 3. The feeds


@pytest.fixture
def news(db):
    """News about two themes, one item without a date, and one about no theme."""
    lifecourse = make.theme(title="Lifecourse", slug="lifecourse")
    cancer = make.theme(title="Cancer", slug="cancer")
    today = timezone.localdate()
    return {
        "lifecourse": lifecourse,
        "cancer": cancer,
        "items": [
            make.news_item(
                title="Lifecourse news",
                summary="Summary of Lifecourse news.",
                date=today - timedelta(days=1),
                themes=[lifecourse],
            ),
            make.news_item(title="Cancer news", date=today - timedelta(days=2), themes=[cancer]),
            make.news_item(
                title="News on both", date=today - timedelta(days=3), themes=[lifecourse, cancer]
            ),
            make.news_item(title="News without a date", date=None, themes=[lifecourse]),
            make.news_item(title="General news", date=today - timedelta(days=4)),
        ],
    }


NEWEST_FIRST = [
    "Lifecourse news",
    "Cancer news",
    "News on both",
    "General news",
    "News without a date",
]


def test_the_rss_feed_is_valid_rss_2(client, news):
    items = rss_items(client.get("/news/feed/"))

    # Newest first; news without a date comes last.
    assert [item.findtext("title") for item in items] == NEWEST_FIRST
    by_title = {item.findtext("title"): item for item in items}
    dated = by_title["Lifecourse news"]
    assert parsedate_to_datetime(dated.findtext("pubDate")).astimezone(AMSTERDAM).date() == (
        news["items"][0].date
    )
    assert dated.findtext("link") == settings.SITE_URL + news["items"][0].get_absolute_url()
    assert dated.findtext("description") == "Summary of Lifecourse news."
    # News without a known date has no pubDate rather than a made-up one.
    assert by_title["News without a date"].find("pubDate") is None
    assert all(item.find("guid").get("isPermaLink") == "false" for item in items)


def test_the_atom_feed_is_valid_atom_1(client, news):
    response = client.get("/news/atom/")
    entries = atom_entries(response)

    assert [entry.findtext(f"{ATOM}title") for entry in entries] == NEWEST_FIRST
    root = ET.fromstring(response.content)
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    entry = entries[0]
    assert entry.find(f"{ATOM}link").get("href") == (
        settings.SITE_URL + news["items"][0].get_absolute_url()
    )


def test_the_feed_guids_survive_a_slug_change(client, news):
    before = {item.findtext("guid") for item in rss_items(client.get("/news/feed/"))}
    first = news["items"][0]
    first.slug = "renamed-news"
    first.save()

    after = rss_items(client.get("/news/feed/"))

    assert {item.findtext("guid") for item in after} == before
    assert any(item.findtext("link").endswith("/news/renamed-news/") for item in after)


def test_the_feed_guids_do_not_depend_on_the_address_the_feed_was_fetched_at(client, news):
    # Links are on the site's address (SITE_URL); the guids, which readers use to tell
    # items apart, must not change with the Host a request happens to come in on.
    guids = [item.findtext("guid") for item in rss_items(client.get("/news/feed/"))]
    other = [
        item.findtext("guid")
        for item in rss_items(client.get("/news/feed/", HTTP_HOST="localhost"))
    ]
    ids = [entry.findtext(f"{ATOM}id") for entry in atom_entries(client.get("/news/atom/"))]

    assert other == guids
    assert all(guid.startswith(settings.SITE_URL + "/") for guid in guids)
    assert ids == guids


@pytest.mark.parametrize("path", ["/news/feed/", "/news/atom/"])
def test_a_theme_feed_has_only_that_themes_news(client, news, path):
    assert feed_titles(client, f"{path}?theme=lifecourse") == [
        "Lifecourse news",
        "News on both",
        "News without a date",
    ]
    assert feed_titles(client, f"{path}?theme=cancer") == ["Cancer news", "News on both"]


@pytest.mark.parametrize("path", ["/news/feed/", "/news/atom/"])
@pytest.mark.parametrize("theme", ["nonsense", "", "<x>", "a" * 500, "draft-theme"])
def test_a_feed_of_an_unknown_theme_is_a_404(client, news, path, theme):
    make.theme("draft", title="Draft theme", slug="draft-theme")
    assert client.get(path, {"theme": theme}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/news/feed/", "/news/atom/"])
def test_a_feed_without_news_is_still_a_valid_feed(client, path):
    make.news_item("draft", title="Draft news")
    assert feed_titles(client, path) == []


def test_the_news_pages_point_to_the_feeds(client, news):
    html = soup(client.get("/news/"))
    assert html.find("link", rel="alternate", type="application/rss+xml")["href"] == "/news/feed/"
    assert html.find("link", rel="alternate", type="application/atom+xml")["href"] == "/news/atom/"
    themed = soup(client.get("/news/?theme=lifecourse"))
    assert themed.find("a", href="/news/feed/?theme=lifecourse")


# 4. The calendars


@pytest.fixture
def agenda(db):
    """Past and upcoming events, timed and all day, of several kinds."""
    next_year = timezone.localdate().year + 1
    return {
        "summer": make.event(
            title="Summer symposium",
            start=local(date(next_year, 6, 15), 10),
            end=local(date(next_year, 6, 15), 12, 30),
            venue="LUMC",
            city="Leiden",
            country="NL",
            attendance=Event.Attendance.IN_PERSON,
        ),
        "winter": make.event(
            title="Winter webinar",
            kind=Event.Kind.WEBINAR,
            start=local(date(next_year, 1, 20), 16),
            end=local(date(next_year, 1, 20), 17),
            attendance=Event.Attendance.ONLINE,
        ),
        "school": make.event(
            title="Summer school",
            kind=Event.Kind.SUMMER_SCHOOL,
            **all_day(date(next_year, 7, 4), date(next_year, 7, 8)),
        ),
        # Over the night the clocks go forward.
        "spring": make.event(
            title="Spring school",
            kind=Event.Kind.SUMMER_SCHOOL,
            **all_day(date(2026, 3, 27), date(2026, 3, 30)),
        ),
        "past": make.event(
            title="Past webinar",
            kind=Event.Kind.WEBINAR,
            start=local(date(2021, 4, 15), 15),
            end=local(date(2021, 4, 15), 17),
            event_status=Event.EventStatus.CANCELLED,
        ),
    }


def test_the_calendar_has_every_published_event_past_and_upcoming(client, agenda):
    make.event("draft", title="Draft event")
    response = client.get("/events/calendar.ics")
    calendar = calendar_of(response)
    events = events_of(calendar)

    assert sorted(str(event["UID"]) for event in events) == sorted(
        uid(event) for event in agenda.values()
    )
    by_uid = {str(event["UID"]): event for event in events}
    assert str(by_uid[uid(agenda["past"])]["STATUS"]) == "CANCELLED"
    assert str(by_uid[uid(agenda["summer"])]["LOCATION"]) == "LUMC, Leiden, Netherlands"
    assert str(by_uid[uid(agenda["summer"])]["URL"]) == (
        settings.SITE_URL + agenda["summer"].get_absolute_url()
    )


def test_the_calendar_describes_amsterdam_time(client, agenda):
    calendar = calendar_of(client.get("/events/calendar.ics"))

    zones = [component for component in calendar.walk() if component.name == "VTIMEZONE"]
    assert [str(zone["TZID"]) for zone in zones] == ["Europe/Amsterdam"]
    assert {sub.name for sub in zones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_timed_events_are_in_amsterdam_time_and_all_day_events_are_dates(client, agenda):
    events = events_of(calendar_of(client.get("/events/calendar.ics")))
    by_uid = {str(event["UID"]): event for event in events}

    for key, start, end in [
        ("summer", (6, 15, 10, 0), (6, 15, 12, 30)),
        ("winter", (1, 20, 16, 0), (1, 20, 17, 0)),
    ]:
        event = by_uid[uid(agenda[key])]
        assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
        assert event["DTEND"].params["TZID"] == "Europe/Amsterdam"
        dtstart, dtend = event.decoded("DTSTART"), event.decoded("DTEND")
        assert (dtstart.month, dtstart.day, dtstart.hour, dtstart.minute) == start
        assert (dtend.month, dtend.day, dtend.hour, dtend.minute) == end
        assert dtstart == agenda[key].start
        assert dtend == agenda[key].end
    next_year = timezone.localdate().year + 1
    for key, first, after in [
        ("school", date(next_year, 7, 4), date(next_year, 7, 9)),
        ("spring", date(2026, 3, 27), date(2026, 3, 31)),
    ]:
        event = by_uid[uid(agenda[key])]
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        assert type(event.decoded("DTSTART")) is date
        assert type(event.decoded("DTEND")) is date
        assert event.decoded("DTSTART") == first
        assert event.decoded("DTEND") == after
    # The raw text says so too.
    raw = client.get("/events/calendar.ics").content.decode()
    assert "DTSTART;TZID=Europe/Amsterdam:" in raw
    assert f"DTSTART;VALUE=DATE:{next_year}0704" in raw
    assert f"DTEND;VALUE=DATE:{next_year}0709" in raw


def test_calendar_uids_are_stable_across_requests_and_slug_changes(client, agenda):
    first = calendar_of(client.get("/events/calendar.ics"))
    second = calendar_of(client.get("/events/calendar.ics"))
    uids = sorted(str(event["UID"]) for event in events_of(first))
    assert sorted(str(event["UID"]) for event in events_of(second)) == uids
    assert str(first["UID"]) == str(second["UID"])

    agenda["summer"].slug = "summer-symposium-renamed"
    agenda["summer"].save()
    third = calendar_of(client.get("/events/calendar.ics"))

    assert sorted(str(event["UID"]) for event in events_of(third)) == uids
    single = events_of(calendar_of(client.get("/events/summer-symposium-renamed.ics")))
    assert [str(event["UID"]) for event in single] == [uid(agenda["summer"])]


def test_the_calendar_of_one_kind_has_only_that_kind(client, agenda):
    calendar = calendar_of(client.get("/events/calendar.ics?kind=webinar"))

    assert sorted(str(event["SUMMARY"]) for event in events_of(calendar)) == [
        "Past webinar",
        "Winter webinar",
    ]
    assert "webinar" in str(calendar["X-WR-CALNAME"])
    assert str(calendar["UID"]) != str(calendar_of(client.get("/events/calendar.ics"))["UID"])
    # A kind the site does not know is ignored, never an error.
    assert len(events_of(calendar_of(client.get("/events/calendar.ics?kind=nonsense")))) == 5


@pytest.mark.django_db
def test_an_empty_calendar_is_still_a_calendar(client):
    make.event("draft", title="Draft event")
    response = client.get("/events/calendar.ics")

    calendar = calendar_of(response)
    assert events_of(calendar) == []
    assert [c.name for c in calendar.walk() if c.name == "VTIMEZONE"] == ["VTIMEZONE"]
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert response.content.endswith(b"END:VCALENDAR\r\n")
    assert events_of(calendar_of(client.get("/events/calendar.ics?kind=fair"))) == []


def test_the_calendar_of_one_event(client, agenda):
    event = agenda["summer"]
    response = client.get(f"/events/{event.slug}.ics")

    calendar = calendar_of(response)
    events = events_of(calendar)
    assert [str(item["SUMMARY"]) for item in events] == ["Summer symposium"]
    assert [str(item["UID"]) for item in events] == [uid(event)]
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert client.get("/events/no-such-event.ics").status_code == 404


@pytest.mark.parametrize("path", ["/events/calendar.ics", "/events/summer-symposium.ics"])
def test_calendar_lines_end_in_crlf(client, agenda, path):
    content = client.get(path).content

    assert content.endswith(b"\r\n")
    assert b"\n" not in content.replace(b"\r\n", b"")
    assert b"\r" not in content.replace(b"\r\n", b"")
    # Folded lines stay within 75 octets.
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))


# 5. Bad parameters


BAD_PARAMETERS = [
    "/events/past/?year=abc",
    "/events/past/?year=1800",
    "/events/past/?year=",
    "/events/past/?year=-2021",
    "/events/past/?page=999",
    "/events/?kind=nonsense",
    "/events/?kind=%00",
    "/events/?theme=<x>",
    "/events/?theme=nonsense",
    "/events/?theme=" + "a" * 3000,
    "/events/?page=-3",
    "/events/?page=abc",
    "/events/?page=999",
    "/news/?year=abc",
    "/news/?year=1800",
    "/news/?theme=<x>",
    "/news/?page=999",
    "/news/?page=abc",
    "/news/?page=-3",
    "/events/calendar.ics?kind=<x>",
    # Digits that are not ASCII digits, and numbers longer than int() reads.
    "/events/past/?year=²⁰²¹",
    "/events/past/?year=" + "9" * 5000,
    "/news/?year=²⁰²¹",
    "/news/?year=" + "9" * 5000,
]


@pytest.mark.usefixtures("demo_content")
@pytest.mark.parametrize("path", BAD_PARAMETERS)
def test_bad_parameters_give_a_normal_page(path):
    client = Client(raise_request_exception=False)
    response = client.get(path)

    assert response.status_code == 200, f"{path[:60]} gave {response.status_code}"


@pytest.mark.usefixtures("demo_content")
def test_bad_parameters_show_the_whole_list(client):
    everything = event_titles(client.get("/events/past/"))
    assert len(everything) == 9
    assert event_titles(client.get("/events/past/?year=abc")) == everything
    assert event_titles(client.get("/events/past/?year=1800")) == everything
    assert news_titles(client.get("/news/?page=abc")) == news_titles(client.get("/news/"))
    last = client.get("/news/?page=999")
    assert last.context["page_obj"].number == last.context["page_obj"].paginator.num_pages


@pytest.mark.usefixtures("demo_content")
@pytest.mark.parametrize(
    "path",
    [
        "/events/no-such-event/",
        "/events/no-such-event.ics",
        "/news/no-such-news/",
        "/news/feed/?theme=nonsense",
        "/news/atom/?theme=nonsense",
    ],
)
def test_unknown_slugs_are_a_404(client, path):
    assert client.get(path).status_code == 404


@pytest.fixture
def listed(db):
    """Upcoming events of three kinds and news of two years, about two themes and a draft one."""
    now = timezone.now()
    themes = {
        "lifecourse": make.theme(title="Lifecourse", slug="lifecourse"),
        "cancer": make.theme(title="Cancer", slug="cancer"),
        "draft": make.theme("draft", title="Draft theme", slug="draft-theme"),
    }
    for days, title, kind, about in [
        (3, "Lifecourse symposium", Event.Kind.SYMPOSIUM, ["lifecourse"]),
        (4, "Cancer webinar", Event.Kind.WEBINAR, ["cancer"]),
        (5, "Fair on both", Event.Kind.FAIR, ["lifecourse", "cancer"]),
        (6, "Draft theme symposium", Event.Kind.SYMPOSIUM, ["draft"]),
    ]:
        start = now + timedelta(days=days)
        make.event(title=title, kind=kind, start=start, themes=[themes[name] for name in about])
    for day, title, about in [
        (date(2022, 5, 1), "Lifecourse news 2022", ["lifecourse"]),
        (date(2022, 3, 1), "Cancer news 2022", ["cancer"]),
        (date(2021, 6, 1), "Lifecourse news 2021", ["lifecourse"]),
    ]:
        make.news_item(title=title, date=day, themes=[themes[name] for name in about])
    return themes


def ticked(response, name):
    return [box["value"] for box in soup(response).select(f'input[name="{name}"][checked]')]


def test_the_event_list_filters_by_kind_and_theme(client, listed):
    symposia = event_titles(client.get("/events/?kind=symposium"))
    assert symposia == ["Lifecourse symposium", "Draft theme symposium"]
    assert event_titles(client.get("/events/?kind=symposium&kind=webinar")) == [
        "Lifecourse symposium",
        "Cancer webinar",
        "Draft theme symposium",
    ]
    assert event_titles(client.get("/events/?theme=lifecourse")) == [
        "Lifecourse symposium",
        "Fair on both",
    ]
    # Values of one filter are ORed, filters are ANDed; an event on both themes is listed once.
    assert event_titles(client.get("/events/?theme=lifecourse&theme=cancer")) == [
        "Lifecourse symposium",
        "Cancer webinar",
        "Fair on both",
    ]
    response = client.get("/events/?kind=fair&kind=webinar&theme=lifecourse")
    assert event_titles(response) == ["Fair on both"]
    assert ticked(response, "kind") == ["webinar", "fair"]
    assert ticked(response, "theme") == ["lifecourse"]
    # A draft theme is neither offered nor applied.
    assert not soup(response).select('input[name="theme"][value="draft-theme"]')


def test_the_event_list_ignores_the_values_it_does_not_know_and_applies_the_others(client, listed):
    symposia = event_titles(client.get("/events/?kind=symposium"))
    response = client.get("/events/?kind=symposium&kind=nonsense&kind=%00")
    assert event_titles(response) == symposia
    assert ticked(response, "kind") == ["symposium"]
    lifecourse = event_titles(client.get("/events/?theme=lifecourse"))
    response = client.get("/events/?theme=lifecourse&theme=nonsense&theme=draft-theme")
    assert event_titles(response) == lifecourse
    assert ticked(response, "theme") == ["lifecourse"]
    everything = event_titles(client.get("/events/"))
    assert event_titles(client.get("/events/?theme=draft-theme&kind=nonsense")) == everything


def test_the_news_list_filters_by_year_and_theme(client, listed):
    assert news_titles(client.get("/news/?year=2022")) == [
        "Lifecourse news 2022",
        "Cancer news 2022",
    ]
    response = client.get("/news/?year=2022&theme=lifecourse")
    assert news_titles(response) == ["Lifecourse news 2022"]
    assert soup(response).h1.get_text(strip=True) == "News 2022"
    assert soup(response).select_one('select[name="year"] option[selected]')["value"] == "2022"
    assert ticked(response, "theme") == ["lifecourse"]
    assert soup(response).find("a", href="/news/feed/?theme=lifecourse")
    # A year without news is ignored, the theme still applies.
    response = client.get("/news/?year=2020&theme=lifecourse")
    assert news_titles(response) == ["Lifecourse news 2022", "Lifecourse news 2021"]
    assert soup(response).h1.get_text(strip=True) == "News"
    assert not soup(response).select('select[name="year"] option[selected]')


def test_the_calendar_of_some_kinds_ignores_the_kinds_it_does_not_know(client, listed):
    calendar = calendar_of(client.get("/events/calendar.ics?kind=webinar&kind=nonsense&kind=fair"))
    assert sorted(str(event["SUMMARY"]) for event in events_of(calendar)) == [
        "Cancer webinar",
        "Fair on both",
    ]
    assert str(calendar["X-WR-CALNAME"]) == "LUMC Global events: webinar, fair"


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/events/?kind=symposium&kind=fair&theme=lifecourse&theme=nonsense", 4),
        ("/news/?year=2022&theme=lifecourse&theme=cancer", 5),
        # The calendar: whether it changed (events, and past events), then the events.
        ("/events/calendar.ics?kind=symposium&kind=nonsense", 3),
    ],
)
def test_filtered_lists_cost_no_more_queries_than_the_whole_lists(
    client, listed, django_assert_max_num_queries, path, queries
):
    client.get(path)  # Fills the caches (such as the sites framework's) once.
    with django_assert_max_num_queries(queries):
        assert client.get(path).status_code == 200


# 6. Query counts


def bulk_content(count, start, themes, partners, people):
    """`count` published events (half past, half upcoming) and news items, with relations."""
    now = timezone.now()
    today = timezone.localdate()
    kinds = Event.Kind.values
    published = make.in_state("published")
    # Odd numbers are to come, even ones are over.
    offset = {
        number: (1 if number % 2 else -1) * (number % 300 + 1)
        for number in range(start, start + count)
    }
    events = Event.objects.bulk_create(
        Event(
            slug=f"bulk-event-{number:05d}",
            title=f"Bulk event {number:05d}",
            kind=kinds[number % len(kinds)],
            body="<p>An event.</p>",
            start=now + timedelta(days=offset[number], hours=1),
            end=now + timedelta(days=offset[number], hours=3),
            attendance=Event.Attendance.HYBRID,
            city="Leiden",
            country="NL",
            **published,
        )
        for number in range(start, start + count)
    )
    news = NewsItem.objects.bulk_create(
        NewsItem(
            slug=f"bulk-news-{number:05d}",
            title=f"Bulk news {number:05d}",
            body="<p>News.</p>",
            summary="Something happened.",
            date=today - timedelta(days=number % 1500),
            **published,
        )
        for number in range(start, start + count)
    )
    for field, targets in [
        ("themes", themes),
        ("organisers", partners),
        ("partners", partners),
        ("speakers", people),
        ("contacts", people),
    ]:
        relation = getattr(Event, field).field
        through = relation.remote_field.through
        source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        through.objects.bulk_create(
            through(**{f"{source}_id": event.pk, f"{target}_id": item.pk})
            for index, event in enumerate(events)
            for item in targets[: index % 3]
        )
    through = NewsItem.themes.through
    through.objects.bulk_create(
        through(newsitem_id=item.pk, researchtheme_id=theme.pk)
        for index, item in enumerate(news)
        for theme in themes[: index % 3]
    )


# The queries each page costs, whatever the number of events and news items.
QUERIES = {
    "/events/": 4,
    "/events/past/": 4,
    "/news/": 5,
    # Whether they changed (editorial/http.py), then what they hold.
    "/news/feed/": 2,
    "/events/calendar.ics": 3,
    "/": 6,
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", QUERIES)
def test_pages_cost_as_many_queries_for_1000_items_as_for_10(
    client, django_assert_num_queries, path
):
    themes = [make.theme(title=f"Theme {n}", slug=f"theme-{n}") for n in range(3)]
    partners = [make.partner(name=f"Partner {n}", slug=f"partner-{n}") for n in range(3)]
    people = [make.person(name=f"Person {n}") for n in range(3)]
    bulk_content(10, 0, themes, partners, people)
    client.get(path)  # Fills the caches (such as the sites framework's) once.
    with django_assert_num_queries(QUERIES[path]):
        small = client.get(path)
    assert small.status_code == 200
    bulk_content(990, 10, themes, partners, people)
    assert Event.objects.count() == NewsItem.objects.count() == 1000
    with django_assert_num_queries(QUERIES[path]):
        large = client.get(path)
    assert large.status_code == 200
    assert len(large.content) >= len(small.content)
    if path == "/events/calendar.ics":
        # The 500 to come, and the latest of the 500 past.
        assert len(events_of(calendar_of(large))) == 500 + CALENDAR_PAST_EVENTS


# 7. The event page and the news page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("attendance", "mode", "locations"),
    [
        (Event.Attendance.IN_PERSON, "Offline", ["Place"]),
        (Event.Attendance.ONLINE, "Online", ["VirtualLocation"]),
        (Event.Attendance.HYBRID, "Mixed", ["VirtualLocation", "Place"]),
    ],
)
def test_the_event_page_has_json_ld_with_attendance_and_location(
    client, attendance, mode, locations
):
    event = make.event(
        title="Global health symposium",
        attendance=attendance,
        venue="Leiden University Medical Center",
        city="Leiden",
        country="NL",
        online_url="https://meet.example.org/symposium",
        summary="Experts on global health.",
    )

    response = client.get(event.get_absolute_url())

    [data] = json_ld(response, "Event")
    assert data["@context"] == "https://schema.org"
    assert data["name"] == "Global health symposium"
    assert data["url"] == settings.SITE_URL + event.get_absolute_url()
    assert data["eventAttendanceMode"] == f"https://schema.org/{mode}EventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    found = data["location"] if isinstance(data["location"], list) else [data["location"]]
    assert [location["@type"] for location in found] == locations
    by_type = {location["@type"]: location for location in found}
    if "Place" in by_type:
        assert by_type["Place"]["name"] == "Leiden University Medical Center"
        assert by_type["Place"]["address"] == {
            "@type": "PostalAddress",
            "addressLocality": "Leiden",
            "addressCountry": "NL",
        }
    if "VirtualLocation" in by_type:
        assert by_type["VirtualLocation"]["url"] == "https://meet.example.org/symposium"
    assert datetime.fromisoformat(data["startDate"]) == event.start
    assert datetime.fromisoformat(data["endDate"]) == event.end


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "schema", "notice"),
    [
        (Event.EventStatus.SCHEDULED, "EventScheduled", None),
        (Event.EventStatus.CANCELLED, "EventCancelled", "This event is cancelled."),
        (Event.EventStatus.POSTPONED, "EventPostponed", "This event is postponed"),
    ],
)
def test_the_event_page_has_its_status(client, status, schema, notice):
    event = make.event(title="A symposium", event_status=status)

    response = client.get(event.get_absolute_url())

    [data] = json_ld(response, "Event")
    assert data["eventStatus"] == f"https://schema.org/{schema}"
    if notice:
        assert notice in text(response)
    else:
        assert "cancelled" not in text(response)
        assert "postponed" not in text(response)


@pytest.mark.django_db
def test_the_event_page_shows_amsterdam_time(client):
    year = timezone.localdate().year + 1
    # 08:00 UTC in summer is 10:00 in Amsterdam; 09:00 UTC in winter is 10:00 too.
    summer = make.event(
        title="Summer talk",
        start=datetime(year, 6, 15, 8, 0, tzinfo=ZoneInfo("UTC")),
        end=datetime(year, 6, 15, 10, 30, tzinfo=ZoneInfo("UTC")),
    )
    winter = make.event(
        title="Winter talk",
        start=datetime(year, 1, 15, 9, 0, tzinfo=ZoneInfo("UTC")),
        end=datetime(year, 1, 15, 11, 0, tzinfo=ZoneInfo("UTC")),
    )

    summer_page = text(client.get(summer.get_absolute_url()))
    assert f"15 June {year}, 10:00–12:30 (Amsterdam time)" in summer_page
    winter_page = text(client.get(winter.get_absolute_url()))
    assert f"15 January {year}, 10:00–12:00 (Amsterdam time)" in winter_page
    [data] = json_ld(client.get(summer.get_absolute_url()), "Event")
    assert data["startDate"] == f"{year}-06-15T10:00:00+02:00"
    [data] = json_ld(client.get(winter.get_absolute_url()), "Event")
    assert data["startDate"] == f"{year}-01-15T10:00:00+01:00"
    time_tag = soup(client.get(summer.get_absolute_url())).select_one(".page-header time")
    assert time_tag["datetime"] == f"{year}-06-15T10:00:00+02:00"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2026, 7, 4), date(2026, 7, 8)),
        # The last Sunday of March has 23 hours in Amsterdam; the last of October 25.
        (date(2026, 3, 29), date(2026, 3, 29)),
        (date(2026, 3, 27), date(2026, 3, 29)),
        (date(2026, 10, 25), date(2026, 10, 25)),
    ],
)
def test_all_day_events_give_their_first_and_last_day_in_json_ld(client, first, last):
    event = make.event(title="Spring school", **all_day(first, last))

    response = client.get(event.get_absolute_url())

    [data] = json_ld(response, "Event")
    assert (data["startDate"], data["endDate"]) == (first.isoformat(), last.isoformat())
    event.refresh_from_db()
    assert (event.first_day, event.last_day) == (first, last)
    [calendar_event] = events_of(calendar_of(client.get(f"/events/{event.slug}.ics")))
    assert calendar_event.decoded("DTEND") == last + timedelta(days=1)


@pytest.mark.django_db
def test_the_event_page_offers_registration_before_the_end_and_the_calendar_always(client):
    day = timezone.localdate() + timedelta(days=20)
    event = make.event(
        title="Winter school",
        kind=Event.Kind.WINTER_SCHOOL,
        start=local(day, 9),
        end=local(day, 17),
        registration_url="https://example.org/register",
        registration_deadline=local(day - timedelta(days=5), 12),
    )

    response = client.get(event.get_absolute_url())
    register = soup(response).find("a", href="https://example.org/register")
    assert register.get_text(strip=True) == "Register"
    deadline = (day - timedelta(days=5)).strftime("%-d %B %Y")
    assert f"before {deadline}, 12:00" in text(response)
    add = soup(response).find("a", string="Add to calendar")
    assert add["href"] == f"/events/{event.slug}.ics"
    assert events_of(calendar_of(client.get(add["href"])))
    with frozen(local(day, 17)):
        response = client.get(event.get_absolute_url())
        assert not soup(response).find("a", href="https://example.org/register")
        add = soup(response).find("a", string="Add to calendar")
        assert add["href"] == f"/events/{event.slug}.ics"


@pytest.mark.django_db
def test_the_event_page_shows_its_relations_and_related_items(client):
    theme = make.theme(title="Lifecourse")
    organiser = make.partner(name="Universitat de Barcelona", country="ES")
    hidden_partner = make.partner("draft", name="Hidden partner")
    speaker = make.person(name="Evelien Hack")
    hidden_speaker = make.person("draft", name="Hidden speaker")
    programme = make.programme(title="Medicine")
    hidden_programme = make.programme("draft", title="Hidden programme")
    event = make.event(
        title="Data ethics summer school",
        themes=[theme],
        organisers=[organiser, hidden_partner],
        speakers=[speaker, hidden_speaker],
        programmes=[programme, hidden_programme],
    )
    make.event(title="Another lifecourse event", themes=[theme])
    make.event("draft", title="A draft lifecourse event", themes=[theme])
    make.news_item(title="Report on the summer school", event=event)
    make.news_item("draft", title="Draft report", event=event)

    response = client.get(event.get_absolute_url())

    html = soup(response)
    assert html.find("a", href=organiser.get_absolute_url())
    assert html.find("a", href=speaker.get_absolute_url())
    assert html.find("a", href=theme.get_absolute_url())
    assert html.find("a", href=programme.get_absolute_url())
    assert "Hidden partner" not in response.text
    assert "Hidden speaker" not in response.text
    assert "Hidden programme" not in response.text
    assert event_titles(response, ".related") == ["Another lifecourse event"]
    assert news_titles(response, ".related") == ["Report on the summer school"]
    [data] = json_ld(response, "Event")
    assert [performer["name"] for performer in data["performer"]] == ["Evelien Hack"]
    assert [organizer["name"] for organizer in data["organizer"]] == ["Universitat de Barcelona"]


@pytest.mark.django_db
def test_the_news_page_has_json_ld_and_related_items(client):
    theme = make.theme(title="Lifecourse")
    event = make.event(title="Global Impact in Health symposium")
    someone = make.person(name="Ellis Nieveen")
    partner = make.partner(name="Health~Holland", country="NL")
    published_at = timezone.now() - timedelta(days=2)
    item = make.news_item(
        title="A symposium on global health",
        date=timezone.localdate() - timedelta(days=2),
        themes=[theme],
        event=event,
        people=[someone],
        partners=[partner],
        programmes=[
            make.programme(title="Medicine"),
            make.programme("draft", title="Hidden programme"),
        ],
    )
    NewsItem.objects.filter(pk=item.pk).update(publish_from=published_at)
    make.news_item(title="More lifecourse news", themes=[theme])
    make.news_item("draft", title="Draft lifecourse news", themes=[theme])

    response = client.get(item.get_absolute_url())

    [data] = json_ld(response, "NewsArticle")
    assert data["headline"] == "A symposium on global health"
    assert data["url"] == settings.SITE_URL + item.get_absolute_url()
    assert datetime.fromisoformat(data["datePublished"]) == published_at
    assert data["about"] == ["Lifecourse"]
    html = soup(response)
    assert html.find("a", href=event.get_absolute_url()).get_text() == event.title
    assert html.find("a", href=someone.get_absolute_url())
    assert html.find("a", href=partner.get_absolute_url())
    assert html.find("a", href="/programmes/medicine/")
    assert "Hidden programme" not in response.text
    assert news_titles(response, "#more-news + .cards") == ["More lifecourse news"]
    assert "Draft lifecourse news" not in response.text


@pytest.mark.django_db
def test_the_news_page_does_not_link_an_unpublished_event(client):
    event = make.event("draft", title="Draft event")
    item = make.news_item(title="News about a draft event", event=event)

    response = client.get(item.get_absolute_url())

    assert response.status_code == 200
    assert not soup(response).find("a", href=event.get_absolute_url())


# 8. The demo content

DEMO_RELATIONS = ["organisers", "partners", "speakers"]


def demo_titles(records, year=None):
    """The titles of the demo's events or news, or of its events in `year` (in Amsterdam)."""
    return sorted(
        record["title"]
        for record in records
        if year is None or timezone.localtime(record["start"]).year == year
    )


@pytest.mark.usefixtures("demo_content")
def test_the_demo_events_are_published_with_the_dates_and_relations_the_demo_gives():
    assert sorted(Event.objects.values_list("title", flat=True)) == demo_titles(demo.EVENTS)
    for record in demo.EVENTS:
        title = record["title"]
        event = Event.objects.get(title=title)
        assert event.is_published(), title
        assert event.all_day, title
        for field, value in record.items():
            if field in DEMO_RELATIONS:
                names = sorted(getattr(event, field).values_list("name", flat=True))
                assert names == sorted(value), (title, field)
            else:
                assert getattr(event, field) == value, (title, field)
        for field in set(DEMO_RELATIONS) - set(record):
            assert not getattr(event, field).exists(), (title, field)
        assert event.date_precision == record.get("date_precision", DatePrecision.DAY), title
        assert event.attendance == record.get("attendance", ""), title
        place = (event.city, event.country.code or "")
        assert place == (record.get("city", ""), record.get("country", "")), title
        # Whole days in Amsterdam: from the first day's midnight to the one after the last day.
        assert timezone.localtime(event.start).time() == time(0), title
        assert timezone.localtime(event.end).time() == time(0), title
        assert event.first_day == timezone.localtime(record["start"]).date(), title
        assert event.last_day == timezone.localtime(record["end"]).date() - timedelta(days=1)


@pytest.mark.usefixtures("demo_content")
def test_the_demo_news_has_the_dates_and_partners_the_demo_gives(client):
    assert sorted(NewsItem.objects.values_list("title", flat=True)) == demo_titles(demo.NEWS)
    for record in demo.NEWS:
        title = record["title"]
        item = NewsItem.objects.get(title=title)
        assert item.is_published(), title
        # News the demo gives no date for has none, rather than the day it was loaded.
        assert item.date == record.get("date"), title
        assert item.date_precision == record.get("date_precision", DatePrecision.DAY), title
        partners = sorted(item.partners.values_list("name", flat=True))
        assert partners == sorted(record.get("partners", [])), title
    listed = news_titles(client.get("/news/"))
    assert sorted(listed) == demo_titles(demo.NEWS)
    # The one dated item comes first and shows its year only.
    [dated] = [record for record in demo.NEWS if record.get("date")]
    assert dated["date_precision"] == DatePrecision.YEAR
    assert listed[0] == dated["title"]
    card = soup(client.get("/news/")).select_one(".news-card time")
    assert card.get_text(strip=True) == str(dated["date"].year)
    assert news_titles(client.get(f"/news/?year={dated['date'].year}")) == [dated["title"]]
    feed = rss_items(client.get("/news/feed/"))
    assert len(feed) == len(demo.NEWS)
    assert sum(item.find("pubDate") is not None for item in feed) == 1
    assert len(atom_entries(client.get("/news/atom/"))) == len(demo.NEWS)


@pytest.mark.usefixtures("demo_content")
def test_the_past_events_page_lists_the_demo_events_by_year(client):
    response = client.get("/events/past/")

    html = soup(response)
    years = [a.get_text(strip=True) for a in html.select(".chips a")]
    assert years == ["All years", "2022", "2021", "2020"]
    assert [a["href"] for a in html.select(".chips a")][1:] == [
        "?year=2022",
        "?year=2021",
        "?year=2020",
    ]
    titles = event_titles(response)
    assert titles[:4] == [
        "Eurolife summer school DATAETHICS 2022 Barcelona",
        "Global Impact in Health symposium",
        "Eurolife winter school DATAETHICS January 2022",
        "Expert webinar Innovations in Fetal Therapy",
    ]
    assert titles[-1] == "CSC Fair 2020"
    assert sorted(titles) == demo_titles(demo.EVENTS)
    whens = [tag.get_text(strip=True) for tag in html.select(".event-card__when time")]
    assert whens[:4] == ["4–8 July 2022", "30 May 2022", "24–28 January 2022", "15 April 2021"]
    assert whens[4:] == ["2021"] * 4 + ["2020"]
    for year in [2022, 2021, 2020]:
        listed = event_titles(client.get(f"/events/past/?year={year}"))
        assert sorted(listed) == demo_titles(demo.EVENTS, year)
    assert event_titles(client.get("/events/")) == []
    assert "Past events 2021" in text(client.get("/events/past/?year=2021"))


@pytest.mark.usefixtures("demo_content")
def test_the_demo_event_pages_show_their_partners_and_people(client):
    barcelona = Event.objects.get(title="Eurolife summer school DATAETHICS 2022 Barcelona")
    response = client.get(barcelona.get_absolute_url())
    page = text(response)
    assert "4–8 July 2022" in page
    assert "This event has ended." in page
    assert "Barcelona, Spain" in page
    ub = PartnerInstitution.objects.get(name="Universitat de Barcelona")
    assert soup(response).find("a", href=ub.get_absolute_url())
    [data] = json_ld(response, "Event")
    assert (data["startDate"], data["endDate"]) == ("2022-07-04", "2022-07-08")

    symposium = Event.objects.get(title="Global Impact in Health symposium")
    response = client.get(symposium.get_absolute_url())
    for name in ["Health~Holland", "Leiden University", "Philips"]:
        partner = PartnerInstitution.objects.get(name=name)
        assert soup(response).find("a", href=partner.get_absolute_url()), name

    limsc = Event.objects.get(title="LIMSC 2021 Online")
    response = client.get(limsc.get_absolute_url())
    hack = Person.objects.get(name="Evelien Hack")
    assert soup(response).find("a", href=hack.get_absolute_url())
    [data] = json_ld(response, "Event")
    assert (data["startDate"], data["endDate"]) == ("2021", "2021")

    csc = PartnerInstitution.objects.get(name="China Scholarship Council")
    for title in ["CSC Fair 2021", "CSC Fair 2020"]:
        fair = client.get(Event.objects.get(title=title).get_absolute_url())
        assert soup(fair).find("a", href=csc.get_absolute_url()), title

    webinar = Event.objects.get(title="Expert webinar Innovations in Fetal Therapy")
    assert "over 280 attendees" in text(client.get(webinar.get_absolute_url()))


@pytest.mark.usefixtures("demo_content")
def test_the_demo_partners_and_people_show_their_events(client):
    csc = PartnerInstitution.objects.get(name="China Scholarship Council")
    response = client.get(csc.get_absolute_url())
    assert event_titles(response, ".related") == ["CSC Fair 2021", "CSC Fair 2020"]
    assert "Past events" in soup(response).select_one(".related").get_text()

    ub = PartnerInstitution.objects.get(name="Universitat de Barcelona")
    assert event_titles(client.get(ub.get_absolute_url()), ".related") == [
        "Eurolife summer school DATAETHICS 2022 Barcelona"
    ]
    hh = PartnerInstitution.objects.get(name="Health~Holland")
    assert event_titles(client.get(hh.get_absolute_url()), ".related") == [
        "Global Impact in Health symposium"
    ]
    hack = Person.objects.get(name="Evelien Hack")
    assert event_titles(client.get(hack.get_absolute_url()), ".related") == ["LIMSC 2021 Online"]
    delft = PartnerInstitution.objects.get(name="Delft University of Technology")
    assert news_titles(client.get(delft.get_absolute_url()), ".related") == [
        "Collaboration Delft Global, Hogeschool Leiden and LUMC Global"
    ]


@pytest.mark.usefixtures("demo_content")
def test_the_demo_calendar_has_every_demo_event(client):
    events = events_of(calendar_of(client.get("/events/calendar.ics")))
    by_title = {str(event["SUMMARY"]): event for event in events}

    assert sorted(by_title) == demo_titles(demo.EVENTS)
    for event in Event.objects.all():
        assert event.all_day, event.title
        assert by_title[event.title].decoded("DTSTART") == event.first_day, event.title
        dtend = by_title[event.title].decoded("DTEND")
        assert dtend == event.last_day + timedelta(days=1), event.title
    fairs = events_of(calendar_of(client.get("/events/calendar.ics?kind=fair")))
    assert sorted(str(event["SUMMARY"]) for event in fairs) == ["CSC Fair 2020", "CSC Fair 2021"]


# 9. The related blocks on other pages


@pytest.fixture
def related(db):
    """A theme, a person, a partner and a programme, each with events and news in every state."""
    theme = make.theme(title="Lifecourse", slug="lifecourse")
    someone = make.person(name="Ellis Nieveen")
    partner = make.partner(name="Karolinska Institutet", slug="karolinska-institutet")
    programme = make.programme(title="Medicine")
    now = timezone.now()
    soon = {"start": now + timedelta(days=8), "end": now + timedelta(days=8, hours=2)}
    before = {"start": now - timedelta(days=9), "end": now - timedelta(days=9, hours=-2)}
    links = {
        "themes": [theme],
        "speakers": [someone],
        "organisers": [partner],
        "programmes": [programme],
    }
    news_links = {
        "themes": [theme],
        "people": [someone],
        "partners": [partner],
        "programmes": [programme],
    }
    make.event(title="Related upcoming event", **links, **soon)
    make.event(title="Related past event", **links, **before)
    make.news_item(title="Related news", **news_links)
    for state in STATES:
        make.event(state, title=f"Related {state} event", **links, **soon)
        make.news_item(state, title=f"Related {state} news", **news_links)
    return {"theme": theme, "person": someone, "partner": partner, "programme": programme}


@pytest.mark.parametrize("kind", ["theme", "person", "partner", "programme"])
def test_a_page_shows_its_related_upcoming_event_and_news(client, related, kind):
    response = client.get(related[kind].get_absolute_url())

    assert response.status_code == 200
    block = soup(response).select_one(".related")
    assert block is not None
    assert event_titles(response, ".related") == ["Related upcoming event"]
    assert news_titles(response, ".related") == ["Related news"]
    assert "Upcoming events" in block.get_text()
    for state in STATES:
        assert f"Related {state} event" not in response.text
        assert f"Related {state} news" not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["speakers", "contacts"])
def test_a_person_page_shows_events_they_speak_at_or_are_the_contact_for(client, field):
    someone = make.person(name="Suze Kruisheer")
    make.event(title="Event with Suze", **{field: [someone]})
    make.event(title="Event without Suze")

    response = client.get(someone.get_absolute_url())

    assert event_titles(response, ".related") == ["Event with Suze"]


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["organisers", "partners"])
def test_a_partner_page_shows_events_it_organises_or_joins(client, field):
    partner = make.partner(name="KU Leuven", country="BE")
    make.event(title="Event with KU Leuven", **{field: [partner]})
    make.event(title="Event without KU Leuven")

    response = client.get(partner.get_absolute_url())

    assert event_titles(response, ".related") == ["Event with KU Leuven"]


@pytest.mark.django_db
def test_a_page_with_nothing_related_has_no_related_block(client):
    theme = make.theme(title="Cancer")
    make.event(title="Unrelated event")
    make.news_item(title="Unrelated news")

    response = client.get(theme.get_absolute_url())

    assert response.status_code == 200
    assert soup(response).select_one(".related") is None


@pytest.mark.django_db
def test_a_long_list_links_its_ends_and_the_pages_near_this_one(client):
    NewsItem.objects.bulk_create(
        NewsItem(
            title=f"News {number}",
            slug=f"news-{number}",
            date=timezone.localdate() - timedelta(days=number),
            **make.in_state("published"),
        )
        for number in range(300)
    )

    pages = soup(client.get("/news/?page=10")).select_one("nav.pagination")

    links = [a.get_text() for a in pages.select("a")]
    assert links == ["Previous", "1", "8", "9", "10", "11", "12", "25", "Next"]
    assert [li.get_text() for li in pages.select('li[aria-hidden="true"]')] == ["…", "…"]
    assert pages.select_one('[aria-current="page"]').get_text() == "10"


@pytest.mark.django_db
def test_the_calendar_keeps_every_event_to_come_and_the_latest_past_ones(client, monkeypatch):
    monkeypatch.setattr("events.views.CALENDAR_PAST_EVENTS", 5)
    now = timezone.now()
    for days in range(1, 9):
        make.event(
            title=f"Past {days}",
            slug=f"past-{days}",
            start=now - timedelta(days=days, hours=3),
            end=now - timedelta(days=days),
        )
        make.event(title=f"Coming {days}", slug=f"coming-{days}", start=now + timedelta(days=days))

    titles = calendar_titles(client)

    assert titles == sorted(
        [f"Coming {d}" for d in range(1, 9)] + [f"Past {d}" for d in range(1, 6)]
    )
    assert calendar_titles(client, "/events/past-8.ics") == ["Past 8"]
