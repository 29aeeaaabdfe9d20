"""
History through the admin, as attackers and careless users would use it: who
may restore or recover what, through which address, and what a restore changes.
"""

import pytest
import reversion
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from editorial.models import Page, Publishable
from people.models import Person
from research.models import ResearchTheme
from tests.factories import image, person, staff_member
from tests.html import soup
from tests.staff import as_user

pytestmark = pytest.mark.django_db

PUBLISHED = Publishable.Status.PUBLISHED
DRAFT = Publishable.Status.DRAFT


@pytest.fixture
def no_group(db):
    return staff_member("nogroup")


def save_version(*objs, comment="Saved", **changes):
    """Save `objs` with `changes` as one revision, as a bulk action does; their new versions."""
    with reversion.create_revision():
        reversion.set_comment(comment)
        for obj in objs:
            for name, value in changes.items():
                setattr(obj, name, value)
            obj.save()
    return [Version.objects.get_for_object(obj).first() for obj in objs]


def revision_url(obj, version):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_revision", args=[obj.pk, version.pk])


def recover_url(model, version):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_recover", args=[version.pk])


def form_data(item, **changes):
    return {
        "name": item.name,
        "slug": item.slug,
        "team": item.team_id,
        "position": item.position,
        "quote": item.quote,
        "status": item.status,
        "publish_from_0": "",
        "publish_from_1": "",
        "publish_until_0": "",
        "publish_until_1": "",
        **changes,
    }


def theme_data(theme):
    return {
        "title": theme.title,
        "slug": theme.slug,
        "subtitle": theme.subtitle,
        "summary": theme.summary,
        "body": theme.body,
        "position": theme.position,
        "status": theme.status,
    }


def change_form_data(html):
    """What the change form in `html` sends as it is: its fields and their values."""
    form = soup(html).select_one("form#content-main form, #content-main form")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.name == "textarea":
            data[field["name"]] = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[field["name"]] = chosen["value"] if chosen else ""
        elif field.get("type") not in ("checkbox", "submit") or field.has_attr("checked"):
            data[field["name"]] = field.get("value", "")
    return data


def current(obj):
    return type(obj).objects.get(pk=obj.pk)


# The first version of an item is a draft: restoring it would unpublish a live item.


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_without_a_group_cannot_restore_anything(no_group, method):
    item = person("draft", name="First words")
    (first,) = save_version(item)
    save_version(item, name="Live words", status=PUBLISHED)

    response = getattr(as_user(no_group), method)(
        revision_url(item, first), form_data(item, name="First words", status=DRAFT)
    )

    assert response.status_code == 403
    live = current(item)
    assert (live.name, live.status) == ("Live words", PUBLISHED)


def test_an_editor_restores_into_a_live_item_only_as_draft_changes(editor, client):
    item = person("draft", name="First words")
    (first,) = save_version(item)
    save_version(item, name="Live words", status=PUBLISHED)
    editor_client = as_user(editor)

    shown = editor_client.get(revision_url(item, first))
    response = editor_client.post(revision_url(item, first), form_data(item, name="First words"))

    assert shown.status_code == 200
    assert "Saving keeps it as draft changes" in shown.text
    assert response.status_code == 302
    live = current(item)
    assert (live.name, live.status) == ("Live words", PUBLISHED)
    assert "Live words" in client.get(live.get_absolute_url()).text
    assert "First words" in client.get(live.preview_url()).text
    form = editor_client.get(reverse("admin:people_person_change", args=[item.pk]))
    assert form.context["adminform"].form["name"].value() == "First words"


@pytest.mark.parametrize("role", ["editor", "no_group"])
def test_another_items_version_is_not_found_through_this_items_address(request, role):
    draft = person("draft", name="Editable draft")
    live = person("draft", name="Live item")
    (live_first,) = save_version(live)
    save_version(live, status=PUBLISHED)
    client = as_user(request.getfixturevalue(role))

    response = client.post(revision_url(draft, live_first), form_data(draft))

    assert response.status_code in {403, 404}
    if role == "editor":
        assert response.status_code == 404
    assert current(live).status == PUBLISHED
    assert current(draft).name == "Editable draft"


@pytest.mark.parametrize("role", ["editor", "no_group"])
def test_another_models_version_is_not_found_through_this_models_addresses(request, role):
    theme = ResearchTheme.objects.create(title="Global health", status=PUBLISHED)
    (published,) = save_version(theme)
    save_version(theme, status=DRAFT)  # a publisher unpublished it
    # A person with the same number as the theme, that the attacker may change.
    same_pk = person("draft", pk=theme.pk, name="Same number")
    client = as_user(request.getfixturevalue(role))

    revision = client.post(revision_url(same_pk, published), form_data(same_pk))
    recover = client.post(recover_url(Person, published), form_data(same_pk))

    expected = {404} if role == "editor" else {403}
    assert revision.status_code in expected
    assert recover.status_code in expected
    assert current(theme).status == DRAFT
    assert current(same_pk).name == "Same number"


