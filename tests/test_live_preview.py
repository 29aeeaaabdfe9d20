"""
The live preview: the page of an item as its change form holds it, unsaved,
for every type with a page of its own; nothing written, never cached or indexed.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from editorial.models import Draft, Page
from events.models import Event, NewsItem
from people.models import Person
from programmes.models import ExchangeOption, Programme
from research.models import KeyFigure, PartnerInstitution, Project, ResearchTheme
from tests import factories as make
from tests.checkers import html_problems
from tests.html import form_data, soup, text
from tests.staff import admin_url, as_user, opened

pytestmark = pytest.mark.django_db

WORD = "Zanzibarian"

# Every type with a page of its own, and the field its title is in.
TYPES = {
    Person: "name",
    ResearchTheme: "title",
    PartnerInstitution: "name",
    Project: "title",
    Programme: "title",
    ExchangeOption: "title",
    Event: "title",
    NewsItem: "title",
}


def everything(media_root):
    """What the database and the uploads hold: rows of every model, and files."""
    rows = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    files = sorted(str(path) for path in media_root.rglob("*")) if media_root.exists() else []
    return rows, files


@pytest.mark.parametrize("model", TYPES, ids=lambda model: model.__name__)
def test_the_preview_shows_the_unsaved_form_and_writes_nothing(model, editor, media_root):
    field = TYPES[model]
    obj = make.FOR_MODEL[model]("published", **{field: "Live words"})
    client = as_user(editor)
    _form, data = opened(client, obj)
    before = everything(media_root)

    response = client.post(admin_url(obj, "live_preview"), {**data, field: f"{WORD} words"})

    assert response.status_code == 200
    page = soup(response)
    assert f"{WORD} words" in page.select_one("h1").get_text()
    assert "what the form holds, not saved" in text(response)
    assert page.select_one('meta[name="robots"]')["content"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # Shown in the change form's frame, and nowhere else.
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert everything(media_root) == before
    assert getattr(type(obj)._default_manager.get(pk=obj.pk), field) == "Live words"
    assert WORD not in Client().get(obj.get_absolute_url()).text


def test_the_preview_shows_the_links_chosen_in_the_form(editor, media_root):
    news = make.news_item(title="Partners met")
    person = make.person(name="Ada Zanzibarian")
    client = as_user(editor)
    _form, data = opened(client, news)
    before = everything(media_root)

    response = client.post(admin_url(news, "live_preview"), {**data, "people": [person.pk]})

    assert "Ada Zanzibarian" in text(response)
    assert everything(media_root) == before
    assert not news.people.exists()


def test_the_preview_starts_from_the_draft_changes(editor, media_root):
    event = make.event(title="Live title", summary="Live summary")
    client = as_user(editor)
    _form, data = opened(client, event)
    saved = client.post(admin_url(event, "change"), {**data, "summary": "Draft summary"})
    assert saved.status_code == 302
    _form, data = opened(client, event)
    before = everything(media_root)

    response = client.post(admin_url(event, "live_preview"), {**data, "title": f"{WORD} title"})

    assert f"{WORD} title" in text(response)
    assert "Draft summary" in text(response)
    assert everything(media_root) == before
    assert Draft.objects.count() == 1


def test_a_new_item_is_previewed_before_it_exists(editor, media_root):
    client = as_user(editor)
    form = client.get(reverse("admin:events_newsitem_add"))
    data = form_data(form)
    before = everything(media_root)

    response = client.post(
        reverse("admin:events_newsitem_add_live_preview"),
        {
            **data,
            "title": f"{WORD} news",
            "slug": "zanzibarian-news",
            "date": "2026-11-30",
            "summary": "What happened.",
        },
    )

    assert response.status_code == 200
    assert f"{WORD} news" in soup(response).select_one("h1").get_text()
    assert everything(media_root) == before
    assert not NewsItem.objects.exists()


def test_a_form_that_cannot_be_saved_says_what_to_fix(editor, media_root):
    event = make.event(title="Live title")
    client = as_user(editor)
    _form, data = opened(client, event)
    before = everything(media_root)

    response = client.post(admin_url(event, "live_preview"), {**data, "title": ""})

    assert response.status_code == 200
    assert "The preview follows once the form can be saved" in text(response)
    assert "Title: This field is required." in text(response)
    assert "no-store" in response["Cache-Control"]
    assert everything(media_root) == before


def test_the_preview_is_valid_html(editor):
    event = make.event(title="Live title")
    client = as_user(editor)
    form, data = opened(client, event)
    url = admin_url(event, "live_preview")

    pages = {
        "form": form,
        "preview": client.post(url, {**data, "title": WORD}),
        "cannot be saved": client.post(url, {**data, "title": ""}),
    }

    problems = html_problems({name: page.content.decode() for name, page in pages.items()})
    assert problems == {}


def test_only_those_who_may_change_the_item_preview_it(media_root):
    event = make.event(title="Live title")
    url = admin_url(event, "live_preview")
    viewer = make.staff_member("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    data = {"title": WORD, "slug": event.slug}

    assert as_user(viewer).post(url, data).status_code == 403
    anonymous = Client().post(url, data)
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
    editor = make.staff_member("editor", "Editor")
    assert as_user(editor).get(url).status_code == 405
    missing = reverse("admin:events_event_live_preview", args=[event.pk + 1000])
    assert as_user(editor).post(missing, data).status_code == 404
    assert Event.objects.get().title == "Live title"


def test_the_change_form_offers_the_preview_for_types_with_a_page(editor):
    client = as_user(editor)
    event = make.event()
    figure = make.key_figure()

    form = soup(client.get(admin_url(event, "change")))
    without_page = soup(client.get(admin_url(figure, "change")))

    tab = form.select_one("button.live-preview-tab")
    assert tab["formaction"] == admin_url(event, "live_preview")
    assert tab["formtarget"] == "_blank"
    assert form.select_one("#live-preview iframe")["title"]
    assert without_page.select_one("button.live-preview-tab") is None
    assert isinstance(figure, KeyFigure)


@pytest.mark.parametrize(
    ("key", "path"),
    [("home", "/"), ("about", "/about/"), ("collaborations", "/research/collaborations/")],
)
def test_the_texts_of_a_fixed_page_are_previewed_at_its_address(key, path, editor, media_root):
    page = Page.objects.get(key=key)
    assert page.get_absolute_url() == path
    client = as_user(editor)
    _form, data = opened(client, page)
    before = everything(media_root)

    response = client.post(
        admin_url(page, "live_preview"), {**data, "intro": f"<p>{WORD} introduction</p>"}
    )

    assert response.status_code == 200
    assert f"{WORD} introduction" in text(response)
    assert "what the form holds, not saved" in text(response)
    assert soup(response).select_one('meta[name="robots"]')["content"] == "noindex, nofollow"
    assert everything(media_root) == before
    assert WORD not in Client().get(path).text
