"""
The editorial core, through its first user, People: who sees what, previews,
slugs, roles, and history. Every content type reuses this one implementation.
"""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from editorial.models import Publishable
from people.models import Person, Team
from tests.factories import in_state, person
from tests.html import soup

STATES = ["draft", "scheduled", "published", "expired"]
ROLES = ["anonymous", "editor", "publisher", "superuser"]


@pytest.fixture
def visitor(request, client):
    """A client signed in as the role named by the test's `role` parameter."""

    def sign_in(role):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return sign_in


def change_url(obj):
    return reverse("admin:people_person_change", args=[obj.pk])


# Who sees what


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_visibility_matrix_of_the_public_page(visitor, role, state):
    item = person(state, name="Ada Lovelace")

    response = visitor(role).get(item.get_absolute_url())

    if state == "published":
        assert response.status_code == 200
        assert "Preview: not published" not in response.text
    elif role == "anonymous":
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert "Preview: not published" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_lists_and_sitemaps_show_only_what_is_published_whoever_asks(visitor, role):
    for state in STATES:
        person(state, name=f"Person {state}")
    client = visitor(role)

    listing = client.get("/people/").text
    sitemap = client.get("/sitemap-people.xml").text

    assert "Person published" in listing
    assert "/people/person-published/" in sitemap
    for state in ["draft", "scheduled", "expired"]:
        assert f"Person {state}" not in listing
        assert f"/people/person-{state}/" not in sitemap


@pytest.mark.django_db
def test_published_is_the_one_definition_of_public(db):
    for state in STATES:
        person(state, name=f"Person {state}")

    assert [p.name for p in Person.objects.published()] == ["Person published"]
    for state in STATES:
        assert [p.name for p in Person.objects.in_state(state)] == [f"Person {state}"]
        assert Person.objects.get(name=f"Person {state}").state == state


@pytest.mark.django_db
def test_a_scheduled_item_appears_at_its_time_and_an_expired_one_goes(client):
    item = person("scheduled", name="Grace Hopper")
    assert client.get(item.get_absolute_url()).status_code == 404

    with mock.patch("django.utils.timezone.now", return_value=item.publish_from):
        assert client.get(item.get_absolute_url()).status_code == 200
    end = item.publish_from + timedelta(days=1)
    Person.objects.filter(pk=item.pk).update(publish_until=end)
    with mock.patch("django.utils.timezone.now", return_value=end - timedelta(seconds=1)):
        assert client.get(item.get_absolute_url()).status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=end):
        assert client.get(item.get_absolute_url()).status_code == 404


# Preview


@pytest.mark.django_db
def test_staff_preview_is_marked_never_cached_and_not_indexed(client, editor):
    item = person("draft", name="Draft Person")
    client.force_login(editor)

    response = client.get(item.get_absolute_url())

    assert response.status_code == 200
    html = soup(response)
    assert (
        html.find(class_="preview-banner")
        .get_text(" ", strip=True)
        .startswith("Preview: not published")
    )
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"


@pytest.mark.django_db
def test_published_pages_are_not_marked_as_previews(client):
    response = client.get(person("published").get_absolute_url())

    assert "X-Robots-Tag" not in response
    assert "no-store" not in response.get("Cache-Control", "")
    assert 'name="robots"' not in response.text


@pytest.mark.django_db
def test_a_signed_preview_link_shows_a_draft_to_a_reviewer_without_an_account(client):
    item = person("draft", name="Reviewed Person")

    response = client.get(item.preview_url())

    assert response.status_code == 200
    assert "Preview: not published" in response.text
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_tampered_preview_link_gets_404(client):
    item = person("draft")
    other = person("draft")
    token = item.preview_token()

    for bad in [token[:-1] + ("A" if token[-1] != "A" else "B"), "nonsense", other.preview_token()]:
        assert client.get(f"{item.get_absolute_url()}?preview={bad}").status_code == 404


@pytest.mark.django_db
def test_a_preview_link_expires(client):
    item = person("draft")
    issued = time.time() - settings.PREVIEW_LINK_MAX_AGE - 1
    with mock.patch("time.time", return_value=issued):
        old_link = item.preview_url()

    assert client.get(old_link).status_code == 404
    assert client.get(item.preview_url()).status_code == 200


# Slugs


@pytest.mark.django_db
def test_slugs_come_from_the_name_and_stay_unique(db):
    first = person(name="Jan de Vries", slug="")
    second = person(name="Jan de Vries", slug="")

    assert first.slug == "jan-de-vries"
    assert second.slug == "jan-de-vries-2"


