"""
The admin as attackers and careless users try it: every address refuses staff
without the permission, old addresses cannot be taken over, linked items cannot
vanish, preview links end, and one-line fields stay on one line.
"""

import re

import pytest
import reversion
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from model_bakery import baker
from reversion.models import Version

from editorial.models import Image, Publishable
from people.models import Person, Team
from research.models import PartnerInstitution
from tests.factories import event, image, option, partner, person, staff_member
from tests.staff import as_user

pytestmark = pytest.mark.django_db

DRAFT = Publishable.Status.DRAFT


# Every admin address of every model refuses staff without the permission.


def saved_object(model):
    """An item of `model` with a version in its history."""
    obj = model._default_manager.first()
    if obj is None:
        obj = image() if model is Image else baker.make(model)
    if reversion.is_registered(model):
        with reversion.create_revision():
            obj.save()
    return obj


def admin_addresses(model, model_admin, obj):
    """Every address the model's admin answers, with a real item and version in it."""
    info = f"{model._meta.app_label}_{model._meta.model_name}"
    version = reversion.is_registered(model) and Version.objects.get_for_object(obj).first()
    arguments = {
        "changelist": [],
        "add": [],
        "change": [obj.pk],
        "delete": [obj.pk],
        "history": [obj.pk],
        "recoverlist": [],
        "recover": [version.pk] if version else None,
        "revision": [obj.pk, version.pk] if version else None,
        "compare": [obj.pk],
        "import": [],
        "process_import": [],
        "export": [],
        "password_change": [obj.pk],
        "live_preview": [obj.pk],
        "add_live_preview": [],
        "choose": [],
    }
    addresses = []
    for pattern in model_admin.get_urls():
        if pattern.name is None:  # the old <id>/ address, which redirects to the change form
            continue
        view = pattern.name.removeprefix(f"{info}_")
        assert view in arguments, f"no test arguments for the admin address {pattern.name}"
        if arguments[view] is not None:
            addresses.append(reverse(f"admin:{pattern.name}", args=arguments[view]))
    return addresses


@pytest.mark.usefixtures("demo_content")
@pytest.mark.parametrize("role", ["no_group", "editor"])
def test_every_admin_address_refuses_staff_without_the_permission(role):
    user = staff_member(role, None if role == "no_group" else "Editor")
    client = as_user(user)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        obj = saved_object(model)
        for url in admin_addresses(model, model_admin, obj):
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                # A view that only takes POST refuses a GET before it asks who it is.
                allowed = {403, 405} if method == "get" else {403}
                assert response.status_code in allowed, f"{method.upper()} {url}"
                checked += 1
    assert checked > 40


def test_staff_without_the_permission_cannot_export_the_catalogue(client):
    option("draft", title="Secret draft option")
    client = as_user(staff_member("nogroup"))
    url = reverse("admin:programmes_exchangeoption_export")

    for response in (client.get(url), client.post(url, {"format": "0"})):
        assert response.status_code == 403
        assert b"Secret draft option" not in response.content


# Old addresses


def test_a_draft_cannot_take_the_old_address_of_a_live_item(editor, client):
    live = person("published", name="Ellis", slug="ellis")
    live.slug = "ellis-nieveen"
    live.save()
    team = Team.objects.create(name="Team")

    response = as_user(editor).post(
        reverse("admin:people_person_add"),
        {"name": "Someone else", "slug": "ellis", "team": team.pk, "position": 0},
    )

    assert response.status_code == 200
    assert "is the old address of “Ellis”" in response.text
    assert not Person.objects.filter(name="Someone else").exists()
    moved = client.get("/people/ellis/")
    assert moved.status_code == 301
    assert moved["Location"] == "/people/ellis-nieveen/"


def test_made_up_slugs_avoid_the_old_addresses_of_other_items(client):
    live = person("published", name="Jan de Vries", slug="")
    live.slug = "jan"
    live.save()

    draft = person("draft", name="Jan de Vries", slug="")

    assert draft.slug == "jan-de-vries-2"
    assert client.get("/people/jan-de-vries/")["Location"] == "/people/jan/"


# Linked items


