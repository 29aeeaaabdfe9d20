"""
iCalendar (RFC 5545) responses: one calendar helper for every calendar of the
site, with the site's time zone described, stable UIDs on the public host, a
name on one line, and how often subscribers should look again.
"""

from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar, Timezone

from .models import one_line


def calendar_uid(key):
    """A UID that stays the same for `key` through slug changes: on the public host."""
    return f"{key}@{urlsplit(settings.SITE_URL).netloc}"


def calendar_response(name, key, components, *, product, refresh=timedelta(hours=6), url=None):
    """A calendar of `components` (icalendar Events) as a text/calendar response."""
    calendar = Calendar.new(
        name=one_line(str(name)),
        prodid=f"-//LUMC Global//{product}//EN",
        uid=calendar_uid(key),
        url=url,
        refresh_interval=refresh,
    )
    # The site's time zone is always described, also when only all-day events use it.
    calendar.add("X-WR-TIMEZONE", settings.TIME_ZONE)
    calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE, first_date=date(2015, 1, 1)))
    for component in components:
        calendar.add_component(component)
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
