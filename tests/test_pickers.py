"""
Pickers: relations to people, partners, themes, programmes, events and countries
are chosen by name, a page of suggestions at a time, and work without a script.
"""

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from model_bakery import baker
from model_bakery.recipe import seq

from events.models import Event, NewsItem
from people.models import Person
from programmes.models import ExchangeOption
from research.models import PartnerInstitution, Project, ResearchTheme
from tests import factories as make
from tests.html import form_data, soup, text
from tests.staff import as_user, change_url, opened

pytestmark = pytest.mark.django_db


def chosen(response, name):
    """The values ticked in a picker, with their labels."""
    boxes = soup(response).select(f'.picker input[type=checkbox][name="{name}"]')
    return {
        box["value"]: box.parent.get_text(" ", strip=True)
        for box in boxes
        if box.has_attr("checked")
    }


def many(model, count, **fields):
    """`count` items of `model`, each with an address of its own."""
    return baker.make(model, _quantity=count, _bulk_create=True, slug=seq("item-"), **fields)


def test_a_picker_lists_what_is_chosen_and_a_box_to_add_more(editor):
    ada = make.person(name="Ada Lovelace")
    make.person(name="Grace Hopper")
    event = make.event(country="SE")
    event.speakers.add(ada)

    response, _data = opened(as_user(editor), event)

    assert chosen(response, "speakers") == {str(ada.pk): "Ada Lovelace"}
    assert chosen(response, "country") == {"SE": "Sweden"}
    page = soup(response)
    box = page.select_one("#id_speakers")
    assert box["name"] == "speakers__add"
    assert page.select_one('label[for="id_speakers"]').get_text(strip=True) == "Add a person"
    # The group has a visible name: the field's own label, as the legend of its fieldset.
    legend = box.find_parent("fieldset").select_one("legend")
    assert "Speakers" in legend.get_text()
    assert "Grace Hopper" not in response.text


def test_a_typed_name_is_added_on_save_without_a_script(editor):
    ada = make.person(name="Ada Lovelace")
    make.person(name="Grace Hopper")
    news = make.news_item("draft", title="Met")
    client = as_user(editor)
    _form, data = opened(client, news)

    saved = client.post(change_url(news), {**data, "people__add": "lovel"})

    assert saved.status_code == 302
    assert list(news.people.all()) == [ada]


def test_a_typed_name_that_matches_several_or_none_says_so_and_keeps_what_was_typed(editor):
    make.person(name="Ada Lovelace")
    make.person(name="Ada Yonath")
    news = make.news_item("draft", title="Met")
    client = as_user(editor)
    _form, data = opened(client, news)

    several = client.post(change_url(news), {**data, "people__add": "Ada", "title": "Changed"})
    none = client.post(change_url(news), {**data, "people__add": "Zzyzx"})

    assert several.status_code == 200
    assert "“Ada” matches more than one: Ada Lovelace, Ada Yonath. Type more of the name." in (
        text(several)
    )
    assert soup(several).select_one("#id_people")["value"] == "Ada"
    assert form_data(several)["title"] == "Changed"
    assert "Nothing matches “Zzyzx”" in text(none)
    assert NewsItem.objects.get().title == "Met"
    assert not NewsItem.objects.get().people.exists()


def test_an_exact_name_wins_over_longer_ones(editor):
    ada = make.person(name="Ada")
    make.person(name="Ada Lovelace")
    news = make.news_item("draft")
    client = as_user(editor)
    _form, data = opened(client, news)

    client.post(change_url(news), {**data, "people__add": "ada"})

    assert list(news.people.all()) == [ada]


def test_unticking_removes_a_value_and_the_others_stay(editor):
    ada, grace = make.person(name="Ada Lovelace"), make.person(name="Grace Hopper")
    news = make.news_item("draft")
    news.people.add(ada, grace)
    client = as_user(editor)
    _form, data = opened(client, news)

    client.post(change_url(news), {**data, "people": [str(grace.pk)]})

    assert list(news.people.all()) == [grace]


def test_a_single_choice_is_replaced_by_a_typed_name(editor):
    ada, grace = make.person(name="Ada Lovelace"), make.person(name="Grace Hopper")
    option = make.option("draft", contact=ada)
    client = as_user(editor)
    response, data = opened(client, option)
    assert chosen(response, "contact") == {str(ada.pk): "Ada Lovelace"}
    assert soup(response).select_one('label[for="id_contact"]').get_text() == (
        "Choose another person"
    )

    client.post(change_url(option), {**data, "contact__add": "hopper"})
    assert ExchangeOption.objects.get().contact == grace

    _form, data = opened(client, option)
    client.post(change_url(option), {**data, "contact": []})
    assert ExchangeOption.objects.get().contact is None


