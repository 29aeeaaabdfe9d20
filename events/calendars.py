"""Events as iCalendar (RFC 5545): one event, or a whole agenda to subscribe to."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Event as CalendarEvent

from editorial.calendars import calendar_response, calendar_uid


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
        uid=calendar_uid(f"event-{event.pk}"),
        url=url,
        location=event.location_text() or None,
        description=f"{event.summary}\n\n{url}".strip(),
        status={"cancelled": "CANCELLED", "postponed": "TENTATIVE"}.get(
            event.event_status, "CONFIRMED"
        ),
        last_modified=event.changed_at,
    )
    return component


def events_calendar_response(events, name, key):
    return calendar_response(
        name, key, [calendar_event(event) for event in events], product="Events"
    )
