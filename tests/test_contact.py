import email.policy
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lumcglobal.models import ContactMessage
from lumcglobal.tasks import notify_staff_of_contact_message
from tests.html import soup

pytestmark = pytest.mark.django_db

MESSAGE = {
    "name": "Ana Souza",
    "email": "ana@example.org",
    "subject": "Global PhD with São Paulo",
    "message": "We would like to start a joint PhD project.\nWho can we talk to?",
    "consent": "on",
}
BROKEN_MAIL = {"default": {"BACKEND": "tests.mail_backends.BrokenEmailBackend"}}


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """Send the contact form as a visitor at `address`, running what waits for the commit."""

    def send(data=MESSAGE, address="192.0.2.1", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/contact/", data, REMOTE_ADDR=address, **extra)

    return send


def errors(response):
    html = soup(response)
    return [li.get_text(" ", strip=True) for li in html.select(".form-errors li")]


@pytest.mark.usefixtures("demo_content")
def test_contact_page_has_a_labelled_form(client):
    html = soup(client.get("/contact/"))

    form = html.find("form", method="post")
    for name in ["name", "email", "subject", "message", "consent"]:
        field = form.find(attrs={"name": name})
        assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True)
    assert "Get in touch!" in html.text


def test_a_message_is_stored_and_staff_are_notified(post, mailoutbox):
    response = post()

    assert response.status_code == 302
    assert response["Location"] == "/contact/thanks/"
    message = ContactMessage.objects.get()
    assert message.name == MESSAGE["name"]
    assert message.email == MESSAGE["email"]
    assert message.subject == MESSAGE["subject"]
    assert message.message == MESSAGE["message"]
    assert message.consent is True
    assert len(message.address_hash) == 64
    assert "192.0.2.1" not in message.address_hash
    assert message.notified_at is not None
    (email,) = mailoutbox
    assert email.to == settings.CONTACT_RECIPIENTS
    assert email.reply_to == [MESSAGE["email"]]
    assert email.subject == f"[LUMC Global] {MESSAGE['subject']}"
    assert "We would like to start a joint PhD project." in email.body
    assert f"{settings.SITE_URL}/admin/lumcglobal/contactmessage/{message.pk}/change/" in email.body


def test_the_thanks_page_confirms_the_message(client, post):
    response = client.get(post()["Location"])

    assert "Thank you, your message has been sent" in response.text


def test_a_mail_server_that_is_down_loses_nothing_and_shows_no_error(post, settings):
    settings.MAILERS = BROKEN_MAIL

    response = post()

    assert response.status_code == 302
    assert response["Location"] == "/contact/thanks/"
    message = ContactMessage.objects.get()
    assert message.message.startswith("We would like")
    assert message.notified_at is None
    assert message.notify_attempts == 1
    assert "mail server down" in message.notify_error


@pytest.mark.django_db(transaction=True)
def test_with_a_task_queue_a_failed_notification_is_retried_later(post, settings):
    settings.MAILERS = BROKEN_MAIL
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    post()
    message = ContactMessage.objects.get()
    (first,) = DBTaskResult.objects.all()
    assert first.args_kwargs == {"args": [message.pk], "kwargs": {}}

    first.task_result.task.call(message.pk)  # what the worker does; the mail server is down

    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert retry.args_kwargs == {"args": [message.pk], "kwargs": {"attempt": 2}}
    assert retry.run_after > timezone.now()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    retry.task_result.task.call(message.pk, attempt=2)  # the mail server is back
    message.refresh_from_db()
    assert message.notified_at is not None
    assert message.notify_attempts == 2
    assert message.notify_error == ""


# Line breaks of every kind Python's email package refuses in a header, and other controls.
BROKEN_SUBJECTS = [
    "Joint PhD\r\nBcc: everyone@example.org",
    "Joint PhD\nBcc: everyone@example.org",
    "Joint PhD\rBcc: everyone@example.org",
    "Joint PhD\u2028Bcc:\x0b\x0ceveryone@example.org\u2029",
    "Joint PhD\x85Bcc:\x1c\x1d\x1e\x7f everyone@example.org\t",
]
ONE_LINE = "Joint PhD Bcc: everyone@example.org"


