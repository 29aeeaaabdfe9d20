"""Events as iCalendar (RFC 5545): one event, or a whole agenda to subscribe to."""

from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent

from editorial.models import one_line

PRODID = "-//LUMC Global//Events//EN"


def host():
    return urlsplit(settings.SITE_URL).netloc


def calendar_event(event):
    url = settings.SITE_URL + event.get_absolute_url()
    if event.all_day:
        start, end = event.first_day, event.last_day + timedelta(days=1)
    else:
        start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    component = CalendarEvent.new(
        summary=event.title,
        start=start,
        end=end,
        uid=f"event-{event.pk}@{host()}",
        url=url,
        location=event.location_text() or None,
        description=f"{event.summary}\n\n{url}".strip(),
        status={"cancelled": "CANCELLED", "postponed": "TENTATIVE"}.get(
            event.event_status, "CONFIRMED"
        ),
        last_modified=event.changed_at,
    )
    return component


def calendar_response(events, name, uid):
    calendar = Calendar.new(
        # A calendar's name is one line; older titles may hold a line break.
        name=one_line(str(name)),
        prodid=PRODID,
        uid=f"{uid}@{host()}",
        refresh_interval=timedelta(hours=6),
    )
    # The site's time zone is always described, also when only all-day events use it.
    calendar.add("X-WR-TIMEZONE", settings.TIME_ZONE)
    calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE, first_date=date(2015, 1, 1)))
    for event in events:
        calendar.add_component(calendar_event(event))
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