def test_a_deleted_item_comes_back_through_its_own_models_address_only(editor, publisher):
    gone = person("published", name="Deleted by a publisher")
    (version,) = save_version(gone)
    gone.delete()
    theme = ResearchTheme.objects.create(title="A theme", status=DRAFT)
    client = as_user(editor)

    wrong_model = client.post(recover_url(ResearchTheme, version), theme_data(theme))

    assert wrong_model.status_code == 404
    assert not Person.objects.filter(pk=version.object_id).exists()


def test_an_editor_recovers_a_deleted_item_as_a_draft(editor):
    gone = person("published", name="Deleted by a publisher", quote="Keep me")
    (version,) = save_version(gone)
    gone.delete()
    client = as_user(editor)

    shown = client.get(recover_url(Person, version))
    assert shown.status_code == 200
    assert not Person.objects.filter(pk=version.object_id).exists()  # showing writes nothing
    response = client.post(recover_url(Person, version), form_data(gone, status=PUBLISHED))

    assert response.status_code == 302
    recovered = Person.objects.get(pk=version.object_id)
    assert (recovered.name, recovered.quote) == ("Deleted by a publisher", "Keep me")
    assert recovered.status == DRAFT
    assert Client().get(recovered.get_absolute_url()).status_code == 404


def test_an_existing_items_version_cannot_be_recovered(editor):
    item = person("draft", name="Still here")
    (version,) = save_version(item)

    assert as_user(editor).get(recover_url(Person, version)).status_code == 404


def test_an_editor_restores_a_published_version_of_a_draft_as_a_draft(editor):
    item = person("draft", name="Old name")
    (published,) = save_version(item, status=PUBLISHED)
    save_version(item, name="New name", status=DRAFT)
    client = as_user(editor)

    shown = client.get(revision_url(item, published))
    assert shown.status_code == 200
    assert "Saving restores it as a draft" in shown.text
    assert current(item).name == "New name"  # showing it writes nothing
    response = client.post(revision_url(item, published), form_data(item, name="Old name"))

    assert response.status_code == 302
    restored = current(item)
    assert (restored.name, restored.status) == ("Old name", DRAFT)
    assert restored.changed_by == editor


def test_a_publisher_restores_a_published_version_as_it_was(publisher):
    item = person("draft", name="Old name")
    (published,) = save_version(item, status=PUBLISHED)
    save_version(item, name="New name", status=DRAFT)

    response = as_user(publisher).post(
        revision_url(item, published), form_data(item, name="Old name", status=PUBLISHED)
    )

    assert response.status_code == 302
    restored = current(item)
    assert (restored.name, restored.status) == ("Old name", PUBLISHED)
    assert Client().get(restored.get_absolute_url()).status_code == 200


# Restoring one item changes that item alone.


def test_restoring_one_item_of_a_bulk_revision_leaves_the_others_alone(publisher):
    first = person("draft", name="First")
    second = person("draft", name="Second")
    bulk_first, _bulk_second = save_version(first, second, status=PUBLISHED, comment="Published")
    save_version(first, name="First, edited")
    save_version(second, name="Second, edited", status=DRAFT, comment="Unpublished")

    response = as_user(publisher).post(
        revision_url(first, bulk_first), form_data(first, name="First", status=PUBLISHED)
    )

    assert response.status_code == 302
    assert current(first).name == "First"
    untouched = current(second)
    assert (untouched.name, untouched.status) == ("Second, edited", DRAFT)


def test_recovering_one_item_leaves_the_others_of_its_revision_alone(publisher):
    kept = person("draft", name="Kept")
    gone = person("draft", name="Gone")
    _kept_version, gone_version = save_version(kept, gone, status=PUBLISHED)
    save_version(kept, name="Kept, edited", status=DRAFT)
    gone.delete()

    response = as_user(publisher).post(
        recover_url(Person, gone_version), form_data(gone, name="Gone", status=PUBLISHED)
    )

    assert response.status_code == 302
    assert Person.objects.get(pk=gone_version.object_id).status == PUBLISHED
    untouched = current(kept)
    assert (untouched.name, untouched.status) == ("Kept, edited", DRAFT)


def test_restoring_an_old_address_keeps_the_newer_one_working(publisher, client):
    item = person("published", name="Moving", slug="old-address")
    (old,) = save_version(item)
    save_version(item, slug="new-address")

    as_user(publisher).post(
        revision_url(item, old), form_data(item, slug="old-address", status=PUBLISHED)
    )

    assert current(item).slug == "old-address"
    response = client.get("/people/new-address/")
    assert response.status_code == 301
    assert response["Location"] == "/people/old-address/"


@pytest.mark.parametrize("route", ["restore", "recover"])
def test_a_draft_never_takes_the_old_address_of_another_item_through_history(editor, client, route):
    draft = person("draft", name="Ellis draft", slug="ellis")
    (old,) = save_version(draft)
    if route == "restore":
        save_version(draft, slug="ellis-draft")
    else:
        draft.delete()
    live = person("published", name="Ellis Nieveen", slug="ellis")
    save_version(live, slug="ellis-nieveen")
    url = revision_url(draft, old) if route == "restore" else recover_url(Person, old)

    response = as_user(editor).post(url, form_data(draft, slug="ellis"))

    assert response.status_code == 200
    assert "old address of “Ellis Nieveen”" in response.text
    moved = client.get("/people/ellis/")
    assert (moved.status_code, moved["Location"]) == (301, "/people/ellis-nieveen/")