def test_a_partner_that_others_link_to_cannot_be_deleted(publisher):
    karolinska = partner("draft", name="Karolinska Institutet", country="SE")
    rotation = option("draft", title="Clinical rotation in Stockholm", destinations=[karolinska])
    event("draft", title="Stockholm summer school", partners=[karolinska])
    client = as_user(publisher)
    url = reverse("admin:research_partnerinstitution_delete", args=[karolinska.pk])

    page = client.get(url)
    client.post(url, {"post": "yes"})
    client.post(
        reverse("admin:research_partnerinstitution_changelist"),
        {"action": "delete_selected", "_selected_action": [karolinska.pk], "post": "yes"},
    )

    assert "cannot be deleted while these items refer to it" in page.text
    assert "Clinical rotation in Stockholm" in page.text
    assert "Stockholm summer school" in page.text
    assert PartnerInstitution.objects.filter(pk=karolinska.pk).exists()
    assert list(rotation.destinations.all()) == [karolinska]


def test_a_partner_nothing_links_to_is_deleted(publisher):
    unlinked = partner("draft", name="Unlinked", country="SE")

    response = as_user(publisher).post(
        reverse("admin:research_partnerinstitution_delete", args=[unlinked.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not PartnerInstitution.objects.filter(pk=unlinked.pk).exists()


# Preview links


def test_publishing_ends_the_preview_links_of_the_draft(client, publisher):
    item = person("draft", name="Previewed")
    link = item.preview_url()
    assert client.get(link).status_code == 200

    as_user(publisher).post(
        reverse("admin:people_person_changelist"),
        {"action": "publish", "_selected_action": [item.pk]},
    )
    item.refresh_from_db()
    item.unpublish()
    item.save()

    assert client.get(link).status_code == 404
    assert client.get(item.preview_url()).status_code == 200


def test_an_editor_ends_the_preview_links_of_a_draft(client, editor):
    item = person("draft", name="Shared too widely")
    link = item.preview_url()

    response = as_user(editor).post(
        reverse("admin:people_person_change", args=[item.pk]),
        {"_revoke_preview_links": "1"},
        follow=True,
    )

    assert "The preview links of 1 item no longer work." in response.text
    assert client.get(link).status_code == 404


# One-line fields


def test_a_title_with_a_line_break_is_refused(admin_client):
    team = Team.objects.create(name="Team")

    response = admin_client.post(
        reverse("admin:people_person_add"),
        {"name": "Two\r\nlines", "team": team.pk, "position": 0, "status": DRAFT},
    )

    assert response.status_code == 200
    assert "Write this on one line" in response.text
    assert not Person.objects.exists()


def test_a_calendar_of_an_event_whose_title_holds_a_line_break_still_answers(client):
    school = event(title="Winter\r\nschool")

    for url in (f"/events/{school.slug}.ics", "/events/calendar.ics"):
        response = client.get(url)
        assert response.status_code == 200
        assert re.search(rb"SUMMARY:Winter\\nschool", response.content)


# Signing in


def test_signing_in_with_an_unsafe_next_lands_on_the_admin_index(client):
    staff_member("nora")

    response = client.post(
        reverse("admin:login") + "?next=https://evil.example/",
        {"username": "nora", "password": "pw", "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_trying_many_user_names_from_one_address_is_paused(client, settings):
    staff_member("nora")
    for number in range(settings.SIGN_IN_ADDRESS_LIMIT):
        response = client.post(
            reverse("admin:login"), {"username": f"user{number}", "password": "guess"}
        )
        assert response.status_code in {200, 429}

    right = client.post(reverse("admin:login"), {"username": "nora", "password": "pw"})
    elsewhere = Client(REMOTE_ADDR="192.0.2.77").post(
        reverse("admin:login"), {"username": "nora", "password": "pw"}
    )

    assert right.status_code == 429
    assert elsewhere.status_code == 302


def test_a_few_wrong_user_names_from_one_address_pause_nobody(client, settings):
    staff_member("nora")
    for number in range(settings.SIGN_IN_ADDRESS_LIMIT - 1):
        client.post(reverse("admin:login"), {"username": f"user{number}", "password": "guess"})

    response = client.post(reverse("admin:login"), {"username": "nora", "password": "pw"})

    assert response.status_code == 302