@pytest.mark.parametrize("subject", BROKEN_SUBJECTS)
def test_a_stored_message_with_line_breaks_in_its_subject_is_still_notified(mailoutbox, subject):
    message = ContactMessage.objects.create(
        name="Ana Souza", email="ana@example.org", subject=subject, message="Hello", consent=True
    )

    assert notify_staff_of_contact_message.call(message.pk) == "sent"

    message.refresh_from_db()
    assert message.subject == subject, "the stored message is kept as it came in"
    assert message.notified_at is not None
    assert message.notify_error == ""
    (sent,) = mailoutbox
    assert sent.subject == f"[LUMC Global] {ONE_LINE}"
    raw = sent.message(policy=email.policy.SMTP).as_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\r\nBcc:" not in head
    received = email.message_from_bytes(raw, policy=email.policy.default)
    assert received["Subject"] == f"[LUMC Global] {ONE_LINE}"
    assert received["Bcc"] is None
    assert received.get_all("To") == [", ".join(settings.CONTACT_RECIPIENTS)]


@pytest.mark.parametrize("subject", BROKEN_SUBJECTS)
def test_the_form_keeps_a_multi_line_subject_on_one_line(post, mailoutbox, subject):
    response = post({**MESSAGE, "subject": subject})

    assert response.status_code == 302
    assert response["Location"] == "/contact/thanks/"
    message = ContactMessage.objects.get()
    assert message.subject == ONE_LINE
    assert message.message == MESSAGE["message"], "line breaks in the message itself stay"
    assert message.notified_at is not None
    (sent,) = mailoutbox
    assert sent.subject == f"[LUMC Global] {ONE_LINE}"


@pytest.mark.parametrize("subject", ["\r\n\u2028\x0b", "\x01\x02\x1b\x7f"])
def test_a_subject_of_only_control_characters_is_explained_and_nothing_is_stored(
    post, mailoutbox, subject
):
    response = post({**MESSAGE, "subject": subject})

    assert response.status_code == 200
    assert any("This field is required." in text for text in errors(response))
    assert not ContactMessage.objects.exists()
    assert not mailoutbox


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"consent": ""}, "Please agree, so that we may keep and answer your message."),
        ({"email": "not an address"}, "Enter a valid email address."),
        ({"name": ""}, "This field is required."),
        ({"subject": "x" * 201}, "Ensure this value has at most 200 characters (it has 201)."),
        ({"message": "x" * 5001}, "Ensure this value has at most 5000 characters (it has 5001)."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_stored(post, mailoutbox, change, error):
    response = post({**MESSAGE, **change})

    assert response.status_code == 200
    assert any(error in text for text in errors(response))
    assert not ContactMessage.objects.exists()
    assert not mailoutbox
    # What was typed is kept, so nothing is lost.
    html = soup(response)
    sent = {**MESSAGE, **change}
    for name in ["name", "email", "subject"]:
        assert html.find("input", attrs={"name": name}).get("value", "") == sent[name]
    assert html.find("textarea", attrs={"name": "message"}).text.strip() == sent["message"].strip()


def test_invalid_fields_are_marked_for_assistive_technology(post):
    html = soup(post({**MESSAGE, "email": "nope"}))

    field = html.find("input", attrs={"name": "email"})
    assert field["aria-invalid"] == "true"
    described = field["aria-describedby"].split()
    assert any("Enter a valid email address." in html.find(id=id_).text for id_ in described)


def test_the_honeypot_drops_bots_quietly(post, mailoutbox):
    response = post({**MESSAGE, "website": "http://spam.example"})

    assert response.status_code == 302
    assert response["Location"] == "/contact/thanks/"
    assert not ContactMessage.objects.exists()
    assert not mailoutbox


def test_each_address_may_send_a_few_messages_an_hour(post, mailoutbox):
    limit, _seconds = settings.CONTACT_RATE_LIMIT
    for _number in range(limit):
        assert post().status_code == 302

    response = post()

    assert response.status_code == 429
    assert any("try again in an hour" in text for text in errors(response))
    assert ContactMessage.objects.count() == limit
    assert post(address="192.0.2.2").status_code == 302


def test_the_limit_counts_only_the_last_hour(post):
    limit, seconds = settings.CONTACT_RATE_LIMIT
    for _number in range(limit):
        post()
    ContactMessage.objects.update(created_at=timezone.now() - timedelta(seconds=seconds))

    assert post().status_code == 302


def test_behind_a_proxy_the_limit_is_per_visitor_not_per_proxy(post, settings):
    settings.NUM_PROXIES = 1
    limit, _seconds = settings.CONTACT_RATE_LIMIT
    for _number in range(limit):
        post(address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert post(address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    # A forged first entry does not escape: the proxy's own entry is the last one.
    spoofed = post(address="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert spoofed.status_code == 429
    assert post(address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302