def test_save_as_new_does_not_apply_to_a_restore(editor):
    item = person("draft", name="Old name")
    (old,) = save_version(item)
    save_version(item, name="New name")

    response = as_user(editor).post(
        revision_url(item, old), {**form_data(item, name="Old name"), "_saveasnew": "1"}
    )

    assert response.status_code == 400
    assert "Save as new" in response.text
    assert current(item).name == "New name"
    assert Person.objects.count() == 1


def test_restoring_a_page_brings_back_its_own_sections_and_no_others(publisher):
    about, home = Page.objects.get(key="about"), Page.objects.get(key="home")
    about.sections.all().delete()
    kept = about.sections.create(heading="Who we are", anchor="who", body="<p>Old</p>")
    dropped = about.sections.create(heading="Dropped", anchor="dropped", body="<p>Gone</p>")
    home_section = home.sections.create(heading="Mission", anchor="mission", body="<p>Home</p>")
    (old, _home_version) = save_version(about, home)
    kept.body = "<p>New</p>"
    kept.save()
    dropped.delete()
    about.sections.create(heading="Added", anchor="added", body="<p>Added later</p>")
    home_section.body = "<p>Home, edited</p>"
    home_section.save()
    client = as_user(publisher)

    shown = client.get(revision_url(about, old))
    assert [s.heading for s in about.sections.all()] == ["Who we are", "Added"]  # nothing written
    response = client.post(revision_url(about, old), change_form_data(shown.text))

    assert response.status_code == 302
    assert [(s.heading, s.body) for s in about.sections.all()] == [
        ("Who we are", "<p>Old</p>"),
        ("Dropped", "<p>Gone</p>"),
    ]
    assert home.sections.get().body == "<p>Home, edited</p>"


def test_restoring_does_not_bring_back_ended_preview_links(publisher, client):
    item = person("draft", name="Previewed")
    link = item.preview_url()
    (old,) = save_version(item)
    item.revoke_preview_links()
    save_version(item)

    as_user(publisher).post(revision_url(item, old), form_data(item))

    assert client.get(link).status_code == 404


def test_links_to_items_deleted_since_are_left_out_with_a_warning(publisher):
    theme = ResearchTheme.objects.create(title="Theme", status=DRAFT)
    contact = person("published", name="Contact")
    theme.contacts.add(contact)
    (old,) = save_version(theme)
    theme.contacts.clear()
    contact.delete()

    client = as_user(publisher)
    shown = client.get(revision_url(theme, old))
    response = client.post(revision_url(theme, old), theme_data(theme))

    assert "Links to items deleted since are left out: contact people." in shown.text
    assert response.status_code == 302
    assert list(current(theme).contacts.all()) == []


# Reading history needs the view permission.


def test_comparing_versions_needs_the_view_permission(no_group, editor):
    item = person("draft", quote="Secret draft words")
    first, second = save_version(item)[0], save_version(item, quote="Newer")[0]
    url = reverse("admin:people_person_compare", args=[item.pk])
    query = {"version_id1": first.pk, "version_id2": second.pk}

    assert as_user(no_group).get(url, query).status_code == 403
    allowed = as_user(editor).get(url, query)
    assert allowed.status_code == 200
    assert "Secret draft words" in allowed.text
    assert as_user(editor).get(url.replace(str(item.pk), "nonsense"), query).status_code == 404


def test_viewing_an_old_version_of_an_image_leaves_its_files_alone(publisher, media_root):
    photo = image(alt_text="Old description")
    (old,) = save_version(photo)
    save_version(photo, alt_text="New description", focal_x=90)
    photo.refresh_from_db()
    live_files = {name for entry in photo.renditions.values() for _w, name in entry["JPEG"]}
    client = as_user(publisher)
    url = reverse("admin:editorial_image_revision", args=[photo.pk, old.pk])

    shown = client.get(url)
    invalid = client.post(url, {"alt_text": "", "decorative": "", "focal_x": "50"})

    assert shown.status_code == 200
    assert invalid.status_code == 200  # refused: no description
    current_photo = current(photo)
    assert (current_photo.alt_text, current_photo.renditions) == (
        "New description",
        photo.renditions,
    )
    assert all(default_storage.exists(name) for name in live_files)

    restored = client.post(
        url, {"alt_text": "Old description", "focal_x": "50", "focal_y": "50", "credit": ""}
    )

    assert restored.status_code == 302
    photo.refresh_from_db()
    assert (photo.alt_text, photo.focal_x) == ("Old description", 50)
    assert photo.rendered_from["focal"] == [50, 50]
    assert all(
        default_storage.exists(name) for entry in photo.renditions.values()
        for _w, name in entry["JPEG"]
    )  # fmt: skip
