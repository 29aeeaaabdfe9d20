"""The admin as staff use it: every model's list, search, add and change screens."""

import pytest
from django.urls import reverse
from model_bakery import baker

from editorial.models import Page
from lumcglobal.models import ContactMessage, SocialLink, Subscriber
from research.models import KeyFigure

pytestmark = pytest.mark.usefixtures("demo_content")

MODELS = [Page, SocialLink, ContactMessage, Subscriber, KeyFigure]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def records(db):
    baker.make(ContactMessage, subject="Exchange to Karolinska", email="student@example.org")
    baker.make(Subscriber, email="reader@example.org")


@pytest.mark.usefixtures("records")
@pytest.mark.parametrize("model", MODELS)
def test_list_search_and_change_screens_work(admin_client, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
    obj = model.objects.first()
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize(
    ("model", "status"),
    [(Page, 403), (SocialLink, 200), (KeyFigure, 200), (ContactMessage, 403), (Subscriber, 403)],
)
def test_only_editorial_records_are_added_by_hand(admin_client, model, status):
    assert admin_client.get(admin_url(model, "add")).status_code == status


@pytest.mark.usefixtures("records")
def test_contact_messages_are_listed_and_searchable(admin_client):
    response = admin_client.get(admin_url(ContactMessage, "changelist"), {"q": "Karolinska"})

    assert "Exchange to Karolinska" in response.text
    assert "student@example.org" in response.text


def test_staff_mark_messages_handled_and_can_renotify(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    message = baker.make(ContactMessage, subject="Help", email="a@example.org", notified_at=None)

    admin_client.post(
        admin_url(ContactMessage, "changelist"),
        {"action": "mark_handled", "_selected_action": [message.pk]},
    )
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            admin_url(ContactMessage, "changelist"),
            {"action": "notify_again", "_selected_action": [message.pk]},
        )

    message.refresh_from_db()
    assert message.handled is True
    assert message.notified_at is not None
    assert [email.subject for email in mailoutbox] == ["[LUMC Global] Help"]


def test_staff_can_unsubscribe_a_reader(admin_client):
    subscriber = baker.make(
        Subscriber, email="reader@example.org", status=Subscriber.Status.CONFIRMED
    )

    admin_client.post(
        admin_url(Subscriber, "changelist"),
        {"action": "unsubscribe", "_selected_action": [subscriber.pk]},
    )

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_publishers_change_page_text_with_its_sections(admin_client):
    page = Page.objects.get(key="contact")
    section = page.sections.get()
    data = {
        "title": "Get in touch",
        "intro": "New intro.",
        "description": "New description.",
        "sections-TOTAL_FORMS": 1,
        "sections-INITIAL_FORMS": 1,
        "sections-0-id": section.pk,
        "sections-0-page": page.pk,
        "sections-0-heading": "Questions?",
        "sections-0-anchor": "questions",
        "sections-0-body": "Write to us.",
        "sections-0-position": 0,
    }

    response = admin_client.post(admin_url(Page, "change", page.pk), {**data, "_publish": "1"})

    assert response.status_code == 302
    html = admin_client.get("/contact/").text
    assert "Get in touch" in html
    assert "Write to us." in html


def test_the_admin_is_not_public(client):
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
