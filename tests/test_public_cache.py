"""
Which answers a proxy or CDN in front may keep, and how long: pages any visitor
gets the same, for DJANGO_PUBLIC_CACHE_SECONDS; nothing personal, ever.
"""

import pytest
from django.test import Client
from django.utils.cache import get_max_age

from tests import factories as make
from tests.staff import as_user

pytestmark = pytest.mark.django_db


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize("path", ["/", "/about/", "/people/", "/research/partners/", "/news/"])
def test_public_pages_may_be_kept_by_a_proxy_for_a_minute_and_rechecked_by_browsers(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert directives(response) == {"public", "max-age=0", "s-maxage=60"}
    assert get_max_age(response) == 0


def test_a_form_with_its_visitors_token_is_private(client):
    response = client.get("/contact/")

    assert "csrfmiddlewaretoken" in response.text
    assert directives(response) == {"private"}
    again = client.get("/contact/")  # now with the token's cookie
    assert directives(again) == {"private"}


def test_nothing_personal_or_failing_is_shared(editor, settings):
    item = make.event("draft", title="Draft event")
    staff = as_user(editor)

    assert directives(staff.get("/about/")) == {"private"}  # a signed-in visitor's pages
    assert "no-store" in directives(staff.get(item.get_absolute_url()))  # a preview
    assert "public" not in directives(Client().get(item.preview_url()))
    assert directives(Client().get("/no-such-page/")) == {"private"}
    assert "public" not in directives(staff.get("/admin/"))
    settings.PUBLIC_CACHE_SECONDS = 0
    assert directives(Client().get("/about/")) == {"private"}


def test_machines_keep_their_own_rules(client):
    assert "public" not in directives(client.get("/healthz"))
    calendar = client.get("/events/calendar.ics")
    assert calendar["ETag"]
    assert "public" in directives(calendar)
