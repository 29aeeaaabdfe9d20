"""
Editing without fear: draft changes to live items, the buttons of each role,
review with comments and emails, forms opened before someone else's change,
and the one Editor/Publisher rule for everything the public reads.
"""

from datetime import timedelta

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from editorial.models import (
    Draft,
    EditorSettings,
    Page,
    Publication,
    Publishable,
    ReviewNote,
)
from events.models import Event, NewsItem
from lumcglobal.models import SocialLink
from people.models import Person
from programmes.models import ExchangeOption
from research.models import (
    InterdisciplinaryProgramme,
    KeyFigure,
    PartnerInstitution,
    ResearchTheme,
    ScienceAreaCluster,
)
from tests import factories as make
from tests.checkers import html_problems
from tests.html import form_data, soup
from tests.staff import as_user, change_url, opened

pytestmark = pytest.mark.django_db

WORD = "Zanzibarian"

# Every type with a publication step, the field its title is in, and the public
# addresses besides its own page where that title shows.
TYPES = {
    Person: ("name", ["/people/", "/search/?q=zanzibarian"]),
    ResearchTheme: ("title", ["/research/", "/search/?q=zanzibarian"]),
    PartnerInstitution: ("name", ["/research/collaborations/", "/search/?q=zanzibarian"]),
    KeyFigure: ("label", ["/", "/research/"]),
    ScienceAreaCluster: ("title", ["/research/collaborations/"]),
    InterdisciplinaryProgramme: ("title", ["/research/collaborations/"]),
    ExchangeOption: ("title", ["/exchange/", "/exchange/catalogue.csv", "/search/?q=zanzibarian"]),
    Event: ("title", ["/events/", "/events/calendar.ics", "/search/?q=zanzibarian"]),
    NewsItem: ("title", ["/news/", "/news/feed/", "/search/?q=zanzibarian"]),
    SocialLink: ("name", ["/"]),
}


def press(client, obj, button, **changes):
    """Open the form of `obj`, type `changes`, and press `button` ("_publish", ...)."""
    _response, data = opened(client, obj)
    return client.post(change_url(obj), {**data, **changes, button: "1"})


def buttons(response):
    return [button["name"] for button in soup(response).select(".workflow-buttons button[name]")]


def public_text(client, obj, paths):
    pages = [client.get(path) for path in paths]
    if isinstance(obj, Publishable):
        pages.append(client.get(obj.get_absolute_url()))
    for page in pages:
        assert page.status_code == 200, page.request["PATH_INFO"]
    return " ".join(page.content.decode() for page in pages)


def fresh(obj):
    return type(obj)._default_manager.get(pk=obj.pk)


def draft_of(obj):
    return Draft.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).first()


@pytest.fixture
def item(request):
    """A published item of the type under test, with its title field."""
    model = request.param
    field, paths = TYPES[model]
    obj = make.FOR_MODEL[model]("published", **{field: "Live words"})
    return obj, field, paths


@pytest.mark.parametrize("item", TYPES, indirect=True, ids=lambda model: model.__name__)
def test_a_draft_change_to_a_live_item_shows_nowhere_public_until_published(
    item, editor, publisher
):
    obj, field, paths = item
    visitor = Client()

    saved = press(as_user(editor), obj, "_save_draft", **{field: f"{WORD} words"})

    assert saved.status_code == 302
    assert getattr(fresh(obj), field) == "Live words"
    assert WORD not in public_text(visitor, obj, paths)
    if isinstance(obj, Publishable):
        assert WORD in visitor.get(obj.preview_url()).text
    form, data = opened(as_user(publisher), obj)
    assert data[field] == f"{WORD} words"
    assert "with draft changes" in form.text

    published = as_user(publisher).post(change_url(obj), {**data, "_publish": "1"})

    assert published.status_code == 302
    assert getattr(fresh(obj), field) == f"{WORD} words"
    assert fresh(obj).state == Publication.State.PUBLISHED
    assert draft_of(obj) is None
    assert WORD in public_text(visitor, obj, paths)


@pytest.mark.parametrize("item", TYPES, indirect=True, ids=lambda model: model.__name__)
def test_discarding_draft_changes_brings_back_the_live_version(item, editor):
    obj, field, _paths = item
    client = as_user(editor)
    press(client, obj, "_save_draft", **{field: f"{WORD} words"})

    response = press(client, obj, "_discard")

    assert response.status_code == 302
    assert draft_of(obj) is None
    assert opened(client, obj)[1][field] == "Live words"
    assert ReviewNote.objects.filter(action=ReviewNote.Action.DISCARDED).count() == 1


@pytest.mark.parametrize("model", TYPES, ids=lambda model: model.__name__)
def test_publish_keeps_what_was_typed(model, publisher):
    field, paths = TYPES[model]
    obj = make.FOR_MODEL[model]("draft", **{field: "Old words"})

    response = press(as_user(publisher), obj, "_publish", **{field: f"{WORD} words"})

    assert response.status_code == 302
    obj = fresh(obj)
    assert (getattr(obj, field), obj.state) == (f"{WORD} words", Publication.State.PUBLISHED)
    assert WORD in public_text(Client(), obj, paths)


