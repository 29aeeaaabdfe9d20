"""Where an item is used: forms of people, partners, themes and programmes list their uses."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as make
from tests.html import soup

pytestmark = pytest.mark.django_db


def form(user, obj):
    client = Client()
    client.force_login(user)
    opts = obj._meta
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )
    assert response.status_code == 200
    return soup(response), len(queries)


def used_by(page):
    return page.select_one(".field-used_by .readonly")


def test_a_persons_form_lists_the_items_that_name_her_with_their_states(editor):
    ada = make.person(name="Ada Lovelace")
    talk = make.event(title="Talk on exchange")
    talk.speakers.add(ada)
    news = make.news_item("draft", title="Ada visits")
    news.people.add(ada)
    option = make.option("published", title="Semester in Leiden", contact=ada)

    page, _queries = form(editor, ada)

    listed = used_by(page)
    headings = [heading.get_text(" ", strip=True) for heading in listed.select("h3")]
    assert "Events (speakers) · 1" in headings
    assert "News items (people) · 1" in headings
    assert "Exchange options (contact person) · 1" in headings
    rows = {
        row.select_one("a").get_text(): row.select_one(".publication").get_text()
        for row in listed.select("li")
    }
    assert rows == {
        "Talk on exchange": "Published",
        "Ada visits": "Draft",
        "Semester in Leiden": "Published",
    }
    link = listed.find("a", string="Ada visits")
    assert link["href"] == reverse("admin:events_newsitem_change", args=[news.pk])
    assert option.contact == ada


@pytest.mark.parametrize("factory", [make.partner, make.theme, make.programme])
def test_partners_themes_and_programmes_list_their_uses_too(factory, editor):
    item = factory()
    event = make.event(title="Joint symposium")
    field = {"PartnerInstitution": "partners", "ResearchTheme": "themes", "Programme": "programmes"}
    getattr(event, field[type(item).__name__]).add(item)

    page, _queries = form(editor, item)

    assert used_by(page).find("a", string="Joint symposium")


def test_an_item_that_nothing_uses_says_so(editor):
    page, _queries = form(editor, make.partner())

    assert used_by(page).get_text(strip=True) == "Nothing on the site links to it yet."


def test_the_list_is_short_and_costs_the_same_however_many_use_it(editor):
    ada = make.person(name="Ada Lovelace")
    make.event(title="Talk 0").speakers.add(ada)
    form(editor, ada)  # what is looked up once per process
    _page, few_queries = form(editor, ada)
    for number in range(1, 25):
        make.event(title=f"Talk {number}", slug=f"talk-{number}").speakers.add(ada)

    page, many_queries = form(editor, ada)

    assert many_queries == few_queries
    events = used_by(page).select(".used-by")[0]
    assert "· 25" in events.select_one("h3").get_text()
    assert len(events.select("li a")) == 10
    assert events.select("li")[-1].get_text() == "and 15 more"
