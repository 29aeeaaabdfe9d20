"""Every page the public can reach, and the admin screens for people, are valid HTML."""

from unittest import mock

import pytest
from django.db import OperationalError, ProgrammingError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from lumcglobal.models import Subscriber
from tests.checkers import html_problems
from tests.factories import full_profile, person
from tests.pages import ADMIN_PAGES, PUBLIC_PAGES


def every_page_state(client):
    """The HTML of every public page, in each state a visitor can bring it to."""
    documents = {path: client.get(path).text for path in PUBLIC_PAGES}
    documents["404 page"] = client.get("/no-such-page/").text
    documents["contact form with errors"] = client.post("/contact/", {"email": "x"}).text
    documents["newsletter form with errors"] = client.post("/newsletter/", {"email": "x"}).text
    subscriber = Subscriber.objects.create(email="reader@example.org")
    documents["newsletter confirmation button"] = client.get(subscriber.confirm_url()).text
    documents["newsletter unsubscribe button"] = client.get(subscriber.unsubscribe_url()).text
    documents["newsletter link invalid"] = client.get("/newsletter/confirm/x/").text
    documents["full profile with photo"] = client.get(full_profile().get_absolute_url()).text
    documents["preview of a draft"] = client.get(person("draft").preview_url()).text
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=ProgrammingError):
        documents["500 page"] = Client(raise_request_exception=False).get("/").text
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=OperationalError):
        documents["503 page (database away)"] = Client().get("/").text
    return documents


@pytest.mark.usefixtures("demo_content", "media_root")
def test_every_page_is_valid_html(client):
    documents = every_page_state(client)

    assert html_problems(documents) == {}


@pytest.mark.usefixtures("demo_content", "media_root")
def test_the_admin_screens_for_people_are_valid_html(admin_client):
    person = full_profile()
    documents = {}
    for path in ADMIN_PAGES:
        response = admin_client.get(path.format(person=person.pk))
        assert response.status_code == 200, path
        documents[path] = response.text

    assert html_problems(documents) == {}