@pytest.mark.parametrize("model", TYPES, ids=lambda model: model.__name__)
def test_the_buttons_follow_the_role_and_the_state(model, editor, publisher):
    field, _paths = TYPES[model]
    live = make.FOR_MODEL[model]("published", **{field: "Live"})
    draft = make.FOR_MODEL[model]("draft", **{field: "Draft"})
    links = ["_revoke_preview_links"] if issubclass(model, Publishable) else []

    assert buttons(opened(as_user(editor), draft)[0]) == ["_save_draft", "_submit", *links]
    assert buttons(opened(as_user(publisher), live)[0]) == [
        "_save_draft",
        "_publish",
        "_unpublish",
        *links,
    ]
    press(as_user(editor), live, "_submit", **{field: "Live, changed"}, _comment="Please check")
    assert buttons(opened(as_user(editor), live)[0]) == [
        "_save_draft",
        "_submit",
        "_discard",
        *links,
    ]
    assert buttons(opened(as_user(publisher), live)[0]) == [
        "_save_draft",
        "_publish",
        "_unpublish",
        "_request_changes",
        "_discard",
        *links,
    ]
    scheduled = make.FOR_MODEL[model]("scheduled", **{field: "Later"})
    publish = soup(opened(as_user(publisher), scheduled)[0]).select_one('button[name="_publish"]')
    assert publish.get_text(strip=True) == "Schedule"


# Review


def test_the_review_round_trip(editor, publisher, mailoutbox, django_capture_on_commit_callbacks):
    editor.email, publisher.email = "editor@example.org", "publisher@example.org"
    editor.save()
    publisher.save()
    option = make.option("published", title="Exchange to Uppsala", housing="Old housing")
    writer, reviewer = as_user(editor), as_user(publisher)

    with django_capture_on_commit_callbacks(execute=True):
        press(writer, option, "_submit", housing="New housing", _comment="Deadline moved")
    (submitted,) = mailoutbox
    assert submitted.to == ["publisher@example.org"]
    assert "Exchange to Uppsala" in submitted.subject
    assert "Deadline moved" in submitted.body
    assert draft_of(option).review == Draft.Review.IN_REVIEW

    refused = press(reviewer, option, "_request_changes")
    assert draft_of(option).review == Draft.Review.IN_REVIEW  # a request needs a comment
    assert refused.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        press(reviewer, option, "_request_changes", _comment="Add the visa text")
    asked = mailoutbox[1]
    assert asked.to == ["editor@example.org"]
    assert "Add the visa text" in asked.body
    assert draft_of(option).review == Draft.Review.CHANGES_REQUESTED

    with django_capture_on_commit_callbacks(execute=True):
        press(writer, option, "_submit", visa="Visa text")
    form = opened(reviewer, option)[0]
    thread = [item.get_text(" ", strip=True) for item in soup(form).select(".review__thread li")]
    assert len(thread) == 3
    assert "asked for changes" in thread[1]
    assert "Add the visa text" in thread[1]
    press(reviewer, option, "_publish")

    option = fresh(option)
    assert (option.housing, option.visa) == ("New housing", "Visa text")
    assert draft_of(option) is None
    assert "New housing" in Client().get(option.get_absolute_url()).text


def test_nobody_approves_their_own_submission(editor, publisher):
    item = make.person("published", name="Live")
    as_user(editor).post(change_url(item), {**opened(as_user(editor), item)[1], "_publish": "1"})
    press(as_user(publisher), item, "_submit", name="Changed by the publisher")

    forged = as_user(editor).post(change_url(item), {"_publish": "1"})
    reviewer = as_user(publisher)
    own = press(reviewer, item, "_publish")

    assert forged.status_code == 403
    assert own.status_code == 302
    assert fresh(item).name == "Live"
    assert "another publisher approves it" in reviewer.get(change_url(item)).text


def test_publishers_may_turn_off_review_emails(
    editor, publisher, mailoutbox, django_capture_on_commit_callbacks
):
    publisher.email = "publisher@example.org"
    publisher.save()
    EditorSettings.objects.create(user=publisher, review_emails=False)
    item = make.person("published", name="Live")

    with django_capture_on_commit_callbacks(execute=True):
        press(as_user(editor), item, "_submit", name="Changed")

    assert mailoutbox == []
    assert draft_of(item).review == Draft.Review.IN_REVIEW


# Two people, one item


def test_a_form_opened_before_another_save_is_refused_and_shows_what_changed(editor, publisher):
    item = make.person("draft", name="First", quote="Old quote")
    with reversion.create_revision():
        item.save()
    first, second = as_user(editor), as_user(publisher)
    _page, stale = opened(first, item)
    press(second, item, "_save_draft", quote="The publisher's quote")

    refused = first.post(change_url(item), {**stale, "name": "Mine", "_save_draft": "1"})

    assert refused.status_code == 200
    assert "publisher changed this item after you opened it (quote)" in refused.text
    assert soup(refused).select_one('input[name="name"]')["value"] == "Mine"  # what was typed
    assert fresh(item).name == "First"
    again = first.post(change_url(item), {**form_data(refused), "_save_draft": "1"})
    assert again.status_code == 302
    # Told what the other changed, saving again is a choice: the form as it stands is kept.
    assert (fresh(item).name, fresh(item).quote) == ("Mine", "Old quote")


