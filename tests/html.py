"""Reading what the site answers as the tests look at it: HTML, JSON-LD, calendars, sitemaps."""

import json
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup
from icalendar import Calendar

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def soup(page):
    """The parsed HTML of a response, or of HTML given as text or bytes."""
    return BeautifulSoup(getattr(page, "content", page), "html.parser")


def squash(words):
    """Text with each run of white space made one space."""
    return " ".join(words.split())


def text(page):
    """The words of a page as a reader gets them, white space squashed."""
    return squash(soup(page).get_text(" "))


def json_ld_blocks(page):
    """Every JSON-LD block on a page, in order."""
    return [
        json.loads(tag.string) for tag in soup(page).select('script[type="application/ld+json"]')
    ]


def json_ld(page, kind):
    """The JSON-LD blocks on a page that describe a `kind`, such as "Event"."""
    return [block for block in json_ld_blocks(page) if block["@type"] == kind]


def calendar_of(response):
    """The iCalendar a response holds, after checking it is one."""
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "text/calendar"
    calendar = Calendar.from_ical(response.content)
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    return calendar


def events_of(calendar):
    return [component for component in calendar.walk() if component.name == "VEVENT"]


def sitemap_locations(response, root="urlset"):
    """The addresses a sitemap lists, in order; a sitemap index has the root "sitemapindex"."""
    assert response.status_code == 200
    tree = ET.fromstring(response.content)
    assert tree.tag == f"{SITEMAP}{root}"
    return [loc.text for loc in tree.iter(f"{SITEMAP}loc")]


def form_data(page, selector="#content-main form"):
    """What the form on a page sends as it stands: its fields and their values, no button."""
    form = soup(page).select_one(selector)
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            chosen = [option.get("value", "") for option in field.select("option[selected]")]
            if field.has_attr("multiple"):
                data[name] = chosen
            else:
                data[name] = chosen[0] if chosen else ""
        elif field.get("type") in ("submit", "button", "file"):
            continue
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        else:
            data[name] = field.get("value", "")
    return data
