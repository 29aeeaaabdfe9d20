"""The admin's home page shows each member of staff their work, at a fixed cost."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from editorial.models import Publishable
from lumcglobal.models import ContactMessage
from people.models import Person
from tests import factories as make
from tests.html import form_data, soup
from tests.staff import as_user

pytestmark = pytest.mark.django_db


def block(response, key):
    """The titles listed in a block of the dashboard, and the count in its heading."""
    section = soup(response).select_one(f"#block-{key}")
    if section is None:
        return None, []
    count = section.select_one(".dashboard__count").get_text(strip=True).strip("()")
    return int(count), [link.get_text(strip=True) for link in section.select("li a")]


def change(client, obj, button, **changes):
    opts = obj._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"

    data = form_data(client.get(url))
    return client.post(url, {**data, **changes, button: "1"})


def test_each_role_sees_its_own_work(
    editor, publisher, superuser, django_capture_on_commit_callbacks
):
    writer, reviewer = as_user(editor), as_user(publisher)
    make.person("draft", name="Someone else's draft")
    make.person("draft", name="My draft", created_by=editor)
    live = make.person("published", name="Live person")
    with django_capture_on_commit_callbacks(execute=True):
        change(writer, live, "_submit", name="Live person, changed")
    soon = timezone.now() + timedelta(days=10)
    make.news_item("published", title="Out in ten days", publish_from=soon)
    make.option(
        "published", title="Closing soon", deadline=timezone.localdate() + timedelta(days=5)
    )
    ContactMessage.objects.create(
        name="Ana", email="ana@example.org", subject="Hi", message="Hello", notify_attempts=2
    )

    own = writer.get("/admin/")
    review = reviewer.get("/admin/")

    assert block(own, "drafts") == (2, ["Live person", "My draft"])
    assert block(own, "submitted") == (1, ["Live person"])
    assert block(own, "review") == (None, [])  # editors review nothing
    assert block(review, "review") == (1, ["Live person"])
    assert block(review, "scheduled")[1] == ["Out in ten days"]
    day = soon.astimezone(timezone.get_current_timezone()).day
    cells = soup(review).select(".dashboard__calendar td")
    assert any(
        cell.select_one(".dashboard__day").get_text() == str(day) and "Out in ten days" in cell.text
        for cell in cells
    )
    assert "Closing soon" in block(review, "options")[1]
    assert block(review, "contact") == (None, [])  # contact messages are for those let in
    assert block(as_user(superuser).get("/admin/"), "contact")[0] == 1
    assert block(own, "published") == (0, [])
    change(reviewer, live, "_publish")
    published = reviewer.get("/admin/")
    assert block(published, "published")[1] == ["Live person, changed"]
    assert block(published, "review") == (0, [])


def test_the_dashboard_costs_the_same_queries_for_10_or_1000_items(publisher):
    client = as_user(publisher)

    team = make.team()

    def fill(count, start):
        Person.objects.bulk_create(
            Person(
                name=f"Person {number}",
                slug=f"person-{number}",
                team=team,
                status=Publishable.Status.DRAFT,
                created_by=publisher,
                publish_until=timezone.now() + timedelta(days=number % 30 + 1),
            )
            for number in range(start, start + count)
        )

    fill(10, 0)
    client.get("/admin/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/admin/").status_code == 200
    fill(990, 10)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/admin/").status_code == 200

    assert len(large) == len(small)
    assert block(client.get("/admin/"), "drafts")[0] == 1000