def test_countries_are_picked_by_name(editor):
    project = make.project("draft", partner_countries=["NL"])
    client = as_user(editor)
    response, data = opened(client, project)
    assert chosen(response, "partner_countries") == {"NL": "Netherlands"}

    added = client.post(change_url(project), {**data, "partner_countries__add": "swed"})
    assert added.status_code == 302
    assert [country.code for country in Project.objects.get().partner_countries] == ["NL", "SE"]

    _form, data = opened(client, project)
    several = client.post(change_url(project), {**data, "partner_countries__add": "guin"})
    assert "“guin” matches more than one" in text(several)
    by_code = client.post(change_url(project), {**data, "partner_countries__add": "de"})
    assert by_code.status_code == 302
    assert [c.code for c in Project.objects.get().partner_countries] == ["DE", "NL", "SE"]


def test_suggestions_come_a_page_at_a_time_from_the_admin(editor):
    many(PartnerInstitution, 45, name="University of Somewhere", kind="university", country="NL")
    client = as_user(editor)
    url = reverse("admin:autocomplete")
    asked = {"app_label": "events", "model_name": "event", "field_name": "partners"}

    first = client.get(url, {**asked, "term": "somewhere"}).json()
    last = client.get(url, {**asked, "term": "somewhere", "page": 3}).json()

    assert len(first["results"]) == 20
    assert first["pagination"]["more"] is True
    assert len(last["results"]) == 5
    assert last["pagination"]["more"] is False
    assert Client().get(url, {**asked, "term": "somewhere"}).status_code == 302


def form_queries(client, obj):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(change_url(obj))
    assert response.status_code == 200
    return len(queries), len(response.content)


@pytest.mark.parametrize("model", [Event, NewsItem, ExchangeOption, Project, ResearchTheme])
def test_a_form_costs_the_same_with_a_thousand_partners_and_three_hundred_people(model, editor):
    obj = make.FOR_MODEL[model]("published")
    client = as_user(editor)
    client.get(change_url(obj))  # what is looked up once per process
    small_queries, small_size = form_queries(client, obj)

    many(PartnerInstitution, 1000, name="A partner", kind="university", country="NL")
    team = make.team()
    many(Person, 300, name="A person", team=team)
    many(ResearchTheme, 30, title="A theme")
    big_queries, big_size = form_queries(client, obj)

    assert big_queries == small_queries
    assert big_size < small_size + 500


def test_no_form_in_the_admin_has_a_long_multiple_select(superuser):
    many(PartnerInstitution, 30, name="A partner", kind="university", country="NL")
    many(Person, 30, name="A person", team=make.team())
    many(ResearchTheme, 30, title="A theme")
    client = as_user(superuser)
    for model in admin.site._registry:
        opts = model._meta
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        if response.status_code != 200:
            continue  # added by the site itself, such as page texts
        for select in soup(response).select("select[multiple]"):
            assert (
                "selectfilter" in select.get("class", []) or len(select.select("option")) <= 20
            ), f"{opts.label}: {select['name']}"


def test_the_year_boxes_are_one_labelled_group(editor):
    option = make.option("draft", in_year_2=True)
    client = as_user(editor)
    response, data = opened(client, option)
    group = soup(response).select_one("#id_years_0").find_parent("fieldset")
    help_text = soup(response).select_one(f"#{group['aria-describedby']}")
    assert "none ticked: any year" in help_text.get_text()
    assert "Years of study" in group.select_one("legend").get_text()
    assert data["years"] == ["2"]

    client.post(change_url(option), {**data, "years": ["1", "3"]})

    saved = ExchangeOption.objects.get()
    assert (saved.in_year_1, saved.in_year_2, saved.in_year_3) == (True, False, True)


def test_every_content_form_groups_its_fields_under_visible_names(editor):
    client = as_user(editor)
    for model in (Event, NewsItem, ExchangeOption, Project, Person):
        response, _data = opened(client, make.FOR_MODEL[model]("draft"))
        fieldsets = soup(response).select("#content-main form fieldset.module")
        # The first group is the item itself; each after it is named.
        assert all(fieldset.select_one("h2") for fieldset in fieldsets[1:]), model.__name__