@pytest.mark.django_db
def test_a_changed_slug_redirects_permanently_from_the_old_address(client):
    item = person(name="Maria Yazdanbakhsh", slug="")
    old_url = item.get_absolute_url()
    item.slug = "maria"
    item.save()

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == "/people/maria/"
    assert client.get("/people/maria/").status_code == 200


@pytest.mark.django_db
def test_an_old_slug_taken_by_another_item_belongs_to_that_item(client):
    first = person(name="A", slug="shared")
    first.slug = "first"
    first.save()
    second = person(name="B", slug="shared")

    response = client.get("/people/shared/")

    assert response.status_code == 200
    assert second.name in response.text


@pytest.mark.django_db
def test_a_redirect_never_reveals_a_draft(client):
    item = person("draft", slug="old")
    item.slug = "new"
    item.save()

    assert client.get("/people/old/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["past", "calendar", "feed", "atom", "deadlines", "compare"])
def test_slugs_of_fixed_routes_are_refused_in_the_admin(admin_client, slug):
    team = Team.objects.create(name="Team")

    response = admin_client.post(
        reverse("admin:people_person_add"),
        {"name": "Someone", "slug": slug, "team": team.pk, "position": 0, "status": "draft"},
    )

    assert response.status_code == 200
    assert "is the address of another page of the site" in response.text
    assert not Person.objects.exists()


# Roles, enforced on the server


def form_data(item, **changes):
    data = {
        "name": item.name,
        "slug": item.slug,
        "team": item.team_id,
        "position": item.position,
        "status": item.status,
        "publish_from_0": "",
        "publish_from_1": "",
        "publish_until_0": "",
        "publish_until_1": "",
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_an_editor_creates_drafts_and_cannot_publish_them(client, editor):
    client.force_login(editor)
    team = Team.objects.create(name="Team")

    response = client.post(
        reverse("admin:people_person_add"),
        {"name": "New Person", "team": team.pk, "position": 0, "status": "published"},
    )

    assert response.status_code == 302
    created = Person.objects.get()
    assert created.status == Publishable.Status.DRAFT
    assert created.created_by == editor
    assert created.changed_by == editor


@pytest.mark.django_db
def test_an_editor_changes_drafts(client, editor):
    client.force_login(editor)
    item = person("draft", name="Draft")

    response = client.post(change_url(item), form_data(item, name="Draft, changed"))

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.name == "Draft, changed"
    assert item.status == Publishable.Status.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["scheduled", "published", "expired"])
def test_an_editor_changes_what_is_published_only_as_draft_changes(client, editor, state):
    client.force_login(editor)
    item = person(state, name="Live")

    saved = client.post(change_url(item), form_data(item, name="Changed"))
    forged = client.post(change_url(item), {**form_data(item, name="Forged"), "_publish": "1"})
    delete = reverse("admin:people_person_delete", args=[item.pk])

    assert saved.status_code == 302
    assert forged.status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    item.refresh_from_db()
    assert (item.name, item.state) == ("Live", state)
    assert client.get(change_url(item)).context["adminform"].form["name"].value() == "Changed"


@pytest.mark.django_db
def test_an_editor_cannot_bulk_delete_published_items(client, editor):
    client.force_login(editor)
    draft, live = person("draft"), person("published")

    client.post(
        reverse("admin:people_person_changelist"),
        {"action": "delete_selected", "_selected_action": [draft.pk, live.pk], "post": "yes"},
    )

    assert Person.objects.filter(pk=live.pk).exists()


@pytest.mark.django_db
def test_an_editor_may_delete_a_draft(client, editor):
    client.force_login(editor)
    item = person("draft")

    response = client.post(reverse("admin:people_person_delete", args=[item.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Person.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("location", ["list", "form"])
def test_an_editor_cannot_run_the_publish_action(client, editor, location):
    client.force_login(editor)
    item = person("draft")

    publish(client, item, "publish", location)

    item.refresh_from_db()
    assert item.status == Publishable.Status.DRAFT


def publish(client, item, action, location):
    if location == "list":
        url, data = reverse("admin:people_person_changelist"), {"action": action}
        return client.post(url, {**data, "_selected_action": [item.pk]})
    return client.post(change_url(item), {**form_data(item), f"_{action}": "1"})


@pytest.mark.django_db
@pytest.mark.parametrize("location", ["list", "form"])
@pytest.mark.parametrize("role", ["publisher", "superuser"])
def test_a_publisher_publishes_now_and_unpublishes(client, request, role, location):
    client.force_login(request.getfixturevalue(role))
    item = person("scheduled", name="Soon")

    publish(client, item, "publish", location)

    item.refresh_from_db()
    assert item.state == "published"
    assert client.get(item.get_absolute_url()).status_code == 200
    publish(client, item, "unpublish", location)
    item.refresh_from_db()
    assert item.state == "draft"


@pytest.mark.django_db
def test_a_publisher_schedules_publication_for_a_chosen_time(client, publisher):
    client.force_login(publisher)
    item = person("draft", name="Later")

    response = client.post(
        change_url(item),
        {
            **form_data(item, publish_from_0="2099-01-05", publish_from_1="09:00:00"),
            "_publish": "1",
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == "scheduled"
    assert item.publish_from.isoformat() == "2099-01-05T08:00:00+00:00"  # 09:00 in Amsterdam
    assert Client().get(item.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_publication_must_end_after_it_starts(admin_client):
    item = person("draft")

    response = admin_client.post(
        change_url(item),
        form_data(
            item,
            publish_from_0="2030-01-02",
            publish_from_1="10:00",
            publish_until_0="2030-01-01",
            publish_until_1="10:00",
        ),
    )

    assert response.status_code == 200
    assert "The end of publication must come after its start." in response.text


@pytest.mark.django_db
def test_the_change_form_offers_a_preview_link_and_shows_the_state(admin_client):
    item = person("draft", name="Linked")

    html = soup(admin_client.get(change_url(item)))

    link = html.find("input", class_="preview-link")["value"]
    assert link.startswith(settings.SITE_URL + item.get_absolute_url() + "?preview=")
    assert Client().get(link.removeprefix(settings.SITE_URL)).status_code == 200
    listing = admin_client.get(reverse("admin:people_person_changelist"), {"state": "draft"})
    assert "Linked" in listing.text
    assert 'class="publication publication--draft"' in listing.text


@pytest.mark.django_db
def test_the_roles_come_from_a_migration_with_the_right_permissions(db):
    from django.contrib.auth.models import Group

    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    publisher = set(
        Group.objects.get(name="Publisher").permissions.values_list("codename", flat=True)
    )

    assert {"add_person", "change_person", "delete_person", "view_person"} <= editor
    assert "publish_person" not in editor
    assert editor | {"publish_person"} <= publisher


# History


@pytest.mark.django_db
def test_history_keeps_every_change_and_restores_an_earlier_version(admin_client):
    team = Team.objects.create(name="Team")
    admin_client.post(
        reverse("admin:people_person_add"),
        {
            "name": "Version One",
            "team": team.pk,
            "position": 0,
            "status": "draft",
            "quote": "First words",
        },
    )
    item = Person.objects.get()
    admin_client.post(change_url(item), form_data(item, name="Version Two", quote="Later words"))
    versions = Version.objects.get_for_object(item)
    assert versions.count() == 2

    history = admin_client.get(reverse("admin:people_person_history", args=[item.pk]))
    assert history.status_code == 200
    oldest = versions.last()
    compare = admin_client.get(
        reverse("admin:people_person_compare", args=[item.pk]),
        {"version_id1": oldest.pk, "version_id2": versions.first().pk},
    )
    assert compare.status_code == 200
    assert "First words" in compare.text
    assert "Later words" in compare.text
    revert = reverse("admin:people_person_revision", args=[item.pk, oldest.pk])
    response = admin_client.post(revert, form_data(item, name="Version One", quote="First words"))

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.name, item.quote) == ("Version One", "First words")


@pytest.mark.django_db
def test_a_deleted_item_is_recovered_from_history(admin_client):
    team = Team.objects.create(name="Team")
    admin_client.post(
        reverse("admin:people_person_add"),
        {
            "name": "Deleted By Mistake",
            "team": team.pk,
            "position": 0,
            "status": "draft",
            "quote": "Keep me",
        },
    )
    item = Person.objects.get()
    admin_client.post(reverse("admin:people_person_delete", args=[item.pk]), {"post": "yes"})
    assert not Person.objects.exists()

    recover_list = admin_client.get(reverse("admin:people_person_recoverlist"))
    assert "Deleted By Mistake" in recover_list.text
    version = Version.objects.get_deleted(Person).get()
    response = admin_client.post(
        reverse("admin:people_person_recover", args=[version.pk]),
        form_data(item, name="Deleted By Mistake", quote="Keep me"),
    )

    assert response.status_code == 302
    recovered = Person.objects.get()
    assert (recovered.pk, recovered.quote) == (item.pk, "Keep me")


@pytest.mark.django_db
def test_publishing_from_the_list_is_recorded_in_history(client, publisher):
    client.force_login(publisher)
    item = person("draft")

    publish(client, item, "publish", "list")

    (version,) = Version.objects.get_for_object(item)
    assert version.revision.user == publisher
    assert version.revision.get_comment() == "Published"


@pytest.mark.django_db
def test_states_are_consistent_with_the_fields(db):
    for state in STATES:
        assert Person(**in_state(state)).state == state