def test_colleagues_see_who_else_has_the_form_open(editor, publisher):
    item = make.person("draft", name="Shared")
    opened(as_user(publisher), item)

    page = opened(as_user(editor), item)[0]

    assert "publisher opened this item at" in page.text


# One rule for everything the public reads


def test_editors_change_page_texts_as_drafts_that_publishers_publish(editor, publisher, client):
    page = Page.objects.get(key="about")
    page.sections.create(heading="Who we are", anchor="who", body="<p>Live text</p>")

    saved = press(
        as_user(editor),
        page,
        "_save_draft",
        title=f"{WORD} about",
        **{"sections-0-body": "<p>Draft text</p>"},
    )
    forged = as_user(editor).post(
        change_url(page), {**opened(as_user(editor), page)[1], "_publish": "1"}
    )

    assert (saved.status_code, forged.status_code) == (302, 403)
    assert WORD not in client.get("/about/").text
    assert "Live text" in client.get("/about/").text
    press(as_user(publisher), page, "_publish")
    assert WORD in client.get("/about/").text
    assert "Draft text" in client.get("/about/").text


def test_an_editor_cannot_change_a_team_the_public_sees_except_as_a_draft(editor, publisher):
    team = make.team(name="Live team")

    press(as_user(editor), team, "_save_draft", name="Renamed team")

    assert fresh(team).name == "Live team"
    press(as_user(publisher), team, "_publish")
    assert fresh(team).name == "Renamed team"


def test_an_image_that_the_public_sees_is_a_publishers_to_change(editor, publisher, media_root):
    shown = make.image(alt_text="On a live page")
    unused = make.image(alt_text="Not used yet")
    make.person("published", photo=shown)
    url = reverse("admin:editorial_image_change", args=[shown.pk])

    forged = as_user(editor).post(url, {"alt_text": "Vandalised", "focal_x": 50, "focal_y": 50})
    page = as_user(editor).get(url)
    free = as_user(editor).get(reverse("admin:editorial_image_change", args=[unused.pk]))

    assert forged.status_code == 403
    assert fresh(shown).alt_text == "On a live page"
    assert not soup(page).select('input[name="alt_text"]')  # shown, not editable
    assert soup(free).select('input[name="alt_text"]')
    assert as_user(publisher).get(url).status_code == 200
    assert soup(as_user(publisher).get(url)).select('input[name="alt_text"]')


@pytest.mark.parametrize("model", TYPES, ids=lambda model: model.__name__)
@pytest.mark.parametrize("button", ["_publish", "_unpublish"])
def test_a_forged_publication_by_an_editor_changes_nothing(model, button, editor):
    field, _paths = TYPES[model]
    live = make.FOR_MODEL[model]("published", **{field: "Live words"})
    draft = make.FOR_MODEL[model]("draft", **{field: "Draft words"})
    client = as_user(editor)

    for obj in (live, draft):
        data = opened(client, obj)[1]
        response = client.post(change_url(obj), {**data, field: "Forged", button: "1"})
        assert response.status_code == 403
        assert (getattr(fresh(obj), field), fresh(obj).status) == (
            getattr(obj, field),
            obj.status,
        )


def test_an_editor_restores_an_old_page_text_only_as_draft_changes(editor, client):
    page = Page.objects.get(key="about")
    page.title = "Old about"
    with reversion.create_revision():
        page.save()
    old = Version.objects.get_for_object(page).first()
    page.title = "Live about"
    with reversion.create_revision():
        page.save()
    url = reverse("admin:editorial_page_revision", args=[page.pk, old.pk])
    writer = as_user(editor)

    response = writer.post(url, form_data(writer.get(url)))

    assert response.status_code == 302
    assert fresh(page).title == "Live about"
    assert "Live about" in client.get("/about/").text
    assert opened(writer, page)[1]["title"] == "Old about"


def test_the_workflow_screens_are_valid_html(editor, publisher, django_capture_on_commit_callbacks):
    item = make.person("published", name="Live")
    make.news_item("published", title="Soon", publish_from=timezone.now() + timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        press(as_user(editor), item, "_submit", name="Changed", _comment="Please look")
    reviewer = as_user(publisher)
    press(reviewer, item, "_request_changes", _comment="One more thing")

    documents = {
        "change form in review": reviewer.get(change_url(item)).text,
        "dashboard": reviewer.get("/admin/").text,
        "editor's dashboard": as_user(editor).get("/admin/").text,
        "preview of draft changes": Client().get(fresh(item).preview_url()).text,
    }

    assert html_problems(documents) == {}
